"""Texts about amounts: reading what a person typed, and showing an amount beside what it is
worth in the team currency. Chinese in `bot/catalog/locale/zh/money.po`.

The numbers themselves are written by Babel in the reader's language (`$800,000`, `¥800,000`,
`80万`); these texts only put them together. Read through `text`
(`from bot.catalog.texts.money import text as t`) when drawing, never at import time.
"""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class MoneyTexts(Catalog):
    MONEY_ERR_CODE = (
        "{code} is not a currency code I know. Use an ISO 4217 code such as CNY, USD or EUR, "
        "or a symbol: ¥, $, €, £."
    )
    MONEY_ERR_TWO_CURRENCIES = "That amount names two currencies ({first} and {second}); keep one."
    MONEY_NONE = "—"
    MONEY_IN_WAN = "{amount} ({short})"
    """An amount in yuan, with the same amount counted in 万 (Chinese readers only)."""
    MONEY_WAN_UNIT = "{short}"
    """The short form of an amount in yuan: `80万` + the unit (元 in Chinese)."""
    MONEY_CONVERTED = "{amount} (≈ {converted} at {rate})"
    MONEY_NO_RATE = "{amount} (no {currency} rate set, so tiers count it as no value)"


text = MoneyTexts()
