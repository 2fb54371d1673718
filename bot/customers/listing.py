"""`/customer list [filters]` and `/customer` alone: the team's customers, a page at a time.

Everyone may list the whole team's customers; phone and email are masked on customers the
person may not see them for (as on the card). Managers and admins also get counts.
The list is sorted by last contact: the longest silent first (never-contacted ones before all
others), or with `newest` the most recently contacted first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, can_see_contact
from bot.catalog.tiers import chinese_tier_names
from bot.customers.filters import ListFilters, parse_list_filters
from bot.customers.list_results import CustomerPage, CustomerRow, OwnCustomers, PageAt
from bot.digest.build import tier_rules
from bot.preferences.team import read_team_preferences
from bot.rules.book import rules_in_force
from bot.rules.money import value_for_tiers
from bot.slack.people import PeopleDirectory
from storage import customers as customer_store
from storage import listing as store
from storage.database import unit_of_work
from storage.digest import TierRule
from storage.models import Customer

PAGE_SIZE = 15
OWN_LIST = 20


def list_customers(*, engine: Engine, asker: Asker, at: PageAt, now: datetime) -> CustomerPage:
    """The page `at` of the team's customers under the filters typed in `at.query`."""
    owner_ids, unknown = _owners_named(engine, asker, at.query)
    with acting(engine, asker) as (session, actor):
        rules = rules_in_force(session=session, team_id=actor.team_id).rules
        team = read_team_preferences(
            session=session, settings=asker.settings, team_id=actor.team_id
        )
        filters = parse_list_filters(
            at.query,
            tier_names=[t.name for t in rules.tiers],
            tier_aliases=chinese_tier_names(rules.tiers),
        )
        owners = (*filters.owners, *owner_ids, *((actor.user_id,) if filters.mine else ()))
        query = _query(actor, filters, owners, tier_rules(rules), now)
        if unknown and not owners:
            query = replace(query, owners=("",))  # nobody by that name: nothing matches
        start = None
        if at.after is not None:
            start = store.PageStart(datetime.fromisoformat(at.after[0]), at.after[1])
        rows = store.list_customer_page(
            session=session,
            query=query,
            newest_first=filters.newest_first,
            start=start,
            backwards=at.backwards,
            limit=PAGE_SIZE + 1,
        )
        more_beyond = len(rows) > PAGE_SIZE
        rows = rows[1:] if at.backwards and more_beyond else rows[:PAGE_SIZE]
        if at.backwards:
            has_prev, has_next, page = more_beyond, True, at.page if more_beyond else 1
        else:
            has_prev, has_next, page = start is not None, more_beyond, at.page
        counts = None
        if actor.sees_everything:
            counts = store.count_customers_by_status(session=session, query=query)
        return CustomerPage(
            query=at.query,
            filters=filters,
            rows=[
                _row(actor, c, rules.current_tier(c.tier, value_for_tiers(c, team)).name)
                for c in rows
            ],
            page=page,
            has_prev=has_prev,
            has_next=has_next,
            page_size=PAGE_SIZE,
            counts=counts,
            unknown_owners=unknown,
        )


def _query(
    actor: Actor,
    filters: ListFilters,
    owners: tuple[str, ...],
    tiers: tuple[TierRule, ...],
    now: datetime,
) -> store.CustomerQuery:
    quiet_since = None
    if filters.quiet_days is not None:
        quiet_since = now - timedelta(days=filters.quiet_days)
    return store.CustomerQuery(
        team_id=actor.team_id,
        now=now,
        tiers=tiers,
        tier_names=filters.tiers,
        statuses=filters.statuses,
        activities=filters.activities,
        risks=filters.risks,
        owners=tuple(dict.fromkeys(owners)),
        regions=filters.regions,
        industries=filters.industries,
        overdue=filters.overdue,
        quiet_since=quiet_since,
        name_parts=filters.words,
    )


def _row(actor: Actor, customer: Customer, tier: str) -> CustomerRow:
    return CustomerRow(
        customer=customer,
        tier=tier,
        show_contact=can_see_contact(actor, customer),
        sort_key=store.last_contact_of(customer),
    )


def _owners_named(
    engine: Engine, asker: Asker, query: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(user IDs, names not found) for the `@names` typed, looked up among the people who own
    the team's customers. Slack is asked outside any transaction."""
    names = parse_list_filters(query).owner_names
    if not names:
        return (), ()
    with unit_of_work(engine) as session:
        owners = store.customer_owners(session=session, team_id=asker.team_id)
    found: list[str] = []
    unknown: list[str] = []
    for name in names:
        match = _person_named(asker.people, owners, name)
        if match is None:
            unknown.append(name)
        else:
            found.append(match)
    return tuple(found), tuple(unknown)


def _person_named(people: PeopleDirectory, owners: list[str], name: str) -> str | None:
    """The owner whose Slack name is `name`: the whole name, or failing that one word of it or
    its start, when only one owner fits."""
    wanted = name.casefold()
    names = {owner: people.get(owner).display_name.casefold() for owner in owners}
    for owner, full in names.items():
        if wanted in (full, full.replace(" ", ""), owner.casefold()):
            return owner
    close = [o for o, full in names.items() if wanted in full.split() or full.startswith(wanted)]
    return close[0] if len(close) == 1 else None


def own_customers(*, engine: Engine, asker: Asker) -> OwnCustomers:
    """`/customer` alone."""
    with acting(engine, asker) as (session, actor):
        customers = customer_store.list_customers_of_owner(
            session=session, team_id=actor.team_id, owner_id=actor.user_id, limit=OWN_LIST
        )
        total = len(customers)
        if total == OWN_LIST:
            total = customer_store.count_customers_of_owner(
                session=session, team_id=actor.team_id, owner_id=actor.user_id
            )
        team_total = None
        if not customers and actor.sees_everything:
            team_total = store.count_team_customers(session=session, team_id=actor.team_id)
        return OwnCustomers(customers, total, team_total)
