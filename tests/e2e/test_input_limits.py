"""Control characters people (or tools) paste never reach the database, and ids that cannot
be never reach it either, on either database."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot.catalog.cleaning import without_controls
from bot.sandbox.harness import Harness, text_of
from bot.views import ids
from storage.models import Customer, FollowUp
from tests.conftest import ADMIN, REP, START
from tests.support.factories import add_customer


def test_without_controls_keeps_newlines_and_tabs() -> None:
    assert without_controls("a\x00b\x01c\x7fd\x9fe\nf\tg") == "abcde\nf\tg"


def test_nul_in_a_followup_is_dropped_not_an_error(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    reply = crm.command_reply("/followup", "Acme called\x00 re: qu\x01ote", user=REP)
    assert "Logged" in str(reply.get("text"))
    with crm.session() as session:
        [followup] = session.exec(select(FollowUp)).all()
    assert followup.text == "called re: quote"


def test_nul_in_the_customer_form_is_dropped_not_an_error(crm: Harness) -> None:
    reply, _ = crm.command("/customer", "new", user=REP)
    assert reply.status == 200
    answer = crm.submit(
        crm.opened_view(), {"name": "Glo\x00bex\x07 Ltd", "notes": "a\x00b"}, user=REP
    )
    assert answer.status == 200
    with crm.session() as session:
        [customer] = session.exec(select(Customer)).all()
    assert (customer.name, customer.notes) == ("Globex Ltd", "ab")


FORGED_VALUES = [
    "99999999999999999999999999999999",
    "-1",
    "0",
    "2147483648",
    "1e9",
    "abc",
    "",
    "١٢",
]
ID_BUTTONS = [
    ids.FOLLOWUP_UNDO,
    ids.NEXT_STEP_EDIT,
    ids.NEXT_STEP_ADD,
    f"{ids.CUSTOMER_OPEN}_0",
    ids.CUSTOMER_EDIT,
    ids.CUSTOMER_LOG_FOLLOWUP,
    ids.CUSTOMER_SET_RISK,
    ids.FOLLOWUP_HISTORY,
    f"{ids.RULES_RESTORE}_1",
]


@pytest.mark.parametrize("action_id", ID_BUTTONS)
def test_a_button_with_an_id_that_cannot_be_is_refused_politely(
    crm: Harness, action_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Ids out of any database's range (PostgreSQL's integer overflows), negative, or not
    numbers at all: the person is told, nothing is logged as an error, nothing changes."""
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    for value in FORGED_VALUES:
        if value == "0" and action_id.startswith(ids.RULES_RESTORE):
            continue  # version 0 is the built-in defaults
        reply, url = crm.click(action_id, value, user=ADMIN)
        assert reply.status == 200, (value, reply)
        said = text_of(crm.reply_to(url))
        assert "out of date" in said or "no longer" in said, (action_id, value, said)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert crm.slack.calls_to("views.open") == []


@pytest.mark.parametrize("key", ["c", "f"])
def test_history_buttons_with_garbled_values_are_refused_politely(crm: Harness, key: str) -> None:
    action_id = ids.FOLLOWUP_HISTORY_NEXT if key == "c" else f"{ids.FOLLOWUP_DELETE}_0"
    for value in ('{"c": 1e400}', '{"f": "x"}', "[1]", "{", f'{{"{key}": 99999999999999999999}}'):
        reply, url = crm.click(action_id, value, user=REP)
        assert reply.status == 200
        assert "out of date" in text_of(crm.reply_to(url)), value


def test_a_crafted_form_past_slacks_own_limits_gets_inline_errors(crm: Harness) -> None:
    """Slack's modal enforces max_length in the client only; a crafted submission is refused
    field by field, not with 'something went wrong'."""
    reply, _ = crm.command("/customer", "new", user=REP)
    assert reply.status == 200
    long = {"name": "N" * 5000, "contact_name": "C" * 500, "industry": "I" * 500}
    answer = crm.submit(crm.opened_view(), long, user=REP).json()
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "name": "Please keep this to 200 characters or fewer.",
        "contact_name": "Please keep this to 150 characters or fewer.",
        "industry": "Please keep this to 100 characters or fewer.",
    }
    with crm.session() as session:
        assert session.exec(select(Customer)).all() == []
