"""`/followup` end to end: signed HTTP in; stand-in Slack calls and database rows out."""

from __future__ import annotations

import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.sandbox.harness import Harness, MutableClock, button, text_of
from bot.sandbox.signed import SIGNING_SECRET, sign, slash_command_body
from bot.views import ids
from storage.models import AuditEvent, Customer, Draft, FollowUp, NextStep
from tests.conftest import OTHER_REP, REP, START
from tests.support.factories import add_customer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _followups(crm: Harness) -> list[FollowUp]:
    with crm.session() as session:
        return list(session.exec(select(FollowUp).order_by(FollowUp.id)))  # type: ignore[arg-type]


def _steps(crm: Harness) -> list[NextStep]:
    with crm.session() as session:
        return list(session.exec(select(NextStep).order_by(NextStep.id)))  # type: ignore[arg-type]


def test_logs_followup_with_dated_next_step(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme Inc", owner=REP, now=START)

    message = crm.command_reply(
        "/followup", "ACME called re: quote, next: send pricing fri", user=REP
    )

    text = text_of(message)
    assert message["response_type"] == "ephemeral"
    assert "Logged a call with *Acme Inc*" in text
    assert acme.code in text
    assert "called re: quote" in text
    assert "send pricing" in text
    assert "|2026-11-20>" in text  # Friday, ISO fallback inside Slack's date token
    assert "<!date^" in text
    assert button(message, ids.FOLLOWUP_UNDO)
    assert button(message, ids.NEXT_STEP_EDIT)

    [followup] = _followups(crm)
    assert followup.customer_id == acme.id
    assert followup.author_id == REP
    assert followup.method == "call"
    assert followup.text == "called re: quote"
    assert followup.raw_text == "ACME called re: quote, next: send pricing fri"
    [step] = _steps(crm)
    assert step.description == "send pricing"
    assert step.owner_id == REP
    assert step.source_followup_id == followup.id
    assert step.due_has_time is False
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI) == datetime(2026, 11, 20, 23, 59, 59, tzinfo=SHANGHAI)
    with crm.session() as session:
        stored = session.get(Customer, acme.id)
        assert stored is not None and stored.last_activity_at == START


def test_next_step_date_is_read_in_the_reps_own_zone(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=OTHER_REP, now=START)
    # START is Wednesday 10:00 in Shanghai but still Tuesday 18:00 in Los Angeles.
    crm.command_reply(
        "/followup", "acme emailed deck, next: call back tomorrow 9am", user=OTHER_REP
    )
    [step] = _steps(crm)
    assert step.due_has_time is True
    la = ZoneInfo("America/Los_Angeles")
    assert step.due_at is not None
    assert step.due_at.astimezone(la) == datetime(2026, 11, 18, 9, 0, tzinfo=la)


