"""Small pieces of Slack text: dates that show in each reader's zone, escaping, truncation."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers

from bot.catalog.mrkdwn import escape as escape
from bot.catalog.mrkdwn import truncate as truncate
from storage.models import Customer

MAX_TEXT = 3000
MAX_FIELD = 2000


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


def display_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return "—"
    whole = amount == amount.to_integral_value()
    return f"{currency} {amount:,.0f}" if whole else f"{currency} {amount:,.2f}"


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def customer_label(customer: Customer) -> str:
    """*Acme Inc* (`C20261118001`)"""
    return f"*{escape(customer.name)}* (`{customer.code}`)"


def customer_with_owner(customer: Customer) -> str:
    return f"{customer_label(customer)} · owner {mention(customer.owner_id)}"
