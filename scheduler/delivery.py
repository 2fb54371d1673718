"""Sending what the ledger holds, exactly once as far as a person can tell.

Each ledger row goes pending → sending → sent. "sending" is committed before the message is
handed to Slack, so a process that dies mid-send leaves a trace: the next attempt first looks
for the message in the conversation (every message carries its ledger key in Slack message
metadata, every chart its key in the file name) and, when it is there, only updates it.

No transaction is open while Slack is called: what a row says is read in one short transaction,
the row is taken in another (a compare-and-set on its attempt count), and the outcome recorded
in a third, only if no other process has taken the row for a later attempt since.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.catalog.language import Language, current_language, language_named, speaking
from bot.slack.client import TeamClients
from bot.slack.tokens import NotInstalled
from bot.slack.workspace import working_for
from bot.views.blocks import Message
from storage import scheduling as store
from storage.database import unit_of_work
from storage.models import OutboundMessage, OutboundStatus

logger = logging.getLogger(__name__)

METADATA_EVENT = "crm_outbound"
DM_KINDS = frozenset({"nudge", "escalation", "report", "message", "reminder", "notice"})
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "restricted_action",
        "no_permission",
        "missing_scope",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "invalid_blocks",
        "msg_too_long",
    }
)
NOT_INSTALLED = "not_installed"
"""The row's team uninstalled the app (OAuth mode): nothing can reach it, nobody to tell."""
MAX_BACKOFF = timedelta(hours=1)
LANGUAGE = "language"
"""The payload entry naming the language a row is written in (its reader's, when planned)."""


@dataclass(frozen=True)
class Content:
    """What to send for a ledger row: a message, or a file (the digest chart)."""

    message: Message | None = None
    file: bytes | None = None
    filename: str = ""
    title: str = ""


Render = Callable[[Session, OutboundMessage, datetime], Content | None]
"""What a row says now; None when there is nothing to say any more (the row is skipped)."""


@dataclass
class Delivered:
    sent: int = 0
    recovered: int = 0
    retrying: int = 0
    failed: list[OutboundMessage] | None = None


