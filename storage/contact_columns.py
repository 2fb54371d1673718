"""Columns derived from a customer's (or contact's) phone and email when they are written: the
keyed hashes that exact look-ups and duplicate checks use, and whether the values are in a
usable form. Set by mapper events for ORM writes and by `with_derived_columns` for the bulk
inserts that bypass the ORM."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from storage.crypto import lookup_hash

_E164 = re.compile(r"\+[0-9]{8,15}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def unusable(phone: str | None, email: str | None) -> bool:
    """A phone not in E.164 form or an email without `@` and a dot after it: what the form
    never stores, so it came from elsewhere (an import, old data)."""
    bad_phone = bool(phone) and not _E164.fullmatch(phone or "")
    bad_email = bool(email) and not _EMAIL.fullmatch(email or "")
    return bad_phone or bad_email


def derived(phone: str | None, email: str | None) -> dict[str, Any]:
    return {
        "phone_hash": lookup_hash(phone),
        "email_hash": lookup_hash(email),
        "contact_unusable": unusable(phone, email),
    }


def with_derived_columns(row: Mapping[str, Any]) -> dict[str, Any]:
    """`row` (a customer's columns for a Core insert) with its hashes and usability set."""
    return {**row, **derived(row.get("phone"), row.get("email"))}
