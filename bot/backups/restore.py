"""Putting a backup back: only into an empty SQLite database, then up to the current schema.

"Empty" means no table holds a row, apart from the schema version and the scheduler's own
bookkeeping (its lease and the record of jobs run), which a bot that merely started on the
database has written. A missing database file is empty too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storage.backup import (
    BackupContents,
    DatabaseInUse,
    NotABackup,
    read_backup,
    restore_sqlite,
    rows_in_use,
    sqlite_path,
)
from storage.database import SchemaChange, make_engine, upgrade_database


class RestoreRefused(Exception):
    """The restore would lose data or cannot work. `str()` is one line saying why."""


@dataclass(frozen=True)
class RestorePlan:
    backup: Path
    target: Path
    contents: BackupContents


def plan_restore(*, database_url: str, backup: Path) -> RestorePlan:
    """Check that `backup` is a crmbot backup and that the database it would go into is
    empty; RestoreRefused otherwise. (storage.backup.NotABackup is turned into one.)"""
    target = sqlite_path(database_url)
    if target is None:
        raise RestoreRefused(
            "restore works on a SQLite database only; "
            "for PostgreSQL use pg_restore (see README, PostgreSQL)"
        )
    try:
        contents = read_backup(backup)
    except NotABackup as refused:
        raise RestoreRefused(str(refused)) from refused
    in_use = rows_in_use(target)
    if in_use:
        raise RestoreRefused(
            f"the database {target} already holds data ({_summary(dict(in_use))}); "
            "restore only goes into an empty database"
        )
    return RestorePlan(backup=backup, target=target, contents=contents)


def _summary(in_use: dict[str, int]) -> str:
    customers = in_use.pop("customer", 0)
    tables = "table" if len(in_use) == 1 else "tables"
    if not customers:
        return f"rows in {len(in_use)} {tables}"
    return f"{customers:,} customers" + (f", rows in {len(in_use)} more {tables}" if in_use else "")


def restore(plan: RestorePlan, *, database_url: str) -> SchemaChange:
    """Copy the backup over the (empty) database, then bring its schema up to date.
    RestoreRefused, with nothing changed, while another process keeps it busy."""
    try:
        restore_sqlite(backup=plan.backup, target=plan.target)
    except DatabaseInUse as in_use:
        raise RestoreRefused(f"{in_use}; stop crm-bot, then try again") from in_use
    engine = make_engine(database_url)
    try:
        return upgrade_database(engine)
    finally:
        engine.dispose()
