"""Backups and restores as operators use them: `crm-bot backup` while customers are being
added, `crm-bot restore` through the real CLI, and the nightly job through the scheduler's tick."""

from __future__ import annotations

import logging
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from bot.backups.retention import backup_name, taken_at
from bot.backups.runner import BackupTaken, UsePgDump, take_backup
from bot.sandbox.harness import Harness
from bot.sandbox.standin import TEAM_ID
from bot.seed.book import BookOptions
from bot.seed.load import seed_book
from scheduler.jobs import JobContext, job_context, run_job, tick
from storage.database import make_engine, schema_version, upgrade_database
from tests.conftest import REP, START
from tests.support.factories import add_customer
from tests.support.processes import clean_env

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
SHANGHAI = ZoneInfo("Asia/Shanghai")  # CRM_TIMEZONE of the harness
THU_0229 = datetime(2026, 11, 19, 2, 29, tzinfo=SHANGHAI)
THU_0230 = THU_0229 + timedelta(minutes=1)


def _run(
    args: list[str], cwd: Path, stdin: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CRM_BOT, *args],
        cwd=cwd,
        env=clean_env(**settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _new_database(path: Path, revision: str = "head") -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine, revision)
    return engine


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM customer").fetchone()[0])


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A SQLite database with a seeded book of customers and follow-ups."""
    path = tmp_path / "live" / "crm.sqlite3"
    engine = _new_database(path)
    seed_book(engine=engine, options=BookOptions(team_id=TEAM_ID, customers=3000), now=START)
    engine.dispose()
    return path


def test_a_backup_taken_while_customers_are_added_is_consistent_and_restores(
    source: Path, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{source}")
    added: list[int] = []
    stop = threading.Event()
    some_added = threading.Event()

    def keep_adding() -> None:
        while not stop.is_set():
            add_customer(engine, f"Walk-in {len(added)}", owner=REP, now=START)
            added.append(1)
            if len(added) >= 5:
                some_added.set()

    writer = threading.Thread(target=keep_adding, name="writer")
    writer.start()
    try:
        assert some_added.wait(30)
        before = _count(source)
        taken = take_backup(
            database_url=f"sqlite:///{source}", now=START, folder=tmp_path / "backups"
        )
        during = len(added)
        while len(added) < during + 5 and writer.is_alive():
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join(30)
    after = _count(source)
    engine.dispose()

    assert isinstance(taken, BackupTaken)
    assert taken.path == tmp_path / "backups" / backup_name(START)
    assert stat.S_IMODE(taken.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in taken.path.parent.iterdir()) == [taken.path.name]
    with sqlite3.connect(taken.path) as backup:
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    in_backup = _count(taken.path)
    assert 3000 < before <= in_backup <= after
    assert before < after

    target = tmp_path / "restored" / "crm.sqlite3"
    result = _run(
        ["restore", str(taken.path), "--yes"], tmp_path, DATABASE_URL=f"sqlite:///{target}"
    )
    assert result.returncode == 0, result.stderr
    assert f"restored {taken.path} into {target}" in result.stdout
    assert "database is up to date" in result.stdout

    customers = _rows(target, "customer")
    assert customers == _rows(taken.path, "customer")
    assert len(customers) == in_backup
    # The source at backup time: its first `in_backup` customers (later ones came after).
    assert customers == _rows(source, "customer")[:in_backup]
    assert _rows(target, "follow_up") == _rows(source, "follow_up") != []
    assert _rows(target, "next_step") == _rows(source, "next_step")


def test_restore_asks_first_unless_yes(source: Path, tmp_path: Path) -> None:
    taken = take_backup(database_url=f"sqlite:///{source}", now=START)
    assert isinstance(taken, BackupTaken)
    assert taken.path.parent == source.parent / "backups"
    target = tmp_path / "new.sqlite3"
    url = f"sqlite:///{target}"

    declined = _run(["restore", str(taken.path)], tmp_path, stdin="n\n", DATABASE_URL=url)
    assert declined.returncode == 1
    assert "3,000 customers" in declined.stdout and str(target) in declined.stdout
    assert not target.exists() or _count(target) == 0

    accepted = _run(["restore", str(taken.path)], tmp_path, stdin="y\n", DATABASE_URL=url)
    assert accepted.returncode == 0, accepted.stderr
    assert _count(target) == 3000


def test_restore_refuses_a_database_that_holds_data(source: Path, tmp_path: Path) -> None:
    taken = take_backup(database_url=f"sqlite:///{source}", now=START)
    assert isinstance(taken, BackupTaken)
    before = _rows(source, "customer")
    result = _run(
        ["restore", str(taken.path), "--yes"], tmp_path, DATABASE_URL=f"sqlite:///{source}"
    )
    assert result.returncode == 2
    assert "already holds data (3,000 customers" in _one_line(result)
    assert _rows(source, "customer") == before


def test_restore_goes_into_a_database_the_bot_has_only_started_on(
    source: Path, tmp_path: Path
) -> None:
    """Created schema, a scheduler lease and job runs, but no team data: that is empty. While
    the bot holds a write transaction open on it, the restore gives up and changes nothing."""
    taken = take_backup(database_url=f"sqlite:///{source}", now=START)
    assert isinstance(taken, BackupTaken)
    target = tmp_path / "started.sqlite3"
    url = f"sqlite:///{target}"
    _new_database(target).dispose()
    bot = sqlite3.connect(target, isolation_level=None)
    try:
        bot.execute("BEGIN IMMEDIATE")
        bot.execute(
            "INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (?, ?, ?)",
            ("scheduler", "host:1:abc", START.isoformat()),
        )
        busy = _run(["restore", str(taken.path), "--yes"], tmp_path, DATABASE_URL=url)
        assert busy.returncode == 2
        assert f"the database {target} stayed busy for 2 s; stop crm-bot" in _one_line(busy)
        bot.execute("COMMIT")
        assert _count(target) == 0
        result = _run(["restore", str(taken.path), "--yes"], tmp_path, DATABASE_URL=url)
    finally:
        bot.close()
    assert result.returncode == 0, result.stderr
    assert _count(target) == 3000


def test_restore_refuses_files_that_are_not_crmbot_backups(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database at all " * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY)")
    newer = tmp_path / "newer.sqlite3"
    _new_database(newer).dispose()
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    target = tmp_path / "target.sqlite3"
    for backup, said in [
        (junk, "is not a SQLite database"),
        (other, "is not a crmbot backup (no alembic_version table)"),
        (newer, "schema version 9999_future, which this crmbot does not know"),
        (tmp_path / "missing.sqlite3", "is not a file"),
    ]:
        result = _run(
            ["restore", str(backup), "--yes"], tmp_path, DATABASE_URL=f"sqlite:///{target}"
        )
        assert result.returncode == 2, result
        assert said in _one_line(result)
        assert not target.exists() or not _rows_anywhere(target)


def _rows_anywhere(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        tables = [
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return any(connection.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)


def test_an_older_backup_is_brought_up_to_date(tmp_path: Path) -> None:
    old = tmp_path / "old" / "crm.sqlite3"
    _new_database(old, "0006").dispose()
    with closing(sqlite3.connect(old)) as connection, connection:
        connection.execute(  # today's models don't fit the old schema: plain SQL of its time
            "INSERT INTO team_role (team_id, user_id, role, granted_by, granted_at) "
            "VALUES (?, ?, 'manager', ?, ?)",
            (TEAM_ID, REP, REP, "2026-11-18 02:00:00.000000"),
        )
    taken = take_backup(database_url=f"sqlite:///{old}", now=START)
    assert isinstance(taken, BackupTaken)
    head = tmp_path / "head.sqlite3"
    latest = _new_database(head)
    newest = schema_version(latest)
    latest.dispose()

    target = tmp_path / "restored.sqlite3"
    result = _run(
        ["restore", str(taken.path), "--yes"], tmp_path, DATABASE_URL=f"sqlite:///{target}"
    )
    assert result.returncode == 0, result.stderr
    assert f"database upgraded from schema version 0006 to {newest}" in result.stdout
    restored = make_engine(f"sqlite:///{target}")
    assert schema_version(restored) == newest
    restored.dispose()
    assert [row[1:4] for row in _rows(target, "team_role")] == [(TEAM_ID, REP, "manager")]


def test_the_backup_command_writes_one_and_prunes_the_old_ones(
    source: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    old = [datetime(2020, 1, day, 2, 30, tzinfo=UTC) for day in range(1, 10)]  # Wed 1 .. Thu 9
    for moment in old:
        (folder / backup_name(moment)).write_bytes(b"")
    for foreign in ("notes.txt", "crmbot.sqlite3", "crmbot-20200101T023000Z.sqlite3-wal"):
        (folder / foreign).write_text("keep me")

    result = _run(["backup", str(folder)], tmp_path, DATABASE_URL=f"sqlite:///{source}")
    assert result.returncode == 0, result.stderr
    written, *deleted = result.stdout.splitlines()
    assert written.startswith(f"backup written: {folder}/crmbot-") and "bytes)" in written
    # Days kept: today, then Jan 9 .. 4 (Sat, ISO week 2020-W01); Jan 1-3 share that week.
    assert deleted == [f"old backup deleted: {folder / backup_name(m)}" for m in old[2::-1]]
    names = sorted(p.name for p in folder.iterdir())
    assert [n for n in names if taken_at(n) is None] == sorted(
        ["notes.txt", "crmbot.sqlite3", "crmbot-20200101T023000Z.sqlite3-wal"]
    )
    assert len([n for n in names if taken_at(n)]) == 7

    default = _run(["backup"], tmp_path, DATABASE_URL=f"sqlite:///{source}")
    assert default.returncode == 0, default.stderr
    assert f"backup written: {source.parent / 'backups'}/crmbot-" in default.stdout


def test_the_backup_command_says_when_there_is_no_database(tmp_path: Path) -> None:
    result = _run(["backup"], tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert result.returncode == 1
    assert "there is no database at" in _one_line(result)
    assert not (tmp_path / "none.sqlite3").exists()


def test_on_postgresql_the_commands_point_to_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+psycopg://crm:pw-never-shown@127.0.0.1:1/crm"  # never connected to
    backup = _run(["backup"], tmp_path, DATABASE_URL=url)
    assert backup.returncode == 2
    line = _one_line(backup)
    assert "pg_dump --format=custom" in line and "pw-never-shown" not in line
    restore = _run(["restore", str(tmp_path / "x.dump"), "--yes"], tmp_path, DATABASE_URL=url)
    assert restore.returncode == 2
    assert "pg_restore" in _one_line(restore)


# --- the nightly job ------------------------------------------------------------------------


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    return job_context(crm.settings, crm.engine)


def _backups(crm: Harness) -> list[str]:
    folder = Path(crm.engine.url.database or "").parent / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_nightly_backup_runs_once_a_day_even_when_ticked_twice(
    crm: Harness, jobs: JobContext, caplog: pytest.LogCaptureFixture
) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    other_scheduler = job_context(crm.settings, crm.engine)
    caplog.set_level(logging.INFO, logger="bot.backups")

    assert tick(jobs, THU_0229).backup == []
    first = tick(jobs, THU_0230).backup
    assert tick(jobs, THU_0230).backup == []
    assert tick(other_scheduler, THU_0230).backup == []  # a second scheduler, same minute
    assert tick(other_scheduler, THU_0230 + timedelta(hours=3)).backup == []
    next_day = tick(jobs, THU_0230 + timedelta(days=1)).backup

    if crm.engine.dialect.name == "postgresql":
        assert first == [f"backup skipped: {UsePgDump().message}"]
        assert next_day == first
        logged = [r.getMessage() for r in caplog.records if r.name.startswith("bot.backups")]
        assert logged == first * 2
        assert _backups(crm) == []
        return
    [line] = first
    assert line.startswith("backup written:") and backup_name(THU_0230) in line
    [line] = next_day
    assert backup_name(THU_0230 + timedelta(days=1)) in line
    assert _backups(crm) == [backup_name(THU_0230), backup_name(THU_0230 + timedelta(days=1))]


def test_run_job_backup_takes_one_whenever_asked(crm: Harness, jobs: JobContext) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    first = run_job("backup", jobs, START)
    second = run_job("backup", jobs, START + timedelta(minutes=1))
    if crm.engine.dialect.name == "postgresql":
        assert first.backup == second.backup == [f"backup skipped: {UsePgDump().message}"]
        return
    folder = Path(crm.engine.url.database or "").parent / "backups"
    [written] = first.backup
    assert written.startswith(f"backup written: {folder / backup_name(START)} (")
    later = backup_name(START + timedelta(minutes=1))
    # The same day twice: the newer one is that day's backup, the older one goes.
    assert second.backup[0].startswith(f"backup written: {folder / later} (")
    assert second.backup[1:] == [f"old backup deleted: {folder / backup_name(START)}"]
    assert _backups(crm) == [later]


def test_crm_bot_run_job_backup(source: Path, tmp_path: Path) -> None:
    result = _run(
        ["run-job", "backup", "--now", "2026-12-04T03:15:00Z"],
        tmp_path,
        DATABASE_URL=f"sqlite:///{source}",
        SLACK_BOT_TOKEN="xoxb-000-test-token",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    assert result.returncode == 0, result.stderr
    backup = source.parent / "backups" / "crmbot-20261204T031500Z.sqlite3"
    assert result.stdout.splitlines()[0].startswith(f"backup written: {backup} (")
    assert _count(backup) == 3000


def test_restore_without_the_key_that_sealed_the_backup_stops_first(
    source: Path, tmp_path: Path
) -> None:
    """A restore must not make itself a new key: it could not open the backup's contact data."""
    taken = take_backup(database_url=f"sqlite:///{source}", now=START)
    assert isinstance(taken, BackupTaken)
    target = tmp_path / "elsewhere" / "crm.sqlite3"
    result = _run(["restore", str(taken.path), "--yes"], tmp_path,
                  DATABASE_URL=f"sqlite:///{target}", CRM_ENCRYPTION_KEY="")  # fmt: skip
    assert result.returncode == 2
    line = _one_line(result)
    assert "CRM_ENCRYPTION_KEY is not set" in line and "encryption.key is missing" in line
    assert not (target.parent / "encryption.key").exists() and not target.exists()
