"""Roles granted with `/crm role`: who has which, and granting one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.access.permissions import Role, TeamRoles, require_admin
from bot.wiring.settings import Settings
from storage import roles as role_store
from storage.database import unit_of_work
from storage.records import record_audit


def team_roles(*, engine: Engine, settings: Settings, team_id: str) -> TeamRoles:
    with unit_of_work(engine) as session:
        granted = {
            r.user_id: Role(r.role) for r in role_store.list_roles(session=session, team_id=team_id)
        }
    return TeamRoles(granted, sorted(settings.admin_ids))


def grant_role(
    *, engine: Engine, asker: Asker, user_id: str, role: Role, now: datetime
) -> Role | None:
    """Give `user_id` a role; returns the role they had before (None: never granted)."""
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "grant_roles")
        existing = role_store.get_role(session=session, team_id=actor.team_id, user_id=user_id)
        before = Role(existing.role) if existing else None
        role_store.set_role(
            session=session,
            team_id=actor.team_id,
            user_id=user_id,
            role=role.value,
            granted_by=actor.user_id,
            at=now,
        )
        record_audit(
            session=session,
            team_id=actor.team_id,
            actor_id=actor.user_id,
            action="role.granted",
            entity_type="team_role",
            entity_id=0,
            at=now,
            before={"user_id": user_id, "role": before.value if before else None},
            after={"user_id": user_id, "role": role.value},
        )
        return before
