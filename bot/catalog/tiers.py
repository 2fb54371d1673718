"""Tier names as the reader says them. A tier is named by the team (`Key`, `重点客户`); an admin
may give it a Chinese name too (`Key / 重点`), and the built-in tiers have Chinese names in the
catalog. The team's own names travel with the work like the language does: whoever reads the
rules of a team (`bot.rules.book.rules_in_force`) makes them known for what is drawn next."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import Protocol

from bot.catalog.language import Language, current_language, speaking
from bot.catalog.texts.reports import text as t

_EMPTY: Mapping[str, str] = MappingProxyType({})
_CHINESE_NAMES: ContextVar[Mapping[str, str]] = ContextVar("crm_tier_names", default=_EMPTY)


def know_tier_names(chinese: Mapping[str, str]) -> None:
    """The Chinese names of the tiers of the team being worked for: tier -> 中文名."""
    _CHINESE_NAMES.set(MappingProxyType(dict(chinese)))


class NamedTier(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def name_zh(self) -> str | None: ...


def chinese_tier_names(tiers: Iterable[NamedTier]) -> dict[str, str]:
    """Each tier's Chinese name (its own, else the built-in tier's) -> its name, for reading
    what people type (`/customer 列表 重点`)."""
    with speaking(Language.ZH):
        built_in = t.TIER_BUILT_IN_NAMES
    found: dict[str, str] = {}
    for tier in tiers:
        chinese = tier.name_zh or built_in.get(tier.name)
        if chinese and chinese != tier.name:
            found[chinese] = tier.name
    return found


def tier_label(name: str, chinese: str | None = None) -> str:
    """`name` in the reader's language: its Chinese name (`chinese`, else the team's known one),
    else the built-in tier's, else as the team wrote it."""
    if current_language() is not Language.ZH:
        return name
    own = chinese or _CHINESE_NAMES.get().get(name)
    if own:
        return own
    return t.TIER_BUILT_IN_NAMES.get(name, name)
