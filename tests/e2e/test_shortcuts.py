"""Shortcuts and customer pickers (issue 13): Log as follow-up on a message opens the follow-up
form with the message's text and link and logs it on the customer picked; New customer and Log
follow-up open their forms; the picker's options come from the same resolution as /followup
(codes, typos, Chinese, aliases), at most 100, only the person's workspace's customers; and a
submission naming a customer the person may not log on is refused inside the form."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.sandbox.harness import Harness
from bot.views import ids
from bot.views.pickers import CUSTOMER
from bot.views.step_modals import LOGGED_ON, WHAT
from storage.models import Customer, FollowUp
from tests.conftest import OTHER_REP, REP, START
from tests.support.factories import add_customer

OTHER_TEAM = "T0OTHER01"
MESSAGE_TS = "1763431200.000100"
MESSAGE = {
    "ts": MESSAGE_TS,
    "user": OTHER_REP,
    "text": "Acme wants pricing &amp; a demo <@U0REP0002>",
}
LINK = f"https://standin.slack.test/archives/C0SALES01/p{MESSAGE_TS.replace('.', '')}"


def _book(crm: Harness) -> dict[str, Customer]:
    earlier = START - timedelta(days=3)
    return {
        "trading": add_customer(crm.engine, "Acme Trading", owner=REP, now=earlier),
        "logistics": add_customer(crm.engine, "Acme Logistics", owner=OTHER_REP, now=earlier),
        "spdb": add_customer(crm.engine, "上海浦东发展银行", owner=REP, now=earlier),
        "ibm": add_customer(
            crm.engine, "International Business Machines", owner=OTHER_REP, now=earlier,
            aliases=["Big Blue"],
        ),
    }  # fmt: skip


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def _options(crm: Harness, typed: str, user: str = REP) -> list[dict[str, Any]]:
    reply = crm.options(ids.CUSTOMER_PICKER, typed, user=user)
    assert reply.status == 200, reply
    options: list[dict[str, Any]] = reply.json()["options"]
    assert len(options) <= 100
    for option in options:
        assert len(option["text"]["text"]) <= 75 and option["text"]["type"] == "plain_text"
    return options


def _picked(crm: Harness, typed: str) -> list[int]:
    return [int(option["value"]) for option in _options(crm, typed)]


def _followups(crm: Harness) -> list[FollowUp]:
    with crm.session() as session:
        return list(session.exec(select(FollowUp).order_by(FollowUp.id)))  # type: ignore[arg-type]


def test_log_a_message_as_a_followup_with_its_link(crm: Harness) -> None:
    book = _book(crm)
    reply, url = crm.shortcut(ids.SHORTCUT_LOG_AS_FOLLOWUP, user=REP, message=MESSAGE)
    assert reply.status == 200
    [asked] = crm.slack.wait_for("chat.getPermalink")
    assert (asked.params["channel"], asked.params["message_ts"]) == ("C0SALES01", MESSAGE_TS)

    view = crm.opened_view()
    assert view["callback_id"] == ids.FOLLOWUP_MODAL
    what = _block(view, WHAT)["element"]["initial_value"]
    assert what.startswith("Acme wants pricing & a demo") and what.endswith(LINK)
    picker = _block(view, CUSTOMER)["element"]
    assert picker["type"] == "external_select" and picker["action_id"] == ids.CUSTOMER_PICKER
    assert picker["min_query_length"] in (1, 2)
    assert _block(view, LOGGED_ON)["element"]["initial_date"] == "2026-11-18"  # Shanghai

    # The person trims the text, link and all: the follow-up keeps the link anyway.
    answer = crm.submit(view, {WHAT: "Acme wants pricing", CUSTOMER: str(book["trading"].id)},
                        user=REP)  # fmt: skip
    assert answer.status == 200 and answer.body == ""
    [logged] = _followups(crm)
    assert (logged.customer_id, logged.author_id) == (book["trading"].id, REP)
    assert logged.text == f"Acme wants pricing\n{LINK}"
    assert logged.occurred_at == START
    said = crm.reply_to(url)
    assert "Acme Trading" in said["text"] and said["response_type"] == "ephemeral"


def test_an_earlier_date_and_a_next_step(crm: Harness) -> None:
    book = _book(crm)
    crm.shortcut(ids.SHORTCUT_LOG_AS_FOLLOWUP, user=REP, message=MESSAGE)
    view = crm.opened_view()
    values = {CUSTOMER: str(book["spdb"].id), LOGGED_ON: "2026-11-16", "step": "send the deck"}
    assert crm.submit(view, values, user=REP).body == ""
    [logged] = _followups(crm)
    assert logged.customer_id == book["spdb"].id and LINK in logged.text
    assert logged.occurred_at.isoformat() == "2026-11-16T04:00:00+00:00"  # noon in Shanghai

    crm.shortcut(ids.SHORTCUT_LOG_AS_FOLLOWUP, user=REP, message=MESSAGE)
    later = crm.opened_view()
    answer = crm.submit(later, {CUSTOMER: str(book["spdb"].id), LOGGED_ON: "2026-11-19"}, user=REP)
    assert answer.json()["errors"].keys() == {LOGGED_ON}
    assert len(_followups(crm)) == 1


def test_global_shortcuts_open_their_forms(crm: Harness) -> None:
    book = _book(crm)
    reply, _ = crm.shortcut(ids.SHORTCUT_NEW_CUSTOMER, user=REP)
    assert reply.status == 200
    assert crm.opened_view()["callback_id"] == ids.CUSTOMER_MODAL

    reply, _ = crm.shortcut(ids.SHORTCUT_LOG_FOLLOWUP, user=REP)
    assert reply.status == 200
    view = crm.opened_view()
    assert view["callback_id"] == ids.FOLLOWUP_MODAL
    assert _block(view, CUSTOMER)["element"]["type"] == "external_select"
    assert "initial_value" not in _block(view, WHAT)["element"]
    assert not crm.slack.calls_to("chat.getPermalink")

    answer = crm.submit(view, {WHAT: "called about the renewal", CUSTOMER: str(book["ibm"].id)},
                        user=REP)  # fmt: skip
    assert answer.body == ""
    [logged] = _followups(crm)
    assert (logged.customer_id, logged.text, logged.method) == (
        book["ibm"].id, "called about the renewal", "call",
    )  # fmt: skip
    dm = crm.slack.wait_for("chat.postMessage")[0]  # no response URL: the reply is a DM
    assert "International Business Machines" in str(dm.params.get("text"))


def test_the_picker_finds_customers_as_followup_does(crm: Harness) -> None:
    book = _book(crm)
    trading, logistics = book["trading"].id, book["logistics"].id
    assert _picked(crm, "acme trdng")[0] == trading  # a typo
    assert set(_picked(crm, "acme")) == {trading, logistics}
    assert set(_picked(crm, "ac")) == {trading, logistics}  # as you type
    assert _picked(crm, "浦发") == [book["spdb"].id]  # Chinese, by its short name
    assert _picked(crm, "上海浦东发展银行") == [book["spdb"].id]
    assert _picked(crm, "big blue") == [book["ibm"].id]  # an alias
    assert _picked(crm, book["logistics"].code) == [logistics]  # a code
    assert _picked(crm, book["logistics"].code.lower()) == [logistics]
    assert _picked(crm, "") == []
    assert _picked(crm, "zqxj!! ~~") == []
    assert _picked(crm, "   ") == []

    [option] = _options(crm, book["trading"].code)
    text = option["text"]["text"]
    assert "Acme Trading" in text and book["trading"].code in text
    assert option["value"] == str(trading)


def test_the_picker_names_the_owner_once_known(crm: Harness) -> None:
    book = _book(crm)
    crm.command_reply("/customer", "list", user=OTHER_REP)  # the app has met Sam Lee
    [option] = _options(crm, book["logistics"].code)
    assert option["text"]["text"].endswith("owner Sam Lee")


def test_at_most_100_options_quickly_and_only_this_workspace(crm: Harness) -> None:
    book = _book(crm)
    for n in range(130):
        add_customer(crm.engine, f"Acme Branch {n:03d} Co", owner=REP, now=START)
    add_customer(crm.engine, "Acme Hidden Works", owner="U0OUT0001", now=START, team_id=OTHER_TEAM)
    with crm.session() as session:
        closed = session.get(Customer, book["logistics"].id)
        assert closed is not None
        closed.archived_at = START
        session.add(closed)
        session.commit()

    started = time.monotonic()
    options = _options(crm, "acme")
    took = time.monotonic() - started
    assert len(options) == 100
    assert took < 1.0, f"options took {took:.2f} s"
    texts = " ".join(o["text"]["text"] for o in options)
    assert "Acme Hidden" not in texts and "Acme Logistics" not in texts
    assert all(o["text"]["text"].startswith("Acme ") for o in options)


@pytest.mark.parametrize("forged", ["other_team", "archived", "junk", "huge", "none"])
def test_a_forged_customer_is_refused_in_the_form(crm: Harness, forged: str) -> None:
    book = _book(crm)
    theirs = add_customer(crm.engine, "Acme Elsewhere", owner="U0OUT0001", now=START,
                          team_id=OTHER_TEAM)  # fmt: skip
    if forged == "archived":
        with crm.session() as session:
            gone = session.get(Customer, book["trading"].id)
            assert gone is not None
            gone.archived_at = START
            session.add(gone)
            session.commit()
    chosen = {
        "other_team": str(theirs.id),
        "archived": str(book["trading"].id),
        "junk": "acme; DROP",
        "huge": str(10**30),
        "none": None,
    }[forged]
    crm.shortcut(ids.SHORTCUT_LOG_FOLLOWUP, user=REP)
    view = crm.opened_view()
    answer = crm.submit(view, {WHAT: "forged words", CUSTOMER: chosen}, user=REP)
    assert answer.status == 200
    errors = answer.json()["errors"]
    assert errors.keys() == {CUSTOMER}
    assert "Acme Elsewhere" not in errors[CUSTOMER]
    assert _followups(crm) == []
