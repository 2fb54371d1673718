"""`/crm audit`: what is wrong with the customer data, kind by kind, with links to the cards;
managers see the team, reps their own customers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.sandbox.harness import Harness, text_of
from bot.views import ids
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, REP_TZ, START
from tests.support.factories import add_customer

GONE = "U0LEFT001"
CHINESE_REP = "U0REPZH01"


def _seed(crm: Harness) -> None:
    """One customer per problem (and one without any), spread over two reps."""
    long_ago = START - timedelta(days=60)
    add_customer(crm.engine, "Fine Co", owner=REP, now=START, phone="+8613800138000")
    add_customer(crm.engine, "Silent Co", owner=REP, now=START)  # no phone, no email
    add_customer(crm.engine, "Typo Co", owner=OTHER_REP, now=START, email="not-an-email")
    add_customer(crm.engine, "Digits Co", owner=REP, now=START, phone="12345")
    add_customer(
        crm.engine,
        "Mega Corp",
        owner=REP,
        now=long_ago,
        annual_value=Decimal(2_000_000),
        tier="Strategic",
        phone="+8613800138001",
    )
    add_customer(crm.engine, "Twin A", owner=REP, now=START, phone="+8613900139000")
    add_customer(crm.engine, "Twin B", owner=OTHER_REP, now=START, phone="+8613900139000")
    crm.slack.add_user(GONE, tz=REP_TZ, name="Left Co-worker")
    crm.slack.users[GONE]["deleted"] = True
    add_customer(crm.engine, "Orphan Co", owner=GONE, now=START, email="buyer@orphan.example")
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    crm.command_reply("/followup", "Fine Co called, next: send the deck in 3 days", user=REP)
    crm.clock.advance(days=40)  # the deck is now 37 days overdue


def _sections(message: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def _opened(message: dict[str, Any]) -> list[str]:
    return [
        b["accessory"]["value"]
        for b in message["blocks"]
        if b.get("accessory", {}).get("action_id", "").startswith(ids.CUSTOMER_OPEN)
    ]


def _audit(crm: Harness, user: str, word: str = "audit") -> dict[str, Any]:
    _, url = crm.command("/crm", word, user=user)
    return crm.reply_to(url, count=2)  # "Checking…", then the report in its place


def test_a_manager_sees_every_kind_of_problem_with_links_to_the_cards(crm: Harness) -> None:
    _seed(crm)
    report = _audit(crm, MANAGER)
    text = text_of(report)
    assert "*Customer data check* — the team's customers" in text
    assert "*No phone or email* (1)" in text and "*Silent Co*" in text
    assert "*Phone or email that can't be used* (2)" in text
    assert "*Typo Co*" in text and "*Digits Co*" in text
    assert "*Strategic customers not contacted in 7 days* (1)" in text and "*Mega Corp*" in text
    assert "*Next steps overdue more than 30 days* (1)" in text and "*Fine Co*" in text
    assert "*Owner left Slack or is missing* (1)" in text and "*Orphan Co*" in text
    assert "*Same phone or email as another customer* (2)" in text
    assert "*Twin A*" in text and "*Twin B*" in text
    assert "buyer@orphan.example" not in text and "+8613900139000" not in text
    assert len(report["blocks"]) <= 50

    ids_shown = _opened(report)
    assert len(ids_shown) == len(set(ids_shown)) == 8
    action = next(
        b["accessory"]["action_id"]
        for b in report["blocks"]
        if b.get("accessory", {}).get("value") == ids_shown[0]
    )
    reply, url = crm.click(action, ids_shown[0], user=MANAGER)
    assert reply.status == 200
    assert "Code" in text_of(crm.reply_to(url))  # the customer's card


def test_a_rep_audits_only_their_own_customers(crm: Harness) -> None:
    _seed(crm)
    text = text_of(_audit(crm, REP))
    assert "*Customer data check* — your customers" in text
    assert "*Digits Co*" in text and "*Silent Co*" in text and "*Twin A*" in text
    for others in ("Typo Co", "Twin B", "Orphan Co"):
        assert others not in text
    assert "Owner left Slack" not in text
    assert "Managers and admins see the whole team's data here." in text


def test_clean_data_says_so_in_chinese(crm: Harness) -> None:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")
    add_customer(crm.engine, "华信贸易", owner=CHINESE_REP, now=START, phone="+8613800138000")
    text = text_of(_audit(crm, CHINESE_REP, "审计"))
    assert "*客户数据检查* — 你的客户" in text
    assert "没有需要处理的问题" in text


def test_the_chinese_report_names_the_problems_in_chinese(crm: Harness) -> None:
    _seed(crm)
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="王经理", locale="zh-CN")
    crm.command_reply("/crm", "language zh", user=MANAGER)
    sections = "\n".join(_sections(_audit(crm, MANAGER, "数据检查")))
    assert "*没有电话或邮箱*（1）" in sections
    assert "*7 天内未联系的战略客户*（1）" in sections
    assert "*逾期超过 30 天的下一步*（1）" in sections
