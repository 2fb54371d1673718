"""Admins choose where the weekly digest goes (`/crm digest`) and when nudges go out
(`/crm nudges`); managers and admins preview the digest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, NotAllowed, require_admin
from bot.catalog.language import Language
from bot.catalog.texts.reports import text as t
from bot.digest.build import build_digest
from bot.digest.results import DigestData, iso_week
from bot.preferences.team import read_team_preferences
from bot.rules.book import rules_in_force
from storage import scheduling as store
from storage.database import unit_of_work
from storage.models import DigestChannel, TeamSettings
from storage.records import record_audit

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class DigestSetup:
    channels: list[DigestChannel]
    tier_names: list[str]


def digest_setup(*, engine: Engine, asker: Asker) -> DigestSetup:
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "digests")
        channels = store.list_digest_channels(session=session, team_id=actor.team_id)
        rules = rules_in_force(session=session, team_id=actor.team_id).rules
        return DigestSetup(channels, [tier.name for tier in rules.tiers])


def save_digest_channel(
    *, engine: Engine, asker: Asker, values: dict[str, Any], now: datetime
) -> tuple[str, dict[str, str]]:
    """Save (or stop) a channel's digest. Returns (what happened, errors by block id)."""
    errors: dict[str, str] = {}
    channel = str(values.get("channel") or "")
    if not channel:
        errors["channel"] = t.DIGEST_ERR_PICK_CHANNEL
    try:
        weekday = int(values.get("weekday") or 0)
    except ValueError:
        weekday = -1
    if not 0 <= weekday <= 6:
        errors["weekday"] = t.DIGEST_ERR_PICK_DAY
    at = str(values.get("time") or "")
    if not _TIME.match(at):
        errors["time"] = t.DIGEST_ERR_PICK_TIME
    zone = str(values.get("zone") or "")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder of zones
        errors["zone"] = t.DIGEST_ERR_UNKNOWN_ZONE
    language = str(values.get("language") or Language.EN.value)
    if language not in {known.value for known in Language}:
        errors["language"] = t.DIGEST_ERR_PICK_LANGUAGE
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "digests")
        if errors:
            return "", errors
        rules = rules_in_force(session=session, team_id=actor.team_id).rules
        names = [tier.name for tier in rules.tiers]
        tiers = [tier for tier in values.get("tiers") or [] if tier in names]
        existing = store.get_digest_channel(
            session=session, team_id=actor.team_id, channel_id=channel
        )
        if values.get("stop"):
            if existing is not None:
                store.delete_digest_channel(session=session, channel=existing)
            _audit(session, actor, "digest.stopped", {"channel": channel}, now)
            return "stopped", {}
        row = existing or DigestChannel(
            team_id=actor.team_id,
            channel_id=channel,
            created_by=actor.user_id,
            created_at=now,
            updated_at=now,
        )
        row.weekday, row.time, row.zone = weekday, f"{int(at[:-3]):02d}:{at[-2:]}", zone
        row.tiers, row.language, row.updated_at = (tiers or None), language, now
        store.save_digest_channel(session=session, channel=row)
        _audit(
            session,
            actor,
            "digest.saved",
            {
                "channel": channel,
                "weekday": weekday,
                "time": row.time,
                "zone": zone,
                "tiers": tiers,
                "language": language,
            },
            now,
        )
        return "saved", {}


def require_digest_reader(actor: Actor) -> None:
    if not actor.sees_everything:
        raise NotAllowed(t.ONLY_MANAGERS_READ_DIGEST)


def preview_digest(*, engine: Engine, asker: Asker, now: datetime) -> DigestData:
    with acting(engine, asker) as (session, actor):
        require_digest_reader(actor)
        return build_digest(
            session=session,
            team_id=actor.team_id,
            now=now,
            week=iso_week(now),
            tiers=None,
            team=read_team_preferences(
                session=session, settings=asker.settings, team_id=actor.team_id
            ),
        )


def nudge_settings(*, engine: Engine, team_id: str) -> tuple[str, int]:
    with unit_of_work(engine) as session:
        row = store.get_team_settings(session=session, team_id=team_id)
        return (row.nudge_time, row.escalation_days) if row else ("09:00", 7)


def change_nudge_settings(
    *,
    engine: Engine,
    asker: Asker,
    nudge_time: str | None,
    escalation_days: int | None,
    now: datetime,
) -> TeamSettings:
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "nudges")
        if nudge_time is not None and not _TIME.match(nudge_time):
            raise ValueError(t.REPORTS_ERR_NUDGE_TIME)
        if escalation_days is not None and not 1 <= escalation_days <= 365:
            raise ValueError(t.REPORTS_ERR_ESCALATION_DAYS)
        current = store.get_team_settings(session=session, team_id=actor.team_id)
        hhmm = nudge_time or (current.nudge_time if current else "09:00")
        hhmm = f"{int(hhmm.split(':')[0]):02d}:{hhmm.split(':')[1]}"
        days = escalation_days or (current.escalation_days if current else 7)
        row = store.save_team_settings(
            session=session,
            team_id=actor.team_id,
            nudge_time=hhmm,
            escalation_days=days,
            by=actor.user_id,
            at=now,
        )
        _audit(
            session, actor, "nudges.settings", {"nudge_time": hhmm, "escalation_days": days}, now
        )
        return row


def _audit(
    session: Session, actor: Actor, action: str, after: dict[str, Any], now: datetime
) -> None:
    record_audit(
        session=session,
        team_id=actor.team_id,
        actor_id=actor.user_id,
        action=action,
        entity_type="team",
        entity_id=0,
        at=now,
        after=after,
    )
