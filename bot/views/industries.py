"""An industry as the reader says it: a stored industry that is one of the common ones (typed in
English or Chinese) is shown in the reader's language; anything else as it was typed."""

from __future__ import annotations

from functools import cache

from bot.catalog.language import Language, speaking
from bot.catalog.texts.customers import text as t


@cache
def _keys_by_name() -> dict[str, str]:
    """Every known industry name, in both languages, folded -> its key."""
    found: dict[str, str] = {}
    for language in Language:
        with speaking(language):
            names = t.INDUSTRY_NAMES
        for key, name in names.items():
            found.setdefault(name.casefold(), key)
    return found


def industry_key(typed: str) -> str | None:
    return _keys_by_name().get(typed.strip().casefold())


def industry_label(stored: str) -> str:
    key = industry_key(stored)
    return t.INDUSTRY_NAMES[key] if key else stored
