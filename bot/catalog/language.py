"""Which language a person reads: English or Simplified Chinese, chosen per reader.

The language of what is being written travels with the work (a request, a DM being built) in a
context variable, so the message catalog answers in it without every builder passing it on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    ZH = "zh"


DEFAULT = Language.EN
_SPEAKING: ContextVar[Language] = ContextVar("crm_language", default=DEFAULT)


def language_of_locale(locale: str | None) -> Language | None:
    """Slack's locale (`zh-CN`, `zh-TW`, `en-US`, …) to a language the bot writes; None for
    one it doesn't (the team's default applies)."""
    if not locale:
        return None
    base = locale.replace("_", "-").split("-")[0].casefold()
    return {"zh": Language.ZH, "en": Language.EN}.get(base)


def language_named(value: object) -> Language | None:
    """The language a stored or sent value names (`"zh"`), None for anything else."""
    try:
        return Language(str(value)) if value else None
    except ValueError:
        return None


def current_language() -> Language:
    return _SPEAKING.get()


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Write in `language` inside the block."""
    token = _SPEAKING.set(language)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def speak(language: Language) -> None:
    """Write in `language` from now on in this context (a request's own context)."""
    _SPEAKING.set(language)
