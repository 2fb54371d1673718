"""The customer card, the list of one's own customers, and 'which one?' lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.access.permissions import mask_email, mask_phone
from bot.catalog.messages import msg
from bot.customers.results import CustomerFile
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
    file: CustomerFile, *, zone: ZoneInfo, with_actions: bool = True
) -> list[Block]:
    customer = file.customer
    blocks: list[Block] = [header(customer.name), fields_section(_fields(file))]
    blocks.append(context(_cadence_line(file)))
    if file.hints:
        blocks.append(context(":warning: " + escape(" · ".join(file.hints))))
    extra = _extra_line(customer)
    if extra:
        blocks.append(context(extra))
    blocks.append(divider())
    blocks.append(section("*Recent follow-ups*\n" + _followup_lines(file.followups, zone)))
    blocks.append(section("*Open next steps*\n" + _step_lines(file.steps, zone)))
    if with_actions:
        value = str(customer.id)
        buttons = [
            button("Log follow-up", ids.CUSTOMER_LOG_FOLLOWUP, value, style="primary"),
            button("Add next step", ids.NEXT_STEP_ADD, value),
        ]
        if file.can_edit:
            buttons.insert(1, button("Edit", ids.CUSTOMER_EDIT, value))
            buttons.append(button("Set risk", ids.CUSTOMER_SET_RISK, value))
        buttons.append(button(msg.ALL_FOLLOWUPS, ids.FOLLOWUP_HISTORY, value))
        blocks.append(actions(buttons))
    return blocks


def customer_card_message(file: CustomerFile, *, zone: ZoneInfo) -> Message:
    customer = file.customer
    title = f"{escape(customer.name)} ({customer.code})"
    return message(title, customer_card_blocks(file, zone=zone))


def customer_card_modal(file: CustomerFile, *, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.CUSTOMER_CARD_MODAL,
        "title": plain("Customer", 24),
        "close": plain("Back", 24),
        "blocks": customer_card_blocks(file, zone=zone, with_actions=False),
    }


def _fields(file: CustomerFile) -> list[str]:
    customer = file.customer
    contact = escape(customer.contact_name or "—")
    if customer.contact_title:
        contact += f" ({escape(customer.contact_title)})"
    risk = msg.RISK_NAMES[file.risk.value]
    if file.risk_is_manual:
        risk += " (set by hand"
        if file.computed_risk is not file.risk:
            risk += f"; hints say {msg.RISK_NAMES[file.computed_risk.value].lower()}"
        risk += ")"
    phone, email = customer.phone, customer.email
    if not file.show_contact:
        phone = mask_phone(phone) if phone else None
        email = mask_email(email) if email else None
    return [
        f"*Code*\n`{customer.code}`",
        f"*Status*\n{msg.STATUS_NAMES.get(customer.status, customer.status)}",
        f"*Owner*\n{mention(customer.owner_id)}",
        f"*Tier*\n{escape(file.tier.name)}",
        f"*Activity*\n{msg.ACTIVITY_NAMES[file.activity.value]}",
        f"*Risk*\n{risk}",
        f"*Contact*\n{contact}",
        f"*Phone*\n{_phone(phone, masked=not file.show_contact)}",
        f"*Email*\n{_email(email, masked=not file.show_contact)}",
        f"*Annual value*\n{display_money(customer.annual_value, customer.currency)}",
    ]


def _cadence_line(file: CustomerFile) -> str:
    cadence = file.cadence
    every = f"{escape(cadence.tier.name)} tier: contact every {cadence.tier.cadence_days} days"
    if cadence.days_since_contact is None:
        return f"Never contacted · {every}"
    days = cadence.days_since_contact
    ago = "today" if days == 0 else ("1 day ago" if days == 1 else f"{days} days ago")
    if cadence.overdue_days:
        return (
            f":hourglass: Last contact {ago} — {cadence.overdue_days} days past cadence · {every}"
        )
    return f"Last contact {ago} · {every}"


def _phone(phone: str | None, *, masked: bool) -> str:
    if not phone:
        return "—"
    return phone if masked else display_phone(phone)


def _email(email: str | None, *, masked: bool) -> str:
    if not email:
        return "—"
    return escape(email) if masked else f"<mailto:{email}|{escape(email)}>"


def _extra_line(customer: Customer) -> str:
    parts: list[str] = [msg.TYPE_NAMES.get(customer.customer_type, customer.customer_type)]
    if customer.industry:
        parts.append(escape(customer.industry))
    if customer.region:
        parts.append(escape(customer.region))
    if customer.needs:
        parts.append("Needs: " + escape(", ".join(customer.needs)))
    if customer.company_size:
        parts.append(f"Size: {customer.company_size}")
    if customer.source:
        parts.append("Source: " + msg.SOURCE_NAMES.get(customer.source, customer.source))
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
        text = "You don't own any customers yet. Create one with `/customer new &lt;name&gt;`."
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
                f"Showing the {MAX_LIST} most recently active of {total}. "
                "Use `/customer &lt;name&gt;`."
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
    return message(f"Which customer did you mean by {escape(typed)}?", blocks)


def customer_not_found_message(typed: str) -> Message:
    text = (
        f":mag: No customer matches *{escape(typed)}*. "
        f"Create it with `/customer new {escape(truncate(typed, 60))}`."
    )
    return message(f"No customer matches {escape(typed)}", [section(text)])


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
    return message(f"{verb} {escape(customer.name)} ({customer.code})", blocks)


def reassigned_messages(
    customer: Customer, *, previous_owner: str, by: str, moved_steps: int
) -> tuple[Message, Message]:
    """(to the new owner, to the previous owner) after a customer changed hands."""
    steps = ""
    if moved_steps:
        plural = "s" if moved_steps > 1 else ""
        steps = f" Its {moved_steps} open next step{plural} moved with it."
    to_new = (
        f":inbox_tray: {mention(by)} gave you {customer_label(customer)}"
        f" (previously {mention(previous_owner)}).{steps}"
    )
    to_old = (
        f":outbox_tray: {mention(by)} moved {customer_label(customer)} to "
        f"{mention(customer.owner_id)}.{steps}"
    )
    return (
        message(f"You now own {escape(customer.name)}", [section(to_new)]),
        message(f"{escape(customer.name)} moved to a new owner", [section(to_old)]),
    )
