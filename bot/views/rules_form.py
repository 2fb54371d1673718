"""Reading what an admin typed into the rules editor (`bot.views.rules.rules_edit_modal`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.catalog.texts.reports import text as t
from bot.customers.form import parse_money
from bot.customers.names import has_cjk
from bot.rules.model import MAX_TIERS, ActivityWindow, Rules, Tier, rule_errors
from bot.views.rules import SWITCHES, VALUE, WINDOWS


def split_tier_name(typed: str) -> tuple[str, str | None]:
    """'Key / 重点' -> ('Key', '重点'): a Chinese name after a slash; anything else is one
    name ('A/B Testing', '重点客户')."""
    left, slash, right = typed.replace("／", "/").partition("/")
    left, right = left.strip(), right.strip()
    if slash and left and right and has_cjk(right) and not has_cjk(left):
        return left, right[:64]
    return typed.strip(), None


def read_rules_form(state_values: dict[str, Any]) -> tuple[Rules | None, dict[str, str]]:
    """The rules typed into the editing modal, or errors keyed by block id."""
    values = {block: (elements or {}).get(VALUE) or {} for block, elements in state_values.items()}
    errors: dict[str, str] = {}
    rows: list[tuple[int, Tier]] = []
    for n in range(1, MAX_TIERS + 1):
        if f"tier_{n}_name" not in values:
            break
        name = (values[f"tier_{n}_name"].get("value") or "").strip()
        minimum_text = (values.get(f"tier_{n}_minimum", {}).get("value") or "").strip()
        cadence = _int(values.get(f"tier_{n}_cadence", {}).get("value"))
        if not name and not minimum_text and cadence is None:
            continue
        if not name:
            errors[f"tier_{n}_name"] = t.RULES_ERR_TIER_NAME_OR_EMPTY
            continue
        minimum = Decimal(0)
        try:
            minimum = parse_money(minimum_text or "0", "USD")[0]
        except ValueError:
            errors[f"tier_{n}_minimum"] = t.RULES_ERR_TIER_AMOUNT
        if cadence is None or cadence <= 0:
            errors[f"tier_{n}_cadence"] = t.RULES_ERR_TIER_DAYS
            continue
        name, name_zh = split_tier_name(name)
        tier = Tier(name=name, minimum=minimum, cadence_days=cadence, name_zh=name_zh)
        rows.append((n, tier))
    numbers: dict[str, int] = {}
    for block_id in [f"{w}_{part}" for w in WINDOWS for part in ("count", "days")] + [
        "dormancy_days"
    ]:
        number = _int(values.get(block_id, {}).get("value"))
        if number is None or number <= 0:
            errors[block_id] = t.RULES_ERR_WHOLE_NUMBER
        else:
            numbers[block_id] = number
    if errors:
        return None, errors
    chosen = {o["value"] for o in values.get(SWITCHES, {}).get("selected_options") or []}
    rules = Rules(
        tiers=[tier for _, tier in rows],
        high=ActivityWindow(count=numbers["high_count"], days=numbers["high_days"]),
        medium=ActivityWindow(count=numbers["medium_count"], days=numbers["medium_days"]),
        low=ActivityWindow(count=numbers["low_count"], days=numbers["low_days"]),
        dormancy_days=numbers["dormancy_days"],
        auto_dormant="auto_dormant" in chosen,
        auto_restore="auto_restore" in chosen,
    )
    if not rows:
        return None, {"tier_1_name": t.RULES_ERR_KEEP_ONE_TIER}
    row_of = {position: row for position, (row, _) in enumerate(rows, start=1)}
    problems = {}
    for key, problem in rule_errors(rules).items():
        if key.startswith("tier_"):
            position, field = key[len("tier_") :].split("_", 1)
            key = f"tier_{row_of[int(position)]}_{field}"
        problems[key] = problem
    return (None, problems) if problems else (rules, {})


def _int(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None
