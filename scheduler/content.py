"""What each kind of ledger row says, drawn from the database at the moment it is sent."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.catalog.language import Language, language_named, speaking
from bot.catalog.texts.reports import text as reports
from bot.digest.build import DigestData, build_digest
from bot.nudges.items import ItemState, nudge_lines
from bot.reminders.notices import owner_notice
from bot.slack.people import PeopleDirectory
from bot.views.blocks import Message
from bot.views.digest import digest_message
from bot.views.followup import plain_message
from bot.views.nudge import escalation_message, nudge_message
from bot.views.reminders import OPEN as REMINDER_OPEN
from bot.views.reminders import owner_notice_message, reminder_message
from scheduler.delivery import Content
from storage import scheduling
from storage.models import OutboundMessage

_OPEN = (ItemState.OVERDUE, ItemState.DUE_TODAY, ItemState.PAST_CADENCE)

DigestKey = tuple[str, str, str, tuple[str, ...] | None]
"""(team, at, week, tiers): one digest, whichever rows (message, chart) show it."""


class ContentMaker:
    """Renders ledger rows for one delivery run. A digest is built once per run and shared by
    its message and its chart."""

    def __init__(self, people: PeopleDirectory) -> None:
        self._people = people
        self._digests: dict[DigestKey, DigestData] = {}

    def __call__(self, session: Session, row: OutboundMessage, now: datetime) -> Content | None:
        payload = row.payload
        zone = ZoneInfo(str(payload.get("zone") or "UTC"))
        if row.kind in ("nudge", "escalation", "reminder"):
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
        if row.kind == "reminder":
            [line] = lines
            if row.attempts == 0 and line.state not in REMINDER_OPEN:
                return None  # done, snoozed, moved or gone before it went out
            return Content(reminder_message(line, zone=zone, now=now))
        if row.kind == "notice":
            notice = owner_notice(
                session=session, team_id=row.team_id, payload=payload, reader=row.recipient
            )
            return Content(owner_notice_message(notice)) if notice else None
        if row.kind == "escalation":
            open_lines = [line for line in lines if line.state in _OPEN]
            if not open_lines:
                return None
            more = int(payload.get("more", 0))
            return Content(
                escalation_message(open_lines, days=int(payload["days"]), zone=zone, more=more)
            )
        if row.kind in ("digest", "chart"):
            with speaking(self._channel_language(session, row)):
                return self._digest_content(session, row)
        if row.kind == "report":
            return Content(plain_message(str(payload["text"])))
        if row.kind == "message":
            return Content(
                Message(text=str(payload["text"]), blocks=list(payload.get("blocks") or []))
            )
        raise ValueError(f"unknown outbound kind {row.kind!r}")

    def _digest_content(self, session: Session, row: OutboundMessage) -> Content:
        """The digest message or its chart, in the language being written."""
        data = self._digest(session, row)
        tiers = row.payload.get("tiers")
        if row.kind == "digest":
            return Content(digest_message(data, only_tiers=list(tiers) if tiers else None))
        from bot.views.chart import digest_chart_png  # matplotlib: only when a chart is due

        names = {
            user: self._people.get(user).display_name for user, _ in data.followups_per_rep.shown
        }
        return Content(
            file=digest_chart_png(data, names),
            filename=str(row.payload["filename"]),
            title=reports.CHART_FILE_TITLE.format(week=data.week),
        )

    @staticmethod
    def _channel_language(session: Session, row: OutboundMessage) -> Language:
        """The language the channel's digest is set to (English once the channel is gone)."""
        channel = scheduling.get_digest_channel(
            session=session, team_id=row.team_id, channel_id=row.recipient
        )
        try:
            return (language_named(channel.language) if channel else None) or Language.EN
        except ValueError:
            return Language.EN

    def _digest(self, session: Session, row: OutboundMessage) -> DigestData:
        payload = row.payload
        tiers = payload.get("tiers")
        key: DigestKey = (
            row.team_id,
            str(payload["at"]),
            str(payload["week"]),
            tuple(tiers) if tiers else None,
        )
        if key not in self._digests:
            self._digests[key] = build_digest(
                session=session,
                team_id=row.team_id,
                now=datetime.fromisoformat(str(payload["at"])),
                week=str(payload["week"]),
                tiers=list(tiers) if tiers else None,
            )
        return self._digests[key]
