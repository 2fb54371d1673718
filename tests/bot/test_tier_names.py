"""Tier names in two languages: what the editor reads, and what a reader sees."""

from __future__ import annotations

import pytest

from bot.catalog.language import Language, speaking
from bot.catalog.tiers import know_tier_names, tier_label
from bot.views.rules_form import split_tier_name


@pytest.mark.parametrize(
    ("typed", "name", "chinese"),
    [
        ("Key / 重点", "Key", "重点"),
        ("Key/重点客户", "Key", "重点客户"),
        ("Key／重点", "Key", "重点"),
        ("  Platinum  ", "Platinum", None),
        ("重点客户", "重点客户", None),
        ("A/B Testing", "A/B Testing", None),  # no Chinese after the slash: one name
        ("重点 / Key", "重点 / Key", None),  # Chinese first: kept as typed
        ("Key / ", "Key /", None),
    ],
)
def test_the_editor_reads_a_chinese_name_after_a_slash(
    typed: str, name: str, chinese: str | None
) -> None:
    assert split_tier_name(typed) == (name, chinese)


def test_a_tier_reads_in_the_readers_language() -> None:
    know_tier_names({"Growth": "成长客户"})
    assert tier_label("Growth") == "Growth"
    with speaking(Language.ZH):
        assert tier_label("Growth") == "成长客户"  # the team's own
        assert tier_label("Key") == "重点"  # the built-in tier's
        assert tier_label("Platinum") == "Platinum"  # a team's name without Chinese
        assert tier_label("Platinum", "铂金") == "铂金"
    know_tier_names({})


def test_a_tier_is_found_by_its_chinese_name() -> None:
    from bot.catalog.tiers import chinese_tier_names
    from bot.customers.filters import parse_list_filters
    from bot.rules.model import default_rules

    tiers = default_rules().tiers
    tiers[2] = tiers[2].model_copy(update={"name_zh": "成长客户"})
    aliases = chinese_tier_names(tiers)
    assert aliases == {"战略": "Strategic", "重点": "Key", "成长客户": "Growth", "普通": "Standard"}
    names = [tier.name for tier in tiers]
    assert parse_list_filters("重点", tier_names=names, tier_aliases=aliases).tiers == ("Key",)
    found = parse_list_filters("等级:成长客户", tier_names=names, tier_aliases=aliases)
    assert found.tiers == ("Growth",)
