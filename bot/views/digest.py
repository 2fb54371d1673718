"""The weekly tier digest as a channel message."""

from __future__ import annotations

from bot.catalog.messages import msg
from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import tier_label
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


def tiers_note(tiers: list[str] | None) -> str:
    """What a channel's digest covers when it is not all tiers ('' for all of them)."""
    if not tiers:
        return ""
    return t.DIGEST_TIERS_ONLY.format(tiers=t.REPORTS_LIST_SEPARATOR.join(tiers))


def digest_message(
    data: DigestData, *, channel_note: str = "", only_tiers: list[str] | None = None
) -> Message:
    """The digest; `channel_note` (or the tiers a channel gets, `only_tiers`) says what it
    covers, all tiers when neither is given."""
    title = t.DIGEST_TITLE.format(week=data.week)
    blocks: list[Block] = [header(title)]
    scope = channel_note or tiers_note(only_tiers) or t.DIGEST_ALL_TIERS
    blocks.append(context(t.DIGEST_SCOPE.format(total=data.total, scope=scope)))
    blocks.append(fields_section([_tier_field(data, tier) for tier in data.tiers]))
    if data.per_status:
        statuses = " · ".join(
            f"{msg.STATUS_NAMES.get(s, s)} {n}"
            for s, n in sorted(data.per_status.items(), key=lambda kv: -kv[1])
        )
        blocks.append(section(t.DIGEST_BY_STATUS.format(statuses=statuses)))
    blocks.append(divider())
    blocks.append(
        section(
            t.DIGEST_MOVES_HEADING
            + "\n"
            + _moves(data.moved_up, "up")
            + "\n"
            + _moves(data.moved_down, "down")
        )
    )
    blocks.append(
        section(
            t.DIGEST_NEW.format(total=data.new_customers.total, names=_names(data.new_customers))
            + "\n"
            + t.DIGEST_WON.format(total=data.won.total, names=_names(data.won))
            + "\n"
            + t.DIGEST_CHURNED.format(total=data.churned.total, names=_names(data.churned))
        )
    )
    blocks.append(divider())
    blocks.append(section(t.DIGEST_FOLLOWUPS_PER_REP + "\n" + _per_person(data.followups_per_rep)))
    blocks.append(section(t.DIGEST_OVERDUE_PER_OWNER + "\n" + _per_person(data.overdue_per_owner)))
    if data.tiers:
        quiet = data.top_tier_past_cadence
        rows = "\n".join(
            t.DIGEST_PAST_CADENCE_LINE.format(
                name=escape(truncate(q.name, 150)), code=q.code, days=q.days
            )
            for q in quiet.shown[:_NAMES_SHOWN]
        )
        rows += _more_line(quiet.total - min(len(quiet.shown), _NAMES_SHOWN))
        heading = t.DIGEST_PAST_CADENCE.format(
            tier=escape(tier_label(data.tiers[0])), total=quiet.total
        )
        blocks.append(section(f"{heading}\n{rows or t.DIGEST_NONE_PAST_CADENCE}"))
    return message(title, blocks)


def _tier_field(data: DigestData, tier: str) -> str:
    now, before = data.per_tier.get(tier, 0), data.per_tier_last_week.get(tier, 0)
    change = now - before
    arrow = f" (+{change})" if change > 0 else (f" ({change})" if change < 0 else " (=)")
    return f"*{escape(tier_label(tier))}*\n{now}{arrow}"


def _move_text(move: TierMoveLine) -> str:
    to, was = escape(tier_label(move.to_tier)), escape(tier_label(move.from_tier))
    return f"{escape(truncate(move.name, 100))} ({was} → {to})"


def _moves(moves: Sample[TierMoveLine], direction: str) -> str:
    icon = ":arrow_up:" if direction == "up" else ":arrow_down:"
    if not moves.total:
        return f"{icon} {t.DIGEST_NO_MOVES[direction]}"
    shown = moves.shown[:_NAMES_SHOWN]
    listed = t.REPORTS_LIST_SEPARATOR.join(_move_text(m) for m in shown)
    listed = truncate(listed, 1300) + _and_more(moves.total - len(shown))
    return f"{icon} {t.DIGEST_MOVES[direction].format(total=moves.total, moves=listed)}"


def _names(names: Sample[str]) -> str:
    if not names.total:
        return t.DIGEST_NO_NAMES
    shown = names.shown[:_NAMES_SHOWN]
    listed = t.REPORTS_LIST_SEPARATOR.join(escape(truncate(n, 80)) for n in shown)
    return truncate(listed, 850) + _and_more(names.total - len(shown))


def _per_person(counts: Sample[tuple[str, int]]) -> str:
    if not counts.total:
        return t.DIGEST_NO_PEOPLE
    shown = counts.shown[:_PEOPLE_SHOWN]
    rows = "\n".join(f"• {mention(user)}: {n}" for user, n in shown)
    return rows + _more_line(counts.total - len(shown))


def _and_more(count: int) -> str:
    return " " + msg.DIGEST_AND_MORE.format(count=count) if count > 0 else ""


def _more_line(count: int) -> str:
    return "\n" + msg.DIGEST_AND_MORE.format(count=count) if count > 0 else ""
