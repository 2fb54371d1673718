"""What each kind of ledger row says, drawn from the database at the moment it is sent."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.digest.build import build_digest
from bot.nudges.items import ItemState, nudge_lines
from bot.slack.people import PeopleDirectory
from bot.views.chart import digest_chart_png
from bot.views.digest import digest_message
from bot.views.followup import plain_message
from bot.views.nudge import escalation_message, nudge_message
from scheduler.delivery import Content
from storage.models import OutboundMessage

_OPEN = (ItemState.OVERDUE, ItemState.DUE_TODAY, ItemState.PAST_CADENCE)


class ContentMaker:
    def __init__(self, people: PeopleDirectory) -> None:
        self._people = people

    def __call__(self, session: Session, row: OutboundMessage, now: datetime) -> Content | None:
        payload = row.payload
        zone = ZoneInfo(str(payload.get("zone") or "UTC"))
        if row.kind in ("nudge", "escalation"):
            lines = nudge_lines(
                session=session,
                team_id=row.team_id,
                items=list(payload["items"]),
                planned_at=row.created_at,
                now=now,
            )
        if row.kind == "nudge":
            if row.attempts == 0 and not any(line.state in _OPEN for line in lines):
                return None  # everything was handled before the message went out
            return Content(nudge_message(lines, more=int(payload.get("more", 0)), zone=zone))
        if row.kind == "escalation":
            open_lines = [line for line in lines if line.state in _OPEN]
            if not open_lines:
                return None
            return Content(escalation_message(open_lines, days=int(payload["days"]), zone=zone))
        if row.kind in ("digest", "chart"):
            data = build_digest(
                session=session,
                team_id=row.team_id,
                now=datetime.fromisoformat(str(payload["at"])),
                week=str(payload["week"]),
                tiers=payload.get("tiers"),
            )
            if row.kind == "digest":
                note = ", ".join(payload["tiers"]) + " only" if payload.get("tiers") else ""
                return Content(digest_message(data, channel_note=note))
            names = {user: self._people.get(user).display_name for user in data.followups_per_rep}
            return Content(
                file=digest_chart_png(data, names),
                filename=str(payload["filename"]),
                title=f"Customer digest {data.week}",
            )
        if row.kind == "report":
            return Content(plain_message(str(payload["text"])))
        raise ValueError(f"unknown outbound kind {row.kind!r}")
