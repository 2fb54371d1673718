"""`/crm todo`: a person's open next steps — overdue, due today, due later this week (in their
own time zone) — with the morning DM's Done / Snooze / Reschedule on each.

Snoozed steps leave the list until their snooze ends, as in the morning DM. Reps see their own;
managers and admins may ask for anyone's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, NotAllowed
from bot.catalog.messages import msg
from bot.nudges.items import ItemKind, mark_step_done, reschedule_step, snooze_item
from bot.nudges.todo_results import TodoItem, TodoList
from storage import customers as customer_store
from storage import followups as store

MAX_ITEMS = 15
"""Steps one reply lists (two blocks each, within Slack's 50)."""


def todo_list(
    *, engine: Engine, asker: Asker, owner_id: str, zone: ZoneInfo, now: datetime
) -> TodoList:
    """`owner_id`'s list; `zone` is the owner's (their today and their week)."""
    with acting(engine, asker) as (session, actor):
        return _todo(session, actor, owner_id, zone, now)


def act_on_todo(
    *,
    engine: Engine,
    asker: Asker,
    action: str,
    step_id: int,
    choice: str | None,
    owner_id: str,
    zone: ZoneInfo,
    owner_zone: ZoneInfo,
    now: datetime,
) -> TodoList:
    """'done', 'snooze' (choice '1d'/'3d'/'7d') or 'reschedule' (choice an ISO date, read in
    the clicker's `zone`) on one step; then the list as it now stands, to redraw in place."""
    with acting(engine, asker) as (session, actor):
        if action == "done":
            mark_step_done(session=session, actor=actor, step_id=step_id, now=now)
        elif action == "snooze" and choice:
            snooze_item(
                session=session,
                actor=actor,
                kind=ItemKind.STEP,
                ref=step_id,
                period=choice,
                now=now,
            )
        elif action == "reschedule" and choice:
            day = date.fromisoformat(choice)
            reschedule_step(
                session=session, actor=actor, step_id=step_id, day=day, zone=zone, now=now
            )
        return _todo(session, actor, owner_id, owner_zone, now)


def _todo(
    session: Session,
    actor: Actor,
    owner_id: str,
    zone: ZoneInfo,
    now: datetime,
    limit: int = MAX_ITEMS,
) -> TodoList:
    if owner_id != actor.user_id and not actor.sees_everything:
        raise NotAllowed(msg.TODO_NOT_YOURS)
    today = now.astimezone(zone).date()
    end_of_today = _midnight_after(today, zone)
    end_of_week = _midnight_after(today + timedelta(days=6 - today.weekday()), zone)
    steps, total = store.open_steps_of_owner_due_before(
        session=session,
        team_id=actor.team_id,
        owner_id=owner_id,
        before=end_of_week,
        now=now,
        limit=limit,
    )
    customers = customer_store.list_customers_by_ids(
        session=session, team_id=actor.team_id, customer_ids=sorted({s.customer_id for s in steps})
    )
    by_id = {c.id: c for c in customers}
    listed = TodoList(owner_id=owner_id, mine=owner_id == actor.user_id, more=total - len(steps))
    for step in steps:
        assert step.due_at is not None
        item = TodoItem(step, by_id.get(step.customer_id))
        if step.due_at < now:
            listed.overdue.append(item)
        elif step.due_at < end_of_today:
            listed.today.append(item)
        else:
            listed.this_week.append(item)
    return listed


def open_steps_this_week(
    *, session: Session, actor: Actor, zone: ZoneInfo, now: datetime, limit: int
) -> TodoList:
    """The actor's own list, up to `limit` steps, inside the caller's transaction (the Home)."""
    return _todo(session, actor, actor.user_id, zone, now, limit)


def _midnight_after(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
