"""Exporting a team's customers to CSV or XLSX, with the import's own columns, so an export
imports back unchanged. Customers are read a page at a time, never the whole table."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.catalog.language import Language
from bot.dataio.headers import CHOICE_FIELDS, KEYS, format_next_step, header_text, value_word
from storage import imports as store
from storage.database import unit_of_work
from storage.models import Customer, NextStep

PAGE = 1_000


@dataclass(frozen=True)
class ExportOptions:
    team_id: str
    zone: str
    language: Language = Language.EN
    tiers: Sequence[str] = ()
    statuses: Sequence[str] = ()
    archived: bool = False
    """Archived customers too (left out unless asked for)."""


def export_customers(
    *,
    engine: Engine,
    path: Path,
    options: ExportOptions,
    on_rows: Callable[[int], None] | None = None,
) -> int:
    """Write the team's customers (those in `tiers` and `statuses`, when given) to `path`;
    how many were written."""
    headers = [header_text(key, options.language) for key in KEYS]
    rows = _rows(engine, options, on_rows)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(path, headers, rows)
    return _write_csv(path, headers, rows)


def _write_csv(path: Path, headers: list[str], rows: Iterator[list[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, headers: list[str], rows: Iterator[list[str]]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Customers")
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    book.save(path)
    return count


def _rows(
    engine: Engine, options: ExportOptions, on_rows: Callable[[int], None] | None
) -> Iterator[list[str]]:
    zone = ZoneInfo(options.zone)
    after = 0
    while True:
        with unit_of_work(engine) as session:
            page = store.customers_page(
                session=session,
                team_id=options.team_id,
                after_id=after,
                limit=PAGE,
                tiers=options.tiers,
                statuses=options.statuses,
            )
            ids = [c.id for c in page if c.id is not None]
            kept = [c for c in page if options.archived or c.archived_at is None]
            first_steps: dict[int, NextStep] = {}
            kept_ids = [c.id for c in kept if c.id is not None]
            for step in store.open_steps(session=session, customer_ids=kept_ids):
                first_steps.setdefault(step.customer_id, step)
        if not page:
            return
        for customer in kept:
            yield customer_row(customer, first_steps.get(customer.id or 0), zone, options.language)
        if on_rows is not None:
            on_rows(len(kept))
        after = ids[-1]


def customer_row(
    customer: Customer, step: NextStep | None, zone: ZoneInfo, language: Language
) -> list[str]:
    """The customer's cells, in the order of `KEYS`."""
    value = customer.annual_value
    cells: dict[str, str | None] = {
        "code": customer.code,
        "name": customer.name,
        "aliases": ", ".join(customer.aliases or []),
        "industry": customer.industry,
        "contact_name": customer.contact_name,
        "contact_title": customer.contact_title,
        "phone": customer.phone,
        "email": customer.email,
        "region": customer.region,
        "annual_value": f"{value} {customer.currency}" if value is not None else None,
        "owner": customer.owner_id,
        "needs": ", ".join(customer.needs or []),
        "notes": customer.notes,
        "last_contact": (
            customer.last_activity_at.astimezone(zone).date().isoformat()
            if customer.last_activity_at
            else None
        ),
        "next_step": (
            format_next_step(
                step.due_at.astimezone(zone).date() if step.due_at else None,
                step.description,
                language,
            )
            if step is not None
            else None
        ),
    }
    for field in CHOICE_FIELDS:
        stored = getattr(customer, field)
        cells[field] = value_word(field, stored, language) if stored else None
    return [cells.get(key) or "" for key in KEYS]
