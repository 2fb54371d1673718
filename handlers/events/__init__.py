"""Events: the App Home tab."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import home


def register(app: App) -> None:
    app.event("app_home_opened")(home.publish_home)
