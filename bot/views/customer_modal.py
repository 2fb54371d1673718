"""The customer modal (create and edit), and reading what was typed into it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bot.catalog.cleaning import without_controls
from bot.catalog.messages import msg
from bot.catalog.texts.customers import text as t
from bot.customers.form import COMPANY_SIZES, SOURCES
from bot.customers.results import SameAs
from bot.views import ids
from bot.views.blocks import Block, button, context, input_block, option, plain, section
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
_SELECTS = ("customer_type", "company_size", "source", "status")
_TEXT_LIMITS = {
    "name": 200,
    "aliases": 500,
    "industry": 100,
    "contact_name": 150,
    "contact_title": 150,
    "phone": 40,
    "email": 254,
    "wechat_id": 64,
    "region": 100,
    "annual_value": 40,
    "needs": 1000,
    "notes": 3000,
}
_MULTILINE = frozenset({"notes"})


def field_labels() -> dict[str, str]:
    """Each field's label, in the reader's language (read when drawing, never at import)."""
    return {
        "name": msg.LABEL_NAME,
        "aliases": msg.LABEL_ALIASES,
        "customer_type": msg.LABEL_TYPE,
        "industry": msg.LABEL_INDUSTRY,
        "contact_name": msg.LABEL_CONTACT,
        "contact_title": msg.LABEL_TITLE,
        "phone": msg.LABEL_PHONE,
        "email": msg.LABEL_EMAIL,
        "wechat_id": msg.LABEL_WECHAT,
        "region": msg.LABEL_REGION,
        "company_size": msg.LABEL_SIZE,
        "source": msg.LABEL_SOURCE,
        "annual_value": msg.LABEL_VALUE,
        "status": msg.LABEL_STATUS,
        "owner": msg.LABEL_OWNER,
        "needs": msg.LABEL_NEEDS,
        "notes": msg.LABEL_NOTES,
    }


def _choices(name: str) -> list[tuple[str, str]]:
    """(stored value, what the option says) for a select field."""
    if name == "customer_type":
        return list(msg.TYPE_NAMES.items())
    if name == "company_size":
        sizes = t.COMPANY_SIZE_NAMES
        return [(size, sizes.get(size, size)) for size in COMPANY_SIZES]
    if name == "source":
        sources = msg.SOURCE_NAMES
        return [(key, sources[key]) for key in SOURCES]
    return list(msg.STATUS_NAMES.items())


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
    duplicates: list[tuple[Customer, tuple[SameAs, ...]]] | None = None,
) -> dict[str, Any]:
    """The create/edit modal prefilled with `values` (field -> text or option value).

    `duplicates` (customer, what is the same) turns it into the "looks like a duplicate"
    variant.
    """
    editing = state.customer_id is not None
    blocks: list[Block] = []
    if duplicates:
        blocks.extend(_duplicate_warning(duplicates))
    labels = field_labels()
    blocks.extend(_input(name, labels[name], values.get(name)) for name in FIELD_ORDER)
    submit = t.FORM_SAVE if editing else (t.FORM_CREATE_ANYWAY if duplicates else t.FORM_CREATE)
    return {
        "type": "modal",
        "callback_id": ids.CUSTOMER_MODAL,
        "title": plain(t.FORM_EDIT_TITLE if editing else t.FORM_NEW_TITLE, 24),
        "submit": plain(submit, 24),
        "close": plain(t.FORM_CANCEL, 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def _duplicate_warning(duplicates: list[tuple[Customer, tuple[SameAs, ...]]]) -> list[Block]:
    blocks: list[Block] = [section(t.DUPLICATE_WARNING)]
    for n, (customer, same) in enumerate(duplicates[:10]):
        blocks.append(
            section(
                f"{customer_with_owner(customer)} · {escape(_why(same))}",
                accessory=button(
                    t.DUPLICATE_OPEN, ids.numbered(ids.CUSTOMER_OPEN_EXISTING, n), str(customer.id)
                ),
            )
        )
    blocks.append(context(t.DUPLICATE_HINT))
    return blocks


def _why(same: tuple[SameAs, ...]) -> str:
    """'same name, same phone', or 'similar' when only the name reads alike."""
    if not same:
        return t.DUPLICATE_SIMILAR
    said = t.DUPLICATE_SAME
    return t.DUPLICATE_SAME_JOIN.join(said[what.value] for what in same)


def _input(name: str, label: str, value: str | None) -> Block:
    if name == "owner":
        element: Block = {"type": "users_select", "action_id": VALUE}
        if value:
            element["initial_user"] = value
        return input_block(name, label, element, optional=False)
    if name in _SELECTS:
        options = [option(text, key) for key, text in _choices(name)]
        element = {"type": "static_select", "action_id": VALUE, "options": options}
        chosen = [o for o in options if o["value"] == value]
        if chosen:
            element["initial_option"] = chosen[0]
        return input_block(name, label, element, optional=True)
    max_length = _TEXT_LIMITS[name]
    element = {"type": "plain_text_input", "action_id": VALUE, "max_length": max_length}
    if name in _MULTILINE:
        element["multiline"] = True
    placeholder = t.FORM_PLACEHOLDERS.get(name)
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    if value:
        element["initial_value"] = value[:max_length]
    return input_block(name, label, element, optional=name != "name")


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
        "wechat_id": customer.wechat_id,
        "region": customer.region,
        "company_size": customer.company_size,
        "source": customer.source,
        "annual_value": value,
        "status": customer.status,
        "owner": customer.owner_id,
        "needs": ", ".join(customer.needs or []),
        "notes": customer.notes,
    }
