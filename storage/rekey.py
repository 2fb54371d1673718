"""Re-encrypting stored contact data under the newest key (`crm-bot keys rotate`): every sealed
column of customers and contacts, their look-up hashes, and the sealed values in the audit log.
A batch at a time, each in its own transaction: an interrupted rotation leaves rows under the
old key or the new one, both of which still open, and running it again finishes the job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from storage.contact_columns import derived
from storage.crypto import key_ring, open_personal, seal_personal

BATCH = 1_000
_SEALED = {
    "customer": ("contact_name", "phone", "email", "wechat_id"),
    "customer_contact": ("name", "phone", "email", "wechat_id"),
}


@dataclass(frozen=True)
class Resealed:
    customers: int
    contacts: int
    audit_events: int


def reseal_everything(engine: Engine) -> Resealed:
    return Resealed(
        customers=_reseal_rows(engine, "customer"),
        contacts=_reseal_rows(engine, "customer_contact"),
        audit_events=_reseal_audit(engine),
    )


def _raw_table(name: str, columns: Sequence[str], extra: Sequence[Any] = ()) -> Any:
    return sa.table(
        name,
        sa.column("id", sa.Integer()),
        *(sa.column(column, sa.Text()) for column in columns),
        *extra,
    )


def _reseal_rows(engine: Engine, name: str) -> int:
    columns = _SEALED[name]
    table = _raw_table(
        name,
        columns,
        [
            sa.column("phone_hash", sa.String()),
            sa.column("email_hash", sa.String()),
            sa.column("contact_unusable", sa.Boolean()),
        ],
    )
    ring, done, last = key_ring(), 0, 0
    while True:
        with engine.begin() as connection:
            rows = _page(connection, table, [table.c[c] for c in columns], last)
            for row in rows:
                plain = {
                    column: ring.open(value) if value else value
                    for column, value in zip(columns, row[1:], strict=True)
                }
                values: dict[str, Any] = derived(plain["phone"], plain["email"])
                values.update(
                    {column: ring.seal(value) for column, value in plain.items() if value}
                )
                connection.execute(table.update().where(table.c.id == row[0]).values(**values))
        if not rows:
            return done
        done += len(rows)
        last = rows[-1][0]


def _reseal_audit(engine: Engine) -> int:
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer()),
        sa.column("before", sa.JSON()),
        sa.column("after", sa.JSON()),
    )
    done, last = 0, 0
    while True:
        with engine.begin() as connection:
            rows = _page(connection, audit, [audit.c.before, audit.c.after], last)
            for event_id, before, after in rows:
                fresh = [_resealed(before), _resealed(after)]
                if fresh != [before, after]:
                    done += 1
                    connection.execute(
                        audit.update()
                        .where(audit.c.id == event_id)
                        .values(before=fresh[0], after=fresh[1])
                    )
        if not rows:
            return done
        last = rows[-1][0]


def _page(connection: Connection, table: Any, columns: list[Any], after_id: int) -> list[Any]:
    statement = (
        sa.select(table.c.id, *columns)
        .where(table.c.id > after_id)
        .order_by(table.c.id)
        .limit(BATCH)
    )
    return list(connection.execute(statement).all())


def _resealed(value: Any) -> Any:
    return None if value is None else seal_personal(open_personal(value))
