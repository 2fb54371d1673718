"""From a `/followup` line to a stored follow-up: find the customer, or ask which one.

Each public function here is one user action and runs in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.catalog.payloads import Unreadable
from bot.customers.matching import Outcome
from bot.customers.resolution import CODE_PATTERN, Resolution, resolve_customer
from bot.dates.checks import due_concerns
from bot.dates.parse import Due, extract_due
from bot.followups.record import log_followup
from bot.followups.results import (
    ArchivedCustomerNamed,
    AskWhichCustomer,
    ConfirmCustomer,
    DraftExpired,
    FollowUpReply,
    LoggedFollowUp,
    NothingToLog,
    OfferNewCustomer,
    ShowUsage,
    UnknownCode,
)
from bot.followups.text import clean_slack_text, infer_method, split_followup_line
from storage import customers as customer_store
from storage import followups as followup_store
from storage.database import unit_of_work
from storage.models import Customer, FollowUpMethod
from storage.records import delete_draft, get_draft, save_draft

logger = logging.getLogger(__name__)

DRAFT_KIND = "followup"
REPEAT_WINDOW = timedelta(minutes=10)
"""The same line from the same person about the same customer within this is one follow-up
(Slack's retry after an answer it never got, or a double send), not two."""
_NOT_NAMES = """
    list all help new add create todo mine undo edit delete remove history show find search
    called call calls met meet meeting emailed email visited visit sent spoke talked pinged
    列表 全部 帮助 新建 待办 删除 编辑
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())
"""Command words and English verbs: never a new customer's name, so never offered as one."""
_TRIM = " \t,，:：;；-—"


def take_followup_line(
    *, engine: Engine, team_id: str, user_id: str, text: str, zone: ZoneInfo, now: datetime
) -> FollowUpReply:
    """Handle the text of `/followup …` typed by `user_id` (whose zone is `zone`)."""
    text = clean_slack_text(text)
    if not text or text.casefold() in {"help", "?", "帮助"}:
        return ShowUsage()
    line = split_followup_line(text)
    if not line.subject:
        return ShowUsage()
    first_word = line.subject.split(maxsplit=1)[0].casefold().strip(":：,，")
    if first_word in NOT_NAMES:
        return ShowUsage(first_word)
    with unit_of_work(engine) as session:
        found = resolve_customer(session=session, team_id=team_id, text=line.subject)
        if found.outcome is Outcome.FOUND:
            customer = found.customers[0]
            if customer.archived_at is not None:  # only a code finds an archived customer
                return ArchivedCustomerNamed(customer)
            return _log(
                session, customer, user_id, text, found.rest_for(customer.id or 0), zone, now
            )
        first = line.subject.split(maxsplit=1)[0]
        if CODE_PATTERN.match(first):
            return UnknownCode(first.upper())
        draft = save_draft(
            session=session,
            team_id=team_id,
            user_id=user_id,
            kind=DRAFT_KIND,
            payload=_draft_payload(text, found),
            at=now,
        )
        if found.asks:
            typed = line.subject[: max(found.cuts.values())].strip() or found.name_guess
            if found.outcome is Outcome.CONFIRM:
                return ConfirmCustomer(draft.id, found.customers[0], found.name_guess, typed)
            return AskWhichCustomer(draft.id, found.customers, found.name_guess, typed)
        if found.name_guess.casefold() in NOT_NAMES:
            return ShowUsage(found.name_guess.casefold())
        return OfferNewCustomer(draft.id, found.name_guess)


def _draft_payload(text: str, found: Resolution) -> dict[str, Any]:
    subject = split_followup_line(text).subject
    guess_cut = subject.find(found.name_guess) + len(found.name_guess)
    if subject[:1] in "\"“「『'‘":
        closing = subject.find(found.name_guess) + len(found.name_guess) + 1
        guess_cut = min(closing, len(subject))
    return {
        "text": text,
        "cuts": {str(k): v for k, v in found.cuts.items()},
        "guess_cut": max(guess_cut, 0),
        "name_guess": found.name_guess,
    }


def log_draft_on_customer(
    *,
    engine: Engine,
    team_id: str,
    user_id: str,
    draft_id: str,
    customer_id: int,
    zone: ZoneInfo,
    now: datetime,
) -> FollowUpReply:
    """The person picked `customer_id` for an earlier `/followup` line: log it there."""
    with unit_of_work(engine) as session:
        return log_draft_in_session(
            session=session,
            team_id=team_id,
            user_id=user_id,
            draft_id=draft_id,
            customer_id=customer_id,
            zone=zone,
            now=now,
        )


def log_draft_in_session(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    draft_id: str,
    customer_id: int,
    zone: ZoneInfo,
    now: datetime,
) -> FollowUpReply:
    """As `log_draft_on_customer`, inside a transaction the caller holds (e.g. one that has just
    created the customer), so both land or neither does."""
    draft = get_draft(session=session, team_id=team_id, draft_id=draft_id)
    if draft is None or draft.user_id != user_id or draft.kind != DRAFT_KIND:
        return DraftExpired()
    customer = customer_store.get_customer(
        session=session, team_id=team_id, customer_id=customer_id
    )
    if customer is None:
        return DraftExpired()
    if customer.archived_at is not None:  # archived since the person was asked
        return ArchivedCustomerNamed(customer)
    text = str(draft.payload["text"])
    cuts: dict[str, int] = draft.payload.get("cuts") or {}
    cut = int(cuts.get(str(customer_id), draft.payload.get("guess_cut", 0)))
    subject = split_followup_line(text).subject
    delete_draft(session=session, draft=draft)
    return _log(session, customer, user_id, text, subject[cut:].strip(_TRIM), zone, now)


def draft_name_guess(*, engine: Engine, team_id: str, user_id: str, draft_id: str) -> str | None:
    with unit_of_work(engine) as session:
        draft = get_draft(session=session, team_id=team_id, draft_id=draft_id)
        if draft is None or draft.user_id != user_id:
            return None
        return str(draft.payload.get("name_guess") or "")


def _log(
    session: Session,
    customer: Customer,
    user_id: str,
    text: str,
    summary: str,
    zone: ZoneInfo,
    now: datetime,
) -> FollowUpReply:
    line = split_followup_line(text)
    description, due = (None, None)
    if line.next_text:
        description, due = extract_due(line.next_text, now=now, tz=zone)
    if not summary and not description:
        return NothingToLog(customer)
    concerns = due_concerns(line.next_text or "", due, now=now, tz=zone) if description else []
    assert customer.id is not None
    same = followup_store.find_same_followup(
        session=session,
        customer_id=customer.id,
        author_id=user_id,
        raw_text=text,
        since=now - REPEAT_WINDOW,
    )
    if same is not None and same.id is not None:
        steps = followup_store.list_steps_from_followup(session=session, followup_id=same.id)
        return LoggedFollowUp(customer, same, steps[0] if steps else None, repeated=True)
    logged = log_followup(
        session=session,
        customer=customer,
        author_id=user_id,
        summary=summary,
        method=infer_method(summary),
        raw_text=text,
        step_description=description,
        step_due=due,
        now=now,
    )
    return replace(logged, date_concerns=tuple(concerns))


def method_named(method: str | None) -> FollowUpMethod | None:
    """The method a form's select gave (Unreadable if no select of this app gives it)."""
    if not method:
        return None
    try:
        return FollowUpMethod(method)
    except ValueError:
        raise Unreadable("not a follow-up method") from None


def due_from_pickers(
    day: str | None, at: str | None, *, zone: ZoneInfo, now: datetime
) -> Due | None:
    """A due date from a modal's date and time pickers (a time without a date means today).
    ValueError for a date the bot cannot keep (before 1900 or after 2999, or not a date)."""
    if not day and not at:
        return None
    try:
        local_day = date.fromisoformat(day) if day else None
        if local_day is not None and not 1900 <= local_day.year <= 2999:
            raise ValueError("a due date far outside any sales plan")
        if at:
            hour, minute = (int(part) for part in at.split(":")[:2])
            chosen_day = local_day or now.astimezone(zone).date()
            local = datetime.combine(chosen_day, time(hour, minute), tzinfo=zone)
            phrase = f"{day or ''} {at}".strip()
            return Due(at=local.astimezone(UTC), has_time=True, phrase=phrase)
        assert local_day is not None
        end_of_day = datetime.combine(local_day, time(23, 59, 59), tzinfo=zone)
        return Due(at=end_of_day.astimezone(UTC), has_time=False, phrase=str(day))
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"not a due date: {day!r} {at!r}") from None


