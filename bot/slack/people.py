"""Who a Slack user is, as far as the CRM cares: their time zone, locale and admin flags
(cached)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.client import TeamClients

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600.0
FAILURE_CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class Person:
    user_id: str
    zone: ZoneInfo
    display_name: str
    is_admin: bool = False
    is_owner: bool = False
    locale: str | None = None
    """Slack's locale for them (`zh-CN`, `en-US`), when Slack says."""
    deleted: bool = False
    """Deactivated in Slack (users.info `deleted`, or a user Slack says isn't there)."""
    zone_from_slack: bool = False
    """False when `zone` is a fallback (Slack didn't answer or has no zone for them)."""


class PeopleDirectory:
    """Looks people up with `users.info`, remembering answers for an hour.

    When Slack cannot answer, the person gets the team's fallback zone rather than an error:
    a date a few hours off is better than a follow-up that was not logged.
    """

    def __init__(
        self,
        client: WebClient | TeamClients,
        fallback_zone: ZoneInfo,
        team_zone: Callable[[str], ZoneInfo | None] | None = None,
    ) -> None:
        """`team_zone(team_id)` gives a team's own fallback zone (`/crm settings`), if any.
        With TeamClients, a person is looked up with the token of the team in hand
        (bot.slack.workspace): Slack answers users.info only for the token's own workspace."""
        self._client = client
        self._fallback_zone = fallback_zone
        self._team_zone = team_zone
        self._cache: dict[str, tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str) -> Person:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and now < cached[0]:
            return cached[1]
        person, answered = self._fetch(user_id)
        lifetime = CACHE_SECONDS if answered else FAILURE_CACHE_SECONDS
        with self._lock:
            self._cache[user_id] = (now + lifetime, person)
        return person

    def known_name(self, user_id: str) -> str | None:
        """Their display name if it is remembered, without asking Slack (for answers that
        must be quick, such as a picker's options)."""
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is None or cached[0] <= time.monotonic() or cached[1].display_name == user_id:
            return None
        return cached[1].display_name

    def zone_of(self, user_id: str) -> ZoneInfo:
        return self.get(user_id).zone

    def forget(self, user_id: str) -> None:
        with self._lock:
            self._cache.pop(user_id, None)

    def _fetch(self, user_id: str) -> tuple[Person, bool]:
        unknown = Person(user_id=user_id, zone=self._fallback_zone, display_name=user_id)
        try:
            client = self._client
            if isinstance(client, TeamClients):
                client = client.in_hand()
            response = client.users_info(user=user_id, include_locale=True)
        except SlackApiError as exc:
            error = exc.response.get("error")
            logger.warning("users.info failed for %s: %s", user_id, error)
            if error == "user_not_found":
                return replace(unknown, deleted=True), False
            return unknown, False
        except Exception:
            logger.exception("users.info failed for %s", user_id)
            return unknown, False
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name") or user_id
        zone = self._zone(user.get("tz"))
        person = Person(
            user_id=user_id,
            zone=zone or self._fallback_for(user.get("team_id")),
            zone_from_slack=zone is not None,
            display_name=str(name),
            is_admin=bool(user.get("is_admin")),
            is_owner=bool(user.get("is_owner")),
            deleted=bool(user.get("deleted")),
            locale=str(user["locale"]) if user.get("locale") else None,
        )
        return person, True

    def _zone(self, name: object) -> ZoneInfo | None:
        if isinstance(name, str) and name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                logger.warning("unknown time zone %r from Slack; using fallback", name)
        return None

    def _fallback_for(self, team_id: object) -> ZoneInfo:
        """The person's team's fallback zone, else the process's."""
        if self._team_zone is not None and isinstance(team_id, str) and team_id:
            try:
                return self._team_zone(team_id) or self._fallback_zone
            except Exception:
                logger.exception("could not read the team's fallback time zone")
        return self._fallback_zone
