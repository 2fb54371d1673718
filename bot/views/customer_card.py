"""The customer card, the list of one's own customers, and 'which one?' lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.access.permissions import mask_email, mask_phone
from bot.catalog.messages import msg
from bot.catalog.texts.contacts import text as ct
from bot.catalog.texts.customers import text as t
from bot.catalog.tiers import tier_label
from bot.customers.results import CustomerFile
from bot.views import ids
from bot.views.archive import archive_button, archived_line, restore_button
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
from bot.views.contacts import more_contacts_line
from bot.views.followup import step_line
from bot.views.formatting import (
    customer_label,
    customer_with_owner,
    display_money,
    display_money_in_team_currency,
    display_phone,
    escape,
    mention,
    slack_date,
    truncate,
)
from bot.views.industries import industry_label
from bot.views.risk import hints_text
from storage.models import Customer, FollowUp, NextStep

MAX_LIST = 20
_FOLLOWUP_TEXT_LIMIT = 600


def customer_card_blocks(
    file: CustomerFile, *, zone: ZoneInfo, with_actions: bool = True
) -> list[Block]:
    customer = file.customer
    blocks: list[Block] = [header(customer.name), fields_section(_fields(file))]
    archived = archived_line(customer, zone=zone)
    if archived:
        blocks.append(context(archived))
    blocks.append(context(_cadence_line(file)))
    if file.hints:
        blocks.append(context(":warning: " + escape(hints_text(file.hints))))
    extra = _extra_line(customer)
    if extra:
        blocks.append(context(extra))
    blocks.append(divider())
    blocks.append(section(t.CARD_RECENT_FOLLOWUPS + "\n" + _followup_lines(file.followups, zone)))
    blocks.append(section(t.CARD_OPEN_STEPS + "\n" + _step_lines(file.steps, zone)))
    if with_actions and customer.archived_at is not None:
        buttons = [button(msg.ALL_FOLLOWUPS, ids.FOLLOWUP_HISTORY, str(customer.id))]
        if file.can_archive:
            buttons.append(restore_button(customer))
        blocks.append(actions(buttons))
    elif with_actions:
        value = str(customer.id)
        buttons = [
            button(t.CARD_LOG_FOLLOWUP, ids.CUSTOMER_LOG_FOLLOWUP, value, style="primary"),
            button(t.CARD_ADD_STEP, ids.NEXT_STEP_ADD, value),
        ]
        if file.can_edit:
            buttons.insert(1, button(t.CARD_EDIT, ids.CUSTOMER_EDIT, value))
            buttons.append(button(t.CARD_SET_RISK, ids.CUSTOMER_SET_RISK, value))
        buttons.append(button(msg.ALL_FOLLOWUPS, ids.FOLLOWUP_HISTORY, value))
        buttons.append(button(ct.CONTACTS_BUTTON, ids.CUSTOMER_CONTACTS, value))
        if file.can_edit:
            buttons.append(button(ct.CONTACTS_ADD_BUTTON, ids.CUSTOMER_ADD_CONTACT, value))
        if file.can_archive:
            buttons.append(archive_button(customer))
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
        "title": plain(t.CARD_TITLE, 24),
        "close": plain(t.CARD_BACK, 24),
        "blocks": customer_card_blocks(file, zone=zone, with_actions=False),
    }


def _fields(file: CustomerFile) -> list[str]:
    customer = file.customer
    contact = escape(customer.contact_name or "—")
    if customer.contact_title:
        contact += f" ({escape(customer.contact_title)})"
    if customer.wechat_id:
        wechat = escape(customer.wechat_id) if file.show_contact else "•••"
        contact += "\n" + ct.CONTACTS_WECHAT.format(wechat=wechat)
    more = more_contacts_line(file.more_contacts)
    if more:
        contact += f"\n_{more}_"
    risks = msg.RISK_NAMES
    risk = risks[file.risk.value]
    if file.risk_is_manual and file.computed_risk is not file.risk:
        computed = risks[file.computed_risk.value].lower()
        risk = t.CARD_RISK_BY_HAND_HINTS.format(risk=risk, computed=computed)
    elif file.risk_is_manual:
        risk = t.CARD_RISK_BY_HAND.format(risk=risk)
    phone, email = customer.phone, customer.email
    if not file.show_contact:
        phone = mask_phone(phone) if phone else None
        email = mask_email(email) if email else None
    shown = {
        "code": f"`{customer.code}`",
        "status": msg.STATUS_NAMES.get(customer.status, customer.status),
        "owner": mention(customer.owner_id),
        "tier": escape(tier_label(file.tier.name, file.tier.name_zh)),
        "activity": msg.ACTIVITY_NAMES[file.activity.value],
        "risk": risk,
        "contact": contact,
        "phone": _phone(phone, masked=not file.show_contact),
        "email": _email(email, masked=not file.show_contact),
        "annual_value": _annual_value(file),
    }
    labels = t.CARD_FIELDS
    return [t.CARD_FIELD.format(label=labels[name], value=value) for name, value in shown.items()]


def _annual_value(file: CustomerFile) -> str:
    """As typed, and what tiers count it as when it is in another currency than the team's."""
    customer = file.customer
    if file.team_currency is None:
        return display_money(customer.annual_value, customer.currency)
    return display_money_in_team_currency(
        customer.annual_value, customer.currency, team_currency=file.team_currency, rate=file.rate
    )


