from __future__ import annotations

from tests.conftest import REP
from tests.support.harness import Harness, text_of


def test_followup_help(crm: Harness) -> None:
    message = crm.command_reply("/followup", "help", user=REP)
    assert "/followup ACME called" in text_of(message)
