"""What importing a spreadsheet from Slack looks like: `/crm import`'s how-to, the dry run's
check with Apply and Cancel, the result, and each reason a file is not imported."""

from __future__ import annotations

from bot.catalog.texts.imports import text as t
from bot.dataio.import_choice import (
    MAX_FILE_BYTES,
    ImportCounts,
    NotImported,
    Refusal,
)
from bot.views import ids
from bot.views.blocks import Block, Message, actions, button, context, message, section
from bot.views.formatting import escape, truncate

_MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)


def import_how_message(headers: list[str]) -> Message:
    """`/crm import`: how to share a file, the words it takes, the columns it reads."""
    columns = t.IMPORT_LIST_SEPARATOR.join(headers)
    blocks = [
        section(t.IMPORT_HOW.format(megabytes=_MEGABYTES)),
        section(t.IMPORT_HOW_OPTIONS),
        context(t.IMPORT_HOW_HEADERS.format(columns=columns)),
    ]
    return message(t.IMPORT_HOW_TITLE, blocks)


def import_working_message(filename: str) -> Message:
    said = t.IMPORT_WORKING.format(filename=_name(filename))
    return message(said, [section(said)])


def import_applying_message() -> Message:
    """Apply's message while the import runs: its buttons gone, so it can't be clicked twice."""
    return message(t.IMPORT_APPLYING, [section(t.IMPORT_APPLYING)])


def import_counts_message(counts: ImportCounts) -> Message:
    """The dry run (with Apply and Cancel when something would change) or the import done."""
    choice, name = counts.choice, _name(counts.filename)
    described = {
        "filename": name,
        "rows": counts.rows,
        "mode": t.IMPORT_MODES[choice.mode.value],
        "match": t.IMPORT_MATCHES[choice.match.value],
    }
    heading = t.IMPORT_DONE_HEADING if counts.written else t.IMPORT_PREVIEW_HEADING
    numbers = t.IMPORT_COUNTS_DID if counts.written else t.IMPORT_COUNTS_WOULD
    said = numbers.format(
        created=counts.created,
        updated=counts.updated,
        skipped=counts.skipped,
        unchanged=counts.unchanged,
        bad=counts.bad_rows,
    )
    blocks: list[Block] = [section(heading.format(**described) + "\n" + said)]
    if counts.errors:
        lines = [t.IMPORT_ERRORS_HEADING]
        lines += [
            t.IMPORT_ERROR_LINE.format(
                row=error.row, column=_cell(error.column), reason=_cell(error.reason, 200)
            )
            for error in counts.errors
        ]
        if counts.more_errors:
            lines.append(t.IMPORT_ERRORS_MORE.format(count=counts.more_errors))
        blocks.append(section("\n".join(lines)))
    if counts.unknown_columns:
        shown = t.IMPORT_LIST_SEPARATOR.join(_cell(c) for c in counts.unknown_columns[:20])
        blocks.append(context(t.IMPORT_UNKNOWN_COLUMNS.format(columns=shown)))
    if not counts.written:
        blocks += _choices(counts)
    title = (t.IMPORT_DONE_TITLE if counts.written else t.IMPORT_PREVIEW_TITLE).format(
        filename=name
    )
    return message(f"{title}: {said}", blocks)


def _choices(counts: ImportCounts) -> list[Block]:
    if not (counts.created or counts.updated):
        return [context(t.IMPORT_NOTHING_TO_DO)]
    value = counts.choice.dump()
    return [
        context(t.IMPORT_APPLY_HINT),
        actions(
            [
                button(t.IMPORT_APPLY, ids.IMPORT_APPLY, value, style="primary"),
                button(t.IMPORT_CANCEL, ids.IMPORT_CANCEL, value),
            ],
            block_id="import_choice",
        ),
    ]


def import_refused_message(refused: NotImported) -> Message:
    """Why nothing was imported (also the answer to Cancel)."""
    name = _name(refused.filename or "")
    if refused.reason is Refusal.CANCELLED:
        said = t.IMPORT_CANCELLED
        return message(t.IMPORT_CANCELLED_TITLE, [section(said)])
    words = t.IMPORT_LIST_SEPARATOR.join(f"“{_cell(w, 40)}”" for w in refused.words[:5])
    text = t.IMPORT_REFUSED[refused.reason.value]
    said = text.format(filename=name, megabytes=_MEGABYTES, words=words)
    if refused.reason is Refusal.NOT_ALLOWED:
        said = f":no_entry: {said}"
    return message(said, [section(said)])


def _name(filename: str) -> str:
    """A file name inside `code`: no backticks to break out of it."""
    return escape(truncate(filename.replace("`", "'"), 80)) or "file"


def _cell(text: str, limit: int = 60) -> str:
    return escape(truncate(text, limit))
