"""Reading company names by their parts, and what a typed name is sure enough to name."""

from __future__ import annotations

import pytest

from bot.customers.matching import NameIndex, Outcome, match_leading_name
from bot.customers.name_parts import KeyKind, NameParts, is_distinctive, name_keys, name_parts
from bot.customers.names import normalize_name


@pytest.mark.parametrize(
    ("name", "region", "core", "trade"),
    [
        ("北京星辰科技有限公司", "北京", "星辰", "科技"),
        ("上海浦东发展银行股份有限公司", "上海", "浦东发展", "银行"),
        ("深圳市腾讯计算机系统有限公司", "深圳市", "腾讯", "计算机"),
        ("華為技術有限公司", "", "华为", "技术"),
        ("青岛恒智汽车零部件有限公司", "青岛", "恒智", "汽车零部件"),
        ("北京银行", "北京", "", "银行"),
        ("Acme Trading Ltd", "", "acme", "trading"),
        ("New York Bank", "new york", "", "bank"),
        ("Hong Kong Fenix Energy Limited", "hong kong", "fenix", "energy"),
    ],
)
def test_name_parts(name: str, region: str, core: str, trade: str) -> None:
    assert name_parts(name) == NameParts(region, core, trade)


def test_traditional_and_simplified_fold_together() -> None:
    assert normalize_name("華為技術有限公司") == normalize_name("华为技术有限公司") == "华为技术"


def test_keys_a_customer_is_found_by() -> None:
    assert name_keys("上海浦东发展银行", ["SPDB"]) == [
        ("上海浦东发展银行", KeyKind.NAME),
        ("spdb", KeyKind.ALIAS),
        ("浦东发展", KeyKind.CORE),
        ("浦东发展银行", KeyKind.CORE_TRADE),
        ("pudongfazhan", KeyKind.PINYIN),
        ("浦发", KeyKind.ABBREVIATION),
    ]


@pytest.mark.parametrize(
    ("phrase", "distinctive"),
    [
        ("北京", False),
        ("银行", False),
        ("北京银行", False),
        ("new york", False),
        ("星辰", True),
        ("北京星辰", True),
        ("acme", True),
        ("上海浦东", True),
    ],
)
def test_is_distinctive(phrase: str, distinctive: bool) -> None:
    assert is_distinctive(phrase) is distinctive


BOOK = NameIndex.build(
    [
        (1, "北京星辰科技有限公司"),
        (2, "上海浦东发展银行"),
        (3, "华为技术有限公司"),
        (4, "Acme Inc"),
        (5, "Acme Trading"),
        (6, "Acme Logistics"),
    ]
)


@pytest.mark.parametrize(
    ("text", "outcome", "ids", "rest"),
    [
        ("北京银行 拜访了李行长", Outcome.NOT_FOUND, [], None),
        ("上海银行 电话沟通了", Outcome.NOT_FOUND, [], None),
        ("北京 拜访了客户", Outcome.CONFIRM, [1], "拜访了客户"),
        ("华为云 开会", Outcome.CONFIRM, [3], "开会"),
        ("浦发 电话沟通", Outcome.CONFIRM, [2], "电话沟通"),
        ("星辰 拜访了张总", Outcome.FOUND, [1], "拜访了张总"),
        ("星辰科技 开会", Outcome.FOUND, [1], "开会"),
        ("xingchen called", Outcome.FOUND, [1], "called"),
        ("華為技術 拜訪了", Outcome.FOUND, [3], "拜訪了"),
        ("上海浦东发展银行 电话沟通了贷款", Outcome.FOUND, [2], "电话沟通了贷款"),
        ("Acme called", Outcome.FOUND, [4], "called"),
        ("Acme Tradng called", Outcome.AMBIGUOUS, [5, 4], "called"),
        ("Acne Inc called", Outcome.CONFIRM, [4], "called"),
    ],
)
def test_what_a_typed_name_names(
    text: str, outcome: Outcome, ids: list[int], rest: str | None
) -> None:
    found = match_leading_name(text, BOOK)
    assert found.outcome is outcome
    assert sorted(m.customer_id for m in found.matches) == sorted(ids)
    if rest is not None:
        cut = found.matches[0].cut
        assert text[cut:].strip() == rest
