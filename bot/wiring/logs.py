"""Logs never carry secrets or customers' contact data.

Every log record is redacted as it is made (a log record factory, so it holds for every
logger and every handler, ours or a library's): Slack tokens, the secrets in the settings,
email addresses and phone numbers become placeholders, in the message and in any traceback.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Iterable
from typing import Any

TOKEN = re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"\+\d[\d\s().-]{5,}\d"  # international, as stored: +14155550100, +86 138 0013 8000
    r"|(?<![0-9A-Za-z_.:/-])1[3-9]\d{9}(?![0-9A-Za-z_])"  # a Chinese mobile: 13800138000
    r"|(?<![0-9A-Za-z_.:/-])\(?\d{3,4}\)?[\s.-]\d{3,4}[\s.-]\d{4}(?![0-9A-Za-z_])"  # 021-6161 8888
)
SECRET = "[secret]"

_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def keep_secret(values: Iterable[str | None]) -> None:
    """Values (tokens, signing secrets, passwords) never to be written to a log as they are."""
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= 6)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, SECRET)
    text = TOKEN.sub("[token]", text)
    text = EMAIL.sub("[email]", text)
    return PHONE.sub("[phone]", text)


def install_redaction() -> None:
    """Redact every log record from now on, in this process (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    make = logging.getLogRecordFactory()

    def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, redacted
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)))
            record.exc_text = record.exc_text.rstrip("\n")
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    logging.setLogRecordFactory(redacted_record)
