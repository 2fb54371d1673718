"""The customers a picker offers for what has been typed so far: the `/followup` resolution
(codes, exact names and aliases, Chinese, pinyin, typos) first, then names and aliases that
start with it, at most MAX_CHOICES. Every lookup is an index lookup, as for `/followup`."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.catalog.cleaning import without_controls
from bot.customers.matching import match_leading_name
from bot.customers.names import has_cjk, normalize_name
from bot.customers.picker_results import CustomerChoice
from bot.customers.resolution import CODE_PATTERN, StoredNames
from storage import customers as store
from storage import names as name_store
from storage.database import unit_of_work

MAX_CHOICES = 100
"""Slack shows at most 100 options."""
MAX_QUERY = 80
"""Longer than any name a person types into a picker; the rest is ignored."""
_PREFIX_ROWS = 300
"""Name rows read for the prefix part: a customer has a few keys (name, aliases, parts)."""


def find_customer_choices(
    *, engine: Engine, team_id: str, query: str, limit: int = MAX_CHOICES
) -> list[CustomerChoice]:
    """The team's customers (not archived) that `query` may mean, best first."""
    typed = without_controls(query).strip()[:MAX_QUERY]
    key = normalize_name(typed)
    if not key and not CODE_PATTERN.match(typed):
        return []
    with unit_of_work(engine) as session:
        ids = _matching_ids(session, team_id, typed, key, limit)
        rows = store.list_customer_labels(session=session, team_id=team_id, customer_ids=ids)
    return [CustomerChoice(*row) for row in rows[:limit]]


def _matching_ids(session: Session, team_id: str, typed: str, key: str, limit: int) -> list[int]:
    found: dict[int, None] = {}
    if CODE_PATTERN.match(typed):
        customer = store.get_customer_by_code(session=session, team_id=team_id, code=typed)
        if customer is not None and customer.id is not None:
            found[customer.id] = None
    if key:
        resolved = match_leading_name(typed, StoredNames(session, team_id), whole=True)
        found.update(dict.fromkeys(m.customer_id for m in resolved.matches))
        exact = name_store.find_exact_names(session=session, team_id=team_id, keys=[key])
        found.update(dict.fromkeys(customer_id for _, customer_id, _ in exact))
        if len(found) < limit and (len(key) >= 2 or has_cjk(key)):
            started = name_store.find_names_starting_with(
                session=session, team_id=team_id, prefixes=[(key, False)], limit=_PREFIX_ROWS
            )
            found.update(dict.fromkeys(customer_id for _, customer_id in started.get(key, [])))
    return list(found)[: limit * 2]
