"""The daily reclassification of a big team runs while reps log follow-ups over HTTP: it
commits in short batches, so every follow-up gets through (on SQLite, with one writer at a
time, none meets "database is locked") and is stored."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event, func
from sqlalchemy.engine import Connection
from sqlmodel import select

from bot.catalog.messages import msg
from bot.rules.book import BATCH_SIZE, Reclassified, reclassify_team
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID
from storage.bulk import insert_plain_customers
from storage.database import unit_of_work
from storage.models import Customer, FollowUp, StatusChange
from storage.seeding import analyze
from tests.conftest import REP
from tests.support.factories import add_customer

SIZE = 40_000
NAMED = ("Harbor Logistics", "Nimbus Foods", "Orchid Textiles", "Quartz Mining", "Summit Dental")
ROUNDS = 2
FOLLOWUP_WITHIN = 5.0
"""Seconds a follow-up may take while the reclassification runs (SQLite's busy wait is 10 s)."""
HOLD_AT_MOST = 0.4
"""Seconds from a batch's first write to its commit (about 0.05 s on an idle machine): how long
SQLite's write lock is held at a time, with room for a busy test machine."""


@dataclass
class Logged:
    text: str
    seconds: float
    during: bool
    """The reclassification was still running when the reply came."""


def test_followups_get_through_while_a_big_team_is_reclassified(crm: Harness) -> None:
    for name in NAMED:
        add_customer(crm.engine, name, owner=REP, now=crm.clock(), status="customer")
    with unit_of_work(crm.engine) as session:
        insert_plain_customers(
            session=session,
            team_id=TEAM_ID,
            owner_id=REP,
            annual_values=[Decimal(n * 97 % 2_000_000) for n in range(SIZE)],
            at=crm.clock(),
        )
    with unit_of_work(crm.engine) as session:
        analyze(session=session)  # statistics, as a table this size has in production
    crm.clock.advance(days=400)  # everyone is quiet: every batch has tiers, levels and dormancy
    now = crm.clock()

    outcome: list[Reclassified | BaseException] = []

    holds: list[float] = []
    writing: list[float] = []

    def execute(_connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        first_write = not writing and not statement.lstrip().upper().startswith("SELECT")
        if threading.current_thread() is worker and first_write:
            writing.append(time.monotonic())  # SQLite takes its write lock here

    def commit(_connection: Connection) -> None:
        if threading.current_thread() is worker and writing:
            holds.append(time.monotonic() - writing.pop())

    def reclassify() -> None:
        try:
            outcome.append(reclassify_team(engine=crm.engine, team_id=TEAM_ID, now=now))
        except BaseException as error:
            outcome.append(error)

    def log(round_and_name: tuple[int, str]) -> Logged:
        started = time.monotonic()
        number, name = round_and_name
        line = f"{name} called about the renewal (round {number})"  # the same line is one
        reply = crm.command_reply("/followup", line, user=REP)
        return Logged(text_of(reply), time.monotonic() - started, worker.is_alive())

    worker = threading.Thread(target=reclassify)
    event.listen(crm.engine, "before_cursor_execute", execute)
    event.listen(crm.engine, "commit", commit)
    try:
        worker.start()
        with ThreadPoolExecutor(max_workers=3) as pool:
            logged = list(pool.map(log, [(n, name) for n in range(ROUNDS) for name in NAMED]))
        worker.join(timeout=120)
    finally:
        event.remove(crm.engine, "before_cursor_execute", execute)
        event.remove(crm.engine, "commit", commit)

    [result] = outcome
    assert isinstance(result, Reclassified), result
    assert result.made_dormant >= SIZE
    assert len(holds) >= SIZE // BATCH_SIZE, "one transaction per batch"
    assert max(holds) < HOLD_AT_MOST, f"a batch took {max(holds):.2f}s"
    for entry in logged:
        assert msg.SOMETHING_WENT_WRONG not in entry.text
        assert "Logged a call with" in entry.text, entry.text
        assert entry.seconds < FOLLOWUP_WITHIN, entry
    assert sum(entry.during for entry in logged) >= 2, "the follow-ups came too late to overlap"
    with crm.session() as session:
        stored = session.exec(select(func.count()).select_from(FollowUp)).one()
        assert stored == ROUNDS * len(NAMED)
        dormant = session.exec(
            select(func.count()).select_from(Customer).where(Customer.status == "dormant")
        ).one()
        histories = session.exec(
            select(func.count()).select_from(StatusChange).where(StatusChange.reason == "dormant")
        ).one()
    assert dormant >= SIZE
    assert histories == result.made_dormant
