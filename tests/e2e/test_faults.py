"""Faults from outside (issue 9): Slack's Web API and the database misbehaving.

Slack answers 429 with Retry-After, 5xx and ok:false, hangs past the client's timeout and resets
connections (at the stand-in); a scheduled message is then sent exactly once or waits in the
ledger, never twice, and a reply that cannot use its response URL reaches the person as a DM.
The database refuses, hangs and drops connections mid-request (PostgreSQL behind a faulty link),
or another connection holds SQLite's write lock: the person is answered within Slack's 3 s and
what they are told matches what is stored. N concurrent writers store N rows.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.sandbox.harness import Harness, MutableClock, button, settings_for_standin, text_of
from bot.sandbox.signed import HttpReply
from bot.sandbox.standin import StandInSlack
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from scheduler.jobs import JobContext, job_context, run_job
from storage.database import make_engine, upgrade_database
from storage.models import AuditEvent, Customer, FollowUp, NextStep, OutboundMessage
from tests.conftest import ADMIN, OTHER_REP, POSTGRES_URL, REP, START
from tests.support.factories import add_customer
from tests.support.faulty_db import FaultyLink, unopenable_sqlite_url, write_lock_held

THU_SHANGHAI_0900 = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
MON_SHANGHAI_0900 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LATER = timedelta(minutes=2)
"""Past the ledger's first backoff (30 s): the scheduler's next attempt."""
DIGEST_CHANNEL = "C0DIGEST1"
CLIENT_TIMEOUT_S = 1
"""The scheduler's Web API timeout in these tests (10 s in production), so a hang is short."""
SLACK_WAITS_S = 3.0
"""Slack shows the person an error when a command is not answered within 3 s."""

T = TypeVar("T")


