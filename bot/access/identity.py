"""Who is asking: a person's role in their team, read inside the action's own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Asker:
    """A person asking for something, before their role is known: what a handler knows from
    the payload. The service reads the role in the same transaction as the action."""

    team_id: str
    user_id: str
    settings: Settings
    people: PeopleDirectory


@contextmanager
def acting(engine: Engine, asker: Asker) -> Iterator[tuple[Session, Actor]]:
    """One user action: its transaction, and who is acting with their role read in it."""
    with unit_of_work(engine) as session:
        yield (
            session,
            identify(
                session=session,
                team_id=asker.team_id,
                user_id=asker.user_id,
                settings=asker.settings,
                people=asker.people,
            ),
        )


def who_is(*, engine: Engine, asker: Asker) -> Actor:
    """The person's role alone, for a request that needs nothing else from the database
    (e.g. help for their role)."""
    with acting(engine, asker) as (_session, actor):
        return actor
