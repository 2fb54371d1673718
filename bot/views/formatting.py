"""Small pieces of Slack text: dates that show in each reader's zone, amounts in the reader's
language, escaping, truncation."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers
from babel import Locale
from babel.numbers import format_compact_decimal, format_currency, format_decimal

from bot.catalog.language import Language, current_language
from bot.catalog.mrkdwn import escape as escape
from bot.catalog.mrkdwn import truncate as truncate
from bot.catalog.texts.customers import text as t
from bot.catalog.texts.money import text as m
from storage.models import Customer

MAX_TEXT = 3000
MAX_FIELD = 2000
_LOCALES = {Language.EN: Locale.parse("en_US"), Language.ZH: Locale.parse("zh_Hans_CN")}
"""How each language writes numbers and currencies (Babel's CLDR data)."""
_WAN = Decimal(10_000)


def slack_date(at: datetime, *, has_time: bool, zone: ZoneInfo) -> str:
    """`<!date^…>` so every reader sees their own zone; the fallback is ISO in `zone`.

    Date-only values are shown at noon of their day in `zone`, so readers a few hours away
    still see the same calendar day.
    """
    local = at.astimezone(zone)
    if has_time:
        epoch = int(local.timestamp())
        return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{local:%Y-%m-%d %H:%M}>"
    noon = datetime.combine(local.date(), time(12, 0), tzinfo=zone)
    return f"<!date^{int(noon.timestamp())}^{{date_short_pretty}}|{local:%Y-%m-%d}>"


def display_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def display_money(amount: Decimal | None, currency: str, *, in_wan: bool = True) -> str:
    """`$800,000`, `€1,200.50`, `CN¥800,000` in English; `¥800,000（80万元）` in Chinese, where
    an amount in yuan is also counted in 万 (or 亿) as a Chinese sales team says it (unless
    `in_wan` is False)."""
    if amount is None:
        return m.MONEY_NONE
    locale = _LOCALES[current_language()]
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")
    shown = format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)
    if in_wan and current_language() is Language.ZH and currency == "CNY" and amount >= _WAN:
        short = format_compact_decimal(amount, locale=locale, fraction_digits=2)
        return m.MONEY_IN_WAN.format(amount=shown, short=m.MONEY_WAN_UNIT.format(short=short))
    return shown


def display_money_in_team_currency(
    amount: Decimal | None, currency: str, *, team_currency: str, rate: Decimal | None
) -> str:
    """The amount as typed and, in another currency than the team's, what tiers count it as:
    `$100,000 (≈ ¥720,000 at 7.2)`, or that no rate is set (tiers count it as no value)."""
    shown = display_money(amount, currency)
    if amount is None or currency == team_currency:
        return shown
    if rate is None:
        return m.MONEY_NO_RATE.format(amount=shown, currency=currency)
    worth = (amount * rate).quantize(Decimal("0.01"))
    converted = display_money(worth, team_currency, in_wan=False)
    locale = _LOCALES[current_language()]
    return m.MONEY_CONVERTED.format(
        amount=shown, converted=converted, rate=format_decimal(rate, locale=locale)
    )


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def customer_label(customer: Customer) -> str:
    """*Acme Inc* (`C20261118001`)"""
    return f"*{escape(customer.name)}* (`{customer.code}`)"


def customer_with_owner(customer: Customer) -> str:
    return t.WITH_OWNER.format(customer=customer_label(customer), owner=mention(customer.owner_id))
