"""Which keys seal the contact data: `CRM_ENCRYPTION_KEY` (comma-separated Fernet keys, newest
first), or, for a SQLite deployment without it, a key file made beside the database on first
start. A PostgreSQL deployment has no such file to fall back on (its database lives elsewhere
and is backed up elsewhere), so it refuses to start without the setting."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.wiring.settings import Settings
from bot.wiring.startup import StartUpError
from storage.crypto import BadEncryptionKey, KeyRing, new_key, use_key_ring

log = logging.getLogger(__name__)
KEY_FILE_NAME = "encryption.key"


@dataclass(frozen=True)
class KeySource:
    """Where the keys came from: the setting, or `file` (the SQLite deployment's key file)."""

    keys: list[str]
    file: Path | None = None


def key_file_for(database_url: str) -> Path | None:
    """The key file of a SQLite database (beside it, so ./data/ by default); None for an
    in-memory database or a server database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().parent / KEY_FILE_NAME


def find_keys(settings: Settings, *, create: bool = True) -> KeySource:
    """The configured keys, newest first. StartUpError (one line) when there are none to be
    had or one is malformed."""
    if settings.crm_encryption_key is not None:
        keys = split_keys(settings.crm_encryption_key.get_secret_value())
        _check(keys, "CRM_ENCRYPTION_KEY")
        return KeySource(keys)
    backend = make_url(settings.database_url).get_backend_name()
    if backend != "sqlite":
        raise StartUpError(
            "CRM_ENCRYPTION_KEY is not set: a PostgreSQL deployment needs a Fernet key for "
            "contact data (crm-bot keys new prints one)"
        )
    path = key_file_for(settings.database_url)
    if path is None:
        return KeySource([new_key()])  # an in-memory database dies with the process anyway
    if path.exists():
        keys = split_keys(path.read_text(encoding="ascii", errors="replace"))
        _check(keys, str(path))
        return KeySource(keys, path)
    if not create:
        raise StartUpError(
            f"no encryption key: CRM_ENCRYPTION_KEY is not set and {path} is missing (put the "
            "key that sealed the backup there, or set CRM_ENCRYPTION_KEY to it)"
        )
    keys = [new_key()]
    write_key_file(path, keys)
    log.warning(
        "CRM_ENCRYPTION_KEY is not set: generated a key for contact data into %s. Back that "
        "file up with the database (without it phones, emails and contact names cannot be "
        "read), or set CRM_ENCRYPTION_KEY to its contents.",
        path,
    )
    return KeySource(keys, path)


def split_keys(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _check(keys: list[str], where: str) -> None:
    if not keys:
        raise StartUpError(f"{where} holds no key (crm-bot keys new prints one)")
    try:
        KeyRing(keys)
    except BadEncryptionKey as exc:
        raise StartUpError(f"{where}: {exc}") from None


def write_key_file(path: Path, keys: list[str]) -> None:
    """Write `keys` (newest first) readable by this user only, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(path.name + ".new")
    descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write("\n".join(keys) + "\n")
    os.chmod(spare, 0o600)
    os.replace(spare, path)


def configure_keys(settings: Settings, *, create: bool = True) -> KeySource:
    """Find the keys (making the SQLite key file when `create` and there is none) and make
    them the process's key ring."""
    source = find_keys(settings, create=create)
    use_key_ring(KeyRing(source.keys))
    return source
