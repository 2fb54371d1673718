"""The customer card, the list of one's own customers, and 'which one?' lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import messages as msg
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    divider,
    fields_section,
    header,
    message,
    plain,
    section,
)
from bot.views.followup import step_line
from bot.views.formatting import (
    customer_label,
    customer_with_owner,
    display_money,
    display_phone,
    escape,
    mention,
    slack_date,
    truncate,
)
from storage.models import Customer, FollowUp, NextStep

MAX_LIST = 20
_FOLLOWUP_TEXT_LIMIT = 600


def customer_card_blocks(
    *,
    customer: Customer,
    followups: list[FollowUp],
    steps: list[NextStep],
    zone: ZoneInfo,
    with_actions: bool = True,
) -> list[Block]:
    blocks: list[Block] = [header(customer.name), fields_section(_fields(customer))]
    extra = _extra_line(customer, zone)
    if extra:
        blocks.append(context(extra))
    blocks.append(divider())
    blocks.append(section("*Recent follow-ups*\n" + _followup_lines(followups, zone)))
    blocks.append(section("*Open next steps*\n" + _step_lines(steps, zone)))
    if with_actions:
        value = str(customer.id)
        blocks.append(
            actions(
                [
                    button("Log follow-up", ids.CUSTOMER_LOG_FOLLOWUP, value, style="primary"),
                    button("Edit", ids.CUSTOMER_EDIT, value),
                    button("Add next step", ids.NEXT_STEP_ADD, value),
                ]
            )
        )
    return blocks


def customer_card_message(
    *, customer: Customer, followups: list[FollowUp], steps: list[NextStep], zone: ZoneInfo
) -> Message:
    blocks = customer_card_blocks(customer=customer, followups=followups, steps=steps, zone=zone)
    return message(f"{customer.name} ({customer.code})", blocks)


def customer_card_modal(
    *, customer: Customer, followups: list[FollowUp], steps: list[NextStep], zone: ZoneInfo
) -> dict[str, Any]:
    blocks = customer_card_blocks(
        customer=customer, followups=followups, steps=steps, zone=zone, with_actions=False
    )
    return {
        "type": "modal",
        "callback_id": ids.CUSTOMER_CARD_MODAL,
        "title": plain("Customer", 24),
        "close": plain("Back", 24),
        "blocks": blocks,
    }


def _fields(customer: Customer) -> list[str]:
    contact = escape(customer.contact_name or "—")
    if customer.contact_title:
        contact += f" ({escape(customer.contact_title)})"
    return [
        f"*Code*\n`{customer.code}`",
        f"*Status*\n{msg.STATUS_NAMES.get(customer.status, customer.status)}",
        f"*Owner*\n{mention(customer.owner_id)}",
        f"*Type*\n{msg.TYPE_NAMES.get(customer.customer_type, customer.customer_type)}",
        f"*Contact*\n{contact}",
        f"*Phone*\n{_phone(customer.phone)}",
        f"*Email*\n{_email(customer.email)}",
        f"*Annual value*\n{display_money(customer.annual_value, customer.currency)}",
        f"*Industry*\n{escape(customer.industry or '—')}",
        f"*Region*\n{escape(customer.region or '—')}",
    ]


def _phone(phone: str | None) -> str:
    return display_phone(phone) if phone else "—"


def _email(email: str | None) -> str:
    return f"<mailto:{email}|{escape(email)}>" if email else "—"


def _extra_line(customer: Customer, zone: ZoneInfo) -> str:
    parts: list[str] = []
    if customer.needs:
        parts.append("Needs: " + escape(", ".join(customer.needs)))
    if customer.company_size:
        parts.append(f"Size: {customer.company_size}")
    if customer.source:
        parts.append("Source: " + msg.SOURCE_NAMES.get(customer.source, customer.source))
    parts.append("Last contact: " + _when(customer.last_activity_at, zone))
    line = " · ".join(parts)
    if customer.notes:
        line += "\nNotes: " + escape(truncate(customer.notes, 1500))
    return line


def _when(at: datetime | None, zone: ZoneInfo) -> str:
    return slack_date(at, has_time=False, zone=zone) if at else "never"


def _followup_lines(followups: list[FollowUp], zone: ZoneInfo) -> str:
    if not followups:
        return "_None yet._"
    lines = []
    for followup in followups:
        method = msg.METHOD_NAMES.get(followup.method, followup.method)
        text = escape(truncate(followup.text.replace("\n", " "), _FOLLOWUP_TEXT_LIMIT))
        when = slack_date(followup.occurred_at, has_time=False, zone=zone)
        lines.append(f"• {when} · {method} · {mention(followup.author_id)} — {text}")
    return "\n".join(lines)


def _step_lines(steps: list[NextStep], zone: ZoneInfo) -> str:
    if not steps:
        return "_None._"
    return "\n".join(f"• {step_line(step, zone)} · {mention(step.owner_id)}" for step in steps)


def customer_list_message(*, customers: list[Customer], total: int, zone: ZoneInfo) -> Message:
    if not customers:
        text = "You don't own any customers yet. Create one with `/customer new <name>`."
        return message("You don't own any customers yet", [section(text)])
    blocks: list[Block] = [section(f"*Your customers* ({total})")]
    for n, customer in enumerate(customers[:MAX_LIST]):
        status = msg.STATUS_NAMES.get(customer.status, customer.status)
        blocks.append(
            section(
                f"{customer_label(customer)} · {status}"
                f" · last contact {_when(customer.last_activity_at, zone)}",
                accessory=button("Open", ids.numbered(ids.CUSTOMER_OPEN, n), str(customer.id)),
            )
        )
    if total > MAX_LIST:
        blocks.append(
            context(
                f"Showing the {MAX_LIST} most recently active of {total}. Use `/customer <name>`."
            )
        )
    return message(f"Your customers ({total})", blocks)


def customer_choices_message(*, customers: list[Customer], typed: str) -> Message:
    blocks: list[Block] = [
        section(f"More than one customer could be *{escape(typed)}*. Which one?")
    ]
    for n, customer in enumerate(customers):
        blocks.append(
            section(
                customer_with_owner(customer),
                accessory=button("Open", ids.numbered(ids.CUSTOMER_OPEN, n), str(customer.id)),
            )
        )
    return message(f"Which customer did you mean by {typed}?", blocks)


def customer_not_found_message(typed: str) -> Message:
    text = (
        f":mag: No customer matches *{escape(typed)}*. "
        f"Create it with `/customer new {escape(truncate(typed, 60))}`."
    )
    return message(f"No customer matches {typed}", [section(text)])


def customer_saved_message(customer: Customer, *, created: bool) -> Message:
    verb = "Created" if created else "Saved"
    text = f":white_check_mark: {verb} *{escape(customer.name)}* — customer code `{customer.code}`."
    blocks = [
        section(text),
        actions(
            [
                button("Log follow-up", ids.CUSTOMER_LOG_FOLLOWUP, str(customer.id)),
                button("Edit", ids.CUSTOMER_EDIT, str(customer.id)),
            ]
        ),
    ]
    return message(f"{verb} {customer.name} ({customer.code})", blocks)
