"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from bot.views import ids
from handlers.views import contacts, customer, digest, home, risk, rules, settings, steps


def register(app: App) -> None:
    app.view(ids.CUSTOMER_MODAL)(customer.submit_customer)
    app.view(ids.NEXT_STEP_MODAL)(steps.submit_next_step)
    app.view(ids.FOLLOWUP_MODAL)(steps.submit_followup)
    app.view(ids.RISK_MODAL)(risk.submit_risk)
    app.view(ids.CONTACT_MODAL)(contacts.submit_contact)
    app.view(ids.RULES_EDIT_MODAL)(rules.submit_rules)
    app.view(ids.RULES_PREVIEW_MODAL)(rules.apply_previewed_rules)
    app.view(ids.DIGEST_MODAL)(digest.submit_digest)
    app.view(ids.SETTINGS_MODAL)(settings.submit_team_settings)
    app.view(ids.ME_MODAL)(settings.submit_my_settings)
    app.view(ids.HOME_FIND_MODAL)(home.submit_find)
