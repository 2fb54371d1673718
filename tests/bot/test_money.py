"""Amounts keep the currency they are written in; phone numbers are read in the person's
region; amounts are shown in the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.catalog.language import Language, speaking
from bot.customers.form import parse_money, parse_phone
from bot.views.formatting import display_money, display_money_in_team_currency


@pytest.mark.parametrize(
    ("text", "default", "amount", "currency"),
    [
        ("80万", "USD", "800000.00", "CNY"),  # 万 counts yuan
        ("80万", "CNY", "800000.00", "CNY"),
        ("80万", "HKD", "800000.00", "HKD"),  # Hong Kong counts in 万 too
        ("50w", "USD", "500000.00", "CNY"),
        ("300万元", "USD", "3000000.00", "CNY"),
        ("¥1.2亿", "USD", "120000000.00", "CNY"),
        ("￥1.2亿", "USD", "120000000.00", "CNY"),  # full-width yen sign
        ("RMB 50万", "USD", "500000.00", "CNY"),
        ("rmb50万", "USD", "500000.00", "CNY"),
        ("人民币 300万", "USD", "3000000.00", "CNY"),
        ("300万人民币", "USD", "3000000.00", "CNY"),
        ("¥300万元", "USD", "3000000.00", "CNY"),  # two marks that agree
        ("1.2亿元人民币", "USD", "120000000.00", "CNY"),
        ("CNY 50万", "USD", "500000.00", "CNY"),
        ("5000元", "USD", "5000.00", "CNY"),
        ("3千", "USD", "3000.00", "CNY"),
        ("2百万", "USD", "2000000.00", "CNY"),
        ("1.5千万", "USD", "15000000.00", "CNY"),
        ("USD 80万", "CNY", "800000.00", "USD"),  # an explicit code wins over 万
        ("$80万", "CNY", "800000.00", "USD"),
        ("80万美元", "CNY", "800000.00", "USD"),
        ("$800,000", "CNY", "800000.00", "USD"),
        ("US$ 1.2m", "CNY", "1200000.00", "USD"),
        ("$250k", "CNY", "250000.00", "USD"),
        ("250K USD", "CNY", "250000.00", "USD"),
        ("usd 100", "CNY", "100.00", "USD"),
        ("€1,200.50", "USD", "1200.50", "EUR"),
        ("1.2m EUR", "USD", "1200000.00", "EUR"),
        ("£3M", "USD", "3000000.00", "GBP"),
        ("GBP 10", "USD", "10.00", "GBP"),
        ("HK$ 5m", "USD", "5000000.00", "HKD"),
        ("HKD 5万", "USD", "50000.00", "HKD"),
        ("CN¥800,000", "USD", "800000.00", "CNY"),  # what the card shows, typed back
        ("5 MXN", "USD", "5.00", "MXN"),
        ("250000", "USD", "250000.00", "USD"),  # no marker: the person's currency
        ("250000", "CNY", "250000.00", "CNY"),
        ("1 000 000", "EUR", "1000000.00", "EUR"),
        ("１２３", "USD", "123.00", "USD"),  # full-width digits
        (".5k", "USD", "500.00", "USD"),
        ("0", "USD", "0.00", "USD"),
        ("99.999", "USD", "100.00", "USD"),
        ("9999999999999999.99", "USD", "9999999999999999.99", "USD"),
    ],
)
def test_amounts_keep_their_currency(text: str, default: str, amount: str, currency: str) -> None:
    assert parse_money(text, default) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "non-negative amount"),
        ("   ", "non-negative amount"),
        ("$", "non-negative amount"),
        ("¥", "non-negative amount"),
        ("万", "non-negative amount"),
        ("USD", "non-negative amount"),
        ("-5", "non-negative amount"),
        ("$-5", "non-negative amount"),
        ("-¥5万", "non-negative amount"),
        ("1e9999", "non-negative amount"),
        ("1e3", "non-negative amount"),
        ("NaN", "non-negative amount"),
        ("Infinity", "non-negative amount"),
        ("12..5", "non-negative amount"),
        ("1k2", "non-negative amount"),
        ("5 10 万 元 5", "non-negative amount"),
        ("1" * 65, "non-negative amount"),
        ("XYZ 100", "XYZ is not a currency code"),
        ("100 xyz", "XYZ is not a currency code"),
        ("USD ¥100", "two currencies"),
        ("$100 EUR", "two currencies"),
        ("10000000000000000", "too large"),
        ("1" * 60, "too large"),
        ("100000000亿", "too large"),
    ],
)
def test_what_is_not_an_amount_is_refused(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_money(text, "USD")


def test_errors_read_in_chinese() -> None:
    with speaking(Language.ZH), pytest.raises(ValueError, match="不是可识别的货币代码"):
        parse_money("XYZ 5", "CNY")


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("13800138000", "CN", "+8613800138000"),
        ("138-0013-8000", "CN", "+8613800138000"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("021-6161 8888", "CN", "+862161618888"),  # a Shanghai landline
        ("(415) 555-0100", "US", "+14155550100"),
        ("+1 415 555 0100", "CN", "+14155550100"),  # +country always wins
        ("+86 138 0013 8000", "US", "+8613800138000"),
    ],
)
def test_phones_are_read_in_the_persons_region(text: str, region: str, e164: str) -> None:
    assert parse_phone(text, region) == e164


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        (Language.EN, "800000", "USD", "$800,000"),
        (Language.EN, "1200.50", "EUR", "€1,200.50"),
        (Language.EN, "800000", "CNY", "CN¥800,000"),
        (Language.ZH, "800000", "CNY", "¥800,000（80万元）"),
        (Language.ZH, "120000000", "CNY", "¥120,000,000（1.2亿元）"),
        (Language.ZH, "8000", "CNY", "¥8,000"),
        (Language.ZH, "800000", "USD", "US$800,000"),
        (Language.EN, None, "USD", "—"),
    ],
)
def test_amounts_are_shown_in_the_readers_language(
    language: Language, amount: str | None, currency: str, shown: str
) -> None:
    with speaking(language):
        assert display_money(Decimal(amount) if amount else None, currency) == shown


def test_an_amount_in_another_currency_shows_what_tiers_count() -> None:
    value = Decimal("100000")
    with speaking(Language.EN):
        assert (
            display_money_in_team_currency(value, "USD", team_currency="CNY", rate=Decimal("7.2"))
            == "$100,000 (≈ CN¥720,000 at 7.2)"
        )
        assert display_money_in_team_currency(
            value, "EUR", team_currency="CNY", rate=None
        ).startswith("€100,000 (no EUR rate set")
        assert (
            display_money_in_team_currency(value, "CNY", team_currency="CNY", rate=Decimal(1))
            == "CN¥100,000"
        )
    with speaking(Language.ZH):
        assert (
            display_money_in_team_currency(value, "USD", team_currency="CNY", rate=Decimal("7.2"))
            == "US$100,000（约合 ¥720,000，汇率 7.2）"
        )
