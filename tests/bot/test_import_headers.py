"""Import headers and value words in English and Chinese, and next-step cells."""

from __future__ import annotations

from datetime import date

import pytest

from bot.catalog.language import Language
from bot.dataio.headers import (
    KEYS,
    PlannedStep,
    choice_value,
    format_next_step,
    header_key,
    header_text,
    parse_date,
    parse_next_step,
    value_word,
)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("客户编号", "code"),
        ("Customer code", "code"),
        ("客户名称", "name"),
        ("企业名称", "name"),
        (" customer_NAME ", "name"),
        ("\ufeffName", "name"),
        ("所属行业", "industry"),
        ("联系人姓名", "contact_name"),
        ("联系方式", "phone"),
        ("手机号码", "phone"),
        ("邮箱", "email"),
        ("企业地址", "region"),
        ("年消费金额", "annual_value"),
        ("客户状态", "status"),
        ("负责人", "owner"),
        ("需求", "needs"),
        ("最近跟进时间", "last_contact"),
        ("下次跟进计划", "next_step"),
        ("Next Step", "next_step"),
        ("Favourite colour", None),
    ],
)
def test_headers_are_known_in_english_and_chinese(header: str, key: str | None) -> None:
    assert header_key(header) == key


def test_every_exported_header_reads_back() -> None:
    for language in (Language.EN, Language.ZH):
        assert [header_key(header_text(key, language)) for key in KEYS] == list(KEYS)


@pytest.mark.parametrize(
    ("field", "word", "value"),
    [
        ("customer_type", "企业", "company"),
        ("customer_type", "个人", "individual"),
        ("status", "线索", "lead"),
        ("status", "意向客户", "prospect"),
        ("status", "成交客户", "customer"),
        ("status", "已流失", "churned"),
        ("status", "沉睡", "dormant"),
        ("status", "Prospect", "prospect"),
        ("status", "churned", "churned"),
        ("source", "转介绍", "referral"),
        ("source", "Inbound call or email", "inbound"),
        ("company_size", "5000 人以上", "5000+"),
        ("company_size", "51-200人", "51-200"),
        ("status", "frozen", "frozen"),
    ],
)
def test_value_words(field: str, word: str, value: str) -> None:
    assert choice_value(field, word) == value


def test_exported_words_read_back() -> None:
    for language in (Language.EN, Language.ZH):
        for value in ("lead", "prospect", "customer", "churned", "dormant"):
            assert choice_value("status", value_word("status", value, language)) == value
        assert value_word("status", "lead", Language.ZH) == "线索"


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("2024-05-20：回访软件使用情况", PlannedStep(date(2024, 5, 20), "回访软件使用情况")),
        ("2024-05-20 回访软件使用情况", PlannedStep(date(2024, 5, 20), "回访软件使用情况")),
        ("2024/5/20: call back", PlannedStep(date(2024, 5, 20), "call back")),
        ("2024年5月20日 回访", PlannedStep(date(2024, 5, 20), "回访")),
        ("回访软件使用情况", PlannedStep(None, "回访软件使用情况")),
        ("", None),
    ],
)
def test_next_steps(text: str, step: PlannedStep | None) -> None:
    assert parse_next_step(text) == step


def test_next_steps_read_back_and_dates() -> None:
    for language in (Language.EN, Language.ZH):
        text = format_next_step(date(2024, 5, 20), "回访", language)
        assert parse_next_step(text) == PlannedStep(date(2024, 5, 20), "回访")
    assert parse_date("2024-05-20 14:30") == date(2024, 5, 20)
    assert parse_date("2024-02-30") is None
    assert parse_date("soon") is None


def test_spreadsheet_words_for_sources_and_statuses_are_read() -> None:
    from bot.dataio.headers import choice_value

    assert choice_value("source", "老客户推荐") == "referral"
    assert choice_value("source", "展会") == "event"
    assert choice_value("source", "Trade show") == "event"
    assert choice_value("status", "潜在客户") == "prospect"
    assert choice_value("source", "飞鸽传书") == "飞鸽传书"  # unknown: the form refuses it
