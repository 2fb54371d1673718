"""Options for external selects: the customer picker of every form that asks which customer."""

from __future__ import annotations

from slack_bolt import App

from bot.views import ids
from handlers.options import pickers


def register(app: App) -> None:
    app.options(ids.CUSTOMER_PICKER)(pickers.customer_options)
