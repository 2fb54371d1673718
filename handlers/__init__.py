"""Slack surfaces: each sub-package registers its listeners on the Bolt app."""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, events, options, shortcuts, views


def register_all(app: App) -> None:
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
    shortcuts.register(app)
    options.register(app)
