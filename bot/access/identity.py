"""Who is asking: a person's role in their team, read at the start of each action."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.permissions import Actor, Role
from bot.slack.people import PeopleDirectory
from bot.wiring.settings import Settings
from storage import roles as role_store
from storage.database import unit_of_work


def identify(
    *, session: Session, team_id: str, user_id: str, settings: Settings, people: PeopleDirectory
) -> Actor:
    """The person's role: CRM_ADMINS and Slack workspace admins/owners are admins; otherwise
    what `/crm role` granted; otherwise rep."""
    if user_id in settings.admin_ids:
        return Actor(team_id, user_id, Role.ADMIN, "settings")
    granted = role_store.get_role(session=session, team_id=team_id, user_id=user_id)
    if granted is not None and granted.role == Role.ADMIN:
        return Actor(team_id, user_id, Role.ADMIN, "granted")
    person = people.get(user_id)
    if person.is_admin or person.is_owner:
        return Actor(team_id, user_id, Role.ADMIN, "slack")
    if granted is not None:
        return Actor(team_id, user_id, Role(granted.role), "granted")
    return Actor(team_id, user_id, Role.REP, "default")


def identify_person(
    *, engine: Engine, team_id: str, user_id: str, settings: Settings, people: PeopleDirectory
) -> Actor:
    """`identify` in a transaction of its own, for the start of a user action."""
    with unit_of_work(engine) as session:
        return identify(
            session=session, team_id=team_id, user_id=user_id, settings=settings, people=people
        )
