"""The scheduler writes each DM in its reader's language (the morning nudge, the managers'
escalation, the admins' delivery report), a click redraws it in the clicker's, and `/crm todo`
and the App Home tab answer in the asker's."""

from __future__ import annotations

import time as wall
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.signed import event_body
from bot.sandbox.standin import TEAM_ID
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from scheduler.jobs import JobContext, job_context, tick
from storage import roles as role_store
from storage.database import unit_of_work
from tests.conftest import ADMIN, MANAGER, REP_TZ, START
from tests.support.factories import add_customer

CHINESE_REP = "U0REPZH01"
ENGLISH_REP = "U0REPEN01"
CHINESE_BOSS = "U0MGRZH01"
CHOOSER = "U0REPZH02"
# START is Wed 2026-11-18 10:00 in Shanghai, where both reps are.
THU_SHANGHAI_0900 = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")
    crm.slack.add_user(ENGLISH_REP, tz=REP_TZ, name="Sam Lee", locale="en-US")
    crm.slack.add_user(CHINESE_BOSS, tz=REP_TZ, name="赵敏", locale="zh-CN")
    crm.slack.add_user(CHOOSER, tz=REP_TZ, name="韩梅梅", locale="zh-CN")
    return job_context(crm.settings, crm.engine)


def _overdue_steps(crm: Harness, *owners: str) -> None:
    """A customer each, with a next step due Wednesday: overdue by Thursday's nudge."""
    for owner, (name, step) in zip(
        owners, [("Acme", "send pricing"), ("Globex", "send contract")], strict=False
    ):
        add_customer(crm.engine, name, owner=owner, now=START)
        crm.command_reply("/followup", f"{name} called, next: {step} today", user=owner)


def _grant(crm: Harness, user: str, role: str) -> None:
    with unit_of_work(crm.engine) as session:
        role_store.set_role(
            session=session, team_id=TEAM_ID, user_id=user, role=role, granted_by=ADMIN, at=START
        )


def _click(crm: Harness, user: str, message: dict[str, Any], action: dict[str, Any]) -> None:
    assert crm.act_on_message(message, action, user=user, channel=dm(user)).status == 200


def _labels(message: dict[str, Any]) -> list[str]:
    """Buttons' texts, selects' and date pickers' placeholders, and the snooze choices."""
    found: list[str] = []
    for block in message["blocks"]:
        for element in block.get("elements", []):
            for part in ("text", "placeholder"):
                if isinstance(element.get(part), dict):
                    found.append(element[part]["text"])
            found += [o["text"]["text"] for o in element.get("options", [])]
    return found


def test_each_owner_reads_the_morning_nudge_in_their_language(
    crm: Harness, jobs: JobContext
) -> None:
    _overdue_steps(crm, CHINESE_REP, ENGLISH_REP)

    report = tick(jobs, THU_SHANGHAI_0900)

    assert report.planned == 2 and report.delivered.sent == 2
    [chinese] = crm.slack.posted(dm(CHINESE_REP))
    [english] = crm.slack.posted(dm(ENGLISH_REP))
    zh = text_of(chinese)
    assert chinese["text"] == "早上好！今天有 1 件事需要你处理"
    assert "*逾期* · *Acme*" in zh and "send pricing" in zh and "已逾期 1 天" in zh
    assert "Good morning" not in zh and "Overdue" not in zh
    assert _labels(chinese) == ["完成", "稍后提醒", "1 天", "3 天", "1 周", "改期", "记录跟进"]
    en = text_of(english)
    assert english["text"] == "Good morning! 1 thing needs you today"
    assert "*Overdue* · *Globex*" in en and "send contract" in en and "(1 day ago)" in en
    assert _labels(english) == [
        *("Done", "Snooze", "1 day", "3 days", "1 week", "Reschedule", "Log follow-up")
    ]

    tick(jobs, THU_SHANGHAI_0900 + timedelta(minutes=5))  # planned once, in either language
    assert len(crm.slack.posted(dm(CHINESE_REP))) == 1
    assert len(crm.slack.posted(dm(ENGLISH_REP))) == 1


def test_done_on_the_chinese_nudge_redraws_it_in_chinese(crm: Harness, jobs: JobContext) -> None:
    _overdue_steps(crm, CHINESE_REP)
    tick(jobs, THU_SHANGHAI_0900)
    [message] = crm.slack.posted(dm(CHINESE_REP))
    [item] = [b for b in message["blocks"] if b.get("block_id", "").startswith("nudge_")]
    done = item["elements"][0]
    assert done["action_id"] == ids.NUDGE_DONE

    crm.clock.now = THU_SHANGHAI_0900 + timedelta(minutes=10)
    action = {
        "action_id": done["action_id"],
        "block_id": item["block_id"],
        "value": done["value"],
        "type": "button",
    }
    _click(crm, CHINESE_REP, message, action)
    [update] = crm.slack.wait_for("chat.update", count=1)

    assert update.params["text"] == "今天的事都处理完了 :tada:"
    redrawn = text_of(crm.slack.posted(dm(CHINESE_REP))[0])
    assert ":white_check_mark: ~send pricing~ · *Acme*" in redrawn and "已完成" in redrawn
    assert "done" not in redrawn and "All done" not in redrawn


