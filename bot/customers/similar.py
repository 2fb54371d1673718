"""Customers whose names are nearly the same: pairs for `/crm duplicates`. Pure: keys in,
pairs out.

Each customer is compared by its core name key (the name without legal suffixes such as Ltd or
有限公司, normalised). Keys are put in blocks by their first two characters, so a book of 100k
customers never compares every pair; within a block rapidfuzz scores all pairs at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.customers.names import has_cjk

SIMILAR_NAME_SCORE = 90
"""The least similarity (0–100, rapidfuzz's normalised Indel ratio) that counts."""
SIMILAR_CJK_NAME_SCORE = 85
"""The same for Chinese names, whose characters each carry more: one character in eight
differing (上海浦东发展银行 / 上海浦东发展银行股份) is a near-duplicate."""
_MIN_KEY = 4
"""Shorter keys (ACME vs ACNE) are too easily alike to suggest a duplicate."""
_BLOCK_LIMIT = 2_000
"""A block larger than this is compared in slices (a prefix shared by that many customers)."""


def similar_name_pairs(
    keys: Sequence[tuple[int, str]],
    *,
    limit: int,
    threshold: int = SIMILAR_NAME_SCORE,
    cjk_threshold: int = SIMILAR_CJK_NAME_SCORE,
) -> list[tuple[int, int, int]]:
    """(lower id, higher id, score) for customers whose keys score at least `threshold`
    (`cjk_threshold` for Chinese names) but are not equal (equal keys cannot be stored
    twice), best first, at most `limit`."""
    cutoff = min(threshold, cjk_threshold)
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for customer_id, key in keys:
        if len(key) >= _MIN_KEY:
            blocks[key[:2]].append((customer_id, key))
    found: dict[tuple[int, int], int] = {}
    for members in blocks.values():
        if len(members) < 2:
            continue
        for start in range(0, len(members), _BLOCK_LIMIT):
            chunk = members[start : start + _BLOCK_LIMIT]
            texts = [key for _, key in chunk]
            scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=cutoff)
            for i, j in zip(*scores.nonzero(), strict=True):
                if i >= j or texts[i] == texts[j]:
                    continue
                least = cjk_threshold if has_cjk(texts[i]) else threshold
                if scores[i, j] < least:
                    continue
                first, second = sorted((chunk[i][0], chunk[j][0]))
                score = int(scores[i, j])
                found[(first, second)] = max(score, found.get((first, second), 0))
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [(first, second, score) for (first, second), score in ranked[:limit]]
