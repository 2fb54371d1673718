"""Checking what a person typed into the customer modal. Pure: text in, fields or errors out."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import ValidationError

from bot.catalog.messages import msg
from bot.customers.money import parse_money as parse_money
from storage.models import CustomerFieldsBase, CustomerStatus, CustomerType

COMPANY_SIZES = ("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+")
SOURCES = ("referral", "website", "inbound", "outbound", "event", "partner", "advertising", "other")
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{1,31}")
MAX_NEEDS = 20
MAX_ALIASES = 10
T = TypeVar("T")


class CustomerFields(CustomerFieldsBase):
    """A valid set of customer fields, ready to store (the fields are the table's own)."""


def check_customer_form(
    raw: dict[str, str | None], *, default_region: str, default_currency: str
) -> tuple[CustomerFields | None, dict[str, str]]:
    """`raw` maps field names (the modal's block ids) to what was entered (None if empty).

    Returns the fields, or None and an error message per field name.
    """
    errors: dict[str, str] = {}
    name = (raw.get("name") or "").strip()
    if not name:
        errors["name"] = msg.ERR_NAME_BLANK
    owner = (raw.get("owner") or "").strip()
    if not owner:
        errors["owner"] = msg.ERR_OWNER_MISSING
    elif not SLACK_USER_ID.fullmatch(owner):  # the people picker gives only these
        errors["owner"] = msg.ERR_BAD_CHOICE
    phone = _check(errors, "phone", raw.get("phone"), lambda v: parse_phone(v, default_region))
    email = _check(errors, "email", raw.get("email"), parse_email)
    wechat = _check(errors, "wechat_id", raw.get("wechat_id"), parse_wechat)
    value = _check(
        errors, "annual_value", raw.get("annual_value"), lambda v: parse_money(v, default_currency)
    )
    customer_type = _choice(errors, "customer_type", raw, [t.value for t in CustomerType])
    status = _choice(errors, "status", raw, [s.value for s in CustomerStatus])
    company_size = _choice(errors, "company_size", raw, list(COMPANY_SIZES))
    source = _choice(errors, "source", raw, list(SOURCES))
    aliases = parse_aliases(raw.get("aliases") or "", name)
    if len(aliases) > MAX_ALIASES:
        errors["aliases"] = msg.ERR_TOO_MANY_ALIASES.format(limit=MAX_ALIASES)
    needs = parse_needs(raw.get("needs") or "")
    if len(needs) > MAX_NEEDS:
        errors["needs"] = msg.ERR_TOO_MANY_NEEDS.format(limit=MAX_NEEDS)
    if errors:
        return None, errors
    try:
        fields = CustomerFields(
            name=name,
            aliases=aliases,
            owner_id=owner,
            customer_type=customer_type or CustomerType.COMPANY.value,
            industry=_text(raw.get("industry")),
            contact_name=_text(raw.get("contact_name")),
            contact_title=_text(raw.get("contact_title")),
            phone=phone,
            email=email,
            wechat_id=wechat,
            region=_text(raw.get("region")),
            company_size=company_size,
            source=source,
            annual_value=value[0] if value else None,
            currency=value[1] if value else default_currency,
            status=status or CustomerStatus.LEAD.value,
            needs=needs,
            notes=_text(raw.get("notes")),
        )
    except ValidationError as problems:  # Slack's own limits can be bypassed by a crafted form
        return None, _field_errors(problems)
    return fields, {}


_FORM_FIELD = {"owner_id": "owner"}
"""Where a column's problem is shown in the form, when the input is named differently."""


def _field_errors(problems: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in problems.errors():
        column = str(problem["loc"][0]) if problem["loc"] else "name"
        limit = (problem.get("ctx") or {}).get("max_length")
        text = msg.ERR_TOO_LONG.format(limit=limit) if limit else msg.ERR_BAD_VALUE
        errors.setdefault(_FORM_FIELD.get(column, column), text)
    return errors


def _check(
    errors: dict[str, str], name: str, value: str | None, parse: Callable[[str], T]
) -> T | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return parse(text)
    except ValueError as exc:
        errors[name] = str(exc)
        return None


def _choice(
    errors: dict[str, str], name: str, raw: dict[str, str | None], allowed: list[str]
) -> str | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if value not in allowed:
        errors[name] = msg.ERR_BAD_CHOICE
        return None
    return value


def _text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


@lru_cache(maxsize=4096)
def parse_phone(text: str, default_region: str) -> str:
    """A phone number in E.164 (`+14155550100`), or ValueError with a friendly message.
    (Remembered: an import reads each row's number twice, to match it and to check it.)"""
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise ValueError(msg.ERR_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(msg.ERR_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_wechat(text: str) -> str:
    """A WeChat ID as typed (IDs are letters, digits, _ and -, but people also give the phone
    number or QQ number they sign in with): no spaces, at most 64 characters."""
    wechat = text.strip()
    if not wechat or len(wechat) > 64 or any(ch.isspace() for ch in wechat):
        raise ValueError(msg.ERR_WECHAT)
    return wechat


@lru_cache(maxsize=4096)
def parse_email(text: str) -> str:
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(msg.ERR_EMAIL) from None
    return str(result.normalized)


def parse_needs(text: str) -> list[str]:
    """Tags separated by commas, semicolons, 、 or new lines; trimmed, without repeats."""
    tags: list[str] = []
    for part in re.split(r"[,，;；、\n]+", text):
        tag = part.strip()[:50]
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def parse_aliases(text: str, name: str) -> list[str]:
    """'浦发, SPDB；Pudong Bank' -> ['浦发', 'SPDB', 'Pudong Bank']: no repeats, not the name."""
    seen: set[str] = {name.strip().casefold()}
    aliases: list[str] = []
    for part in re.split(r"[,，、;；/\n]+", text):
        alias = part.strip()[:100]
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            aliases.append(alias)
    return aliases
