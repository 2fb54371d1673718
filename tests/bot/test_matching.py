from __future__ import annotations

import pytest

from bot.customers.matching import NameIndex, Outcome, leading_cuts, match_leading_name
from bot.customers.names import normalize_name

CUSTOMERS = [
    (1, "Acme Inc"),
    (2, "华为技术有限公司"),
    (3, "Acme Trading"),
    (4, "Globex Corporation"),
    (5, "Initech Systems"),
    (6, "阿里巴巴集团"),
    (7, "Stark Industries"),
    (8, "Stark Logistics"),
    (9, "IBM"),
]
INDEX = NameIndex.build(CUSTOMERS)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ACME, Inc.", "acme"),
        ("Acme Corp", "acme"),
        ("Foo GmbH", "foo"),
        ("Bar LLC", "bar"),
        ("Baz Ltd.", "baz"),
        ("华为技术有限公司", "华为技术"),
        ("华为 技术 有限公司", "华为技术"),
        ("平安保险股份有限公司", "平安保险"),
        ("阿里巴巴集团", "阿里巴巴"),
        ("ＡＣＭＥ", "acme"),  # full-width letters
        ("Inc", "inc"),  # a name that is only a suffix stays itself
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


@pytest.mark.parametrize(
    ("text", "outcome", "ids", "name_part"),
    [
        ("ACME called re: quote", Outcome.FOUND, [1], "ACME"),
        ("Acme Inc. called", Outcome.FOUND, [1], "Acme Inc."),
        ("Acme Trading emailed", Outcome.FOUND, [3], "Acme Trading"),
        ('"Acme Trading" emailed', Outcome.FOUND, [3], '"Acme Trading"'),
        ("“Acme Trading” emailed", Outcome.FOUND, [3], "“Acme Trading”"),
        ("华为拜访了客户", Outcome.FOUND, [2], "华为"),
        ("华为 拜访了客户", Outcome.FOUND, [2], "华为"),
        ("华为技术有限公司 电话", Outcome.FOUND, [2], "华为技术有限公司"),
        ("阿里巴巴开会", Outcome.FOUND, [6], "阿里巴巴"),
        ("globex called", Outcome.FOUND, [4], "globex"),
        ("Initech Sytems met", Outcome.FOUND, [5], "Initech Sytems"),
        ("Stark called", Outcome.AMBIGUOUS, [7, 8], None),
        ("Acmee called", Outcome.CONFIRM, [1], None),
        ("Nobody called", Outcome.NOT_FOUND, [], None),
        ("ibm rang", Outcome.FOUND, [9], "ibm"),
    ],
)
def test_match_leading_name(
    text: str, outcome: Outcome, ids: list[int], name_part: str | None
) -> None:
    found = match_leading_name(text, INDEX)
    assert found.outcome is outcome
    assert sorted(m.customer_id for m in found.matches) == ids
    if name_part is not None:
        assert text[: found.matches[0].cut] == name_part


def test_whole_text_mode_does_not_match_a_shorter_prefix() -> None:
    assert match_leading_name("acme trading", INDEX, whole=True).matches[0].customer_id == 3
    assert match_leading_name("stark", INDEX, whole=True).outcome is Outcome.AMBIGUOUS


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Umbrella called", "Umbrella"),
        ('"Umbrella Corp" called', "Umbrella Corp"),
        ("Umbrella Corp called back", "Umbrella Corp"),
        ("umbrella called", "umbrella"),
        ("Umbrella, called", "Umbrella"),
        ("腾讯拜访了马总", "腾讯"),
        ("腾讯 电话", "腾讯"),
        ("新客户有限公司电话沟通", "新客户有限公司"),
    ],
)
def test_not_found_guesses_the_name(text: str, guess: str) -> None:
    found = match_leading_name(text, INDEX)
    assert found.outcome is Outcome.NOT_FOUND
    assert found.name_guess == guess


def test_short_fragments_do_not_match_everything() -> None:
    assert match_leading_name("a called", INDEX).outcome is Outcome.NOT_FOUND
    assert match_leading_name("华 电话", INDEX).outcome is Outcome.NOT_FOUND


def test_leading_cuts_split_chinese_by_character() -> None:
    assert leading_cuts("华为拜访") == [1, 2, 3, 4]
    assert leading_cuts("Acme called") == [4, 11]


def test_empty_index_finds_nothing() -> None:
    assert match_leading_name("Acme called", NameIndex.build([])).outcome is Outcome.NOT_FOUND
