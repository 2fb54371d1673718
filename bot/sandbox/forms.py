"""A modal as a short terminal form: each input asked by its label, with its options numbered
and its default shown; answers checked the way Slack's own widgets would refuse them; the
app's inline errors shown and those fields asked again.

Pure: the view in, prompts out, typed lines in, the submission's values out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.sandbox.render import Option

CLEAR = "-"
"""Typed for an optional field that has a value: leave it empty."""
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

Lookup = Callable[[str], str | None]
"""What a person typed for a user or channel (`rep`, `@Li Lei`, `#sales`) to its Slack ID."""


@dataclass(frozen=True)
class Field:
    block_id: str
    kind: str
    label: str
    optional: bool
    hint: str
    options: tuple[Option, ...]
    initial: Any
    multiline: bool = False


@dataclass
class Form:
    view: dict[str, Any]
    fields: list[Field]
    values: dict[str, Any] = field(default_factory=dict)
    asking: list[int] = field(default_factory=list)
    """Indexes of the fields still to ask, in order."""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str((self.view.get("title") or {}).get("text") or "")

    @property
    def submit_label(self) -> str | None:
        submit = self.view.get("submit")
        return str(submit.get("text")) if isinstance(submit, dict) else None

    @property
    def current(self) -> Field | None:
        return self.fields[self.asking[0]] if self.asking else None

    def prompt(self) -> str:
        """The input line's prompt."""
        return "> "

    def details(self, names: Callable[[str], str] = str) -> list[str]:
        """What to show before asking: the field (label, options, default, hint), or the
        whole form and whether to submit it."""
        here = self.current
        if here is None:
            label = self.submit_label or "Submit"
            summary = [
                f"{n}. {f.label}: {_shown(f, self.values.get(f.block_id), names)}"
                for n, f in enumerate(self.fields, start=1)
            ]
            summary.append(
                f"{label}? y = {label.lower()}, n = cancel, a number = change that field"
            )
            return summary
        lines: list[str] = []
        if here.block_id in self.errors:
            lines.append(f"⚠ {self.errors[here.block_id]}")
        mark = "" if here.optional else " *"
        how = _how(here)
        now = self.values.get(here.block_id)
        if now not in (None, "", []):
            how += f"; Enter keeps {_shown(here, now, names)}"
            if here.optional:
                how += f", {CLEAR} clears it"
        elif here.optional:
            how += "; Enter leaves it empty"
        choices = [f"{n}) {o.text}" for n, o in enumerate(here.options, start=1)]
        if choices and sum(len(c) + 2 for c in choices) <= 70:
            lines.append(f"{here.label}{mark}: {'  '.join(choices)}  ({how})")
        else:
            lines.append(f"{here.label}{mark} ({how})")
            lines.extend(f"  {choice}" for choice in choices)
        if here.hint:
            lines.append(f"  {here.hint}")
        return lines

    def answer(self, typed: str, lookup: Lookup) -> str | None:
        """Take the answer for the current field (or the submit question).

        Returns a problem to show (the field is asked again), or None."""
        here = self.current
        if here is None:
            raise ValueError("the form has nothing left to ask; submit or cancel it")
        text = typed.strip()
        if text == "":
            if here.optional or self.values.get(here.block_id) not in (None, "", []):
                self._next()
                return None
            return "This field is required."
        if text == CLEAR and here.optional:
            self.values[here.block_id] = [] if _many(here) else None
            self._next()
            return None
        try:
            self.values[here.block_id] = _read(here, text, lookup)
        except ValueError as problem:
            return str(problem)
        self.errors.pop(here.block_id, None)
        self._next()
        return None

    def change(self, number: int) -> bool:
        """Ask field `number` (1-based) again."""
        if not 1 <= number <= len(self.fields):
            return False
        self.asking = [number - 1]
        return True

    def refused(self, errors: dict[str, str]) -> None:
        """The app answered the submission with inline errors: ask those fields again."""
        self.errors = dict(errors)
        self.asking = [n for n, f in enumerate(self.fields) if f.block_id in errors]

    def _next(self) -> None:
        self.asking.pop(0)


