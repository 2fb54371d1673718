"""Bulk writes for a seeded book (`crm-bot seed`): Core executemany inserts, many rows per
statement (insertmanyvalues on PostgreSQL), with ids handed out by the caller.

Rows get explicit ids so follow-ups and names can point at their customer without a round
trip per row; `resume_id_sequences` then moves PostgreSQL's sequences past them. Seed while
nothing else writes to the same tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.contact_columns import with_derived_columns
from storage.models import (
    Customer,
    CustomerCodeCounter,
    CustomerName,
    FollowUp,
    NextStep,
    StatusChange,
    TierChange,
)

Row = Mapping[str, Any]


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def parallel_writers(*, engine: Engine) -> int:
    """How many connections may load at once: SQLite takes one writer at a time."""
    return 2 if engine.dialect.name == "postgresql" else 1


def next_free_ids(*, session: Session) -> tuple[int, int]:
    """(first free customer id, first free follow-up id)."""
    customers = session.execute(select(func.max(_table(Customer).c.id))).scalar()
    followups = session.execute(select(func.max(_table(FollowUp).c.id))).scalar()
    return int(customers or 0) + 1, int(followups or 0) + 1


def code_counters(*, session: Session, team_id: str) -> dict[str, int]:
    """The last customer-code number used per day (YYYYMMDD) for the team."""
    counter = _table(CustomerCodeCounter)
    statement = select(counter.c.day, counter.c.last).where(counter.c.team_id == team_id)
    return {str(day): int(last) for day, last in session.execute(statement)}


def name_keys_in_use(*, session: Session, team_id: str) -> set[str]:
    """The team's customers' normalised names (unique within a team)."""
    customer = _table(Customer)
    statement = select(customer.c.name_key).where(customer.c.team_id == team_id)
    return {str(key) for (key,) in session.execute(statement)}


def save_code_counters(*, session: Session, team_id: str, counters: Mapping[str, int]) -> None:
    """Store each day's last number, so customers created later that day get the next."""
    if not counters:
        return
    dialect = session.get_bind().dialect.name
    upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = upsert(_table(CustomerCodeCounter))
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "day"], set_={"last": statement.excluded.last}
    )
    rows = [{"team_id": team_id, "day": day, "last": last} for day, last in counters.items()]
    session.execute(statement, rows)


def _insert(session: Session, model: type[Any], rows: Sequence[Row]) -> None:
    if rows:
        session.execute(insert(_table(model)), list(rows))


def insert_customers(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, Customer, [with_derived_columns(row) for row in rows])


def insert_customer_names(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, CustomerName, rows)


def insert_tier_changes(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, TierChange, rows)


def insert_status_changes(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, StatusChange, rows)


def insert_followups(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, FollowUp, rows)


def insert_next_steps(*, session: Session, rows: Sequence[Row]) -> None:
    _insert(session, NextStep, rows)


def resume_id_sequences(*, session: Session) -> None:
    """PostgreSQL hands out ids from sequences that explicit ids do not move: move them on.
    (SQLite picks max(id) + 1 by itself.)"""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("customer", "follow_up"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )


def analyze(*, session: Session) -> None:
    """Refresh the planner's statistics after a big load, so queries pick their indexes."""
    session.execute(text("ANALYZE"))
