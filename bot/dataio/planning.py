"""Deciding what each imported row does: checked with the customer modal's own rules, matched
by the chosen key, against earlier rows of the file and the team's book."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.catalog.texts.imports import text as t
from bot.customers.form import CustomerFields, check_customer_form, parse_email, parse_phone
from bot.customers.names import normalize_email, normalize_name
from bot.dataio.headers import (
    CHOICE_FIELDS,
    PlannedStep,
    choice_value,
    parse_moment,
    parse_next_step,
)
from bot.dates.calendar import END_OF_DAY
from bot.preferences.model import TeamPreferences
from storage import imports as store
from storage.models import Customer, NextStep

CODE_FORMAT = re.compile(r"[A-Z]{1,8}\d{11,15}")
"""A prefix, the day (YYYYMMDD) and a sequence number, as the counter makes them."""
FORM_FIELDS = (
    "name", "aliases", "customer_type", "industry", "contact_name", "contact_title", "phone",
    "email", "wechat_id", "region", "company_size", "source", "annual_value", "status", "owner",
    "needs", "notes",
)  # fmt: skip


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    PROBLEM = "problem"


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Outcome:
    row: int
    action: Action
    name: str
    detail: str = ""


@dataclass
class NewCustomer:
    row: int
    fields: CustomerFields
    code: str | None
    last_contact: datetime | None
    step: PlannedStep | None


@dataclass
class Change:
    row: int
    customer: Customer
    fields: CustomerFields | None
    """None when the fields stay as they are."""
    last_contact: datetime | None
    step: PlannedStep | None


@dataclass
class BatchPlan:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    creates: list[NewCustomer] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


@dataclass
class _Keys:
    row: int
    cells: dict[str, str]
    name_key: str
    code: str | None
    phone: str | None
    email: str | None

    def match(self, key: str) -> str | None:
        return {"name": self.name_key or None, "code": self.code, "phone": self.phone}.get(
            key, self.email
        )


class Planner:
    """Plans one batch at a time, remembering the file's earlier rows."""

    def __init__(
        self,
        *,
        team: TeamPreferences,
        actor_id: str,
        match: str,
        mode: str,
        owner: str | None,
        headers: dict[str, str],
        now: datetime,
    ) -> None:
        self.team, self.actor_id, self.match, self.mode = team, actor_id, match, mode
        self.owner, self.headers, self.now = owner, headers, now
        self.zone = ZoneInfo(team.zone)
        self._seen: dict[str, dict[str, int]] = {"match": {}, "name": {}, "code": {}}

    def header(self, key: str) -> str:
        return self.headers.get(key, key)

    def plan(self, *, session: Session, rows: list[tuple[int, dict[str, str]]]) -> BatchPlan:
        keys = [self._keys(number, cells) for number, cells in rows]
        team_id = self.team.team_id
        found: dict[str, dict[str, list[Customer]]] = {}
        for column, attribute in (("name_key", "name_key"), ("code", "code"), *self._extra()):
            values = {v for k in keys if (v := getattr(k, attribute))}
            by: dict[str, list[Customer]] = {}
            for customer in store.customers_with(
                session=session, team_id=team_id, column=column, values=values
            ):
                by.setdefault(getattr(customer, column) or "", []).append(customer)
            found[attribute] = by
        steps = self._open_steps(session, found) if "next_step" in self.headers else {}
        plan = BatchPlan()
        for row in keys:
            self._plan_row(plan, row, found, steps)
        return plan

    def _extra(self) -> list[tuple[str, str]]:
        return [(self.match, self.match)] if self.match in ("phone", "email") else []

    def _open_steps(
        self, session: Session, found: dict[str, dict[str, list[Customer]]]
    ) -> dict[int, list[NextStep]]:
        ids = {c.id for by in found.values() for cs in by.values() for c in cs if c.id}
        steps: dict[int, list[NextStep]] = {}
        for step in store.open_steps(session=session, customer_ids=sorted(ids)):
            steps.setdefault(step.customer_id, []).append(step)
        return steps

    def _keys(self, number: int, cells: dict[str, str]) -> _Keys:
        name = cells.get("name", "")
        phone = email = None
        if cells.get("phone"):
            try:
                phone = parse_phone(cells["phone"], self.team.phone_region)
            except ValueError:
                phone = None
        if cells.get("email"):
            try:
                email = normalize_email(parse_email(cells["email"]))
            except ValueError:
                email = None
        code = cells.get("code", "").strip().upper() or None
        name_key = normalize_name(name) if name.strip() else ""
        return _Keys(number, cells, name_key, code, phone, email)

    def _plan_row(
        self,
        plan: BatchPlan,
        row: _Keys,
        found: dict[str, dict[str, list[Customer]]],
        steps: dict[int, list[NextStep]],
    ) -> None:
        name = row.cells.get("name", "")

        def refuse(column: str, reason: str) -> None:
            plan.problems.append(RowProblem(row.row, self.header(column), reason))
            plan.outcomes.append(Outcome(row.row, Action.PROBLEM, name, reason))

        def skip(reason: str) -> None:
            plan.outcomes.append(Outcome(row.row, Action.SKIP, name, reason))

        match_value = row.match(self.match)
        for kind, value, column in (
            ("match", match_value, self.match),
            ("name", row.name_key, "name"),
            ("code", row.code, "code"),
        ):
            earlier = self._seen[kind].get(value) if value else None
            if earlier is not None:
                return skip(t.IMPORT_ROW_SAME_AS.format(column=self.header(column), row=earlier))
        if row.code and not CODE_FORMAT.fullmatch(row.code):
            return refuse("code", t.IMPORT_ROW_BAD_CODE)
        matches = found[self.match if self.match != "name" else "name_key"].get(match_value or "")
        if matches and len(matches) > 1:
            return refuse(self.match, t.IMPORT_ROW_MATCHES_MANY.format(count=len(matches)))
        existing = matches[0] if matches else None
        named = _first(found["name_key"].get(row.name_key))
        if named is not None and existing is not None and named.id != existing.id:
            return refuse("name", t.IMPORT_ROW_NAME_TAKEN.format(code=named.code))
        coded = _first(found["code"].get(row.code or ""))
        if coded is not None and (existing is None or coded.id != existing.id):
            return refuse("code", t.IMPORT_ROW_CODE_TAKEN.format(code=row.code))
        if existing is not None and row.code and existing.code != row.code:
            return refuse("code", t.IMPORT_ROW_OWN_CODE.format(code=existing.code))
        if existing is None and named is not None:
            if self.mode == "create":
                return skip(t.IMPORT_ROW_EXISTS.format(code=named.code))
            return refuse("name", t.IMPORT_ROW_NAME_TAKEN.format(code=named.code))
        if existing is not None and existing.archived_at is not None:
            return refuse(self.match, t.IMPORT_ROW_ARCHIVED.format(code=existing.code))
        if existing is not None and self.mode == "create":
            return skip(t.IMPORT_ROW_EXISTS.format(code=existing.code))
        if existing is None and self.mode == "update":
            return skip(t.IMPORT_ROW_NO_MATCH.format(column=self.header(self.match)))
        fields, errors = self._fields(row.cells, existing)
        moment, step = None, None
        if row.cells.get("last_contact"):
            moment = self._moment(row.cells["last_contact"])
            if moment is None:
                errors["last_contact"] = t.IMPORT_ROW_BAD_DATE
        if row.cells.get("next_step"):
            step = parse_next_step(row.cells["next_step"])
        if errors or fields is None:
            for column, reason in errors.items():
                plan.problems.append(RowProblem(row.row, self.header(column), reason))
            plan.outcomes.append(Outcome(row.row, Action.PROBLEM, name, "; ".join(errors)))
            return None
        for kind, value in (("match", match_value), ("name", row.name_key), ("code", row.code)):
            if value:
                self._seen[kind][value] = row.row
        if existing is None:
            plan.creates.append(NewCustomer(row.row, fields, row.code, moment, step))
            plan.outcomes.append(Outcome(row.row, Action.CREATE, fields.name, row.code or ""))
            return None
        self._plan_change(plan, row.row, existing, fields, moment, step, steps)
        return None

    def _plan_change(
        self,
        plan: BatchPlan,
        number: int,
        existing: Customer,
        fields: CustomerFields,
        moment: datetime | None,
        step: PlannedStep | None,
        steps: dict[int, list[NextStep]],
    ) -> None:
        changed = [k for k, v in stored_columns(fields).items() if getattr(existing, k) != v]
        if moment is not None and not self._later(moment, existing.last_activity_at):
            moment = None
        if step is not None and self._has_step(step, steps.get(existing.id or 0, [])):
            step = None
        what = [c for c in changed if c != "name_key"]
        what += ["last contact"] if moment else []
        what += ["next step"] if step else []
        if not what:
            plan.outcomes.append(Outcome(number, Action.UNCHANGED, existing.name, existing.code))
            return
        plan.changes.append(Change(number, existing, fields if changed else None, moment, step))
        detail = f"{existing.code}: {', '.join(what)}"
        plan.outcomes.append(Outcome(number, Action.UPDATE, existing.name, detail))

    def _fields(
        self, cells: dict[str, str], existing: Customer | None
    ) -> tuple[CustomerFields | None, dict[str, str]]:
        raw: dict[str, str | None] = form_values(existing) if existing else {}
        for key in FORM_FIELDS:
            if key in cells:
                value = cells[key]
                raw[key] = choice_value(key, value) if key in CHOICE_FIELDS and value else value
        if not raw.get("owner"):
            raw["owner"] = (existing.owner_id if existing else None) or self.owner
        fields, errors = check_customer_form(
            raw, default_region=self.team.phone_region, default_currency=self.team.currency
        )
        if fields is not None and existing is not None and fields.annual_value is None:
            fields = fields.model_copy(update={"currency": existing.currency})
        return fields, errors

    def _moment(self, text: str) -> datetime | None:
        moment = parse_moment(text)
        return moment.replace(tzinfo=self.zone).astimezone(UTC) if moment else None

    def _later(self, moment: datetime, stored: datetime | None) -> bool:
        if stored is None:
            return True
        zone = self.zone
        return moment.astimezone(zone).date() > stored.astimezone(zone).date()

    def _has_step(self, step: PlannedStep, open_steps: list[NextStep]) -> bool:
        zone = self.zone
        for existing in open_steps:
            due = existing.due_at.astimezone(zone).date() if existing.due_at else None
            if existing.description.strip() == step.description and due == step.due:
                return True
        return False

    def step_due(self, step: PlannedStep) -> datetime | None:
        if step.due is None:
            return None
        local = datetime.combine(step.due, END_OF_DAY, tzinfo=self.zone)
        return local.astimezone(UTC)


def _first(customers: list[Customer] | None) -> Customer | None:
    return customers[0] if customers else None


def stored_columns(fields: CustomerFields) -> dict[str, Any]:
    """The customer columns `fields` store (as the customer service stores them)."""
    columns = fields.model_dump()
    columns["name_key"] = normalize_name(fields.name)
    if fields.email:
        columns["email"] = normalize_email(fields.email)
    return columns


def form_values(customer: Customer) -> dict[str, str | None]:
    """A stored customer as the form's text, for the columns a file leaves out."""
    value = customer.annual_value
    return {
        "name": customer.name,
        "aliases": ", ".join(customer.aliases or []),
        "customer_type": customer.customer_type,
        "industry": customer.industry,
        "contact_name": customer.contact_name,
        "contact_title": customer.contact_title,
        "phone": customer.phone,
        "email": customer.email,
        "wechat_id": customer.wechat_id,
        "region": customer.region,
        "company_size": customer.company_size,
        "source": customer.source,
        "annual_value": f"{value} {customer.currency}" if value is not None else None,
        "status": customer.status,
        "owner": customer.owner_id,
        "needs": ", ".join(customer.needs or []),
        "notes": customer.notes,
    }
