"""Publishing a person's App Home tab, and redrawing it after they act.

A Home is redrawn only for people who have opened theirs (the `home_tab` table remembers),
once per action however many things the action changed, each in the reader's own language and
time zone. A publish that fails is logged, never shown to the person acting: their action is
already saved and answered.

Whether anyone involved has opened their Home is answered from memory (`HomeReaders`, read
from the table when the app starts and again at most once a minute), so an action by people
who never open Home costs no query beyond its own transaction. Another process's new Home
readers are known here within a minute."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine

from bot.access.identity import Asker
from bot.catalog.language import DEFAULT, Language, speaking
from bot.home.results import HomePages
from bot.home.service import home_of, record_home_published, team_homes, teams_home_readers
from bot.preferences.language import language_for
from bot.views.home import home_view
from bot.wiring.services import Services

logger = logging.getLogger(__name__)
READERS_FRESH_S = 60.0
"""How old the remembered set of Home readers may get before it is read again."""


class HomeReaders:
    """Who has opened their Home, per team, as this process last read it (plus the Homes it
    published itself since)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._teams: dict[str, set[str]] = {}
        self._read_at = float("-inf")

    def load(self) -> None:
        readers = teams_home_readers(engine=self._engine)
        with self._lock:
            self._teams = readers
            self._read_at = time.monotonic()

    def among(self, team_id: str, user_ids: Iterable[str]) -> list[str]:
        if time.monotonic() - self._read_at > READERS_FRESH_S:
            self.load()
        with self._lock:
            known = self._teams.get(team_id, set())
            return [u for u in dict.fromkeys(user_ids) if u and u in known]

    def anyone(self, team_id: str) -> bool:
        if time.monotonic() - self._read_at > READERS_FRESH_S:
            self.load()
        with self._lock:
            return bool(self._teams.get(team_id))

    def add(self, team_id: str, user_id: str) -> None:
        with self._lock:
            self._teams.setdefault(team_id, set()).add(user_id)


_readers: WeakKeyDictionary[Engine, HomeReaders] = WeakKeyDictionary()
_readers_lock = threading.Lock()


def home_readers(engine: Engine) -> HomeReaders:
    """The engine's Home readers (one per database per process)."""
    with _readers_lock:
        found = _readers.get(engine)
        if found is None:
            found = _readers[engine] = HomeReaders(engine)
        return found


def prime_home_readers(engine: Engine) -> None:
    """Read who has opened Home once, at start-up (failures only postpone it)."""
    try:
        home_readers(engine).load()
    except Exception:
        logger.warning("could not read who has opened the Home tab yet; will try again later")


def publish_home(
    crm: Services, *, team_id: str, user_id: str, pages: HomePages | None = None
) -> None:
    """Draw `user_id`'s Home as it stands now and publish it (`views.publish`)."""
    now = crm.clock()
    zone = crm.people.zone_of(user_id)
    with speaking(_language_of(crm, team_id, user_id)):
        data = home_of(
            engine=crm.engine,
            asker=Asker(team_id, user_id, crm.settings, crm.people),
            zone=zone,
            pages=pages or HomePages(),
            now=now,
        )
        view = home_view(data, now=now, zone=zone)
    crm.client.views_publish(user_id=user_id, view=view)
    record_home_published(engine=crm.engine, team_id=team_id, user_id=user_id, now=now)
    home_readers(crm.engine).add(team_id, user_id)


def refresh_homes(crm: Services, *, team_id: str, user_ids: Iterable[str]) -> None:
    """Redraw the Homes of those of `user_ids` who have opened theirs: the person who acted and
    the owners of what they changed. Nobody else's Home is touched."""
    try:
        readers = home_readers(crm.engine).among(team_id, user_ids)
    except Exception:
        logger.exception("could not tell whose Home to redraw")
        return
    _publish_each(crm, team_id, readers)


def refresh_team_homes(crm: Services, *, team_id: str) -> None:
    """After a change that moves the whole team's customers (the rules): every opened Home."""
    try:
        if not home_readers(crm.engine).anyone(team_id):
            return  # nobody in the team has opened Home: no query, no publish
        readers = team_homes(engine=crm.engine, team_id=team_id)
    except Exception:
        logger.exception("could not tell whose Home to redraw")
        return
    _publish_each(crm, team_id, readers)


def _publish_each(crm: Services, team_id: str, readers: list[str]) -> None:
    for user_id in readers:
        try:
            publish_home(crm, team_id=team_id, user_id=user_id)
        except Exception:
            logger.exception("could not redraw a Home tab")


def _language_of(crm: Services, team_id: str, user_id: str) -> Language:
    try:
        return language_for(engine=crm.engine, people=crm.people, team_id=team_id, user_id=user_id)
    except Exception:
        logger.exception("could not tell which language to draw a Home in")
        return DEFAULT
