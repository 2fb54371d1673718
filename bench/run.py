"""`make bench`: seed a fresh database, serve it, and time what people and jobs do.

    python bench/run.py [--size 10k|100k|<number>] [--databases sqlite,postgresql]

PostgreSQL runs only when CRM_TEST_POSTGRES_URL is set, and that database's public schema is
dropped and made again first (as the tests do). Prints a table with each figure next to its
target and writes everything to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from bench import import_bench, inprocess, load
from bench.report import judge, machine, table
from bench.serving import (
    ADMIN,
    CRM_BOT,
    bot_environment,
    standin_with_people,
    start_server,
)
from bench.stats import Samples
from bot.sandbox.harness import text_of
from bot.seed.book import DEFAULT_OWNERS, DEFAULT_TEAM
from bot.views import ids
from storage.database import make_engine

RESULTS = Path(__file__).resolve().parent / "results"
RULES_VALUES = ({"tier_2_minimum": "90000"}, {"tier_2_minimum": "100000"})


def parse_size(text_size: str) -> int:
    cleaned = text_size.strip().lower().replace(",", "").replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(cleaned[-1:], 1)
    number = cleaned[:-1] if factor > 1 else cleaned
    try:
        size = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text_size!r} is not a size like 10k or 2500") from None
    if size < 10:
        raise argparse.ArgumentTypeError("use at least 10 customers")
    return size


def fresh_database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    url = os.environ["CRM_TEST_POSTGRES_URL"]
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def postgres_version(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar_one())
    finally:
        engine.dispose()


class Step:
    """Runs one measurement; a failure is written down and the run goes on."""

    def __init__(self, result: dict[str, Any]) -> None:
        self.result = result
        self.result.setdefault("errors", {})

    def __call__(self, name: str, measure: Callable[[], Any]) -> Any:
        started = time.monotonic()
        print(f"  … {name}", flush=True)
        try:
            value = measure()
        except Exception as problem:
            self.result["errors"][name] = f"{type(problem).__name__}: {problem}"
            print(f"    failed: {self.result['errors'][name][:300]}", flush=True)
            return None
        print(f"    done in {time.monotonic() - started:.1f} s", flush=True)
        return value


def bench_database(kind: str, size: int, options: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"database": kind, "size": size}
    try:
        measure_database(kind, size, options, result)
    finally:
        result["verdicts"] = judge(result)
        result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def measure_database(
    kind: str, size: int, options: argparse.Namespace, result: dict[str, Any]
) -> None:
    step = Step(result)
    with tempfile.TemporaryDirectory(prefix=f"crm-bench-{kind}-") as tmp:
        workdir = Path(tmp)
        url = fresh_database(kind, workdir)
        slack = standin_with_people(DEFAULT_OWNERS)
        try:
            if step("seed", lambda: seed(url, slack, workdir, size, result)) is None:
                return
            engine = make_engine(url)
            rng = random.Random(7)
            sampled = inprocess.seeded_customers(engine, DEFAULT_TEAM, 2_000)
            names = [name for _id, name in sampled]
            server = step("start the server", lambda: start_server(url, slack, workdir))
            if server is not None:
                try:
                    work = load.Workload(
                        server.url, slack, DEFAULT_OWNERS, names, [i for i, _ in sampled]
                    )
                    serve_load(work, step, result, options, rng)
                    result["rss_mb"] = server.rss_mb()
                finally:
                    server.stop()
            in_process(url, slack, engine, names, step, result, rng)
            step("import", lambda: import_file(engine, workdir, size, result))
            engine.dispose()
        finally:
            slack.stop()


def seed(url: str, slack: Any, workdir: Path, size: int, result: dict[str, Any]) -> bool:
    started = time.monotonic()
    done = subprocess.run(
        [CRM_BOT, "seed", "--customers", str(size), "--seed", "1"],
        cwd=workdir,
        env=bot_environment(url, slack),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"crm-bot seed exited with {done.returncode}: {done.stderr[-1500:]}")
    result["seed"] = {"seconds": time.monotonic() - started, "summary": done.stdout.strip()}
    print(f"    {done.stdout.strip()}", flush=True)
    return True


def serve_load(
    work: load.Workload,
    step: Step,
    result: dict[str, Any],
    options: argparse.Namespace,
    rng: random.Random,
) -> None:
    typed = [load.typed_name(name, rng) for name in work.names]
    kinds: dict[str, Callable[[int], float]] = {
        "followup_help": lambda n: work.command(
            "/followup", "help", user=work.user(n), label="/followup help"
        ),
        "followup": lambda n: work.command(
            "/followup",
            f"{typed[n % len(typed)]} called re: quote, next: send pricing fri",
            user=work.user(n),
        ),
        "customer": lambda n: work.command(
            "/customer", typed[(n * 7) % len(typed)], user=work.user(n)
        ),
        "open_card": lambda n: work.click(
            ids.numbered(ids.CUSTOMER_OPEN, 1),
            str(work.customer_ids[(n * 13) % len(work.customer_ids)]),
            user=work.user(n),
        ),
    }
    warmup: dict[str, Any] = {}
    for key, one in kinds.items():  # first requests fill per-process caches: timed, not counted
        samples = step(
            f"{key} warm-up",
            partial(load.run_phase, one, concurrency=1, count=3, budget=options.phase_seconds),
        )
        if samples is not None:
            warmup[key] = samples.summary()
    result["warmup"] = warmup
    work.replies.clear()
    http: dict[str, dict[str, Any]] = {}
    for concurrency in (1, 8):
        for key, one in kinds.items():
            work.slack.calls.clear()
            samples = step(
                f"{key} at concurrency {concurrency}",
                partial(
                    load.run_phase,
                    one,
                    concurrency=concurrency,
                    count=options.requests,
                    budget=options.phase_seconds,
                ),
            )
            if samples is not None:
                http.setdefault(key, {})[f"c{concurrency}"] = samples.summary()
    result["http"] = http
    result["replies"] = dict(sorted(work.replies.items()))
    result["ratios"] = ratios(http)
    work.slack.calls.clear()
    step("rules preview and apply", lambda: rules(work, result))
    work.slack.calls.clear()
    step("digest preview", lambda: digest_preview(work, result, options))


def ratios(http: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each latency divided by the floor's (`/followup help`) at the same concurrency."""
    found: dict[str, Any] = {}
    for key, by_conc in http.items():
        for conc, row in by_conc.items():
            floor = http.get("followup_help", {}).get(conc, {})
            found.setdefault(key, {})[conc] = {
                p: round(row[f"{p}_ms"] / floor[f"{p}_ms"], 3)
                if row.get(f"{p}_ms") and floor.get(f"{p}_ms")
                else None
                for p in ("p50", "p95", "p99")
            }
    return found


