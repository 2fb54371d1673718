"""Never the wrong customer: what people type, exactly as the issue saw it, over signed HTTP."""

from __future__ import annotations

from sqlmodel import select

from bot.sandbox.harness import Harness, button, text_of
from bot.views import ids
from storage.models import Customer, Draft, FollowUp
from tests.conftest import REP, START
from tests.support.factories import add_customer


def _logged(crm: Harness) -> list[tuple[str, str]]:
    with crm.session() as session:
        rows = session.exec(select(Customer.name, FollowUp.text).join(FollowUp)).all()
    return [(name, text) for name, text in rows]


def _chinese_book(crm: Harness) -> None:
    add_customer(crm.engine, "北京星辰科技有限公司", owner=REP, now=START)
    add_customer(crm.engine, "上海浦东发展银行", owner=REP, now=START)
    add_customer(crm.engine, "华为技术有限公司", owner=REP, now=START)


def test_a_region_or_a_trade_word_names_nobody(crm: Harness) -> None:
    _chinese_book(crm)
    for line, typed in (
        ("北京银行 拜访了李行长", "北京银行"),
        ("上海银行 电话沟通了贷款", "上海银行"),
    ):
        reply = crm.command_reply("/followup", line, user=REP)
        assert f"couldn't find a customer called *{typed}*" in text_of(reply)
        assert button(reply, ids.FOLLOWUP_CREATE_CUSTOMER)
    assert _logged(crm) == []


def test_a_region_alone_or_a_longer_name_is_asked_about(crm: Harness) -> None:
    _chinese_book(crm)
    for line, meant in (
        ("北京 拜访了客户", "北京星辰科技有限公司"),
        ("华为云 开会讨论上云", "华为技术有限公司"),
        ("浦发 电话沟通了贷款", "上海浦东发展银行"),
    ):
        reply = crm.command_reply("/followup", line, user=REP)
        assert "Did you mean" in text_of(reply) and meant in text_of(reply), line
        assert button(reply, ids.FOLLOWUP_CREATE_CUSTOMER)
    assert _logged(crm) == []

    # "Yes" logs it there, with what was typed after the name.
    asked = crm.command_reply("/followup", "华为云 开会讨论上云", user=REP)
    action_id, value = button(asked, ids.FOLLOWUP_PICK)
    _, url = crm.click(action_id, value, user=REP)
    assert "华为技术有限公司" in text_of(crm.reply_to(url))
    assert _logged(crm) == [("华为技术有限公司", "开会讨论上云")]


def test_the_distinctive_name_is_enough(crm: Harness) -> None:
    _chinese_book(crm)
    crm.command_reply("/followup", "星辰 拜访了张总", user=REP)
    crm.command_reply("/followup", "星辰科技 开会", user=REP)
    crm.command_reply("/followup", "xingchen called about the demo", user=REP)
    crm.command_reply("/followup", "華為技術 拜訪了王總", user=REP)
    assert sorted(_logged(crm)) == [
        ("北京星辰科技有限公司", "called about the demo"),
        ("北京星辰科技有限公司", "开会"),
        ("北京星辰科技有限公司", "拜访了张总"),
        ("华为技术有限公司", "拜訪了王總"),
    ]


def test_a_misspelt_name_is_never_taken_for_another(crm: Harness) -> None:
    for name in ("Acme Inc", "Acme Trading", "Acme Logistics"):
        add_customer(crm.engine, name, owner=REP, now=START)
    asked = crm.command_reply("/followup", "Acme Tradng called re: quote", user=REP)
    assert "Acme Trading" in text_of(asked)
    assert button(asked, ids.FOLLOWUP_PICK)
    near = crm.command_reply("/followup", "Acne Inc called", user=REP)
    assert "Did you mean" in text_of(near) and "Acme Inc" in text_of(near)
    assert _logged(crm) == []
    crm.command_reply("/followup", "Acme called re: quote", user=REP)
    assert _logged(crm) == [("Acme Inc", "called re: quote")]


