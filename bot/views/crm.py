"""Messages for `/crm help` and `/crm role`."""

from __future__ import annotations

from bot.access.permissions import Role, TeamRoles
from bot.catalog.messages import msg
from bot.views.blocks import Message, context, message, section
from bot.views.formatting import mention

_EVERYONE = (
    "*Follow-ups*\n"
    "• `/followup &lt;customer&gt; &lt;what happened&gt;, next: &lt;next step&gt;` — "
    "log a follow-up (`/followup help` for examples)\n\n"
    "*Customers*\n"
    "• `/customer` — your customers, most recently active first\n"
    "• `/customer new [name]` — add a customer (you own it)\n"
    "• `/customer &lt;code or name&gt;` — a customer's card; *All follow-ups* pages through them\n"
    "• `/customer list [filters]` — the team's customers, e.g. `/customer list mine overdue` "
    "or `/customer list key no-contact 30d`\n"
    "• `/customer history &lt;code or name&gt;` — every follow-up, to correct or delete\n\n"
    "*Your day*\n"
    "• `/crm todo` — your open next steps: overdue, today, this week\n\n"
    "*Team*\n"
    "• `/crm rules` — how customers are classified\n"
    "• `/crm rules history` — earlier versions of the rules\n"
    "• `/crm role` — who is a manager or admin\n"
    "• `/crm nudges` — when the morning nudges go out\n"
    "• `/crm help` — this list"
)
_REP = "As a *rep* you edit your own customers and see contact details only on those."
_MANAGER = (
    "As a *manager* you see and edit every customer, reassign owners with the Owner field in "
    "*Edit*, read overdue escalations, see a rep's to-dos with `/crm todo @person`, and preview "
    "the weekly digest with `/crm digest preview`."
)
_ADMIN = (
    "As an *admin* you also change the rules (`/crm rules` opens the editor; restore an earlier "
    "version from `/crm rules history`), grant roles with "
    "`/crm role @person manager|rep|admin`, choose digest channels with `/crm digest`, and "
    "set nudge times with `/crm nudges time 08:30` / `/crm nudges escalate 7`."
)


def help_message(role: Role) -> Message:
    what = {Role.REP: _REP, Role.MANAGER: _MANAGER, Role.ADMIN: _MANAGER + "\n" + _ADMIN}[role]
    return message("crmbot commands", [section("*crmbot commands*\n" + _EVERYONE), context(what)])


def nudge_settings_text(nudge_time: str, escalation_days: int) -> str:
    return (
        f"*Nudges* go to each owner at {nudge_time} in their own Slack time zone: next steps "
        f"overdue or due that day, and customers past their tier's cadence. Steps overdue more "
        f"than {escalation_days} days also go to managers."
    )


def roles_message(roles: TeamRoles) -> Message:
    lines = ["*Roles*"]
    for role in (Role.ADMIN, Role.MANAGER):
        people = sorted(u for u, r in roles.granted.items() if r is role)
        if role is Role.ADMIN:
            people = sorted(set(people) | set(roles.settings_admins))
        names = ", ".join(mention(u) for u in people) or "_nobody yet_"
        lines.append(f"• {msg.ROLE_NAMES[role.value]}s: {names}")
    lines.append("• Everyone else is a rep.")
    note = (
        "Slack workspace admins and owners are CRM admins too. Admins named in CRM_ADMINS "
        "stay admins whatever is granted here."
    )
    return message("Roles", [section("\n".join(lines)), context(note)])


def role_granted_message(user_id: str, role: Role, before: Role | None) -> Message:
    was = f" (was {msg.ROLE_NAMES[before.value].lower()})" if before and before is not role else ""
    text = (
        f":white_check_mark: {mention(user_id)} is now a {msg.ROLE_NAMES[role.value].lower()}{was}."
    )
    return message(text, [section(text)])