def test_followup_without_next_step_offers_to_add_one(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme visited the plant", user=REP)
    assert "Logged a visit to *Acme Inc*" in text_of(message)
    assert button(message, ids.NEXT_STEP_ADD)
    assert _steps(crm) == []
    assert _followups(crm)[0].method == "visit"


def test_undated_next_step_is_kept(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme met CFO; next step: prepare proposal", user=REP)
    assert "_no date_" in text_of(message)
    [step] = _steps(crm)
    assert step.description == "prepare proposal"
    assert step.due_at is None


def test_chinese_customer_and_chinese_dates(crm: Harness) -> None:
    huawei = add_customer(crm.engine, "华为技术有限公司", owner=REP, now=START)
    message = crm.command_reply("/followup", "华为拜访了张总，下一步：下周三发报价", user=REP)
    assert "华为技术有限公司" in text_of(message)
    [followup] = _followups(crm)
    assert followup.customer_id == huawei.id
    assert followup.text == "拜访了张总"
    assert followup.method == "visit"
    [step] = _steps(crm)
    assert step.description == "发报价"
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-25"

    crm.command_reply("/followup", "华为 电话沟通了价格 下一步：明天下午3点 回电", user=REP)
    second = _steps(crm)[1]
    assert second.due_has_time is True
    assert second.due_at is not None
    assert second.due_at.astimezone(SHANGHAI) == datetime(2026, 11, 19, 15, 0, tzinfo=SHANGHAI)
    assert _followups(crm)[1].method == "call"


def test_customer_by_code_and_by_quoted_name(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    trading = add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    crm.command_reply("/followup", f"{trading.code.lower()} sent samples", user=REP)
    crm.command_reply("/followup", '"Acme Trading" called back', user=REP)
    crm.command_reply("/followup", "Acme Trading emailed invoice", user=REP)
    followups = _followups(crm)
    assert [f.customer_id for f in followups] == [trading.id] * 3
    assert [f.text for f in followups] == ["sent samples", "called back", "emailed invoice"]


def test_unknown_code_says_so(crm: Harness) -> None:
    message = crm.command_reply("/followup", "C20990101001 called", user=REP)
    assert "No customer has the code `C20990101001`" in text_of(message)
    assert _followups(crm) == []


def test_alias_matches_exactly(crm: Harness) -> None:
    customer = add_customer(
        crm.engine, "International Business Machines", owner=REP, now=START, aliases=["IBM"]
    )
    crm.command_reply("/followup", "IBM called about licences", user=REP)
    assert _followups(crm)[0].customer_id == customer.id


def test_ambiguous_customer_asks_then_logs_on_the_choice(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    logistics = add_customer(crm.engine, "Acme Logistics", owner=OTHER_REP, now=START)

    message = crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)

    text = text_of(message)
    assert "More than one customer could be *Acme*" in text
    assert "Acme Trading" in text and "Acme Logistics" in text
    assert f"<@{OTHER_REP}>" in text
    assert _followups(crm) == []
    picks = [
        block["accessory"]
        for block in message["blocks"]
        if block.get("accessory", {}).get("action_id", "").startswith(ids.FOLLOWUP_PICK)
    ]
    assert len(picks) == 2
    chosen = next(p for p in picks if json.loads(p["value"])["customer"] == logistics.id)

    reply, url = crm.click(chosen["action_id"], chosen["value"], user=REP)
    assert reply.status == 200
    confirmation = crm.reply_to(url)
    assert confirmation["replace_original"] is True
    assert "Acme Logistics" in text_of(confirmation)
    [followup] = _followups(crm)
    assert followup.customer_id == logistics.id
    assert followup.text == "called"
    assert _steps(crm)[0].description == "send pricing"
    with crm.session() as session:
        assert list(session.exec(select(Draft))) == []

    # The same choice clicked again must not log twice.
    _, again = crm.click(chosen["action_id"], chosen["value"], user=REP)
    assert "expired" in text_of(crm.reply_to(again))
    assert len(_followups(crm)) == 1


def test_someone_else_cannot_use_my_pending_choice(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    add_customer(crm.engine, "Acme Logistics", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme called", user=REP)
    action_id, value = button(message, ids.FOLLOWUP_PICK)
    _, url = crm.click(action_id, value, user=OTHER_REP)
    assert "expired" in text_of(crm.reply_to(url))
    assert _followups(crm) == []


def test_fuzzy_near_miss_is_confirmed_not_guessed(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acmee called", user=REP)
    _, value = button(message, ids.FOLLOWUP_PICK)
    assert json.loads(value)["customer"] == acme.id
    assert _followups(crm) == []


def test_unknown_customer_offers_create_then_logs_on_it(crm: Harness) -> None:
    message = crm.command_reply(
        "/followup", "Globex called re: demo, next: send deck eow", user=REP
    )
    assert "couldn't find a customer called *Globex*" in text_of(message)
    action_id, value = button(message, ids.FOLLOWUP_CREATE_CUSTOMER)
    assert action_id == ids.FOLLOWUP_CREATE_CUSTOMER

    _, url = crm.click(action_id, value, user=REP)
    view = crm.opened_view()
    name_input = next(b for b in view["blocks"] if b.get("block_id") == "name")
    assert name_input["element"]["initial_value"] == "Globex"

    reply = crm.submit(view, {"phone": "+1 415 555 0100"}, user=REP)
    assert reply.status == 200 and reply.body == ""
    created = crm.reply_to(url)
    assert "Created *Globex*" in text_of(created)
    logged = crm.reply_to(url, count=2)
    assert "Logged a call with *Globex*" in text_of(logged)

    with crm.session() as session:
        [globex] = session.exec(select(Customer)).all()
        assert globex.phone == "+14155550100"
    [followup] = _followups(crm)
    assert followup.customer_id == globex.id
    assert followup.text == "called re: demo"
    [step] = _steps(crm)
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-20"


def test_undo_removes_exactly_what_the_command_created(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)
    crm.clock.advance(hours=1)
    second = crm.command_reply("/followup", "Acme emailed quote, next: call back mon", user=REP)
    assert len(_followups(crm)) == 2 and len(_steps(crm)) == 2

    action_id, value = button(second, ids.FOLLOWUP_UNDO)
    _, url = crm.click(action_id, value, user=REP)
    undone = crm.reply_to(url)
    assert undone["replace_original"] is True
    assert "Undone" in text_of(undone)

    [kept] = _followups(crm)
    assert kept.text == "called"
    [kept_step] = _steps(crm)
    assert kept_step.description == "send pricing"
    with crm.session() as session:
        customer = session.exec(select(Customer)).one()
        assert customer.last_activity_at == START
        actions = [e.action for e in session.exec(select(AuditEvent))]
        assert "followup.undone" in actions

    _, again = crm.click(action_id, value, user=REP)
    assert "already removed" in text_of(crm.reply_to(again))


def test_only_the_author_can_undo(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme called", user=REP)
    action_id, value = button(message, ids.FOLLOWUP_UNDO)
    _, url = crm.click(action_id, value, user=OTHER_REP)
    assert "Only the person who logged" in text_of(crm.reply_to(url))
    assert len(_followups(crm)) == 1


def test_edit_next_step_from_the_confirmation(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)
    action_id, value = button(message, ids.NEXT_STEP_EDIT)
    _, url = crm.click(action_id, value, user=REP)
    view = crm.opened_view()
    step_input = next(b for b in view["blocks"] if b.get("block_id") == "step")
    assert step_input["element"]["initial_value"] == "send pricing"
    date_input = next(b for b in view["blocks"] if b.get("block_id") == "due_date")
    assert date_input["element"]["initial_date"] == "2026-11-20"

    reply = crm.submit(
        view,
        {"step": "send revised pricing", "due_date": "2026-11-23", "due_time": "14:30"},
        user=REP,
    )
    assert reply.status == 200
    assert "Updated next step" in text_of(crm.reply_to(url))
    [step] = _steps(crm)
    assert step.description == "send revised pricing"
    assert step.due_has_time is True
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI) == datetime(2026, 11, 23, 14, 30, tzinfo=SHANGHAI)


def test_blank_next_step_in_modal_is_an_inline_error(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)
    crm.click(*button(message, ids.NEXT_STEP_EDIT), user=REP)
    view = crm.opened_view()
    reply = crm.submit(view, {"step": "  "}, user=REP)
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"step": "Please describe the next step."},
    }
    assert _steps(crm)[0].description == "send pricing"


def test_empty_text_and_help_show_usage(crm: Harness) -> None:
    for text in ("", "help"):
        message = crm.command_reply("/followup", text, user=REP)
        assert "/followup ACME called re: quote" in text_of(message)
    assert _followups(crm) == []


def test_name_alone_asks_what_happened(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme", user=REP)
    assert "What happened with *Acme Inc*" in text_of(message)
    assert _followups(crm) == []


def test_long_text_is_stored_whole_and_the_message_fits_slack(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    story = "discussed the rollout plan in detail " * 110  # ~4,000 characters
    message = crm.command_reply("/followup", f"Acme {story}", user=REP)
    assert _followups(crm)[0].text == story.strip()
    for block in message["blocks"]:
        if "text" in block:
            assert len(block["text"]["text"]) <= 3000


def test_slack_escaped_text_is_unescaped(crm: Harness) -> None:
    customer = add_customer(crm.engine, "AT&T", owner=REP, now=START)
    crm.command_reply("/followup", "AT&amp;T called &lt;urgent&gt;", user=REP)
    [followup] = _followups(crm)
    assert followup.customer_id == customer.id
    assert followup.text == "called <urgent>"


def test_bad_signature_is_refused_and_nothing_stored(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    body = slash_command_body(
        "/followup", "Acme called", user_id=REP, response_url=crm.slack.response_url()
    )
    forged = crm.post_raw(body, sign(body, secret="not-the-secret"))
    assert forged.status == 401
    missing = crm.post_raw(body, {})
    assert missing.status == 401
    stale = crm.post_raw(body, sign(body, secret=SIGNING_SECRET, timestamp=int(time.time()) - 301))
    assert stale.status == 401
    time.sleep(0.3)
    assert _followups(crm) == []
    assert crm.slack.calls_to("response_url") == []


def test_users_info_failure_falls_back_to_team_zone(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner="U0NOBODY1", now=START)
    crm.command_reply("/followup", "Acme called, next: call again tomorrow", user="U0NOBODY1")
    [step] = _steps(crm)
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-19"


def test_unknown_chinese_customer_is_offered_by_its_name(crm: Harness) -> None:
    message = crm.command_reply("/followup", "腾讯拜访了马总，下一步：明天 发方案", user=REP)
    assert "couldn't find a customer called *腾讯*" in text_of(message)
    _, url = crm.click(*button(message, ids.FOLLOWUP_CREATE_CUSTOMER), user=REP)
    view = crm.opened_view()
    crm.submit(view, {"name": "腾讯科技有限公司"}, user=REP)
    assert "Logged a visit to *腾讯科技有限公司*" in text_of(crm.reply_to(url, count=2))
    [followup] = _followups(crm)
    assert followup.text == "拜访了马总"
    [step] = _steps(crm)
    assert step.description == "发方案"
    assert step.due_at is not None
    assert step.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-19"


def test_the_same_line_sent_twice_is_logged_once(crm: Harness, clock: MutableClock) -> None:
    """A retry after an answer that never arrived (a crash, a dropped connection) or a double
    send: one follow-up, and the second reply says so, with the same Undo."""
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START)
    line = "Acme called re: quote, next: send pricing fri"
    first = crm.command_reply("/followup", line, user=REP)
    clock.advance(minutes=3)
    again = crm.command_reply("/followup", line, user=REP)
    assert "not saved a second time" in text_of(again)
    assert button(again, ids.FOLLOWUP_UNDO) == button(first, ids.FOLLOWUP_UNDO)
    with crm.session() as session:
        assert len(session.exec(select(FollowUp)).all()) == 1
        assert len(session.exec(select(NextStep)).all()) == 1
    clock.advance(minutes=10)
    later = crm.command_reply("/followup", line, user=REP)
    assert "not saved a second time" not in text_of(later)
    with crm.session() as session:
        assert len(session.exec(select(FollowUp)).all()) == 2
