"""`/crm rules`: the editing modal, the preview, the read-only text and the history list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.catalog.messages import msg
from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import tier_label
from bot.rules.changes import change_summary
from bot.rules.model import (
    MAX_TIERS,
    ActivityWindow,
    RulePreview,
    Rules,
    Tier,
    default_rules,
)
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
from bot.views.formatting import display_money, escape, mention, slack_date
from bot.views.modal_state import ModalState
from storage.models import RuleSet

VALUE = "value"
SWITCHES = "dormancy_switches"
WINDOWS = ("high", "medium", "low")


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
    lines = [t.RULES_TIERS_HEADING]
    for tier in rules.tiers:
        floor = (
            t.RULES_TIER_FLOOR.format(amount=display_money(tier.minimum, currency, in_wan=False))
            if tier.minimum
            else t.RULES_TIER_EVERYONE_ELSE
        )
        lines.append(
            t.RULES_TIER_LINE.format(
                name=escape(tier_label(tier.name, tier.name_zh)),
                floor=floor,
                days=tier.cadence_days,
            )
        )
    lines.append("\n" + t.RULES_ACTIVITY_HEADING)
    levels = msg.ACTIVITY_NAMES
    for name in WINDOWS:
        window: ActivityWindow = getattr(rules, name)
        lines.append(
            t.RULES_ACTIVITY_LINE.format(level=levels[name], count=window.count, days=window.days)
        )
    lines.append(t.RULES_ACTIVITY_BELOW.format(level=levels["dormant"], days=rules.low.days))
    dormancy = t.RULES_DORMANCY.format(
        days=rules.dormancy_days,
        dormant=_switch(rules.auto_dormant),
        restore=_switch(rules.auto_restore),
    )
    lines.append("\n" + dormancy)
    return "\n".join(lines)


def _switch(on: bool) -> str:
    return t.RULES_SWITCH_ON if on else t.RULES_SWITCH_OFF


def rules_message(rules: Rules, *, currency: str, version: int, editable: bool) -> Message:
    note = t.RULES_NOTE_EDITABLE if editable else t.RULES_NOTE_READ_ONLY
    label = t.RULES_VERSION.format(version=version) if version else t.RULES_DEFAULTS
    blocks = [
        section(t.RULES_HEADING.format(version=label)),
        section(rules_text(rules, currency)),
    ]
    blocks.append(context(note))
    return message(t.RULES_TITLE, blocks)


def tier_name_text(tier: Tier) -> str:
    """The tier's name as the editor shows it: `Key / 重点` when it has a Chinese name."""
    return f"{tier.name} / {tier.name_zh}" if tier.name_zh else tier.name


