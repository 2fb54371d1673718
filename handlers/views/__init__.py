"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from bot.views import ids
from handlers.views import customer, steps


def register(app: App) -> None:
    app.view(ids.CUSTOMER_MODAL)(customer.submit_customer)
    app.view(ids.NEXT_STEP_MODAL)(steps.submit_next_step)
    app.view(ids.FOLLOWUP_MODAL)(steps.submit_followup)
