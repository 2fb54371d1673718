"""Installable in any workspace: OAuth installs through the stand-in Slack, each workspace's
requests and jobs with its own bot token, uninstalling, and what OAuth mode does to
SLACK_BOT_TOKEN. (Single-token mode is what every other e2e test runs.)"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.catalog.texts.install import text as t
from bot.sandbox.harness import Harness, MutableClock, browser_get, text_of
from bot.sandbox.signed import SIGNING_SECRET, event_body
from bot.sandbox.standin import BOT_TOKEN, StandInSlack, dm_channel
from bot.slack.scopes import BOT_SCOPES
from bot.wiring.app import OAUTH_WINS
from bot.wiring.settings import Settings, load_settings
from bot.wiring.startup import OAUTH_NEEDS_HTTP, StartUpError, check_slack_settings
from scheduler.jobs import job_context, tick
from tests.conftest import START
from tests.support.factories import add_customer
from tests.support.processes import clean_env

TEAM_A, TEAM_B = "T0ALPHA001", "T0BRAVO002"
REP_A, REP_B = "U0ALPHA001", "U0BRAVO001"
CLIENT_ID = "1111111111.2222222222"
OAUTH = {
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": "client-secret-for-the-stand-in",
    "SLACK_STATE_SECRET": "state-secret-for-the-stand-in-0123456789",
}
# Thu 2026-11-19 09:00 UTC: 09:00 in London (B), 17:00 in Shanghai (A), both in the day's
# nudge window (up to 12 hours after 09:00).
THU_LONDON_0900 = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)


def oauth_settings(slack: StandInSlack, database_url: str, **extra: str) -> Settings:
    return load_settings(
        _env_file=None,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        DATABASE_URL=database_url,
        CRM_TIMEZONE="Asia/Shanghai",
        **OAUTH,
        **extra,
    )


@pytest.fixture
def two_teams(
    slack: StandInSlack, engine: Engine, database_url: str, clock: MutableClock
) -> Iterator[Harness]:
    slack.add_user(REP_A, tz="Asia/Shanghai", name="Alice", team_id=TEAM_A)
    slack.add_user(REP_B, tz="Europe/London", name="Bob", team_id=TEAM_B)
    harness = Harness(
        slack=slack, engine=engine, clock=clock, settings=oauth_settings(slack, database_url)
    ).start()
    yield harness
    harness.stop()


def install(crm: Harness, team_id: str) -> str:
    """Someone in `team_id` follows the install link, approves, and comes back; the bot token
    the stand-in gave that team."""
    status, headers, _ = crm.get("/slack/install")
    assert status == 302, status
    link = urlparse(headers["location"])
    query = parse_qs(link.query)
    assert link.netloc == "slack.com" and link.path == "/oauth/v2/authorize"
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    state = query["state"][0]
    cookie = headers["set-cookie"].split(";")[0]
    assert cookie.endswith(state)
    code = crm.slack.install_code(team_id, team_name=f"Team {team_id[-1]}")
    status, _, page = crm.get(
        f"/slack/oauth_redirect?code={code}&state={quote(state)}", cookie=cookie
    )
    assert status == 200, page
    assert t.INSTALL_DONE_TITLE in page
    return crm.slack.token_of(team_id)


def tokens_used(crm: Harness, method: str, **params: str) -> set[str | None]:
    calls = crm.slack.calls_to(method)
    return {c.token for c in calls if all(c.params.get(k) == v for k, v in params.items())}


def bot_tokens_stored(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
    return {str(team): str(token) for team, token in rows}


def installed_teams(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        bots = connection.execute(text("SELECT team_id FROM slack_bots")).all()
        installs = connection.execute(text("SELECT team_id FROM slack_installations")).all()
    return {str(row[0]) for row in [*bots, *installs]}


def wait_until_installed_are(engine: Engine, teams: set[str]) -> None:
    """Events are answered at once and worked on after, so the test waits for the work."""
    deadline = time.monotonic() + 10
    while installed_teams(engine) != teams:
        assert time.monotonic() < deadline, installed_teams(engine)
        time.sleep(0.02)


def test_two_workspaces_install_and_each_command_uses_its_own_token(two_teams: Harness) -> None:
    crm = two_teams
    token_a, token_b = install(crm, TEAM_A), install(crm, TEAM_B)
    assert token_a != token_b
    assert len(crm.slack.calls_to("oauth.v2.access")) == 2
    assert bot_tokens_stored(crm.engine) == {TEAM_A: token_a, TEAM_B: token_b}
    add_customer(crm.engine, "Acme", owner=REP_A, now=START, team_id=TEAM_A)
    add_customer(crm.engine, "Globex", owner=REP_B, now=START, team_id=TEAM_B)

    reply_a = crm.command_reply(
        "/followup", "Acme called, next: send pricing fri", user=REP_A, team=TEAM_A
    )
    reply_b = crm.command_reply(
        "/followup", "Globex called, next: book demo fri", user=REP_B, team=TEAM_B
    )
    assert "Acme" in text_of(reply_a) and "Globex" in text_of(reply_b)
    crm.command("/customer", "new", user=REP_B, team=TEAM_B)
    crm.opened_view()

    assert tokens_used(crm, "users.info", user=REP_A) == {token_a}
    assert tokens_used(crm, "users.info", user=REP_B) == {token_b}
    assert tokens_used(crm, "views.open") == {token_b}
    assert tokens_used(crm, "auth.test") == {token_a, token_b}  # Bolt's authorize, per team
    everything = {c.token for c in crm.slack.calls if c.token}
    assert BOT_TOKEN not in everything


def test_a_scheduled_nudge_uses_its_own_teams_token(two_teams: Harness) -> None:
    crm = two_teams
    token_a, token_b = install(crm, TEAM_A), install(crm, TEAM_B)
    add_customer(crm.engine, "Acme", owner=REP_A, now=START, team_id=TEAM_A)
    add_customer(crm.engine, "Globex", owner=REP_B, now=START, team_id=TEAM_B)
    crm.command_reply("/followup", "Acme called, next: send pricing today", user=REP_A, team=TEAM_A)
    crm.command_reply(
        "/followup", "Globex called, next: send contract today", user=REP_B, team=TEAM_B
    )

    report = tick(job_context(crm.settings, crm.engine), THU_LONDON_0900)

    assert report.planned == 2 and report.delivered.sent == 2
    [to_b] = crm.slack.posted(dm_channel(REP_B))
    assert "Globex" in text_of(to_b) and "Acme" not in text_of(to_b)
    assert tokens_used(crm, "chat.postMessage", channel=dm_channel(REP_B)) == {token_b}
    assert tokens_used(crm, "chat.postMessage", channel=dm_channel(REP_A)) == {token_a}
    assert tokens_used(crm, "conversations.open", users=REP_B) == {token_b}


def test_uninstalling_removes_that_workspace_only(two_teams: Harness) -> None:
    crm = two_teams
    token_a, token_b = install(crm, TEAM_A), install(crm, TEAM_B)
    add_customer(crm.engine, "Acme", owner=REP_A, now=START, team_id=TEAM_A)
    add_customer(crm.engine, "Globex", owner=REP_B, now=START, team_id=TEAM_B)

    answered = crm.send_event(event_body({"type": "app_uninstalled"}, team_id=TEAM_A))
    assert answered.status == 200
    wait_until_installed_are(crm.engine, {TEAM_B})
    assert bot_tokens_stored(crm.engine) == {TEAM_B: token_b}

    calls_before = len(crm.slack.calls)
    reply, url = crm.command("/followup", "Acme called", user=REP_A, team=TEAM_A)
    assert reply.status == 200
    told = reply.body or text_of(crm.reply_to(url))
    assert t.INSTALL_NOT_INSTALLED in told
    assert token_a not in {c.token for c in crm.slack.calls[calls_before:]}
    with crm.engine.connect() as connection:
        logged = connection.execute(text("SELECT count(*) FROM follow_up")).scalar()
    assert logged == 0

    reply_b = crm.command_reply("/followup", "Globex called", user=REP_B, team=TEAM_B)
    assert "Globex" in text_of(reply_b)
    assert tokens_used(crm, "users.info", user=REP_B) == {token_b}

    crm.command_reply("/followup", "Globex emailed, next: call back today", user=REP_B, team=TEAM_B)
    report = tick(job_context(crm.settings, crm.engine), THU_LONDON_0900)
    assert report.delivered.sent == 1  # B's nudge; nothing is planned for A any more
    assert crm.slack.posted(dm_channel(REP_A)) == []


def test_revoking_the_bot_token_removes_the_installation(two_teams: Harness) -> None:
    crm = two_teams
    install(crm, TEAM_A)
    token_b = install(crm, TEAM_B)
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTLPHA001"]}}
    assert crm.send_event(event_body(revoked, team_id=TEAM_A)).status == 200
    wait_until_installed_are(crm.engine, {TEAM_B})
    assert bot_tokens_stored(crm.engine) == {TEAM_B: token_b}


def test_a_state_not_issued_here_is_refused(two_teams: Harness) -> None:
    crm = two_teams
    status, headers, _ = crm.get("/slack/install")
    state = parse_qs(urlparse(headers["location"]).query)["state"][0]
    cookie = headers["set-cookie"].split(";")[0]
    code = crm.slack.install_code(TEAM_A)

    forged = state.rsplit(".", 1)[0] + ".0000"
    status, _, page = crm.get(
        f"/slack/oauth_redirect?code={code}&state={quote(forged)}",
        cookie=cookie.replace(state, forged),
    )
    assert status == 401 and t.INSTALL_FAILED_TITLE in page
    status, _, page = crm.get(f"/slack/oauth_redirect?code={code}&state={quote(state)}")
    assert status == 400  # not the browser that was given the link
    assert crm.slack.calls_to("oauth.v2.access") == []
    assert bot_tokens_stored(crm.engine) == {}


def test_the_install_pages_speak_the_browsers_language(two_teams: Harness) -> None:
    crm = two_teams
    status, _, page = crm.get("/slack/oauth_redirect?error=access_denied")
    assert status == 200 and "crmbot was not installed" in page and "access_denied" in page


def test_with_the_bot_token_too_oauth_wins_and_the_log_says_so(
    slack: StandInSlack,
    engine: Engine,
    database_url: str,
    clock: MutableClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    slack.add_user(REP_A, tz="Asia/Shanghai", name="Alice", team_id=TEAM_A)
    settings = oauth_settings(slack, database_url, SLACK_BOT_TOKEN=BOT_TOKEN)
    with caplog.at_level(logging.INFO, logger="bot.wiring.app"):
        crm = Harness(slack=slack, engine=engine, clock=clock, settings=settings).start()
    try:
        said = [r.getMessage() for r in caplog.records if "SLACK_BOT_TOKEN" in r.getMessage()]
        assert said == [OAUTH_WINS]
        assert slack.calls_to("auth.test") == []  # the ignored token is not even checked
        token_a = install(crm, TEAM_A)
        add_customer(crm.engine, "Acme", owner=REP_A, now=START, team_id=TEAM_A)
        crm.command_reply("/followup", "Acme called", user=REP_A, team=TEAM_A)
        assert tokens_used(crm, "users.info", user=REP_A) == {token_a}
        assert BOT_TOKEN not in {c.token for c in slack.calls}
    finally:
        crm.stop()


def test_oauth_mode_needs_http_and_all_three_settings(
    slack: StandInSlack, database_url: str
) -> None:
    settings = oauth_settings(slack, database_url)
    check_slack_settings(settings, mode="http")  # no SLACK_BOT_TOKEN needed
    check_slack_settings(settings, mode=None)  # the scheduler, run-job
    with pytest.raises(StartUpError) as refused:
        check_slack_settings(settings, mode="socket")
    assert str(refused.value) == OAUTH_NEEDS_HTTP
    partial = load_settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_CLIENT_ID=CLIENT_ID,
        DATABASE_URL=database_url,
    )
    with pytest.raises(StartUpError) as half:
        check_slack_settings(partial, mode="http")
    assert str(half.value).startswith("SLACK_CLIENT_SECRET, SLACK_STATE_SECRET not set;")


CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))


def test_crm_bot_serve_says_once_that_the_bot_token_is_ignored(
    tmp_path: Path, slack: StandInSlack
) -> None:
    """The real start-up, as `crm-bot serve --http` logs it."""
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        **OAUTH,
    )
    process = subprocess.Popen(
        [CRM_BOT, "serve", "--http", "--port", "0", "--host", "127.0.0.1", "--no-scheduler"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert process.stderr is not None
        base = None
        deadline = time.monotonic() + 60
        while base is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                raise AssertionError(f"crm-bot exited with {process.returncode}: {seen}")
            seen.append(line)
            found = re.search(r"listening on (http://[\d.]+:\d+)/slack/events", line)
            base = found.group(1) if found else None
        assert base is not None, seen
        status, headers, _ = browser_get(base + "/slack/install")
        assert status == 302 and "state=" in headers["location"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=20)
    assert process.returncode == 0, rest
    ignored = [line for line in seen if "SLACK_BOT_TOKEN is ignored" in line]
    assert len(ignored) == 1 and ignored[0].rstrip().endswith(OAUTH_WINS), seen
    assert slack.calls_to("auth.test") == []
    assert BOT_TOKEN not in "".join(seen) + rest


def test_crm_bot_refuses_socket_mode_with_oauth_in_one_line(tmp_path: Path) -> None:
    env = clean_env(SLACK_APP_TOKEN="xapp-000-test-token", **OAUTH)
    result = subprocess.run(
        [CRM_BOT, "serve"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"crm-bot: {OAUTH_NEEDS_HTTP}"
