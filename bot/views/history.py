"""A customer's whole follow-up history, 10 to a page, with Edit and Delete on the entries the
reader may change, and the modal that edits one."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from bot.catalog.messages import msg
from bot.followups.history_results import (
    FollowUpChanged,
    HistoryPage,
    entry_value,
    history_value,
)
from bot.views import ids
from bot.views.blocks import (
    Block,
    Message,
    actions,
    button,
    context,
    header,
    message,
    option,
    plain,
    section,
)
from bot.views.formatting import escape, mention, slack_date, truncate
from bot.views.modal_state import ModalState
from storage.models import Customer, FollowUp, FollowUpMethod

TEXT_LIMIT = 2500
WHAT = "what"
METHOD = "method"
VALUE = "value"


class FollowUpEditState(ModalState):
    followup_id: int = Field(alias="f")
    page: int = Field(default=1, alias="p")
    response_url: str | None = Field(default=None, alias="url")
    """The history message the modal was opened from, redrawn after saving."""


def history_message(page: HistoryPage, *, zone: ZoneInfo) -> Message:
    """At most 10 entries × 2 blocks + 4, each text under 3,000 characters."""
    customer = page.customer
    title = msg.HISTORY_TITLE.format(name=customer.name)
    blocks: list[Block] = [header(title), context(f"`{customer.code}` · {page.total}")]
    if not page.entries:
        blocks.append(section(msg.HISTORY_NONE))
    for n, entry in enumerate(page.entries):
        blocks.append(section(_entry_text(entry.followup, zone)))
        if entry.can_change:
            value = entry_value(entry.followup.id or 0, page.page)
            blocks.append(
                actions(
                    [
                        button(msg.HISTORY_EDIT, ids.numbered(ids.FOLLOWUP_EDIT, n), value),
                        _delete_button(ids.numbered(ids.FOLLOWUP_DELETE, n), value),
                    ]
                )
            )
    paging: list[Block] = []
    if page.page > 1:
        previous = history_value(customer.id or 0, page.page - 1)
        paging.append(button(msg.LIST_PREV, ids.FOLLOWUP_HISTORY_PREV, previous))
    if page.page < page.pages:
        following = history_value(customer.id or 0, page.page + 1)
        paging.append(button(msg.LIST_NEXT, ids.FOLLOWUP_HISTORY_NEXT, following))
    blocks.append(context(msg.LIST_PAGE.format(page=page.page, pages=page.pages)))
    if paging:
        blocks.append(actions(paging))
    return message(msg.HISTORY_TITLE.format(name=escape(customer.name)), blocks)


def _entry_text(followup: FollowUp, zone: ZoneInfo) -> str:
    method = msg.METHOD_NAMES.get(followup.method, followup.method)
    when = slack_date(followup.occurred_at, has_time=True, zone=zone)
    who = msg.HISTORY_AUTHOR.format(who=mention(followup.author_id))
    text = escape(truncate(followup.text, TEXT_LIMIT))
    return f"*{when}* · {method} · {who}\n{text}"


def _delete_button(action_id: str, value: str) -> Block:
    element = button(msg.HISTORY_DELETE, action_id, value, style="danger")
    element["confirm"] = {
        "title": plain(msg.HISTORY_DELETE_TITLE, 100),
        "text": plain(msg.HISTORY_DELETE_TEXT, 300),
        "confirm": plain(msg.HISTORY_DELETE_CONFIRM, 30),
        "deny": plain(msg.HISTORY_CANCEL, 30),
        "style": "danger",
    }
    return element


def followup_edit_modal(
    *, customer: Customer, followup: FollowUp, state: FollowUpEditState
) -> dict[str, Any]:
    methods = [option(msg.METHOD_NAMES[m.value], m.value) for m in FollowUpMethod]
    chosen = next((o for o in methods if o["value"] == followup.method), None)
    method_element: Block = {"type": "static_select", "action_id": VALUE, "options": methods}
    if chosen is not None:
        method_element["initial_option"] = chosen
    blocks: list[Block] = [context(f"*{escape(customer.name)}* (`{customer.code}`)")]
    blocks.append(
        {
            "type": "input",
            "block_id": WHAT,
            "label": plain(msg.HISTORY_EDIT_WHAT),
            "element": {
                "type": "plain_text_input",
                "action_id": VALUE,
                "multiline": True,
                "max_length": 3000,
                "initial_value": followup.text[:3000],
            },
        }
    )
    blocks.append(
        {
            "type": "input",
            "block_id": METHOD,
            "label": plain(msg.HISTORY_EDIT_HOW),
            "optional": True,
            "element": method_element,
        }
    )
    if followup.raw_text and followup.raw_text != followup.text:
        raw = escape(truncate(followup.raw_text, 2000))
        blocks.append(context(msg.HISTORY_ORIGINAL.format(raw=raw)))
    return {
        "type": "modal",
        "callback_id": ids.FOLLOWUP_EDIT_MODAL,
        "title": plain(msg.HISTORY_EDIT_TITLE, 24),
        "submit": plain(msg.HISTORY_EDIT_SAVE, 24),
        "close": plain(msg.HISTORY_CANCEL, 24),
        "private_metadata": state.dump(),
        "blocks": blocks,
    }


def followup_changed_text(changed: FollowUpChanged) -> str:
    name = escape(changed.customer.name)
    if not changed.deleted:
        return msg.HISTORY_EDITED.format(name=name)
    text = msg.HISTORY_DELETED.format(name=name)
    if changed.kept_steps:
        text += msg.HISTORY_DELETED_STEPS.format(count=changed.kept_steps)
    return text


def history_with_note(page: HistoryPage, note: str, *, zone: ZoneInfo) -> Message:
    """The history redrawn after a change, with a line saying what changed."""
    drawn = history_message(page, zone=zone)
    return message(drawn.text, [drawn.blocks[0], context(note), *drawn.blocks[1:]])
