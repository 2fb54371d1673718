"""Control characters people (or tools) paste never reach the database, on either database."""

from __future__ import annotations

from sqlmodel import select

from bot.catalog.cleaning import without_controls
from storage.models import Customer, FollowUp
from tests.conftest import REP, START
from tests.support.factories import add_customer
from tests.support.harness import Harness


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
