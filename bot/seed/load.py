"""Writing a planned book into the database, a batch of customers per transaction."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy.engine import Engine

from bot.rules.book import rules_in_force
from bot.seed.book import BookOptions, PlannedCustomer, plan_book
from storage import seeding as store
from storage.database import unit_of_work
from storage.models import NextStepStatus

BATCH = 2_000
"""Customers per transaction."""
NEW = "new"


@dataclass
class SeedReport:
    customers: int = 0
    names: int = 0
    followups: int = 0
    next_steps: int = 0
    open_steps: int = 0
    overdue_steps: int = 0
    seconds: float = 0.0

    def summary(self, team_id: str) -> str:
        return (
            f"seeded {self.customers:,} customers ({self.names:,} names, "
            f"{self.followups:,} follow-ups, {self.next_steps:,} next steps of which "
            f"{self.open_steps:,} open and {self.overdue_steps:,} overdue) "
            f"for team {team_id} in {self.seconds:.1f} s"
        )


def seed_book(*, engine: Engine, options: BookOptions, now: datetime) -> SeedReport:
    """Add `options.customers` made-up customers with their history to the team's book."""
    started = time.perf_counter()
    report = SeedReport()
    with unit_of_work(engine) as session:
        in_force = rules_in_force(session=session, team_id=options.team_id)
        taken = store.code_counters(session=session, team_id=options.team_id)
        names = store.name_keys_in_use(session=session, team_id=options.team_id)
        next_customer, next_followup = store.next_free_ids(session=session)
    days: set[str] = set()
    book = plan_book(options, rules=in_force.rules, now=now, taken_codes=taken, taken_names=names)
    # Batches are written while the next ones are made up: the database works while Python
    # plans (and on PostgreSQL, on more than one connection at once).
    writers = store.parallel_writers(engine=engine)
    with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="seed-writer") as pool:
        writing: deque[Future[None]] = deque()
        for batch in _batches(book, BATCH):
            rows = _Rows(options.team_id, in_force.version, now)
            for planned in batch:
                rows.add(planned, next_customer, next_followup)
                next_customer += 1
                next_followup += len(planned.followups)
                days.add(planned.code_day)
            while len(writing) >= writers:
                writing.popleft().result()
            writing.append(pool.submit(_write, engine, rows))
            rows.count_into(report)
        while writing:
            writing.popleft().result()
    with unit_of_work(engine) as session:
        store.save_code_counters(
            session=session, team_id=options.team_id, counters={d: taken[d] for d in days}
        )
        store.resume_id_sequences(session=session)
    with unit_of_work(engine) as session:
        store.analyze(session=session)
    report.seconds = time.perf_counter() - started
    return report


def _write(engine: Engine, rows: _Rows) -> None:
    with unit_of_work(engine) as session:
        store.insert_customers(session=session, rows=rows.customers)
        store.insert_customer_names(session=session, rows=rows.names)
        store.insert_tier_changes(session=session, rows=rows.tiers)
        store.insert_status_changes(session=session, rows=rows.statuses)
        store.insert_followups(session=session, rows=rows.followups)
        store.insert_next_steps(session=session, rows=rows.steps)


def _batches(items: Iterable[PlannedCustomer], size: int) -> Iterator[list[PlannedCustomer]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Rows:
    """One batch's rows for every table, with ids filled in."""

    def __init__(self, team_id: str, rule_version: int, now: datetime) -> None:
        self.team_id = team_id
        self.rule_version = rule_version
        self.now = now
        self.customers: list[dict[str, Any]] = []
        self.names: list[dict[str, Any]] = []
        self.tiers: list[dict[str, Any]] = []
        self.statuses: list[dict[str, Any]] = []
        self.followups: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []

    def add(self, planned: PlannedCustomer, customer_id: int, first_followup_id: int) -> None:
        team = self.team_id
        columns = planned.columns
        owner, created = columns["owner_id"], columns["created_at"]
        self.customers.append({"id": customer_id, "team_id": team, **columns})
        self.names.extend(
            {"team_id": team, "customer_id": customer_id, "key": key, "kind": kind}
            for key, kind in planned.names
        )
        self.tiers.append(
            {
                "team_id": team,
                "customer_id": customer_id,
                "from_tier": None,
                "to_tier": columns["tier"],
                "reason": NEW,
                "rule_version": self.rule_version,
                "changed_by": owner,
                "at": created,
            }
        )
        self.statuses.append(
            {
                "team_id": team,
                "customer_id": customer_id,
                "from_status": None,
                "to_status": columns["status"],
                "reason": NEW,
                "changed_by": owner,
                "at": created,
            }
        )
        for followup_id, followup in enumerate(planned.followups, start=first_followup_id):
            self.followups.append(
                {
                    "id": followup_id,
                    "team_id": team,
                    "customer_id": customer_id,
                    "author_id": followup.author_id,
                    "occurred_at": followup.occurred_at,
                    "method": followup.method,
                    "text": followup.text,
                    "raw_text": followup.raw_text,
                    "created_at": followup.occurred_at,
                }
            )
            step = followup.step
            if step is not None:
                self.steps.append(
                    {
                        "team_id": team,
                        "customer_id": customer_id,
                        "owner_id": step.owner_id,
                        "description": step.description,
                        "due_at": step.due_at,
                        "due_has_time": step.due_has_time,
                        "status": step.status,
                        "snoozed_until": None,
                        "source_followup_id": followup_id,
                        "created_by": followup.author_id,
                        "created_at": followup.occurred_at,
                        "completed_at": step.completed_at,
                    }
                )

    def count_into(self, report: SeedReport) -> None:
        report.customers += len(self.customers)
        report.names += len(self.names)
        report.followups += len(self.followups)
        report.next_steps += len(self.steps)
        open_steps = [s for s in self.steps if s["status"] == NextStepStatus.OPEN.value]
        report.open_steps += len(open_steps)
        report.overdue_steps += sum(1 for s in open_steps if s["due_at"] < self.now)
