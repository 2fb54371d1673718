"""The sandbox's demo team: ~40 customers owned by the two reps, 90 days of follow-ups with
some next steps overdue, a manager, and a Monday digest in #sales."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.access.identity import Asker
from bot.access.permissions import Role
from bot.access.roles import grant_role
from bot.digest.setup import save_digest_channel
from bot.preferences.admin import change_team_settings
from bot.sandbox.people import CHANNELS, PERSONAS, REPS
from bot.seed.book import BookOptions
from bot.seed.load import SeedReport, seed_book
from bot.slack.people import PeopleDirectory
from bot.wiring.settings import Settings

DEMO_CUSTOMERS = 40
DEMO_HISTORY_DAYS = 90
DEMO_SEED = 7


def seed_demo(
    *, engine: Engine, settings: Settings, people: PeopleDirectory, team_id: str, now: datetime
) -> SeedReport:
    """Fill a new sandbox database the way `crm-bot seed` does, then give the manager their
    role and #sales its weekly digest, through the same services `/crm` uses."""
    options = BookOptions(
        team_id=team_id,
        customers=DEMO_CUSTOMERS,
        followups_per=3.0,
        owners=REPS,
        seed=DEMO_SEED,
        currency=settings.crm_currency,
        zone=ZoneInfo(settings.crm_timezone),
        history_days=DEMO_HISTORY_DAYS,
    )
    report = seed_book(engine=engine, options=options, now=now)
    admin = next(p for p in PERSONAS if p.role == "admin")
    asker = Asker(team_id, admin.user_id, settings, people)
    for persona in PERSONAS:
        if persona.role == "manager":
            grant_role(
                engine=engine, asker=asker, user_id=persona.user_id, role=Role.MANAGER, now=now
            )
    save_digest_channel(
        engine=engine,
        asker=asker,
        values={"channel": CHANNELS["sales"], "weekday": "0", "time": "09:00", "zone": admin.zone},
        now=now,
    )
    rates = demo_rates(settings.crm_currency)
    if rates:
        change_team_settings(
            engine=engine, settings=settings, asker=asker, typed={"rates": rates}, now=now
        )
    return report


_IN_USD = {"USD": Decimal(1), "CNY": Decimal("0.14"), "EUR": Decimal("1.08")}
_IN_USD |= {"GBP": Decimal("1.27"), "HKD": Decimal("0.128")}
"""Round figures for the demo, so a customer in yuan or euros lands in a tier."""


def demo_rates(team_currency: str) -> str:
    """'CNY=0.14, EUR=1.08, …' against the team currency ('' for a currency not listed)."""
    base = _IN_USD.get(team_currency)
    if base is None:
        return ""
    return ", ".join(
        f"{code}={(worth / base).quantize(Decimal('0.0001')).normalize():f}"
        for code, worth in _IN_USD.items()
        if code != team_currency
    )
