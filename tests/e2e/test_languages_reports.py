"""The team reports in each reader's language: `/crm rules` (text, editor, preview, history)
for a Chinese-speaking admin or rep, and the weekly digest in the language set for its channel;
English stays English."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import Call
from scheduler.jobs import job_context, tick
from storage.models import DigestChannel, RuleSet
from tests.conftest import ADMIN, REP, REP_TZ, START
from tests.support.factories import add_customer

CHINESE_ADMIN = "U0ADMZH01"
CHINESE_REP = "U0REPZH01"
ZH_CHANNEL = "C0DIGESTZ"
EN_CHANNEL = "C0DIGESTE"
MON_SHANGHAI_0900 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def _chinese_people(crm: Harness) -> None:
    crm.slack.add_user(CHINESE_ADMIN, tz=REP_TZ, name="王芳", locale="zh-CN", is_admin=True)
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")


def _view(call: Call) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def _update_of(crm: Harness, external_id: str) -> dict[str, Any]:
    [call] = crm.slack.wait_for(
        "views.update", lambda c: c.params.get("external_id") == external_id
    )
    return _view(call)


def _labels(view: dict[str, Any]) -> str:
    return "\n".join(b["label"]["text"] for b in view["blocks"] if b.get("type") == "input")


def test_a_chinese_rep_reads_the_rules_in_chinese(crm: Harness) -> None:
    _chinese_people(crm)
    chinese = text_of(crm.command_reply("/crm", "规则", user=CHINESE_REP))
    assert "*价值等级*（按年度价值）" in chinese
    assert "• *战略* — US$1,000,000 及以上 · 每 7 天联系一次" in chinese
    assert "只有 CRM 管理员可以修改这些规则" in chinese
    assert "Value tiers" not in chinese and "contact every" not in chinese

    english = text_of(crm.command_reply("/crm", "rules", user=REP))
    assert "*Strategic* — $1,000,000 or more · contact every 7 days" in english
    assert "Only CRM admins can change these" in english


def test_a_chinese_admin_edits_previews_and_applies_the_rules_in_chinese(crm: Harness) -> None:
    _chinese_people(crm)
    add_customer(crm.engine, "Mid Co", owner=REP, now=START, annual_value=Decimal(60_000))
    crm.command("/crm", "rules", user=CHINESE_ADMIN)
    editor = crm.opened_view()
    assert (editor["title"]["text"], editor["submit"]["text"]) == ("客户规则", "预览")
    labels = _labels(editor)
    assert "等级 1：名称" in labels and "高：至少跟进几次" in labels
    assert "Tier 1" not in labels
    assert "*价值等级* — 按年度价值（USD）从高到低排列" in text_of(editor)

    wrong = crm.submit(editor, {"tier_2_minimum": "lots"}, user=CHINESE_ADMIN).json()
    assert wrong["errors"] == {"tier_2_minimum": "请输入金额，例如 100000、100k 或 10万。"}

    body = crm.submit(editor, {"tier_2_minimum": "55000"}, user=CHINESE_ADMIN).json()
    preview = _update_of(crm, body["view"]["external_id"])
    assert (preview["title"]["text"], preview["submit"]["text"]) == ("预览规则", "应用")
    shown = text_of(preview)
    assert "*应用这些规则后，1 个客户中有 1 个会变更等级：*" in shown
    assert "• *成长 → 重点*：1 个客户（Mid Co）" in shown
    assert "变更：等级 战略 ≥1,000,000/7天、重点 ≥55,000/14天" in shown

    applied = crm.submit({**preview, "id": "V_PREVIEW"}, {}, user=CHINESE_ADMIN).json()
    done = _update_of(crm, applied["view"]["external_id"])
    assert done["close"]["text"] == "关闭"

    chinese = text_of(crm.command_reply("/crm", "规则 历史", user=CHINESE_ADMIN))
    assert "客户规则历史" in chinese and "*第 1 版* · *当前生效*" in chinese
    assert "等级 战略 ≥1,000,000/7天、重点 ≥55,000/14天" in chinese
    english = text_of(crm.command_reply("/crm", "rules history", user=ADMIN))
    assert "*Version 1* · *in force*" in english
    assert "tiers Strategic ≥1,000,000/7d, Key ≥55,000/14d" in english


def test_an_admin_names_a_tier_in_both_languages(crm: Harness) -> None:
    _chinese_people(crm)
    add_customer(crm.engine, "Mid Co", owner=CHINESE_REP, now=START, annual_value=Decimal(60_000))
    crm.command("/crm", "rules", user=ADMIN)
    editor = crm.opened_view()
    typed = {"tier_3_name": "Growth / 成长客户", "tier_4_name": "Standard／普通客户"}
    body = crm.submit(editor, typed, user=ADMIN).json()
    preview = _update_of(crm, body["view"]["external_id"])
    crm.submit({**preview, "id": "V_PREVIEW"}, {}, user=ADMIN)
    _update_of(crm, crm.slack.calls_to("views.update")[-1].params["external_id"])

    with crm.session() as session:
        [stored] = session.exec(select(RuleSet))
    names = [(tier["name"], tier.get("name_zh")) for tier in stored.rules["tiers"]]
    assert names == [
        ("Strategic", None),
        ("Key", None),
        ("Growth", "成长客户"),
        ("Standard", "普通客户"),
    ]
    chinese = text_of(crm.command_reply("/crm", "规则", user=CHINESE_REP))
    assert "• *成长客户* —" in chinese and "• *普通客户* —" in chinese
    assert "• *重点* —" in chinese  # no name of its own: the built-in tier's
    card = text_of(crm.command_reply("/customer", "Mid Co", user=CHINESE_REP))
    assert "成长客户" in card
    english = text_of(crm.command_reply("/crm", "rules", user=REP))
    assert "• *Growth* —" in english and "成长客户" not in english

    crm.command("/crm", "rules", user=ADMIN)
    again = crm.opened_view()
    assert "Growth / 成长客户" in json.dumps(again["blocks"], ensure_ascii=False)


def test_risk_hints_on_a_chinese_card(crm: Harness) -> None:
    _chinese_people(crm)
    add_customer(crm.engine, "Shaky Co", owner=CHINESE_REP, now=START)
    crm.command_reply(
        "/followup", "Shaky Co 客户说不续约, next: send offer tomorrow", user=CHINESE_REP
    )
    crm.clock.advance(days=3)
    card = text_of(crm.command_reply("/customer", "Shaky Co", user=CHINESE_REP))
    assert "1 个下一步已逾期 · 流失信号：不续约" in card


def _set_up_digest(
    crm: Harness, user: str, channel: str, language: str | None
) -> tuple[dict[str, Any], str]:
    _, url = crm.command("/crm", "digest", user=user)
    view = crm.opened_view()
    values: dict[str, Any] = {"channel": channel, "zone": "Asia/Shanghai"}
    if language:
        values["language"] = language
    reply = crm.submit(view, values, user=user)
    assert reply.status == 200 and reply.body == "", reply.body
    return view, text_of(crm.reply_to(url))


def test_each_digest_channel_gets_the_digest_in_its_language(crm: Harness) -> None:
    _chinese_people(crm)
    add_customer(crm.engine, "Mega Corp", owner=REP, now=START, annual_value=Decimal(2_000_000))
    add_customer(crm.engine, "华为", owner=CHINESE_REP, now=START, annual_value=Decimal(60_000))

    # A Chinese admin's form is in Chinese and offers Chinese first.
    view, said = _set_up_digest(crm, CHINESE_ADMIN, ZH_CHANNEL, None)
    assert view["title"]["text"] == "客户周报"
    assert "语言" in _labels(view) and "Language" not in _labels(view)
    language = next(b for b in view["blocks"] if b.get("block_id") == "language")
    assert language["element"]["initial_option"]["value"] == "zh"
    assert f"<#{ZH_CHANNEL}> 将在每周一 09:00（Asia/Shanghai）收到全部等级的客户周报" in said
    assert "语言为中文" in said

    # An English admin picks English for another channel.
    view, said = _set_up_digest(crm, ADMIN, EN_CHANNEL, "en")
    assert "Language" in _labels(view)
    assert "gets the weekly digest on Mondays at 09:00" in said and "in English" in said
    with crm.session() as session:
        stored = {c.channel_id: c.language for c in session.exec(select(DigestChannel))}
    assert stored == {ZH_CHANNEL: "zh", EN_CHANNEL: "en"}

    jobs = job_context(crm.settings, crm.engine)
    tick(jobs, MON_SHANGHAI_0900)
    tick(jobs, MON_SHANGHAI_0900 + timedelta(minutes=10))

    zh_digest, zh_chart = crm.slack.posted(ZH_CHANNEL)
    chinese = text_of(zh_digest)
    assert zh_digest["text"] == "客户周报 · 2026-W48"
    assert "2 个客户 · 全部等级 · 截至今天早上的 7 天" in chinese
    assert "*新客户*（2）：" in chinese and "华为" in chinese
    assert "*各销售记录的跟进*" in chinese
    assert "Weekly customer digest" not in chinese and "New customers" not in chinese

    en_digest, en_chart = crm.slack.posted(EN_CHANNEL)
    english = text_of(en_digest)
    assert en_digest["text"] == "Weekly customer digest · 2026-W48"
    assert "2 customers · all tiers · the 7 days to this morning" in english
    assert "*New customers* (2):" in english

    assert zh_chart["files"][0]["title"] == "客户周报 2026-W48"
    assert en_chart["files"][0]["title"] == "Customer digest 2026-W48"
