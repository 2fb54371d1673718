"""Queries for importing and exporting customers in bulk: look-ups by key a batch at a time,
blocks of customer codes, many-row inserts and pages of customers by id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, case, insert, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.contact_columns import with_derived_columns
from storage.crypto import lookup_hashes
from storage.models import (
    AuditEvent,
    Customer,
    CustomerCodeCounter,
    CustomerName,
    NextStep,
    NextStepStatus,
    StatusChange,
    TierChange,
)

Row = Mapping[str, Any]
LOOKUP_CHUNK = 500
"""Values per IN (…) list."""
KEY_COLUMNS = ("code", "name_key", "phone", "email")


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def customers_with(
    *, session: Session, team_id: str, column: str, values: Iterable[str]
) -> list[Customer]:
    """The team's customers whose `column` (code, name_key, phone or email) is one of
    `values`, through that column's index."""
    if column not in KEY_COLUMNS:
        raise ValueError(f"not a key column: {column}")
    wanted = sorted(set(values))
    if column in ("phone", "email"):  # encrypted: found through their keyed hashes
        wanted = sorted(lookup_hashes(wanted))
        column = f"{column}_hash"
    found: list[Customer] = []
    field = getattr(Customer, column)
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        statement = select(Customer).where(Customer.team_id == team_id, col(field).in_(chunk))
        found.extend(session.exec(statement))
    return found


def refresh_statistics(*, engine: Engine) -> None:
    """PostgreSQL: ANALYZE the tables an import grows (SQLite's planner needs none)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        connection.execute(text("ANALYZE customer, customer_name, next_step"))
        connection.commit()


def teams_with_customers(*, session: Session, limit: int = 2) -> list[str]:
    statement = select(Customer.team_id).distinct().limit(limit)
    return [str(team) for team in session.exec(statement)]


def take_customer_codes(
    *, session: Session, team_id: str, day: date, prefix: str, count: int
) -> list[str]:
    """`count` consecutive codes for the day, taken with one atomic upsert of its counter (as
    `storage.customers.next_customer_code` takes one)."""
    if count <= 0:
        return []
    stamp = f"{day:%Y%m%d}"
    start = f"{prefix}{stamp}"
    counter = _table(CustomerCodeCounter)
    highest = 0
    known = select(counter.c.last).where(counter.c.team_id == team_id, counter.c.day == stamp)
    if session.execute(known).first() is None:
        # No counter for the day yet: start above any code of that day already stored (the
        # counter then stays ahead, so later batches need not read the day's codes again).
        taken = select(Customer.code).where(
            Customer.team_id == team_id, col(Customer.code).startswith(start)
        )
        for code in session.exec(taken):
            tail = code[len(start) :]
            if tail.isdigit():
                highest = max(highest, int(tail))
    statement = (
        _upsert(session)(counter)
        .values(team_id=team_id, day=stamp, last=highest + count)
        .on_conflict_do_update(
            index_elements=["team_id", "day"], set_={"last": counter.c.last + count}
        )
        .returning(counter.c.last)
    )
    last = int(session.execute(statement).scalar_one())
    return [f"{start}{n:03d}" for n in range(last - count + 1, last + 1)]


def raise_code_counter(*, session: Session, team_id: str, day: str, at_least: int) -> None:
    """Make sure codes drawn later for `day` (YYYYMMDD) come after `at_least`."""
    counter = _table(CustomerCodeCounter)
    statement = _upsert(session)(counter).values(team_id=team_id, day=day, last=at_least)
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "day"],
        set_={"last": case((counter.c.last < at_least, at_least), else_=counter.c.last)},
    )
    session.execute(statement)


def _upsert(session: Session) -> Any:
    return postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_customers(*, session: Session, rows: Sequence[Row]) -> list[int]:
    """Add customers in one many-row statement; their new ids, in the order of `rows`."""
    if not rows:
        return []
    table = _table(Customer)
    complete = [with_derived_columns(row) for row in rows]
    if session.get_bind().dialect.name == "postgresql":
        # Ids drawn from the sequence first, then a plain many-row insert: PostgreSQL's
        # RETURNING in parameter order costs an ordered INSERT … SELECT per page.
        drawn = session.execute(
            text("SELECT nextval(pg_get_serial_sequence('customer', 'id')) "
                 "FROM generate_series(1, :count)"),
            {"count": len(complete)},
        )  # fmt: skip
        ids = [int(i) for i in drawn.scalars()]
        session.execute(insert(table), [{**r, "id": i} for r, i in zip(complete, ids, strict=True)])
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.execute(statement, complete).scalars()]


def _insert(session: Session, model: type[Any], rows: Sequence[Row]) -> None:
    if rows:
        session.execute(insert(_table(model)), list(rows))


def insert_customer_names(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, CustomerName, rows)


def insert_status_changes(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, StatusChange, rows)


def insert_tier_changes(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, TierChange, rows)


def insert_audit_events(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, AuditEvent, rows)


def insert_next_steps(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, NextStep, rows)


def save_customer(*, session: Session, customer: Customer) -> None:
    session.add(customer)


def open_steps(*, session: Session, customer_ids: Sequence[int]) -> list[NextStep]:
    """The open next steps of these customers, earliest due first (undated last)."""
    found: list[NextStep] = []
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), LOOKUP_CHUNK):
        statement = select(NextStep).where(
            col(NextStep.customer_id).in_(ids[start : start + LOOKUP_CHUNK]),
            NextStep.status == NextStepStatus.OPEN.value,
        )
        found.extend(session.exec(statement))
    return sorted(found, key=lambda s: (s.due_at is None, s.due_at or 0, s.id or 0))


def customers_page(
    *,
    session: Session,
    team_id: str,
    after_id: int,
    limit: int,
    tiers: Sequence[str] = (),
    statuses: Sequence[str] = (),
) -> list[Customer]:
    """The next `limit` customers of the team after `after_id`, by id (keyset paging)."""
    statement = select(Customer).where(Customer.team_id == team_id, col(Customer.id) > after_id)
    if tiers:
        statement = statement.where(col(Customer.tier).in_(list(tiers)))
    if statuses:
        statement = statement.where(col(Customer.status).in_(list(statuses)))
    return list(session.exec(statement.order_by(col(Customer.id)).limit(limit)))
