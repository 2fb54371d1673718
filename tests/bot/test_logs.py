"""What the log redaction takes out, and what it leaves alone."""

from __future__ import annotations

import logging

import pytest

from bot.wiring.logs import install_redaction, keep_secret, redact
from tests.support.log_scan import LogScan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("token xoxb-123-456-abcDEF here", "token [token] here"),
        ("app token xapp-1-A0-123-abc", "app token [token]"),
        ("mail ops@globex.example now", "mail [email] now"),
        ("Li.Lei+crm@huawei.com.cn", "[email]"),
        ("phone +14155550100.", "phone [phone]."),
        ("phone +86 138 0013 8000", "phone [phone]"),
        ("手机13800138000", "手机[phone]"),
        ("call 415-555-0100 or 021-6161 8888", "call [phone] or [phone]"),
        ("(021) 6161-8888", "[phone]"),
    ],
)
def test_secrets_and_contact_data_are_taken_out(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "next attempt at 2026-11-18 02:00:00+00:00",
        "customer C20261118001 (id 1234567) for U0REP0001 in T0TEAM001",
        "message ts 1763430000.000100 in D0123456789",
        "took 0.48 s for 100,000 customers",
        "version 12 of the rules, 3 changed tier",
    ],
)
def test_ordinary_log_lines_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_records_and_their_tracebacks_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    install_redaction()
    keep_secret(["s3cr3t-signing-value"])
    log = logging.getLogger("tests.logs")
    with caplog.at_level(logging.INFO, logger="tests.logs"):
        log.info("saving %s with %s", "ops@globex.example", "+14155550100")
        try:
            raise ValueError("bad signature for s3cr3t-signing-value, phone 13800138000")
        except ValueError:
            log.exception("failed")
    text = caplog.text
    assert "saving [email] with [phone]" in text
    assert "bad signature for [secret], phone [phone]" in text
    for leak in ("globex", "4155550100", "s3cr3t", "13800138000"):
        assert leak not in text


def test_the_run_wide_scan_finds_what_slipped_through() -> None:
    scan = LogScan()
    for message in (
        "saving +14155550100",
        "mail ops@globex.example",
        "token xoxb-000-test-token",
        "payload=%7B%22type%22",
    ):
        scan.handle(logging.LogRecord("leaky", logging.INFO, __file__, 1, message, None, None))
    assert len(scan.leaks) == 4
    scan.handle(
        logging.LogRecord("ok", logging.INFO, __file__, 1, redact("+14155550100"), None, None)
    )
    assert len(scan.leaks) == 4 and scan.records == 5
