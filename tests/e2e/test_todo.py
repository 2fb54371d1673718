"""`/crm todo` end to end: overdue, today and later this week in the owner's zone, the morning
DM's buttons redrawing the ephemeral list in place, and who may see whose."""

from __future__ import annotations

import time as wall
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.signed import interaction_body, post, sign
from bot.sandbox.standin import TEAM_ID
from bot.views import ids
from storage.models import NextStep
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer


def _steps(crm: Harness) -> dict[str, NextStep]:
    with crm.session() as session:
        steps = session.exec(select(NextStep).order_by(col(NextStep.id)))
        return {s.description: s for s in steps}


def _week_of_work(crm: Harness) -> None:
    """START is Wed 10:00 in Shanghai. By Thu 10:00: one step overdue, one due today, one
    later this week, one next week."""
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    add_customer(crm.engine, "Globex", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing today", user=REP)
    crm.command_reply("/followup", "Globex called, next: book demo tomorrow", user=REP)
    crm.command_reply("/followup", "Acme emailed, next: call CFO saturday", user=REP)
    crm.command_reply("/followup", "Globex emailed, next: send contract next tuesday", user=REP)
    crm.clock.advance(days=1)


def _item(message: dict[str, Any], text: str) -> dict[str, Any]:
    blocks = message["blocks"]
    for n, block in enumerate(blocks):
        if block["type"] == "section" and text in block["text"]["text"]:
            return dict(blocks[n + 1])
    raise AssertionError(f"no item {text!r} in {text_of(message)}")


def _act(crm: Harness, block: dict[str, Any], action: dict[str, Any], *, user: str) -> str:
    """Click in an ephemeral `/crm todo` reply; returns the click's response_url."""
    url = crm.slack.response_url()
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0CRMBOT1",
        "trigger_id": f"trigger.{wall.monotonic_ns()}",
        "container": {"type": "message", "is_ephemeral": True},
        "channel": {"id": "C0SALES01"},
        "response_url": url,
        "actions": [{**action, "block_id": block["block_id"]}],
    }
    body = interaction_body(payload)
    reply = post(crm.url + "/slack/events", body, sign(body), "application/x-www-form-urlencoded")
    assert reply.status == 200
    return url


def test_todo_groups_open_steps_by_when_they_are_due(crm: Harness) -> None:
    _week_of_work(crm)
    text = text_of(crm.command_reply("/crm", "todo", user=REP))
    assert "Your open next steps" in text
    overdue, today, later = text.index("Overdue"), text.index("Today"), text.index("this week")
    assert overdue < text.index("send pricing") < today < text.index("book demo") < later
    assert later < text.index("call CFO")
    assert "send contract" not in text  # next week
    assert "send pricing" in text_of(crm.command_reply("/crm", "待办", user=REP))


def test_done_snooze_and_reschedule_redraw_the_list_in_place(crm: Harness) -> None:
    _week_of_work(crm)
    message = crm.command_reply("/crm", "todo", user=REP)
    first = _item(message, "send pricing")
    assert [e.get("action_id") for e in first["elements"]] == [
        ids.TODO_DONE,
        ids.TODO_SNOOZE,
        ids.TODO_RESCHEDULE,
        ids.CUSTOMER_LOG_FOLLOWUP,
    ]
    done = first["elements"][0]
    url = _act(
        crm, first, {"action_id": ids.TODO_DONE, "type": "button", "value": done["value"]}, user=REP
    )
    redrawn = crm.reply_to(url)
    assert redrawn["replace_original"] is True
    assert "send pricing" not in text_of(redrawn) and "book demo" in text_of(redrawn)
    assert _steps(crm)["send pricing"].status == "done"

    second = _item(redrawn, "book demo")
    snooze: dict[str, Any] = {"action_id": ids.TODO_SNOOZE, "type": "static_select"}
    snooze["selected_option"] = {"text": {"type": "plain_text", "text": "3 days"}, "value": "3d"}
    redrawn = crm.reply_to(_act(crm, second, snooze, user=REP))
    assert "book demo" not in text_of(redrawn)
    assert _steps(crm)["book demo"].snoozed_until == crm.clock() + timedelta(days=3)

    third = _item(redrawn, "call CFO")
    move = {"action_id": ids.TODO_RESCHEDULE, "type": "datepicker", "selected_date": "2026-12-01"}
    redrawn = crm.reply_to(_act(crm, third, move, user=REP))
    assert redrawn["replace_original"] is True
    assert "Nothing due this week" in text_of(redrawn)
    moved = _steps(crm)["call CFO"].due_at
    assert moved is not None and moved.astimezone(crm.settings.zone).date().isoformat() == (
        "2026-12-01"
    )


def test_managers_may_see_a_reps_todo_and_reps_may_not(crm: Harness) -> None:
    _week_of_work(crm)
    refused = text_of(crm.command_reply("/crm", f"todo <@{REP}|li>", user=OTHER_REP))
    assert "Only managers and admins can see someone else's next steps" in refused
    assert "send pricing" not in refused

    crm.command_reply("/crm", f"role <@{MANAGER}|zhao> manager", user=ADMIN)
    message = crm.command_reply("/crm", f"todo <@{REP}|li>", user=MANAGER)
    assert f"Open next steps of <@{REP}>" in text_of(message)
    assert "send pricing" in text_of(message)
    item = _item(message, "send pricing")
    done = {"action_id": ids.TODO_DONE, "type": "button", "value": "x"}
    redrawn = crm.reply_to(_act(crm, item, done, user=MANAGER))
    assert f"Open next steps of <@{REP}>" in text_of(redrawn)
    assert "send pricing" not in text_of(redrawn)

    # A rep cannot tick off someone else's step with a crafted click either.
    other = _item(redrawn, "book demo")
    url = _act(crm, other, done, user=OTHER_REP)
    assert "Only the step's owner" in text_of(crm.reply_to(url))
    assert _steps(crm)["book demo"].status == "open"


def test_todo_with_words_that_are_not_a_person_explains(crm: Harness) -> None:
    assert "/crm todo @sam" in text_of(crm.command_reply("/crm", "todo everyone", user=REP))
