"""A log handler for the whole test run that looks for what must never be logged: tokens and
secrets, customers' emails and phone numbers, request bodies. Its patterns are deliberately
simpler and wider than the app's redaction, so they check it rather than repeat it."""

from __future__ import annotations

import logging
import re

from bot.sandbox.signed import SIGNING_SECRET

TEST_BOT_TOKEN = "xoxb-000-test-token"
NEVER_LOGGED: dict[str, re.Pattern[str]] = {
    "a Slack token": re.compile(r"xox[a-z]-\w|xapp-\d"),
    "the signing secret": re.compile(re.escape(SIGNING_SECRET)),
    "an email address": re.compile(r"[\w.+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}"),
    "a phone number": re.compile(r"\+\d{8,}|(?<![\d.])1[3-9]\d{9}(?!\d)|\d{3}-\d{3}-\d{4}"),
    "a request body": re.compile(r"payload=%7B|response_url=http|&text=|\bbody: \{"),
}


class LogScan(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.records = 0
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        try:
            text = self.format(record)
        except Exception as error:  # a record that cannot be formatted is itself a finding
            self.leaks.append(f"unformattable record from {record.name}: {error!r}")
            return
        for what, pattern in NEVER_LOGGED.items():
            if pattern.search(text):
                self.leaks.append(f"{what} in a log record from {record.name}: {text[:300]!r}")
