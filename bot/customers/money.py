"""Reading an amount as a person types it: the number, how big (`250k`, `80万`, `1.2亿`) and in
which currency (`$`, `¥`, `RMB`, `人民币`, `元`, `EUR`, …). Pure: text in, (amount, currency)
out, or ValueError with the person's message.

The currency is the one written; with none written, an amount counted in 万 or 亿 (or ending
in 元) is in yuan, and any other amount is in the person's own currency. A person whose own
currency is counted in 万 as well (HKD, TWD, MOP, JPY) keeps it for `80万`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from bot.catalog.messages import msg
from bot.catalog.texts.money import text as t
from bot.preferences.values import parse_currency

MAX_AMOUNT = Decimal("9999999999999999.99")
"""The largest amount the annual value column holds."""
MAX_TYPED = 64
"""Longer text is not an amount anyone types."""
CENTS = Decimal("0.01")
YUAN = "CNY"

_MARKS = {
    "US$": "USD",
    "$": "USD",
    "HK$": "HKD",
    "S$": "SGD",
    "A$": "AUD",
    "C$": "CAD",
    "NT$": "TWD",
    "CN¥": YUAN,
    "RMB¥": YUAN,
    "¥": YUAN,
    "JP¥": "JPY",
    "€": "EUR",
    "£": "GBP",
    "RMB": YUAN,
    "人民币": YUAN,
    "元": YUAN,
    "块": YUAN,
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "新币": "SGD",
}
"""Symbols and words that name a currency, before or after the number (NFKC-normalised, so
full-width `￥` and `＄` are these too)."""

_SCALES = {
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "千": Decimal(10) ** 3,
    "万": Decimal(10) ** 4,
    "萬": Decimal(10) ** 4,
    "w": Decimal(10) ** 4,
    "十万": Decimal(10) ** 5,
    "百万": Decimal(10) ** 6,
    "千万": Decimal(10) ** 7,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
}
_CHINESE_SCALES = frozenset({"千", "万", "萬", "w", "十万", "百万", "千万", "亿", "億"})
"""Counting in these says the amount is in yuan, unless a currency is written."""
COUNTED_IN_WAN = frozenset({YUAN, "HKD", "TWD", "MOP", "JPY"})
"""Currencies people also count in 万: theirs keep `80万` in their own currency."""


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first (so `US$` is tried before `$`)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MARK = rf"{_alternatives(_MARKS)}|[A-Za-z]{{3}}"
_AMOUNT = re.compile(
    rf"(?P<before>{_MARK})?(?P<before2>{_MARK})?"
    r"(?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    rf"(?P<scale>{_alternatives(_SCALES)})?"
    rf"(?P<after>{_MARK})?(?P<after2>{_MARK})?",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s,_']+")


def parse_money(text: str, default_currency: str) -> tuple[Decimal, str]:
    """'1,000,000', '$250k', 'CNY 50万', '1.2m EUR', '¥1.2亿', '300万元' -> (amount, currency).

    Refused: negative amounts, anything that is not one number, a three-letter code that is
    not ISO 4217, two different currencies, and amounts too large to store.
    """
    typed = unicodedata.normalize("NFKC", text).strip()
    if not typed or len(typed) > MAX_TYPED:
        raise ValueError(msg.ERR_MONEY)
    match = _AMOUNT.fullmatch(_SEPARATORS.sub("", typed))
    if match is None:
        raise ValueError(msg.ERR_MONEY)
    marks = (match["before"], match["before2"], match["after"], match["after2"])
    written = list(dict.fromkeys(_currency(mark) for mark in marks if mark))
    if len(written) > 1:
        raise ValueError(t.MONEY_ERR_TWO_CURRENCIES.format(first=written[0], second=written[1]))
    scale = (match["scale"] or "").lower()
    if written:
        currency = written[0]
    elif scale in _CHINESE_SCALES and default_currency not in COUNTED_IN_WAN:
        currency = YUAN
    else:
        currency = default_currency
    try:
        amount = Decimal(match["number"]) * _SCALES.get(scale, Decimal(1))
    except InvalidOperation:  # pragma: no cover - the pattern lets only plain numbers through
        raise ValueError(msg.ERR_MONEY) from None
    if amount > MAX_AMOUNT:
        raise ValueError(msg.ERR_MONEY_TOO_LARGE)
    return amount.quantize(CENTS), currency


def _currency(mark: str) -> str:
    known = _MARKS.get(mark) or _MARKS.get(mark.upper())
    if known is not None:
        return known
    try:
        return parse_currency(mark)
    except ValueError:
        raise ValueError(t.MONEY_ERR_CODE.format(code=mark.upper())) from None
