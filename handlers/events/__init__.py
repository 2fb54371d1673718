"""Events: the App Home tab, files shared in the bot's DM to import, and a workspace
uninstalling the app or revoking its tokens."""

from __future__ import annotations

from slack_bolt import App

from handlers.events import home, installs, messages


def register(app: App) -> None:
    app.event("app_home_opened")(home.publish_home_tab)
    app.event("message")(messages.on_message)
    app.event("app_uninstalled")(installs.on_app_uninstalled)
    app.event("tokens_revoked")(installs.on_tokens_revoked)
