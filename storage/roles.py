"""Queries about roles granted with `/crm role`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import TeamRole


def get_role(*, session: Session, team_id: str, user_id: str) -> TeamRole | None:
    statement = select(TeamRole).where(TeamRole.team_id == team_id, TeamRole.user_id == user_id)
    return session.exec(statement).first()


def list_roles(*, session: Session, team_id: str) -> list[TeamRole]:
    statement = select(TeamRole).where(TeamRole.team_id == team_id).order_by(col(TeamRole.role))
    return list(session.exec(statement))


def set_role(
    *, session: Session, team_id: str, user_id: str, role: str, granted_by: str, at: datetime
) -> TeamRole:
    existing = get_role(session=session, team_id=team_id, user_id=user_id)
    if existing is None:
        existing = TeamRole(
            team_id=team_id, user_id=user_id, role=role, granted_by=granted_by, granted_at=at
        )
    else:
        existing.role, existing.granted_by, existing.granted_at = role, granted_by, at
    session.add(existing)
    return existing
