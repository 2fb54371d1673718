"""Whose bot token a Web API call uses: the team's own.

In single-token mode (SLACK_BOT_TOKEN) every team gets that token, as before OAuth. In OAuth
mode each workspace's token is the one it installed the app with, read from slack_sdk's
installation store (storage.installations); a team that has not installed the app, or has
uninstalled it, has none.
"""

from __future__ import annotations

from typing import Protocol

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.engine import Engine

from bot.wiring.logs import keep_secret
from bot.wiring.settings import Settings
from storage.installations import (
    bot_token_of_team,
    forget_team,
    forget_users,
    installation_store,
)


class NotInstalled(Exception):
    """The team has no bot token: it never installed the app, or uninstalled it."""


class TeamTokens(Protocol):
    def bot_token(self, team_id: str | None) -> str:
        """The team's bot token; NotInstalled when it has none."""

    def forget(
        self, *, team_id: str, enterprise_id: str | None = None, user_ids: list[str] | None = None
    ) -> None:
        """The team uninstalled the app or revoked its tokens (`user_ids`: only theirs)."""


class SingleToken:
    """SLACK_BOT_TOKEN for every team."""

    def __init__(self, token: str) -> None:
        self._token = token

    def bot_token(self, team_id: str | None) -> str:
        return self._token

    def forget(
        self, *, team_id: str, enterprise_id: str | None = None, user_ids: list[str] | None = None
    ) -> None:
        """Nothing is stored: the operator removes SLACK_BOT_TOKEN."""


class InstalledTokens:
    """Each team's token from the installation store, read when needed (a few ms; an
    uninstall in any process takes effect at once)."""

    def __init__(self, store: SQLAlchemyInstallationStore) -> None:
        self.store = store

    def bot_token(self, team_id: str | None) -> str:
        token = bot_token_of_team(self.store, team_id=team_id) if team_id else None
        if token is None:
            raise NotInstalled(f"no installation for team {team_id}")
        keep_secret([token])
        return token

    def forget(
        self, *, team_id: str, enterprise_id: str | None = None, user_ids: list[str] | None = None
    ) -> None:
        if user_ids is None:
            forget_team(self.store, team_id=team_id, enterprise_id=enterprise_id)
        else:
            forget_users(
                self.store, team_id=team_id, enterprise_id=enterprise_id, user_ids=user_ids
            )


def team_tokens(settings: Settings, engine: Engine) -> TeamTokens:
    """OAuth mode: the installation store on the app's database; else SLACK_BOT_TOKEN."""
    if settings.oauth_mode:
        assert settings.slack_client_id is not None
        return InstalledTokens(installation_store(engine, client_id=settings.slack_client_id))
    return SingleToken(settings.bot_token())
