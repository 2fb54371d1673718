"""The domain and the jobs called directly (the project imported), each timed on its own."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.serving import ADMIN, TOKEN, ZONE
from bench.stats import Samples
from bot.sandbox.standin import StandInSlack
from bot.wiring.settings import Settings, load_settings
from storage.database import unit_of_work


def bench_settings(database_url: str, slack: StandInSlack) -> Settings:
    return load_settings(
        _env_file=None,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=slack.url,
        DATABASE_URL=database_url,
        CRM_TIMEZONE=ZONE,
        CRM_ADMINS=ADMIN,
    )


def seeded_customers(engine: Engine, team_id: str, limit: int) -> list[tuple[int, str]]:
    """(id, name) of up to `limit` seeded customers, spread over the whole book."""
    with engine.connect() as connection:
        total = connection.execute(
            text("SELECT COUNT(*) FROM customer WHERE team_id = :team"), {"team": team_id}
        ).scalar_one()
        stride = max(int(total) // limit, 1)
        rows = connection.execute(
            text("SELECT id, name FROM customer WHERE team_id = :team AND id % :stride = 0"),
            {"team": team_id, "stride": stride},
        ).all()
    return [(int(i), str(n)) for i, n in rows[:limit]]


def _resolver() -> Callable[..., Any]:
    """`resolve_customer`, from the service or from the module it is moving to."""
    for module in ("bot.customers.service", "bot.customers.resolution"):
        found = getattr(importlib.import_module(module), "resolve_customer", None)
        if callable(found):
            return cast(Callable[..., Any], found)
    raise ImportError("no resolve_customer in bot.customers")


def resolution(engine: Engine, team_id: str, texts: list[str]) -> Samples:
    """Each text resolved in its own unit of work, as a handler does; the first call (which
    may warm a cache) is not counted."""
    resolve = _resolver()
    samples = Samples()
    with unit_of_work(engine) as session:
        resolve(session=session, team_id=team_id, text=texts[0])
    for typed in texts:
        started = time.perf_counter()
        try:
            with unit_of_work(engine) as session:
                resolve(session=session, team_id=team_id, text=typed)
        except Exception as problem:
            samples.fail(f"{type(problem).__name__}: {problem}")
            continue
        samples.add(time.perf_counter() - started)
    return samples


def latest_nudge_time(now: datetime) -> datetime:
    """The last 09:30 in Shanghai at or before `now`: every seeded owner's nudge is due."""
    local = now.astimezone(ZoneInfo(ZONE))
    at = local.replace(hour=9, minute=30, second=0, microsecond=0)
    if at > local:
        at -= timedelta(days=1)
    return at.astimezone(UTC)


def nudge_sweep(settings: Settings, engine: Engine, now: datetime) -> dict[str, Any]:
    from scheduler.jobs import JobReport, job_context, plan_nudges

    report = JobReport()
    started = time.perf_counter()
    plan_nudges(job_context(settings, engine), now, report)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "planned": report.planned, "skipped": report.skipped}


def digest_build(engine: Engine, team_id: str, now: datetime) -> dict[str, Any]:
    from bot.digest.build import build_digest, iso_week

    started = time.perf_counter()
    with unit_of_work(engine) as session:
        data = build_digest(
            session=session, team_id=team_id, now=now, week=iso_week(now), tiers=None
        )
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "customers": data.total}


def reclassification(settings: Settings, engine: Engine, now: datetime) -> dict[str, Any]:
    from scheduler.jobs import JobReport, job_context, reclassify

    report = JobReport()
    started = time.perf_counter()
    reclassify(job_context(settings, engine), now, report, once_a_day=False)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "teams": report.reclassified_teams}