def test_command_words_are_explained_not_offered_as_customers(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    for word in ("list", "all", "called"):
        reply = crm.command_reply("/followup", f"{word} acme", user=REP)
        assert "isn't a customer name" in text_of(reply)
        assert not any(
            e.get("action_id") == ids.FOLLOWUP_CREATE_CUSTOMER
            for b in reply.get("blocks", [])
            for e in b.get("elements", [])
        )
    with crm.session() as session:
        assert session.exec(select(Draft)).all() == []


def _create(crm: Harness, name: str, **values: str) -> dict[str, object]:
    reply, _ = crm.command("/customer", f"new {name}", user=REP)
    assert reply.status == 200
    answer = crm.submit(crm.opened_view(), dict(values), user=REP).json()
    return answer if isinstance(answer, dict) else {}


def test_other_names_find_the_customer_and_warn_of_duplicates(crm: Harness) -> None:
    assert _create(crm, "上海浦东发展银行股份有限公司", aliases="SPDB, 浦发") == {}
    crm.command_reply("/followup", "SPDB called about the loan", user=REP)
    assert _logged(crm) == [("上海浦东发展银行股份有限公司", "called about the loan")]

    assert _create(crm, "华为技术有限公司", aliases="Huawei") == {}
    # The same name in traditional characters is the same name: refused in the form.
    refused = _create(crm, "華為技術有限公司")
    assert refused.get("response_action") == "errors"
    assert "华为技术有限公司" in str(refused["errors"])
    # Its English alias only looks like it: a warning, with "Create anyway".
    warning = _create(crm, "Huawei Technologies")
    assert warning.get("response_action") == "update"
    assert "华为技术有限公司" in text_of(warning["view"])  # type: ignore[arg-type]
    with crm.session() as session:
        assert len(session.exec(select(Customer)).all()) == 2


def test_a_past_or_unread_next_step_date_is_saved_with_a_warning(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    past = crm.command_reply("/followup", "Acme called, next: ping them yesterday", user=REP)
    assert "already past" in text_of(past)
    assert button(past, ids.NEXT_STEP_EDIT)
    vague = crm.command_reply("/followup", "Acme called, next: demo at 3ish", user=REP)
    assert "didn't understand" in text_of(vague)
    assert button(vague, ids.NEXT_STEP_EDIT)
    fine = crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)
    assert "already past" not in text_of(fine) and "didn't understand" not in text_of(fine)


def test_the_card_opens_the_whole_history(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    for n in range(7):
        crm.command_reply("/followup", f"Acme called, round {n}", user=REP)
    card = crm.command_reply("/customer", acme.code, user=REP)
    action_id, value = button(card, ids.FOLLOWUP_HISTORY)
    _, url = crm.click(action_id, value, user=REP)
    assert "round 0" in text_of(crm.reply_to(url))


def test_the_dates_people_type_become_dated_steps_or_warnings(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    for line in ("Acme called, next: demo at 3", "Acme 开会，下一步：元旦前 发合同"):
        reply = crm.command_reply("/followup", line, user=REP)
        assert "<!date^" in text_of(reply), line
        assert "didn't understand" not in text_of(reply)
    crm.clock.advance(hours=5, minutes=20)  # 15:20 in Shanghai
    late = crm.command_reply("/followup", "Acme called, next: call back this afternoon", user=REP)
    assert "already past" in text_of(late)


def test_history_asks_like_the_card_when_a_name_is_only_probably_meant(crm: Harness) -> None:
    add_customer(crm.engine, "上海浦东发展银行", owner=REP, now=START)
    card = crm.command_reply("/customer", "浦发", user=REP)
    history = crm.command_reply("/customer", "history 浦发", user=REP)
    assert "上海浦东发展银行" in text_of(card)
    assert "上海浦东发展银行" in text_of(history)
