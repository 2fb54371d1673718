"""Contact data encrypted at rest.

Phone numbers, emails, contact names and WeChat IDs are stored as Fernet tokens (AES in CBC
mode with an HMAC, a fresh IV per value) under the newest of the configured keys; any of the
keys opens them, so a new key can be put in front and `crm-bot keys rotate` re-encrypts
everything under it. Exact-match look-ups and duplicate checks use a keyed hash (HMAC-SHA256
under a key derived from a Fernet key) kept beside the ciphertext: equal values have equal
hashes, and without the key a hash says nothing about the value.

The key ring is the process's, like its engine: `use_key_ring` at start-up (the command line
reads it from `CRM_ENCRYPTION_KEY` or the SQLite deployment's key file). Column types here
seal on the way in and open on the way out, so the rest of the code reads plain values.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

TOKEN_PREFIX = "gAAAAA"
"""Every Fernet token starts so (version byte 0x80 and a 64-bit timestamp's high bytes)."""
_LOOKUP_CONTEXT = b"crmbot lookup hash v1"
PERSONAL_KEYS = frozenset({"contact_name", "phone", "email", "wechat_id"})
"""Keys whose values the audit log keeps only sealed."""


class NoEncryptionKey(RuntimeError):
    """Contact data was read or written before a key ring was configured."""


class WrongEncryptionKey(RuntimeError):
    """A stored value does not open with any configured key."""


class BadEncryptionKey(ValueError):
    """A configured key is not a Fernet key. `str()` says which one (never the key)."""


class KeyRing:
    """The configured Fernet keys, newest first."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise BadEncryptionKey("no key given")
        fernets: list[Fernet] = []
        self._lookup_keys: list[bytes] = []
        for position, key in enumerate(keys, start=1):
            try:
                raw = base64.urlsafe_b64decode(key.encode("ascii"))
                fernets.append(Fernet(key))
            except (ValueError, binascii.Error, UnicodeEncodeError):
                raise BadEncryptionKey(
                    f"key {position} is not a Fernet key (crm-bot keys new prints one)"
                ) from None
            self._lookup_keys.append(hmac.new(raw, _LOOKUP_CONTEXT, hashlib.sha256).digest())
        self._newest = fernets[0]
        self._all = MultiFernet(fernets)
        self.size = len(keys)

    def seal(self, value: str) -> str:
        return self._newest.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            if not token.startswith(TOKEN_PREFIX):
                return token  # written before encryption (the upgrade seals these)
            raise WrongEncryptionKey(
                "stored contact data does not open with CRM_ENCRYPTION_KEY: "
                "is the key that sealed it still in the list?"
            ) from None

    def reseal(self, token: str) -> str:
        """`token` under the newest key (a plain value is sealed)."""
        return self.seal(self.open(token))

    def lookup(self, value: str) -> str:
        """The keyed hash stored beside a value (under the newest key)."""
        return _hash(self._lookup_keys[0], value)

    def lookups(self, value: str) -> list[str]:
        """The value's hash under every key: what rows written before a rotation may hold."""
        return [_hash(key, value) for key in self._lookup_keys]


def _hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


_ring: KeyRing | None = None


def use_key_ring(ring: KeyRing | None) -> KeyRing | None:
    """Make `ring` the process's key ring; returns the one it replaces."""
    global _ring
    previous, _ring = _ring, ring
    return previous


def key_ring() -> KeyRing:
    if _ring is None:
        raise NoEncryptionKey("no encryption key is configured (CRM_ENCRYPTION_KEY)")
    return _ring


def lookup_hash(value: str | None) -> str | None:
    """The keyed hash of a stored (normalised) value, or None for no value."""
    return key_ring().lookup(value) if value else None


def lookup_hashes(values: Sequence[str]) -> dict[str, str]:
    """hash -> value, under every configured key, for `IN (…)` look-ups."""
    ring = key_ring()
    return {hashed: value for value in values for hashed in ring.lookups(value)}


class EncryptedText(TypeDecorator[str]):
    """A text column stored as a Fernet token; reads give the plain value back."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return key_ring().seal(str(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return key_ring().open(value)


class SealedJSON(TypeDecorator[Any]):
    """JSON whose personal values (PERSONAL_KEYS, at any depth) are stored sealed: an audit
    log that says a phone number changed without keeping it readable in the database."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return seal_personal(value) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return open_personal(value) if value is not None else None


def seal_personal(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            key: (_sealed(item) if key in PERSONAL_KEYS else seal_personal(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [seal_personal(item) for item in value]
    return value


def _sealed(item: Any) -> Any:
    if item is None or item == "":
        return item
    if isinstance(item, str) and item.startswith(TOKEN_PREFIX):
        return item  # already sealed (a rotation or a copy)
    return key_ring().seal(str(item))


def open_personal(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            key: (
                key_ring().open(item)
                if key in PERSONAL_KEYS and isinstance(item, str) and item
                else open_personal(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [open_personal(item) for item in value]
    return value