class FutureDate(ValueError):
    """A follow-up's date after today in the person's zone."""


def occurred_from_picker(day: str | None, *, zone: ZoneInfo, now: datetime) -> datetime:
    """When a follow-up dated with a form's date picker happened: now for today (or no date),
    noon in the person's zone for an earlier day. ValueError for a later day or not a date."""
    today = now.astimezone(zone).date()
    try:
        chosen = date.fromisoformat(day) if day else today
    except (ValueError, TypeError):
        raise ValueError(f"not a date: {day!r}") from None
    if chosen > today:
        raise FutureDate(f"{chosen} is after today")
    if chosen == today:
        return now
    if chosen.year < 1900:
        raise ValueError("a follow-up dated before 1900")
    return datetime.combine(chosen, time(12, 0), tzinfo=zone).astimezone(UTC)


def log_from_modal(
    *,
    session: Session,
    customer: Customer,
    author_id: str,
    what: str,
    method: str | None,
    step: str | None,
    due: Due | None,
    now: datetime,
    occurred_at: datetime | None = None,
) -> LoggedFollowUp:
    chosen = method_named(method) or infer_method(what)
    return log_followup(
        session=session,
        customer=customer,
        author_id=author_id,
        summary=what.strip(),
        method=chosen,
        raw_text=what,
        step_description=(step or "").strip() or None,
        step_due=due if (step or "").strip() else None,
        now=now,
        occurred_at=occurred_at,
    )
