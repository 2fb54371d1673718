"""The weekly tier digest as a channel message."""

from __future__ import annotations

from bot.catalog import messages as msg
from bot.digest.build import DigestData, TierMoveLine
from bot.views.blocks import (
    Block,
    Message,
    context,
    divider,
    fields_section,
    header,
    message,
    section,
)
from bot.views.formatting import escape, mention, truncate

_NAMES_SHOWN = 10


def digest_message(data: DigestData, *, channel_note: str = "") -> Message:
    title = f"Weekly customer digest · {data.week}"
    blocks: list[Block] = [header(title)]
    scope = channel_note or "all tiers"
    blocks.append(context(f"{data.total} customers · {scope} · the 7 days to this morning"))
    blocks.append(fields_section([_tier_field(data, t) for t in data.tiers]))
    if data.per_status:
        statuses = " · ".join(
            f"{msg.STATUS_NAMES.get(s, s)} {n}"
            for s, n in sorted(data.per_status.items(), key=lambda kv: -kv[1])
        )
        blocks.append(section(f"*By status:* {statuses}"))
    blocks.append(divider())
    blocks.append(
        section(
            "*Tier movements*\n"
            + _moves(data.moved_up, "up")
            + "\n"
            + _moves(data.moved_down, "down")
        )
    )
    blocks.append(
        section(
            f"*New customers* ({len(data.new_customers)}): {_names(data.new_customers)}\n"
            f"*Won* ({len(data.won)}): {_names(data.won)}\n"
            f"*Churned* ({len(data.churned)}): {_names(data.churned)}"
        )
    )
    blocks.append(divider())
    blocks.append(section("*Follow-ups logged per rep*\n" + _per_person(data.followups_per_rep)))
    blocks.append(section("*Overdue next steps per owner*\n" + _per_person(data.overdue_per_owner)))
    if data.tiers:
        quiet = data.top_tier_past_cadence
        rows = "\n".join(
            f"• {escape(name)} (`{code}`) — {days} days since last contact"
            for name, code, days in quiet[:_NAMES_SHOWN]
        )
        title = f"*{escape(data.tiers[0])} accounts past cadence* ({len(quiet)})"
        blocks.append(section(f"{title}\n{rows or '_None — nicely done._'}"))
    return message(title, blocks)


def _tier_field(data: DigestData, tier: str) -> str:
    now, before = data.per_tier.get(tier, 0), data.per_tier_last_week.get(tier, 0)
    change = now - before
    arrow = f" (+{change})" if change > 0 else (f" ({change})" if change < 0 else " (=)")
    return f"*{escape(tier)}*\n{now}{arrow}"


def _moves(lines: list[TierMoveLine], direction: str) -> str:
    icon = ":arrow_up:" if direction == "up" else ":arrow_down:"
    if not lines:
        return f"{icon} {direction}: none"
    shown = ", ".join(
        f"{escape(m.name)} ({escape(m.from_tier)} → {escape(m.to_tier)})"
        for m in lines[:_NAMES_SHOWN]
    )
    more = f" and {len(lines) - _NAMES_SHOWN} more" if len(lines) > _NAMES_SHOWN else ""
    return truncate(f"{icon} {direction} ({len(lines)}): {shown}{more}", 1400)


def _names(names: list[str]) -> str:
    if not names:
        return "none"
    more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
    return truncate(", ".join(escape(n) for n in names[:_NAMES_SHOWN]) + more, 900)


def _per_person(counts: dict[str, int]) -> str:
    if not counts:
        return "_None._"
    return "\n".join(f"• {mention(user)}: {n}" for user, n in list(counts.items())[:20])
