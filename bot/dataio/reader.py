"""Rows of a CSV (UTF-8, UTF-8 with BOM or GBK/GB18030) or XLSX file, as text, one at a time."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

CHUNK = 1 << 16


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX file we can read."""


@dataclass(frozen=True)
class SheetRow:
    number: int
    """As a spreadsheet shows it: the header is row 1."""
    cells: list[str]


@dataclass
class Sheet:
    headers: list[str]
    rows: Iterator[SheetRow]
    estimated_rows: int | None


def open_sheet(path: Path) -> Sheet:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return _open_csv(path)
    raise UnreadableFile(f"{path.name}: only .csv and .xlsx files can be imported")


def csv_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (with or without a BOM), else gb18030
    (a superset of GBK), read in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def _open_csv(path: Path) -> Sheet:
    encoding = csv_encoding(path)
    with path.open("rb") as raw:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(CHUNK), b""))
    stream = path.open(encoding=encoding, newline="")
    reader = csv.reader(stream)
    try:
        headers = next(reader, [])
    except (csv.Error, UnicodeDecodeError) as exc:
        stream.close()
        raise UnreadableFile(f"{path.name}: {exc}") from None

    def rows() -> Iterator[SheetRow]:
        with stream:
            for number, cells in enumerate(reader, start=2):
                if any(cell.strip() for cell in cells):
                    yield SheetRow(number, cells)

    return Sheet([h.strip() for h in headers], rows(), max(lines - 1, 0))


def _open_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, …
        raise UnreadableFile(f"{path.name}: not a readable XLSX file ({exc})") from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, ())
    headers = [cell_text(v).strip() for v in first]
    estimated = (sheet.max_row - 1) if sheet.max_row else None

    def rows() -> Iterator[SheetRow]:
        try:
            for number, row in enumerate(values, start=2):
                cells = [cell_text(v) for v in row]
                if any(cell.strip() for cell in cells):
                    yield SheetRow(number, cells)
        finally:
            book.close()

    return Sheet(headers, rows(), estimated)


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return str(value)
