"""Scheduled jobs end to end with a controlled clock: nudges, DM buttons, cadence, digests,
escalations, retries and permanent failures, against the stand-in Slack and a real database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlmodel import col, select

from bot.digest.build import DigestData, build_digest
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from scheduler import content
from scheduler.jobs import JobContext, job_context, run_job, tick
from storage.models import Customer, NextStep, OutboundMessage
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer

# START is Wed 2026-11-18 10:00 in Shanghai (REP) and Tue 2026-11-17 18:00 in Los Angeles.
THU_SHANGHAI_0830 = datetime(2026, 11, 19, 0, 30, tzinfo=UTC)
THU_SHANGHAI_0900 = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
THU_LA_0900 = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
MON_SHANGHAI_0900 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    return job_context(crm.settings, crm.engine)


def _ledger(crm: Harness, kind: str | None = None) -> list[OutboundMessage]:
    with crm.session() as session:
        statement = select(OutboundMessage).order_by(col(OutboundMessage.id))
        if kind:
            statement = statement.where(OutboundMessage.kind == kind)
        return list(session.exec(statement))


def _steps(crm: Harness) -> list[NextStep]:
    with crm.session() as session:
        return list(session.exec(select(NextStep).order_by(col(NextStep.id))))


def _seed_two_zones(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    add_customer(crm.engine, "Globex", owner=OTHER_REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing today", user=REP)
    crm.command_reply("/followup", "Acme emailed, next: book demo tomorrow 3pm", user=REP)
    crm.command_reply("/followup", "Globex called, next: send contract tomorrow", user=OTHER_REP)


def test_one_grouped_dm_per_owner_at_their_local_nine(crm: Harness, jobs: JobContext) -> None:
    _seed_two_zones(crm)
    la_wed_0859 = datetime(2026, 11, 18, 16, 59, tzinfo=UTC)  # Thu 00:59 in Shanghai
    la_wed_0900 = la_wed_0859 + timedelta(minutes=1)

    assert tick(jobs, la_wed_0859).planned == 0
    assert crm.slack.posted() == []

    report = tick(jobs, la_wed_0900)
    assert report.planned == 1 and report.delivered.sent == 1
    [la_message] = crm.slack.posted(dm(OTHER_REP))
    assert "*Due today* · *Globex*" in text_of(la_message)
    assert crm.slack.posted(dm(REP)) == []

    tick(jobs, THU_SHANGHAI_0830)
    assert crm.slack.posted(dm(REP)) == []
    tick(jobs, THU_SHANGHAI_0900)
    [message] = crm.slack.posted(dm(REP))
    text = text_of(message)
    assert "2 things need you today" in text
    assert "*Overdue* · *Acme*" in text and "send pricing" in text
    assert "*Due today* · *Acme*" in text and "book demo" in text
    assert text.index("send pricing") < text.index("book demo")

    for later in (THU_SHANGHAI_0900 + timedelta(minutes=5), THU_LA_0900 - timedelta(hours=1)):
        tick(jobs, later)
    assert len(crm.slack.posted(dm(REP))) == 1
    assert len(crm.slack.posted(dm(OTHER_REP))) == 1
    assert len(crm.slack.calls_to("chat.postMessage")) == 2
    metadata = crm.slack.calls_to("chat.postMessage")[1].params["metadata"]
    assert metadata["event_payload"]["key"] == "nudge:U0REP0001:2026-11-19"


def _act(crm: Harness, message: dict[str, Any], action: dict[str, Any], *, user: str = REP) -> None:
    assert crm.act_on_message(message, action, user=user, channel=dm(user)).status == 200


def _item_block(message: dict[str, Any], text: str) -> dict[str, Any]:
    blocks = message["blocks"]
    for n, block in enumerate(blocks):
        if block["type"] == "section" and text in block["text"]["text"]:
            return dict(blocks[n + 1])
    raise AssertionError(f"no item {text!r}")


def test_done_snooze_and_reschedule_update_the_store_and_the_dm(
    crm: Harness, jobs: JobContext
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    for step in ("send pricing", "book demo", "call CFO"):
        crm.command_reply("/followup", f"Acme called, next: {step} today", user=REP)
    tick(jobs, THU_SHANGHAI_0900)
    [message] = crm.slack.posted(dm(REP))
    first = _item_block(message, "send pricing")
    assert [e.get("action_id") for e in first["elements"]] == [
        ids.NUDGE_DONE,
        ids.NUDGE_SNOOZE,
        ids.NUDGE_RESCHEDULE,
        ids.NUDGE_LOG,
    ]
    crm.clock.now = THU_SHANGHAI_0900 + timedelta(minutes=10)

    done = first["elements"][0]
    _act(
        crm,
        message,
        {
            "action_id": done["action_id"],
            "block_id": first["block_id"],
            "value": done["value"],
            "type": "button",
        },
    )
    crm.slack.wait_for("chat.update", count=1)
    assert _steps(crm)[0].status == "done"
    assert "~send pricing~" in text_of(crm.slack.posted(dm(REP))[0])

    second = _item_block(message, "book demo")
    snooze = {
        "action_id": ids.NUDGE_SNOOZE,
        "block_id": second["block_id"],
        "type": "static_select",
    }
    snooze["selected_option"] = {"text": {"type": "plain_text", "text": "3 days"}, "value": "3d"}
    _act(crm, message, snooze)
    crm.slack.wait_for("chat.update", count=2)
    assert _steps(crm)[1].snoozed_until == crm.clock() + timedelta(days=3)

    third = _item_block(message, "call CFO")
    move = {"action_id": ids.NUDGE_RESCHEDULE, "block_id": third["block_id"], "type": "datepicker"}
    move["selected_date"] = "2026-11-27"
    _act(crm, message, move)
    crm.slack.wait_for("chat.update", count=3)
    moved = _steps(crm)[2]
    assert moved.due_at is not None
    assert moved.due_at.astimezone(jobs.settings.zone).date().isoformat() == "2026-11-27"

    final = text_of(crm.slack.posted(dm(REP))[0])
    assert "All done for today" in final
    assert "snoozed until" in final and "moved to" in final
    assert len(crm.slack.posted(dm(REP))) == 1  # updated in place, never re-sent

    # The next morning the snoozed and moved steps stay quiet; nothing else is due.
    tick(jobs, THU_SHANGHAI_0900 + timedelta(days=1))
    assert len(crm.slack.posted(dm(REP))) == 1


def test_someone_else_cannot_tick_off_my_items(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing today", user=REP)
    tick(jobs, THU_SHANGHAI_0900)
    [message] = crm.slack.posted(dm(REP))
    item = _item_block(message, "send pricing")
    done = item["elements"][0]
    _act(
        crm,
        message,
        {
            "action_id": done["action_id"],
            "block_id": item["block_id"],
            "value": done["value"],
            "type": "button",
        },
        user=OTHER_REP,
    )
    crm.slack.wait_for("response_url")
    assert _steps(crm)[0].status == "open"


def test_cadence_items_appear_and_reset_after_a_followup(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Key Account", owner=REP, now=START, annual_value=Decimal(150_000))
    add_customer(crm.engine, "Small Fry", owner=REP, now=START, annual_value=Decimal(1_000))
    day_15 = THU_SHANGHAI_0900 + timedelta(days=15)  # 15 full days after START: past 14
    crm.clock.now = day_15
    tick(jobs, day_15)
    [message] = crm.slack.posted(dm(REP))
    text = text_of(message)
    assert "*Time to get in touch* · *Key Account*" in text
    assert "every 14 days" in text
    assert "Small Fry" not in text  # Standard asks for every 90 days

    crm.command_reply("/followup", "Key Account called about renewal", user=REP)
    tick(jobs, day_15 + timedelta(days=1))
    assert len(crm.slack.posted(dm(REP))) == 1  # nothing to say the next day: no DM
    skipped = _ledger(crm, "nudge")[-1]
    assert (skipped.key, skipped.status) == (f"nudge:{REP}:2026-12-05", "skipped")


def _nudged_about_a_quiet_key_account(
    crm: Harness, jobs: JobContext
) -> tuple[datetime, dict[str, Any], dict[str, Any]]:
    """A Key customer never contacted in 15 days, and the nudge about it: (time, DM, item)."""
    add_customer(crm.engine, "Key Account", owner=REP, now=START, annual_value=Decimal(150_000))
    day_15 = THU_SHANGHAI_0900 + timedelta(days=15)
    crm.clock.now = day_15
    tick(jobs, day_15)
    [message] = crm.slack.posted(dm(REP))
    return day_15, message, _item_block(message, "Key Account")


def test_logging_from_the_dm_marks_the_cadence_item_contacted(
    crm: Harness, jobs: JobContext
) -> None:
    day_15, message, item = _nudged_about_a_quiet_key_account(crm, jobs)
    log = item["elements"][-1]
    _act(
        crm,
        message,
        {
            "action_id": log["action_id"],
            "block_id": item["block_id"],
            "value": log["value"],
            "type": "button",
        },
    )
    view = crm.opened_view()
    crm.submit(view, {"what": "Called, all good"}, user=REP)
    crm.slack.wait_for("chat.update")
    assert "follow-up logged" in text_of(crm.slack.posted(dm(REP))[0])
    with crm.session() as session:
        assert session.exec(select(Customer)).one().last_activity_at == day_15


def test_snoozing_a_cadence_item_suppresses_it_for_that_period_only(
    crm: Harness, jobs: JobContext
) -> None:
    day_15, message, item = _nudged_about_a_quiet_key_account(crm, jobs)
    snooze = {"action_id": ids.NUDGE_SNOOZE, "block_id": item["block_id"], "type": "static_select"}
    snooze["selected_option"] = {"text": {"type": "plain_text", "text": "3 days"}, "value": "3d"}
    _act(crm, message, snooze)
    crm.slack.wait_for("chat.update")
    for later in (timedelta(hours=23), timedelta(days=1), timedelta(days=2)):
        tick(jobs, day_15 + later)
    assert len(crm.slack.posted(dm(REP))) == 1  # snoozed: no nudge on the next two mornings
    tick(jobs, day_15 + timedelta(days=3))  # the snooze is over
    posted = crm.slack.posted(dm(REP))
    assert len(posted) == 2
    assert "Key Account" in text_of(posted[1])


DIGEST_CHANNEL = "C0DIGEST1"
KEY_CHANNEL = "C0KEYACC1"


def _setup_digest(crm: Harness, channel: str, tiers: list[str] | None = None) -> None:
    _, url = crm.command("/crm", "digest", user=ADMIN)
    view = crm.opened_view()
    values: dict[str, Any] = {"channel": channel, "zone": "Asia/Shanghai", "tiers": tiers or []}
    reply = crm.submit(view, values, user=ADMIN)
    assert reply.status == 200 and reply.body == "", reply.body
    assert "gets the weekly digest on Mondays at 09:00" in text_of(crm.reply_to(url))


def _seed_week(crm: Harness) -> None:
    """A week of sales: tiers, a move up, a new and a won customer, follow-ups, an overdue step."""
    add_customer(
        crm.engine,
        "Mega Corp",
        owner=REP,
        now=START - timedelta(days=30),
        annual_value=Decimal(2_000_000),
    )
    add_customer(
        crm.engine,
        "Big Co",
        owner=OTHER_REP,
        now=START - timedelta(days=30),
        annual_value=Decimal(150_000),
    )
    small = add_customer(
        crm.engine,
        "Small Co",
        owner=REP,
        now=START - timedelta(days=30),
        annual_value=Decimal(5_000),
    )
    add_customer(crm.engine, "Fresh Co", owner=REP, now=START, annual_value=Decimal(60_000))
    crm.command_reply("/followup", "Mega Corp called, next: send pricing today", user=REP)
    crm.command_reply("/followup", "Big Co visited", user=OTHER_REP)
    crm.command_reply("/followup", "Small Co emailed", user=REP)
    # Small Co grows into Key and becomes a customer.
    card = crm.command_reply("/customer", "Small Co", user=REP)
    _, url = crm.click(ids.CUSTOMER_EDIT, str(small.id), user=REP)
    crm.submit(crm.opened_view(), {"annual_value": "200000", "status": "customer"}, user=REP)
    crm.reply_to(url)
    assert card


def test_weekly_digest_posts_once_per_channel_with_counts_and_a_chart(
    crm: Harness, jobs: JobContext
) -> None:
    _seed_week(crm)
    _setup_digest(crm, DIGEST_CHANNEL)
    _setup_digest(crm, KEY_CHANNEL, tiers=["Strategic", "Key"])

    tick(jobs, MON_SHANGHAI_0900 - timedelta(minutes=1))
    assert crm.slack.posted(DIGEST_CHANNEL) == []
    tick(jobs, MON_SHANGHAI_0900)
    tick(jobs, MON_SHANGHAI_0900 + timedelta(minutes=10))

    digest, chart = crm.slack.posted(DIGEST_CHANNEL)
    text = text_of(digest)
    assert "Weekly customer digest · 2026-W48" in text
    assert "4 customers · all tiers" in text
    assert "*Strategic*\n1 (=)" in text
    assert "*Key*\n2 (+1)" in text  # Big Co, and Small Co moved up
    assert "*Growth*\n1 (+1)" in text  # Fresh Co is new
    assert "*Standard*\n0 (-1)" in text
    assert "up (1): Small Co (Standard → Key)" in text
    assert "*New customers* (1): Fresh Co" in text
    assert "*Won* (1): Small Co" in text
    assert f"<@{REP}>: 2" in text and f"<@{OTHER_REP}>: 1" in text
    assert "*Overdue next steps per owner*\n• <@U0REP0001>: 1" in text
    assert chart["files"][0]["name"] == "crm-digest-2026-W48-C0DIGEST1.png"
    [upload] = [
        c for c in crm.slack.calls_to("upload") if c.params["content"].find(b"\x89PNG") >= 0
    ][:1]
    assert upload.params["size"] > 10_000

    key_digest, _ = crm.slack.posted(KEY_CHANNEL)
    key_text = text_of(key_digest)
    assert "3 customers · Strategic, Key only" in key_text
    assert "Fresh Co" not in key_text
    digests = [r for r in _ledger(crm) if r.kind in ("digest", "chart")]
    assert [r.status for r in digests] == ["sent"] * 4


def test_a_missed_digest_is_caught_up_once_within_the_grace_period(
    crm: Harness, jobs: JobContext
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    _setup_digest(crm, DIGEST_CHANNEL)
    tick(jobs, MON_SHANGHAI_0900 + timedelta(hours=2))  # down at 09:00, back at 11:00
    tick(jobs, MON_SHANGHAI_0900 + timedelta(hours=2, minutes=30))
    assert len(crm.slack.posted(DIGEST_CHANNEL)) == 2  # the message and its chart
    next_monday = MON_SHANGHAI_0900 + timedelta(days=7)
    tick(jobs, next_monday + timedelta(hours=13))  # more than 12 hours late: skipped
    assert len(crm.slack.posted(DIGEST_CHANNEL)) == 2


def test_digest_preview_is_for_managers_and_admins(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    _, url = crm.command("/crm", "digest preview", user=REP)
    refused = crm.reply_to(url, count=2)
    assert refused["replace_original"] is True
    assert "Only managers and admins" in text_of(refused)
    _, url = crm.command("/crm", "digest preview", user=ADMIN)
    working = crm.reply_to(url)
    assert "Working on the digest" in text_of(working)
    preview = crm.reply_to(url, count=2)
    assert preview["response_type"] == "ephemeral"
    assert preview["replace_original"] is True
    assert "Weekly customer digest" in text_of(preview)
    assert crm.slack.calls_to("chat.postMessage") == []


def test_a_rep_cannot_set_up_digests(crm: Harness) -> None:
    message = crm.command_reply("/crm", "digest", user=REP)
    assert "Only CRM admins can set up digests" in text_of(message)


def test_escalations_reach_managers(crm: Harness, jobs: JobContext) -> None:
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing today", user=REP)
    crm.command_reply("/followup", "Acme called, next: book demo tomorrow", user=REP)
    nine_days_later = THU_SHANGHAI_0900 + timedelta(days=8)  # pricing 9 days late, demo 8
    tick(jobs, nine_days_later)
    [escalation] = crm.slack.posted(dm(MANAGER))
    text = text_of(escalation)
    assert "2 next steps overdue more than 7 days" in text
    assert f"<@{REP}> (2)" in text and "send pricing" in text
    tick(jobs, nine_days_later + timedelta(hours=1))
    assert len(crm.slack.posted(dm(MANAGER))) == 1


def test_a_429_then_success_sends_once(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    crm.slack.fail_next("chat.postMessage", status=429, headers={"Retry-After": "1"})
    report = tick(jobs, THU_SHANGHAI_0900)
    assert report.delivered.sent == 1
    assert len(crm.slack.calls_to("chat.postMessage")) == 2
    assert len(crm.slack.posted(dm(REP))) == 1
    assert _ledger(crm, "nudge")[0].status == "sent"


def test_a_server_error_is_retried_later_and_sent_once(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    crm.slack.fail_next("chat.postMessage", status=503, error="service_unavailable")
    first = tick(jobs, THU_SHANGHAI_0900)
    assert first.delivered.sent == 0 and first.delivered.retrying == 1
    [row] = _ledger(crm, "nudge")
    assert row.status == "pending" and row.last_error
    tick(jobs, THU_SHANGHAI_0900 + timedelta(seconds=10))  # before the backoff: nothing
    assert crm.slack.posted(dm(REP)) == []
    tick(jobs, THU_SHANGHAI_0900 + timedelta(minutes=2))
    assert len(crm.slack.posted(dm(REP))) == 1
    assert _ledger(crm, "nudge")[0].status == "sent"


def test_a_permanent_error_is_recorded_and_reported_not_retried(
    crm: Harness, jobs: JobContext
) -> None:
    crm.command_reply("/crm", f"role <@{ADMIN}> admin", user=ADMIN)
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    _setup_digest(crm, DIGEST_CHANNEL)
    crm.slack.fail_next("chat.postMessage", error="not_in_channel")
    tick(jobs, MON_SHANGHAI_0900)
    digest = next(r for r in _ledger(crm) if r.kind == "digest")
    assert (digest.status, digest.last_error) == ("failed", "not_in_channel")
    [report] = crm.slack.posted(dm(ADMIN))
    assert "could not deliver the digest for <#C0DIGEST1>" in text_of(report)
    assert "not_in_channel" in text_of(report)
    for minutes in (5, 60, 600):
        tick(jobs, MON_SHANGHAI_0900 + timedelta(minutes=minutes))
    digest_posts = [
        c for c in crm.slack.calls_to("chat.postMessage") if c.params["channel"] == DIGEST_CHANNEL
    ]
    assert len(digest_posts) == 1
    assert len(crm.slack.posted(dm(ADMIN))) == 1


def test_run_job_runs_one_job_through_the_same_path(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    report = run_job("nudges", jobs, THU_SHANGHAI_0900)
    assert report.planned == 1 and report.delivered.sent == 1
    assert run_job("nudges", jobs, THU_SHANGHAI_0900).planned == 0
    assert run_job("digest", jobs, MON_SHANGHAI_0900).planned == 0  # no channels configured
    assert run_job("reclassify", jobs, THU_SHANGHAI_0900).reclassified_teams == 1
    with pytest.raises(ValueError, match="unknown job"):
        run_job("coffee", jobs, THU_SHANGHAI_0900)


def test_the_digest_is_built_once_for_its_message_and_its_chart(
    crm: Harness, jobs: JobContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    _setup_digest(crm, DIGEST_CHANNEL)
    _setup_digest(crm, KEY_CHANNEL)  # the same tiers: the same digest
    built: list[str] = []

    def counting(**kwargs: Any) -> DigestData:
        built.append(kwargs["week"])
        return build_digest(**kwargs)

    monkeypatch.setattr(content, "build_digest", counting)
    tick(jobs, MON_SHANGHAI_0900)
    assert len(crm.slack.posted(DIGEST_CHANNEL)) == len(crm.slack.posted(KEY_CHANNEL)) == 2
    assert built == ["2026-W48"]


def test_no_transaction_holds_the_ledger_row_while_slack_is_called(
    crm: Harness, jobs: JobContext
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    for method in ("conversations.open", "chat.postMessage"):
        crm.slack.hold(method)
        worker = threading.Thread(target=tick, args=(jobs, THU_SHANGHAI_0900))
        worker.start()
        try:
            crm.slack.wait_for(method)
            with crm.engine.connect() as connection, connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SET LOCAL lock_timeout = '1s'"))
                else:
                    connection.exec_driver_sql("PRAGMA busy_timeout = 1000")
                connection.execute(
                    update(OutboundMessage)
                    .where(col(OutboundMessage.kind) == "nudge")
                    .values(last_error=None)
                )
        finally:
            crm.slack.release_holds()
            worker.join(timeout=30)
    assert len(crm.slack.posted(dm(REP))) == 1
    assert _ledger(crm, "nudge")[0].status == "sent"


def test_a_nudge_button_on_a_message_the_app_does_not_know_says_so(crm: Harness) -> None:
    """A forged (or very old) Done click changes nothing, and the person is told why."""
    customer = add_customer(crm.engine, "Acme", owner=REP, now=START)
    reply, url = crm.click(ids.NUDGE_DONE, f"step:{customer.id}", user=REP)
    assert reply.status == 200
    assert "That reminder is out of date" in text_of(crm.reply_to(url))
    assert crm.slack.calls_to("chat.update") == []
