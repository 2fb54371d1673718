"""Finding names that are spelled almost like what was typed, without comparing against all.

Each key is indexed by its two-character pieces (bigrams). A query reads the postings of its
rarest bigrams, keeps keys whose length could still reach the cutoff, and scores at most a few
hundred of them with rapidfuzz. A typo keeps most bigrams of the name it was meant to be, so
that name is among them; unrelated names are never scored.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

SHORTLIST = 256
"""How many best-sharing keys are scored exactly."""


@dataclass(frozen=True)
class Similar:
    customer_id: int
    score: float
    row_id: int
    """The stored name row this key came from (0 for names that are not stored)."""


class FuzzyNames:
    """Append-only keys with a bigram index. Not thread-safe: callers hold a lock."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._customers = array("q")
        self._rows = array("q")
        self._lengths = array("i")
        self._postings: dict[str, array[int]] = {}
        self._dead: set[int] = set()
        self._position_of_row: dict[int, int] = {}
        self._longest_key = 0
        self._by_length: dict[int, array[int]] = {}

    def __len__(self) -> int:
        return len(self._keys) - len(self._dead)

    def knows_row(self, row_id: int) -> bool:
        return row_id in self._position_of_row

    def add(self, key: str, customer_id: int, row_id: int = 0) -> None:
        position = len(self._keys)
        self._keys.append(key)
        self._customers.append(customer_id)
        self._rows.append(row_id)
        self._lengths.append(len(key))
        self._longest_key = max(self._longest_key, len(key))
        self._by_length.setdefault(len(key), array("i")).append(position)
        if row_id:
            self._position_of_row[row_id] = position
        for gram in _bigrams(key):
            postings = self._postings.get(gram)
            if postings is None:
                postings = self._postings[gram] = array("i")
            postings.append(position)

    def forget_rows(self, row_ids: set[int]) -> None:
        for row_id in row_ids:
            position = self._position_of_row.pop(row_id, None)
            if position is not None:
                self._dead.add(position)

    def similar(self, key: str, *, cutoff: float, limit: int = 20) -> list[Similar]:
        """Keys whose `fuzz.ratio` with `key` is at least `cutoff`, best first."""
        # ratio = 2·matches / (len(a) + len(b)) ≤ 2·min / (min + max): at 80, min ≥ ⅔·max.
        shortest = math.ceil(len(key) * cutoff / (200 - cutoff))
        longest = math.floor(len(key) * (200 - cutoff) / cutoff)
        if shortest > self._longest_key:
            return []  # longer than any name could be: a whole sentence, not a typo
        grams = sorted(_bigrams(key), key=lambda g: len(self._postings.get(g, ())))
        # A typo keeps most bigrams: keys sharing fewer than `enough` of them are not scored
        # (half for short keys, where one changed letter costs two of few bigrams; 60% for
        # longer ones). Such a key misses at most len - enough bigrams, so among the
        # (len - enough + `held`) rarest it holds at least `held`: only their postings are
        # read, and keys in fewer of them are dropped before any scoring.
        enough = max(1, len(grams) // 2 if len(grams) < 10 else math.ceil(len(grams) * 0.6))
        held = min(3, enough)
        rare = grams[: len(grams) - enough + held]
        window = range(shortest, longest + 1)
        by_length = [self._by_length[n] for n in window if n in self._by_length]
        if not by_length:
            return []
        if sum(len(p) for p in by_length) <= SHORTLIST * 4:
            # Few keys have a length that could reach the cutoff (a long phrase): score those.
            positions = np.concatenate([np.frombuffer(p, dtype=np.int32) for p in by_length])
        else:
            positions = self._holding(rare, held, shortest, longest)
        choices = {int(p): self._keys[p] for p in positions if int(p) not in self._dead}
        found = process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=len(choices) or 1
        )
        best: dict[int, Similar] = {}
        for _key, score, position in found:
            customer_id = int(self._customers[position])
            if customer_id not in best or score > best[customer_id].score:
                best[customer_id] = Similar(customer_id, float(score), int(self._rows[position]))
        return sorted(best.values(), key=lambda s: (-s.score, s.customer_id))[:limit]

    def _holding(self, rare: list[str], held: int, shortest: int, longest: int) -> np.ndarray:
        """Positions of keys of a possible length that hold at least `held` of the `rare`
        bigrams, the SHORTLIST holding most when there are more."""
        listed = [
            np.frombuffer(self._postings[g], dtype=np.int32) for g in rare if g in self._postings
        ]
        if not listed:
            return np.zeros(0, dtype=np.int32)
        every = np.concatenate(listed)
        positions: np.ndarray
        counts: np.ndarray
        if len(every) < len(self._keys) // 16:
            positions, counts = np.unique(every, return_counts=True)
        else:  # many: counting into an array of all keys is cheaper than sorting them
            tally = np.bincount(every, minlength=len(self._keys))
            positions = np.flatnonzero(tally >= held)
            counts = tally[positions]
        lengths = np.frombuffer(self._lengths, dtype=np.int32)[positions]
        keep = (counts >= held) & (lengths >= shortest) & (lengths <= longest)
        positions, counts = positions[keep], counts[keep]
        if len(positions) > SHORTLIST:
            positions = positions[np.argpartition(-counts, SHORTLIST - 1)[:SHORTLIST]]
        return positions


def _bigrams(key: str) -> set[str]:
    if len(key) < 2:
        return {key} if key else set()
    return {key[i : i + 2] for i in range(len(key) - 1)}
