"""Import speed: rows per second for a generated CSV of new customers (`crm-bot import`'s
code path), on SQLite and, when CRM_TEST_POSTGRES_URL is set, PostgreSQL.

    python -m bench.import_bench [ROWS]   (default 100,000; the target is 100k rows in ≤ 60 s)
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.catalog.language import Language
from bot.dataio.importer import ImportOptions, import_customers
from bot.preferences.model import TeamPreferences
from storage.crypto import KeyRing, new_key, use_key_ring
from storage.database import make_engine, upgrade_database

TEAM = f"T0B{int(time.time()) % 10**6:06d}"
"""A new team each run, so every row is a new customer."""


def make_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["客户名称", "联系方式", "电子邮箱", "客户状态", "所属销售", "合作金额",
                         "下次跟进计划"])  # fmt: skip
        for n in range(rows):
            writer.writerow([f"Bench Customer {n}", f"+1 415 555 {n % 10000:04d}",
                             f"c{n}@example.com", "意向客户", f"U0SEED{n % 10:04d}",
                             f"{n * 10}", "2026-12-01：回访"])  # fmt: skip
    return path


def measure(url: str, path: Path, rows: int) -> float:
    use_key_ring(KeyRing([new_key()]))  # contact data is encrypted as in a deployment
    engine = make_engine(url)
    upgrade_database(engine)
    try:
        return import_into(engine, path, rows, team_id=TEAM)
    finally:
        engine.dispose()


def import_into(engine: Engine, path: Path, rows: int, *, team_id: str) -> float:
    """Seconds to import `path` (made by `make_file`, `rows` new customers) into `team_id`."""
    team = TeamPreferences(team_id=team_id, language=Language.EN, zone="Asia/Shanghai",
                           currency="USD", phone_region="US")  # fmt: skip
    started = time.perf_counter()
    report = import_customers(
        engine=engine, path=path, options=ImportOptions(team=team, actor_id="crmbot"),
        now=datetime.now(UTC),
    )  # fmt: skip
    seconds = time.perf_counter() - started
    assert report.bad_rows == 0 and len(report.outcomes) == rows, report.problems[:3]
    return seconds


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = make_file(Path(folder) / "bench.csv", rows)
        targets = [("sqlite", f"sqlite:///{folder}/bench.sqlite3")]
        if os.environ.get("CRM_TEST_POSTGRES_URL"):
            targets.append(("postgresql", os.environ["CRM_TEST_POSTGRES_URL"]))
        for name, url in targets:
            seconds = measure(url, path, rows)
            print(f"import {rows:,} rows on {name}: {seconds:.1f} s, {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
