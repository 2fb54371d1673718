"""`/crm rules`: the editing modal, the preview, the read-only text and the history list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.catalog.messages import msg
from bot.customers.form import parse_money
from bot.rules.model import MAX_TIERS, ActivityWindow, RulePreview, Rules, Tier, rule_errors
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    button,
    context,
    divider,
    header,
    message,
    option,
    plain,
    section,
)
from bot.views.formatting import escape, mention, slack_date
from bot.views.modal_state import ModalState
from storage.models import RuleSet

VALUE = "value"
SWITCHES = "dormancy_switches"
_WINDOWS = ("high", "medium", "low")


class RulesModalState(ModalState):
    """What the rules editor and preview carry between Slack round trips."""

    response_url: str | None = Field(default=None, alias="url")
    base_version: int = Field(default=0, alias="base")
    restored_from: int | None = Field(default=None, alias="restore")
    rules: dict[str, Any] | None = None
    """The candidate rules (preview only)."""


def amount_text(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def rules_text(rules: Rules, currency: str) -> str:
    lines = ["*Value tiers* (by annual value)"]
    for tier in rules.tiers:
        floor = (
            f"{currency} {amount_text(tier.minimum)} or more" if tier.minimum else "everyone else"
        )
        lines.append(f"• *{escape(tier.name)}* — {floor} · contact every {tier.cadence_days} days")
    lines.append("\n*Activity level* (follow-ups logged)")
    for name in _WINDOWS:
        window: ActivityWindow = getattr(rules, name)
        lines.append(
            f"• {msg.ACTIVITY_NAMES[name]}: {window.count}+ in the last {window.days} days"
        )
    lines.append(f"• Dormant: fewer than that in {rules.low.days} days")
    dormant = "on" if rules.auto_dormant else "off"
    restore = "on" if rules.auto_restore else "off"
    lines.append(
        f"\n*Dormancy*: move to Dormant after {rules.dormancy_days} days without a follow-up "
        f"({dormant}); restore the previous status on the next follow-up ({restore})"
    )
    return "\n".join(lines)


def rules_message(rules: Rules, *, currency: str, version: int, editable: bool) -> Message:
    note = (
        "Only CRM admins can change these. `/crm rules history` shows earlier versions."
        if not editable
        else "`/crm rules history` shows earlier versions."
    )
    label = f"version {version}" if version else "the defaults"
    blocks = [section(f"*Customer rules* ({label})"), section(rules_text(rules, currency))]
    blocks.append(context(note))
    return message("Customer rules", blocks)


def rules_edit_modal(rules: Rules, *, currency: str, state: RulesModalState) -> dict[str, Any]:
    blocks: list[Block] = [
        section(
            f"*Value tiers* — by annual value in {currency}, highest first. A customer gets the "
            "first tier whose minimum it reaches; the last tier's minimum is 0. Empty a row's "
            "name to remove the tier, fill an empty row to add one."
        )
    ]
    rows = min(len(rules.tiers) + 2, MAX_TIERS)
    for n in range(1, rows + 1):
        tier = rules.tiers[n - 1] if n <= len(rules.tiers) else None
        blocks.append(_text(f"tier_{n}_name", f"Tier {n}: name", tier.name if tier else None, 64))
        minimum = amount_text(tier.minimum) if tier else None
        blocks.append(_text(f"tier_{n}_minimum", f"Tier {n}: minimum annual value", minimum, 30))
        blocks.append(
            _number(
                f"tier_{n}_cadence",
                f"Tier {n}: contact every (days)",
                tier.cadence_days if tier else None,
                optional=True,
            )
        )
    blocks.append(divider())
    blocks.append(section("*Activity level* — how many follow-ups in how many days."))
    for name in _WINDOWS:
        window: ActivityWindow = getattr(rules, name)
        label = msg.ACTIVITY_NAMES[name]
        blocks.append(
            _number(f"{name}_count", f"{label}: at least this many follow-ups", window.count)
        )
        blocks.append(_number(f"{name}_days", f"{label}: in the last … days", window.days))
    blocks.append(divider())
    blocks.append(section("*Dormancy*"))
    blocks.append(
        _number("dormancy_days", "Days without a follow-up before Dormant", rules.dormancy_days)
    )
    switches = [
        option("Move quiet customers to Dormant", "auto_dormant"),
        option("Restore their previous status on the next follow-up", "auto_restore"),
    ]
    chosen = [o for o in switches if getattr(rules, o["value"])]
    element: Block = {"type": "checkboxes", "action_id": VALUE, "options": switches}
    if chosen:
        element["initial_options"] = chosen
    blocks.append(
        {
            "type": "input",
            "block_id": SWITCHES,
            "label": plain("Dormancy rules"),
            "optional": True,
            "element": element,
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.RULES_EDIT_MODAL,
        "title": plain("Customer rules", 24),
        "submit": plain("Preview", 24),
        "close": plain("Cancel", 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def _text(block_id: str, label: str, value: str | None, max_length: int) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE, "max_length": max_length}
    if value:
        element["initial_value"] = value
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": True,
        "element": element,
    }


def _number(block_id: str, label: str, value: int | None, *, optional: bool = False) -> Block:
    element: Block = {
        "type": "number_input",
        "action_id": VALUE,
        "is_decimal_allowed": False,
        "min_value": "1",
        "max_value": "3650",
    }
    if value is not None:
        element["initial_value"] = str(value)
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": optional,
        "element": element,
    }


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
            errors[f"tier_{n}_name"] = "Give the tier a name (or empty the whole row)."
            continue
        minimum = Decimal(0)
        try:
            minimum = parse_money(minimum_text or "0", "USD")[0]
        except ValueError:
            errors[f"tier_{n}_minimum"] = "Enter an amount such as 100000, 100k or 10万."
        if cadence is None or cadence <= 0:
            errors[f"tier_{n}_cadence"] = "Enter a number of days, 1 or more."
            continue
        rows.append((n, Tier(name=name, minimum=minimum, cadence_days=cadence)))
    numbers: dict[str, int] = {}
    for block_id in [f"{w}_{part}" for w in _WINDOWS for part in ("count", "days")] + [
        "dormancy_days"
    ]:
        number = _int(values.get(block_id, {}).get("value"))
        if number is None or number <= 0:
            errors[block_id] = "Enter a whole number, 1 or more."
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
        return None, {"tier_1_name": "Keep at least one tier."}
    row_of = {position: row for position, (row, _) in enumerate(rows, start=1)}
    problems = {}
    for key, text in rule_errors(rules).items():
        if key.startswith("tier_"):
            position, field = key[len("tier_") :].split("_", 1)
            key = f"tier_{row_of[int(position)]}_{field}"
        problems[key] = text
    return (None, problems) if problems else (rules, {})


def _int(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def rules_preview_modal(
    preview: RulePreview, *, currency: str, state: RulesModalState, pushed: bool
) -> dict[str, Any]:
    lines = []
    for move in preview.moves:
        examples = ", ".join(escape(name) for name in move.examples)
        more = (
            f" and {move.count - len(move.examples)} more"
            if move.count > len(move.examples)
            else ""
        )
        origin = escape(move.from_tier) if move.from_tier else "no tier"
        plural = "s" if move.count > 1 else ""
        lines.append(
            f"• *{origin} → {escape(move.to_tier)}*: "
            f"{move.count} customer{plural} ({examples}{more})"
        )
    moved = sum(m.count for m in preview.moves)
    impact = (
        f"*If you apply these rules, {moved} of {preview.customers} customers change tier:*\n"
        + "\n".join(lines)
        if lines
        else f"*No customer changes tier* ({preview.customers} customers checked)."
    )
    blocks: list[Block] = [section(impact[:3000])]
    if preview.summary:
        blocks.append(context("Changes: " + escape(preview.summary)))
    blocks.append(divider())
    blocks.append(section(rules_text(preview.rules, currency)))
    state.rules = preview.rules.model_dump(mode="json")
    state.base_version = preview.base_version
    return {
        "type": "modal",
        "callback_id": ids.RULES_PREVIEW_MODAL,
        "title": plain("Preview rules", 24),
        "submit": plain("Apply", 24),
        "close": plain("Back" if pushed else "Cancel", 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def rules_changed_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain("Customer rules", 24),
        "close": plain("Close", 24),
        "blocks": [
            section(
                ":warning: Someone applied other rules while you were looking. Nothing was "
                "changed. Run `/crm rules` again to start from the rules now in force."
            )
        ],
    }


def rules_previewing_modal(external_id: str) -> dict[str, Any]:
    """Shown at once while the preview is worked out; the preview replaces it by views.update
    with `external_id`."""
    return _working_modal(external_id, "Preview rules", msg.RULES_WORKING)


def rules_applying_modal(external_id: str) -> dict[str, Any]:
    """Shown at once while the rules are applied; the outcome replaces it by views.update with
    `external_id`."""
    return _working_modal(external_id, "Customer rules", msg.RULES_APPLYING)


def _working_modal(external_id: str, title: str, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "external_id": external_id,
        "title": plain(title, 24),
        "close": plain("Close", 24),
        "blocks": [section(text)],
    }


def rules_problems_modal(errors: dict[str, str]) -> dict[str, Any]:
    """Problems found once the rules reached the database; Back returns to the editor."""
    problems = "\n".join(f"• {escape(text)}" for text in dict.fromkeys(errors.values()))
    return {
        "type": "modal",
        "title": plain("Preview rules", 24),
        "close": plain("Back", 24),
        "blocks": [
            section(f"{msg.RULES_NEED_FIXING}\n{problems}"[:3000]),
            context(msg.RULES_GO_BACK),
        ],
    }


def rules_done_modal(text: str) -> dict[str, Any]:
    """The last word on a rules change (applied, refused, failed); closing it closes them all."""
    return {
        "type": "modal",
        "title": plain("Customer rules", 24),
        "close": plain("Close", 24),
        "clear_on_close": True,
        "blocks": [section(text)],
    }


def rules_applied_modal(*, version: int, moved: int, summary: str) -> dict[str, Any]:
    text = msg.RULES_APPLIED.format(version=version, moved=moved, plural="" if moved == 1 else "s")
    view = rules_done_modal(text)
    if summary:
        view["blocks"].append(context(escape(summary)))
    return view


def rules_applied_message(*, version: int, moved: int, by: str, summary: str) -> Message:
    plural = "" if moved == 1 else "s"
    text = (
        f":white_check_mark: {mention(by)} applied customer rules version {version}: "
        f"{moved} customer{plural} changed tier."
    )
    blocks = [section(text)]
    if summary:
        blocks.append(context(escape(summary)))
    return message(f"Customer rules version {version} applied", blocks)


def rules_history_message(
    history: list[RuleSet], *, current: int, can_restore: bool, zone: ZoneInfo
) -> Message:
    blocks: list[Block] = [header("Customer rules history")]
    for rule_set in history[:40]:
        when = slack_date(rule_set.created_at, has_time=True, zone=zone)
        now_tag = " · *in force*" if rule_set.version == current else ""
        text = (
            f"*Version {rule_set.version}*{now_tag} · {mention(rule_set.created_by)} · {when}\n"
            f"{escape(rule_set.summary or 'no changes')}"
        )
        accessory = None
        if can_restore and rule_set.version != current:
            accessory = button(
                "Restore…", ids.numbered(ids.RULES_RESTORE, rule_set.version), str(rule_set.version)
            )
        blocks.append(section(text, accessory=accessory))
    defaults = "*Defaults* (version 0)" + (" · *in force*" if current == 0 else "")
    restore_defaults = None
    if can_restore and current != 0:
        restore_defaults = button("Restore…", ids.numbered(ids.RULES_RESTORE, 0), "0")
    blocks.append(section(defaults, accessory=restore_defaults))
    return message("Customer rules history", blocks)
