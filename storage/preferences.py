"""What people chose for themselves (`person_setting`) and what admins set for their team
(`team_settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from storage.models import PersonSetting, TeamSettings


def get_person_setting(*, session: Session, team_id: str, user_id: str) -> PersonSetting | None:
    return session.get(PersonSetting, (team_id, user_id))


def save_person_language(
    *, session: Session, team_id: str, user_id: str, language: str | None, at: datetime
) -> PersonSetting:
    row = get_person_setting(session=session, team_id=team_id, user_id=user_id)
    if row is None:
        row = PersonSetting(team_id=team_id, user_id=user_id, updated_at=at)
    row.language, row.updated_at = language, at
    session.add(row)
    return row


def save_person_defaults(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    phone_region: str | None,
    currency: str | None,
    at: datetime,
) -> PersonSetting:
    row = get_person_setting(session=session, team_id=team_id, user_id=user_id)
    if row is None:
        row = PersonSetting(team_id=team_id, user_id=user_id, updated_at=at)
    row.phone_region, row.currency, row.updated_at = phone_region, currency, at
    session.add(row)
    return row


def save_person_reminder_lead(
    *, session: Session, team_id: str, user_id: str, minutes: int | None, at: datetime
) -> PersonSetting:
    row = get_person_setting(session=session, team_id=team_id, user_id=user_id)
    if row is None:
        row = PersonSetting(team_id=team_id, user_id=user_id, updated_at=at)
    row.reminder_lead_minutes, row.updated_at = minutes, at
    session.add(row)
    return row


def save_team_preferences(
    *, session: Session, team_id: str, values: Mapping[str, Any], by: str, at: datetime
) -> TeamSettings:
    """Set the given columns of the team's settings row (made on first save)."""
    row = session.get(TeamSettings, team_id) or TeamSettings(
        team_id=team_id, updated_by=by, updated_at=at
    )
    for name, value in values.items():
        if name not in TeamSettings.model_fields or name in ("team_id", "updated_by"):
            raise KeyError(name)
        setattr(row, name, value)
    row.updated_by, row.updated_at = by, at
    session.add(row)
    return row
