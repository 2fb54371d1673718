"""What people are told when they may not do something (`bot/access/permissions.py`)."""

from __future__ import annotations

from bot.catalog.catalog import Catalog


class AccessTexts(Catalog):
    ACCESS_EDIT_CUSTOMER = "Only {name}'s owner {owner} or a manager can edit it."
    ACCESS_ASSIGN = "Only managers can assign a customer to someone else."
    ACCESS_UNDO = "Only the person who logged this follow-up can undo it."
    ACCESS_CHANGE_STEP = "Only the step's owner, the customer's owner or a manager can change it."
    ACCESS_ADMINS_ONLY = "Only CRM admins can do this."
    ACCESS_ADMINS_DOING = {
        "grant_roles": "Only CRM admins can grant roles.",
        "digests": "Only CRM admins can set up digests.",
        "nudges": "Only CRM admins can change when nudges go out.",
        "rules": "Only CRM admins can change the rules.",
        "restore_rules": "Only CRM admins can restore earlier rules.",
        "settings": "Only CRM admins can change the team's settings.",
    }


text = AccessTexts()
