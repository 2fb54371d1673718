"""Who may do what. Every domain action takes an `Actor` and checks here, so a hand-made
payload (a button or modal submission crafted by someone) gets the same answer as the real UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import phonenumbers

from bot.catalog.mrkdwn import escape
from bot.catalog.texts.access import text as t
from storage.models import Customer, FollowUp, NextStep

SYSTEM_ACTOR = "crmbot"
"""The actor recorded for changes the rules make on their own (dormancy, reclassification)."""


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    REP = "rep"


ROLE_RANK = {Role.REP: 0, Role.MANAGER: 1, Role.ADMIN: 2}


class NotAllowed(Exception):
    """The person may not do this; `str()` is a polite sentence to show them."""


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    role: Role
    source: str = "granted"
    """Where the role comes from: 'settings' (CRM_ADMINS), 'slack' (workspace admin/owner),
    'granted' (/crm role) or 'default'."""

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True)
class TeamRoles:
    granted: dict[str, Role]
    settings_admins: list[str]


def can_edit_customer(actor: Actor, customer: Customer) -> bool:
    return actor.sees_everything or customer.owner_id == actor.user_id


def require_edit_customer(actor: Actor, customer: Customer) -> None:
    if not can_edit_customer(actor, customer):
        said = t.ACCESS_EDIT_CUSTOMER.format(
            name=escape(customer.name), owner=f"<@{customer.owner_id}>"
        )
        raise NotAllowed(said)


def require_assign(actor: Actor, owner_id: str, current_owner: str | None) -> None:
    """Reps own what they create; only managers and admins give customers to someone else."""
    if actor.sees_everything or owner_id == (current_owner or actor.user_id):
        return
    raise NotAllowed(t.ACCESS_ASSIGN)


def can_see_contact(actor: Actor, customer: Customer) -> bool:
    return actor.sees_everything or customer.owner_id == actor.user_id


AdminWork = Literal["grant_roles", "digests", "nudges", "rules", "restore_rules", "settings"]
"""What only admins do; each has its refusal in AccessTexts.ACCESS_ADMINS_DOING."""


def require_admin(actor: Actor, doing: AdminWork) -> None:
    if not actor.is_admin:
        raise NotAllowed(t.ACCESS_ADMINS_DOING.get(doing, t.ACCESS_ADMINS_ONLY))


def require_undo(actor: Actor, followup: FollowUp) -> None:
    if followup.author_id != actor.user_id and not actor.is_admin:
        raise NotAllowed(t.ACCESS_UNDO)


def require_change_step(actor: Actor, step: NextStep, customer: Customer) -> None:
    if actor.sees_everything or actor.user_id in (step.owner_id, customer.owner_id):
        return
    raise NotAllowed(t.ACCESS_CHANGE_STEP)


def mask_phone(e164: str) -> str:
    """'+14155550100' -> '+1 ••• ••• 0100' (country code and last four digits kept)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "••• ••• " + e164[-4:]
    return f"+{number.country_code} ••• ••• {str(number.national_number)[-4:]}"


def mask_email(email: str) -> str:
    """'buyer@acme.example' -> 'b•••@acme.example'."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"
