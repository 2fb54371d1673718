"""Slash commands: /followup, /customer, /crm."""

from __future__ import annotations

from slack_bolt import App

from handlers.commands import crm, customer, followup


def register(app: App) -> None:
    app.command("/followup")(followup.followup_command)
    app.command("/customer")(customer.customer_command)
    app.command("/crm")(crm.crm_command)
