"""Alembic environment: run by storage.database.upgrade_database and `crm-bot db upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.database import make_engine
from storage.installations import SLACK_METADATA

# One arbitrary, fixed key: replicas starting together on PostgreSQL take turns to migrate.
_PG_MIGRATION_LOCK = 7_361_204_118


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=[SQLModel.metadata, SLACK_METADATA],
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            connection.commit()
            try:
                _run(connection)
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
                connection.commit()
        else:
            # Rebuilding a table (SQLite's ALTER) drops the old one; with foreign keys on, that
            # would cascade to its children. The pragma only takes effect outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            try:
                _run(connection)
            finally:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `crm-bot db upgrade`")
run_migrations_online()
