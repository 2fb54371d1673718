"""Serving Slack over Socket Mode, the default for small teams (no public URL)."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.wiring.answering import AnsweringApp

PING_SECONDS = 3.0
"""A dropped connection is noticed after a few unanswered pings: ~15 s rather than ~50 s."""


def socket_mode_handler(
    app: App, app_token: str, *, ping_interval: float = PING_SECONDS
) -> SocketModeHandler:
    """Over a WebSocket, an answer is only as safe as the connection it goes out on, so
    replies go to the response URL once the work is saved, never inside the answer."""
    if isinstance(app, AnsweringApp):
        app.replies_in_answer = False
    return SocketModeHandler(app, app_token, ping_interval=ping_interval)
