"""The customer modal (create and edit), and reading what was typed into it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bot.catalog.cleaning import without_controls
from bot.catalog.messages import msg
from bot.customers.form import COMPANY_SIZES, SOURCES
from bot.views import ids
from bot.views.blocks import Block, button, context, option, plain, section
from bot.views.formatting import customer_with_owner, display_phone, escape
from bot.views.modal_state import ModalState
from storage.models import Customer, CustomerFieldsBase

VALUE = "value"  # the action_id of every input's element

FIELD_ORDER = tuple(
    # The table's own order; the currency is typed with the amount ('50万 CNY').
    "owner" if name == "owner_id" else name
    for name in CustomerFieldsBase.model_fields
    if name != "currency"
)
_SELECTS = {
    "customer_type": list(msg.TYPE_NAMES.items()),
    "company_size": [(size, size) for size in COMPANY_SIZES],
    "source": [(key, msg.SOURCE_NAMES[key]) for key in SOURCES],
    "status": list(msg.STATUS_NAMES.items()),
}
_TEXT_INPUTS: dict[str, tuple[str, int, str | None, bool]] = {
    # field: (label, max length, placeholder, multiline)
    "name": (msg.LABEL_NAME, 200, "e.g. Acme Corporation or 华为技术有限公司", False),
    "aliases": (msg.LABEL_ALIASES, 500, "Short or other names, comma-separated: 浦发, SPDB", False),
    "industry": (msg.LABEL_INDUSTRY, 100, "e.g. Manufacturing", False),
    "contact_name": (msg.LABEL_CONTACT, 150, None, False),
    "contact_title": (msg.LABEL_TITLE, 150, "e.g. Head of Procurement", False),
    "phone": (msg.LABEL_PHONE, 40, "e.g. +1 415 555 0100", False),
    "email": (msg.LABEL_EMAIL, 254, "e.g. jane@acme.com", False),
    "region": (msg.LABEL_REGION, 100, "e.g. East China, EMEA", False),
    "annual_value": (msg.LABEL_VALUE, 40, "e.g. 250000, $1.2m or 50万", False),
    "needs": (msg.LABEL_NEEDS, 1000, "Comma-separated, e.g. CRM, training, support", False),
    "notes": (msg.LABEL_NOTES, 3000, None, True),
}
_SELECT_LABELS = {
    "customer_type": msg.LABEL_TYPE,
    "company_size": msg.LABEL_SIZE,
    "source": msg.LABEL_SOURCE,
    "status": msg.LABEL_STATUS,
}


class CustomerModalState(ModalState):
    """What the customer modal carries between Slack round trips."""

    customer_id: int | None = None
    draft_id: str | None = None
    response_url: str | None = None
    acknowledged_duplicates: list[int] = Field(default_factory=list, alias="ack")


def customer_modal(
    *,
    values: dict[str, str | None],
    state: CustomerModalState,
    duplicates: list[tuple[Customer, str]] | None = None,
) -> dict[str, Any]:
    """The create/edit modal prefilled with `values` (field -> text or option value).

    `duplicates` (customer, why) turns it into the "looks like a duplicate" variant.
    """
    editing = state.customer_id is not None
    blocks: list[Block] = []
    if duplicates:
        blocks.extend(_duplicate_warning(duplicates))
    blocks.extend(_input(name, values.get(name)) for name in FIELD_ORDER)
    submit = "Save" if editing else ("Create anyway" if duplicates else "Create")
    return {
        "type": "modal",
        "callback_id": ids.CUSTOMER_MODAL,
        "title": plain("Edit customer" if editing else "New customer", 24),
        "submit": plain(submit, 24),
        "close": plain("Cancel", 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def _duplicate_warning(duplicates: list[tuple[Customer, str]]) -> list[Block]:
    blocks: list[Block] = [
        section(":warning: *This looks like a customer you already have.* Nothing is saved yet.")
    ]
    for n, (customer, why) in enumerate(duplicates[:10]):
        blocks.append(
            section(
                f"{customer_with_owner(customer)} · {escape(why)}",
                accessory=button(
                    "Open existing", ids.numbered(ids.CUSTOMER_OPEN_EXISTING, n), str(customer.id)
                ),
            )
        )
    blocks.append(context("Open the existing customer, or press *Create anyway* to add a new one."))
    return blocks


def _input(name: str, value: str | None) -> Block:
    if name == "owner":
        element: Block = {"type": "users_select", "action_id": VALUE}
        if value:
            element["initial_user"] = value
        return _input_block(name, msg.LABEL_OWNER, element, optional=False)
    if name in _SELECTS:
        options = [option(text, key) for key, text in _SELECTS[name]]
        element = {"type": "static_select", "action_id": VALUE, "options": options}
        chosen = [o for o in options if o["value"] == value]
        if chosen:
            element["initial_option"] = chosen[0]
        return _input_block(name, _SELECT_LABELS[name], element, optional=True)
    label, max_length, placeholder, multiline = _TEXT_INPUTS[name]
    element = {"type": "plain_text_input", "action_id": VALUE, "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    if value:
        element["initial_value"] = value[:max_length]
    return _input_block(name, label, element, optional=name != "name")


def _input_block(name: str, label: str, element: Block, *, optional: bool) -> Block:
    return {
        "type": "input",
        "block_id": name,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }


def read_customer_modal(state_values: dict[str, Any]) -> dict[str, str | None]:
    """Field name -> what was entered (text, option value or user ID), None when empty."""
    values: dict[str, str | None] = {}
    for name in FIELD_ORDER:
        element = (state_values.get(name) or {}).get(VALUE) or {}
        if "selected_option" in element:
            selected = element.get("selected_option") or {}
            values[name] = selected.get("value")
        elif "selected_user" in element:
            values[name] = element.get("selected_user")
        else:
            typed = element.get("value")
            values[name] = without_controls(typed) if isinstance(typed, str) else typed
    return values


def customer_form_values(customer: Customer) -> dict[str, str | None]:
    """A stored customer as the modal shows it, for editing."""
    value = None
    if customer.annual_value is not None:
        value = f"{customer.currency} {customer.annual_value.normalize():f}"
    return {
        "name": customer.name,
        "aliases": ", ".join(customer.aliases or []) or None,
        "customer_type": customer.customer_type,
        "industry": customer.industry,
        "contact_name": customer.contact_name,
        "contact_title": customer.contact_title,
        "phone": display_phone(customer.phone) if customer.phone else None,
        "email": customer.email,
        "region": customer.region,
        "company_size": customer.company_size,
        "source": customer.source,
        "annual_value": value,
        "status": customer.status,
        "owner": customer.owner_id,
        "needs": ", ".join(customer.needs or []),
        "notes": customer.notes,
    }
