"""What people type, made safe to store: no NUL or other control characters."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """The text without NUL and other control characters (newlines and tabs stay). PostgreSQL
    refuses NUL in text, and no one means to type the others."""
    return _CONTROLS.sub("", text)
