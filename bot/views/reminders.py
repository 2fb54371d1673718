"""The reminder DM before a next step with a clock time (the nudge DM's buttons on one step),
and the owner's notice of follow-ups others logged on their customer."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.reminders import text as t
from bot.nudges.results import ItemState, NudgeLine, item_ref
from bot.reminders.results import OwnerNotice
from bot.views import ids
from bot.views.blocks import Block, Message, actions, button, context, message, section
from bot.views.formatting import customer_label, escape, mention, slack_date, truncate
from bot.views.nudge import block_of_item, nudge_message, reschedule_picker, snooze_select

OPEN = (ItemState.OVERDUE, ItemState.DUE_TODAY)


def reminder_message(line: NudgeLine, *, zone: ZoneInfo, now: datetime) -> Message:
    """The step as it stands now: with Done / Snooze / Reschedule / Log follow-up while it is
    open, one line saying what became of it once it is not."""
    step = line.step
    who = customer_label(line.customer) if line.customer else t.REMINDER_REMOVED_CUSTOMER
    what = escape(truncate(step.description, 500)) if step else ""
    if line.state not in OPEN or step is None or step.due_at is None:
        said = _settled(line, who, what, zone)
        return message(said, [section(said)])
    due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone)
    minutes = math.ceil((step.due_at - now) / timedelta(minutes=1))
    if minutes > 0:
        said = t.REMINDER_SOON.format(minutes=minutes, who=who, what=what, due=due)
        notify = t.REMINDER_NOTIFY_SOON.format(minutes=minutes, what=what)
    else:
        said = t.REMINDER_NOW.format(who=who, what=what, due=due)
        notify = t.REMINDER_NOTIFY_NOW.format(what=what)
    value = item_ref(line.kind, line.ref)
    buttons: list[Block] = [
        button(msg.TODO_DONE, ids.NUDGE_DONE, value, style="primary"),
        snooze_select(ids.NUDGE_SNOOZE, msg.TODO_SNOOZE),
        reschedule_picker(ids.NUDGE_RESCHEDULE, msg.TODO_RESCHEDULE),
        button(msg.TODO_LOG, ids.NUDGE_LOG, value),
    ]
    return message(
        notify, [section(said), actions(buttons, block_id=block_of_item(line.kind, line.ref))]
    )


def _settled(line: NudgeLine, who: str, what: str, zone: ZoneInfo) -> str:
    if line.state is ItemState.DONE:
        return t.REMINDER_DONE_LINE.format(what=what, who=who)
    if line.state is ItemState.SNOOZED and line.until:
        until = slack_date(line.until, has_time=False, zone=zone)
        return t.REMINDER_SNOOZED_LINE.format(what=what, who=who, until=until)
    if line.state is ItemState.RESCHEDULED and line.until and line.step:
        due = slack_date(line.until, has_time=line.step.due_has_time, zone=zone)
        return t.REMINDER_MOVED_LINE.format(what=what, who=who, due=due)
    return t.REMINDER_GONE_LINE.format(what=what, who=who)


def owner_notice_message(notice: OwnerNotice) -> Message:
    """One follow-up quoted whole, several listed (the first few, the rest counted)."""
    customer = customer_label(notice.customer)
    if notice.total == 1:
        [only] = notice.followups
        said = t.REMINDER_NOTICE_ONE.format(
            author=mention(only.author_id), customer=customer, what=_what(only.text, 1500)
        )
        return message(said, [section(said)])
    heading = t.REMINDER_NOTICE_MANY.format(count=notice.total, customer=customer)
    rows = [
        t.REMINDER_NOTICE_ROW.format(
            author=mention(f.author_id),
            method=msg.METHOD_NAMES.get(f.method, f.method),
            what=_what(f.text, 300),
        )
        for f in notice.followups
    ]
    blocks: list[Block] = [section(heading + "\n" + "\n".join(rows))]
    if notice.total > len(notice.followups):
        more = notice.total - len(notice.followups)
        blocks.append(context(t.REMINDER_NOTICE_MORE.format(count=more, code=notice.customer.code)))
    return message(heading, blocks)


def _what(text: str, limit: int) -> str:
    return escape(truncate(" ".join(text.split()), limit))


def redrawn_dm(
    kind: str, lines: list[NudgeLine], *, more: int, zone: ZoneInfo, now: datetime
) -> Message:
    """A DM whose item buttons were used, drawn again: the morning nudge, or a reminder."""
    if kind == "reminder" and lines:
        return reminder_message(lines[0], zone=zone, now=now)
    return nudge_message(lines, more=more, zone=zone)
