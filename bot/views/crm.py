"""Messages for `/crm help` and `/crm role`."""

from __future__ import annotations

from bot.access.permissions import Role, TeamRoles
from bot.catalog.messages import msg
from bot.catalog.texts.archive import text as archive_text
from bot.catalog.texts.imports import text as import_text
from bot.catalog.texts.team import text as t
from bot.views.blocks import Message, context, message, section
from bot.views.formatting import mention


def help_message(role: Role) -> Message:
    if role is Role.REP:
        what = t.HELP_REP
    else:
        what = t.HELP_MANAGER + "\n" + archive_text.ARCHIVE_HELP + "\n" + import_text.IMPORT_HELP
        if role is Role.ADMIN:
            what += "\n" + t.HELP_ADMIN + " " + import_text.IMPORT_HELP_ADMIN
    return message(t.CRM_HELP_TITLE, [section(t.HELP_EVERYONE), context(what)])


def nudge_settings_text(nudge_time: str, escalation_days: int) -> str:
    return t.NUDGE_SETTINGS.format(time=nudge_time, days=escalation_days)


def roles_message(roles: TeamRoles) -> Message:
    lines = [t.ROLES_HEADING]
    plural = t.ROLES_PLURAL
    for role in (Role.ADMIN, Role.MANAGER):
        people = sorted(u for u, r in roles.granted.items() if r is role)
        if role is Role.ADMIN:
            people = sorted(set(people) | set(roles.settings_admins))
        names = t.LIST_JOIN.join(mention(u) for u in people) or t.ROLES_NOBODY
        lines.append(t.ROLES_LINE.format(role=plural[role.value], names=names))
    lines.append(t.ROLES_EVERYONE_ELSE)
    return message(t.ROLES_TITLE, [section("\n".join(lines)), context(t.ROLES_NOTE)])


def role_granted_message(user_id: str, role: Role, before: Role | None) -> Message:
    names = msg.ROLE_NAMES
    now_is = names[role.value].lower()
    if before and before is not role:
        text = t.ROLE_GRANTED_WAS.format(
            person=mention(user_id), role=now_is, before=names[before.value].lower()
        )
    else:
        text = t.ROLE_GRANTED.format(person=mention(user_id), role=now_is)
    return message(text, [section(text)])
