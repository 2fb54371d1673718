"""Modals for a next step (add or edit) and for logging a follow-up from a card."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.catalog.cleaning import without_controls
from bot.catalog.messages import msg
from bot.catalog.texts.followups import text as t
from bot.catalog.texts.home import text as home_text
from bot.views import ids
from bot.views.blocks import Block, context, option, plain
from bot.views.formatting import escape
from bot.views.modal_state import ModalState
from storage.models import Customer, FollowUpMethod, NextStep

VALUE = "value"
STEP = "step"
DUE_DATE = "due_date"
DUE_TIME = "due_time"
WHAT = "what"
METHOD = "method"
CUSTOMER = "customer"
"""The customer typed in a follow-up form opened without one (from the App Home)."""


class StepModalState(ModalState):
    """What the next-step and follow-up modals carry between Slack round trips."""

    customer_id: int
    """0: the form asks for the customer (`CUSTOMER`)."""
    step_id: int | None = None
    response_url: str | None = Field(default=None, alias="url")
    dm_channel: str | None = Field(default=None, alias="dm")
    """Set when opened from a morning DM, which is redrawn after saving."""
    dm_ts: str | None = None


def next_step_modal(
    *, customer: Customer, step: NextStep | None, zone: ZoneInfo, state: StepModalState
) -> dict[str, Any]:
    due_date = due_time = None
    if step is not None and step.due_at is not None:
        local = step.due_at.astimezone(zone)
        due_date = local.strftime("%Y-%m-%d")
        if step.due_has_time:
            due_time = local.strftime("%H:%M")
    blocks: list[Block] = [
        context(f"*{escape(customer.name)}* (`{customer.code}`)"),
        _text_input(
            STEP, t.FOLLOWUP_STEP_FORM_STEP, step.description if step else None, optional=False
        ),
        *_due_inputs(due_date, due_time, zone),
    ]
    return {
        "type": "modal",
        "callback_id": ids.NEXT_STEP_MODAL,
        "title": plain(
            t.FOLLOWUP_STEP_FORM_EDIT_TITLE if step else t.FOLLOWUP_STEP_FORM_ADD_TITLE, 24
        ),
        "submit": plain(t.FOLLOWUP_STEP_FORM_SAVE, 24),
        "close": plain(t.FOLLOWUP_STEP_FORM_CANCEL, 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def followup_modal(
    *, customer: Customer | None, zone: ZoneInfo, state: StepModalState
) -> dict[str, Any]:
    """Without a `customer` the form asks for one, read as `/followup` reads it."""
    methods = [option(msg.METHOD_NAMES[m.value], m.value) for m in FollowUpMethod]
    if customer is not None:
        about = context(f"*{escape(customer.name)}* (`{customer.code}`)")
    else:
        about = _text_input(CUSTOMER, home_text.HOME_FOLLOWUP_CUSTOMER, None, optional=False)
        about["element"]["max_length"] = 200
        about["hint"] = plain(home_text.HOME_FOLLOWUP_CUSTOMER_HINT, 150)
    blocks: list[Block] = [
        about,
        _text_input(WHAT, t.FOLLOWUP_FORM_WHAT, None, optional=False, multiline=True),
        {
            "type": "input",
            "block_id": METHOD,
            "label": plain(t.FOLLOWUP_FORM_HOW),
            "optional": True,
            "element": {"type": "static_select", "action_id": VALUE, "options": methods},
            "hint": plain(t.FOLLOWUP_FORM_HOW_HINT, 150),
        },
        _text_input(STEP, t.FOLLOWUP_STEP_FORM_STEP, None, optional=True),
        *_due_inputs(None, None, zone),
    ]
    return {
        "type": "modal",
        "callback_id": ids.FOLLOWUP_MODAL,
        "title": plain(t.FOLLOWUP_FORM_TITLE, 24),
        "submit": plain(t.FOLLOWUP_FORM_LOG, 24),
        "close": plain(t.FOLLOWUP_STEP_FORM_CANCEL, 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def _text_input(
    block_id: str, label: str, value: str | None, *, optional: bool, multiline: bool = False
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE, "max_length": 3000}
    if multiline:
        element["multiline"] = True
    if value:
        element["initial_value"] = value[:3000]
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": optional,
        "element": element,
    }


def _due_inputs(due_date: str | None, due_time: str | None, zone: ZoneInfo) -> list[Block]:
    date_element: Block = {"type": "datepicker", "action_id": VALUE}
    if due_date:
        date_element["initial_date"] = due_date
    time_element: Block = {"type": "timepicker", "action_id": VALUE, "timezone": zone.key}
    if due_time:
        time_element["initial_time"] = due_time
    return [
        {
            "type": "input",
            "block_id": DUE_DATE,
            "label": plain(t.FOLLOWUP_STEP_FORM_DUE_DATE),
            "optional": True,
            "element": date_element,
        },
        {
            "type": "input",
            "block_id": DUE_TIME,
            "label": plain(t.FOLLOWUP_STEP_FORM_DUE_TIME),
            "optional": True,
            "element": time_element,
            "hint": plain(t.FOLLOWUP_STEP_FORM_DUE_TIME_HINT.format(zone=zone.key), 150),
        },
    ]


def read_modal_values(state_values: dict[str, Any]) -> dict[str, str | None]:
    """Block id -> entered text, chosen option value, date or time (None when empty)."""
    values: dict[str, str | None] = {}
    for block_id, elements in state_values.items():
        element = (elements or {}).get(VALUE) or {}
        if "selected_option" in element:
            values[block_id] = (element.get("selected_option") or {}).get("value")
        elif "selected_date" in element:
            values[block_id] = element.get("selected_date")
        elif "selected_time" in element:
            values[block_id] = element.get("selected_time")
        else:
            typed = element.get("value")
            values[block_id] = without_controls(typed) if isinstance(typed, str) else typed
    return values
