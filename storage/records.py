"""Audit events and drafts."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete

from storage.models import AuditEvent, Draft

DRAFT_LIFETIME = timedelta(days=7)


def record_audit(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    action: str,
    entity_type: str,
    entity_id: int,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before=before,
        after=after,
        at=at,
    )
    session.add(event)
    return event


def save_draft(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    kind: str,
    payload: dict[str, Any],
    at: datetime,
) -> Draft:
    """Keep a draft for a week; older drafts are dropped as new ones arrive."""
    session.exec(delete(Draft).where(col(Draft.created_at) < at - DRAFT_LIFETIME))
    draft = Draft(
        id=uuid.uuid4().hex,
        team_id=team_id,
        user_id=user_id,
        kind=kind,
        payload=payload,
        created_at=at,
    )
    session.add(draft)
    return draft


def get_draft(*, session: Session, team_id: str, draft_id: str) -> Draft | None:
    draft = session.get(Draft, draft_id)
    if draft is None or draft.team_id != team_id:
        return None
    return draft


def delete_draft(*, session: Session, draft: Draft) -> None:
    session.delete(draft)
