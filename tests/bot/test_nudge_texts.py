"""The nudge DM, the escalation, `/crm todo` and the App Home tab drawn in Chinese: every line
comes from the catalog, and English is untouched outside `speaking`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.catalog.language import Language, speaking
from bot.nudges.results import ItemKind, ItemState, NudgeLine
from bot.nudges.todo_results import TodoItem, TodoList
from bot.views.home import home_footer
from bot.views.nudge import escalation_message, nudge_message
from bot.views.todo import todo_message
from storage.models import Customer, NextStep

NOW = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")
# English words of the texts drawn here (customer data below has none of them)
ENGLISH = re.compile(
    r"\b(Good|morning|things?|needs?|today|Overdue|Due|was|ago|Time|touch|last|contact|tier|"
    r"asks|done|snoozed|until|moved|logged|longer|open|removed|more|Run|next steps?|late|"
    r"Done|Snooze|Reschedule|Log|follow-up|days?|week|Customers|your|Everything)\b"
)


def _customer(n: int) -> Customer:
    return Customer(
        id=n,
        team_id="T",
        code=f"C{n:011d}",
        name=f"客户{n}",
        name_key="k",
        owner_id="U1",
        created_by="U1",
        created_at=NOW,
        updated_by="U1",
        updated_at=NOW,
    )


def _step(n: int, due: datetime, owner: str = "U1") -> NextStep:
    return NextStep(
        id=n,
        team_id="T",
        customer_id=n,
        owner_id=owner,
        description=f"发报价{n}",
        due_at=due,
        created_by="U1",
        created_at=NOW,
    )


def _every_state() -> list[NudgeLine]:
    late, later = NOW - timedelta(days=3), NOW + timedelta(hours=5)
    step, cadence = ItemKind.STEP, ItemKind.CADENCE
    return [
        NudgeLine(step, 1, ItemState.OVERDUE, _customer(1), _step(1, late), days=3),
        NudgeLine(step, 2, ItemState.OVERDUE, _customer(2), _step(2, late), days=1),
        NudgeLine(step, 3, ItemState.DUE_TODAY, _customer(3), _step(3, later)),
        NudgeLine(
            cadence, 4, ItemState.PAST_CADENCE, _customer(4), days=20, cadence_days=14, tier="重点"
        ),
        NudgeLine(step, 5, ItemState.DONE, _customer(5), _step(5, late)),
        NudgeLine(step, 6, ItemState.SNOOZED, _customer(6), _step(6, late), until=later),
        NudgeLine(cadence, 7, ItemState.SNOOZED, _customer(7), tier="重点", until=later),
        NudgeLine(step, 8, ItemState.RESCHEDULED, _customer(8), _step(8, later), until=later),
        NudgeLine(cadence, 9, ItemState.CONTACTED, _customer(9), tier="重点"),
        NudgeLine(step, 10, ItemState.GONE, None),
    ]


def _words(blocks: list[dict[str, Any]]) -> str:
    """Every text a person reads in `blocks`, with Slack's date tokens and mentions removed."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn"):
                found.append(str(node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return re.sub(r"<[^>]*>|`[^`]*`", "", "\n".join(found))


def test_the_nudge_in_chinese() -> None:
    with speaking(Language.ZH):
        message = nudge_message(_every_state(), more=2, zone=ZONE)
    words = _words(message.blocks)
    assert message.text == "早上好！今天有 6 件事需要你处理"
    assert "（已逾期 3 天）" in words and "（已逾期 1 天）" in words
    assert "*今天到期*" in words and "*该跟进了*" in words and "每 14 天联系一次" in words
    assert "— 已完成" in words and "已推迟到" in words and "联系客户" in words
    assert "已改期到" in words and "已记录跟进" in words and "_已删除的客户_" in words
    assert "…另有 2 项" in words
    for label in ("完成", "稍后提醒", "1 天", "3 天", "1 周", "改期", "记录跟进"):
        assert label in words
    assert ENGLISH.search(words) is None, ENGLISH.search(words)


def test_all_done_in_chinese_and_english_again_outside() -> None:
    done = [NudgeLine(ItemKind.STEP, 5, ItemState.DONE, _customer(5), _step(5, NOW))]
    with speaking(Language.ZH):
        assert nudge_message(done, more=0, zone=ZONE).text == "今天的事都处理完了 :tada:"
    assert nudge_message(done, more=0, zone=ZONE).text == "All done for today :tada:"
    one = _every_state()[:1]
    assert nudge_message(one, more=0, zone=ZONE).text == "Good morning! 1 thing needs you today"


def test_the_escalation_in_chinese() -> None:
    lines = [
        NudgeLine(ItemKind.STEP, n, ItemState.OVERDUE, _customer(n), _step(n, NOW, "U2"), days=9)
        for n in range(1, 18)
    ]
    with speaking(Language.ZH):
        message = escalation_message(lines, days=7, zone=ZONE, more=3)
    words = _words(message.blocks)
    assert message.text == "20 个下一步逾期超过 7 天"
    assert "（17 个）" in "\n".join(b["text"]["text"] for b in message.blocks[1:2])
    assert "— 逾期 9 天" in words and "…另有 2 个" in words and "…另有 3 个逾期的下一步" in words
    assert ENGLISH.search(words) is None, ENGLISH.search(words)
    english = escalation_message(lines[:1], days=7, zone=ZONE)
    assert english.text == "1 next step overdue more than 7 days"
    assert english.blocks[1]["text"]["text"].startswith("<@U2> (1)\n• ")


@pytest.mark.parametrize(("days", "late"), [(0, ""), (1, "（逾期 1 天）"), (4, "（逾期 4 天）")])
def test_a_todo_line_in_chinese(days: int, late: str) -> None:
    due = NOW - timedelta(days=days, hours=1) if days else NOW + timedelta(hours=1)
    todo = TodoList("U1", mine=True, overdue=[TodoItem(_step(1, due), _customer(1))])
    with speaking(Language.ZH):
        message = todo_message(todo, now=NOW, zone=ZONE)
    line = message.blocks[2]["text"]["text"]
    assert line.startswith("*客户1* (`C00000000001`)：发报价1 — <!date^")
    assert line.endswith(">" + late)
    words = _words(message.blocks)
    assert ENGLISH.search(words) is None, ENGLISH.search(words)


def test_a_removed_customer_on_the_todo_list_in_chinese() -> None:
    todo = TodoList("U1", mine=True, today=[TodoItem(_step(1, NOW + timedelta(hours=1)), None)])
    with speaking(Language.ZH):
        message = todo_message(todo, now=NOW, zone=ZONE)
    assert message.blocks[2]["text"]["text"].startswith("_已删除的客户_：发报价1 — ")


def test_the_home_tab_in_chinese() -> None:
    with speaking(Language.ZH):
        footer = home_footer()
    words = _words(footer)
    assert "*客户*" in words and "新建客户" in words and "客户卡片" in words
    assert "更多用法见" in words
    assert "*Customers*" in _words(home_footer())