def rules_edit_modal(rules: Rules, *, currency: str, state: RulesModalState) -> dict[str, Any]:
    blocks: list[Block] = [section(t.RULES_EDIT_TIERS_INTRO.format(currency=currency))]
    rows = min(len(rules.tiers) + 2, MAX_TIERS)
    for n in range(1, rows + 1):
        tier = rules.tiers[n - 1] if n <= len(rules.tiers) else None
        name = tier_name_text(tier) if tier else None
        blocks.append(_text(f"tier_{n}_name", t.RULES_EDIT_TIER_NAME.format(n=n), name, 64))
        minimum = amount_text(tier.minimum) if tier else None
        label = t.RULES_EDIT_TIER_MINIMUM.format(n=n)
        blocks.append(_text(f"tier_{n}_minimum", label, minimum, 30))
        blocks.append(
            _number(
                f"tier_{n}_cadence",
                t.RULES_EDIT_TIER_CADENCE.format(n=n),
                tier.cadence_days if tier else None,
                optional=True,
            )
        )
    blocks.append(divider())
    blocks.append(section(t.RULES_EDIT_ACTIVITY_INTRO))
    for window_name in WINDOWS:
        window: ActivityWindow = getattr(rules, window_name)
        level = msg.ACTIVITY_NAMES[window_name]
        count_label = t.RULES_EDIT_ACTIVITY_COUNT.format(level=level)
        blocks.append(_number(f"{window_name}_count", count_label, window.count))
        days_label = t.RULES_EDIT_ACTIVITY_DAYS.format(level=level)
        blocks.append(_number(f"{window_name}_days", days_label, window.days))
    blocks.append(divider())
    blocks.append(section(t.RULES_EDIT_DORMANCY_HEADING))
    blocks.append(_number("dormancy_days", t.RULES_EDIT_DORMANCY_DAYS, rules.dormancy_days))
    switches = [
        option(t.RULES_EDIT_AUTO_DORMANT, "auto_dormant"),
        option(t.RULES_EDIT_AUTO_RESTORE, "auto_restore"),
    ]
    chosen = [o for o in switches if getattr(rules, o["value"])]
    element: Block = {"type": "checkboxes", "action_id": VALUE, "options": switches}
    if chosen:
        element["initial_options"] = chosen
    blocks.append(
        {
            "type": "input",
            "block_id": SWITCHES,
            "label": plain(t.RULES_EDIT_DORMANCY_RULES),
            "optional": True,
            "element": element,
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.RULES_EDIT_MODAL,
        "title": plain(t.RULES_TITLE, 24),
        "submit": plain(t.REPORTS_PREVIEW, 24),
        "close": plain(t.REPORTS_CANCEL, 24),
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


def rules_preview_modal(
    preview: RulePreview, *, currency: str, state: RulesModalState, pushed: bool
) -> dict[str, Any]:
    lines = []
    for move in preview.moves:
        examples = t.REPORTS_LIST_SEPARATOR.join(escape(name) for name in move.examples)
        if move.count > len(move.examples):
            more = move.count - len(move.examples)
            examples = t.RULES_PREVIEW_EXAMPLES_AND_MORE.format(examples=examples, count=more)
        origin = escape(tier_label(move.from_tier)) if move.from_tier else t.RULES_PREVIEW_NO_TIER
        said = t.RULES_PREVIEW_MOVE_ONE if move.count == 1 else t.RULES_PREVIEW_MOVE_MANY
        lines.append(
            said.format(
                origin=origin,
                tier=escape(tier_label(move.to_tier)),
                count=move.count,
                examples=examples,
            )
        )
    moved = sum(m.count for m in preview.moves)
    impact = (
        t.RULES_PREVIEW_IMPACT.format(moved=moved, customers=preview.customers)
        + "\n"
        + "\n".join(lines)
        if lines
        else t.RULES_PREVIEW_NO_IMPACT.format(customers=preview.customers)
    )
    blocks: list[Block] = [section(impact[:3000])]
    if preview.summary:
        blocks.append(context(t.RULES_PREVIEW_CHANGES.format(summary=escape(preview.summary))))
    blocks.append(divider())
    blocks.append(section(rules_text(preview.rules, currency)))
    state.rules = preview.rules.model_dump(mode="json")
    state.base_version = preview.base_version
    return {
        "type": "modal",
        "callback_id": ids.RULES_PREVIEW_MODAL,
        "title": plain(t.RULES_PREVIEW_TITLE, 24),
        "submit": plain(t.REPORTS_APPLY, 24),
        "close": plain(t.REPORTS_BACK if pushed else t.REPORTS_CANCEL, 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def rules_changed_modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain(t.RULES_TITLE, 24),
        "close": plain(t.REPORTS_CLOSE, 24),
        "blocks": [section(t.RULES_CHANGED_MEANWHILE)],
    }


def rules_previewing_modal(external_id: str) -> dict[str, Any]:
    """Shown at once while the preview is worked out; the preview replaces it by views.update
    with `external_id`."""
    return _working_modal(external_id, t.RULES_PREVIEW_TITLE, msg.RULES_WORKING)


def rules_applying_modal(external_id: str) -> dict[str, Any]:
    """Shown at once while the rules are applied; the outcome replaces it by views.update with
    `external_id`."""
    return _working_modal(external_id, t.RULES_TITLE, msg.RULES_APPLYING)


def _working_modal(external_id: str, title: str, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "external_id": external_id,
        "title": plain(title, 24),
        "close": plain(t.REPORTS_CLOSE, 24),
        "blocks": [section(text)],
    }


def rules_problems_modal(errors: dict[str, str]) -> dict[str, Any]:
    """Problems found once the rules reached the database; Back returns to the editor."""
    problems = "\n".join(f"• {escape(problem)}" for problem in dict.fromkeys(errors.values()))
    return {
        "type": "modal",
        "title": plain(t.RULES_PREVIEW_TITLE, 24),
        "close": plain(t.REPORTS_BACK, 24),
        "blocks": [
            section(f"{msg.RULES_NEED_FIXING}\n{problems}"[:3000]),
            context(msg.RULES_GO_BACK),
        ],
    }


def rules_done_modal(said: str) -> dict[str, Any]:
    """The last word on a rules change (applied, refused, failed); closing it closes them all."""
    return {
        "type": "modal",
        "title": plain(t.RULES_TITLE, 24),
        "close": plain(t.REPORTS_CLOSE, 24),
        "clear_on_close": True,
        "blocks": [section(said)],
    }


def rules_applied_modal(*, version: int, moved: int, summary: str) -> dict[str, Any]:
    said = msg.RULES_APPLIED.format(version=version, moved=moved, plural="" if moved == 1 else "s")
    view = rules_done_modal(said)
    if summary:
        view["blocks"].append(context(escape(summary)))
    return view


def rules_applied_message(*, version: int, moved: int, by: str, summary: str) -> Message:
    said = t.RULES_APPLIED_BY_ONE if moved == 1 else t.RULES_APPLIED_BY_MANY
    blocks = [section(said.format(person=mention(by), version=version, moved=moved))]
    if summary:
        blocks.append(context(escape(summary)))
    return message(t.RULES_APPLIED_NOTICE.format(version=version), blocks)


def rules_history_message(
    history: list[RuleSet], *, current: int, can_restore: bool, zone: ZoneInfo
) -> Message:
    blocks: list[Block] = [header(t.RULES_HISTORY_TITLE)]
    in_force = " · " + t.RULES_HISTORY_IN_FORCE
    rules_of = {rule_set.version: rule_set.rules for rule_set in history}
    for rule_set in history[:40]:
        when = slack_date(rule_set.created_at, has_time=True, zone=zone)
        now_tag = in_force if rule_set.version == current else ""
        heading = t.RULES_HISTORY_VERSION.format(version=rule_set.version)
        summary = _history_summary(rule_set, rules_of)
        said = f"{heading}{now_tag} · {mention(rule_set.created_by)} · {when}\n{escape(summary)}"
        accessory = None
        if can_restore and rule_set.version != current:
            accessory = button(
                t.RULES_RESTORE,
                ids.numbered(ids.RULES_RESTORE, rule_set.version),
                str(rule_set.version),
            )
        blocks.append(section(said, accessory=accessory))
    defaults = t.RULES_HISTORY_DEFAULTS + (in_force if current == 0 else "")
    restore_defaults = None
    if can_restore and current != 0:
        restore_defaults = button(t.RULES_RESTORE, ids.numbered(ids.RULES_RESTORE, 0), "0")
    blocks.append(section(defaults, accessory=restore_defaults))
    return message(t.RULES_HISTORY_TITLE, blocks)


def _history_summary(rule_set: RuleSet, rules_of: dict[int, dict[str, Any]]) -> str:
    """What a version changed, worked out again from the versions around it so that it reads
    in the reader's language; the stored (English) summary when the one before is not shown."""
    before = rule_set.version - 1
    if before == 0:
        previous = default_rules()
    elif before in rules_of:
        previous = Rules.model_validate(rules_of[before])
    else:
        return rule_set.summary or t.RULES_NO_CHANGES
    return change_summary(
        previous,
        Rules.model_validate(rule_set.rules),
        restored_from=rule_set.restored_from,
        empty=t.RULES_NO_CHANGES,
    )
