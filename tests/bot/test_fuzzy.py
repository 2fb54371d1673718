"""The typo index: it must find what scoring every name would find, without scoring them all."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from bot.customers.fuzzy import FuzzyNames
from bot.customers.names import normalize_name

SYLLABLES = ["ac", "me", "tra", "din", "glo", "bal", "tek", "no", "va", "star", "lin", "ko"]
SYLLABLES += ["zen", "ra", "mo", "xi", "an", "hua", "wei", "sun", "bri", "ght", "or", "ion"]
WORDS = ["trading", "logistics", "systems", "consulting", "energy", "foods", "motors"]
CJK = "华为星辰科技浦东发展银行北京上海深圳广州天地海洋云创新智能电子机械贸易物流汽车零部件"


def _book(size: int, seed: int = 1) -> list[str]:
    """Many names that share their pieces, the hard case for a bigram index."""
    rng = random.Random(seed)
    names: list[str] = []
    for n in range(size):
        if n % 3 == 0:
            names.append("".join(rng.choice(CJK) for _ in range(rng.randint(3, 7))))
        else:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            names.append(f"{word} {rng.choice(WORDS)}")
    return [normalize_name(name) for name in names]


def _typo(key: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(key) - 1)
    if rng.random() < 0.5:
        return key[:at] + key[at + 1] + key[at] + key[at + 2 :]  # two letters swapped
    return key[:at] + key[at + 1 :]  # one left out


def test_typos_find_what_scoring_every_name_finds() -> None:
    keys = _book(20_000)
    index = FuzzyNames()
    for position, key in enumerate(keys):
        index.add(key, customer_id=position + 1, row_id=position + 1)
    rng = random.Random(2)
    checked = 0
    for key in rng.sample(keys, 300):
        if len(key) < 6:
            continue
        typed = _typo(key, rng)
        best = process.extractOne(typed, keys, scorer=fuzz.ratio, score_cutoff=80)
        if best is None:
            continue
        found = index.similar(typed, cutoff=80)
        assert found, typed
        assert found[0].score == best[1], (typed, best, found[:3])
        checked += 1
    assert checked > 150


def test_only_names_close_enough_come_back() -> None:
    index = FuzzyNames()
    for n, key in enumerate(["acme trading", "acme logistics", "globex", "华为技术"], start=1):
        index.add(key, customer_id=n, row_id=n)
    assert [s.customer_id for s in index.similar("acme tradng", cutoff=80)] == [1]
    assert index.similar("initech", cutoff=80) == []
    assert [s.customer_id for s in index.similar("华为技朮", cutoff=70)] == [4]
    # A whole sentence is longer than any name could be.
    assert index.similar("acme trading called re quote next send pricing fri", cutoff=80) == []


def test_forgotten_rows_are_not_found() -> None:
    index = FuzzyNames()
    index.add("initech systems", customer_id=1, row_id=10)
    index.add("initech systems", customer_id=2, row_id=11)
    index.forget_rows({10})
    assert [s.customer_id for s in index.similar("initech sytems", cutoff=80)] == [2]
    assert len(index) == 1