def _followup_texts(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [f.text for f in session.exec(select(FollowUp).order_by(col(FollowUp.id)))]


def _ledger(engine: Engine, kind: str) -> list[OutboundMessage]:
    with Session(engine) as session:
        statement = select(OutboundMessage).where(OutboundMessage.kind == kind)
        return list(session.exec(statement.order_by(col(OutboundMessage.id))))


def _says_nothing_was_saved(message: dict[str, Any]) -> bool:
    words = text_of(message).casefold()
    return message.get("response_type") == "ephemeral" and "nothing was saved" in words


def _eventually(found: Callable[[], list[T]], timeout: float = 5.0) -> list[T]:
    """What `found` returns once it is not empty (or, after `timeout`, whatever it returns)."""
    deadline = time.monotonic() + timeout
    while not (result := found()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


# --- Slack faults in the scheduler's messages ---------------------------------------------

Fault = Callable[[StandInSlack, str], None]
FAULTS: dict[str, Fault] = {
    "429 then ok": lambda s, m: s.fail_next(m, status=429, headers={"Retry-After": "1"}),
    "503": lambda s, m: s.fail_next(m, status=503, error="service_unavailable"),
    "ok false": lambda s, m: s.fail_next(m, error="internal_error"),
    "timeout, done": lambda s, m: s.stall_next(m, seconds=CLIENT_TIMEOUT_S + 1, act=True),
    "timeout, not done": lambda s, m: s.stall_next(m, seconds=CLIENT_TIMEOUT_S + 1, act=False),
    "reset, done": lambda s, m: s.reset_next(m, act=True),
    "reset, not done": lambda s, m: s.reset_next(m, act=False),
}


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    ctx = job_context(crm.settings, crm.engine)
    ctx.client.timeout = CLIENT_TIMEOUT_S
    return ctx


def _sent_once_or_waiting(
    crm: Harness,
    jobs: JobContext,
    *,
    kind: str,
    channel: str,
    method: str,
    fault: str,
    at: datetime,
) -> None:
    """Run the job with `fault` on `method`'s next call, then the scheduler's next runs: the
    message is sent once, or waits in the ledger and is sent once by the next run."""
    FAULTS[fault](crm.slack, method)
    job = "digest" if kind == "digest" else "nudges"

    def posted() -> int:
        return len([m for m in crm.slack.posted(channel) if "files" not in m])

    run_job(job, jobs, at)
    [row] = _ledger(crm.engine, kind)
    assert posted() <= 1, "sent twice"
    if fault == "429 then ok":
        first, retried = crm.slack.calls_to(method)[-2:]
        assert 0.9 <= retried.at - first.at < 3  # after Retry-After, within the same run
        assert row.status == "sent" and posted() == 1
        return
    if row.status != "sent":
        assert row.status in ("pending", "sending") and row.last_error, row
        run_job(job, jobs, at + LATER)
        [row] = _ledger(crm.engine, kind)
    assert row.status == "sent" and posted() == 1, (row, posted())
    run_job(job, jobs, at + 2 * LATER)  # and nothing more later
    assert posted() == 1


def _cases(methods: list[str]) -> list[Any]:
    return [
        pytest.param(method, fault, id=f"{method}-{fault}")
        for method in methods
        for fault in FAULTS
    ]


@pytest.mark.parametrize(("method", "fault"), _cases(["conversations.open", "chat.postMessage"]))
def test_a_nudge_dm_is_sent_once_whatever_slack_does(
    crm: Harness, jobs: JobContext, method: str, fault: str
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    _sent_once_or_waiting(
        crm, jobs, kind="nudge", channel=dm(REP), method=method, fault=fault, at=THU_SHANGHAI_0900
    )
    [message] = crm.slack.posted(dm(REP))
    assert "send pricing" in text_of(message)


def _set_up_digest(crm: Harness, channel: str) -> None:
    _, url = crm.command("/crm", "digest", user=ADMIN)
    values: dict[str, Any] = {"channel": channel, "zone": "Asia/Shanghai", "tiers": []}
    assert crm.submit(crm.opened_view(), values, user=ADMIN).status == 200
    assert "gets the weekly digest" in text_of(crm.reply_to(url))


@pytest.mark.parametrize(("method", "fault"), _cases(["chat.postMessage"]))
def test_the_digest_is_posted_once_whatever_slack_does(
    crm: Harness, jobs: JobContext, method: str, fault: str
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    _set_up_digest(crm, DIGEST_CHANNEL)
    _sent_once_or_waiting(
        crm,
        jobs,
        kind="digest",
        channel=DIGEST_CHANNEL,
        method=method,
        fault=fault,
        at=MON_SHANGHAI_0900,
    )
    [chart] = _ledger(crm.engine, "chart")
    assert chart.status == "sent"
    assert len([m for m in crm.slack.posted(DIGEST_CHANNEL) if "files" in m]) == 1


# --- Slack faults while answering a person ------------------------------------------------

VIEW_FAULTS: dict[str, Fault] = {
    "500": lambda s, m: s.fail_next(m, status=500),
    "ok false": lambda s, m: s.fail_next(m, error="expired_trigger_id"),
    "hangs": lambda s, m: s.stall_next(m, seconds=2.7, act=False),  # past the 2.4 s deadline
}
VIEW_CASES = [
    "500",
    "ok false",
    "hangs",
]


@pytest.mark.parametrize("fault", VIEW_CASES)
def test_a_form_slack_will_not_open_gets_one_polite_message(crm: Harness, fault: str) -> None:
    VIEW_FAULTS[fault](crm.slack, "views.open")
    reply, url = crm.command("/customer", "new Acme", user=REP)
    assert reply.status == 200
    told = crm.reply_to(url)
    time.sleep(1.0)  # for anything that would follow
    assert told.get("response_type") == "ephemeral"
    assert "try again" in text_of(told).casefold()
    assert "database" not in text_of(told).casefold()  # Slack failed, not the database
    assert not crm.slack.calls_to("response_url")  # the answer was the only message
    assert all(call.fault is not None for call in crm.slack.calls_to("views.open"))


REPLY_FAULTS: dict[str, Fault] = {
    "500": lambda s, m: s.fail_next(m, status=500, times=5),
    "reset": lambda s, m: s.reset_next(m, times=5),  # more than the webhook client's retries
}
REPLY_CASES = [
    "500",
    "reset",
]


def _the_reply_came_as_a_dm(
    crm: Harness, user: str, caplog: pytest.LogCaptureFixture, says: str
) -> None:
    [call] = crm.slack.wait_for("chat.postMessage", lambda c: c.params["channel"] == dm(user))
    assert says in text_of(call.params)
    assert not [c for c in crm.slack.calls_to("response_url") if c.fault is None]
    [row] = _eventually(lambda: [r for r in _ledger(crm.engine, "message") if r.status == "sent"])
    assert row.recipient == user
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, [r.getMessage() for r in problems]
    assert problems[0].exc_info is None and "\n" not in problems[0].getMessage()


@pytest.mark.parametrize("fault", REPLY_CASES)
def test_a_command_reply_that_cannot_use_its_response_url_comes_as_a_dm(
    crm: Harness, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/crm", f"role <@{ADMIN}> admin", user=ADMIN)
    with caplog.at_level(logging.INFO):
        # The fault is set first: "Working…" rides in the HTTP answer, so the response URL's
        # first use is the digest (set after the command, a quick digest could beat it).
        REPLY_FAULTS[fault](crm.slack, "response_url")
        _, url = crm.command("/crm", "digest preview", user=ADMIN)  # then the digest follows
        assert "Working on the digest" in text_of(crm.reply_to(url))
        _the_reply_came_as_a_dm(crm, ADMIN, caplog, "Weekly customer digest")


@pytest.mark.parametrize("fault", REPLY_CASES)
def test_a_button_reply_that_cannot_use_its_response_url_comes_as_a_dm(
    crm: Harness, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    add_customer(crm.engine, "Acme Logistics", owner=OTHER_REP, now=START)
    question = crm.command_reply("/followup", "Acme called, next: send pricing fri", user=REP)
    action_id, value = button(question, ids.FOLLOWUP_PICK)
    REPLY_FAULTS[fault](crm.slack, "response_url")
    with caplog.at_level(logging.INFO):
        reply, _ = crm.click(action_id, value, user=REP)
        assert reply.status == 200
        _the_reply_came_as_a_dm(crm, REP, caplog, "Acme")
    assert _followup_texts(crm.engine) == ["called"]


# --- the database refusing, hanging, dropping ---------------------------------------------


@dataclass
class Faulty:
    """The app on a database the test can break; `direct` reads it past the breakage."""

    crm: Harness
    direct: Engine
    link: FaultyLink | None = None
    path: Path | None = None

    def command(self, text: str) -> tuple[HttpReply, dict[str, Any], float]:
        """`/followup text` from REP: the HTTP answer, what the person was told, and when."""
        started = time.monotonic()
        reply, url = self.crm.command("/followup", text, user=REP)
        told = self.crm.reply_to(url)
        return reply, told, time.monotonic() - started


def _harness(slack: StandInSlack, clock: MutableClock, url: str) -> Harness:
    return Harness(
        slack=slack, engine=make_engine(url), clock=clock, settings=settings_for_standin(slack, url)
    ).start()


ON_POSTGRESQL = pytest.mark.parametrize(
    "faulty",
    [
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="CRM_TEST_POSTGRES_URL is not set"),
        )
    ],
    indirect=True,
)
ON_SQLITE = pytest.mark.parametrize("faulty", ["sqlite"], indirect=True)


@pytest.fixture
def faulty(
    request: pytest.FixtureRequest, slack: StandInSlack, clock: MutableClock, tmp_path: Path
) -> Iterator[Faulty]:
    """SQLite in tmp_path, or PostgreSQL reached through a `FaultyLink`; Acme exists and one
    follow-up has been logged (the pool is warm, the person's zone known)."""
    link = None
    if request.param == "sqlite":
        path = tmp_path / "crm.sqlite3"
        direct = make_engine(f"sqlite:///{path}")
        app_url = f"sqlite:///{path}"
    else:
        assert POSTGRES_URL is not None
        path = None
        direct = make_engine(POSTGRES_URL)  # the test's own view, past the faulty link
        with direct.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        link = FaultyLink.in_front_of(POSTGRES_URL).start()
        app_url = link.url_for(POSTGRES_URL)
    upgrade_database(direct)
    add_customer(direct, "Acme", owner=REP, now=START)
    crm = _harness(slack, clock, app_url)
    try:
        _, told, _ = Faulty(crm, direct).command("Acme called, next: send pricing tomorrow")
        assert "Acme" in text_of(told) and _followup_texts(direct) == ["called"]
        yield Faulty(crm, direct, link, path)
    finally:
        if link is not None:
            link.restore()
        crm.stop()
        if link is not None:
            link.stop()
        crm.engine.dispose()
        direct.dispose()


def _link(faulty: Faulty) -> FaultyLink:
    assert faulty.link is not None
    return faulty.link


@dataclass(frozen=True)
class Stored:
    followups: list[str]
    steps: list[str]
    audit_events: list[str]
    last_activity: list[datetime | None]


def _stored(faulty: Faulty) -> Stored:
    """What the database holds, read past any fault."""
    with Session(faulty.direct) as session:
        steps = session.exec(select(NextStep.description).order_by(col(NextStep.id))).all()
        audits = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
        activity = session.exec(select(Customer.last_activity_at)).all()
    return Stored(
        followups=_followup_texts(faulty.direct),
        steps=list(steps),
        audit_events=[json.dumps(a.after, default=str) for a in audits],
        last_activity=list(activity),
    )


def _no_trace_of(stored: Stored, *words: str) -> bool:
    everything = json.dumps([stored.followups, stored.steps, stored.audit_events])
    return not any(word in everything for word in words)


def test_sqlite_that_cannot_be_opened_gets_a_polite_answer_at_once(
    slack: StandInSlack, clock: MutableClock, tmp_path: Path
) -> None:
    crm = _harness(slack, clock, unopenable_sqlite_url(tmp_path))
    try:
        started = time.monotonic()
        reply, url = crm.command("/followup", "Acme called, next: send pricing tomorrow", user=REP)
        told = crm.reply_to(url)
        assert reply.status == 200 and time.monotonic() - started < 2
        assert _says_nothing_was_saved(told), told
        assert _get(crm.url + "/healthz") == 503
    finally:
        crm.stop()
        crm.engine.dispose()


@ON_POSTGRESQL
def test_postgresql_refusing_gets_a_polite_answer_at_once_and_recovers(faulty: Faulty) -> None:
    link = _link(faulty)
    before = _stored(faulty)
    link.refuse()
    reply, told, took = faulty.command("Acme emailed, next: book demo friday")
    assert reply.status == 200 and took < 2, (reply, took)
    assert _says_nothing_was_saved(told), told
    assert _get(faulty.crm.url + "/healthz") == 503
    assert _stored(faulty) == before
    link.restore()
    assert _get(faulty.crm.url + "/healthz") == 200
    _, told, _ = faulty.command("Acme visited")
    assert "Acme" in text_of(told) and _followup_texts(faulty.direct) == ["called", "visited"]
    assert _no_trace_of(_stored(faulty), "emailed", "book demo")


@ON_POSTGRESQL
def test_postgresql_hanging_is_answered_in_time_and_nothing_is_saved(faulty: Faulty) -> None:
    link = _link(faulty)
    before = _stored(faulty)
    link.hang()
    reply, told, took = faulty.command("Acme emailed, next: book demo friday")
    assert reply.status == 200 and took < SLACK_WAITS_S, (reply, took)
    assert _says_nothing_was_saved(told), told
    started = time.monotonic()
    assert _get(faulty.crm.url + "/healthz") == 503
    assert time.monotonic() - started < 2
    link.restore()  # the held statements now reach the server; the request must not commit
    _, told, _ = faulty.command("Acme visited")
    assert "Acme" in text_of(told)
    time.sleep(0.5)  # the given-up request has had its chance to finish
    after = _stored(faulty)
    assert after.followups == ["called", "visited"]
    assert after.steps == before.steps and _no_trace_of(after, "emailed", "book demo")


@ON_POSTGRESQL
@pytest.mark.parametrize("cut", [b"INSERT INTO follow_up", b"INSERT INTO audit_event"])
def test_postgresql_dropping_mid_request_saves_nothing_and_recovers(
    faulty: Faulty, cut: bytes
) -> None:
    link = _link(faulty)
    before = _stored(faulty)
    link.drop_on(cut)
    reply, told, took = faulty.command("Acme emailed, next: book demo friday")
    assert reply.status == 200 and took < SLACK_WAITS_S, (reply, took)
    assert _says_nothing_was_saved(told), told
    assert _stored(faulty) == before, cut
    _, told, _ = faulty.command("Acme visited")  # the pool has let go of the broken connection
    assert "Acme" in text_of(told)
    link.drop()  # and connections cut between requests are replaced quietly
    _, told, _ = faulty.command("Acme met, next: send contract monday")
    assert "Acme" in text_of(told)
    assert _followup_texts(faulty.direct) == ["called", "visited", "met"]


@ON_POSTGRESQL
def test_postgresql_dropping_after_the_commit_arrives_does_not_say_nothing_was_saved(
    faulty: Faulty,
) -> None:
    _link(faulty).drop_on(b"COMMIT")
    reply, told, took = faulty.command("Acme emailed, next: book demo friday")
    assert reply.status == 200 and took < SLACK_WAITS_S, (reply, took)
    assert _stored(faulty).followups == ["called", "emailed"]  # the server did commit
    assert not _says_nothing_was_saved(told), told
    assert "can't tell whether this was saved" in text_of(told)


@ON_SQLITE
def test_sqlite_locked_by_another_writer_is_answered_in_time_and_nothing_is_saved(
    faulty: Faulty,
) -> None:
    assert faulty.path is not None
    before = _stored(faulty)
    with write_lock_held(faulty.path):
        started = time.monotonic()
        reply, told, took = faulty.command("Acme emailed, next: book demo friday")
        assert reply.status == 200 and took < SLACK_WAITS_S, (reply, took)
        assert _says_nothing_was_saved(told), told
        time.sleep(max(0.0, started + 3.5 - time.monotonic()))  # held past Slack's 3 s
    _, told, _ = faulty.command("Acme visited")
    assert "Acme" in text_of(told)
    time.sleep(0.5)  # the given-up request has had its chance to finish
    after = _stored(faulty)
    assert after.followups == ["called", "visited"]
    assert after.steps == before.steps and _no_trace_of(after, "emailed", "book demo")


# --- many writers at once -------------------------------------------------------------------

WRITERS = 30


def test_concurrent_followups_each_store_one_row(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    replies: dict[int, tuple[HttpReply, str]] = {}
    go = threading.Barrier(WRITERS)

    def write(n: int) -> None:
        go.wait(timeout=10)
        replies[n] = crm.command("/followup", f"Acme called about order {n}", user=REP)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=30)
    assert sorted(replies) == list(range(WRITERS))
    assert [r.status for r, _ in replies.values()] == [200] * WRITERS
    for n, (_, url) in replies.items():
        assert f"order {n}" in json.dumps(crm.reply_to(url)), n
    texts = _followup_texts(crm.engine)
    assert sorted(texts) == sorted(f"called about order {n}" for n in range(WRITERS))
