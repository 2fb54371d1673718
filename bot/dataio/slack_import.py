"""Importing a spreadsheet someone shares in the bot's DM (managers and admins): a dry run
first, then Apply or Cancel. Only the file's id, mode and match travel between the two (in the
button), so the rows, phones and emails are read from Slack again and never kept by the bot."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting, who_is
from bot.dataio.headers import COLUMNS
from bot.dataio.import_choice import (
    FILE_TYPES,
    MAX_FILE_BYTES,
    ImportChoice,
    ImportCounts,
    MatchKey,
    Mode,
    NotImported,
    Refusal,
    RowError,
)
from bot.dataio.importer import ImportOptions, ImportRefused, ImportReport, import_customers
from bot.dataio.planning import Action
from bot.dataio.reader import UnreadableFile
from bot.preferences.team import read_team_preferences
from bot.slack.files import FileTooLarge, FileUnavailable, SharedFile, download, shared_file
from storage.database import unit_of_work
from storage.records import record_audit
from storage.scheduling import claim_job_run

ERRORS_SHOWN = 5
"""Row problems listed in the check; the rest are counted."""
_IMPORT_WORDS = frozenset({"import", "导入"})
_MODE_WORDS = {"create": Mode.CREATE, "新建": Mode.CREATE, "新增": Mode.CREATE}
_MODE_WORDS |= {"upsert": Mode.UPSERT, "新增或更新": Mode.UPSERT}
_MODE_WORDS |= {"update": Mode.UPDATE, "更新": Mode.UPDATE}
_MATCH_WORDS = {"code": MatchKey.CODE, "编号": MatchKey.CODE, "客户编号": MatchKey.CODE}
_MATCH_WORDS |= {"name": MatchKey.NAME, "名称": MatchKey.NAME, "客户名称": MatchKey.NAME}
_MATCH_WORDS |= {"phone": MatchKey.PHONE, "电话": MatchKey.PHONE, "手机": MatchKey.PHONE}
_MATCH_WORDS |= {"email": MatchKey.EMAIL, "邮箱": MatchKey.EMAIL}
_FILLER = frozenset({"match", "by", "on", "匹配", "按"})
_CHINESE_MATCH = re.compile(r"^按?(.+?)匹配$")


@dataclass(frozen=True)
class ImportAsked:
    mode: Mode
    match: MatchKey
    unknown: tuple[str, ...]


def read_import_words(text: str) -> ImportAsked | None:
    """`import upsert match phone`, `导入 更新 按电话匹配`; None when the message is not an
    import at all (any other message in the DM is left alone)."""
    words = text.split()
    if not words or words[0].casefold() not in _IMPORT_WORDS:
        return None
    mode, match = Mode.UPSERT, MatchKey.NAME
    unknown: list[str] = []
    for word in words[1:]:
        folded = word.casefold()
        chinese = _CHINESE_MATCH.match(folded)
        folded = chinese.group(1) if chinese else folded
        if folded in _MODE_WORDS:
            mode = _MODE_WORDS[folded]
        elif folded in _MATCH_WORDS:
            match = _MATCH_WORDS[folded]
        elif folded not in _FILLER:
            unknown.append(word)
    return ImportAsked(mode, match, tuple(unknown))


def header_names() -> list[str]:
    """Every column's English and Chinese header, for the help."""
    return [f"{column.english} / {column.chinese}" for column in COLUMNS]


def check_shared(file: SharedFile) -> Refusal | None:
    """Whether a shared file may be fetched at all, from what Slack says about it."""
    if file_type(file) not in FILE_TYPES:
        return Refusal.NOT_A_SPREADSHEET
    if file.size > MAX_FILE_BYTES:
        return Refusal.TOO_LARGE
    return None


def file_type(file: SharedFile) -> str:
    if file.filetype in FILE_TYPES:
        return file.filetype
    return Path(file.name).suffix.lower().lstrip(".")


def preview_shared(
    *,
    engine: Engine,
    client: WebClient,
    asker: Asker,
    file: SharedFile,
    choice: ImportChoice,
    now: datetime,
) -> ImportCounts | NotImported:
    """The dry run: what importing `file` (as the message event describes it) would do,
    changing nothing."""
    if not who_is(engine=engine, asker=asker).sees_everything:
        return NotImported(Refusal.NOT_ALLOWED, file.name)
    refused = check_shared(file)
    if refused is not None:
        return NotImported(refused, file.name)
    return _with_file(engine, client, asker, choice, now, apply=False)


