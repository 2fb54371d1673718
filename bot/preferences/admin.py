"""Admins change their team's settings (`/crm settings`): one transaction, every field checked
first (all errors at once, nothing half-saved), the change audited as `team.settings`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.access.permissions import require_admin
from bot.catalog.language import Language
from bot.catalog.texts.team import text as t
from bot.preferences import language as spoken
from bot.preferences.model import FIELDS, TeamPreferences
from bot.preferences.team import read_team_preferences
from bot.preferences.values import (
    parse_code_prefix,
    parse_currency,
    parse_escalation_days,
    parse_phone_region,
    parse_rates,
    parse_time_of_day,
    parse_zone,
)
from bot.wiring.settings import Settings
from storage import preferences as store
from storage.records import record_audit


@dataclass(frozen=True)
class SettingsErrors:
    errors: dict[str, str]
    """Field -> what is wrong with it, in the person's words."""


@dataclass(frozen=True)
class SettingsSaved:
    preferences: TeamPreferences
    changed: tuple[str, ...]


def settings_to_edit(*, engine: Engine, settings: Settings, asker: Asker) -> TeamPreferences:
    """What the form opens with; only admins may open it."""
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "settings")
        return read_team_preferences(session=session, settings=settings, team_id=actor.team_id)


def change_team_settings(
    *,
    engine: Engine,
    settings: Settings,
    asker: Asker,
    typed: Mapping[str, str | None],
    now: datetime,
) -> SettingsSaved | SettingsErrors:
    """Save what the admin typed (field -> text; a missing field keeps its value)."""
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "settings")
        current = read_team_preferences(session=session, settings=settings, team_id=actor.team_id)
        values, errors = _read(typed, current)
        if errors:
            return SettingsErrors(errors)
        before = _stored(current)
        changed = tuple(name for name in FIELDS if name in values and values[name] != before[name])
        store.save_team_preferences(
            session=session, team_id=actor.team_id, values=values, by=actor.user_id, at=now
        )
        if changed:
            record_audit(
                session=session,
                team_id=actor.team_id,
                actor_id=actor.user_id,
                action="team.settings",
                entity_type="team_settings",
                entity_id=0,
                at=now,
                before={name: before[name] for name in changed},
                after={name: values[name] for name in changed},
            )
        saved = read_team_preferences(session=session, settings=settings, team_id=actor.team_id)
    spoken.forget_team(engine, actor.team_id)
    return SettingsSaved(saved, changed)


def _read(
    typed: Mapping[str, str | None], current: TeamPreferences
) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    currency = current.currency
    readers: dict[str, Callable[[str], Any]] = {
        "language": lambda text: Language(text.strip()).value,
        "zone": parse_zone,
        "currency": parse_currency,
        "phone_region": parse_phone_region,
        "nudge_time": parse_time_of_day,
        "escalation_days": parse_escalation_days,
        "code_prefix": parse_code_prefix,
    }
    for name, read in readers.items():
        text = typed.get(name)
        if text is None or not text.strip():
            continue
        try:
            values[name] = read(text)
        except ValueError as problem:
            errors[name] = str(problem) if name != "language" else t.SETTINGS_ERR_LANGUAGE
    if "currency" in values:
        currency = values["currency"]
    if "rates" in typed:
        try:
            values["rates"] = parse_rates(typed.get("rates") or "", currency) or None
        except ValueError as problem:
            errors["rates"] = str(problem)
    return values, errors


def _stored(current: TeamPreferences) -> dict[str, Any]:
    """The current settings in the form they are stored."""
    return {
        "language": current.language.value,
        "zone": current.zone,
        "currency": current.currency,
        "phone_region": current.phone_region,
        "nudge_time": current.nudge_time,
        "escalation_days": current.escalation_days,
        "code_prefix": current.code_prefix,
        "rates": {code: format(rate, "f") for code, rate in current.rates.items()} or None,
    }
