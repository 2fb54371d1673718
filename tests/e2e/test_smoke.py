from __future__ import annotations

from bot.sandbox.harness import Harness, text_of
from tests.conftest import REP


def test_followup_help(crm: Harness) -> None:
    message = crm.command_reply("/followup", "help", user=REP)
    assert "/followup ACME called" in text_of(message)
