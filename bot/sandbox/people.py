"""The sandbox's team: who you can be (`:as rep`), and the channels the bot posts in."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.sandbox.standin import StandInSlack


@dataclass(frozen=True)
class Persona:
    key: str
    """What `:as` takes."""
    user_id: str
    name: str
    role: str
    zone: str
    locale: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def describe(self) -> str:
        return f"{self.name} ({self.role}, {self.locale}, {self.zone})"


PERSONAS = (
    Persona("rep", "U0REP0001", "Emily Carter", "rep", "America/New_York", "en-US"),
    Persona("rep2", "U0REP0002", "李雷", "rep", "Asia/Shanghai", "zh-CN"),
    Persona("manager", "U0MGR0001", "Priya Nair", "manager", "Europe/London", "en-GB"),
    Persona("admin", "U0ADMIN01", "王芳", "admin", "Asia/Shanghai", "zh-CN"),
)
REPS = tuple(p.user_id for p in PERSONAS if p.role == "rep")
CHANNELS = {"sales": "C0SALES01", "general": "C0GENERAL1"}
"""Channels by name; a command typed in the sandbox is typed in #sales."""


def persona_named(text: str) -> Persona | None:
    """`rep`, `rep2`, `manager`, `admin`, a user ID or (part of) a name."""
    wanted = text.strip().lstrip("@").casefold()
    if not wanted:
        return None
    for persona in PERSONAS:
        if wanted in (persona.key, persona.user_id.casefold(), persona.name.casefold()):
            return persona
    found = [p for p in PERSONAS if wanted in p.name.casefold()]
    return found[0] if len(found) == 1 else None


def channel_named(text: str) -> str | None:
    wanted = text.strip().lstrip("#").casefold()
    if wanted in CHANNELS:
        return CHANNELS[wanted]
    return wanted.upper() if wanted.upper() in CHANNELS.values() else None


def channel_name(channel_id: str) -> str:
    for name, known in CHANNELS.items():
        if known == channel_id:
            return name
    return channel_id


def add_people(slack: StandInSlack) -> None:
    for persona in PERSONAS:
        slack.add_user(
            persona.user_id,
            tz=persona.zone,
            name=persona.name,
            locale=persona.locale,
            is_admin=persona.role == "admin",
        )
