"""Shortcuts: Log as follow-up on a message; New customer and Log follow-up anywhere."""

from __future__ import annotations

from slack_bolt import App

from bot.views import ids
from handlers.shortcuts import forms


def register(app: App) -> None:
    app.shortcut(ids.SHORTCUT_LOG_AS_FOLLOWUP)(forms.log_message_as_followup)
    app.shortcut(ids.SHORTCUT_NEW_CUSTOMER)(forms.new_customer)
    app.shortcut(ids.SHORTCUT_LOG_FOLLOWUP)(forms.log_followup)
