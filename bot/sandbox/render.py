"""Block Kit as a person would read it, for a terminal: mrkdwn styled with rich markup,
`<!date^…>` in the reader's zone, mentions by name, and every button, menu and picker numbered
so that typing its number uses it.

Pure: a message or view in, lines and the numbered controls out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rich.markup import escape as rich_escape

Names = Callable[[str], str]
"""A Slack user ID to the name a person sees."""

INTERACTIVE = frozenset(
    {
        "button",
        "overflow",
        "static_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "datepicker",
        "timepicker",
        "external_select",
    }
)


@dataclass(frozen=True)
class Option:
    text: str
    value: str


@dataclass(frozen=True)
class Control:
    """One thing a person can click or pick, as the app drew it."""

    number: int
    kind: str
    action_id: str
    block_id: str
    label: str
    value: str | None = None
    options: tuple[Option, ...] = ()
    source: Mapping[str, Any] = field(default_factory=dict)
    """Where it is: the message (with its channel and ts) or the view it belongs to."""


@dataclass
class Reader:
    """Who reads: their zone, today's date there, and how to name people."""

    zone: ZoneInfo
    now: datetime
    names: Names = lambda user_id: user_id
    twelve_hour: bool = True
    chinese: bool = False
    """Slack in Chinese: dates read 明天 15:00, 11月20日."""


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)


# --- mrkdwn -------------------------------------------------------------------------------------

_ANGLE = re.compile(r"<([^<>]*)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")
_CODE = re.compile(r"`([^`\n]+)`")
_TOKEN = re.compile(r"\{(\w+)\}")
_PLACEHOLDER = "\x00{}\x00"


def mrkdwn(text: str, reader: Reader) -> str:
    """Slack mrkdwn as rich markup: links, mentions and dates resolved, *bold*, _italic_,
    ~strike~ and `code` styled, `&lt;`-style entities read back."""
    pieces: list[str] = []

    def hold(match: re.Match[str]) -> str:
        pieces.append(_angle(match.group(1), reader))
        return _PLACEHOLDER.format(len(pieces) - 1)

    held = _ANGLE.sub(hold, text)
    plain = held.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    styled = rich_escape(plain)
    styled = _CODE.sub(lambda m: f"[cyan]{m.group(1)}[/cyan]", styled)
    styled = _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/bold]", styled)
    styled = _ITALIC.sub(lambda m: f"[italic]{m.group(1)}[/italic]", styled)
    styled = _STRIKE.sub(lambda m: f"[strike]{m.group(1)}[/strike]", styled)
    for n, piece in enumerate(pieces):
        styled = styled.replace(_PLACEHOLDER.format(n), piece)
    return styled


