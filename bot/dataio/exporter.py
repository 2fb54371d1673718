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
from storage import contacts as contact_store
from storage import imports as store
from storage.database import unit_of_work
from storage.models import Customer, CustomerContact, NextStep

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


CONTACT_KEYS = ("code", "name", "contact_name", "contact_title", "phone", "email",
                "wechat_id", "notes")  # fmt: skip
PRIMARY_HEADER = {Language.EN: "Primary", Language.ZH: "主要联系人"}
PRIMARY_WORD = {Language.EN: ("yes", ""), Language.ZH: ("是", "")}
CONTACTS_SHEET = {Language.EN: "Contacts", Language.ZH: "联系人"}


def contacts_file_for(path: Path) -> Path:
    """Where a CSV export puts every contact (an XLSX export has them on a second sheet)."""
    return path.with_name(f"{path.stem}-contacts{path.suffix}")


def export_customers(
    *,
    engine: Engine,
    path: Path,
    options: ExportOptions,
    on_rows: Callable[[int], None] | None = None,
) -> int:
    """Write the team's customers (those in `tiers` and `statuses`, when given) to `path`, and
    all their contacts — the primary one and the others — to a second sheet (XLSX) or a
    second file beside it (CSV, see `contacts_file_for`); how many customers were written."""
    language = options.language
    headers = [header_text(key, language) for key in KEYS]
    contact_headers = [header_text(key, language) for key in CONTACT_KEYS]
    contact_headers.append(PRIMARY_HEADER[language])
    rows = _rows(engine, options, on_rows)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(path, (headers, contact_headers), rows, CONTACTS_SHEET[language])
    return _write_csv(path, (headers, contact_headers), rows)


Rows = Iterator[tuple[list[str], list[list[str]]]]
"""Each customer's row and its contacts' rows."""


def _write_csv(path: Path, headers: tuple[list[str], list[str]], rows: Rows) -> int:
    count = 0
    with (
        path.open("w", encoding="utf-8-sig", newline="") as stream,
        contacts_file_for(path).open("w", encoding="utf-8-sig", newline="") as contacts,
    ):
        writer, contact_writer = csv.writer(stream), csv.writer(contacts)
        writer.writerow(headers[0])
        contact_writer.writerow(headers[1])
        for row, contact_rows in rows:
            writer.writerow(row)
            contact_writer.writerows(contact_rows)
            count += 1
    return count


def _write_xlsx(
    path: Path, headers: tuple[list[str], list[str]], rows: Rows, contacts_title: str
) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Customers")
    contacts = book.create_sheet(contacts_title)
    sheet.append(headers[0])
    contacts.append(headers[1])
    count = 0
    for row, contact_rows in rows:
        sheet.append(row)
        for contact_row in contact_rows:
            contacts.append(contact_row)
        count += 1
    book.save(path)
    return count


def _rows(engine: Engine, options: ExportOptions, on_rows: Callable[[int], None] | None) -> Rows:
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
            others: dict[int, list[CustomerContact]] = {}
            for contact in contact_store.contacts_of_customers(session=session, customer_ids=ids):
                others.setdefault(contact.customer_id, []).append(contact)
        if not page:
            return
        for customer in kept:
            yield (
                customer_row(customer, first_steps.get(customer.id or 0), zone, options.language),
                contact_rows(customer, others.get(customer.id or 0, []), options.language),
            )
        if on_rows is not None:
            on_rows(len(kept))
        after = ids[-1]


def contact_rows(
    customer: Customer, others: list[CustomerContact], language: Language
) -> list[list[str]]:
    """The customer's contacts as the contacts sheet lists them, the primary first."""
    yes, no = PRIMARY_WORD[language]
    rows: list[list[str]] = []
    if any((customer.contact_name, customer.contact_title, customer.phone, customer.email,
            customer.wechat_id)):  # fmt: skip
        rows.append([customer.code, customer.name, customer.contact_name or "",
                     customer.contact_title or "", customer.phone or "", customer.email or "",
                     customer.wechat_id or "", "", yes])  # fmt: skip
    for contact in others:
        rows.append([customer.code, customer.name, contact.name or "", contact.title or "",
                     contact.phone or "", contact.email or "", contact.wechat_id or "",
                     contact.notes or "", no])  # fmt: skip
    return rows


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
        "wechat_id": customer.wechat_id,
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
