"""The customer picker of every form that asks which customer (an external_select served by
handlers/options), and the options it is answered with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.catalog.texts.shortcuts import text as t
from bot.customers.picker_results import CustomerChoice
from bot.views import ids
from bot.views.blocks import Block, input_block, plain

CUSTOMER = "customer"
"""The block_id of a form's customer picker."""
OPTION_TEXT = 75
"""Slack's limit for an option's text."""
_OWNER_TEXT = 24


def customer_picker(*, optional: bool = False) -> Block:
    """Type to search: Slack asks the app for options after the first character."""
    element: Block = {
        "type": "external_select",
        "action_id": ids.CUSTOMER_PICKER,
        "placeholder": plain(t.SHORTCUT_CUSTOMER_PLACEHOLDER, 150),
        "min_query_length": 1,
    }
    return input_block(
        CUSTOMER,
        t.SHORTCUT_CUSTOMER_LABEL,
        element,
        optional=optional,
        hint=t.SHORTCUT_CUSTOMER_HINT,
    )


def customer_options(
    choices: Sequence[CustomerChoice], owner_name: Callable[[str], str | None]
) -> list[dict[str, Any]]:
    """One option per customer: its name, code and owner (when known) in 75 characters; the
    value is the customer's id."""
    return [
        {"text": plain(option_text(c, owner_name(c.owner_id))), "value": str(c.customer_id)}
        for c in choices
    ]


def option_text(choice: CustomerChoice, owner: str | None) -> str:
    separator = t.SHORTCUT_SEPARATOR
    tail = separator + choice.code
    if owner:
        tail += separator + t.SHORTCUT_OWNER.format(owner=_cut(owner, _OWNER_TEXT))
    room = max(OPTION_TEXT - len(tail), 12)
    return _cut(_cut(choice.name, room) + tail, OPTION_TEXT)


def _cut(text: str, limit: int) -> str:
    """Plain text (not mrkdwn) in `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def picked_customer(state_values: dict[str, Any]) -> str | None:
    """The value (a customer id, as text) of the option chosen in a form's customer picker."""
    block = state_values.get(CUSTOMER)
    element = block.get(ids.CUSTOMER_PICKER) if isinstance(block, dict) else None
    chosen = element.get("selected_option") if isinstance(element, dict) else None
    value = chosen.get("value") if isinstance(chosen, dict) else None
    return value if isinstance(value, str) else None