def apply_shared(
    *,
    engine: Engine,
    client: WebClient,
    asker: Asker,
    choice: ImportChoice,
    now: datetime,
    on_claimed: Callable[[], None] = lambda: None,
) -> ImportCounts | NotImported:
    """Apply: the file fetched again from Slack and imported as the person who clicked, once
    per file: a second click, or one after Cancel, finds its one import taken and does
    nothing. `on_claimed` runs once this click holds it, before the file is fetched."""
    if not who_is(engine=engine, asker=asker).sees_everything:
        return NotImported(Refusal.NOT_ALLOWED)
    return _with_file(engine, client, asker, choice, now, apply=True, on_claimed=on_claimed)


def cancel_shared(
    *, engine: Engine, asker: Asker, choice: ImportChoice, now: datetime
) -> NotImported:
    """Cancel: the file's one import is used up, so a later Apply on the same check does
    nothing. Refused for reps; ALREADY_DONE when it was imported (or cancelled) already."""
    return NotImported(_claim(engine, asker, choice, now) or Refusal.CANCELLED)


def _with_file(
    engine: Engine,
    client: WebClient,
    asker: Asker,
    choice: ImportChoice,
    now: datetime,
    *,
    apply: bool,
    on_claimed: Callable[[], None] = lambda: None,
) -> ImportCounts | NotImported:
    """What Slack says about the file now (`files.info`), checked, fetched to a temporary
    folder that is gone when this returns, and imported (or dry-run)."""
    try:
        file = shared_file(client, choice.file_id)
    except FileUnavailable:
        return NotImported(Refusal.GONE)
    refused = check_shared(file)
    if refused is not None:
        return NotImported(refused, file.name)
    if apply:
        stopped = _claim(engine, asker, choice, now)
        if stopped is not None:
            return NotImported(stopped, file.name)
        on_claimed()
    with tempfile.TemporaryDirectory(prefix="crmbot-import-") as folder:
        path = Path(folder) / f"{file.id or 'file'}.{file_type(file)}"
        try:
            download(client, file, path, max_bytes=MAX_FILE_BYTES)
        except FileTooLarge:
            return NotImported(Refusal.TOO_LARGE, file.name)
        except FileUnavailable:
            return NotImported(Refusal.GONE, file.name)
        try:
            report = _import(engine, asker, path, choice, now, dry_run=not apply)
        except ImportRefused:
            return NotImported(Refusal.NO_NAME_COLUMN, file.name)
        except UnreadableFile:
            return NotImported(Refusal.UNREADABLE, file.name)
    counts = _counts(report, file.name, choice)
    if apply:
        _audit(engine, asker, counts, now)
    return counts


def _claim(engine: Engine, asker: Asker, choice: ImportChoice, now: datetime) -> Refusal | None:
    """Take the file's one import (or cancel), with the person's role read in the same
    transaction; the reason when it can't be taken."""
    with acting(engine, asker) as (session, actor):
        if not actor.sees_everything:
            return Refusal.NOT_ALLOWED
        key = f"import:{choice.file_id}"
        if not claim_job_run(session=session, team_id=actor.team_id, key=key, now=now):
            return Refusal.ALREADY_DONE
    return None


def _import(
    engine: Engine, asker: Asker, path: Path, choice: ImportChoice, now: datetime, *, dry_run: bool
) -> ImportReport:
    with unit_of_work(engine) as session:
        team = read_team_preferences(
            session=session, settings=asker.settings, team_id=asker.team_id
        )
    options = ImportOptions(
        team=team,
        actor_id=asker.user_id,
        mode=choice.mode,
        match=choice.match,
        owner=asker.user_id,
        dry_run=dry_run,
    )
    return import_customers(engine=engine, path=path, options=options, now=now)


def _counts(report: ImportReport, filename: str, choice: ImportChoice) -> ImportCounts:
    errors = tuple(RowError(p.row, p.column, p.reason) for p in report.problems[:ERRORS_SHOWN])
    return ImportCounts(
        filename=filename,
        choice=choice,
        written=report.written,
        rows=report.rows,
        created=report.count(Action.CREATE),
        updated=report.count(Action.UPDATE),
        unchanged=report.unchanged,
        skipped=report.count(Action.SKIP),
        bad_rows=report.bad_rows,
        errors=errors,
        more_errors=max(0, len(report.problems) - ERRORS_SHOWN),
        unknown_columns=tuple(report.unknown_columns),
    )


def _audit(engine: Engine, asker: Asker, counts: ImportCounts, now: datetime) -> None:
    """What was imported, in numbers only: no file content, no names, phones or emails."""
    with unit_of_work(engine) as session:
        record_audit(
            session=session,
            team_id=asker.team_id,
            actor_id=asker.user_id,
            action="customers.imported",
            entity_type="team",
            entity_id=0,
            at=now,
            after={
                "file": counts.choice.file_id,
                "mode": counts.choice.mode.value,
                "match": counts.choice.match.value,
                "rows": counts.rows,
                "created": counts.created,
                "updated": counts.updated,
                "skipped": counts.skipped,
                "bad_rows": counts.bad_rows,
            },
        )
