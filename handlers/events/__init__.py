"""Events: the App Home tab, and files shared in the bot's DM to import."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import home, messages


def register(app: App) -> None:
    app.event("app_home_opened")(home.publish_home_tab)
    app.event("message")(messages.on_message)
