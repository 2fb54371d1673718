"""Modal state in private_metadata: one way to write and read it for every modal."""

from __future__ import annotations

import json

import pytest

from bot.views.customer_modal import CustomerModalState
from bot.views.step_modals import StepModalState


def test_state_round_trips_under_short_names_without_defaults() -> None:
    state = CustomerModalState(customer_id=7, acknowledged_duplicates=[3, 4])
    text = state.dump()
    assert json.loads(text) == {"customer_id": 7, "ack": [3, 4]}
    assert CustomerModalState.load(text) == state
    step = StepModalState(customer_id=1, dm_channel="D1", dm_ts="1.2", response_url="https://x")
    assert json.loads(step.dump()) == {
        "customer_id": 1,
        "url": "https://x",
        "dm": "D1",
        "dm_ts": "1.2",
    }
    assert StepModalState.load(step.dump()) == step


def test_empty_metadata_is_the_default_state() -> None:
    assert CustomerModalState.load(None) == CustomerModalState()
    assert CustomerModalState.load("") == CustomerModalState()


@pytest.mark.parametrize(
    "raw",
    ["not json", '{"customer_id": "x"}', '{"ack": "everything"}', "[1, 2]"],
)
def test_metadata_this_app_did_not_write_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        CustomerModalState.load(raw)


def test_a_step_modal_without_its_customer_is_one_with_a_picker() -> None:
    """The shortcuts' follow-up form asks for the customer; the handlers refuse a next-step
    form, or a follow-up form without a picker, that comes back without one."""
    assert StepModalState.load("{}").customer_id is None
    with pytest.raises(ValueError):
        StepModalState.load('{"customer_id": "acme"}')


def test_state_too_long_for_slack_is_refused() -> None:
    with pytest.raises(ValueError, match="3000"):
        CustomerModalState(acknowledged_duplicates=list(range(1000))).dump()
