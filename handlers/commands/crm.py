"""`/crm help`, `/crm todo [@person]`, `/crm rules`, `/crm rules history`,
`/crm role [@user manager|rep|admin]`, `/crm digest`, `/crm nudges`, `/crm language`,
`/crm settings`, `/crm me`, `/crm audit`, `/crm export`, `/crm import`,
`/crm archive|unarchive CODE_OR_NAME`; each also
in Chinese (`/crm 规则`, `/crm 帮助`, …); any other word shows help."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.access.identity import Asker, who_is
from bot.access.permissions import NotAllowed, Role
from bot.access.roles import grant_role, team_roles
from bot.catalog.language import Language, current_language, speak
from bot.catalog.messages import msg
from bot.catalog.payloads import Unreadable
from bot.catalog.texts.imports import text as import_text
from bot.catalog.texts.quality import text as quality_text
from bot.catalog.texts.team import text as team_text
from bot.customers.archive import archive_customer, unarchive_customer
from bot.customers.merge import DUPLICATES_SHOWN, merge_codes, merge_customers, possible_duplicates
from bot.dataio.slack_export import ExportAsked, export_for_slack
from bot.dataio.slack_import import header_names
from bot.digest.setup import (
    change_nudge_settings,
    digest_setup,
    nudge_settings,
    preview_digest,
)
from bot.followups.text import clean_slack_text
from bot.nudges.todo import todo_list
from bot.preferences.admin import settings_to_edit
from bot.preferences.language import AUTO, choose_language, chosen_language, language_for
from bot.preferences.person import person_preferences, region_of_person
from bot.preferences.team import team_preferences
from bot.quality.audit import audit_data
from bot.rules.admin import current_rules, history
from bot.views.archive import archive_answer
from bot.views.crm import help_message, nudge_settings_text, role_granted_message, roles_message
from bot.views.digest import digest_message
from bot.views.digest_modal import digest_modal
from bot.views.followup import plain_message
from bot.views.imports import import_how_message
from bot.views.merge import (
    duplicates_message,
    export_sent_message,
    export_unknown_message,
    merge_answer,
)
from bot.views.quality import quality_message
from bot.views.rules import RulesModalState, rules_edit_modal, rules_history_message, rules_message
from bot.views.settings import my_settings_modal, team_settings_modal
from bot.views.todo import todo_message
from bot.wiring.services import Services
from handlers.common import apology, asker_of, refusal, reply, services

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
WORDS = {
    "todos": "todo",
    "待办": "todo",
    "帮助": "help",
    "规则": "rules",
    "历史": "history",
    "角色": "role",
    "周报": "digest",
    "预览": "preview",
    "提醒": "nudges",
    "时间": "time",
    "升级": "escalate",
    "语言": "language",
    "设置": "settings",
    "审计": "audit",
    "重复": "duplicates",
    "查重": "duplicates",
    "合并": "merge",
    "导出": "export",
    "归档": "archive",
    "取消归档": "unarchive",
    "恢复客户": "unarchive",
    "导入": "import",
    "检查": "audit",
    "数据检查": "audit",
    "我": "me",
    "我的": "me",
    "个人": "me",
    "英文": "en",
    "英语": "en",
    "中文": "zh",
    "自动": "auto",
    "经理": "manager",
    "销售": "rep",
    "管理员": "admin",
}
"""Chinese (and other) words for the sub-commands, as people type them."""


def crm_command(
    command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    words = [_word(w) for w in clean_slack_text(command.get("text") or "").split()]
    sub = words[0] if words else "help"
    with apology(respond, f"/crm {sub}"):
        asker = asker_of(crm, command)
        if sub == "rules" and len(words) > 1 and words[1] == "history":
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
            in_force = shown.in_force
            currency = team_preferences(
                engine=crm.engine, settings=crm.settings, team_id=asker.team_id
            ).currency
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
        elif sub == "digest" and len(words) > 1 and words[1] == "preview":
            reply(respond, plain_message(msg.DIGEST_WORKING))
            try:
                data = preview_digest(engine=crm.engine, asker=asker, now=crm.clock())
            except NotAllowed as reason:
                reply(respond, refusal(reason), replace=True)
                return
            note = team_text.DIGEST_PREVIEW_NOTE
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
        elif sub == "todo":
            _todo(crm, asker, " ".join(words[1:]), respond)
        elif sub == "language":
            _language(crm, asker, words[1:], respond)
        elif sub == "audit":
            reply(respond, plain_message(quality_text.AUDIT_WORKING))
            report = audit_data(engine=crm.engine, asker=asker, people=crm.people, now=crm.clock())
            reply(respond, quality_message(report), replace=True)
        elif sub == "export":
            _export(crm, asker, words[1:], respond, client)
        elif sub == "import":
            if not who_is(engine=crm.engine, asker=asker).sees_everything:
                raise NotAllowed(import_text.IMPORT_MANAGERS_ONLY)
            reply(respond, import_how_message(header_names()))
        elif sub == "duplicates":
            pairs = possible_duplicates(engine=crm.engine, asker=asker)
            more = len(pairs) >= DUPLICATES_SHOWN
            reply(respond, duplicates_message(pairs, more=more))
        elif sub == "merge":
            _merge(crm, asker, words[1:], respond)
        elif sub in ("archive", "unarchive"):
            _archive(crm, asker, sub, command, respond)
        elif sub == "settings":
            team = settings_to_edit(engine=crm.engine, settings=crm.settings, asker=asker)
            view = team_settings_modal(team, response_url=command.get("response_url"))
            client.views_open(trigger_id=command["trigger_id"], view=view)
        elif sub == "me":
            _me(crm, asker, command, client)
        else:
            reply(respond, help_message(who_is(engine=crm.engine, asker=asker).role))


def _nudges(crm: Services, asker: Asker, words: list[str], respond: Respond) -> None:
    """`/crm nudges`, `/crm nudges time 08:30`, `/crm nudges escalate 5`."""
    if len(words) >= 2 and words[0] in ("time", "escalate"):
        try:
            change_nudge_settings(
                engine=crm.engine,
                asker=asker,
                nudge_time=words[1] if words[0] == "time" else None,
                escalation_days=_days(words[1]) if words[0] == "escalate" else None,
                now=crm.clock(),
            )
        except ValueError as problem:
            reply(respond, plain_message(str(problem)))
            return
    elif words:
        reply(respond, plain_message(team_text.NUDGES_USAGE))
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
        raise ValueError(team_text.ESCALATE_DAYS)
    return int(text)


def _role(crm: Services, asker: Asker, text: str, respond: Respond) -> None:
    mention = _MENTION.search(text)
    if not text.strip():
        roles = team_roles(engine=crm.engine, settings=crm.settings, team_id=asker.team_id)
        reply(respond, roles_message(roles))
        return
    role_word = _word(_MENTION.sub("", text).strip())
    if mention is None or role_word not in {r.value for r in Role}:
        reply(respond, plain_message(team_text.ROLE_USAGE))
        return
    role = Role(role_word)
    before = grant_role(
        engine=crm.engine, asker=asker, user_id=mention.group(1), role=role, now=crm.clock()
    )
    crm.people.forget(mention.group(1))
    reply(respond, role_granted_message(mention.group(1), role, before))


def _archive(
    crm: Services, asker: Asker, sub: str, command: dict[str, Any], respond: Respond
) -> None:
    """`/crm archive CODE_OR_NAME`, `/crm unarchive CODE_OR_NAME`: acts at once; the answer to
    archiving carries Restore, its undo."""
    change = archive_customer if sub == "archive" else unarchive_customer
    typed = _after_first_word(command.get("text") or "")
    result = change(engine=crm.engine, asker=asker, now=crm.clock(), typed=typed)
    reply(respond, archive_answer(result))


def _after_first_word(text: str) -> str:
    """What follows the sub-command, as typed (a customer's name is not a sub-command word)."""
    parts = clean_slack_text(text).split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _word(typed: str) -> str:
    """A sub-command word in its English form; a mention (`<@U123>`) stays as typed."""
    if typed.startswith("<"):
        return typed
    word = typed.casefold()
    return WORDS.get(word, word)


def _language(crm: Services, asker: Asker, words: list[str], respond: Respond) -> None:
    """`/crm language` (which one, and why), `/crm language en|zh|auto`."""
    if words and words[0] not in ("en", "zh", AUTO):
        reply(respond, plain_message(team_text.LANGUAGE_USAGE))
        return
    if words:
        chosen = choose_language(engine=crm.engine, asker=asker, choice=words[0], now=crm.clock())
        now_in = _speak_to(crm, asker)
        name = team_text.LANGUAGE_NAMES[now_in.value]
        done = team_text.LANGUAGE_SET if chosen else team_text.LANGUAGE_AUTO
        reply(respond, plain_message(done.format(language=name)))
        return
    now_in = current_language()
    how = team_text.LANGUAGE_HOW_CHOSEN if _chose(crm, asker) else team_text.LANGUAGE_HOW_SLACK
    name = team_text.LANGUAGE_NAMES[now_in.value]
    line = team_text.LANGUAGE_NOW.format(language=name, how=how)
    reply(respond, plain_message(f"{line}\n{team_text.LANGUAGE_USAGE}"))


def _export(
    crm: Services, asker: Asker, words: list[str], respond: Respond, client: WebClient
) -> None:
    """`/crm export …`: the file goes to the person's DM with the bot."""
    reply(respond, plain_message(quality_text.EXPORT_WORKING))
    with tempfile.TemporaryDirectory(prefix="crmbot-export-") as folder:
        try:
            result = export_for_slack(
                engine=crm.engine, asker=asker, words=words, folder=Path(folder), now=crm.clock()
            )
        except NotAllowed as reason:
            reply(respond, refusal(reason), replace=True)
            return
        if isinstance(result, ExportAsked):
            reply(respond, export_unknown_message(result.unknown), replace=True)
            return
        channel = client.conversations_open(users=asker.user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            file=str(result.path),
            filename=result.filename,
            title=result.filename,
            initial_comment=quality_text.EXPORT_COMMENT.format(who=f"<@{asker.user_id}>"),
        )
    reply(respond, export_sent_message(result.filename, result.count), replace=True)


def _merge(crm: Services, asker: Asker, words: list[str], respond: Respond) -> None:
    """`/crm merge CODE_KEEP CODE_GONE`."""
    try:
        keep_code, gone_code = merge_codes(" ".join(words))
    except Unreadable:
        reply(respond, plain_message(quality_text.MERGE_USAGE))
        return
    result = merge_customers(
        engine=crm.engine, asker=asker, keep_code=keep_code, gone_code=gone_code, now=crm.clock()
    )
    reply(respond, merge_answer(result))


def _me(crm: Services, asker: Asker, command: dict[str, Any], client: WebClient) -> None:
    """`/crm me`: the person's own language, phone region and currency, as a modal."""
    _, mine = person_preferences(
        engine=crm.engine,
        settings=crm.settings,
        people=crm.people,
        team_id=asker.team_id,
        user_id=asker.user_id,
    )
    chosen = chosen_language(engine=crm.engine, team_id=asker.team_id, user_id=asker.user_id)
    view = my_settings_modal(
        mine=mine,
        chosen_language=chosen.value if chosen else None,
        from_slack_region=region_of_person(crm.people.get(asker.user_id)),
        response_url=command.get("response_url"),
    )
    client.views_open(trigger_id=command["trigger_id"], view=view)


def _speak_to(crm: Services, asker: Asker) -> Language:
    """Answer in the language just chosen."""
    language = language_for(
        engine=crm.engine, people=crm.people, team_id=asker.team_id, user_id=asker.user_id
    )
    speak(language)
    return language


def _chose(crm: Services, asker: Asker) -> bool:
    return (
        chosen_language(engine=crm.engine, team_id=asker.team_id, user_id=asker.user_id) is not None
    )
