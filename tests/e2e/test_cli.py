"""`crm-bot` as operators run it: a real process, real settings from the environment."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.sandbox.signed import SIGNING_SECRET, post, sign, slash_command_body
from bot.sandbox.standin import StandInSlack
from bot.wiring.startup import SLACK_SETTINGS
from storage.database import make_engine, upgrade_database
from tests.conftest import REP
from tests.support.processes import clean_env

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def _env(**settings: str) -> dict[str, str]:
    return clean_env(**settings)


def _run(args: list[str], cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CRM_BOT, *args], cwd=cwd, env=_env(**settings), capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN must be a bot token"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "CRM_TIMEZONE": "Mars/Olympus"}, "CRM_TIMEZONE unknown"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "CRM_ADMINS": "bob"}, "CRM_ADMINS 'bob' is not"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "CRM_DEFAULT_REGION": "XX"}, "CRM_DEFAULT_REGION"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must be"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN is not set"),
    ],
)
def test_bad_settings_stop_with_one_clear_line(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    result = _run(["serve"], tmp_path, **settings)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]


def test_http_mode_needs_the_signing_secret(tmp_path: Path) -> None:
    result = _run(["serve", "--http"], tmp_path, SLACK_BOT_TOKEN="xoxb-1")
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr


def test_db_upgrade_creates_the_sqlite_database(tmp_path: Path) -> None:
    result = _run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "crmbot.sqlite3").exists()


def test_db_upgrade_says_created_then_up_to_date(tmp_path: Path, database_url: str) -> None:
    first = _run(["db", "upgrade"], tmp_path, DATABASE_URL=database_url)
    second = _run(["db", "upgrade"], tmp_path, DATABASE_URL=database_url)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    created = re.fullmatch(r"database created at (\S+) \(schema version (\w+)\)\n", first.stdout)
    assert created, first.stdout
    assert created.group(1) == make_url(database_url).render_as_string(hide_password=True)
    assert second.stdout == f"database is up to date (schema version {created.group(2)})\n"


def test_db_upgrade_says_from_which_version(tmp_path: Path, database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_database(engine, "0005")
    engine.dispose()
    result = _run(["db", "upgrade"], tmp_path, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"database upgraded from schema version 0005 to \w+\n", result.stdout)


def test_serve_http_answers_slack_and_stops_cleanly(tmp_path: Path, slack: StandInSlack) -> None:
    process = subprocess.Popen(
        [CRM_BOT, "serve", "--http", "--port", "0", "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=_env(
            SLACK_BOT_TOKEN="xoxb-000-test-token",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.url,
        ),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = _wait_for_listening(process)
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
            assert response.status == 200
        url = slack.response_url("cli")
        body = slash_command_body("/followup", "help", user_id=REP, response_url=url)
        reply = post(base + "/slack/events", body, sign(body), "application/x-www-form-urlencoded")
        assert reply.status == 200
        answered = reply.json()  # a command's reply travels in Slack's HTTP answer
        assert "/followup ACME called" in answered["text"] + str(answered["blocks"])
        assert slack.calls_to("response_url") == []
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "xoxb-000-test-token" not in stderr


def _wait_for_listening(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            raise AssertionError(f"crm-bot exited with {process.returncode}")
        found = re.search(r"listening on (http://[\d.]+:\d+)/slack/events", line)
        if found:
            return found.group(1)
    raise AssertionError("crm-bot did not start listening")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run-job", "coffee"], "unknown job 'coffee'"),
        (["run-job", "nudges", "--now", "tomorrow"], "is not an ISO 8601 time"),
        (["run-job", "nudges", "--now", "2026-11-23T09:00:00"], "--now needs a time zone"),
    ],
)
def test_run_job_refuses_bad_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run(args, tmp_path, SLACK_BOT_TOKEN="xoxb-1")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_run_job_reports_what_it_did(tmp_path: Path, slack: StandInSlack) -> None:
    result = _run(
        ["run-job", "reclassify", "--now", "2026-11-23T09:00:00+08:00"],
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_API_URL=slack.url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("reclassify at 2026-11-23T01:00:00+00:00: planned 0")


def test_scheduler_runs_alone_and_stops_on_sigterm(tmp_path: Path, slack: StandInSlack) -> None:
    process = subprocess.Popen(
        [CRM_BOT, "scheduler"],
        cwd=tmp_path,
        env=_env(SLACK_BOT_TOKEN="xoxb-000-test-token", SLACK_API_URL=slack.url),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if "now leads" in line:
            break
        assert line or process.poll() is None, "the scheduler exited early"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "scheduler stopping" in stderr


def test_a_database_path_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = _run(["db", "upgrade"], tmp_path, DATABASE_URL=f"sqlite:///{blocker}/crm.sqlite3")
    assert result.returncode == 2, result.stderr
    assert "cannot use the database in DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("unreachable", "message", "advice"),
    [
        (
            "database",
            "cannot reach the database in DATABASE_URL",
            "start the database server, or fix DATABASE_URL in .env",
        ),
        (
            "slack",
            "cannot reach Slack at http://127.0.0.1:",
            "check the network and any proxy (HTTPS_PROXY), or SLACK_API_URL in .env",
        ),
    ],
)
def test_serve_says_one_line_when_it_cannot_start(
    tmp_path: Path, unreachable: str, message: str, advice: str
) -> None:
    port = _closed_port()
    database = (
        f"postgresql+psycopg://crm:pw-never-shown@127.0.0.1:{port}/crm"
        if unreachable == "database"
        else f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    )
    slack_port = port if unreachable == "slack" else _closed_port()
    started = time.monotonic()
    result = _run(
        ["serve", "--http", "--port", "0", "--no-scheduler"],
        tmp_path,
        DATABASE_URL=database,
        SLACK_API_URL=f"http://127.0.0.1:{slack_port}/api/",
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_SIGNING_SECRET="signing-secret-never-shown",
    )
    assert time.monotonic() - started < 8  # no retries with back-off before giving up
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"crm-bot: {message}"), result.stderr
    assert result.stderr.rstrip().endswith(advice), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for secret in ("pw-never-shown", "xoxb-000", "signing-secret-never-shown"):
        assert secret not in result.stderr


def test_a_dropped_connection_at_start_up_is_not_retried(
    tmp_path: Path, slack: StandInSlack
) -> None:
    slack.reset_next("auth.test", times=3)
    result = _run(
        ["serve", "--http", "--port", "0", "--no-scheduler"],
        tmp_path,
        SLACK_API_URL=slack.url,
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_SIGNING_SECRET="signing-secret",
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"crm-bot: cannot reach Slack at {slack.url} ("), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert len(slack.calls_to("auth.test")) == 1


@pytest.mark.parametrize(
    ("args", "refused", "message"),
    [
        (
            ["serve", "--http", "--port", "0"],
            "auth.test",
            "SLACK_BOT_TOKEN was refused by Slack (invalid_auth); check SLACK_BOT_TOKEN in .env,"
            " or reinstall the app",
        ),
        (
            ["serve"],
            "apps.connections.open",
            "SLACK_APP_TOKEN was refused by Slack (invalid_auth); check SLACK_APP_TOKEN in .env,"
            " or generate a new one",
        ),
    ],
)
def test_a_token_slack_refuses_is_one_line(
    tmp_path: Path, slack: StandInSlack, args: list[str], refused: str, message: str
) -> None:
    slack.fail_next(refused, error="invalid_auth")
    result = _run(
        [*args, "--no-scheduler"],
        tmp_path,
        SLACK_API_URL=slack.url,
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_APP_TOKEN="xapp-000-test-token",
        SLACK_SIGNING_SECRET="signing-secret",
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"crm-bot: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "xoxb-000" not in result.stderr and "xapp-000" not in result.stderr


def test_the_example_values_are_those_in_env_example() -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    for setting in SLACK_SETTINGS:
        assert f"{setting.name}={setting.example}" in lines


def _env_file(folder: Path, **replaced: str) -> None:
    """`.env` in `folder`: .env.example as copied, with the `replaced` settings filled in."""
    lines = [
        f"{line.split('=')[0]}={replaced[line.split('=')[0]]}"
        if line.split("=")[0] in replaced
        else line
        for line in ENV_EXAMPLE.read_text().splitlines()
    ]
    (folder / ".env").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("args", "filled", "named"),
    [
        (["serve"], {}, "SLACK_BOT_TOKEN"),
        (["start"], {}, "SLACK_BOT_TOKEN"),
        (["start", "--http", "--port", "0"], {}, "SLACK_BOT_TOKEN"),
        (["scheduler"], {}, "SLACK_BOT_TOKEN"),
        (["run-job", "nudges"], {}, "SLACK_BOT_TOKEN"),
        (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        (["serve", "--http"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_a_value_left_from_env_example_is_one_line(
    tmp_path: Path, args: list[str], filled: dict[str, str], named: str
) -> None:
    _env_file(tmp_path, **filled)
    result = _run(args, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"crm-bot: {named} is still the example value from .env.example;")
    assert "in .env, or remove the SLACK_ lines from .env to try the sandbox" in lines[0]
    assert not (tmp_path / "data").exists()  # stopped before the database was touched


def test_a_copied_env_example_still_lets_the_database_and_config_commands_run(
    tmp_path: Path,
) -> None:
    _env_file(tmp_path)
    upgraded = _run(["db", "upgrade"], tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.startswith("database created at sqlite:///./data/crmbot.sqlite3")
    shown = _run(["config", "show"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "SLACK_BOT_TOKEN=(set, hidden)" in shown.stdout


def test_start_without_slack_settings_says_it_opens_the_sandbox(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [CRM_BOT, "start"],
        cwd=tmp_path,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
    finally:
        process.kill()
        process.communicate(timeout=20)
    assert first.startswith("crm-bot: no Slack settings (SLACK_BOT_TOKEN, "), first
    assert "this is the sandbox with demo data" in first


def test_start_with_slack_settings_upgrades_the_database_then_serves(
    tmp_path: Path, slack: StandInSlack
) -> None:
    process = subprocess.Popen(
        [CRM_BOT, "start", "--http", "--port", "0"],
        cwd=tmp_path,
        env=_env(
            SLACK_BOT_TOKEN="xoxb-000-test-token",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.url,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_listening(process)
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert stdout.startswith("database created at sqlite:///./data/crmbot.sqlite3"), stdout


def test_config_show_prints_the_settings_with_secrets_hidden(tmp_path: Path) -> None:
    result = _run(
        ["config", "show"],
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-very-secret-token",
        SLACK_SIGNING_SECRET="signing-secret-value",
        DATABASE_URL="postgresql+psycopg://crm:hunter2@db.internal:5432/crm",
        CRM_TIMEZONE="Asia/Shanghai",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SLACK_BOT_TOKEN=(set, hidden)" in out
    assert "SLACK_APP_TOKEN=(not set)" in out
    assert "CRM_TIMEZONE=Asia/Shanghai" in out
    assert "DATABASE_URL=postgresql+psycopg://crm:***@db.internal:5432/crm" in out
    for secret in ("very-secret-token", "signing-secret-value", "hunter2"):
        assert secret not in out + result.stderr
