"""What `crm-bot import` prints for the operator (in English, like the rest of the CLI)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.dataio.importer import ImportReport
from bot.dataio.planning import Action

SHOWN = 200
"""Rows listed per kind before the rest are only counted (a dry run lists them all)."""


def import_summary(report: ImportReport, *, team_id: str, list_all: bool) -> Iterator[str]:
    if report.unknown_columns:
        yield "unknown columns (ignored): " + ", ".join(report.unknown_columns)
    if report.problems:
        yield f"{report.bad_rows:,} rows with problems:"
        yield from _capped(
            (f"  row {p.row}, {p.column}: {p.reason}" for p in report.problems),
            len(report.problems),
            list_all,
        )
    for action, title in ((Action.SKIP, "skipped"), (Action.CREATE, "created"),
                          (Action.UPDATE, "updated")):  # fmt: skip
        if action in (Action.CREATE, Action.UPDATE) and not list_all:
            continue
        outcomes = [o for o in report.outcomes if o.action == action]
        if outcomes:
            verb = title if report.written or action == Action.SKIP else f"would be {title}"
            yield f"{verb}:"
            yield from _capped(
                (f"  row {o.row}, {o.name}: {o.detail}".rstrip(": ") for o in outcomes),
                len(outcomes),
                list_all,
            )
    done = "" if report.written else "dry run, nothing changed: would have "
    if report.problems and not report.written and not list_all:
        done = "--strict and some rows are bad, nothing changed: would have "
    yield (
        f"{done}created {report.count(Action.CREATE):,}, updated {report.count(Action.UPDATE):,}, "
        f"unchanged {report.unchanged:,}, skipped {report.count(Action.SKIP):,}, "
        f"bad {report.bad_rows:,} of {report.rows:,} rows for team {team_id}"
    )


def _capped(lines: Iterator[str], total: int, list_all: bool) -> Iterator[str]:
    for index, line in enumerate(lines):
        if index >= SHOWN and not list_all:
            yield f"  … and {total - SHOWN:,} more"
            return
        yield line
