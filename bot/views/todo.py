"""`/crm todo`: open next steps grouped overdue / today / later this week, each with the
morning DM's Done, Snooze and Reschedule, and Log follow-up on its customer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.nudges import text as t
from bot.nudges.todo_results import TodoItem, TodoList, todo_block_id
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    header,
    message,
    section,
)
from bot.views.formatting import customer_label, escape, mention, slack_date, truncate
from bot.views.nudge import reschedule_picker, snooze_select

_STEP_LIMIT = 500


def todo_message(
    todo: TodoList, *, now: datetime, zone: ZoneInfo, note: str | None = None
) -> Message:
    """At most 15 items × 2 blocks + 7 (header, note, three group titles, "more", hint)."""
    if todo.mine:
        title = msg.TODO_TITLE_MINE
        blocks: list[Block] = [header(title)]
    else:
        title = msg.TODO_TITLE_OF.format(who=mention(todo.owner_id))
        blocks = [section(f"*{title}*")]
    if note:
        blocks.append(context(note))
    if todo.empty:
        blocks.append(section(msg.TODO_NOTHING))
    for heading, items in (
        (msg.TODO_OVERDUE, todo.overdue),
        (msg.TODO_TODAY, todo.today),
        (msg.TODO_THIS_WEEK, todo.this_week),
    ):
        if not items:
            continue
        blocks.append(section(heading))
        for item in items:
            blocks.extend(todo_item_blocks(item, todo.owner_id, now=now, zone=zone))
    if todo.more:
        blocks.append(context(msg.TODO_MORE.format(count=todo.more)))
    return message(title, blocks)


def todo_item_blocks(
    item: TodoItem, owner_id: str, *, now: datetime, zone: ZoneInfo
) -> list[Block]:
    """A step's line and its Done / Snooze / Reschedule / Log follow-up (also on the Home)."""
    step = item.step
    who = customer_label(item.customer) if item.customer else t.NUDGE_REMOVED_CUSTOMER
    what = escape(truncate(step.description, _STEP_LIMIT))
    due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone) if step.due_at else ""
    days = 0
    if step.due_at is not None and step.due_at < now:
        days = max((now - step.due_at) // timedelta(days=1), 0)
    line = t.NUDGE_TODO_ITEM
    if days:
        line = t.NUDGE_TODO_ITEM_LATE_ONE if days == 1 else t.NUDGE_TODO_ITEM_LATE_MANY
    elements: list[Block] = [
        button(msg.TODO_DONE, ids.TODO_DONE, str(step.id), style="primary"),
        snooze_select(ids.TODO_SNOOZE, msg.TODO_SNOOZE),
        reschedule_picker(ids.TODO_RESCHEDULE, msg.TODO_RESCHEDULE),
    ]
    if item.customer is not None:
        elements.append(button(msg.TODO_LOG, ids.CUSTOMER_LOG_FOLLOWUP, str(item.customer.id)))
    return [
        section(line.format(who=who, what=what, due=due, days=days)),
        actions(elements, block_id=todo_block_id(step.id or 0, owner_id)),
    ]
