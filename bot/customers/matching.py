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
from bot.customers.name_parts import SURE_KINDS, KeyKind, is_distinctive, name_keys
from bot.customers.names import has_cjk, is_cjk, normalize_name

EXACT = 100.0
PREFIX = 90.0
CONFIDENT = 90.0
CANDIDATE = 80.0
SUGGESTION = 70.0
"""A name spelled this much like what was typed is offered as 'Did you mean …?' only."""
MAX_CANDIDATES = 5
PREFIX_LIMIT = 50
"""At most this many names are considered for one typed prefix (a few are ever shown)."""
_MAX_LEADING_WORDS = 8
_MAX_PAST_EXACT = 4
_MAX_LEADING_CHARS = 80
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}


@dataclass(frozen=True)
class Match:
    customer_id: int
    score: float
    cut: int
    """How many characters at the start of the text name the customer."""
    sure: bool = True
    """Whether what was typed says which customer (a distinctive part of its name), rather
    than only where it is, what trade it is in, or something spelled like it."""
    whole: bool = False
    """An exact match on a whole name or alias: the name ends exactly there."""


class Outcome(StrEnum):
    FOUND = "found"
    CONFIRM = "confirm"
    """One candidate, but not sure enough to take without asking: 'Did you mean X?'."""
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

    def exact(self, keys: Sequence[str]) -> dict[str, dict[int, str]]:
        """Per key, the customers it is a key of and of which kind (see `KeyKind`)."""
        ...

    def starting_with(self, prefixes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        """Per prefix, (key, customer id) of longer names and aliases it may stand for: any
        continuation after Chinese, a new word after letters (at most PREFIX_LIMIT each)."""
        ...

    def similar(self, key: str, cutoff: float = CANDIDATE) -> dict[int, float]:
        """Customer ids whose name or alias scores at least `cutoff` against `key`."""
        ...


class NameIndex:
    """Names and aliases of one team's customers in memory, keyed as the database keys them."""

    def __init__(self) -> None:
        self._ids_by_key: dict[str, dict[int, str]] = {}
        self._sorted_keys: list[str] = []
        self._fuzzy = FuzzyNames()

    @classmethod
    def build(cls, entries: Iterable[tuple[int, str]]) -> NameIndex:
        """From (customer id, name) pairs; more than one pair per customer adds aliases."""
        index = cls()
        seen: set[int] = set()
        for customer_id, name in entries:
            first = customer_id not in seen
            seen.add(customer_id)
            keys = name_keys(name) if first else [(normalize_name(name), KeyKind.ALIAS)]
            for key, kind in keys:
                held = index._ids_by_key.setdefault(key, {})
                held.setdefault(customer_id, kind.value)
                if kind in (KeyKind.NAME, KeyKind.ALIAS):
                    index._fuzzy.add(key, customer_id)
        index._sorted_keys = sorted(index._ids_by_key)
        return index

    def exact(self, keys: Sequence[str]) -> dict[str, dict[int, str]]:
        return {k: dict(self._ids_by_key[k]) for k in keys if k in self._ids_by_key}

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

    def similar(self, key: str, cutoff: float = CANDIDATE) -> dict[int, float]:
        return {s.customer_id: s.score for s in self._fuzzy.similar(key, cutoff=cutoff)}


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
    """Which customer(s) the beginning of `text` names, where the name ends, and whether that
    is sure enough to act on without asking.

    With `whole`, the entire text is the name (as in `/customer acme trading`).
    """
    text = text.strip()
    quoted = _split_quoted(text)
    if whole and quoted is None:
        quoted = (text, len(text))
    if quoted is not None:
        name, cut = quoted
        phrases = [(cut, normalize_name(name))]
        name_guess, typed_end = name, cut
    else:
        phrases = [(cut, normalize_name(text[:cut])) for cut in leading_cuts(text)]
        name_guess = _guess_name(text)
        typed_end = len(name_guess) if text.startswith(name_guess) else 0
    phrases = [(cut, key) for cut, key in phrases if key]
    keys = list(dict.fromkeys(key for _, key in phrases))
    exact = _exact_matches(phrases, names.exact(keys))
    longest_exact = max((m.cut for m in exact), default=0)
    # Longer phrases than the longest exact name may name someone else ('Acme Tradng' after
    # 'Acme'), so they are looked at too; another customer found there makes the exact one
    # uncertain (if it is a close match), while the same customer found there confirms how
    # far its name goes.
    longer = [(cut, key) for cut, key in phrases if cut > longest_exact]
    if exact and typed_end <= longest_exact and _starts_with_action(text[longest_exact:]):
        longer = []  # 'Acme called …', '华为拜访了 …': the name ended where the action starts
    if exact:
        # Past an exact name, only what was typed as the name and one more word can be a
        # longer name; the rest of the line is what happened.
        word_ends = [cut for cut, _ in longer if cut == len(text) or text[cut : cut + 1].isspace()]
        reach = max(typed_end, word_ends[0] if word_ends else 0)
        longer = [(cut, key) for cut, key in longer if cut <= reach][:_MAX_PAST_EXACT]
    partial = _partial_matches(longer, names, whole_only=quoted is not None, typed_end=typed_end)
    exact_ids = {m.customer_id for m in exact}
    if exact:
        others = [m for m in partial if m.customer_id not in exact_ids and m.score >= CONFIDENT]
        if others:
            exact = [_unsure(m) for m in exact]
        partial = others + [m for m in partial if m.customer_id in exact_ids]
    # A name that stops short of what was typed as the name is only a guess; if the person
    # confirms it, all of what they typed was the name ('华为云' meaning 华为技术).
    matches = [
        m if m.cut >= typed_end else _unsure(m, cut=typed_end)
        for m in _best_per_customer(exact + partial)
    ]
    decided = _decide(matches, name_guess=name_guess)
    if decided.outcome is Outcome.NOT_FOUND and name_guess:
        return _suggest(name_guess, typed_end or len(text), names) or decided
    return decided


def _exact_matches(phrases: list[tuple[int, str]], exact: dict[str, dict[int, str]]) -> list[Match]:
    """Exact keys. A customer's whole name or alias outranks another's part: 'ACME' is Acme
    Inc, not the 'Acme' of Acme Trading."""
    found: list[Match] = []
    whole = (KeyKind.NAME, KeyKind.ALIAS)
    for cut, key in phrases:
        hits = exact.get(key, {})
        if any(kind in whole for kind in hits.values()):
            hits = {cid: kind for cid, kind in hits.items() if kind in whole}
        for customer_id, kind in hits.items():
            sure = kind in (KeyKind.CORE, KeyKind.CORE_TRADE, KeyKind.PINYIN) or (
                kind in SURE_KINDS and is_distinctive(key)
            )
            whole_name = kind in (KeyKind.NAME, KeyKind.ALIAS)
            found.append(Match(customer_id, EXACT, cut, sure, whole_name))
    return found


def _partial_matches(
    phrases: list[tuple[int, str]], names: NameLookup, *, whole_only: bool, typed_end: int
) -> list[Match]:
    """Prefix and typo matches for each phrase. A prefix is sure only when it holds a
    distinctive part ('北京星辰', not '北京'); a typo never is. A region or trade word that is
    only the start of what was typed ('北京' of '北京银行') names nobody."""
    keys = list(dict.fromkeys(key for _, key in phrases))
    prefixes = [key for key in keys if _may_be_prefix(key)]
    started = names.starting_with(prefixes) if prefixes else {}
    cut_of = {key: cut for cut, key in phrases}
    found: list[Match] = []
    for key in keys:
        cut, distinctive = cut_of[key], is_distinctive(key)
        scores: dict[int, tuple[float, bool]] = {}
        if distinctive or cut >= typed_end:
            for candidate, customer_id in started.get(key, []):
                if _prefix_ends_cleanly(key, candidate):
                    scores.setdefault(customer_id, (PREFIX, distinctive))
        minimum = 2 if has_cjk(key) else 3
        if len(key) >= 2 and (len(key) >= minimum or whole_only):
            for customer_id, score in names.similar(key).items():
                if score > scores.get(customer_id, (0.0, False))[0]:
                    scores[customer_id] = (min(score, EXACT - 0.1), False)
        found += [Match(cid, score, cut, sure) for cid, (score, sure) in scores.items()]
    return found


def _best_per_customer(matches: list[Match]) -> list[Match]:
    """Each customer's best match, reaching as far into the text as its name confidently
    does ('Initech Sytems met': the name is 'Initech Sytems', what happened is 'met')."""
    best: dict[int, Match] = {}
    reach: dict[int, int] = {}
    for match in matches:
        current = best.get(match.customer_id)
        if current is None or (match.score, match.cut) > (current.score, current.cut):
            best[match.customer_id] = match
        reach.setdefault(match.customer_id, match.cut)
        if match.score >= CONFIDENT:
            reach[match.customer_id] = max(reach[match.customer_id], match.cut)
    return [
        m if m.whole else Match(m.customer_id, m.score, max(m.cut, reach[m.customer_id]), m.sure)
        for m in best.values()
    ]


def _unsure(match: Match, *, cut: int = 0) -> Match:
    return Match(match.customer_id, match.score, max(match.cut, cut), False, match.whole)


def _suggest(name_guess: str, cut: int, names: NameLookup) -> NameMatch | None:
    """Nothing close enough: the one name spelled most like it, as 'Did you mean …?'."""
    key = normalize_name(name_guess)
    if len(key) < 3:
        return None
    similar = names.similar(key, SUGGESTION)
    if not similar:
        return None
    customer_id, score = max(similar.items(), key=lambda item: (item[1], -item[0]))
    return NameMatch(Outcome.CONFIRM, [Match(customer_id, score, cut, sure=False)], name_guess)


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
        candidates = exact + [m for m in candidates if m.score < EXACT]
    if len(candidates) == 1:
        only = candidates[0]
        sure = only.sure and only.score >= CONFIDENT
        return NameMatch(Outcome.FOUND if sure else Outcome.CONFIRM, candidates, name_guess)
    sure_exact = [m for m in exact if m.sure]
    if len(sure_exact) == 1 and len(exact) == len(candidates):
        return NameMatch(Outcome.FOUND, sure_exact, name_guess)
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


_ACTION_TEXT = """
    called call calls rang phoned emailed mailed met meeting visited visit sent spoke talked
    pinged texted messaged demoed signed agreed asked said wants needs replied
"""
_ACTION_WORDS = frozenset(_ACTION_TEXT.split())


def _starts_with_action(rest: str) -> bool:
    """Whether what follows a name starts with what happened ('called', '拜访了')."""
    rest = rest.lstrip(" ,，:：;；-—")
    if not rest:
        return True
    if is_cjk(rest[0]):
        return _CJK_ACTION_WORDS.match(rest) is not None
    return rest.split(maxsplit=1)[0].casefold().strip(".,:;!") in _ACTION_WORDS


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
