"""The one guard every modal submission goes through: inline errors before the ack, a message
after it, and a traceback in the log for anything unexpected."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.access.permissions import NotAllowed
from bot.catalog.messages import msg
from bot.views.blocks import Message
from handlers.common import modal_guard


class Recorder:
    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []
        self.messages: list[str] = []

    def ack(self, **answer: Any) -> None:
        self.answers.append(answer)

    def later(self, message: Message) -> None:
        self.messages.append(message.text)


def test_refusal_before_the_ack_is_an_inline_error() -> None:
    seen = Recorder()
    with modal_guard(seen.ack, action="saving", field="name", later=seen.later):  # type: ignore[arg-type]
        raise NotAllowed("Only managers can assign a customer to someone else.")
    assert seen.answers == [
        {
            "response_action": "errors",
            "errors": {"name": "Only managers can assign a customer to someone else."},
        }
    ]
    assert seen.messages == []


def test_unexpected_error_before_the_ack_is_logged_and_shown_inline(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen = Recorder()
    with (
        caplog.at_level(logging.ERROR),
        modal_guard(
            seen.ack,  # type: ignore[arg-type]
            action="saving a customer",
            field="name",
            later=seen.later,
        ),
    ):
        raise RuntimeError("database went away")
    assert seen.answers == [
        {"response_action": "errors", "errors": {"name": msg.SOMETHING_WENT_WRONG}}
    ]
    [record] = caplog.records
    assert record.message == "saving a customer failed" and record.exc_info is not None


def test_error_after_the_ack_becomes_a_message(caplog: pytest.LogCaptureFixture) -> None:
    seen = Recorder()
    with (
        caplog.at_level(logging.ERROR),
        modal_guard(
            seen.ack,  # type: ignore[arg-type]
            action="logging a follow-up",
            field="what",
            later=seen.later,
        ) as answer,
    ):
        answer()
        raise RuntimeError("chat.update failed")
    assert seen.answers == [{}]
    assert seen.messages == [msg.SOMETHING_WENT_WRONG]
    assert "logging a follow-up failed" in caplog.text
