"""What changed between two versions of the rules, in a few words for the preview and the
history list (in the language being written)."""

from __future__ import annotations

from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import tier_label
from bot.rules.model import ActivityWindow, Rules

_WINDOWS = ("high", "medium", "low")


def describe_changes(old: Rules, new: Rules) -> str:
    """A short sentence of what differs ('' when nothing does)."""
    parts: list[str] = []
    old_tiers = [(tier.name, tier.name_zh, tier.minimum, tier.cadence_days) for tier in old.tiers]
    new_tiers = [(tier.name, tier.name_zh, tier.minimum, tier.cadence_days) for tier in new.tiers]
    if old_tiers != new_tiers:
        tiers = t.REPORTS_LIST_SEPARATOR.join(
            t.RULES_CHANGE_TIER.format(
                name=tier_label(name, zh), minimum=f"{minimum:,.0f}", days=days
            )
            for name, zh, minimum, days in new_tiers
        )
        parts.append(t.RULES_CHANGE_TIERS.format(tiers=tiers))
    activity = t.RULES_CHANGE_ACTIVITY
    for name in _WINDOWS:
        before: ActivityWindow = getattr(old, name)
        after: ActivityWindow = getattr(new, name)
        if before != after:
            parts.append(activity[name].format(count=after.count, days=after.days))
    if (old.dormancy_days, old.auto_dormant, old.auto_restore) != (
        new.dormancy_days,
        new.auto_dormant,
        new.auto_restore,
    ):
        switch = t.RULES_SWITCH_ON if new.auto_dormant else t.RULES_SWITCH_OFF
        parts.append(t.RULES_CHANGE_DORMANCY.format(switch=switch, days=new.dormancy_days))
    return t.RULES_CHANGES_SEPARATOR.join(parts)


def change_summary(old: Rules, new: Rules, *, restored_from: int | None, empty: str = "") -> str:
    """`describe_changes`, or `empty` when nothing differs, saying which version was restored."""
    summary = describe_changes(old, new) or empty
    if restored_from is None:
        return summary
    if summary:
        return t.RULES_CHANGE_RESTORED_WITH.format(version=restored_from, summary=summary)
    return t.RULES_CHANGE_RESTORED.format(version=restored_from)
