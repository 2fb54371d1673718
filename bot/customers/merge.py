"""Merging duplicates (`/crm merge CODE_KEEP CODE_GONE`, the Merge button of `/crm duplicates`):
the kept customer takes the other's follow-ups, next steps and history, fills its empty fields
from the other's (a field both have keeps the kept customer's value, and is listed), takes the
other's name as an alias, and the other's code finds the kept customer from then on. One
transaction, audited as `customer.merged`; managers and admins only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import NotAllowed
from bot.catalog.payloads import Unreadable
from bot.catalog.texts.archive import text as archive_text
from bot.catalog.texts.quality import text as t
from bot.customers.contacts import primary_as_contact
from bot.customers.form import MAX_ALIASES, MAX_NEEDS, CustomerFields
from bot.customers.merge_results import DuplicatePair, Merged, MergeRefused
from bot.customers.resolution import CODE_PATTERN
from bot.customers.service import update_customer
from bot.customers.similar import similar_name_pairs
from bot.preferences.team import read_team_preferences
from bot.rules.book import refresh_activity, rules_in_force
from storage import contacts as contact_store
from storage import customers as store
from storage import merging
from storage.models import Customer, CustomerFieldsBase
from storage.records import record_audit

DUPLICATES_SHOWN = 10
"""Pairs listed at once (each a section with a Merge button)."""
_NOT_FILLED = frozenset({"name", "owner_id", "aliases", "needs", "currency"})
"""Fields never copied on their own: the kept name and owner stay; aliases and needs are
joined; the currency travels with the annual value."""


def merge_customers(
    *, engine: Engine, asker: Asker, keep_code: str, gone_code: str, now: datetime
) -> Merged | MergeRefused:
    with acting(engine, asker) as (session, actor):
        if not actor.sees_everything:
            raise NotAllowed(t.MERGE_MANAGERS_ONLY)
        kept = store.get_customer_by_code(session=session, team_id=actor.team_id, code=keep_code)
        gone = store.get_customer_by_code(session=session, team_id=actor.team_id, code=gone_code)
        if kept is None or gone is None:
            missing = keep_code if kept is None else gone_code
            return MergeRefused(t.MERGE_NO_SUCH_CODE.format(code=missing.strip().upper()))
        if kept.id == gone.id:
            return MergeRefused(t.MERGE_SAME_CUSTOMER)
        for customer in (kept, gone):
            if customer.archived_at is not None:
                return MergeRefused(archive_text.ARCHIVE_MERGE_REFUSED.format(code=customer.code))
        merged, filled, conflicts = _combined(kept, gone)
        gone_name, gone_code_now, last = gone.name, gone.code, gone.last_activity_at
        moved = merging.move_history(session=session, gone=gone, kept=kept)
        _keep_contacts(session, gone=gone, kept=kept, merged=merged, now=now)
        merging.delete_merged_customer(session=session, gone=gone)
        merging.remember_merged_code(
            session=session, gone=gone, kept=kept, by=actor.user_id, at=now
        )
        team = read_team_preferences(session=session, settings=asker.settings, team_id=kept.team_id)
        update_customer(
            session=session,
            customer=kept,
            actor_id=actor.user_id,
            fields=merged,
            now=now,
            team=team,
        )
        if last is not None and (kept.last_activity_at is None or kept.last_activity_at < last):
            kept.last_activity_at = last
            store.save_customer(session=session, customer=kept)
        # The moved follow-ups count now, not at the next nightly run.
        rules = rules_in_force(session=session, team_id=kept.team_id).rules
        refresh_activity(session=session, customer=kept, rules=rules, now=now)
        assert kept.id is not None
        record_audit(
            session=session,
            team_id=kept.team_id,
            actor_id=actor.user_id,
            action="customer.merged",
            entity_type="customer",
            entity_id=kept.id,
            at=now,
            before={"kept": kept.code, "gone": gone_code_now},
            after={"filled": list(filled), "conflicts": list(conflicts), "moved": moved},
        )
        return Merged(kept, gone_name, gone_code_now, filled, conflicts, moved)


def _combined(
    kept: Customer, gone: Customer
) -> tuple[CustomerFields, tuple[str, ...], tuple[str, ...]]:
    values: dict[str, Any] = {name: getattr(kept, name) for name in CustomerFieldsBase.model_fields}
    filled: list[str] = []
    conflicts: list[str] = []
    for name in CustomerFieldsBase.model_fields:
        if name in _NOT_FILLED:
            continue
        mine, theirs = getattr(kept, name), getattr(gone, name)
        if _empty(theirs) or mine == theirs:
            continue
        if _empty(mine):
            values[name] = theirs
            filled.append(name)
            if name == "annual_value":
                values["currency"] = gone.currency
        else:
            conflicts.append(name)
    values["aliases"] = _joined([*kept.aliases, gone.name, *gone.aliases], kept.name)
    values["aliases"] = values["aliases"][:MAX_ALIASES]
    values["needs"] = _joined([*kept.needs, *gone.needs])[:MAX_NEEDS]
    return CustomerFields(**values), tuple(filled), tuple(conflicts)


def _joined(words: list[str], leave_out: str = "") -> list[str]:
    """In order, each once (letter case aside), without `leave_out`."""
    seen = {leave_out.casefold()} if leave_out else set()
    joined: list[str] = []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            joined.append(word)
    return joined


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _keep_contacts(
    session: Session, *, gone: Customer, kept: Customer, merged: CustomerFields, now: datetime
) -> None:
    """The gone customer's other contacts move to the kept one; its primary contact, when the
    kept customer's own stays primary, becomes one of the kept customer's other contacts."""
    assert gone.id is not None and kept.id is not None
    contact_store.move_contacts(session=session, from_customer=gone.id, to_customer=kept.id)
    own = (gone.contact_name, gone.phone, gone.email, gone.wechat_id)
    if not any(own) or own == (merged.contact_name, merged.phone, merged.email, merged.wechat_id):
        return
    contact = primary_as_contact(gone, gone.owner_id, now, of=kept)
    contact_store.save_contact(session=session, contact=contact)


def merge_codes(text: str) -> tuple[str, str]:
    """'C20240501001 C20240612003' -> (keep, gone); Unreadable unless it is two codes."""
    codes = text.split()
    if len(codes) != 2 or not all(CODE_PATTERN.match(code) for code in codes):
        raise Unreadable("not two customer codes")
    return codes[0].upper(), codes[1].upper()


def possible_duplicates(*, engine: Engine, asker: Asker) -> list[DuplicatePair]:
    """Pairs of customers that share a phone or an email (managers and admins)."""
    with acting(engine, asker) as (session, actor):
        if not actor.sees_everything:
            raise NotAllowed(t.MERGE_MANAGERS_ONLY)
        pairs = merging.customers_sharing_contact(
            session=session, team_id=actor.team_id, limit=DUPLICATES_SHOWN
        )
        found = [DuplicatePair(first, second, what) for first, second, what in pairs]
        listed = {(pair.first.id, pair.second.id) for pair in found}
        room = DUPLICATES_SHOWN - len(found)
        if room > 0:
            keys = merging.name_keys(session=session, team_id=actor.team_id)
            alike = [p for p in similar_name_pairs(keys, limit=room + len(listed))
                     if (p[0], p[1]) not in listed][:room]  # fmt: skip
            customers = merging.customers_by_id(
                session=session, team_id=actor.team_id, ids=[i for p in alike for i in p[:2]]
            )
            found += [
                DuplicatePair(customers[first], customers[second], "name", score)
                for first, second, score in alike
                if first in customers and second in customers
            ]
    return found