def test_a_chosen_language_outweighs_the_slack_locale_for_the_nudge(
    crm: Harness, jobs: JobContext
) -> None:
    _overdue_steps(crm, CHOOSER)
    crm.command_reply("/crm", "language en", user=CHOOSER)
    tick(jobs, THU_SHANGHAI_0900)
    [message] = crm.slack.posted(dm(CHOOSER))
    assert message["text"] == "Good morning! 1 thing needs you today"


def test_each_manager_reads_the_escalation_in_their_language(
    crm: Harness, jobs: JobContext
) -> None:
    _grant(crm, CHINESE_BOSS, "manager")
    _grant(crm, MANAGER, "manager")
    _overdue_steps(crm, CHINESE_REP, ENGLISH_REP)

    tick(jobs, THU_SHANGHAI_0900 + timedelta(days=8))

    [chinese] = crm.slack.posted(dm(CHINESE_BOSS))
    zh = text_of(chinese)
    assert chinese["text"] == "2 个下一步逾期超过 7 天"
    assert f"<@{CHINESE_REP}>（1 个）" in zh and "逾期 9 天" in zh and "send pricing" in zh
    [english] = crm.slack.posted(dm(MANAGER))
    assert english["text"] == "2 next steps overdue more than 7 days"
    assert f"<@{ENGLISH_REP}> (1)" in text_of(english) and "— 9 days" in text_of(english)
    [nudge] = crm.slack.posted(dm(CHINESE_REP))  # the rep's own nudge is Chinese too
    assert nudge["text"] == "早上好！今天有 1 件事需要你处理"


def test_each_admin_reads_a_delivery_failure_in_their_language(
    crm: Harness, jobs: JobContext
) -> None:
    _grant(crm, CHINESE_BOSS, "admin")
    _grant(crm, ADMIN, "admin")
    _overdue_steps(crm, ENGLISH_REP)
    crm.slack.fail_next("conversations.open", error="user_not_found")

    tick(jobs, THU_SHANGHAI_0900)

    [english] = crm.slack.posted(dm(ADMIN))
    assert f"could not deliver the nudge for <@{ENGLISH_REP}>" in text_of(english)
    [chinese] = crm.slack.posted(dm(CHINESE_BOSS))
    zh = text_of(chinese)
    assert f"无法把每日提醒发送给 <@{ENGLISH_REP}>（`user_not_found`）" in zh
    assert "could not deliver" not in zh


def test_crm_todo_is_chinese_for_the_chinese_rep(crm: Harness, jobs: JobContext) -> None:
    _overdue_steps(crm, CHINESE_REP, ENGLISH_REP)
    crm.clock.advance(days=2)  # Friday: Wednesday's steps are a day late

    reply = crm.command_reply("/crm", "todo", user=CHINESE_REP)
    zh = text_of(reply)
    assert "你未完成的下一步" in zh and ":red_circle: *逾期*" in zh
    assert "`)：send pricing — <!date^" in zh and ">（逾期 1 天）" in zh
    assert "late" not in zh and "Overdue" not in zh
    assert _labels(reply) == ["完成", "稍后提醒", "1 天", "3 天", "1 周", "改期", "记录跟进"]

    en = text_of(crm.command_reply("/crm", "todo", user=ENGLISH_REP))
    assert "Your open next steps" in en and "`): send contract — <!date^" in en
    assert "(1 day late)" in en


def _home_of(crm: Harness, user: str, count: int) -> dict[str, Any]:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": dm(user),
        "tab": "home",
        "event_ts": f"{wall.time():.6f}",
    }
    assert crm.send_event(event_body(event)).status == 200
    call = crm.slack.wait_for("views.publish", count=count)[count - 1]
    assert call.params["user_id"] == user
    view = call.params["view"]
    assert isinstance(view, dict)
    return view


def test_the_home_tab_is_chinese_for_the_chinese_rep(crm: Harness, jobs: JobContext) -> None:
    chinese = text_of(_home_of(crm, CHINESE_REP, 1))
    assert "*客户*" in chinese and "`/customer new` — 新建客户" in chinese
    assert "更多用法见 `/crm help`" in chinese
    assert "your customers" not in chinese and "Everything you log" not in chinese

    english = text_of(_home_of(crm, ENGLISH_REP, 2))
    assert "*Customers*\n• `/customer` — your customers" in english
    assert "Everything you log is kept with your team's customers." in english
