"""One transaction per user action: who is asking is read in the action's own transaction,
not in one opened before it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.sandbox.harness import Harness, text_of
from tests.conftest import MANAGER, REP, START
from tests.support.factories import add_customer


@contextmanager
def transactions(engine: Engine) -> Iterator[list[str]]:
    """The names of the threads that began a transaction on `engine` meanwhile."""
    begun: list[str] = []

    def on_begin(_connection: Any) -> None:
        begun.append(threading.current_thread().name)

    event.listen(engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", on_begin)


def test_commands_open_one_transaction_each(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    crm.command_reply("/customer", "acme", user=MANAGER)  # warm: the people directory, caches
    for text, user in (("acme", MANAGER), ("", REP), ("acme", REP)):
        with transactions(crm.engine) as begun:
            reply = crm.command_reply("/customer", text, user=user)
        assert "Acme Inc" in text_of(reply)
        assert len(begun) == 1, (text, user, begun)
    with transactions(crm.engine) as begun:
        crm.command_reply("/followup", "acme called re: quote, next: send pricing fri", user=REP)
    assert len(begun) == 1
