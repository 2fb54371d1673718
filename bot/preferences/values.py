"""Reading what an admin or a person types into settings: currency codes (ISO 4217), phone
regions, time zones, times of day, exchange rates and code prefixes. Each parser returns the
stored form or raises ValueError with the person's message."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from babel.numbers import list_currencies

from bot.catalog.texts.team import text as t

_TIME = re.compile(r"([01]?\d|2[0-3])[:：]([0-5]\d)")
_PREFIX = re.compile(r"[A-Z]{1,4}")
_RATE = re.compile(r"([A-Za-z]{3})\s*[=:：]?\s*([0-9]+(?:\.[0-9]+)?)")
MAX_ESCALATION_DAYS = 365
_NOT_CODES = {"RMB": "CNY"}
"""Names people use that are not ISO 4217 codes, with the code to write instead."""


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def parse_currency(text: str) -> str:
    """'cny' -> 'CNY'; 'RMB' is refused with a pointer to 'CNY' (a code, not a name)."""
    code = text.strip().upper()
    if code in _NOT_CODES:
        raise ValueError(t.SETTINGS_ERR_CURRENCY_NAME.format(typed=code, code=_NOT_CODES[code]))
    if len(code) != 3 or code not in _currencies():
        raise ValueError(t.SETTINGS_ERR_CURRENCY)
    return code


def parse_phone_region(text: str) -> str:
    """'cn' -> 'CN' (a region phonenumbers knows)."""
    region = text.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(t.SETTINGS_ERR_REGION)
    return region


def parse_zone(text: str) -> str:
    name = text.strip()
    if "/" not in name and name != "UTC":
        raise ValueError(t.SETTINGS_ERR_ZONE)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(t.SETTINGS_ERR_ZONE) from None
    if name not in available_timezones() and name != "UTC":
        raise ValueError(t.SETTINGS_ERR_ZONE)
    return name


def parse_time_of_day(text: str) -> str:
    """'8:30' -> '08:30'."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(t.SETTINGS_ERR_TIME)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_escalation_days(text: str) -> int:
    typed = text.strip()
    if not typed.isdigit() or not 1 <= int(typed) <= MAX_ESCALATION_DAYS:
        raise ValueError(t.SETTINGS_ERR_DAYS.format(limit=MAX_ESCALATION_DAYS))
    return int(typed)


def parse_code_prefix(text: str) -> str:
    prefix = text.strip().upper()
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(t.SETTINGS_ERR_PREFIX)
    return prefix


def parse_rates(text: str, team_currency: str) -> dict[str, str]:
    """'USD=7.2, EUR 7.8' -> {'USD': '7.2', 'EUR': '7.8'}: what one unit of each is worth in
    the team currency. Empty text: no rates."""
    rates: dict[str, str] = {}
    for part in re.split(r"[,，;；\n]+", text):
        piece = part.strip()
        if not piece:
            continue
        match = _RATE.fullmatch(piece)
        if not match:
            raise ValueError(t.SETTINGS_ERR_RATES.format(typed=piece[:40]))
        code = parse_currency(match.group(1))
        try:
            rate = Decimal(match.group(2))
        except InvalidOperation:
            raise ValueError(t.SETTINGS_ERR_RATES.format(typed=piece[:40])) from None
        if rate <= 0 or code == team_currency:
            raise ValueError(t.SETTINGS_ERR_RATES.format(typed=piece[:40]))
        rates[code] = format(rate.normalize(), "f")
    return rates


def rates_text(rates: dict[str, str] | None) -> str:
    """The stored rates as the settings form shows them: 'USD=7.2, EUR=7.8'."""
    return ", ".join(f"{code}={rate}" for code, rate in sorted((rates or {}).items()))
