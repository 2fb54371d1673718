"""One transaction per user action: who is asking is read in the action's own transaction,
not in one opened before it."""

from __future__ import annotations

from bot.sandbox.harness import Harness, text_of
from tests.conftest import MANAGER, REP, START
from tests.support.databases import transactions
from tests.support.factories import add_customer


def test_commands_open_one_transaction_each(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    for warm in (MANAGER, REP):  # warm: the people directory, the language each reads
        crm.command_reply("/customer", "acme", user=warm)
    for text, user in (("acme", MANAGER), ("", REP), ("acme", REP)):
        with transactions(crm.engine) as begun:
            reply = crm.command_reply("/customer", text, user=user)
        assert "Acme Inc" in text_of(reply)
        assert len(begun) == 1, (text, user, begun)
    with transactions(crm.engine) as begun:
        crm.command_reply("/followup", "acme called re: quote, next: send pricing fri", user=REP)
    assert len(begun) == 1
