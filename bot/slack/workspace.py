"""Which Slack workspace (team) the work in hand is for: set once per request (the app's
middleware) and per team by the scheduled jobs, read where a Web API call is made without
the team at hand (the people directory, Services.client)."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

_team: contextvars.ContextVar[str | None] = contextvars.ContextVar("crm_team", default=None)


def team_in_hand() -> str | None:
    return _team.get()


def work_for(team_id: str | None) -> None:
    """From now on in this context (one request), the work is for `team_id`."""
    _team.set(team_id or None)


@contextmanager
def working_for(team_id: str | None) -> Iterator[None]:
    """Within this block the work is for `team_id` (a job walking the teams)."""
    token = _team.set(team_id or None)
    try:
        yield
    finally:
        _team.reset(token)
