"""`/crm help`, `/crm todo [@person]`, `/crm rules`, `/crm rules history`,
`/crm role [@user manager|rep|admin]`; any other word shows help."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.access.identity import Asker, who_is
from bot.access.permissions import NotAllowed, Role
from bot.access.roles import grant_role, team_roles
from bot.catalog.messages import msg
from bot.digest.setup import (
    change_nudge_settings,
    digest_setup,
    nudge_settings,
    preview_digest,
)
from bot.followups.text import clean_slack_text
from bot.nudges.todo import todo_list
from bot.rules.admin import current_rules, history
from bot.views.crm import help_message, nudge_settings_text, role_granted_message, roles_message
from bot.views.digest import digest_message
from bot.views.digest_modal import digest_modal
from bot.views.followup import plain_message
from bot.views.rules import RulesModalState, rules_edit_modal, rules_history_message, rules_message
from bot.views.todo import todo_message
from bot.wiring.services import Services
from handlers.common import apology, asker_of, refusal, reply, services

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
TODO_WORDS = frozenset({"todo", "todos", "待办"})
NUDGES_USAGE = (
    "`/crm nudges` shows when nudges go out; admins change it with `/crm nudges time 08:30` "
    "(each owner's own morning) and `/crm nudges escalate 5` (days overdue before managers hear)."
)
ROLE_USAGE = (
    "Give someone a role with `/crm role @person manager` (or `rep`, `admin`). "
    "`/crm role` alone lists who has which role."
)


def crm_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    words = clean_slack_text(command.get("text") or "").split()
    sub = words[0].casefold() if words else "help"
    with apology(respond, f"/crm {sub}"):
        asker = asker_of(crm, command)
        if sub == "rules" and len(words) > 1 and words[1].casefold() == "history":
            past = history(engine=crm.engine, asker=asker)
            zone = crm.people.zone_of(asker.user_id)
            reply(
                respond,
                rules_history_message(
                    past.versions, current=past.current, can_restore=past.can_restore, zone=zone
                ),
            )
        elif sub == "rules":
            shown = current_rules(engine=crm.engine, asker=asker)
            in_force, currency = shown.in_force, crm.settings.crm_currency
            if not shown.editable:
                reply(
                    respond,
                    rules_message(
                        in_force.rules, currency=currency, version=in_force.version, editable=False
                    ),
                )
                return
            state = RulesModalState(
                response_url=command.get("response_url"), base_version=in_force.version
            )
            view = rules_edit_modal(in_force.rules, currency=currency, state=state)
            client.views_open(trigger_id=command["trigger_id"], view=view)
        elif sub == "role":
            _role(crm, asker, " ".join(words[1:]), respond)
        elif sub == "digest" and len(words) > 1 and words[1].casefold() == "preview":
            reply(respond, plain_message(msg.DIGEST_WORKING))
            try:
                data = preview_digest(engine=crm.engine, asker=asker, now=crm.clock())
            except NotAllowed as reason:
                reply(respond, refusal(reason), replace=True)
                return
            note = "Preview — the weekly digest also carries a chart."
            reply(respond, digest_message(data, channel_note=note), replace=True)
        elif sub == "digest":
            setup = digest_setup(engine=crm.engine, asker=asker)
            view = digest_modal(
                channels=setup.channels,
                tier_names=setup.tier_names,
                default_zone=crm.settings.crm_timezone,
                response_url=command.get("response_url"),
            )
            client.views_open(trigger_id=command["trigger_id"], view=view)
        elif sub == "nudges":
            _nudges(crm, asker, words[1:], respond)
        elif sub in TODO_WORDS:
            _todo(crm, asker, " ".join(words[1:]), respond)
        else:
            reply(respond, help_message(who_is(engine=crm.engine, asker=asker).role))


def _nudges(crm: Services, asker: Asker, words: list[str], respond: Respond) -> None:
    """`/crm nudges`, `/crm nudges time 08:30`, `/crm nudges escalate 5`."""
    if len(words) >= 2 and words[0].casefold() in ("time", "escalate"):
        try:
            change_nudge_settings(
                engine=crm.engine,
                asker=asker,
                nudge_time=words[1] if words[0].casefold() == "time" else None,
                escalation_days=_days(words[1]) if words[0].casefold() == "escalate" else None,
                now=crm.clock(),
            )
        except ValueError as problem:
            reply(respond, plain_message(str(problem)))
            return
    elif words:
        reply(respond, plain_message(NUDGES_USAGE))
        return
    at, days = nudge_settings(engine=crm.engine, team_id=asker.team_id)
    reply(respond, plain_message(nudge_settings_text(at, days)))


def _todo(crm: Services, asker: Asker, text: str, respond: Respond) -> None:
    """`/crm todo` (yours) or `/crm todo @sam` (managers and admins)."""
    mention = _MENTION.search(text)
    if text.strip() and mention is None:
        reply(respond, plain_message(msg.TODO_USAGE))
        return
    owner = mention.group(1) if mention else asker.user_id
    now = crm.clock()
    listed = todo_list(
        engine=crm.engine, asker=asker, owner_id=owner, zone=crm.people.zone_of(owner), now=now
    )
    reply(respond, todo_message(listed, now=now, zone=crm.people.zone_of(asker.user_id)))


def _days(text: str) -> int:
    if not text.isdigit():
        raise ValueError("Give the number of days, e.g. `/crm nudges escalate 5`.")
    return int(text)


def _role(crm: Services, asker: Asker, text: str, respond: Respond) -> None:
    mention = _MENTION.search(text)
    if not text.strip():
        roles = team_roles(engine=crm.engine, settings=crm.settings, team_id=asker.team_id)
        reply(respond, roles_message(roles))
        return
    role_word = _MENTION.sub("", text).strip().casefold()
    if mention is None or role_word not in {r.value for r in Role}:
        reply(respond, plain_message(ROLE_USAGE))
        return
    role = Role(role_word)
    before = grant_role(
        engine=crm.engine, asker=asker, user_id=mention.group(1), role=role, now=crm.clock()
    )
    crm.people.forget(mention.group(1))
    reply(respond, role_granted_message(mention.group(1), role, before))
