"""Shared fixtures: a real database (SQLite, and PostgreSQL when CRM_TEST_POSTGRES_URL is set),
the stand-in Slack, and the app serving real HTTP."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.sandbox.harness import Harness, MutableClock, settings_for_standin
from bot.sandbox.standin import StandInSlack
from storage.crypto import KeyRing, use_key_ring
from storage.database import make_engine, upgrade_database
from tests.support.databases import fresh_database_url
from tests.support.keys import TEST_ENCRYPTION_KEY
from tests.support.log_scan import LogScan

use_key_ring(KeyRing([TEST_ENCRYPTION_KEY]))
# The command line run in this process (typer's runner) configures its key ring from the
# environment: the same key, so what it writes the tests can read and the other way round.
os.environ["CRM_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY
POSTGRES_URL = os.environ.get("CRM_TEST_POSTGRES_URL")
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
REP = "U0REP0001"
REP_TZ = "Asia/Shanghai"
OTHER_REP = "U0REP0002"
OTHER_TZ = "America/Los_Angeles"
ADMIN = "U0ADMIN01"  # a Slack workspace admin, so a CRM admin
MANAGER = "U0MGR0001"
# Wednesday 2026-11-18 10:00 in Shanghai.
START = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database_url(request.param, tmp_path, POSTGRES_URL, "crm")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def slack() -> Iterator[StandInSlack]:
    standin = StandInSlack().start()
    standin.add_user(REP, tz=REP_TZ, name="Li Lei")
    standin.add_user(OTHER_REP, tz=OTHER_TZ, name="Sam Lee")
    standin.add_user(ADMIN, tz=REP_TZ, name="Wang Fang", is_admin=True)
    standin.add_user(MANAGER, tz=REP_TZ, name="Zhao Min")
    yield standin
    standin.stop()


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(START)


@pytest.fixture
def crm(
    slack: StandInSlack, engine: Engine, database_url: str, clock: MutableClock
) -> Iterator[Harness]:
    harness = Harness(
        slack=slack, engine=engine, clock=clock, settings=settings_for_standin(slack, database_url)
    ).start()
    yield harness
    harness.stop()


# --- the whole run's logs, scanned for what must never be logged -------------------------------

LOG_SCAN = LogScan()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(LOG_SCAN)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(LOG_SCAN)
    if LOG_SCAN.leaks and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(
        f"log scan: {LOG_SCAN.records:,} log records checked, {len(LOG_SCAN.leaks)} leaks"
    )
    for leak in LOG_SCAN.leaks[:20]:
        terminalreporter.write_line(f"  LEAK: {leak}", red=True)
