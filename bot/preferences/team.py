"""A team's own settings (`/crm settings`): default language, fallback time zone, currency,
phone region, when nudges go out, customer-code prefix and exchange rates.

Stored per team in `team_settings`; until an admin saves them, the environment's values
(`CRM_TIMEZONE`, `CRM_CURRENCY`, `CRM_DEFAULT_REGION`) stand in, so they only seed the first
values.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.catalog.language import DEFAULT, language_named
from bot.preferences.model import DEFAULT_CODE_PREFIX, TeamPreferences
from bot.wiring.settings import Settings
from storage import scheduling as store
from storage.database import unit_of_work

ZONE_SECONDS = 60.0


def read_team_preferences(*, session: Session, settings: Settings, team_id: str) -> TeamPreferences:
    """The team's settings, read inside the caller's transaction."""
    row = store.get_team_settings(session=session, team_id=team_id)
    if row is None:
        return seeded_preferences(settings, team_id)
    return TeamPreferences(
        team_id=team_id,
        language=language_named(row.language) or DEFAULT,
        zone=row.zone or settings.crm_timezone,
        currency=row.currency or settings.crm_currency,
        phone_region=row.phone_region or settings.crm_default_region,
        code_prefix=row.code_prefix or DEFAULT_CODE_PREFIX,
        nudge_time=row.nudge_time,
        escalation_days=row.escalation_days,
        rates=_rates(row.rates),
    )


def team_preferences(*, engine: Engine, settings: Settings, team_id: str) -> TeamPreferences:
    with unit_of_work(engine) as session:
        return read_team_preferences(session=session, settings=settings, team_id=team_id)


def seeded_preferences(settings: Settings, team_id: str) -> TeamPreferences:
    """What a team has before an admin saves anything: the environment's values."""
    return TeamPreferences(
        team_id=team_id,
        language=DEFAULT,
        zone=settings.crm_timezone,
        currency=settings.crm_currency,
        phone_region=settings.crm_default_region,
    )


def _rates(stored: Mapping[str, str] | None) -> dict[str, Decimal]:
    rates: dict[str, Decimal] = {}
    for code, text in (stored or {}).items():
        try:
            rate = Decimal(str(text))
        except ArithmeticError:
            continue
        if rate.is_finite() and rate > 0:
            rates[code] = rate
    return rates


def team_zone_reader(engine: Engine, settings: Settings) -> Callable[[str], ZoneInfo | None]:
    """`team_id -> the team's fallback zone` for the people directory (read once a minute)."""
    remembered: dict[str, tuple[float, ZoneInfo]] = {}
    lock = threading.Lock()

    def zone_of_team(team_id: str) -> ZoneInfo | None:
        now = time.monotonic()
        with lock:
            known = remembered.get(team_id)
        if known is not None and now < known[0]:
            return known[1]
        zone = ZoneInfo(team_preferences(engine=engine, settings=settings, team_id=team_id).zone)
        with lock:
            remembered[team_id] = (now + ZONE_SECONDS, zone)
        return zone

    return zone_of_team
