"""Modals for a next step (add or edit) and for logging a follow-up from a card."""

from __future__ import annotations

import html
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.catalog.cleaning import without_controls
from bot.catalog.messages import msg
from bot.catalog.texts.followups import text as t
from bot.catalog.texts.shortcuts import text as s
from bot.views import ids
from bot.views.blocks import Block, context, option, plain
from bot.views.formatting import escape
from bot.views.modal_state import ModalState
from bot.views.pickers import customer_picker
from storage.models import Customer, FollowUpMethod, NextStep

VALUE = "value"
STEP = "step"
DUE_DATE = "due_date"
DUE_TIME = "due_time"
WHAT = "what"
METHOD = "method"
LOGGED_ON = "logged_on"
MAX_PREFILL = 2500
"""A message's text put into the follow-up form is cut to this, leaving room for its link
(the input takes 3000 characters)."""


class StepModalState(ModalState):
    """What the next-step and follow-up modals carry between Slack round trips."""

    customer_id: int | None = None
    """None: the form has a customer picker (opened from a shortcut)."""
    step_id: int | None = None
    response_url: str | None = Field(default=None, alias="url")
    dm_channel: str | None = Field(default=None, alias="dm")
    """Set when opened from a morning DM, which is redrawn after saving."""
    dm_ts: str | None = None
    permalink: str | None = Field(default=None, alias="link")
    """The Slack message a follow-up was logged from (Log as follow-up): kept in its text."""


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
    *,
    customer: Customer | None,
    zone: ZoneInfo,
    state: StepModalState,
    text: str | None = None,
    logged_on: date | None = None,
) -> dict[str, Any]:
    """Log a follow-up on `customer`, or (None) on the customer picked in the form. `text`
    fills in what happened; `logged_on` adds the date it happened, starting there."""
    methods = [option(msg.METHOD_NAMES[m.value], m.value) for m in FollowUpMethod]
    about: list[Block] = (
        [context(f"*{escape(customer.name)}* (`{customer.code}`)")]
        if customer is not None
        else [customer_picker()]
    )
    if state.permalink:
        about.append(context(s.SHORTCUT_FROM_MESSAGE))
    when: list[Block] = []
    if logged_on is not None:
        when.append(
            {
                "type": "input",
                "block_id": LOGGED_ON,
                "label": plain(s.SHORTCUT_LOGGED_ON),
                "optional": True,
                "element": {
                    "type": "datepicker",
                    "action_id": VALUE,
                    "initial_date": logged_on.isoformat(),
                },
            }
        )
    blocks: list[Block] = [
        *about,
        _text_input(WHAT, t.FOLLOWUP_FORM_WHAT, text, optional=False, multiline=True),
        {
            "type": "input",
            "block_id": METHOD,
            "label": plain(t.FOLLOWUP_FORM_HOW),
            "optional": True,
            "element": {"type": "static_select", "action_id": VALUE, "options": methods},
            "hint": plain(t.FOLLOWUP_FORM_HOW_HINT, 150),
        },
        *when,
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


def message_prefill(message_text: str, permalink: str | None) -> str:
    """A Slack message as the start of a follow-up: its text (cut to MAX_PREFILL) and its
    link on a line of its own."""
    body = without_controls(html.unescape(message_text)).strip()
    if len(body) > MAX_PREFILL:
        body = body[: MAX_PREFILL - 1] + "…"
    if not permalink:
        return body
    return f"{body}\n{permalink}" if body else permalink


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
            chosen = element.get("selected_option")
            value = chosen.get("value") if isinstance(chosen, dict) else None
            values[block_id] = value if isinstance(value, str) else None
        elif "selected_date" in element:
            values[block_id] = element.get("selected_date")
        elif "selected_time" in element:
            values[block_id] = element.get("selected_time")
        else:
            typed = element.get("value")
            values[block_id] = without_controls(typed) if isinstance(typed, str) else typed
    return values
