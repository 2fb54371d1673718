"""`/customer list` end to end on a seeded team of a few hundred customers: filters, paging
with Prev/Next carried in the buttons, masking, counts for managers; `/customer` alone for a
manager; sub-command words never offered as customer names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID
from bot.seed.book import BookOptions
from bot.seed.load import seed_book
from bot.views import ids
from storage.listing import NEVER
from storage.models import Customer, NextStep
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer

SEEDED = 240


@pytest.fixture
def team(crm: Harness) -> list[Customer]:
    seed_book(
        engine=crm.engine,
        options=BookOptions(team_id=TEAM_ID, customers=SEEDED, owners=(REP, OTHER_REP), seed=7),
        now=START,
    )
    return _all(crm)


def _all(crm: Harness) -> list[Customer]:
    with crm.session() as session:
        return list(session.exec(select(Customer)))


def _listed(message: dict[str, Any]) -> list[int]:
    return [
        int(block["accessory"]["value"])
        for block in message["blocks"]
        if block.get("accessory", {}).get("action_id", "").startswith(ids.CUSTOMER_OPEN)
    ]


def _paging(message: dict[str, Any]) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def _walk(crm: Harness, text: str, *, user: str = REP) -> list[int]:
    """Every customer the list shows, page after page with Next."""
    message = crm.command_reply("/customer", text, user=user)
    seen = _listed(message)
    pages = 1
    while ids.CUSTOMER_LIST_NEXT in _paging(message):
        assert len(message["blocks"]) <= 50
        _, url = crm.click(
            ids.CUSTOMER_LIST_NEXT, _paging(message)[ids.CUSTOMER_LIST_NEXT], user=user
        )
        message = crm.reply_to(url)
        assert message["replace_original"] is True
        seen += _listed(message)
        pages += 1
        assert pages < 100
    return seen


def _key(customer: Customer) -> tuple[Any, int]:
    return (customer.last_activity_at or NEVER, customer.id or 0)


def test_paging_walks_the_whole_team_oldest_contact_first(
    crm: Harness, team: list[Customer]
) -> None:
    seen = _walk(crm, "list")
    assert len(seen) == len(set(seen)) == SEEDED
    by_id = {c.id: c for c in team}
    assert seen == [c.id for c in sorted(team, key=_key)]
    assert by_id[seen[0]].last_activity_at is None or all(c.last_activity_at for c in team)

    newest = _walk(crm, "list newest")
    assert newest == [c.id for c in sorted(team, key=_key, reverse=True)]


def test_prev_goes_back_to_the_same_page(crm: Harness, team: list[Customer]) -> None:
    first = crm.command_reply("/customer", "列表", user=REP)
    assert ids.CUSTOMER_LIST_PREV not in _paging(first)
    _, url = crm.click(ids.CUSTOMER_LIST_NEXT, _paging(first)[ids.CUSTOMER_LIST_NEXT], user=REP)
    second = crm.reply_to(url)
    assert "Page 2" in text_of(second)
    _, url = crm.click(ids.CUSTOMER_LIST_NEXT, _paging(second)[ids.CUSTOMER_LIST_NEXT], user=REP)
    third = crm.reply_to(url)
    _, url = crm.click(ids.CUSTOMER_LIST_PREV, _paging(third)[ids.CUSTOMER_LIST_PREV], user=REP)
    back = crm.reply_to(url)
    assert _listed(back) == _listed(second) and "Page 2" in text_of(back)
    _, url = crm.click(ids.CUSTOMER_LIST_PREV, _paging(back)[ids.CUSTOMER_LIST_PREV], user=REP)
    start = crm.reply_to(url)
    assert _listed(start) == _listed(first)
    assert ids.CUSTOMER_LIST_PREV not in _paging(start)


def test_filters_match_what_is_stored(crm: Harness, team: list[Customer]) -> None:
    now = crm.clock()
    with crm.session() as session:
        steps = list(session.exec(select(NextStep)))
    overdue = {s.customer_id for s in steps if s.status == "open" and s.due_at and s.due_at < now}
    expectations = {
        "list mine": {c.id for c in team if c.owner_id == REP},
        "list @sam": {c.id for c in team if c.owner_id == OTHER_REP},
        f"list <@{OTHER_REP}|sam> customer": {
            c.id for c in team if c.owner_id == OTHER_REP and c.status == "customer"
        },
        "list lead prospect": {c.id for c in team if c.status in ("lead", "prospect")},
        "list activity:low": {c.id for c in team if c.activity_level == "low"},
        "list overdue": overdue,
        "list no-contact 30d": {
            c.id
            for c in team
            if c.last_activity_at is None or c.last_activity_at < now - timedelta(days=30)
        },
    }
    region = next(c.region for c in team if c.region)
    expectations[f'list region:"{region}"'] = {
        c.id for c in team if c.region and region.casefold() in c.region.casefold()
    }
    word = team[0].name.split()[0][:4]
    expectations[f'list "{word}"'] = {c.id for c in team if word.casefold() in c.name.casefold()}
    for text, expected in expectations.items():
        assert expected, text
        assert set(_walk(crm, text)) == expected, text


def test_tier_filter_reads_the_rules(crm: Harness) -> None:
    big = add_customer(crm.engine, "Mega Corp", owner=REP, now=START, annual_value=2_000_000)
    add_customer(crm.engine, "Small Co", owner=REP, now=START, annual_value=5_000)
    assert _walk(crm, "list strategic") == [big.id]
    assert _walk(crm, "list tier:Strategic mega") == [big.id]
    assert _walk(crm, "list tier:Strategic small") == []


def test_reps_see_others_contact_details_masked(crm: Harness) -> None:
    add_customer(
        crm.engine,
        "Globex",
        owner=OTHER_REP,
        now=START,
        phone="+14155550199",
        email="hank@globex.example",
    )
    add_customer(crm.engine, "Acme", owner=REP, now=START, phone="+14155550100")
    text = text_of(crm.command_reply("/customer", "list", user=REP))
    assert "+1 415-555-0100" in text
    assert "415-555-0199" not in text and "+1 ••• ••• 0199" in text
    assert "h•••@globex.example" in text
    assert "match" not in text  # counts are for managers and admins
    admin = text_of(crm.command_reply("/customer", "list", user=ADMIN))
    assert "+1 415-555-0199" in admin and "*2* match" in admin


def test_managers_see_counts_of_what_matches(crm: Harness, team: list[Customer]) -> None:
    crm.command_reply("/crm", f"role <@{MANAGER}|zhao> manager", user=ADMIN)
    text = text_of(crm.command_reply("/customer", "list lead", user=MANAGER))
    leads = sum(1 for c in team if c.status == "lead")
    assert f"*{leads}* match" in text
    assert f"Page 1 of {(leads + 14) // 15}" in text


def test_an_unknown_owner_name_lists_nobody(crm: Harness, team: list[Customer]) -> None:
    message = crm.command_reply("/customer", "list @nobody", user=REP)
    assert _listed(message) == []
    assert "Nobody called @nobody" in text_of(message)


def test_a_manager_without_customers_is_pointed_at_the_team(
    crm: Harness, team: list[Customer]
) -> None:
    crm.command_reply("/crm", f"role <@{MANAGER}|zhao> manager", user=ADMIN)
    text = text_of(crm.command_reply("/customer", "", user=MANAGER))
    assert f"the team has *{SEEDED}*" in text
    assert "/customer list" in text
    rep_text = text_of(crm.command_reply("/customer", "", user=REP))
    assert "You don't own any customers" not in rep_text


@pytest.mark.parametrize("word", ["all", "list", "help", "edit", "delete", "history", "全部"])
def test_sub_command_words_are_never_offered_as_new_customers(crm: Harness, word: str) -> None:
    text = text_of(crm.command_reply("/customer", word, user=REP))
    assert "/customer new" not in text.replace("`/customer new [name]`", "")
    assert "No customer matches" not in text


def test_unknown_crm_words_show_help(crm: Harness) -> None:
    assert "crmbot commands" in text_of(crm.command_reply("/crm", "frobnicate", user=REP))
