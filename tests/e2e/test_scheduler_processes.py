"""Exactly once across processes: two schedulers on one database, and processes killed in the
middle of sending. Real `crm-bot` processes, the stand-in Slack, a real database."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from bot.sandbox.harness import Harness, MutableClock
from bot.sandbox.standin import dm_channel as dm
from scheduler.jobs import job_context
from scheduler.runner import CrmScheduler
from storage.models import OutboundMessage
from storage.scheduling import try_lease
from tests.conftest import REP, START
from tests.support.factories import add_customer
from tests.support.processes import bot_env, start_bot

THU_SHANGHAI_0900 = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
MANY = [f"U0REP{n:04d}" for n in range(10, 16)]


def _run_job(crm: Harness, database_url: str, tmp_path: Path, now: datetime) -> str:
    process = start_bot(
        ["run-job", "nudges", "--now", now.isoformat()],
        cwd=tmp_path,
        env=bot_env(crm.slack.url, database_url),
    )
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


def _kill_while_calling(method: str, crm: Harness, database_url: str, tmp_path: Path) -> None:
    """Start `run-job nudges`, and SIGKILL it while the stand-in holds its call to `method`."""
    crm.slack.hold(method)
    process = start_bot(
        ["run-job", "nudges", "--now", THU_SHANGHAI_0900.isoformat()],
        cwd=tmp_path,
        env=bot_env(crm.slack.url, database_url),
    )
    crm.slack.wait_for(method, timeout=60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    crm.slack.release_holds()


def _ledger(crm: Harness) -> list[OutboundMessage]:
    with crm.session() as session:
        return list(session.exec(select(OutboundMessage)))


def _seed_owners(crm: Harness, owners: list[str]) -> None:
    for owner in owners:
        crm.slack.add_user(owner, tz="Asia/Shanghai")
        add_customer(crm.engine, f"Customer of {owner}", owner=owner, now=START)
        crm.command_reply(
            "/followup", f"Customer of {owner} called, next: call back tomorrow", user=owner
        )


def test_two_processes_on_one_database_send_each_nudge_once(
    crm: Harness, database_url: str, tmp_path: Path
) -> None:
    _seed_owners(crm, MANY)
    env = bot_env(crm.slack.url, database_url)
    args = ["run-job", "nudges", "--now", THU_SHANGHAI_0900.isoformat()]
    first, second = start_bot(args, cwd=tmp_path, env=env), start_bot(args, cwd=tmp_path, env=env)
    for process in (first, second):
        _, err = process.communicate(timeout=90)
        assert process.returncode == 0, err
    for owner in MANY:
        assert len(crm.slack.posted(dm(owner))) == 1, owner
    assert len(crm.slack.calls_to("chat.postMessage")) == len(MANY)
    assert {r.status for r in _ledger(crm)} == {"sent"}


def test_killed_between_ledger_write_and_send_then_restarted_sends_once(
    crm: Harness, database_url: str, tmp_path: Path
) -> None:
    _seed_owners(crm, [REP])
    _kill_while_calling("conversations.open", crm, database_url, tmp_path)
    [row] = _ledger(crm)
    assert row.status == "pending"  # planned, not yet sent
    assert crm.slack.calls_to("chat.postMessage") == []

    _run_job(crm, database_url, tmp_path, THU_SHANGHAI_0900 + timedelta(minutes=1))
    _run_job(crm, database_url, tmp_path, THU_SHANGHAI_0900 + timedelta(minutes=5))
    assert len(crm.slack.posted(dm(REP))) == 1
    assert len(crm.slack.calls_to("chat.postMessage")) == 1
    assert _ledger(crm)[0].status == "sent"


def test_killed_between_send_and_mark_then_restarted_does_not_send_twice(
    crm: Harness, database_url: str, tmp_path: Path
) -> None:
    _seed_owners(crm, [REP])
    # Slack gets the message; the answer never comes back.
    _kill_while_calling("chat.postMessage", crm, database_url, tmp_path)
    [row] = _ledger(crm)
    assert row.status == "sending"
    [delivered] = crm.slack.posted(dm(REP))

    _run_job(crm, database_url, tmp_path, THU_SHANGHAI_0900 + timedelta(minutes=1))
    assert len(crm.slack.calls_to("chat.postMessage")) == 1
    assert crm.slack.calls_to("conversations.history")
    [update] = crm.slack.calls_to("chat.update")
    assert update.params["ts"] == delivered["ts"]
    [row] = _ledger(crm)
    assert (row.status, row.ts) == ("sent", delivered["ts"])
    assert len(crm.slack.posted(dm(REP))) == 1


def test_the_lease_has_one_holder_and_passes_on_when_it_expires(crm: Harness) -> None:
    ttl = timedelta(seconds=40)
    now = START
    assert try_lease(engine=crm.engine, name="scheduler", holder="a", now=now, ttl=ttl)
    assert not try_lease(engine=crm.engine, name="scheduler", holder="b", now=now, ttl=ttl)
    assert try_lease(
        engine=crm.engine, name="scheduler", holder="a", now=now + timedelta(seconds=15), ttl=ttl
    )
    later = now + timedelta(seconds=56)  # a died after renewing at +15 s
    assert try_lease(engine=crm.engine, name="scheduler", holder="b", now=later, ttl=ttl)
    assert not try_lease(engine=crm.engine, name="scheduler", holder="a", now=later, ttl=ttl)


def test_only_the_leading_scheduler_ticks(crm: Harness) -> None:
    _seed_owners(crm, [REP])
    clock = MutableClock(THU_SHANGHAI_0900)
    first = CrmScheduler(job_context(crm.settings, crm.engine), clock=clock)
    second = CrmScheduler(job_context(crm.settings, crm.engine), clock=clock)
    assert first.hold_lease() and not second.hold_lease()
    second.run_tick()
    assert crm.slack.calls_to("chat.postMessage") == []
    first.run_tick()
    assert len(crm.slack.posted(dm(REP))) == 1
    clock.advance(seconds=60)  # the first scheduler died 60 s ago
    second.run_tick()
    assert second.is_leader
    assert len(crm.slack.calls_to("chat.postMessage")) == 1
