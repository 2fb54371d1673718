"""Queries about customers. Every function takes a keyword-only `session` and a `team_id`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as sql_select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.archive import not_archived
from storage.crypto import lookup_hashes
from storage.models import Customer, CustomerCodeCounter, MergedCode, StatusChange, TeamSettings

CODE_PREFIX = "C"


def get_customer(*, session: Session, team_id: str, customer_id: int) -> Customer | None:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.team_id != team_id:
        return None
    return customer


def team_code_prefix(*, session: Session, team_id: str) -> str:
    row = session.get(TeamSettings, team_id)
    return row.code_prefix if row is not None and row.code_prefix else CODE_PREFIX


def get_customer_by_code(*, session: Session, team_id: str, code: str) -> Customer | None:
    """The customer with this code, or the one a customer of this code was merged into."""
    code = code.strip().upper()
    statement = select(Customer).where(Customer.team_id == team_id, Customer.code == code)
    found = session.exec(statement).first()
    if found is not None:
        return found
    merged = (
        select(Customer)
        .join(MergedCode, col(MergedCode.customer_id) == col(Customer.id))
        .where(col(MergedCode.team_id) == team_id, col(MergedCode.code) == code)
    )
    return session.exec(merged).first()


def list_customers_by_ids(
    *, session: Session, team_id: str, customer_ids: Sequence[int]
) -> list[Customer]:
    if not customer_ids:
        return []
    # By primary key alone: with the team in the WHERE clause too, SQLite may walk a team index.
    statement = select(Customer).where(col(Customer.id).in_(list(customer_ids)))
    by_id = {c.id: c for c in session.exec(statement) if c.team_id == team_id}
    return [by_id[i] for i in customer_ids if i in by_id]


def list_customer_labels(
    *, session: Session, team_id: str, customer_ids: Sequence[int]
) -> list[tuple[int, str, str, str]]:
    """(id, name, code, owner) of these customers that are not archived, in the order asked:
    what a picker shows, without reading (and decrypting) whole rows."""
    if not customer_ids:
        return []
    # By primary key alone, as in list_customers_by_ids; the team is checked on each row.
    columns = (Customer.id, Customer.name, Customer.code, Customer.owner_id, Customer.team_id)
    statement = sql_select(*(col(c) for c in columns)).where(
        col(Customer.id).in_(list(customer_ids)), col(Customer.archived_at).is_(None)
    )
    by_id = {
        int(row[0]): (int(row[0]), str(row[1]), str(row[2]), str(row[3]))
        for row in session.execute(statement)
        if row[4] == team_id
    }
    return [by_id[i] for i in customer_ids if i in by_id]


class NameTaken(Exception):
    """Another customer of the team has this normalised name (perhaps stored a moment ago)."""

    def __init__(self, existing: Customer | None) -> None:
        super().__init__("a customer with this name already exists")
        self.existing = existing


def insert_customer(*, session: Session, customer: Customer) -> bool:
    """Add a new customer; False (and nothing added) if its code was taken meanwhile. Raises
    NameTaken when the team has a customer of that name (the unique index says so even when
    the other one was stored by a concurrent request)."""
    try:
        with session.begin_nested():
            session.add(customer)
    except IntegrityError:
        _raise_if_name_taken(session, customer)
        return False
    return True


def save_customer(*, session: Session, customer: Customer) -> None:
    session.add(customer)


def lock_customer(*, session: Session, customer: Customer) -> None:
    """Lock the customer's row until the transaction ends and reload it as committed
    (SQLite has one writer at a time already)."""
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(customer, with_for_update=True)


def save_renamed_customer(*, session: Session, customer: Customer) -> None:
    """Write a customer whose name changed, now; NameTaken when the name is another's."""
    try:
        with session.begin_nested():
            session.add(customer)
    except IntegrityError:
        _raise_if_name_taken(session, customer)
        raise


