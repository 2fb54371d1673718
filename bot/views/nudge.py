"""The morning DM: what needs the owner today, with buttons on every item."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
from bot.catalog.texts.nudges import text as t
from bot.catalog.tiers import tier_label
from bot.nudges.results import ItemKind, ItemState, NudgeLine, item_ref
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    header,
    message,
    option,
    plain,
    section,
)
from bot.views.formatting import customer_label, escape, mention, slack_date, truncate


def nudge_message(lines: list[NudgeLine], *, more: int, zone: ZoneInfo) -> Message:
    waiting = [line for line in lines if line.state in _OPEN]
    count = len(waiting) + more
    title = (t.NUDGE_TITLE_ONE if count == 1 else t.NUDGE_TITLE_MANY).format(count=count)
    if not waiting:
        title = t.NUDGE_ALL_DONE
    blocks: list[Block] = [header(title)]
    for line in lines:
        blocks.extend(_item_blocks(line, zone))
    if more:
        blocks.append(context(t.NUDGE_MORE.format(count=more)))
    return message(title, blocks)


_OPEN = (ItemState.OVERDUE, ItemState.DUE_TODAY, ItemState.PAST_CADENCE)


def _item_blocks(line: NudgeLine, zone: ZoneInfo) -> list[Block]:
    who = customer_label(line.customer) if line.customer else t.NUDGE_REMOVED_CUSTOMER
    text = _describe(line, who, zone)
    if line.state not in _OPEN:
        return [context(text)]
    block_id = block_of_item(line.kind, line.ref)
    value = item_ref(line.kind, line.ref)
    elements: list[Block] = []
    if line.kind is ItemKind.STEP:
        elements.append(button(msg.TODO_DONE, ids.NUDGE_DONE, value, style="primary"))
    elements.append(snooze_select(ids.NUDGE_SNOOZE, msg.TODO_SNOOZE))
    if line.kind is ItemKind.STEP:
        elements.append(reschedule_picker(ids.NUDGE_RESCHEDULE, msg.TODO_RESCHEDULE))
    elements.append(button(msg.TODO_LOG, ids.NUDGE_LOG, value))
    return [section(text), actions(elements, block_id=block_id)]


def snooze_select(action_id: str, placeholder: str) -> Block:
    """Snooze for a day, three days or a week (the values `bot.nudges.items.SNOOZES` knows)."""
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder),
        "options": [option(label, period) for period, label in t.NUDGE_SNOOZE_FOR.items()],
    }


def reschedule_picker(action_id: str, placeholder: str) -> Block:
    return {"type": "datepicker", "action_id": action_id, "placeholder": plain(placeholder)}


def block_of_item(kind: ItemKind, ref: int) -> str:
    """The block_id of an item's buttons: selects and date pickers carry no value of their own."""
    return f"nudge_{kind.value}_{ref}"


def item_of_block(block_id: str) -> str:
    """'nudge_step_12' -> 'step:12' (the form `item_ref` gives)."""
    return block_id.removeprefix("nudge_").replace("_", ":", 1)


def _describe(line: NudgeLine, who: str, zone: ZoneInfo) -> str:
    step = line.step
    what = escape(truncate(step.description, 500)) if step else ""
    if line.state is ItemState.OVERDUE and step and step.due_at:
        due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone)
        overdue = t.NUDGE_OVERDUE_ONE if line.days == 1 else t.NUDGE_OVERDUE_MANY
        return overdue.format(who=who, what=what, due=due, days=line.days)
    if line.state is ItemState.DUE_TODAY and step and step.due_at:
        due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone)
        return t.NUDGE_DUE_TODAY.format(who=who, what=what, due=due)
    if line.state is ItemState.PAST_CADENCE:
        return t.NUDGE_PAST_CADENCE.format(
            who=who, tier=escape(tier_label(line.tier)), days=line.days, cadence=line.cadence_days
        )
    if line.state is ItemState.DONE:
        return t.NUDGE_DONE_LINE.format(what=what, who=who)
    if line.state is ItemState.SNOOZED and line.until:
        until = slack_date(line.until, has_time=False, zone=zone)
        return t.NUDGE_SNOOZED_LINE.format(what=what or t.NUDGE_GET_IN_TOUCH, who=who, until=until)
    if line.state is ItemState.RESCHEDULED and line.until and step:
        due = slack_date(line.until, has_time=step.due_has_time, zone=zone)
        return t.NUDGE_MOVED_LINE.format(what=what, who=who, due=due)
    if line.state is ItemState.CONTACTED:
        return t.NUDGE_CONTACTED_LINE.format(who=who)
    return t.NUDGE_GONE_LINE.format(who=who)


def escalation_message(
    lines: list[NudgeLine], *, days: int, zone: ZoneInfo, more: int = 0
) -> Message:
    """For managers: steps overdue more than `days` days, grouped by owner; `more` counts the
    overdue steps beyond those listed."""
    by_owner: dict[str, list[NudgeLine]] = {}
    for line in lines:
        if line.step is not None:
            by_owner.setdefault(line.step.owner_id, []).append(line)
    total = sum(len(v) for v in by_owner.values()) + more
    heading = t.NUDGE_ESCALATION_TITLE_ONE if total == 1 else t.NUDGE_ESCALATION_TITLE_MANY
    title = heading.format(count=total, days=days)
    blocks: list[Block] = [header(title)]
    for owner, items in sorted(by_owner.items(), key=lambda kv: -len(kv[1]))[:45]:
        rows = [
            t.NUDGE_ESCALATION_ROW.format(
                customer=customer_label(i.customer),
                what=escape(truncate(i.step.description, 200)),
                days=i.days,
            )
            for i in items[:15]
            if i.customer and i.step
        ]
        extra = ""
        if len(items) > 15:
            extra = "\n" + t.NUDGE_ESCALATION_OWNER_MORE.format(count=len(items) - 15)
        owner_line = t.NUDGE_ESCALATION_OWNER.format(owner=mention(owner), count=len(items))
        blocks.append(section(owner_line + "\n" + "\n".join(rows) + extra))
    blocks = blocks[:49]
    if more:
        blocks.append(context(msg.ESCALATION_MORE.format(count=more)))
    return message(title, blocks)