class Courier:
    """Sends each row with the bot token of the row's own team (`clients`)."""

    def __init__(self, engine: Engine, clients: TeamClients, render: Render) -> None:
        self._engine = engine
        self._clients = clients
        self._render = render

    def _client(self, row: OutboundMessage) -> WebClient:
        return self._clients.for_team(row.team_id)

    def deliver_due(self, now: datetime) -> Delivered:
        with unit_of_work(self._engine) as session:
            due = store.due_outbound(session=session, now=now)
        result = Delivered(failed=[])
        for outbound_id in due:
            try:
                self._deliver(outbound_id, now, result)
            except Exception:
                logger.exception("delivering outbound message %s failed", outbound_id)
        return result

    def deliver_one(self, outbound_id: int, now: datetime) -> Delivered:
        """Send one row now (a reply that could not go the usual way); what fails stays in
        the ledger for the scheduler's next run."""
        result = Delivered(failed=[])
        try:
            self._deliver(outbound_id, now, result)
        except Exception:
            logger.exception("delivering outbound message %s failed", outbound_id)
        return result

    def _deliver(self, outbound_id: int, now: datetime, result: Delivered) -> None:
        prepared = self._prepare(outbound_id, now)
        if prepared is None:
            return
        seen, content = prepared
        was_sending = seen.status == OutboundStatus.SENDING
        try:
            channel = seen.channel or self._channel_for(seen)
        except Exception as exc:
            self._not_sent(seen, exc, now, result, may_have_arrived=was_sending)
            return
        row = self._take(seen, channel, now)
        if row is None:
            return
        try:
            if was_sending:
                ts = self._find_sent(row, content)
                if ts is not None:
                    self._update(row, content, ts)
                    self._mark_sent(row, ts, now)
                    result.recovered += 1
                    return
            ts = self._send(row, content)
        except Exception as exc:
            self._not_sent(row, exc, now, result, may_have_arrived=True)
            return
        self._mark_sent(row, ts, now)
        result.sent += 1

    def _not_sent(
        self,
        row: OutboundMessage,
        exc: Exception,
        now: datetime,
        result: Delivered,
        *,
        may_have_arrived: bool,
    ) -> None:
        if isinstance(exc, NotInstalled):
            self._mark_failed(row, NOT_INSTALLED, now)
            return
        if isinstance(exc, SlackApiError):
            error = str(exc.response.get("error") or exc.response.status_code)
            if error in PERMANENT_ERRORS:
                self._mark_failed(row, error, now)
                assert result.failed is not None
                result.failed.append(row)
            else:
                retry_after = exc.response.headers.get("Retry-After") if exc.response else None
                self._retry_later(row, error, now, retry_after, still_sending=False)
                result.retrying += 1
            return
        # A timeout or a dropped connection: the message may have arrived. Stay "sending",
        # so the next attempt looks for it before sending again.
        logger.warning("sending %s failed: %r; will check and retry", row.key, exc)
        self._retry_later(row, type(exc).__name__, now, None, still_sending=may_have_arrived)
        result.retrying += 1

    def _prepare(self, outbound_id: int, now: datetime) -> tuple[OutboundMessage, Content] | None:
        """The row and what it says now, read in one short transaction that locks nothing (a row
        with nothing left to say is skipped)."""
        with unit_of_work(self._engine) as session:
            row = store.get_outbound(session=session, outbound_id=outbound_id)
            if row is None or row.status not in (OutboundStatus.PENDING, OutboundStatus.SENDING):
                return None
            if row.next_attempt_at > now:
                return None
            with speaking(written_in(row)), working_for(row.team_id):
                content = self._render(session, row, now)
        if content is None:
            with unit_of_work(self._engine) as session:
                store.skip_outbound(session=session, outbound_id=outbound_id, attempts=row.attempts)
            return None
        return row, content

    def _take(self, seen: OutboundMessage, channel: str, now: datetime) -> OutboundMessage | None:
        """Move the row to 'sending' for one more attempt (compare-and-set on attempts, so two
        processes cannot both take it); committed before Slack sees the message."""
        assert seen.id is not None
        with unit_of_work(self._engine) as session:
            return store.take_outbound(
                session=session,
                outbound_id=seen.id,
                attempts=seen.attempts,
                channel=channel,
                next_attempt_at=now + _backoff(seen.attempts + 1),
            )

    def _channel_for(self, row: OutboundMessage) -> str:
        if row.kind in DM_KINDS:
            opened = self._client(row).conversations_open(users=row.recipient)
            return str(opened["channel"]["id"])
        return row.recipient

    def _send(self, row: OutboundMessage, content: Content) -> str:
        assert row.channel is not None
        if content.file is not None:
            upload = self._client(row).files_upload_v2(
                channel=row.channel,
                file=content.file,
                filename=content.filename,
                title=content.title,
            )
            return str((upload.get("file") or {}).get("id") or "file")
        assert content.message is not None
        response = self._client(row).chat_postMessage(
            channel=row.channel,
            text=content.message.text,
            blocks=content.message.blocks,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": row.key}},
            unfurl_links=False,
        )
        return str(response["ts"])

    def _find_sent(self, row: OutboundMessage, content: Content) -> str | None:
        """The ts of this row's message if an earlier attempt got it to Slack."""
        assert row.channel is not None
        oldest = f"{row.created_at.timestamp() - 60:.6f}"
        history = self._client(row).conversations_history(
            channel=row.channel, oldest=oldest, include_all_metadata=True, limit=200
        )
        for found in history.get("messages") or []:
            payload = (found.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == row.key:
                return str(found["ts"])
            if content.file is not None and any(
                f.get("name") == content.filename for f in found.get("files") or []
            ):
                return str(found["ts"])
        return None

    def _update(self, row: OutboundMessage, content: Content, ts: str) -> None:
        if content.message is None or row.channel is None:
            return
        self._client(row).chat_update(
            channel=row.channel, ts=ts, text=content.message.text, blocks=content.message.blocks
        )

    def _mark_sent(self, row: OutboundMessage, ts: str, now: datetime) -> None:
        self._set(row, status=OutboundStatus.SENT.value, ts=ts, sent_at=now, last_error=None)

    def _mark_failed(self, row: OutboundMessage, error: str, now: datetime) -> None:
        logger.error("giving up on %s: %s", row.key, error)
        row.status, row.last_error = OutboundStatus.FAILED.value, error[:200]
        self._set(row, status=row.status, last_error=row.last_error)

    def _retry_later(
        self,
        row: OutboundMessage,
        error: str,
        now: datetime,
        retry_after: str | None,
        *,
        still_sending: bool,
    ) -> None:
        wait = _backoff(row.attempts)
        if retry_after and retry_after.isdigit():
            wait = max(wait, timedelta(seconds=int(retry_after)))
        status = OutboundStatus.SENDING if still_sending else OutboundStatus.PENDING
        self._set(row, status=status.value, last_error=error[:200], next_attempt_at=now + wait)

    def _set(self, row: OutboundMessage, **values: Any) -> None:
        assert row.id is not None
        with unit_of_work(self._engine) as session:
            store.set_outbound(
                session=session, outbound_id=row.id, attempts=row.attempts, values=values
            )


def written_in(row: OutboundMessage) -> Language:
    """The language `row` is drawn in: the one its payload names, else the current one."""
    return language_named(row.payload.get(LANGUAGE)) or current_language()


def _backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … up to an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)
