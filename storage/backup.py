"""Copies of a SQLite database through SQLite's online backup API, and the checks a restore
makes. A file copy of a live database in WAL mode can miss committed pages or catch a page
half-written; the backup API reads one consistent snapshot while writers carry on."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url

from storage.database import MIGRATIONS_DIR, SQLITE_BUSY_TIMEOUT_MS

RESTORE_PATIENCE_S = 2.0
BOOKKEEPING_TABLES = frozenset({"alembic_version", "scheduler_lease", "job_run"})
"""Tables whose rows say nothing about a team's data: a database holding rows only in these
(a bot that started on it and ran its scheduler) still counts as empty for a restore."""


class NotABackup(Exception):
    """The file is not a crmbot SQLite database. `str()` is one line saying why."""


class DatabaseInUse(Exception):
    """Another connection holds the database. `str()` is one line saying what to do."""


@dataclass(frozen=True)
class BackupContents:
    schema_version: str
    customers: int


def sqlite_path(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def backup_sqlite(*, source: Path, target: Path) -> None:
    """A consistent copy of the database at `source` as `target`, readable by its owner only.

    The copy is written under a temporary name beside `target` and renamed into place, so
    `target` is either absent or complete. It is made in one backup step: SQLite holds a read
    snapshot for it, which in WAL mode never blocks the bot's writers (a copy in many small
    steps would start over each time someone else writes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        # mode=rw: a missing database is an error, not a new empty one.
        _copy(
            source_uri=f"{source.resolve().as_uri()}?mode=rw",
            target=partial,
            patience=SQLITE_BUSY_TIMEOUT_MS / 1000,
            self_contained=True,
        )
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    _sync_folder(target.parent)


def restore_sqlite(*, backup: Path, target: Path) -> None:
    """Replace the database at `target` (created if missing) with the contents of `backup`.

    DatabaseInUse, with nothing changed, if another connection keeps a write transaction open
    on `target` for more than RESTORE_PATIENCE_S."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(
        source_uri=f"{backup.resolve().as_uri()}?mode=ro",
        target=target,
        patience=RESTORE_PATIENCE_S,
        self_contained=False,
    )


def _copy(*, source_uri: str, target: Path, patience: float, self_contained: bool) -> None:
    """Copy with the backup API, in one step. While either side is locked, Python's
    `backup()` would wait forever: give up after `patience` seconds with DatabaseInUse.
    `self_contained`: leave the copy in rollback-journal mode, one file with no -wal beside
    it (for a backup file, not for a database in use)."""
    deadline = time.monotonic() + patience

    def give_up_when_late(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise DatabaseInUse(f"the database {target} stayed busy for {patience:g} s")

    source = sqlite3.connect(source_uri, uri=True, timeout=patience)
    try:
        destination = sqlite3.connect(target, timeout=patience)
        try:
            source.backup(destination, progress=give_up_when_late)
            if self_contained:
                destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        source.close()


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_backup(path: Path) -> BackupContents:
    """What the backup at `path` holds, or NotABackup: it must open as SQLite, pass a quick
    check, and carry a schema version (an Alembic revision) that this crmbot knows, so that
    `db upgrade` can bring it up to date."""
    if not path.is_file():
        raise NotABackup(f"{path} is not a file")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()
            tables = _tables(connection)
            if "alembic_version" not in tables:
                raise NotABackup(f"{path} is not a crmbot backup (no alembic_version table)")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            customers = (
                connection.execute("SELECT count(*) FROM customer").fetchone()[0]
                if "customer" in tables
                else 0
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotABackup(f"{path} is not a SQLite database ({error})") from error
    if check is None or check[0] != "ok":
        raise NotABackup(f"{path} is damaged (SQLite's quick_check failed)")
    if revision is None:
        raise NotABackup(f"{path} is not a crmbot backup (no schema version)")
    if not _known_revision(revision[0]):
        raise NotABackup(
            f"{path} has schema version {revision[0]}, which this crmbot does not know "
            "(is it from a newer version?)"
        )
    return BackupContents(schema_version=revision[0], customers=int(customers))


def _known_revision(revision: str) -> bool:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def rows_in_use(path: Path) -> dict[str, int]:
    """The tables of the SQLite database at `path` that hold data, with their row counts
    (bookkeeping tables aside); empty for a missing file or a database without tables."""
    if not path.exists():
        return {}
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in _tables(connection) - BOOKKEEPING_TABLES
        }
    finally:
        connection.close()
    return {table: count for table, count in sorted(counts.items()) if count}


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {name for (name,) in rows}
