"""What every handler needs, built once per process and handed to Bolt listeners."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.slack.client import TeamClients
from bot.slack.people import PeopleDirectory
from bot.wiring.clock import Clock
from bot.wiring.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    clock: Clock
    people: PeopleDirectory
    clients: TeamClients
    """Each team's WebClient, with its own bot token."""

    @property
    def client(self) -> WebClient:
        """The WebClient of the team whose request is in hand (set by the app's middleware)."""
        return self.clients.in_hand()
