"""Queries over customers' normalised names and aliases (the `customer_name` table).

Every lookup is an index lookup on (team_id, key): equality for exact names, a key range for
prefixes. Keys compare by code point on both databases, so a prefix's matches are exactly the
keys between the prefix and the prefix followed by the highest code point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, delete, select

from storage.models import Customer, CustomerName

_HIGHEST = "\U0010ffff"


def replace_customer_names(
    *, session: Session, customer: Customer, keys: Sequence[tuple[str, str]]
) -> None:
    """Make (key, kind) pairs the customer's name keys. Rows are replaced, not edited, so
    their growing ids tell other processes what is new."""
    assert customer.id is not None
    session.exec(delete(CustomerName).where(col(CustomerName.customer_id) == customer.id))
    for key, kind in dict.fromkeys(keys):
        session.add(
            CustomerName(team_id=customer.team_id, customer_id=customer.id, key=key, kind=kind)
        )
    session.flush()


def find_exact_names(
    *, session: Session, team_id: str, keys: Sequence[str], kinds: Sequence[str] | None = None
) -> list[tuple[str, int, str]]:
    """(key, customer id, kind) for every stored key equal to one of `keys` (of `kinds`)."""
    if not keys:
        return []
    statement = select(CustomerName.key, CustomerName.customer_id, CustomerName.kind).where(
        CustomerName.team_id == team_id, col(CustomerName.key).in_(list(set(keys)))
    )
    if kinds is not None:
        statement = statement.where(col(CustomerName.kind).in_(list(kinds)))
    return [(str(k), int(c), str(kind)) for k, c, kind in session.exec(statement)]


def find_names_starting_with(
    *, session: Session, team_id: str, prefixes: Sequence[tuple[str, bool]], limit: int
) -> dict[str, list[tuple[str, int]]]:
    """Per (prefix, whole_words): (key, customer id) of stored names and aliases that start
    with the prefix, in key order, at most `limit` each, in one round trip. With whole_words,
    only longer keys where the prefix ends at a word boundary ('acme' finds 'acme trading',
    not 'acmes'; the key 'acme' itself is an exact match, see `find_exact_names`)."""
    if not prefixes:
        return {}
    # Plain SQL: built with the expression language, a union of a dozen parts cost more
    # Python time than the lookups themselves. Each part is an index range scan.
    parts = [
        f"SELECT {n} AS n, key, customer_id FROM (SELECT key, customer_id FROM customer_name "
        f"WHERE team_id = :team AND key >= :low{n} AND key < :high{n} "
        f"ORDER BY key, customer_id LIMIT :limit) AS part{n}"
        for n in range(len(prefixes))
    ]
    values: dict[str, Any] = {"team": team_id, "limit": limit}
    for n, (prefix, whole_words) in enumerate(prefixes):
        start = prefix + " " if whole_words else prefix
        values[f"low{n}"], values[f"high{n}"] = start, start + _HIGHEST
    found: dict[str, list[tuple[str, int]]] = {}
    rows = session.execute(text(" UNION ALL ".join(parts)), values)
    for number, found_key, customer_id in rows:
        found.setdefault(prefixes[number][0], []).append((str(found_key), int(customer_id)))
    return found


def list_name_keys_after(
    *, session: Session, team_id: str, after_id: int, kinds: Sequence[str], limit: int
) -> list[tuple[int, int, str]]:
    """(row id, customer id, key) of the team's name rows of `kinds` with ids above
    `after_id`, in id order: how a process catches up with names added anywhere since it
    last looked."""
    statement = (
        select(CustomerName.id, CustomerName.customer_id, CustomerName.key)
        .where(
            CustomerName.team_id == team_id,
            col(CustomerName.id) > after_id,
            col(CustomerName.kind).in_(list(kinds)),
        )
        .order_by(col(CustomerName.id))
        .limit(limit)
    )
    return [(int(i or 0), int(c), str(k)) for i, c, k in session.exec(statement)]


def existing_name_ids(*, session: Session, team_id: str, row_ids: Sequence[int]) -> set[int]:
    """Which of these name rows still exist (a renamed customer's old rows are gone)."""
    if not row_ids:
        return set()
    statement = select(CustomerName.id).where(
        CustomerName.team_id == team_id, col(CustomerName.id).in_(list(row_ids))
    )
    return {int(i) for i in session.exec(statement) if i is not None}


def list_teams_with_names(*, session: Session) -> list[str]:
    statement = select(CustomerName.team_id).distinct()
    return sorted(str(team) for team in session.exec(statement))
