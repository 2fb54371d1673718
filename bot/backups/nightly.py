"""The nightly backup: once a day at BACKUP_TIME in CRM_TIMEZONE, by one scheduler only."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from sqlalchemy.engine import Engine

from bot.backups.runner import UsePgDump, take_backup
from bot.wiring.settings import Settings
from storage import scheduling as store
from storage.database import unit_of_work

logger = logging.getLogger(__name__)

BACKUP_TIME = time(2, 30)
NOT_A_TEAM = "*"
"""The job-run claim is per team; the backup is of the whole database, so it claims for none."""


def nightly_backup(
    *,
    engine: Engine,
    settings: Settings,
    now: datetime,
    grace: timedelta,
    once_a_day: bool,
) -> list[str]:
    """Take the day's backup if it is due: from BACKUP_TIME (local) until `grace` after it,
    and only if no process has claimed today's run yet. With `once_a_day` False (`crm-bot
    run-job backup`), take one now. On PostgreSQL, say once that pg_dump does this job.
    The backup goes to `backups/` beside the database. Returns the lines logged. A failure
    is logged, never raised: the other jobs go on."""
    if once_a_day and not _claim_today(engine, settings, now, grace):
        return []
    try:
        taken = take_backup(database_url=settings.database_url, now=now)
    except Exception:
        logger.exception("the nightly backup failed")
        return ["backup failed (see the log)"]
    lines = [f"backup skipped: {taken.message}"] if isinstance(taken, UsePgDump) else taken.lines()
    for line in lines:
        logger.info("%s", line)
    return lines


def _claim_today(engine: Engine, settings: Settings, now: datetime, grace: timedelta) -> bool:
    day = now.astimezone(settings.zone).date()
    scheduled = datetime.combine(day, BACKUP_TIME, tzinfo=settings.zone)
    if not scheduled <= now < scheduled + grace:
        return False
    with unit_of_work(engine) as session:
        return store.claim_job_run(
            session=session, team_id=NOT_A_TEAM, key=f"backup:{day.isoformat()}", now=now
        )
