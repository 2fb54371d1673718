"""Each person is answered in their language: their Slack locale, or what they chose with
`/crm language`; and `/crm` understands its sub-commands in Chinese."""

from __future__ import annotations

from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from storage.models import AuditEvent, PersonSetting
from tests.conftest import REP, REP_TZ, START
from tests.support.factories import add_customer

CHINESE_REP = "U0REPZH01"


def _chinese_rep(crm: Harness) -> None:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")


def test_a_rep_whose_slack_is_in_chinese_is_answered_in_chinese(crm: Harness) -> None:
    _chinese_rep(crm)
    add_customer(crm.engine, "Acme Trading", owner=CHINESE_REP, now=START)

    chinese = text_of(crm.command_reply("/crm", "todo", user=CHINESE_REP))
    english = text_of(crm.command_reply("/crm", "todo", user=REP))

    assert "你未完成的下一步" in chinese
    assert "Your open next steps" not in chinese
    assert "Your open next steps" in english
    users_info = crm.slack.calls_to("users.info")
    assert users_info and all(
        str(c.params.get("include_locale")).lower() in {"1", "true"} for c in users_info
    )


def test_crm_language_overrides_slack_and_auto_follows_it_again(crm: Harness) -> None:
    _chinese_rep(crm)

    shown = text_of(crm.command_reply("/crm", "语言", user=CHINESE_REP))
    assert "我用中文和你交流（跟随你的 Slack 语言）" in shown

    chosen = text_of(crm.command_reply("/crm", "language en", user=CHINESE_REP))
    assert "From now on I write to you in English." in chosen
    assert "Your open next steps" in text_of(crm.command_reply("/crm", "todo", user=CHINESE_REP))
    assert "(you chose it)" in text_of(crm.command_reply("/crm", "language", user=CHINESE_REP))

    back = text_of(crm.command_reply("/crm", "language auto", user=CHINESE_REP))
    assert "从现在起我跟随你的 Slack 语言（中文）" in back
    assert "你未完成的下一步" in text_of(crm.command_reply("/crm", "待办", user=CHINESE_REP))

    to_chinese = text_of(crm.command_reply("/crm", "语言 中文", user=REP))
    assert "从现在起我用中文和你交流" in to_chinese

    with crm.session() as session:
        [row] = session.exec(select(PersonSetting).where(PersonSetting.user_id == CHINESE_REP))
        changes = session.exec(
            select(AuditEvent).where(AuditEvent.action == "person.language")
        ).all()
    assert row.language is None
    assert [(c.actor_id, c.after) for c in changes] == [
        (CHINESE_REP, {"language": "en"}),
        (CHINESE_REP, {"language": None}),
        (REP, {"language": "zh"}),
    ]


def test_an_unknown_language_gets_the_choices(crm: Harness) -> None:
    shown = text_of(crm.command_reply("/crm", "language klingon", user=REP))
    assert "/crm language zh" in shown and "/crm language auto" in shown
    with crm.session() as session:
        assert session.exec(select(PersonSetting)).all() == []


def test_crm_sub_commands_in_chinese(crm: Harness) -> None:
    rules = text_of(crm.command_reply("/crm", "规则", user=REP))
    assert "Customer rules" in rules
    history = text_of(crm.command_reply("/crm", "规则 历史", user=REP))
    assert history == text_of(crm.command_reply("/crm", "rules history", user=REP))
    roles = text_of(crm.command_reply("/crm", "角色", user=REP))
    assert roles == text_of(crm.command_reply("/crm", "role", user=REP))
    helped = text_of(crm.command_reply("/crm", "帮助", user=REP))
    assert helped == text_of(crm.command_reply("/crm", "help", user=REP))
