"""Classification rules: value tiers, activity levels, dormancy, and risk hints.

The defaults live here, in one place. Teams change them with `/crm rules`; each change is stored
as a new version (see `bot.rules.book`). Everything in this module is pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from bot.catalog.texts.reports import text as t


class ActivityLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    DORMANT = "dormant"


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Tier(BaseModel):
    name: str
    """What customers' `tier` holds and filters match."""
    minimum: Decimal = Field(ge=0)
    cadence_days: int = Field(gt=0)
    name_zh: str | None = None
    """The tier's Chinese name, for people reading in Chinese (None: the name, or the
    built-in tier's Chinese name)."""


class ActivityWindow(BaseModel):
    """At least `count` follow-ups in the last `days` days."""

    count: int = Field(gt=0)
    days: int = Field(gt=0)


class Rules(BaseModel):
    tiers: list[Tier]
    high: ActivityWindow = ActivityWindow(count=3, days=7)
    medium: ActivityWindow = ActivityWindow(count=1, days=30)
    low: ActivityWindow = ActivityWindow(count=1, days=90)
    dormancy_days: int = Field(default=180, gt=0)
    auto_dormant: bool = True
    auto_restore: bool = True

    def tier_named(self, name: str | None) -> Tier | None:
        return next((tier for tier in self.tiers if tier.name == name), None)

    def current_tier(self, stored: str | None, value: Decimal | None) -> Tier:
        """The tier a customer stored as `stored` is in; by value when that name is unknown."""
        return self.tier_named(stored) or tier_for(value, self)


def default_rules() -> Rules:
    return Rules(
        tiers=[
            Tier(name="Strategic", minimum=Decimal(1_000_000), cadence_days=7),
            Tier(name="Key", minimum=Decimal(100_000), cadence_days=14),
            Tier(name="Growth", minimum=Decimal(50_000), cadence_days=30),
            Tier(name="Standard", minimum=Decimal(0), cadence_days=90),
        ]
    )


MAX_TIERS = 10


@dataclass(frozen=True)
class TierMove:
    """Customers that would move from one tier to another, with a few of their names."""

    from_tier: str | None
    to_tier: str
    count: int
    examples: list[str]


@dataclass(frozen=True)
class RulePreview:
    """What applying `rules` on top of version `base_version` would do to the team."""

    rules: Rules
    base_version: int
    moves: list[TierMove]
    customers: int
    summary: str


def rule_errors(rules: Rules) -> dict[str, str]:
    """Problems with a set of rules, keyed by where they are: 'tier_3_minimum', 'high_days'…
    (in the language being written)."""
    errors: dict[str, str] = {}
    if not rules.tiers:
        errors["tier_1_name"] = t.RULES_ERR_KEEP_ONE_TIER
        return errors
    seen: set[str] = set()
    for n, tier in enumerate(rules.tiers, start=1):
        key = tier.name.strip().casefold()
        if not key:
            errors[f"tier_{n}_name"] = t.RULES_ERR_TIER_NAME
        elif key in seen:
            errors[f"tier_{n}_name"] = t.RULES_ERR_TIER_NAME_TAKEN
        seen.add(key)
        if n > 1 and tier.minimum >= rules.tiers[n - 2].minimum:
            errors[f"tier_{n}_minimum"] = t.RULES_ERR_MINIMUMS_GO_DOWN
    if rules.tiers[-1].minimum != 0:
        errors[f"tier_{len(rules.tiers)}_minimum"] = t.RULES_ERR_LAST_TIER_ZERO
    further = t.RULES_ERR_LOOK_FURTHER_BACK
    if rules.medium.days <= rules.high.days:
        errors["medium_days"] = further
    if rules.low.days <= rules.medium.days:
        errors["low_days"] = further
    return errors


def tier_for(value: Decimal | None, rules: Rules) -> Tier:
    """The highest tier whose minimum the annual value reaches (no value: the lowest tier)."""
    amount = value if value is not None else Decimal(0)
    for tier in rules.tiers:
        if amount >= tier.minimum:
            return tier
    return rules.tiers[-1]


def activity_for(followup_times: Iterable[datetime], now: datetime, rules: Rules) -> ActivityLevel:
    times = list(followup_times)

    def reached(window: ActivityWindow) -> bool:
        since = now - timedelta(days=window.days)
        return sum(1 for at in times if since <= at <= now) >= window.count

    if reached(rules.high):
        return ActivityLevel.HIGH
    if reached(rules.medium):
        return ActivityLevel.MEDIUM
    if reached(rules.low):
        return ActivityLevel.LOW
    return ActivityLevel.DORMANT


@dataclass(frozen=True)
class Cadence:
    tier: Tier
    days_since_contact: int | None
    """None when the customer was never contacted."""
    overdue_days: int
    """How far past the tier's cadence the last contact is (0 when within it)."""


def cadence_status(
    *, tier: Tier, last_contact: datetime | None, created_at: datetime, now: datetime
) -> Cadence:
    since = last_contact or created_at
    days = max((now - since).days, 0)
    overdue = max(days - tier.cadence_days, 0)
    return Cadence(tier, days if last_contact else None, overdue)


CHURN_WORDS = (
    "cancel",
    "churn",
    "terminate",
    "competitor",
    "switching",
    "not renew",
    "won't renew",
    "unhappy",
    "complain",
    "取消",
    "流失",
    "不续约",
    "竞争对手",
    "投诉",
    "不满意",
    "解约",
)


class HintKind(StrEnum):
    OVERDUE_STEPS = "overdue_steps"
    NO_CONTACT = "no_contact"
    CHURN_SIGNALS = "churn_signals"
    MARKED_CHURNED = "marked_churned"


@dataclass(frozen=True)
class RiskHint:
    """One reason to worry about a customer, as facts; `bot.views.risk.hint_text` words it."""

    kind: HintKind
    count: int = 0
    """OVERDUE_STEPS: how many steps; NO_CONTACT: days since the last contact."""
    tier: str = ""
    """NO_CONTACT: the customer's tier."""
    cadence_days: int = 0
    """NO_CONTACT: how often that tier should be contacted."""
    words: tuple[str, ...] = ()
    """CHURN_SIGNALS: the churn words found in recent follow-ups, sorted."""


_SERIOUS = frozenset({HintKind.CHURN_SIGNALS, HintKind.NO_CONTACT})


def risk_hints(
    *, cadence: Cadence, overdue_steps: int, recent_texts: Iterable[str], status: str
) -> list[RiskHint]:
    """Reasons to worry about a customer, for the card."""
    hints: list[RiskHint] = []
    if overdue_steps:
        hints.append(RiskHint(HintKind.OVERDUE_STEPS, count=overdue_steps))
    elapsed = cadence.days_since_contact
    if elapsed is not None and elapsed > 2 * cadence.tier.cadence_days:
        hints.append(
            RiskHint(
                HintKind.NO_CONTACT,
                count=elapsed,
                tier=cadence.tier.name,
                cadence_days=cadence.tier.cadence_days,
            )
        )
    signals = sorted({w for text in recent_texts for w in CHURN_WORDS if w in text.casefold()})
    if signals:
        hints.append(RiskHint(HintKind.CHURN_SIGNALS, words=tuple(signals)))
    if status == "churned":
        hints.append(RiskHint(HintKind.MARKED_CHURNED))
    return hints


def computed_risk(hints: list[RiskHint]) -> Risk:
    if len(hints) >= 2 or any(h.kind in _SERIOUS for h in hints):
        return Risk.HIGH
    if hints:
        return Risk.MEDIUM
    return Risk.LOW
