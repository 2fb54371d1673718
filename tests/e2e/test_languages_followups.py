"""`/followup` answers each person in their language: a rep whose Slack is in Chinese gets the
logged follow-up, the usage, the "did you mean …?" question and Undo in Chinese; an English
one gets them in English. And the follow-up views, drawn in Chinese, leave no English behind."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.catalog.language import Language, speaking
from bot.followups.history_results import HistoryEntry, HistoryPage
from bot.sandbox.harness import Harness, button, text_of
from bot.views import ids
from bot.views.followup import (
    candidates_message,
    confirm_message,
    followup_logged_message,
    followup_undone_message,
    not_found_message,
    nothing_happened_message,
    step_saved_message,
    unknown_code_message,
    usage_message,
)
from bot.views.history import FollowUpEditState, followup_edit_modal, history_message
from bot.views.step_modals import StepModalState, followup_modal, next_step_modal
from tests.conftest import REP_TZ, START
from tests.support.factories import add_customer

CHINESE_REP = "U0REPZH01"
ENGLISH_REP = "U0REPEN01"
SHANGHAI = ZoneInfo(REP_TZ)


@pytest.fixture
def reps(crm: Harness) -> Harness:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")
    crm.slack.add_user(ENGLISH_REP, tz=REP_TZ, name="Amy Chen", locale="en-US")
    add_customer(crm.engine, "华为技术有限公司", owner=CHINESE_REP, now=START)
    return crm


def test_a_chinese_rep_logs_a_followup_and_reads_it_in_chinese(reps: Harness) -> None:
    logged = reps.command_reply(
        "/followup", "华为 拜访了张总，下一步：下周三发报价", user=CHINESE_REP
    )
    said = text_of(logged)
    assert "已记录对 *华为技术有限公司*" in said
    assert "的拜访" in said and "*下一步：* 发报价 — 截止 <!date^" in said
    assert "|2026-11-25>" in said  # next Wednesday, in the date token's fallback
    assert "撤销" in said and "编辑下一步" in said
    for english in ("Logged", "Next step", "Undo", "due "):
        assert english not in said

    _, url = reps.click(*button(logged, ids.FOLLOWUP_UNDO), user=CHINESE_REP)
    undone = text_of(reps.reply_to(url))
    assert "已撤销：*华为技术有限公司*" in undone and "及其下一步已删除" in undone
    assert "Undone" not in undone


def test_a_chinese_rep_gets_the_usage_in_chinese(reps: Harness) -> None:
    usage = text_of(reps.command_reply("/followup", "", user=CHINESE_REP))
    assert "/followup 使用说明" in usage and "*一行记录一次跟进：*" in usage
    assert "How to use" not in usage and "Log a follow-up" not in usage


def test_a_chinese_rep_is_asked_in_chinese_which_customer_was_meant(reps: Harness) -> None:
    asked = reps.command_reply("/followup", "华为云 开会讨论上云", user=CHINESE_REP)
    said = text_of(asked)
    assert "你是指 华为技术有限公司 吗？" in said
    assert "你输入的 *华为云* 是指" in said and "负责人" in said
    assert "是的，记到这个客户" in said and "新建 华为云" in said
    assert "Did you mean" not in said and "Create" not in said

    _, url = reps.click(*button(asked, ids.FOLLOWUP_PICK), user=CHINESE_REP)
    logged = text_of(reps.reply_to(url))
    assert "已记录与 *华为技术有限公司*" in logged and "的会议" in logged
    assert "Logged" not in logged


def test_an_english_rep_is_answered_in_english(reps: Harness) -> None:
    logged = reps.command_reply(
        "/followup", "华为 called the CFO, next: send quote fri", user=ENGLISH_REP
    )
    said = text_of(logged)
    assert "Logged a call with *华为技术有限公司*" in said
    assert "*Next step:* send quote — due <!date^" in said
    assert "Undo" in said and "Edit next step" in said
    assert "已记录" not in said and "撤销" not in said

    _, url = reps.click(*button(logged, ids.FOLLOWUP_UNDO), user=ENGLISH_REP)
    undone = text_of(reps.reply_to(url))
    assert "Undone: the follow-up on *华为技术有限公司*" in undone
    assert "and its next step was removed." in undone

    usage = text_of(reps.command_reply("/followup", "", user=ENGLISH_REP))
    assert "How to use /followup" in usage and "*Log a follow-up in one line:*" in usage

    asked = text_of(reps.command_reply("/followup", "华为云 met the team", user=ENGLISH_REP))
    assert "Did you mean 华为技术有限公司?" in asked and "Yes, log it there" in asked
    assert "你是指" not in asked


# --- the views alone ---------------------------------------------------------------------------

_NOT_WORDS = re.compile(
    r"`[^`]*`"  # commands, codes and examples the reader types as they are
    r"|<[^>]*>"  # mentions and date tokens
    r"|:[a-z0-9_+\-]+:"  # emoji codes
    r"|/followup|Asia/Shanghai|Acme|ACME|Trading"
)
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def _shown(surface: Any) -> list[str]:
    """Every text a person reads in a message, a modal or a block: plain_text and mrkdwn."""
    found: list[str] = []
    if isinstance(surface, dict):
        if surface.get("type") in {"plain_text", "mrkdwn"} and isinstance(surface.get("text"), str):
            found.append(surface["text"])
        for key, value in surface.items():
            if key != "text" or not isinstance(value, str):
                found += _shown(value)
    elif isinstance(surface, list):
        for item in surface:
            found += _shown(item)
    return found


def _english_left(texts: list[str]) -> set[str]:
    return {word for text in texts for word in _ENGLISH_WORD.findall(_NOT_WORDS.sub(" ", text))}


def _drawn() -> list[str]:
    """Every follow-up surface, drawn in the language being written."""
    from storage.models import Customer, FollowUp, NextStep

    now = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    acme = Customer(
        id=1,
        team_id="T1",
        code="C20261118001",
        name="Acme Trading",
        name_key="acme trading",
        owner_id="U1",
        created_by="U1",
        created_at=now,
        updated_by="U1",
        updated_at=now,
    )
    followup = FollowUp(
        id=3,
        team_id="T1",
        customer_id=1,
        author_id="U1",
        occurred_at=now,
        method="call",
        text="called the CFO",
        raw_text="Acme called the CFO",
        created_at=now,
    )
    dated = NextStep(
        id=2,
        team_id="T1",
        customer_id=1,
        owner_id="U1",
        description="send quote",
        due_at=now,
        due_has_time=True,
        created_by="U1",
        created_at=now,
    )
    undated = NextStep(
        id=4,
        team_id="T1",
        customer_id=1,
        owner_id="U1",
        description="send quote",
        created_by="U1",
        created_at=now,
    )
    state = StepModalState(customer_id=1)
    page = HistoryPage(customer=acme, entries=[HistoryEntry(followup, True)], page=1, total=11)
    messages = [
        followup_logged_message(customer=acme, followup=followup, step=dated, zone=SHANGHAI),
        followup_logged_message(customer=acme, followup=followup, step=None, zone=SHANGHAI),
        followup_undone_message(customer=acme, removed_steps=0),
        followup_undone_message(customer=acme, removed_steps=1),
        followup_undone_message(customer=acme, removed_steps=3),
        usage_message(),
        usage_message("list"),
        confirm_message(draft_id="d", customer=acme, name_guess="Acme", typed="Acme"),
        candidates_message(draft_id="d", customers=[acme], name_guess="Acme", typed="Acme"),
        not_found_message(draft_id="d", name_guess="Acme"),
        unknown_code_message("C20991231001"),
        nothing_happened_message(acme),
        step_saved_message(customer=acme, step=dated, created=True, zone=SHANGHAI),
        step_saved_message(customer=acme, step=undated, created=False, zone=SHANGHAI),
        history_message(page, zone=SHANGHAI),
    ]
    texts = [text for m in messages for text in [m.text, *_shown(m.blocks)]]
    modals = [
        next_step_modal(customer=acme, step=None, zone=SHANGHAI, state=state),
        next_step_modal(customer=acme, step=dated, zone=SHANGHAI, state=state),
        followup_modal(customer=acme, zone=SHANGHAI, state=state),
        followup_edit_modal(
            customer=acme, followup=followup, state=FollowUpEditState.model_validate({"f": 3})
        ),
    ]
    return texts + [text for modal in modals for text in _shown(modal)]


def test_the_followup_views_are_drawn_in_chinese() -> None:
    with speaking(Language.ZH):
        chinese = _drawn()
    english = _drawn()

    # What people typed (the follow-up, the step) stays as they typed it.
    assert _english_left(chinese) <= {"called", "the", "CFO", "send", "quote", "list"}
    assert "Logged" in _english_left(english) and "Undo" in _english_left(english)
    assert any("已记录与 *Acme Trading*" in text for text in chinese)
    assert any("截止时间" in text for text in chinese)
