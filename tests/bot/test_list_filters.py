"""`/customer list` filters as typed, and the list, todo and history builders within Slack's
limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.customers.filters import ListFilters, parse_list_filters
from bot.customers.list_results import CustomerPage, CustomerRow, PageAt
from bot.followups.history_results import HistoryEntry, HistoryPage
from bot.nudges.todo_results import TodoItem, TodoList, read_todo_block_id, todo_block_id
from bot.views.blocks import MAX_MESSAGE_BLOCKS
from bot.views.customer_list import customer_page_message
from bot.views.history import history_message
from bot.views.todo import todo_message
from storage.models import Customer, FollowUp, NextStep

TIERS = ["Strategic", "Key", "Growth", "Standard"]
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")

CASES: list[tuple[str, ListFilters]] = [
    ("", ListFilters()),
    ("mine", ListFilters(mine=True)),
    ("我的", ListFilters(mine=True)),
    ("lead", ListFilters(statuses=("lead",))),
    ("status:Prospect customers", ListFilters(statuses=("prospect", "customer"))),
    ("状态:客户", ListFilters(statuses=("customer",))),
    ("key", ListFilters(tiers=("Key",))),
    ("tier:strategic", ListFilters(tiers=("Strategic",))),
    ("activity:low", ListFilters(activities=("low",))),
    ("activity:dormant", ListFilters(activities=("dormant",))),
    ("dormant", ListFilters(statuses=("dormant",))),
    ("risk:high", ListFilters(risks=("high",))),
    ("high-risk", ListFilters(risks=("high",))),
    ("风险:高", ListFilters(risks=("high",))),
    ("<@U0SAM0001|sam>", ListFilters(owners=("U0SAM0001",))),
    ("owner:<@U0SAM0001>", ListFilters(owners=("U0SAM0001",))),
    ("@sam", ListFilters(owner_names=("sam",))),
    ("owner:@Sam", ListFilters(owner_names=("sam",))),
    ("owner:mine", ListFilters(mine=True)),
    ("region:Shanghai", ListFilters(regions=("Shanghai",))),
    ('region:"New York"', ListFilters(regions=("New York",))),
    ("地区:北京 行业:金融", ListFilters(regions=("北京",), industries=("金融",))),
    ("industry:retail", ListFilters(industries=("retail",))),
    ("overdue", ListFilters(overdue=True)),
    ("逾期", ListFilters(overdue=True)),
    ("no-contact 30d", ListFilters(quiet_days=30)),
    ("no-contact 45", ListFilters(quiet_days=45)),
    ("no-contact:7d", ListFilters(quiet_days=7)),
    ("no-contact", ListFilters(quiet_days=30)),
    ("未联系 60天", ListFilters(quiet_days=60)),
    ("newest", ListFilters(newest_first=True)),
    ("sort:newest", ListFilters(newest_first=True)),
    ("newest oldest", ListFilters()),
    ("acme", ListFilters(words=("acme",))),
    ("acme trading", ListFilters(words=("acme", "trading"))),
    ("星辰", ListFilters(words=("星辰",))),
    ("status:won", ListFilters(not_understood=("status:won",))),
    ("tier:gold", ListFilters(not_understood=("tier:gold",))),
    ("risk:", ListFilters(not_understood=("risk:",))),
    (
        "key lead mine overdue no-contact 30d acme",
        ListFilters(
            tiers=("Key",),
            statuses=("lead",),
            mine=True,
            overdue=True,
            quiet_days=30,
            words=("acme",),
        ),
    ),
    ("lead lead", ListFilters(statuses=("lead",))),
    ("10:30", ListFilters(words=("10:30",))),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_list_filters(text: str, expected: ListFilters) -> None:
    assert parse_list_filters(text, tier_names=TIERS) == expected


def test_sorting_is_not_a_filter() -> None:
    assert not parse_list_filters("newest").any
    assert parse_list_filters("no-contact 30d").any


def test_a_page_position_survives_its_button() -> None:
    at = PageAt("lead 星辰 no-contact 30d", ("2026-11-01T00:00:00+00:00", 42), True, 3)
    assert PageAt.load(at.dump()) == at
    assert PageAt.load(PageAt("x" * 5000).dump()).query == "x" * 1500
    with pytest.raises(ValueError):
        PageAt.load("[1]")


def _customer(n: int, name: str = "Acme") -> Customer:
    return Customer(
        id=n,
        team_id="T",
        code=f"C20261118{n:03d}",
        name=f"{name} {n}",
        name_key=f"acme {n}",
        owner_id="U0REP0001",
        contact_name="Bill",
        phone="+14155550100",
        email="bill@acme.example",
        created_by="U0REP0001",
        created_at=NOW,
        updated_by="U0REP0001",
        updated_at=NOW,
        last_activity_at=NOW - timedelta(days=n) if n % 2 else None,
    )


def _page(rows: int, *, name: str = "Acme", counts: dict[str, int] | None = None) -> CustomerPage:
    return CustomerPage(
        query="lead",
        filters=parse_list_filters("lead mine overdue acme " + "x" * 3000),
        rows=[
            CustomerRow(_customer(n, name), "Key", show_contact=n % 3 == 0, sort_key=NOW)
            for n in range(1, rows + 1)
        ],
        page=2,
        has_prev=True,
        has_next=True,
        page_size=15,
        counts=counts,
        unknown_owners=("nobody",),
    )


def _within_limits(blocks: list[dict[str, object]]) -> None:
    assert len(blocks) <= MAX_MESSAGE_BLOCKS
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            assert len(text["text"]) <= 3000
        for element in block.get("elements", []):  # type: ignore[attr-defined]
            assert len(element.get("value", "")) <= 2000


def test_a_full_page_of_long_names_stays_within_slacks_limits() -> None:
    message = customer_page_message(_page(15, name="名" * 200), zone=ZONE)
    _within_limits(message.blocks)
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[-1]["elements"]] == [
        "customer_list_prev",
        "customer_list_next",
    ]


def test_contact_details_are_masked_unless_the_reader_may_see_them() -> None:
    text = str(customer_page_message(_page(3), zone=ZONE).blocks)
    assert text.count("+1 415-555-0100") == 1  # the row the reader may see (n = 3)
    assert text.count("+1 ••• ••• 0100") == 2
    assert "b•••@acme.example" in text


def test_managers_see_counts_and_reps_do_not() -> None:
    manager = str(customer_page_message(_page(3, counts={"lead": 40, "customer": 2}), zone=ZONE))
    assert "*42* match" in manager and "Page 2 of 3" in manager
    rep = str(customer_page_message(_page(3), zone=ZONE))
    assert "match" not in rep and "Page 2" in rep


def test_an_empty_page_says_so() -> None:
    message = customer_page_message(_page(0), zone=ZONE)
    assert "No customers match" in message.text


def _step(n: int, due: datetime) -> NextStep:
    return NextStep(
        id=n,
        team_id="T",
        customer_id=n,
        owner_id="U0REP0001",
        description="send the pricing " * 100,
        due_at=due,
        status="open",
        created_by="U0REP0001",
        created_at=NOW,
    )


def test_a_full_todo_list_stays_within_slacks_limits() -> None:
    items = [TodoItem(_step(n, NOW - timedelta(days=n)), _customer(n)) for n in range(1, 16)]
    todo = TodoList("U0REP0002", mine=False, overdue=items[:5], today=items[5:10])
    todo.this_week.extend(items[10:])
    message = todo_message(
        TodoList(todo.owner_id, False, todo.overdue, todo.today, todo.this_week, more=12),
        now=NOW,
        zone=ZONE,
        note="Snoozed",
    )
    _within_limits(message.blocks)
    block_ids = [b["block_id"] for b in message.blocks if b["type"] == "actions"]
    assert len(block_ids) == 15 and read_todo_block_id(block_ids[0]) == (1, "U0REP0002")


def test_todo_block_ids_round_trip() -> None:
    assert read_todo_block_id(todo_block_id(12, "U0REP0001")) == (12, "U0REP0001")
    with pytest.raises(ValueError):
        read_todo_block_id("nudge_step_12")


def test_a_history_page_stays_within_slacks_limits() -> None:
    followups = [
        FollowUp(
            id=n,
            team_id="T",
            customer_id=1,
            author_id="U0REP0001",
            occurred_at=NOW,
            method="call",
            text="长" * 3000,
            created_at=NOW,
        )
        for n in range(10)
    ]
    page = HistoryPage(
        _customer(1), [HistoryEntry(f, can_change=True) for f in followups], page=2, total=35
    )
    message = history_message(page, zone=ZONE)
    _within_limits(message.blocks)
    ids = [
        e["action_id"] for b in message.blocks for e in b.get("elements", []) if "action_id" in e
    ]
    assert ids[-2:] == ["followup_history_prev", "followup_history_next"]
    assert ids.count("followup_edit_0") == 1
