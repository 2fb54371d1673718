"""Buttons in the morning DM. Each acts on one item in one transaction and returns the DM as it
should now read, so the handler can update it in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.nudges.items import (
    ItemKind,
    NudgeLine,
    mark_step_done,
    nudge_lines,
    parse_item_ref,
    reschedule_step,
    snooze_item,
)
from storage import customers as customer_store
from storage import followups as step_store
from storage import scheduling as store
from storage.database import unit_of_work
from storage.models import Customer

DRAWN_AGAIN = ("nudge", "reminder")
"""The ledger kinds whose message the item buttons redraw in place."""


@dataclass(frozen=True)
class NudgeNow:
    """A nudge DM's items as they stand now, for drawing it again in place."""

    lines: list[NudgeLine]
    more: int
    zone: ZoneInfo
    kind: str = "nudge"
    """'nudge' (the morning DM) or 'reminder' (one step's DM before its time)."""


def act_on_nudge(
    *,
    engine: Engine,
    asker: Asker,
    channel: str,
    ts: str,
    action: str,
    item: str,
    choice: str | None,
    zone: ZoneInfo,
    now: datetime,
) -> NudgeNow | None:
    """`action` is 'done', 'snooze' (choice '1d'/'3d'/'7d') or 'reschedule' (choice a date).
    Returns the redrawn DM, or None if the message is not a nudge this app sent."""
    kind, ref = parse_item_ref(item)
    with acting(engine, asker) as (session, actor):
        if action == "done" and kind is ItemKind.STEP:
            mark_step_done(session=session, actor=actor, step_id=ref, now=now)
        elif action == "snooze" and choice:
            snooze_item(session=session, actor=actor, kind=kind, ref=ref, period=choice, now=now)
        elif action == "reschedule" and choice and kind is ItemKind.STEP:
            day = date.fromisoformat(choice)
            reschedule_step(session=session, actor=actor, step_id=ref, day=day, zone=zone, now=now)
        return _redraw(session, actor.team_id, channel, ts, now)


def redraw_nudge(
    *, engine: Engine, team_id: str, channel: str, ts: str, now: datetime
) -> NudgeNow | None:
    with unit_of_work(engine) as session:
        return _redraw(session, team_id, channel, ts, now)


def _redraw(
    session: Session, team_id: str, channel: str, ts: str, now: datetime
) -> NudgeNow | None:
    row = store.find_outbound_by_message(session=session, team_id=team_id, channel=channel, ts=ts)
    if row is None or row.kind not in DRAWN_AGAIN:
        return None
    lines = nudge_lines(
        session=session,
        team_id=team_id,
        items=list(row.payload["items"]),
        planned_at=row.created_at,
        now=now,
    )
    zone = ZoneInfo(str(row.payload.get("zone") or "UTC"))
    return NudgeNow(lines, more=int(row.payload.get("more", 0)), zone=zone, kind=row.kind)


def customer_of_item(*, engine: Engine, team_id: str, item: str) -> Customer | None:
    """The customer an item is about, for 'Log follow-up'."""
    kind, ref = parse_item_ref(item)
    with unit_of_work(engine) as session:
        if kind is ItemKind.STEP:
            step = step_store.get_next_step(session=session, team_id=team_id, step_id=ref)
            if step is None:
                return None
            ref = step.customer_id
        return customer_store.get_customer(session=session, team_id=team_id, customer_id=ref)
