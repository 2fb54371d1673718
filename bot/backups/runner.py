"""Taking a backup and pruning old ones: what `crm-bot backup` and the nightly job do."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.backups.retention import backup_name, select_backups, taken_at
from storage.backup import DatabaseInUse, backup_sqlite, sqlite_path

FOLDER_NAME = "backups"
USE_PG_DUMP = (
    "backups of a PostgreSQL database are made with pg_dump, not crm-bot: "
    "pg_dump --format=custom --file=crmbot.dump DBNAME (see README, PostgreSQL)"
)


class BackupFailed(Exception):
    """No backup was written. `str()` is one line saying why."""


@dataclass(frozen=True)
class BackupTaken:
    path: Path
    size: int
    deleted: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per thing done, for the operator and the log."""
        return [f"backup written: {self.path} ({self.size:,} bytes)"] + [
            f"old backup deleted: {path}" for path in self.deleted
        ]


@dataclass(frozen=True)
class UsePgDump:
    """The database is not SQLite: crm-bot takes no backup of it."""

    message: str = USE_PG_DUMP


def take_backup(
    *, database_url: str, now: datetime, folder: Path | None = None
) -> BackupTaken | UsePgDump:
    """A consistent copy of the SQLite database in `folder` (default: `backups/` beside the
    database, so ./data/backups with the default DATABASE_URL), named for `now` (UTC), then
    the retention rule applied to the backups there (bot.backups.retention). BackupFailed
    when nothing could be written."""
    source = sqlite_path(database_url)
    if source is None:
        return UsePgDump()
    if not source.is_file():
        raise BackupFailed(f"there is no database at {source} to back up")
    folder = source.parent / FOLDER_NAME if folder is None else folder
    target = folder / backup_name(now)
    try:
        backup_sqlite(source=source, target=target)
    except (OSError, sqlite3.Error, DatabaseInUse) as error:
        raise BackupFailed(f"could not write {target}: {error}") from error
    return BackupTaken(path=target, size=target.stat().st_size, deleted=prune_backups(folder))


def prune_backups(folder: Path) -> list[Path]:
    """Delete the backups in `folder` the retention rule does not keep; only files named as
    this tool names them are considered. Returns what was deleted, newest first."""
    found: dict[datetime, Path] = {}
    for path in folder.iterdir():
        moment = taken_at(path.name)
        if moment is not None and path.is_file():
            found[moment] = path
    deleted = []
    for moment in select_backups(found).drop:
        found[moment].unlink(missing_ok=True)
        deleted.append(found[moment])
    return deleted
