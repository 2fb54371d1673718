"""Block Kit primitives, so builders read like the message they make."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.views.formatting import MAX_TEXT, truncate

Block = dict[str, Any]
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
_MAX_FALLBACK = 3000


@dataclass(frozen=True)
class Message:
    """A message: `text` is the notification/fallback line, `blocks` what people see."""

    text: str
    blocks: list[Block]


def message(text: str, blocks: list[Block]) -> Message:
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        raise ValueError(f"a message may have at most {MAX_MESSAGE_BLOCKS} blocks")
    return Message(text=truncate(text, _MAX_FALLBACK), blocks=blocks)


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": truncate(text, MAX_TEXT)}


def section(text: str, *, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields_section(fields: list[str]) -> Block:
    return {"type": "section", "fields": [mrkdwn(truncate(f, 2000)) for f in fields[:10]]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> Block:
    return {"type": "divider"}


def actions(elements: list[Block], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(text),
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element


def input_block(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    """A modal's input: its label, the element, and an optional hint under it."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def option(text: str, value: str) -> Block:
    return {"text": plain(text), "value": value}
