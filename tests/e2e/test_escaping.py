"""No customer text ever becomes a live mention, link or broadcast in anything the bot sends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bot.sandbox.harness import Harness, button
from bot.views import ids
from tests.conftest import OTHER_REP, REP, START
from tests.support.factories import add_customer

HOSTILE = "<!channel> & Co <@U0ADMIN01> <https://evil.example|click>"
LIVE = ("<!channel>", "<@U0ADMIN01>", "<https://evil.example")


def _mrkdwn(value: Any) -> Iterator[str]:
    """Every text Slack would read as mrkdwn: message texts and mrkdwn objects (plain_text,
    as in headers and buttons, is shown as typed and cannot mention anyone)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for key, inner in value.items():
            if key == "text" and isinstance(inner, str) and value.get("type") != "plain_text":
                yield inner
            elif isinstance(inner, dict | list):
                yield from _mrkdwn(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _mrkdwn(inner)


def _everything_sent(crm: Harness) -> str:
    texts: list[str] = []
    for call in crm.slack.calls:
        params = dict(call.params)
        if isinstance(params.get("blocks"), str):
            params["blocks"] = json.loads(params["blocks"])
        texts += _mrkdwn(params)
    return "\n".join(texts)


def test_a_hostile_customer_name_stays_text_everywhere(crm: Harness) -> None:
    theirs = add_customer(crm.engine, HOSTILE, owner=OTHER_REP, now=START)
    crm.command_reply("/followup", f"{theirs.code} called, next: call back fri", user=REP)
    card = crm.command_reply("/customer", theirs.code, user=REP)
    _, url = crm.click(ids.CUSTOMER_EDIT, str(theirs.id), user=REP)
    refused = crm.reply_to(url)
    assert "owner" in json.dumps(refused)
    logged = crm.command_reply("/followup", f"{theirs.code} emailed the deck", user=OTHER_REP)
    action_id, value = button(logged, ids.FOLLOWUP_UNDO)
    _, url = crm.click(action_id, value, user=OTHER_REP)
    crm.reply_to(url)
    assert card
    sent = _everything_sent(crm)
    assert "&lt;!channel&gt;" in sent
    for live in LIVE:
        assert live not in sent, live
