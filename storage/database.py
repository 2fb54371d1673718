"""Engine, sessions and schema upgrades."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from storage.deadline import CommitUnknown, current_deadline, forget_writes, wrote

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
HEALTH_TIMEOUT_S = 1.0
PG_CONNECT_TIMEOUT_S = 5
PG_STATEMENT_TIMEOUT_MS = 60_000
_HOLDS_TURN = "crm_holds_turn"
"""For jobs and the command line; a person's request gets what is left of its deadline."""
PG_CONNECTION_DEFAULTS = {
    "connect_timeout": str(PG_CONNECT_TIMEOUT_S),
    # A server that stops answering mid-query frees the connection (and its thread) after
    # about 30 s instead of never.
    "tcp_user_timeout": "30000",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "options": f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS}",
}


def make_engine(database_url: str) -> Engine:
    """An engine for `database_url`; SQLite gets WAL, foreign keys and a busy timeout."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,  # a failed statement's values (phones, emails) stay out of logs
        )
        event.listen(engine, "connect", _configure_sqlite)
        _take_turns(engine)
        return engine
    if url.get_backend_name() == "postgresql":
        missing = {k: v for k, v in PG_CONNECTION_DEFAULTS.items() if k not in url.query}
        url = url.update_query_dict(missing)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        hide_parameters=True,  # a failed statement's values (phones, emails) stay out of logs
    )


def _take_turns(engine: Engine) -> None:
    """SQLite has one writer at a time. A writer that finds the lock taken sleeps in growing
    steps (1, 2, 5 … 100 ms) before trying again, so under a burst some requests wait far longer
    than the work in front of them. Transactions of this process therefore queue on a lock of
    its own, first come first served, and meet SQLite's lock free. (Other processes on the same
    file still meet it through the busy timeout.)"""
    turn = threading.RLock()

    def take(connection: Any) -> None:
        if not turn.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("the database stayed busy; try again in a moment")
        connection.info[_HOLDS_TURN] = connection.info.get(_HOLDS_TURN, 0) + 1
        # Python's sqlite3 would start a transaction only at the first write (and a SAVEPOINT
        # would start and end one of its own): every transaction begins here instead, as a
        # writer, so what it reads stays true until it commits, across processes too.
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            give_back(connection)
            raise

    def give_back(connection: Any) -> None:
        held = connection.info.get(_HOLDS_TURN, 0)
        if not held:
            return
        connection.info[_HOLDS_TURN] = held - 1
        turn.release()

    def commit_then_give_back(connection: Any) -> None:
        # SQLAlchemy announces a commit before making it: committing here first means the
        # next transaction in line never reads what this one is still committing.
        try:
            connection.connection.dbapi_connection.commit()
        finally:
            give_back(connection)

    event.listen(engine, "begin", take)
    event.listen(engine, "commit", commit_then_give_back)
    event.listen(engine, "rollback", give_back)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by `_take_turns`
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # configparser reads "%" as interpolation; URL-encoded options carry "%3D".
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["engine"] = engine
    return config


@dataclass(frozen=True)
class SchemaChange:
    """The schema version (an Alembic revision) before and after an upgrade; `before` is None
    when the database had no schema yet."""

    before: str | None
    after: str | None


def upgrade_database(engine: Engine, revision: str = "head") -> SchemaChange:
    """Bring the schema to `revision` (safe to call from several processes at once)."""
    before = schema_version(engine)
    command.upgrade(alembic_config(engine), revision)
    return SchemaChange(before=before, after=schema_version(engine))


def schema_version(engine: Engine) -> str | None:
    """The Alembic revision the database is at; None for a database without the schema."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def database_is_reachable(engine: Engine, *, within: float = HEALTH_TIMEOUT_S) -> bool:
    """Whether the database answers `SELECT 1` within `within` seconds. A database that
    accepts connections but never answers must not hang the caller (a load balancer's
    health check), so the query runs on a worker thread that is left behind if it hangs."""
    answered = threading.Event()
    ok: list[bool] = []

    def ask() -> None:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            ok.append(True)
        except Exception:
            ok.append(False)
        finally:
            answered.set()

    threading.Thread(target=ask, name="health-check", daemon=True).start()
    return answered.wait(within) and bool(ok) and ok[0]


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction for one user action: commit on success, roll back on any error.

    Inside a person's request (see `storage.deadline`) the transaction is refused once the
    request has given up, and on PostgreSQL no statement may outlast the deadline."""
    deadline = current_deadline()
    if deadline is None:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
        return
    deadline.check()
    with Session(engine, expire_on_commit=False) as session:
        transaction = session.begin()
        try:
            if engine.dialect.name == "postgresql":
                budget_ms = max(100, int(deadline.remaining() * 1000))
                session.execute(text(f"SET LOCAL statement_timeout = {budget_ms}"))
            yield session
            session.flush()
            deadline.begin_commit()
        except BaseException:
            transaction.rollback()
            raise
        saved = False
        try:
            transaction.commit()
            saved = wrote(session)
        except DBAPIError as error:
            if error.connection_invalidated:
                raise CommitUnknown from error
            raise
        finally:
            forget_writes(session)
            deadline.end_commit(saved=saved)
