"""The morning DM: what needs the owner today, with buttons on every item."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.catalog.messages import msg
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

_SNOOZE_OPTIONS = [option("1 day", "1d"), option("3 days", "3d"), option("1 week", "7d")]


def nudge_message(lines: list[NudgeLine], *, more: int, zone: ZoneInfo) -> Message:
    waiting = [line for line in lines if line.state in _OPEN]
    count = len(waiting) + more
    title = f"Good morning! {count} thing{'s need' if count != 1 else ' needs'} you today"
    if not waiting:
        title = "All done for today :tada:"
    blocks: list[Block] = [header(title)]
    for line in lines:
        blocks.extend(_item_blocks(line, zone))
    if more:
        blocks.append(context(f"…and {more} more. Run `/customer` to see all your customers."))
    return message(title, blocks)


_OPEN = (ItemState.OVERDUE, ItemState.DUE_TODAY, ItemState.PAST_CADENCE)


def _item_blocks(line: NudgeLine, zone: ZoneInfo) -> list[Block]:
    who = customer_label(line.customer) if line.customer else "_a removed customer_"
    text = _describe(line, who, zone)
    if line.state not in _OPEN:
        return [context(text)]
    block_id = block_of_item(line.kind, line.ref)
    value = item_ref(line.kind, line.ref)
    elements: list[Block] = []
    if line.kind is ItemKind.STEP:
        elements.append(button("Done", ids.NUDGE_DONE, value, style="primary"))
    elements.append(snooze_select(ids.NUDGE_SNOOZE, "Snooze"))
    if line.kind is ItemKind.STEP:
        elements.append(reschedule_picker(ids.NUDGE_RESCHEDULE, "Reschedule"))
    elements.append(button("Log follow-up", ids.NUDGE_LOG, value))
    return [section(text), actions(elements, block_id=block_id)]


def snooze_select(action_id: str, placeholder: str) -> Block:
    """Snooze for a day, three days or a week (the values `bot.nudges.items.SNOOZES` knows)."""
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder),
        "options": _SNOOZE_OPTIONS,
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
        days = f"{line.days} day{'s' if line.days != 1 else ''}"
        return f":red_circle: *Overdue* · {who}: {what} — was due {due} ({days} ago)"
    if line.state is ItemState.DUE_TODAY and step and step.due_at:
        due = slack_date(step.due_at, has_time=step.due_has_time, zone=zone)
        return f":large_yellow_circle: *Due today* · {who}: {what} — {due}"
    if line.state is ItemState.PAST_CADENCE:
        return (
            f":hourglass: *Time to get in touch* · {who} ({escape(line.tier)}): last contact "
            f"{line.days} days ago, the tier asks for every {line.cadence_days} days"
        )
    if line.state is ItemState.DONE:
        return f":white_check_mark: ~{what}~ · {who} — done"
    if line.state is ItemState.SNOOZED and line.until:
        label = what or "get in touch"
        until = slack_date(line.until, has_time=False, zone=zone)
        return f":zzz: {label} · {who} — snoozed until {until}"
    if line.state is ItemState.RESCHEDULED and line.until and step:
        due = slack_date(line.until, has_time=step.due_has_time, zone=zone)
        return f":calendar: {what} · {who} — moved to {due}"
    if line.state is ItemState.CONTACTED:
        return f":white_check_mark: {who} — follow-up logged"
    return f"~{who}~ — no longer open"


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
    title = f"{total} next step{'s' if total != 1 else ''} overdue more than {days} days"
    blocks: list[Block] = [header(title)]
    for owner, items in sorted(by_owner.items(), key=lambda kv: -len(kv[1]))[:45]:
        rows = [
            f"• {customer_label(i.customer)}: "
            f"{escape(truncate(i.step.description, 200))} — {i.days} days"
            for i in items[:15]
            if i.customer and i.step
        ]
        extra = f"\n…and {len(items) - 15} more" if len(items) > 15 else ""
        blocks.append(section(f"{mention(owner)} ({len(items)})\n" + "\n".join(rows) + extra))
    blocks = blocks[:49]
    if more:
        blocks.append(context(msg.ESCALATION_MORE.format(count=more)))
    return message(title, blocks)
