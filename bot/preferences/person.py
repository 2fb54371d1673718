"""What a person works with when they type a phone number or an amount: their phone region and
currency. Their own choice (`/crm me`) first; else told from Slack (a Shanghai rep's
`13800138000` is +86); else the team's. A number typed with `+country` always wins over all."""

from __future__ import annotations

from datetime import datetime

from babel.core import get_global
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker
from bot.catalog.language import Language
from bot.preferences import language as spoken
from bot.preferences.model import (
    DEFAULT_REMINDER_LEAD,
    REMINDER_LEADS,
    PersonPreferences,
    TeamPreferences,
)
from bot.preferences.team import read_team_preferences
from bot.preferences.values import parse_currency, parse_phone_region
from bot.slack.people import PeopleDirectory, Person
from bot.wiring.settings import Settings
from storage import preferences as store
from storage.database import unit_of_work
from storage.records import record_audit


def region_of_person(person: Person) -> str | None:
    """The phone region Slack tells about a person: their time zone's country (where they
    work), else their locale's (`en-GB` -> GB); None when neither says."""
    if person.zone_from_slack:
        territory = get_global("zone_territories").get(person.zone.key)
        if territory and territory != "001":
            return str(territory)
    if person.locale:
        parts = person.locale.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    return None


def read_person_preferences(
    *, session: Session, team: TeamPreferences, person: Person, team_id: str
) -> PersonPreferences:
    row = store.get_person_setting(session=session, team_id=team_id, user_id=person.user_id)
    own_region = row.phone_region if row else None
    own_currency = row.currency if row else None
    return PersonPreferences(
        phone_region=own_region or region_of_person(person) or team.phone_region,
        currency=own_currency or team.currency,
        own_phone_region=own_region,
        own_currency=own_currency,
        reminder_lead=_lead(row.reminder_lead_minutes if row else None),
    )


def _lead(minutes: int | None) -> int:
    return DEFAULT_REMINDER_LEAD if minutes is None else minutes


def person_preferences(
    *, engine: Engine, settings: Settings, people: PeopleDirectory, team_id: str, user_id: str
) -> tuple[TeamPreferences, PersonPreferences]:
    person = people.get(user_id)
    with unit_of_work(engine) as session:
        team = read_team_preferences(session=session, settings=settings, team_id=team_id)
        mine = read_person_preferences(session=session, team=team, person=person, team_id=team_id)
    return team, mine


def choose_for_myself(
    *,
    engine: Engine,
    asker: Asker,
    language: str,
    phone_region: str | None,
    currency: str | None,
    now: datetime,
    reminder_lead: str | None = None,
) -> dict[str, str]:
    """Keep the asker's own language (`en`, `zh` or `auto`), phone region and currency (None
    or empty: follow Slack and the team), and how many minutes before a step with a clock
    time they are reminded (None: as they were), in one transaction. Returns what is wrong, by
    field (nothing saved then); empty when saved."""
    errors: dict[str, str] = {}
    region = code = None
    try:
        region = parse_phone_region(phone_region) if phone_region else None
    except ValueError as problem:
        errors["phone_region"] = str(problem)
    try:
        code = parse_currency(currency) if currency else None
    except ValueError as problem:
        errors["currency"] = str(problem)
    wanted = None if language == spoken.AUTO else Language(language).value
    lead = _chosen_lead(reminder_lead)
    if errors:
        return errors
    with unit_of_work(engine) as session:
        before = store.get_person_setting(
            session=session, team_id=asker.team_id, user_id=asker.user_id
        )
        was = {
            "language": before.language if before else None,
            "phone_region": before.phone_region if before else None,
            "currency": before.currency if before else None,
        }
        store.save_person_language(
            session=session, team_id=asker.team_id, user_id=asker.user_id, language=wanted, at=now
        )
        store.save_person_defaults(
            session=session,
            team_id=asker.team_id,
            user_id=asker.user_id,
            phone_region=region,
            currency=code,
            at=now,
        )
        record_audit(
            session=session,
            team_id=asker.team_id,
            actor_id=asker.user_id,
            action="person.settings",
            entity_type="person_setting",
            entity_id=0,
            at=now,
            before=was,
            after={"language": wanted, "phone_region": region, "currency": code},
        )
        had_lead = before.reminder_lead_minutes if before else None
        if lead is not None and lead != _lead(had_lead):
            store.save_person_reminder_lead(
                session=session,
                team_id=asker.team_id,
                user_id=asker.user_id,
                minutes=lead,
                at=now,
            )
            record_audit(
                session=session,
                team_id=asker.team_id,
                actor_id=asker.user_id,
                action="person.reminder_lead",
                entity_type="person_setting",
                entity_id=0,
                at=now,
                before={"reminder_lead_minutes": had_lead},
                after={"reminder_lead_minutes": lead},
            )
    spoken.forget_person(engine, asker.team_id, asker.user_id)
    return {}


def _chosen_lead(typed: str | None) -> int | None:
    """One of `REMINDER_LEADS` as picked in the form; None for anything else (kept as it was:
    the form offers nothing else, so anything else is not a choice)."""
    if typed is None or not typed.isdigit() or int(typed) not in REMINDER_LEADS:
        return None
    return int(typed)