def rules(work: load.Workload, result: dict[str, Any]) -> None:
    preview_ack, preview_shown = Samples(), Samples()
    apply_ack, apply_done = Samples(), Samples()
    editor, _path = work.open_rules_editor()
    for _ in range(5):
        ack, shown, _view = work.preview_rules(editor, RULES_VALUES[0])
        preview_ack.add(ack)
        preview_shown.add(shown)
    for n in range(3):
        editor, command_path = work.open_rules_editor()
        ack, shown, preview = work.preview_rules(editor, RULES_VALUES[n % 2])
        preview_ack.add(ack)
        preview_shown.add(shown)
        ack, done, said = work.apply_rules(preview, command_path)
        apply_ack.add(ack)
        apply_done.add(done)
    result["rules_preview"] = {
        "ack": preview_ack.summary(),
        "shown": preview_shown.summary(),
        "said": " ".join(text_of(preview).split())[:200],
    }
    result["rules_apply"] = {"ack": apply_ack.summary(), "done": apply_done.summary(), "said": said}


def digest_preview(
    work: load.Workload, result: dict[str, Any], options: argparse.Namespace
) -> None:
    samples = load.run_phase(
        lambda n: work.command("/crm", "digest preview", user=ADMIN, final=load.digest_arrived),
        concurrency=1,
        count=5,
        budget=options.phase_seconds,
        minimum=1,
    )
    result["digest_preview"] = samples.summary()


def import_file(engine: Any, workdir: Path, size: int, result: dict[str, Any]) -> None:
    """`crm-bot import` of a file of `size` new customers into a team of their own, beside the
    seeded one (so the database is as large as the seeded book)."""
    path = import_bench.make_file(workdir / "import.csv", size)
    seconds = import_bench.import_into(engine, path, size, team_id="T0IMPORTB")
    result["import"] = {
        "rows": size,
        "seconds": round(seconds, 2),
        "rows_per_second": round(size / seconds),
        "per_100k_seconds": round(seconds * 100_000 / size, 1),
    }


def in_process(
    url: str,
    slack: Any,
    engine: Any,
    names: list[str],
    step: Step,
    result: dict[str, Any],
    rng: random.Random,
) -> None:
    settings = inprocess.bench_settings(url, slack)
    texts = [
        f"{load.typed_name(name, rng)} called re: quote, next: send pricing fri"
        for name in (names * 2)[:1000]
    ]
    samples = step("resolution", lambda: inprocess.resolution(engine, DEFAULT_TEAM, texts))
    if samples is not None:
        result["resolution"] = samples.summary()
    now = datetime.now(UTC)
    for name, measure in (
        ("digest_build", lambda: inprocess.digest_build(engine, DEFAULT_TEAM, now)),
        (
            "nudge_sweep",
            lambda: inprocess.nudge_sweep(settings, engine, inprocess.latest_nudge_time(now)),
        ),
        ("reclassification", lambda: inprocess.reclassification(settings, engine, now)),
    ):
        figures = step(name, measure)
        if figures is not None:
            result[name] = figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("10k"))
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=200, help="per phase (default 200)")
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=None,
        help="stop a phase after this long (default 30 at ≤10k, 60 above)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    options = parser.parse_args(argv)
    if options.phase_seconds is None:
        options.phase_seconds = 30.0 if options.size <= 10_000 else 60.0
    wanted = [d.strip() for d in options.databases.split(",") if d.strip()]
    info = machine()
    databases = []
    for kind in wanted:
        if kind == "postgresql" and not os.environ.get("CRM_TEST_POSTGRES_URL"):
            print("PostgreSQL skipped: CRM_TEST_POSTGRES_URL is not set", flush=True)
            continue
        if kind not in ("sqlite", "postgresql"):
            parser.error(f"unknown database {kind!r}; use sqlite and/or postgresql")
        databases.append(kind)
    if "postgresql" in databases:
        info["postgresql"] = postgres_version(os.environ["CRM_TEST_POSTGRES_URL"])
    results: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    for kind in databases:
        print(f"{kind}: {options.size:,} customers", flush=True)
        results[kind] = bench_database(kind, options.size, options)
    info["bench_seconds"] = round(time.monotonic() - started, 1)
    print()
    print(table(results, info, options.size))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(
        json.dumps(
            {"size": options.size, "machine": info, "results": results},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nwritten to {options.output} ({info['bench_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