def _angle(inner: str, reader: Reader) -> str:
    """One `<…>` of mrkdwn, already as rich markup."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"[bold blue]@{rich_escape(reader.names(target[1:]))}[/bold blue]"
    if target.startswith("#"):
        return f"[bold blue]#{rich_escape(label or target[1:])}[/bold blue]"
    if target.startswith("!date^"):
        return f"[magenta]{rich_escape(slack_date_text(target, label, reader))}[/magenta]"
    if target.startswith("!"):
        return f"[bold]@{rich_escape(label or target[1:])}[/bold]"
    shown = _unescape(label) if label else target
    link = f"[underline]{rich_escape(shown)}[/underline]"
    if not label or label == target or target.startswith(("mailto:", "tel:")):
        return link
    return f"{link} ({rich_escape(target)})"


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_date_text(target: str, fallback: str, reader: Reader) -> str:
    """`!date^EPOCH^{date_short_pretty} {time}` as Slack shows it to this reader."""
    parts = target.split("^")
    try:
        moment = datetime.fromtimestamp(int(parts[1]), reader.zone)
        template = parts[2]
    except (IndexError, ValueError, OverflowError, OSError):
        return _unescape(fallback)
    today = reader.now.astimezone(reader.zone).date()
    return _TOKEN.sub(lambda m: _date_token(m.group(1), moment, today, reader), template)


def _chinese_date_token(token: str, moment: datetime, today: date) -> str:
    day = moment.date()
    relative = {today: "今天", today - timedelta(days=1): "昨天", today + timedelta(days=1): "明天"}
    short = f"{day.month}月{day.day}日"
    if day.year != today.year:
        short = f"{day.year}年{short}"
    if token in ("date_short_pretty", "date_pretty", "date_long_pretty"):
        return relative.get(day, short)
    if token in ("date_short", "date", "date_long"):
        weekday = "星期" + "一二三四五六日"[day.weekday()] if token == "date_long" else ""
        return f"{day.year}年{day.month}月{day.day}日{weekday}"
    if token == "date_num":
        return f"{day:%Y-%m-%d}"
    if token in ("time", "time_secs"):
        return moment.strftime("%H:%M:%S" if token == "time_secs" else "%H:%M")
    return moment.isoformat()


def _date_token(token: str, moment: datetime, today: date, reader: Reader) -> str:
    if reader.chinese:
        return _chinese_date_token(token, moment, today)
    day = moment.date()
    relative = {today: "Today", today - timedelta(days=1): "Yesterday"}
    relative[today + timedelta(days=1)] = "Tomorrow"
    short = f"{moment:%b} {day.day}"
    if day.year != today.year:
        short += f", {day.year}"
    if token in ("date_short_pretty", "date_pretty", "date_long_pretty"):
        return relative.get(day, short)
    if token == "date_short":
        return f"{moment:%b} {day.day}, {day.year}"
    if token in ("date", "date_long"):
        weekday = f"{moment:%A}, " if token == "date_long" else ""
        return f"{weekday}{moment:%B} {day.day}, {day.year}"
    if token == "date_num":
        return f"{day:%Y-%m-%d}"
    if token in ("time", "time_secs"):
        seconds = ":%S" if token == "time_secs" else ""
        if reader.twelve_hour:
            return moment.strftime(f"%I:%M{seconds} %p").lstrip("0")
        return moment.strftime(f"%H:%M{seconds}")
    return moment.isoformat()


# --- blocks -------------------------------------------------------------------------------------


def render_blocks(
    blocks: list[dict[str, Any]],
    reader: Reader,
    *,
    source: Mapping[str, Any],
    first_number: int = 1,
    inputs: bool = True,
) -> Rendered:
    """Lines for `blocks`, numbering their controls from `first_number`."""
    out = Rendered()
    counter = [first_number]
    for block in blocks:
        _render_block(block, reader, source, out, counter, inputs)
    return out


def render_message(
    message: Mapping[str, Any], reader: Reader, *, first_number: int = 1
) -> Rendered:
    """A message: its blocks, or its notification text when it has none."""
    blocks = message.get("blocks") or []
    if not blocks:
        text = str(message.get("text") or "")
        return Rendered(lines=[mrkdwn(text, reader)] if text else [])
    return render_blocks(list(blocks), reader, source=message, first_number=first_number)


def render_view(view: Mapping[str, Any], reader: Reader, *, first_number: int = 1) -> Rendered:
    """A modal or Home tab without its inputs (a form asks for those one by one)."""
    out = Rendered()
    title = ((view.get("title") or {}).get("text")) or ""
    if title:
        out.lines.append(f"[reverse] {rich_escape(title)} [/reverse]")
    body = render_blocks(
        list(view.get("blocks") or []), reader, source=view, first_number=first_number, inputs=False
    )
    out.lines.extend(body.lines)
    out.controls.extend(body.controls)
    return out


def _render_block(
    block: dict[str, Any],
    reader: Reader,
    source: Mapping[str, Any],
    out: Rendered,
    counter: list[int],
    inputs: bool,
) -> None:
    kind = block.get("type")
    block_id = str(block.get("block_id") or "")
    if kind == "header":
        out.lines.append(
            f"[bold underline]{rich_escape(_text(block.get('text')))}[/bold underline]"
        )
    elif kind == "divider":
        out.lines.append("[dim]" + "─" * 40 + "[/dim]")
    elif kind == "section":
        text = block.get("text")
        if isinstance(text, dict):
            out.lines.append(_styled(text, reader))
        for item in block.get("fields") or []:
            out.lines.append("  " + _styled(item, reader).replace("\n", "  "))
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            _element(accessory, block_id, reader, source, out, counter, indent="  ")
    elif kind == "context":
        parts = [
            _styled(e, reader) if e.get("type") in ("mrkdwn", "plain_text") else _image_alt(e)
            for e in block.get("elements") or []
        ]
        out.lines.append("[dim]" + "  ".join(p for p in parts if p) + "[/dim]")
    elif kind == "actions":
        before = len(out.lines)
        for element in block.get("elements") or []:
            _element(element, block_id, reader, source, out, counter, indent="")
        joined = "   ".join(out.lines[before:])
        del out.lines[before:]
        out.lines.append(joined)
    elif kind == "image":
        out.lines.append(f"[dim]🖼  {rich_escape(str(block.get('alt_text') or 'image'))}[/dim]")
    elif kind == "input" and inputs:
        element = block.get("element") or {}
        label = _text(block.get("label"))
        out.lines.append(f"  {rich_escape(label)}: {rich_escape(_initial_text(element))}")
    elif kind == "rich_text":
        out.lines.append(rich_escape(_rich_text(block)))


def _element(
    element: dict[str, Any],
    block_id: str,
    reader: Reader,
    source: Mapping[str, Any],
    out: Rendered,
    counter: list[int],
    *,
    indent: str,
) -> None:
    kind = str(element.get("type") or "")
    if kind == "image":
        out.lines.append(indent + _image_alt(element))
        return
    if kind not in INTERACTIVE:
        return
    number = counter[0]
    counter[0] += 1
    options = tuple(
        Option(_text(o.get("text")), str(o.get("value")))
        for group in [element.get("options") or []]
        + [g.get("options") or [] for g in element.get("option_groups") or []]
        for o in group
    )
    label = _control_label(element, kind)
    out.controls.append(
        Control(
            number=number,
            kind=kind,
            action_id=str(element.get("action_id") or ""),
            block_id=block_id,
            label=label,
            value=element.get("value"),
            options=options,
            source=source,
        )
    )
    style = {"primary": "green", "danger": "red"}.get(str(element.get("style")), "cyan")
    out.lines.append(f"{indent}[{style}]\\[{number}] {rich_escape(label)}[/{style}]")


def _control_label(element: dict[str, Any], kind: str) -> str:
    if kind == "button":
        return _text(element.get("text"))
    if kind == "overflow":
        return "⋯ more"
    if kind == "datepicker":
        return "📅 " + str(
            element.get("initial_date") or _text(element.get("placeholder")) or "date"
        )
    if kind == "timepicker":
        return "🕒 " + str(element.get("initial_time") or "time")
    chosen = (element.get("initial_option") or {}).get("text")
    return "▾ " + (_text(chosen) if chosen else _text(element.get("placeholder")) or "choose")


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def _styled(obj: dict[str, Any], reader: Reader) -> str:
    text = str(obj.get("text") or "")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(text, reader)
    return rich_escape(text)


def _image_alt(element: dict[str, Any]) -> str:
    return f"🖼 {rich_escape(str(element.get('alt_text') or ''))}".strip()


def _initial_text(element: dict[str, Any]) -> str:
    for key in ("initial_value", "initial_date", "initial_time", "initial_user"):
        if element.get(key):
            return str(element[key])
    chosen = element.get("initial_option")
    if chosen:
        return _text(chosen.get("text"))
    many = element.get("initial_options") or []
    return ", ".join(_text(o.get("text")) for o in many)


def _rich_text(block: dict[str, Any]) -> str:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text":
                found.append(str(node.get("text") or ""))
            for child in node.get("elements") or []:
                walk(child)

    walk(block)
    return "".join(found)
