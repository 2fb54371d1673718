"""Which language to write to a person in: their own choice (`/crm language`), else their
Slack locale, else the team's default."""

from __future__ import annotations

import threading
import time
import weakref
from datetime import datetime

from sqlalchemy.engine import Engine

from bot.access.identity import Asker
from bot.catalog.language import DEFAULT, Language, language_named, language_of_locale
from bot.slack.people import PeopleDirectory
from storage import preferences as store
from storage import scheduling as team_store
from storage.database import unit_of_work
from storage.records import record_audit

CACHE_SECONDS = 30.0
"""How long a process trusts what it read; `/crm language` in this process clears it at once."""
AUTO = "auto"

_lock = threading.Lock()
_Remembered = dict[tuple[str, str], tuple[float, Language | None, Language]]
_chosen: weakref.WeakKeyDictionary[Engine, _Remembered] = weakref.WeakKeyDictionary()
"""Per database: (team, user) -> (until, their own choice, the team's default)."""


def language_for(
    *, engine: Engine, people: PeopleDirectory, team_id: str, user_id: str
) -> Language:
    own, team_default = _choices(engine, team_id, user_id)
    if own is not None:
        return own
    return language_of_locale(people.get(user_id).locale) or team_default


def chosen_language(*, engine: Engine, team_id: str, user_id: str) -> Language | None:
    """What the person chose with `/crm language` (None: they follow Slack)."""
    return _choices(engine, team_id, user_id)[0]


def choose_language(*, engine: Engine, asker: Asker, choice: str, now: datetime) -> Language | None:
    """Keep `choice` (`en`, `zh` or `auto`) for the asker; returns the language they chose
    (None: follow Slack). ValueError for anything else."""
    wanted = None if choice == AUTO else Language(choice)
    with unit_of_work(engine) as session:
        before = store.get_person_setting(
            session=session, team_id=asker.team_id, user_id=asker.user_id
        )
        store.save_person_language(
            session=session,
            team_id=asker.team_id,
            user_id=asker.user_id,
            language=wanted.value if wanted else None,
            at=now,
        )
        record_audit(
            session=session,
            team_id=asker.team_id,
            actor_id=asker.user_id,
            action="person.language",
            entity_type="person_setting",
            entity_id=0,
            at=now,
            before={"language": before.language if before else None},
            after={"language": wanted.value if wanted else None},
        )
    forget_person(engine, asker.team_id, asker.user_id)
    return wanted


def forget_person(engine: Engine, team_id: str, user_id: str) -> None:
    """They chose anew: read it anew."""
    with _lock:
        _chosen.setdefault(engine, {}).pop((team_id, user_id), None)


def forget_team(engine: Engine, team_id: str) -> None:
    """The team's default changed: read it anew for everyone in the team."""
    with _lock:
        remembered = _chosen.setdefault(engine, {})
        for key in [key for key in remembered if key[0] == team_id]:
            del remembered[key]


def _choices(engine: Engine, team_id: str, user_id: str) -> tuple[Language | None, Language]:
    key, now = (team_id, user_id), time.monotonic()
    with _lock:
        cached = _chosen.setdefault(engine, {}).get(key)
    if cached is not None and now < cached[0]:
        return cached[1], cached[2]
    with unit_of_work(engine) as session:
        row = store.get_person_setting(session=session, team_id=team_id, user_id=user_id)
        team = team_store.get_team_settings(session=session, team_id=team_id)
    own = language_named(row.language if row else None)
    team_default = language_named(team.language if team else None) or DEFAULT
    with _lock:
        _chosen.setdefault(engine, {})[key] = (now + CACHE_SECONDS, own, team_default)
    return own, team_default
