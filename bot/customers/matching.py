"""Finding which customer the start of a sentence names: exact, then prefix, then fuzzy.

Pure code over a `NameIndex`; `bot.customers.service.resolve_customer` feeds it from the database.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from bot.customers.fuzzy import FuzzyNames
from bot.customers.names import has_cjk, is_cjk, normalize_name

EXACT = 100.0
PREFIX = 90.0
CONFIDENT = 90.0
CANDIDATE = 80.0
MAX_CANDIDATES = 5
PREFIX_LIMIT = 50
"""At most this many names are considered for one typed prefix (a few are ever shown)."""
_MAX_LEADING_WORDS = 8
_MAX_LEADING_CHARS = 80
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}


@dataclass(frozen=True)
class Match:
    customer_id: int
    score: float
    cut: int
    """How many characters at the start of the text name the customer."""


class Outcome(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class NameMatch:
    outcome: Outcome
    matches: list[Match]
    name_guess: str
    """What the person probably meant as the name, for 'Create <name>'."""


class NameLookup(Protocol):
    """Where names are looked up: the database in the app (`bot.customers.resolution`), or a
    `NameIndex` in memory."""

    def exact(self, keys: Sequence[str]) -> dict[str, set[int]]:
        """Customer ids by key, for the keys that are some customer's name or alias."""
        ...

    def starting_with(self, prefixes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        """Per prefix, (key, customer id) of longer names and aliases it may stand for: any
        continuation after Chinese, a new word after letters (at most PREFIX_LIMIT each)."""
        ...

    def similar(self, key: str) -> dict[int, float]:
        """Customer ids whose name or alias scores at least CANDIDATE against `key`."""
        ...


class NameIndex:
    """Names and aliases of one team's customers in memory, keyed by `normalize_name`."""

    def __init__(self) -> None:
        self._ids_by_key: dict[str, set[int]] = {}
        self._sorted_keys: list[str] = []
        self._fuzzy = FuzzyNames()

    @classmethod
    def build(cls, entries: Iterable[tuple[int, str]]) -> NameIndex:
        index = cls()
        for customer_id, name in entries:
            key = normalize_name(name)
            if key:
                index._ids_by_key.setdefault(key, set()).add(customer_id)
                index._fuzzy.add(key, customer_id)
        index._sorted_keys = sorted(index._ids_by_key)
        return index

    def exact(self, keys: Sequence[str]) -> dict[str, set[int]]:
        return {k: set(self._ids_by_key[k]) for k in keys if k in self._ids_by_key}

    def starting_with(self, prefixes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        found: dict[str, list[tuple[str, int]]] = {}
        for prefix in prefixes:
            start = prefix if has_cjk(prefix[-1]) else prefix + " "
            position = bisect.bisect_left(self._sorted_keys, start)
            for candidate in self._sorted_keys[position:]:
                if not candidate.startswith(start) or len(found.get(prefix, [])) >= PREFIX_LIMIT:
                    break
                found.setdefault(prefix, []).extend(
                    (candidate, cid) for cid in sorted(self._ids_by_key[candidate])
                )
        return found

    def similar(self, key: str) -> dict[int, float]:
        return {s.customer_id: s.score for s in self._fuzzy.similar(key, cutoff=CANDIDATE)}


def _prefix_ends_cleanly(prefix: str, key: str) -> bool:
    """'acme' is a prefix of 'acme trading' but not of 'acmes'; any CJK prefix of 2+ counts."""
    if len(key) == len(prefix):
        return True
    if has_cjk(prefix[-1]):
        return len(prefix) >= 2
    return len(prefix) >= 3 and key[len(prefix)] == " "


def leading_cuts(text: str) -> list[int]:
    """Where a name at the start of `text` may end: after each word, and inside runs of CJK
    characters after each character (Chinese is written without spaces)."""
    cuts: list[int] = []
    for words, match in enumerate(re.finditer(r"\S+", text[:_MAX_LEADING_CHARS])):
        if words >= _MAX_LEADING_WORDS:
            break
        start, end = match.span()
        for offset in range(start + 1, end):
            if is_cjk(text[offset - 1]) or is_cjk(text[offset]):
                cuts.append(offset)
        cuts.append(end)
    return cuts


def match_leading_name(text: str, names: NameLookup, *, whole: bool = False) -> NameMatch:
    """Which customer(s) the beginning of `text` names, and where the name ends.

    With `whole`, the entire text is the name (as in `/customer acme trading`).
    """
    text = text.strip()
    quoted = _split_quoted(text)
    if whole and quoted is None:
        quoted = (text, len(text))
    if quoted is not None:
        name, cut = quoted
        phrases = [(cut, normalize_name(name))]
        name_guess = name
    else:
        phrases = [(cut, normalize_name(text[:cut])) for cut in leading_cuts(text)]
        name_guess = _guess_name(text)
    phrases = [(cut, key) for cut, key in phrases if key]
    keys = list(dict.fromkeys(key for _, key in phrases))
    exact = names.exact(keys)
    if exact:
        # An exact name or alias beats every partial match, so nothing else is looked up.
        scored = {key: dict.fromkeys(ids, EXACT) for key, ids in exact.items()}
    else:
        scored = _partial_scores(keys, names, whole_only=quoted is not None)
    best_by_customer: dict[int, Match] = {}
    for cut, key in phrases:
        for customer_id, score in scored.get(key, {}).items():
            current = best_by_customer.get(customer_id)
            if current is None or (score, cut) > (current.score, current.cut):
                best_by_customer[customer_id] = Match(customer_id, score, cut)
    return _decide(list(best_by_customer.values()), name_guess=name_guess)


def _partial_scores(
    keys: list[str], names: NameLookup, *, whole_only: bool
) -> dict[str, dict[int, float]]:
    """Prefix and typo matches for each phrase key."""
    prefixes = [key for key in keys if _may_be_prefix(key)]
    started = names.starting_with(prefixes) if prefixes else {}
    scored: dict[str, dict[int, float]] = {}
    for key in keys:
        scores: dict[int, float] = {}
        for candidate, customer_id in started.get(key, []):
            if _prefix_ends_cleanly(key, candidate):
                scores.setdefault(customer_id, PREFIX)
        minimum = 2 if has_cjk(key) else 3
        if len(key) >= 2 and (len(key) >= minimum or whole_only):
            for customer_id, score in names.similar(key).items():
                if score > scores.get(customer_id, 0.0):
                    scores[customer_id] = min(score, EXACT - 0.1)
        scored[key] = scores
    return scored


def _may_be_prefix(key: str) -> bool:
    """Whether a typed phrase is long enough to stand for a longer name: two Chinese
    characters, or three letters ending a word."""
    return len(key) >= 2 if has_cjk(key[-1]) else len(key) >= 3


def _decide(matches: list[Match], *, name_guess: str) -> NameMatch:
    ranked = sorted(matches, key=lambda m: (-m.score, -m.cut, m.customer_id))
    candidates = [m for m in ranked if m.score >= CANDIDATE]
    if not candidates:
        return NameMatch(Outcome.NOT_FOUND, [], name_guess)
    exact = [m for m in candidates if m.score >= EXACT]
    if exact:
        # "Acme Trading called" names Acme Trading, not Acme: the longest exact name wins.
        longest = max(m.cut for m in exact)
        exact = [m for m in exact if m.cut == longest]
    if len(exact) == 1:
        return NameMatch(Outcome.FOUND, exact, name_guess)
    if len(exact) > 1:
        return NameMatch(Outcome.AMBIGUOUS, exact[:MAX_CANDIDATES], name_guess)
    if len(candidates) == 1 and candidates[0].score >= CONFIDENT:
        return NameMatch(Outcome.FOUND, candidates, name_guess)
    return NameMatch(Outcome.AMBIGUOUS, candidates[:MAX_CANDIDATES], name_guess)


def _split_quoted(text: str) -> tuple[str, int] | None:
    if len(text) < 2 or text[0] not in _QUOTES:
        return None
    closing = text.find(_QUOTES[text[0]], 1)
    if closing <= 1:
        return None
    return text[1:closing].strip(), closing + 1


# Words that start the "what happened" part of a Chinese line: the name ends before them.
_CJK_ACTION_WORDS = re.compile(
    r"拜访|电话|打电话|致电|通话|开会|会议|见面|沟通|联系|邮件|发了|发送|微信|聊了|约了|去了|来访|"
    r"上门|签了|确认|讨论|报价|跟进|回复|介绍|演示|参观|洽谈"
)


def _guess_name(text: str) -> str:
    """The name a person probably meant: leading capitalised words ('Acme Trading called'),
    or a Chinese name up to the first action word ('华为拜访了张总' -> '华为')."""
    words = text.split()
    if not words:
        return ""
    first = words[0]
    if is_cjk(first[0]):
        action = _CJK_ACTION_WORDS.search(first, 2)
        return first[: action.start()] if action else first[:20]
    named = [first]
    for word in words[1:5]:
        if not (word[0].isupper() or word[0].isdigit()) or not word[0].isalnum():
            break
        named.append(word)
    return " ".join(named).rstrip(",，:：;；.")[:80]
