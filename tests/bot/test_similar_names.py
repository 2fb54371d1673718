"""Nearly-same names for `/crm duplicates`."""

from __future__ import annotations

from bot.customers.names import normalize_name
from bot.customers.similar import similar_name_pairs


def _keys(*names: str) -> list[tuple[int, str]]:
    return [(n, normalize_name(name)) for n, name in enumerate(names, start=1)]


def test_near_spellings_pair_up_best_first() -> None:
    pairs = similar_name_pairs(
        _keys("Initech Systems", "Initech System", "Globex", "Initec Systems", "Umbrella"),
        limit=10,
    )
    assert {(a, b) for a, b, _ in pairs} == {(1, 2), (1, 4), (2, 4)}
    assert all(score >= 90 for _, _, score in pairs)
    assert [score for *_, score in pairs] == sorted((s for *_, s in pairs), reverse=True)


def test_chinese_names_too() -> None:
    pairs = similar_name_pairs(
        _keys("上海浦东发展银行股份", "上海浦东发展银行", "中国银行"), limit=5
    )
    assert [(a, b) for a, b, _ in pairs] == [(1, 2)]


def test_different_names_and_short_ones_do_not() -> None:
    assert similar_name_pairs(_keys("Acme", "Acne", "Globex Corp", "Hooli"), limit=5) == []


def test_the_limit_holds() -> None:
    names = [f"Northwind Traders {n:02d}" for n in range(30)]
    assert len(similar_name_pairs(_keys(*names), limit=7)) == 7
