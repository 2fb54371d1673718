"""Importing customers from a file: every row checked as the customer modal checks it, matched
against the file's earlier rows and the team's book, then created, updated or skipped, a batch
per transaction. Re-running a file changes nothing the second time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.dataio.headers import header_key
from bot.dataio.import_choice import MatchKey as MatchKey
from bot.dataio.import_choice import Mode as Mode
from bot.dataio.planning import Action, BatchPlan, Outcome, Planner, RowProblem
from bot.dataio.reader import Sheet, SheetRow, open_sheet
from bot.dataio.writing import write_plan
from bot.preferences.model import TeamPreferences
from bot.rules.book import rules_in_force
from storage import imports as store
from storage.database import unit_of_work

BATCH = 1_000
"""Rows per transaction."""
STATISTICS_EVERY = 10_000
"""New customers between two refreshes of the database's statistics."""


@dataclass(frozen=True)
class ImportOptions:
    team: TeamPreferences
    actor_id: str
    mode: Mode = Mode.UPSERT
    match: MatchKey = MatchKey.NAME
    owner: str | None = None
    """For rows without an owner."""
    dry_run: bool = False
    strict: bool = False


@dataclass
class ImportReport:
    columns: dict[str, str] = field(default_factory=dict)
    """Header as written -> field key."""
    unknown_columns: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    """Every row but the unchanged ones, in file order."""
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    unchanged: int = 0
    written: bool = False
    """False for a dry run, and for a strict run that found problems."""

    def count(self, action: Action) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def bad_rows(self) -> int:
        return len({problem.row for problem in self.problems})


class ImportRefused(Exception):
    """The file can't be imported at all (no name column, unreadable, …)."""


def import_customers(
    *,
    engine: Engine,
    path: Path,
    options: ImportOptions,
    now: datetime,
    on_rows: Callable[[int], None] | None = None,
    on_start: Callable[[int | None], None] | None = None,
) -> ImportReport:
    """Read `path` and apply it to the team's book. With `strict`, a first pass checks the
    whole file and nothing is written if any row is bad."""
    if options.strict and not options.dry_run:
        checked = _run(engine, path, options, now, on_rows=None, on_start=None, write=False)
        if checked.problems:
            return checked
    return _run(engine, path, options, now, on_rows, on_start, write=not options.dry_run)


def _run(
    engine: Engine,
    path: Path,
    options: ImportOptions,
    now: datetime,
    on_rows: Callable[[int], None] | None,
    on_start: Callable[[int | None], None] | None,
    *,
    write: bool,
) -> ImportReport:
    sheet = open_sheet(path)
    report = ImportReport()
    positions = _columns(sheet, report)
    if on_start is not None:
        on_start(sheet.estimated_rows)
    with unit_of_work(engine) as session:
        rules = rules_in_force(session=session, team_id=options.team.team_id)
    planner = Planner(
        team=options.team,
        actor_id=options.actor_id,
        match=options.match.value,
        mode=options.mode.value,
        owner=options.owner,
        headers={key: header for header, key in report.columns.items()},
        now=now,
    )
    written = 0
    for batch in _batches(sheet.rows, BATCH):
        rows = [(row.number, _cells(row, positions)) for row in batch]
        with unit_of_work(engine) as session:
            plan = planner.plan(session=session, rows=rows)
            if write:
                write_plan(session=session, plan=plan, rules=rules, planner=planner, now=now)
        _count(report, plan)
        written += len(plan.creates)
        if write and written >= STATISTICS_EVERY:
            # The tables grow fast: fresh statistics keep the next batches' look-ups on their
            # indexes (PostgreSQL plans a table it last saw empty with sequential scans).
            store.refresh_statistics(engine=engine)
            written = 0
        if on_rows is not None:
            on_rows(len(batch))
    report.written = write
    return report


def _columns(sheet: Sheet, report: ImportReport) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        key = header_key(header)
        if key is None or key in positions:
            report.unknown_columns.append(header)
            continue
        positions[key] = index
        report.columns[header] = key
    if "name" not in positions:
        raise ImportRefused("the file has no customer name column (Customer name / 客户名称)")
    return positions


def _cells(row: SheetRow, positions: dict[str, int]) -> dict[str, str]:
    cells = row.cells
    return {
        key: (cells[index].strip() if index < len(cells) else "")
        for key, index in positions.items()
    }


def _count(report: ImportReport, plan: BatchPlan) -> None:
    report.rows += len(plan.outcomes)
    for outcome in plan.outcomes:
        if outcome.action == Action.UNCHANGED:
            report.unchanged += 1
        else:
            report.outcomes.append(outcome)
    report.problems.extend(plan.problems)


def _batches(rows: Iterable[SheetRow], size: int) -> Iterator[list[SheetRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


SEED_TEAM = "T0TEAM001"
"""`crm-bot seed`'s team, for a database that has no customers yet."""


def default_team(engine: Engine) -> str | None:
    """The one team the database holds customers for (`crm-bot seed`'s team when it holds
    none); None when it holds several, and the operator must say which."""
    with unit_of_work(engine) as session:
        teams = store.teams_with_customers(session=session, limit=2)
    if len(teams) > 1:
        return None
    return teams[0] if teams else SEED_TEAM