def form_for(view: dict[str, Any]) -> Form:
    fields = [_field(b) for b in view.get("blocks") or [] if b.get("type") == "input"]
    form = Form(view=view, fields=fields, asking=list(range(len(fields))))
    for f in fields:
        form.values[f.block_id] = f.initial
    if fields and all(f.optional or f.initial not in (None, "", []) for f in fields):
        form.asking = []  # nothing is missing: show it all and ask what to change
    return form


def _field(block: dict[str, Any]) -> Field:
    element = block.get("element") or {}
    kind = str(element.get("type") or "")
    options = tuple(
        Option(str((o.get("text") or {}).get("text") or ""), str(o.get("value")))
        for o in element.get("options") or []
    )
    hint = str((block.get("hint") or {}).get("text") or "")
    return Field(
        block_id=str(block.get("block_id")),
        kind=kind,
        label=str((block.get("label") or {}).get("text") or block.get("block_id")),
        optional=bool(block.get("optional")),
        hint=hint,
        options=options,
        initial=_initial(element, kind),
        multiline=bool(element.get("multiline")),
    )


def _initial(element: dict[str, Any], kind: str) -> Any:
    if kind in ("checkboxes", "multi_static_select"):
        return [str(o.get("value")) for o in element.get("initial_options") or []]
    if kind == "static_select":
        return (element.get("initial_option") or {}).get("value")
    for key in ("initial_value", "initial_date", "initial_time", "initial_user"):
        if element.get(key) is not None:
            return element[key]
    if element.get("initial_conversation") is not None:
        return element["initial_conversation"]
    return None


def _many(f: Field) -> bool:
    return f.kind in ("checkboxes", "multi_static_select", "multi_users_select")


def _how(f: Field) -> str:
    if f.kind == "static_select":
        how = "a number or the option's name"
    elif _many(f):
        how = "numbers separated by commas"
    elif f.kind == "datepicker":
        how = "a date as YYYY-MM-DD"
    elif f.kind == "timepicker":
        how = "a time as HH:MM"
    elif f.kind == "users_select":
        how = "a person: rep, manager, admin, a name or a user ID"
    elif f.kind in ("conversations_select", "channels_select"):
        how = "a channel such as #sales"
    elif f.kind == "number_input":
        how = "a number"
    else:
        how = "text; \\n starts a new line" if f.multiline else "text"
    return how


def _shown(f: Field, value: Any, names: Callable[[str], str] = str) -> str:
    if value in (None, "", []):
        return "—"
    if f.kind == "users_select":
        return names(str(value))
    by_value = {o.value: o.text for o in f.options}
    if isinstance(value, list):
        return ", ".join(by_value.get(str(v), str(v)) for v in value)
    return by_value.get(str(value), str(value))


def _read(f: Field, text: str, lookup: Lookup) -> Any:
    """The value Slack's widget would hold after a person entered `text`, or ValueError."""
    if f.kind == "static_select":
        return _option(f, text).value
    if _many(f):
        return [_option(f, part.strip()).value for part in text.split(",") if part.strip()]
    if f.kind == "datepicker":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("Type a date as YYYY-MM-DD, e.g. 2026-12-04.") from None
    if f.kind == "timepicker":
        found = _TIME.match(text)
        if not found:
            raise ValueError("Type a time as HH:MM, e.g. 09:30.")
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    if f.kind in ("users_select", "conversations_select", "channels_select"):
        chosen = lookup(text)
        if chosen is None:
            what = "person" if f.kind == "users_select" else "channel"
            raise ValueError(f"No {what} called {text!r} here.")
        return chosen
    if f.multiline:
        return text.replace("\\n", "\n")
    return text


def _option(f: Field, text: str) -> Option:
    if text.isdigit() and 1 <= int(text) <= len(f.options):
        return f.options[int(text) - 1]
    for option in f.options:
        if option.text.casefold() == text.casefold() or option.value == text:
            return option
    raise ValueError(f"Pick one of 1–{len(f.options)}.")
