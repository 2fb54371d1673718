"""Figures against their targets, as a terminal table and as JSON."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Result = dict[str, Any]


@dataclass(frozen=True)
class Target:
    label: str
    limit: float
    unit: str
    value: Callable[[Result], float | None]


def _get(result: Result, *path: str) -> Any:
    for key in path:
        if not isinstance(result, dict):
            return None
        result = result.get(key)  # type: ignore[assignment]
    return result


def _ms_to_s(value: Any) -> float | None:
    return None if value is None else float(value) / 1000


def _worst(*values: Any) -> float | None:
    known = [float(v) for v in values if v is not None]
    return max(known) if known else None


TARGETS = (
    Target(
        "/followup p99 at concurrency 8, × floor",
        1.5,
        "×",
        lambda r: _get(r, "ratios", "followup", "c8", "p99"),
    ),
    Target("name resolution p99", 10, "ms", lambda r: _get(r, "resolution", "p99_ms")),
    Target(
        "modal submissions acked, p99",
        1.0,
        "s",
        lambda r: _ms_to_s(
            _worst(
                _get(r, "rules_preview", "ack", "p99_ms"), _get(r, "rules_apply", "ack", "p99_ms")
            )
        ),
    ),
    Target(
        "rules preview shown, p99",
        1.0,
        "s",
        lambda r: _ms_to_s(_get(r, "rules_preview", "shown", "p99_ms")),
    ),
    Target(
        "rules apply done, slowest",
        5.0,
        "s",
        lambda r: _ms_to_s(_get(r, "rules_apply", "done", "max_ms")),
    ),
    Target("digest build", 2.0, "s", lambda r: _get(r, "digest_build", "seconds")),
    Target("nudge sweep", 2.0, "s", lambda r: _get(r, "nudge_sweep", "seconds")),
    Target("reclassification", 30.0, "s", lambda r: _get(r, "reclassification", "seconds")),
    Target("serving RSS after the load", 200.0, "MB", lambda r: _get(r, "rss_mb")),
    Target("seed", 60.0, "s", lambda r: _get(r, "seed", "seconds")),
    Target(
        "import, seconds per 100k rows",
        60.0,
        "s",
        lambda r: _get(r, "import", "per_100k_seconds"),
    ),
)
"""The targets at 100,000 customers (smaller books are held to the same)."""


def judge(result: Result) -> list[dict[str, Any]]:
    verdicts = []
    for target in TARGETS:
        try:
            value = target.value(result)
        except (TypeError, ValueError):
            value = None
        status = "n/a" if value is None else ("ok" if value <= target.limit else "missed")
        verdicts.append(
            {
                "target": target.label,
                "value": None if value is None else round(value, 3),
                "limit": target.limit,
                "unit": target.unit,
                "status": status,
            }
        )
    return verdicts


def machine() -> dict[str, Any]:
    memory_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len(
            (_git("status", "--porcelain", "--untracked-files=no") or "").splitlines()
        ),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _git(*args: str) -> str | None:
    try:
        found = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return found.stdout.strip() or None


HTTP_ROWS = (
    ("followup_help", "/followup help (floor)"),
    ("followup", "/followup <customer> …, next: …"),
    ("customer", "/customer <name>"),
    ("open_card", "Open button (customer card)"),
)


def _fmt(value: Any, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(results: dict[str, Result], info: dict[str, Any], size: int) -> str:
    lines = [
        f"crmbot bench — {size:,} customers — {info['date']} — {info['cores']} cores, "
        f"{info['memory_gb']} GB, Python {info['python']}, SQLite {info['sqlite']}"
        + (f", PostgreSQL {info['postgresql']}" if info.get("postgresql") else "")
        + f" — load average at start {info['load_average_at_start'][0]:g}",
    ]
    for database, result in results.items():
        lines += ["", f"== {database} ==", ""]
        lines.append(
            f"  {'reply latency (ms)':36} {'conc':>4} {'n':>5} {'err':>4} {'p50':>8} "
            f"{'p95':>8} {'p99':>8} {'p99×floor':>9}"
        )
        for key, label in HTTP_ROWS:
            for conc in ("c1", "c8"):
                row = _get(result, "http", key, conc) or {}
                ratio = _get(result, "ratios", key, conc, "p99")
                lines.append(
                    f"  {label:36} {conc[1:]:>4} {row.get('n', 0):>5} {row.get('errors', 0):>4} "
                    f"{_fmt(row.get('p50_ms')):>8} {_fmt(row.get('p95_ms')):>8} "
                    f"{_fmt(row.get('p99_ms')):>8} {_fmt(ratio, 2):>9}"
                )
        replies = result.get("replies") or {}
        if replies:
            lines.append("  replies: " + "; ".join(f"{k} ×{v}" for k, v in replies.items()))
        single: tuple[tuple[tuple[str, ...], str], ...] = (
            (("rules_preview", "ack"), "rules preview: ack"),
            (("rules_preview", "shown"), "rules preview: shown"),
            (("rules_apply", "ack"), "rules apply: ack"),
            (("rules_apply", "done"), "rules apply: done"),
            (("digest_preview",), "/crm digest preview: digest arrives"),
            (("resolution",), "name resolution (in-process)"),
        )
        for path, label in single:
            row = _get(result, *path) or {}
            lines.append(
                f"  {label:36} {'1':>4} {row.get('n', 0):>5} {row.get('errors', 0):>4} "
                f"{_fmt(row.get('p50_ms')):>8} {_fmt(row.get('p95_ms')):>8} "
                f"{_fmt(row.get('p99_ms')):>8}"
            )
        lines += ["", f"  {'target':40} {'figure':>12} {'target':>12}  status"]
        for verdict in result.get("verdicts", []):
            value = verdict["value"]
            figure = "—" if value is None else f"{value:,.2f} {verdict['unit']}"
            limit = f"≤ {verdict['limit']:g} {verdict['unit']}"
            lines.append(f"  {verdict['target']:40} {figure:>12} {limit:>12}  {verdict['status']}")
        for step, problem in (result.get("errors") or {}).items():
            lines.append(f"  ! {step}: {problem[:160]}")
    return "\n".join(lines)
