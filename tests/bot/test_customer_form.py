from __future__ import annotations

from decimal import Decimal

import pytest

from bot.customers.form import (
    CustomerFields,
    check_customer_form,
    parse_money,
    parse_needs,
    parse_phone,
)


def _check(**raw: str | None) -> tuple[CustomerFields | None, dict[str, str]]:
    values: dict[str, str | None] = {"name": "Acme", "owner": "U1"}
    values.update(raw)
    return check_customer_form(values, default_region="US", default_currency="USD")


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("(415) 555-0100", "US", "+14155550100"),
        ("+86 138 0013 8000", "US", "+8613800138000"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("020 7946 0018", "GB", "+442079460018"),
    ],
)
def test_parse_phone(text: str, region: str, e164: str) -> None:
    assert parse_phone(text, region) == e164


@pytest.mark.parametrize("text", ["12", "hello", "+1 000", "555-0100-999999999"])
def test_bad_phones_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        parse_phone(text, "US")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("250000", "250000.00", "USD"),
        ("1,000,000", "1000000.00", "USD"),
        ("$250k", "250000.00", "USD"),
        ("1.2m EUR", "1200000.00", "EUR"),
        ("CNY 50万", "500000.00", "CNY"),
        ("¥3亿", "300000000.00", "CNY"),
        ("0", "0.00", "USD"),
        ("99.999", "100.00", "USD"),
    ],
)
def test_parse_money(text: str, amount: str, currency: str) -> None:
    assert parse_money(text, "USD") == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["-5", "abc", "1e999999", "12..5", "NaN", "1k2"])
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text, "USD")


def test_needs_are_split_trimmed_and_deduplicated() -> None:
    assert parse_needs("CRM, training；培训、crm\nsupport") == [
        "CRM",
        "training",
        "培训",
        "support",
    ]


def test_valid_form_gives_fields() -> None:
    fields, errors = _check(email=" Jane@Example.COM ", phone="415 555 0100", status="customer")
    assert errors == {}
    assert fields is not None
    assert fields.email == "Jane@example.com"  # domain lower-cased by email-validator
    assert fields.phone == "+14155550100"
    assert fields.status == "customer"
    assert fields.customer_type == "company"


def test_every_problem_is_reported_at_once() -> None:
    fields, errors = _check(
        name=" ", owner=None, phone="1", email="x@", annual_value="-1", status="vip"
    )
    assert fields is None
    assert set(errors) == {"name", "owner", "phone", "email", "annual_value", "status"}
