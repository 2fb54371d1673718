"""The weekly tier digest as a channel message."""

from __future__ import annotations

from bot.catalog.messages import msg
from bot.digest.results import DigestData, Sample, TierMoveLine
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
_PEOPLE_SHOWN = 20


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
            f"*New customers* ({data.new_customers.total}): {_names(data.new_customers)}\n"
            f"*Won* ({data.won.total}): {_names(data.won)}\n"
            f"*Churned* ({data.churned.total}): {_names(data.churned)}"
        )
    )
    blocks.append(divider())
    blocks.append(section("*Follow-ups logged per rep*\n" + _per_person(data.followups_per_rep)))
    blocks.append(section("*Overdue next steps per owner*\n" + _per_person(data.overdue_per_owner)))
    if data.tiers:
        quiet = data.top_tier_past_cadence
        rows = "\n".join(
            f"• {escape(truncate(q.name, 150))} (`{q.code}`) — {q.days} days since last contact"
            for q in quiet.shown[:_NAMES_SHOWN]
        )
        rows += _more_line(quiet.total - min(len(quiet.shown), _NAMES_SHOWN))
        heading = f"*{escape(data.tiers[0])} accounts past cadence* ({quiet.total})"
        blocks.append(section(f"{heading}\n{rows or '_None — nicely done._'}"))
    return message(title, blocks)


def _tier_field(data: DigestData, tier: str) -> str:
    now, before = data.per_tier.get(tier, 0), data.per_tier_last_week.get(tier, 0)
    change = now - before
    arrow = f" (+{change})" if change > 0 else (f" ({change})" if change < 0 else " (=)")
    return f"*{escape(tier)}*\n{now}{arrow}"


def _moves(moves: Sample[TierMoveLine], direction: str) -> str:
    icon = ":arrow_up:" if direction == "up" else ":arrow_down:"
    if not moves.total:
        return f"{icon} {direction}: none"
    shown = moves.shown[:_NAMES_SHOWN]
    listed = ", ".join(
        f"{escape(truncate(m.name, 100))} ({escape(m.from_tier)} → {escape(m.to_tier)})"
        for m in shown
    )
    listed = truncate(listed, 1300)
    return f"{icon} {direction} ({moves.total}): {listed}{_and_more(moves.total - len(shown))}"


def _names(names: Sample[str]) -> str:
    if not names.total:
        return "none"
    shown = names.shown[:_NAMES_SHOWN]
    listed = ", ".join(escape(truncate(n, 80)) for n in shown)
    return truncate(listed, 850) + _and_more(names.total - len(shown))


def _per_person(counts: Sample[tuple[str, int]]) -> str:
    if not counts.total:
        return "_None._"
    shown = counts.shown[:_PEOPLE_SHOWN]
    rows = "\n".join(f"• {mention(user)}: {n}" for user, n in shown)
    return rows + _more_line(counts.total - len(shown))


def _and_more(count: int) -> str:
    return " " + msg.DIGEST_AND_MORE.format(count=count) if count > 0 else ""


def _more_line(count: int) -> str:
    return "\n" + msg.DIGEST_AND_MORE.format(count=count) if count > 0 else ""
