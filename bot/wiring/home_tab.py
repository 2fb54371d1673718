"""Publishing a person's App Home tab, and redrawing it after they act.

A Home is redrawn only for people who have opened theirs (the `home_tab` table remembers),
once per action however many things the action changed, each in the reader's own language and
time zone. A publish that fails is logged, never shown to the person acting: their action is
already saved and answered."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.access.identity import Asker
from bot.catalog.language import DEFAULT, Language, speaking
from bot.home.results import HomePages
from bot.home.service import home_of, opened_home, record_home_published, team_homes
from bot.preferences.language import language_for
from bot.views.home import home_view
from bot.wiring.services import Services

logger = logging.getLogger(__name__)


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


def refresh_homes(crm: Services, *, team_id: str, user_ids: Iterable[str]) -> None:
    """Redraw the Homes of those of `user_ids` who have opened theirs: the person who acted and
    the owners of what they changed. Nobody else's Home is touched."""
    try:
        readers = opened_home(engine=crm.engine, team_id=team_id, user_ids=user_ids)
    except Exception:
        logger.exception("could not tell whose Home to redraw")
        return
    _publish_each(crm, team_id, readers)


def refresh_team_homes(crm: Services, *, team_id: str) -> None:
    """After a change that moves the whole team's customers (the rules): every opened Home."""
    try:
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
