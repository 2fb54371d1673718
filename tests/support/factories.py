"""Putting customers into the database the way the app does, for tests that need some."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.customers.form import CustomerFields
from bot.customers.service import create_customer, set_aliases
from bot.sandbox.standin import TEAM_ID
from storage.database import unit_of_work
from storage.models import Customer


def add_customer(
    engine: Engine,
    name: str,
    *,
    owner: str,
    now: datetime,
    team_id: str = TEAM_ID,
    aliases: list[str] | None = None,
    **fields: object,
) -> Customer:
    with unit_of_work(engine) as session:
        customer = create_customer(
            session=session,
            team_id=team_id,
            actor_id=owner,
            fields=CustomerFields(name=name, owner_id=owner, **fields),  # type: ignore[arg-type]
            now=now,
            zone=ZoneInfo("Asia/Shanghai"),
        )
        if aliases:
            set_aliases(
                session=session, customer=customer, aliases=aliases, actor_id=owner, now=now
            )
        return customer
