"""Reading what the app's own buttons and forms carry back: ids, positions, states. What Slack
returns is what the app wrote, unless the payload was forged, garbled or left over from an
older version of the app: that is `Unreadable`, never a database error or a traceback."""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest row id either database stores."""


class Unreadable(ValueError):
    """A payload that does not say what the app's own buttons and forms say."""


def id_from(value: object, *, lowest: int = 1) -> int:
    """A row id (or a version number, from `lowest`); Unreadable unless it is one."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        raise Unreadable("not an id")  # what it was stays out of the log: it may be anything
    number = int(text)
    if not lowest <= number <= MAX_ID:
        raise Unreadable("an id out of range")
    return number