def _raise_if_name_taken(session: Session, customer: Customer) -> None:
    """After a refused write: NameTaken if another customer of the team holds this name."""
    taken = customer_by_name_key(
        session=session, team_id=customer.team_id, name_key=customer.name_key
    )
    if taken is not None and taken.id != customer.id:
        raise NameTaken(taken) from None


def customer_by_name_key(*, session: Session, team_id: str, name_key: str) -> Customer | None:
    statement = select(Customer).where(Customer.team_id == team_id, Customer.name_key == name_key)
    return session.exec(statement).first()


def list_customers_of_owner(
    *, session: Session, team_id: str, owner_id: str, limit: int
) -> list[Customer]:
    """The owner's customers, most recently active first (never-contacted ones by creation)."""
    activity = func.coalesce(Customer.last_activity_at, Customer.created_at)
    statement = (
        select(Customer)
        .where(Customer.team_id == team_id, Customer.owner_id == owner_id, not_archived())
        .order_by(activity.desc(), col(Customer.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def count_customers_of_owner(*, session: Session, team_id: str, owner_id: str) -> int:
    statement = select(func.count()).where(
        Customer.team_id == team_id, Customer.owner_id == owner_id, not_archived()
    )
    return int(session.exec(statement).one())


def find_possible_duplicates(
    *,
    session: Session,
    team_id: str,
    name_key: str,
    phone: str | None,
    email: str | None,
    exclude_id: int | None = None,
) -> list[Customer]:
    """Customers of the team with the same normalized name, phone or email."""
    conditions: list[ColumnElement[bool]] = [col(Customer.name_key) == name_key]
    if phone:
        conditions.append(col(Customer.phone_hash).in_(lookup_hashes([phone])))
    if email:  # stored folded
        conditions.append(col(Customer.email_hash).in_(lookup_hashes([email.strip().casefold()])))
    statement = select(Customer).where(Customer.team_id == team_id, or_(*conditions))
    if exclude_id is not None:
        statement = statement.where(Customer.id != exclude_id)
    return list(session.exec(statement.order_by(col(Customer.id)).limit(10)))


def next_customer_code(
    *, session: Session, team_id: str, day: date, prefix: str = CODE_PREFIX
) -> str:
    """`prefix` (the team's, `C` by default) + YYYYMMDD + a 3-digit sequence for that day (4+
    digits past 999).

    The sequence comes from an atomic upsert on the day's counter row (which PostgreSQL locks
    until this transaction ends), so concurrent transactions never draw the same number. The
    first code of a day starts above any code already stored for it.
    """
    stamp = f"{day:%Y%m%d}"
    prefix = f"{prefix}{stamp}"
    dialect = session.get_bind().dialect.name
    upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        upsert(CustomerCodeCounter)
        .values(team_id=team_id, day=stamp, last=_highest_code(session, team_id, prefix) + 1)
        .on_conflict_do_update(
            index_elements=["team_id", "day"],
            set_={"last": CustomerCodeCounter.__table__.c.last + 1},  # type: ignore[attr-defined]
        )
        .returning(CustomerCodeCounter.__table__.c.last)  # type: ignore[attr-defined]
    )
    sequence = int(session.execute(statement).scalar_one())
    return f"{prefix}{sequence:03d}"


def _highest_code(session: Session, team_id: str, prefix: str) -> int:
    statement = select(Customer.code).where(
        Customer.team_id == team_id, col(Customer.code).startswith(prefix)
    )
    highest = 0
    for code in session.exec(statement):
        tail = code[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def record_status_change(
    *,
    session: Session,
    customer: Customer,
    from_status: str | None,
    to_status: str,
    reason: str,
    changed_by: str,
    at: datetime,
) -> StatusChange:
    """A row of status history ('new', 'edit', 'dormant', 'restored'); reports count from it."""
    assert customer.id is not None
    change = StatusChange(
        team_id=customer.team_id,
        customer_id=customer.id,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changed_by=changed_by,
        at=at,
    )
    session.add(change)
    return change
