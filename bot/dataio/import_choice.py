"""What an import from Slack carries between the dry run and Apply: the shared file's id and
how to import it, never the file's rows. Pure, so views can draw it and handlers read it back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.catalog.payloads import Unreadable


class Mode(StrEnum):
    CREATE = "create"
    UPSERT = "upsert"
    UPDATE = "update"


class MatchKey(StrEnum):
    CODE = "code"
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"


MAX_FILE_BYTES = 10 * 1024 * 1024
"""The largest file imported from Slack (about 100k rows of a usual sheet)."""
FILE_TYPES = frozenset({"csv", "xlsx"})
_FILE_ID = re.compile(r"F[A-Z0-9]{1,30}")


@dataclass(frozen=True)
class ImportChoice:
    """A button's value: `F0123ABCD upsert name`."""

    file_id: str
    mode: Mode = Mode.UPSERT
    match: MatchKey = MatchKey.NAME

    def dump(self) -> str:
        return f"{self.file_id} {self.mode.value} {self.match.value}"

    @classmethod
    def load(cls, value: str) -> ImportChoice:
        parts = value.split(" ")
        if len(parts) != 3 or not _FILE_ID.fullmatch(parts[0]):
            raise Unreadable("not an import choice")
        try:
            return cls(parts[0], Mode(parts[1]), MatchKey(parts[2]))
        except ValueError:
            raise Unreadable("not an import mode or match") from None


class Refusal(StrEnum):
    """Why a shared file is not imported (each has its text in the catalog)."""

    NOT_ALLOWED = "not_allowed"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    TOO_LARGE = "too_large"
    NO_FILE = "no_file"
    MANY_FILES = "many_files"
    GONE = "gone"
    UNREADABLE = "unreadable"
    NO_NAME_COLUMN = "no_name_column"
    UNKNOWN_WORDS = "unknown_words"
    ALREADY_DONE = "already_done"
    CANCELLED = "cancelled"
    """Not a refusal: the person chose Cancel."""


@dataclass(frozen=True)
class NotImported:
    reason: Refusal
    filename: str = ""
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportCounts:
    """What a dry run would do, or what an import did, for the person to read."""

    filename: str
    choice: ImportChoice
    written: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    bad_rows: int = 0
    errors: tuple[RowError, ...] = ()
    """The first few problems, in file order."""
    more_errors: int = 0
    unknown_columns: tuple[str, ...] = ()
