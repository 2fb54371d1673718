"""A customer's contacts: the list (a modal pushed from the card), the Add contact form, and the
line the card shows about the others."""

from __future__ import annotations

import json
from typing import Any

from bot.access.permissions import mask_email, mask_phone
from bot.catalog.messages import msg
from bot.catalog.mrkdwn import escape, truncate
from bot.catalog.texts.contacts import text as t
from bot.customers.contact_results import (
    EMAIL,
    NAME,
    NOTES,
    PHONE,
    PRIMARY,
    TITLE,
    WECHAT,
    ContactAdded,
    ContactBook,
    ContactEntry,
    ContactErased,
)
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    divider,
    input_block,
    message,
    plain,
    section,
)
from bot.views.formatting import customer_label, display_phone
from storage.models import Customer

MAX_LISTED = 40
"""Contacts drawn in the list modal (3 blocks each, well inside 100 blocks)."""
VALUE = "value"


def more_contacts_line(count: int) -> str | None:
    if count <= 0:
        return None
    return t.CONTACTS_MORE_ONE if count == 1 else t.CONTACTS_MORE_MANY.format(count=count)


def contact_form(customer: Customer, *, response_url: str | None) -> dict[str, Any]:
    def text_input(block: str, label: str, limit: int, *, multiline: bool = False) -> Block:
        element: Block = {"type": "plain_text_input", "action_id": VALUE, "max_length": limit}
        if multiline:
            element["multiline"] = True
        return input_block(block, label, element, optional=True)

    primary = {
        "type": "checkboxes",
        "action_id": VALUE,
        "options": [{"text": plain(t.CONTACTS_PRIMARY_OPTION), "value": "yes"}],
    }
    return {
        "type": "modal",
        "callback_id": ids.CONTACT_MODAL,
        "title": plain(t.CONTACTS_FORM_TITLE, 24),
        "submit": plain(t.CONTACTS_FORM_SAVE, 24),
        "close": plain(t.CONTACTS_CANCEL, 24),
        "private_metadata": json.dumps({"customer_id": customer.id, "url": response_url}),
        "blocks": [
            context(customer_label(customer)),
            text_input(NAME, t.CONTACTS_LABEL_NAME, 150),
            text_input(TITLE, t.CONTACTS_LABEL_TITLE, 150),
            text_input(PHONE, msg.LABEL_PHONE, 40),
            text_input(EMAIL, msg.LABEL_EMAIL, 254),
            text_input(WECHAT, msg.LABEL_WECHAT, 64),
            text_input(NOTES, t.CONTACTS_LABEL_NOTES, 2000, multiline=True),
            input_block(PRIMARY, t.CONTACTS_LABEL_PRIMARY, primary, optional=True),
        ],
    }


def contacts_modal(book: ContactBook) -> dict[str, Any]:
    customer = book.customer
    blocks: list[Block] = [section(t.CONTACTS_HEADING.format(customer=customer_label(customer)))]
    if not book.contacts:
        blocks.append(context(t.CONTACTS_NONE))
    for entry in book.contacts[:MAX_LISTED]:
        blocks.append(divider())
        blocks.append(section(_entry_text(entry, masked=not book.show_contact)))
        buttons = _entry_buttons(book, entry)
        if buttons:
            blocks.append(actions(buttons))
    if book.can_edit:
        value = str(customer.id)
        blocks.append(actions([button(t.CONTACTS_ADD_BUTTON, ids.CUSTOMER_ADD_CONTACT, value)]))
    return {
        "type": "modal",
        "callback_id": ids.CONTACTS_MODAL,
        "title": plain(t.CONTACTS_TITLE, 24),
        "close": plain(t.CONTACTS_CLOSE, 24),
        "private_metadata": json.dumps({"customer_id": customer.id}),
        "blocks": blocks,
    }


def _entry_text(entry: ContactEntry, *, masked: bool) -> str:
    name = escape(entry.name) if entry.name else t.CONTACTS_UNNAMED
    if not entry.holds_personal_data:
        name = t.CONTACTS_ERASED_NAME
    head = f"*{name}*"
    if entry.title:
        head += f" ({escape(entry.title)})"
    if entry.is_primary:
        head += f" · _{t.CONTACTS_PRIMARY}_"
    lines = [head]
    reach = []
    if entry.phone:
        reach.append(mask_phone(entry.phone) if masked else display_phone(entry.phone))
    if entry.email:
        reach.append(escape(mask_email(entry.email) if masked else entry.email))
    if entry.wechat_id:
        wechat = "•••" if masked else escape(entry.wechat_id)
        reach.append(t.CONTACTS_WECHAT.format(wechat=wechat))
    if reach:
        lines.append(" · ".join(reach))
    if entry.notes and not masked:
        lines.append(t.CONTACTS_NOTES.format(notes=escape(truncate(entry.notes, 500))))
    return "\n".join(lines)


def _entry_buttons(book: ContactBook, entry: ContactEntry) -> list[Block]:
    buttons: list[Block] = []
    if book.can_edit and entry.contact_id is not None:
        buttons.append(button(t.CONTACTS_MAKE_PRIMARY, ids.CONTACT_MAKE_PRIMARY,
                              str(entry.contact_id)))  # fmt: skip
    if book.can_erase and entry.holds_personal_data:
        erase = button(
            t.CONTACTS_ERASE,
            ids.CONTACT_ERASE,
            json.dumps({"c": book.customer.id, "k": entry.contact_id}),
            style="danger",
        )
        erase["confirm"] = {
            "title": plain(t.CONTACTS_ERASE_CONFIRM_TITLE, 100),
            "text": {"type": "mrkdwn", "text": truncate(t.CONTACTS_ERASE_CONFIRM, 300)},
            "confirm": plain(t.CONTACTS_ERASE_YES, 30),
            "deny": plain(t.CONTACTS_CANCEL, 30),
            "style": "danger",
        }
        buttons.append(erase)
    return buttons


def contact_added_message(added: ContactAdded) -> Message:
    customer = customer_label(added.customer)
    if added.primary:
        contact = escape(added.name) if added.name else t.CONTACTS_UNNAMED
        said = t.CONTACTS_ADDED_PRIMARY.format(contact=contact, customer=customer)
    else:
        said = t.CONTACTS_ADDED.format(customer=customer)
    return message(said, [section(said)])


def made_primary_message(added: ContactAdded) -> Message:
    contact = escape(added.name) if added.name else t.CONTACTS_UNNAMED
    said = t.CONTACTS_NOW_PRIMARY.format(contact=contact, customer=customer_label(added.customer))
    return message(said, [section(said)])


def erased_message(erased: ContactErased) -> Message:
    if not erased.fields:
        return message(t.CONTACTS_NOTHING_TO_ERASE, [section(t.CONTACTS_NOTHING_TO_ERASE)])
    names = t.CONTACTS_FIELD_NAMES
    fields = t.CONTACTS_LIST_SEPARATOR.join(names.get(f, f) for f in erased.fields)
    said = t.CONTACTS_ERASED.format(customer=customer_label(erased.customer), fields=fields)
    return message(said, [section(said)])