def _cadence_line(file: CustomerFile) -> str:
    cadence = file.cadence
    every = t.CARD_CADENCE.format(
        tier=escape(tier_label(cadence.tier.name, cadence.tier.name_zh)),
        days=cadence.tier.cadence_days,
    )
    if cadence.days_since_contact is None:
        return t.CARD_NEVER_CONTACTED.format(cadence=every)
    days = cadence.days_since_contact
    if days == 0:
        ago = t.CARD_AGO_TODAY
    else:
        ago = t.CARD_AGO_ONE_DAY if days == 1 else t.CARD_AGO_DAYS.format(days=days)
    if cadence.overdue_days:
        return t.CARD_LAST_CONTACT_LATE.format(ago=ago, late=cadence.overdue_days, cadence=every)
    return t.CARD_LAST_CONTACT.format(ago=ago, cadence=every)


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
        parts.append(escape(industry_label(customer.industry)))
    if customer.region:
        parts.append(escape(customer.region))
    if customer.needs:
        parts.append(t.CARD_NEEDS.format(needs=escape(", ".join(customer.needs))))
    if customer.company_size:
        size = t.COMPANY_SIZE_NAMES.get(customer.company_size, customer.company_size)
        parts.append(t.CARD_SIZE.format(size=escape(size)))
    if customer.source:
        source = msg.SOURCE_NAMES.get(customer.source, customer.source)
        parts.append(t.CARD_SOURCE.format(source=source))
    line = " · ".join(parts)
    if customer.notes:
        line += "\n" + t.CARD_NOTES.format(notes=escape(truncate(customer.notes, 1500)))
    return line


def _last_contact(at: datetime | None, zone: ZoneInfo) -> str:
    if at is None:
        return t.OWN_NEVER_CONTACTED
    return msg.LIST_LAST_CONTACT.format(when=slack_date(at, has_time=False, zone=zone))


def _followup_lines(followups: list[FollowUp], zone: ZoneInfo) -> str:
    if not followups:
        return t.CARD_NO_FOLLOWUPS
    lines = []
    for followup in followups:
        method = msg.METHOD_NAMES.get(followup.method, followup.method)
        text = escape(truncate(followup.text.replace("\n", " "), _FOLLOWUP_TEXT_LIMIT))
        when = slack_date(followup.occurred_at, has_time=False, zone=zone)
        lines.append(f"• {when} · {method} · {mention(followup.author_id)} — {text}")
    return "\n".join(lines)


def _step_lines(steps: list[NextStep], zone: ZoneInfo) -> str:
    if not steps:
        return t.CARD_NO_STEPS
    return "\n".join(f"• {step_line(step, zone)} · {mention(step.owner_id)}" for step in steps)


def customer_list_message(*, customers: list[Customer], total: int, zone: ZoneInfo) -> Message:
    if not customers:
        return message(t.OWN_NONE_TITLE, [section(t.OWN_NONE_CREATE)])
    blocks: list[Block] = [section(t.OWN_HEADING.format(total=total))]
    for n, customer in enumerate(customers[:MAX_LIST]):
        status = msg.STATUS_NAMES.get(customer.status, customer.status)
        blocks.append(
            section(
                f"{customer_label(customer)} · {status}"
                f" · {_last_contact(customer.last_activity_at, zone)}",
                accessory=button(
                    msg.LIST_OPEN, ids.numbered(ids.CUSTOMER_OPEN, n), str(customer.id)
                ),
            )
        )
    if total > MAX_LIST:
        blocks.append(context(t.OWN_MORE.format(shown=MAX_LIST, total=total)))
    return message(t.OWN_TITLE.format(total=total), blocks)


def customer_choices_message(*, customers: list[Customer], typed: str) -> Message:
    blocks: list[Block] = [section(t.CHOICES_HEADING.format(typed=escape(typed)))]
    for n, customer in enumerate(customers):
        blocks.append(
            section(
                customer_with_owner(customer),
                accessory=button(
                    msg.LIST_OPEN, ids.numbered(ids.CUSTOMER_OPEN, n), str(customer.id)
                ),
            )
        )
    return message(t.CHOICES_TITLE.format(typed=escape(typed)), blocks)


def customer_not_found_message(typed: str) -> Message:
    text = t.NOT_FOUND.format(typed=escape(typed), name=escape(truncate(typed, 60)))
    return message(t.NOT_FOUND_TITLE.format(typed=escape(typed)), [section(text)])


def customer_saved_message(customer: Customer, *, created: bool) -> Message:
    said, title = (t.CREATED, t.CREATED_TITLE) if created else (t.SAVED, t.SAVED_TITLE)
    name = escape(customer.name)
    blocks = [
        section(said.format(name=name, code=customer.code)),
        actions(
            [
                button(t.CARD_LOG_FOLLOWUP, ids.CUSTOMER_LOG_FOLLOWUP, str(customer.id)),
                button(t.CARD_EDIT, ids.CUSTOMER_EDIT, str(customer.id)),
            ]
        ),
    ]
    return message(title.format(name=name, code=customer.code), blocks)


def reassigned_messages(
    customer: Customer, *, previous_owner: str, by: str, moved_steps: int
) -> tuple[Message, Message]:
    """(to the new owner, to the previous owner) after a customer changed hands."""
    steps = ""
    if moved_steps:
        steps = t.MOVED_ONE_STEP if moved_steps == 1 else t.MOVED_STEPS.format(count=moved_steps)
    label, name = customer_label(customer), escape(customer.name)
    to_new = t.GIVEN_TO_YOU.format(
        by=mention(by), customer=label, previous=mention(previous_owner), steps=steps
    )
    to_old = t.MOVED_AWAY.format(
        by=mention(by), customer=label, owner=mention(customer.owner_id), steps=steps
    )
    return (
        message(t.GIVEN_TO_YOU_TITLE.format(name=name), [section(to_new)]),
        message(t.MOVED_AWAY_TITLE.format(name=name), [section(to_old)]),
    )
