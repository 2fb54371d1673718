"""Reminders at the due time (issue 13): a next step with a clock time gets a DM its owner's lead
before it (15 minutes unless they chose otherwise in `/crm me`), once, through the delivery
ledger; and a customer's owner hears, at most once an hour, about follow-ups others logged on
it. Driven through the app over HTTP, the `reminders` job with a given time, and real
`crm-bot run-job reminders` processes (one killed between claiming the reminder and sending it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID, StandInSlack
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from scheduler.jobs import JobContext, job_context, run_job, tick
from storage.models import AuditEvent, NextStep, OutboundMessage, PersonSetting
from tests.conftest import OTHER_REP, REP, START
from tests.support.factories import add_customer
from tests.support.kill_points import DieAt, Launcher
from tests.support.processes import bot_env, start_bot

# START is Wed 2026-11-18 10:00 in Shanghai (REP's zone): "tue 3pm" is Tue 2026-11-24 15:00
# there, 07:00 UTC.
TUE_3PM = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
TUE_NUDGE = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
MINUTE = timedelta(minutes=1)
ZH_REP = "U0ZHREP01"


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    return job_context(crm.settings, crm.engine)


@pytest.fixture
def launcher(
    slack: StandInSlack, engine: Engine, database_url: str, tmp_path: Path
) -> Iterator[Launcher]:
    started = Launcher(slack, database_url, tmp_path)
    yield started
    started.stop_all()


def _demo_tue_3pm(crm: Harness, what: str = "demo") -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", f"Acme called, next: {what} tue 3pm", user=REP)


def _reminders(crm: Harness, user: str = REP) -> list[dict[str, Any]]:
    return [m for m in crm.slack.posted(dm(user)) if _key(m).startswith("reminder:")]


def _key(message: dict[str, Any]) -> str:
    return str(((message.get("metadata") or {}).get("event_payload") or {}).get("key") or "")


def _ledger(crm: Harness, kind: str) -> list[OutboundMessage]:
    with crm.session() as session:
        statement = select(OutboundMessage).where(OutboundMessage.kind == kind)
        return list(session.exec(statement.order_by(col(OutboundMessage.id))))


def _steps(crm: Harness) -> list[NextStep]:
    with crm.session() as session:
        return list(session.exec(select(NextStep).order_by(col(NextStep.id))))


def _act(crm: Harness, message: dict[str, Any], action: dict[str, Any]) -> None:
    assert crm.act_on_message(message, action, user=REP, channel=dm(REP)).status == 200


def _buttons(message: dict[str, Any], item_text: str | None = None) -> dict[str, Any]:
    """The actions block of the reminder (or of the nudge item whose text has `item_text`)."""
    blocks = message["blocks"]
    for n, block in enumerate(blocks):
        if block["type"] == "section" and (item_text is None or item_text in text_of(block)):
            return dict(blocks[n + 1])
    raise AssertionError(f"no item {item_text!r} in {message}")


def test_a_step_at_3pm_is_reminded_once_at_2_45_in_the_owners_zone(
    crm: Harness, jobs: JobContext
) -> None:
    _demo_tue_3pm(crm)
    [step] = _steps(crm)
    assert step.due_has_time and step.due_at == TUE_3PM

    run_job("reminders", jobs, TUE_3PM - 16 * MINUTE)  # 14:44 in Shanghai
    assert _reminders(crm) == []
    report = run_job("reminders", jobs, TUE_3PM - 15 * MINUTE)  # 14:45
    assert (report.planned, report.delivered.sent) == (1, 1)
    run_job("reminders", jobs, TUE_3PM - 14 * MINUTE)  # 14:46
    tick(jobs, TUE_3PM - 10 * MINUTE)  # the scheduler's every-minute tick runs it too
    [reminder] = _reminders(crm)

    assert _key(reminder) == f"reminder:{step.id}:{TUE_3PM.isoformat()}"
    said = text_of(reminder)
    assert "*In 15 min* · *Acme*" in said and "demo" in said
    assert reminder["text"] == "In 15 min: demo"
    elements = _buttons(reminder)["elements"]
    assert [e["action_id"] for e in elements] == [
        ids.NUDGE_DONE,
        ids.NUDGE_SNOOZE,
        ids.NUDGE_RESCHEDULE,
        ids.NUDGE_LOG,
    ]
    assert [r.status for r in _ledger(crm, "reminder")] == ["sent"]


def test_a_lead_chosen_in_crm_me_moves_the_reminder(crm: Harness, jobs: JobContext) -> None:
    _demo_tue_3pm(crm)
    crm.command("/crm", "me", user=REP)
    view = crm.opened_view()
    [field] = [b for b in view["blocks"] if b.get("block_id") == "reminder_lead"]
    assert field["label"]["text"] == "Remind me before steps with a time"
    assert field["element"]["initial_option"]["value"] == "15"

    crm.submit(view, {"reminder_lead": "10"}, user=REP)
    said = text_of(crm.slack.wait_for("response_url")[-1].params)
    assert "Reminders before steps with a time: 10 minutes before" in said
    with crm.session() as session:
        row = session.get(PersonSetting, (TEAM_ID, REP))
        audits = session.exec(select(AuditEvent).where(AuditEvent.action.startswith("person.")))
        actions = sorted(a.action for a in audits)
    assert row is not None and row.reminder_lead_minutes == 10
    assert actions == ["person.reminder_lead", "person.settings"]

    run_job("reminders", jobs, TUE_3PM - 15 * MINUTE)
    run_job("reminders", jobs, TUE_3PM - 11 * MINUTE)
    assert _reminders(crm) == []
    run_job("reminders", jobs, TUE_3PM - 10 * MINUTE)  # 14:50
    run_job("reminders", jobs, TUE_3PM - 9 * MINUTE)
    [reminder] = _reminders(crm)
    assert "*In 10 min*" in text_of(reminder)

    crm.command("/crm", "me", user=REP)
    again = crm.opened_view()
    [field] = [b for b in again["blocks"] if b.get("block_id") == "reminder_lead"]
    assert field["element"]["initial_option"]["value"] == "10"


def test_done_and_snoozed_steps_are_not_reminded(crm: Harness, jobs: JobContext) -> None:
    _demo_tue_3pm(crm, "demo")
    crm.command_reply("/followup", "Acme emailed, next: call CFO tue 3pm", user=REP)
    crm.clock.now = TUE_NUDGE
    tick(jobs, TUE_NUDGE)  # the morning DM lists both, with the same buttons
    [nudge] = crm.slack.posted(dm(REP))
    done = _buttons(nudge, "demo")
    _act(
        crm,
        nudge,
        {
            "action_id": ids.NUDGE_DONE,
            "block_id": done["block_id"],
            "value": done["elements"][0]["value"],
            "type": "button",
        },
    )
    crm.slack.wait_for("chat.update", count=1)
    snooze = {
        "action_id": ids.NUDGE_SNOOZE,
        "block_id": _buttons(nudge, "call CFO")["block_id"],
        "type": "static_select",
        "selected_option": {"text": {"type": "plain_text", "text": "1 day"}, "value": "1d"},
    }
    _act(crm, nudge, snooze)  # snoozed until Wednesday 09:00, past the reminder
    crm.slack.wait_for("chat.update", count=2)
    assert [s.status for s in _steps(crm)] == ["done", "open"]

    for minutes in (16, 15, 14, 0, -10):
        run_job("reminders", jobs, TUE_3PM - minutes * MINUTE)
    assert _reminders(crm) == []
    assert _ledger(crm, "reminder") == []


def test_a_step_done_after_its_reminder_was_planned_is_not_sent(
    crm: Harness, jobs: JobContext
) -> None:
    _demo_tue_3pm(crm)
    crm.slack.fail_next("conversations.open", error="ratelimited")
    run_job("reminders", jobs, TUE_3PM - 15 * MINUTE)  # planned; Slack said later
    assert _reminders(crm) == []
    with crm.session() as session:
        step = session.exec(select(NextStep)).one()
        step.status = "done"
        session.add(step)
        session.commit()
    run_job("reminders", jobs, TUE_3PM - 10 * MINUTE)
    assert _reminders(crm) == []
    assert [r.status for r in _ledger(crm, "reminder")] == ["skipped"]


def test_a_rescheduled_step_is_reminded_again_at_its_new_time(
    crm: Harness, jobs: JobContext
) -> None:
    _demo_tue_3pm(crm)
    run_job("reminders", jobs, TUE_3PM - 15 * MINUTE)
    [reminder] = _reminders(crm)
    crm.clock.now = TUE_3PM - 14 * MINUTE
    move = {
        "action_id": ids.NUDGE_RESCHEDULE,
        "block_id": _buttons(reminder)["block_id"],
        "type": "datepicker",
        "selected_date": "2026-11-26",
    }
    _act(crm, reminder, move)
    crm.slack.wait_for("chat.update")
    redrawn = text_of(_reminders(crm)[0])
    assert "moved to" in redrawn and "reminded again" in redrawn
    [step] = _steps(crm)
    thursday_3pm = TUE_3PM + timedelta(days=2)
    assert step.due_at == thursday_3pm and step.due_has_time  # the time of day is kept

    run_job("reminders", jobs, TUE_3PM)
    assert len(_reminders(crm)) == 1
    run_job("reminders", jobs, thursday_3pm - 16 * MINUTE)
    assert len(_reminders(crm)) == 1
    run_job("reminders", jobs, thursday_3pm - 15 * MINUTE)
    run_job("reminders", jobs, thursday_3pm - 14 * MINUTE)
    first, second = _reminders(crm)
    assert "moved to" in text_of(first)
    assert _key(second) == f"reminder:{step.id}:{thursday_3pm.isoformat()}"
    assert "*In 15 min*" in text_of(second)

    done = _buttons(second)["elements"][0]
    _act(
        crm,
        second,
        {
            "action_id": done["action_id"],
            "block_id": _buttons(second)["block_id"],
            "value": done["value"],
            "type": "button",
        },
    )
    crm.slack.wait_for("chat.update", count=2)
    assert _steps(crm)[0].status == "done"
    assert "~demo~" in text_of(_reminders(crm)[1]) and "done" in text_of(_reminders(crm)[1])


@pytest.mark.parametrize(
    ("kill_at", "reached_slack"),
    [
        ("Courier._send", False),  # claimed and taken, never handed to Slack
        ("Courier._mark_sent", True),  # Slack has it; the ledger was not told
    ],
)
def test_a_run_killed_between_claim_and_send_still_reminds_once(
    crm: Harness, launcher: Launcher, kill_at: str, reached_slack: bool
) -> None:
    _demo_tue_3pm(crm)
    at_2_45 = TUE_3PM - 15 * MINUTE
    dying = launcher.run_job("reminders", at_2_45, DieAt("scheduler.delivery", kill_at))
    assert dying.died(), dying.output()
    [row] = _ledger(crm, "reminder")
    assert row.status == "sending"
    assert len(crm.slack.calls_to("chat.postMessage")) == int(reached_slack)

    launcher.run_job("reminders", at_2_45 + MINUTE).finish()
    launcher.run_job("reminders", at_2_45 + 5 * MINUTE).finish()
    assert len(_reminders(crm)) == 1
    assert len(crm.slack.calls_to("chat.postMessage")) == 1
    assert [r.status for r in _ledger(crm, "reminder")] == ["sent"]
    if reached_slack:  # found in the conversation by its ledger key, and only updated
        assert len(crm.slack.calls_to("chat.update")) == 1


def test_crm_bot_run_job_reminders_sends_it(
    crm: Harness, database_url: str, tmp_path: Path
) -> None:
    _demo_tue_3pm(crm)
    process = start_bot(
        ["run-job", "reminders", "--now", "2026-11-24T06:45:00Z"],
        cwd=tmp_path,
        env=bot_env(crm.slack.url, database_url),
    )
    out, err = process.communicate(timeout=90)
    assert process.returncode == 0, err
    assert out.startswith("reminders at 2026-11-24T06:45:00+00:00: planned 1, sent 1")
    [reminder] = _reminders(crm)
    assert "*In 15 min*" in text_of(reminder)


def test_the_owner_hears_once_an_hour_about_follow_ups_others_logged(
    crm: Harness, jobs: JobContext
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    for minutes, what in ((5, "called their buyer"), (20, "sent samples"), (40, "met the CFO")):
        crm.clock.now = START + minutes * MINUTE
        crm.command_reply("/followup", f"Acme {what}", user=OTHER_REP)
    crm.clock.now = START + 50 * MINUTE
    crm.command_reply("/followup", "Acme called about the invoice", user=REP)  # their own

    run_job("reminders", jobs, START + 59 * MINUTE)
    assert crm.slack.posted(dm(REP)) == []
    run_job("reminders", jobs, START + 60 * MINUTE)
    run_job("reminders", jobs, START + 61 * MINUTE)
    tick(jobs, START + 70 * MINUTE)
    [notice] = crm.slack.posted(dm(REP))
    said = text_of(notice)
    assert "3 follow-ups on *Acme*" in said and "by others in the last hour" in said
    for what in ("called their buyer", "sent samples", "met the CFO"):
        assert what in said
    assert f"<@{OTHER_REP}>" in said and "invoice" not in said
    assert crm.slack.posted(dm(OTHER_REP)) == []

    crm.clock.now = START + 80 * MINUTE
    crm.command_reply("/followup", "Acme visited the plant", user=OTHER_REP)
    run_job("reminders", jobs, START + 119 * MINUTE)
    assert len(crm.slack.posted(dm(REP))) == 1
    run_job("reminders", jobs, START + 120 * MINUTE)
    run_job("reminders", jobs, START + 125 * MINUTE)
    first, second = crm.slack.posted(dm(REP))
    assert first["ts"] == notice["ts"]
    assert f"<@{OTHER_REP}> logged a follow-up on *Acme*" in text_of(second)
    assert "visited the plant" in text_of(second)
    assert [r.status for r in _ledger(crm, "notice")] == ["sent", "sent"]

    run_job("reminders", jobs, START + 180 * MINUTE)  # nobody else followed up since
    assert len(crm.slack.posted(dm(REP))) == 2


def test_a_chinese_rep_is_reminded_in_chinese(crm: Harness, jobs: JobContext) -> None:
    crm.slack.add_user(ZH_REP, tz="Asia/Shanghai", name="李雷", locale="zh-CN")
    add_customer(crm.engine, "北京和华生物有限公司", owner=ZH_REP, now=START)
    crm.command_reply("/followup", "和华 拜访了张总，下一步：明天下午3点发报价", user=ZH_REP)
    [step] = _steps(crm)
    thursday_3pm = datetime(2026, 11, 19, 7, 0, tzinfo=UTC)
    assert step.due_at == thursday_3pm and step.due_has_time

    run_job("reminders", jobs, thursday_3pm - 15 * MINUTE)
    [reminder] = _reminders(crm, ZH_REP)
    said = text_of(reminder)
    assert "*15 分钟后* · *北京和华生物有限公司*" in said and "发报价" in said
    assert reminder["text"] == "15 分钟后：发报价"
    labels = [e.get("text", {}).get("text") for e in _buttons(reminder)["elements"]]
    assert "In 15 min" not in said and "Done" not in labels


def test_logging_a_follow_up_from_the_reminder_redraws_it(crm: Harness, jobs: JobContext) -> None:
    _demo_tue_3pm(crm)
    run_job("reminders", jobs, TUE_3PM - 15 * MINUTE)
    [reminder] = _reminders(crm)
    crm.clock.now = TUE_3PM - 5 * MINUTE
    log = _buttons(reminder)["elements"][-1]
    _act(
        crm,
        reminder,
        {
            "action_id": log["action_id"],
            "block_id": _buttons(reminder)["block_id"],
            "value": log["value"],
            "type": "button",
        },
    )
    crm.submit(crm.opened_view(), {"what": "Confirmed the demo room"}, user=REP)
    crm.slack.wait_for("chat.update")
    assert "*In 5 min* · *Acme*" in text_of(_reminders(crm)[0])  # still open, drawn again
    assert len(_reminders(crm)) == 1
