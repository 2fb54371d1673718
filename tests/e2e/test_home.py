"""The App Home tab: a person's overdue and this-week next steps with the `/crm todo` buttons,
their customers by tier, the team for managers and admins; clicks on it redraw it, and what
people do elsewhere redraws the Homes of those who have opened theirs (nobody else's)."""

from __future__ import annotations

import time as wall
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.dates.calendar import Due
from bot.followups.record import log_followup
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.signed import element_payload, event_body
from bot.sandbox.standin import TEAM_ID
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from bot.views.blocks import MAX_VIEW_BLOCKS
from bot.views.pickers import CUSTOMER
from storage import roles as role_store
from storage.database import unit_of_work
from storage.models import Customer, FollowUp, FollowUpMethod, NextStep
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, REP_TZ, START
from tests.support.factories import add_customer

CHINESE_REP = "U0REPZH01"


def _open_home(crm: Harness, user: str) -> dict[str, Any]:
    """`user` opens the Home tab; the view the app published for them."""
    before = _published(crm, user)
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": dm(user),
        "tab": "home",
        "event_ts": f"{wall.time():.6f}",
    }
    assert crm.send_event(event_body(event)).status == 200
    return _next_home(crm, user, before)


def _published(crm: Harness, user: str) -> int:
    return len([c for c in crm.slack.calls_to("views.publish") if c.params["user_id"] == user])


def _next_home(crm: Harness, user: str, before: int) -> dict[str, Any]:
    """The first Home published for `user` after the `before` they already had."""
    calls = crm.slack.wait_for(
        "views.publish", lambda c: c.params["user_id"] == user, count=before + 1
    )
    view = calls[before].params["view"]
    assert isinstance(view, dict) and view["type"] == "home"
    assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
    return view


def _settle(crm: Harness) -> None:
    """Let a publish that should not happen have its chance to."""
    wall.sleep(0.5)


def _click_on_home(crm: Harness, user: str, home: dict[str, Any], block: dict[str, Any],
                   action: dict[str, Any]) -> None:  # fmt: skip
    action = {**action, "block_id": block.get("block_id", "b1")}
    payload = element_payload(
        user_id=user, action=action, response_url=None, view={**home, "id": "VHOME"}
    )
    assert crm.send(payload).status == 200


def _item(home: dict[str, Any], words: str) -> dict[str, Any]:
    """The actions block under the step line that holds `words`."""
    blocks = home["blocks"]
    for n, block in enumerate(blocks):
        if block.get("type") == "section" and words in block["text"]["text"]:
            following: dict[str, Any] = blocks[n + 1]
            assert following["type"] == "actions"
            return following
    raise AssertionError(f"no step {words!r} on {text_of(home)}")


def _button(home: dict[str, Any], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in home["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return block, element
    raise AssertionError(f"no {action_id} on the Home")


def _grant(crm: Harness, user: str, role: str) -> None:
    with unit_of_work(crm.engine) as session:
        role_store.set_role(
            session=session, team_id=TEAM_ID, user_id=user, role=role, granted_by=ADMIN, at=START
        )


def _book(crm: Harness) -> None:
    """Acme (step overdue by Friday), Globex (step due Saturday), both the rep's; Initech is
    the other rep's. START is Wednesday; the clock ends on Friday 10:00 in Shanghai."""
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START - timedelta(days=40))
    add_customer(crm.engine, "Globex", owner=REP, now=START - timedelta(days=2))
    add_customer(crm.engine, "Initech", owner=OTHER_REP, now=START)
    crm.command_reply("/followup", "Acme called, next: send pricing tomorrow", user=REP)
    crm.clock.advance(days=2)
    crm.command_reply("/followup", "Globex emailed, next: send contract sat", user=REP)
    crm.command_reply("/followup", "Initech called, next: book demo sat", user=OTHER_REP)


def _steps(crm: Harness) -> dict[str, NextStep]:
    with crm.session() as session:
        return {s.description: s for s in session.exec(select(NextStep))}


def test_the_home_lists_my_steps_and_my_customers_by_tier(crm: Harness) -> None:
    _book(crm)
    home = _open_home(crm, REP)
    text = text_of(home)

    assert "*Next steps* — 1 overdue, 1 due this week" in text
    overdue, later = text.index("Overdue"), text.index("Later this week")
    assert overdue < text.index("send pricing") < later < text.index("send contract")
    assert "book demo" not in text and "Initech" not in text  # the other rep's
    actions = _item(home, "send pricing")
    assert [e["action_id"] for e in actions["elements"]] == [
        ids.TODO_DONE,
        ids.TODO_SNOOZE,
        ids.TODO_RESCHEDULE,
        ids.CUSTOMER_LOG_FOLLOWUP,
    ]
    assert "*Your customers* (2) — Standard 2" in text
    assert "*Acme Inc* (`" in text and "*Globex* (`" in text
    assert "*Standard* (2)\n• *Acme Inc* (`" in text  # the longest silent first
    assert "2 days since contact · every 90 days" in text  # Acme was called on Wednesday
    assert "*Globex* (`C20261116001`) — in touch today · every 90 days" in text
    for action_id in (ids.HOME_NEW_CUSTOMER, ids.HOME_LOG_FOLLOWUP, ids.HOME_FIND_CUSTOMER):
        _button(home, action_id)
    assert "*Your team*" not in text  # a rep's Home has no team section
    assert "Log a follow-up in one line" in text  # the short help stays, at the bottom


def test_a_customer_past_its_cadence_says_so(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Inc", owner=REP, now=START - timedelta(days=95))
    text = text_of(_open_home(crm, REP))
    assert "1 customer is past their tier's cadence" in text
    assert "95 days since contact · :red_circle: past the 90-day cadence" in text
    assert "Nothing due this week" in text


def test_a_managers_home_has_the_team(crm: Harness) -> None:
    _book(crm)
    _grant(crm, MANAGER, "manager")
    add_customer(crm.engine, "Quiet Ltd", owner=OTHER_REP, now=START - timedelta(days=100))
    text = text_of(_open_home(crm, MANAGER))
    assert "*Your team*" in text
    assert f"• <@{REP}> — 1 overdue" in text
    assert "*Customers past their cadence* (1)" in text and "*Quiet Ltd*" in text
    assert "*Tier moves this week* — none" in text
    assert "`/crm todo @rep`" in text and "`/customer list overdue`" in text
    assert "*Your customers* — none yet" in text

    assert "*Your team*" in text_of(_open_home(crm, ADMIN))
    assert "*Your team*" not in text_of(_open_home(crm, OTHER_REP))


def test_done_on_the_home_marks_the_step_and_redraws_it(crm: Harness) -> None:
    _book(crm)
    home = _open_home(crm, REP)
    actions = _item(home, "send pricing")
    done = actions["elements"][0]
    _click_on_home(crm, REP, home, actions, done)
    redrawn = _next_home(crm, REP, 1)
    assert _steps(crm)["send pricing"].status == "done"
    assert "send pricing" not in text_of(redrawn) and "send contract" in text_of(redrawn)
    assert crm.slack.calls_to("response_url") == []  # a view has none; the Home was redrawn

    snooze = dict(_item(redrawn, "send contract")["elements"][1])
    snooze["selected_option"] = {"text": {"type": "plain_text", "text": "3 days"}, "value": "3d"}
    _click_on_home(crm, REP, redrawn, _item(redrawn, "send contract"), snooze)
    again = _next_home(crm, REP, 2)
    assert _steps(crm)["send contract"].snoozed_until == crm.clock() + timedelta(days=3)
    assert "Nothing due this week" in text_of(again)


def test_logging_refreshes_an_opened_home_and_no_other(crm: Harness) -> None:
    _book(crm)
    _open_home(crm, REP)
    assert _published(crm, OTHER_REP) == 0

    crm.command_reply("/followup", "Globex visited, next: call back tomorrow", user=REP)
    refreshed = _next_home(crm, REP, 1)
    assert "call back" in text_of(refreshed)

    # The other rep never opened their Home: logging on their own customer publishes nothing;
    # logging on the rep's customer redraws the rep's (their customer changed), once.
    crm.command_reply("/followup", "Initech emailed", user=OTHER_REP)
    crm.command_reply("/followup", "Acme emailed, next: send deck sat", user=OTHER_REP)
    _next_home(crm, REP, 2)
    _settle(crm)
    assert _published(crm, OTHER_REP) == 0
    assert _published(crm, REP) == 3

    # Reading something changes nothing on anyone's Home.
    crm.command_reply("/crm", "todo", user=REP)
    crm.command_reply("/customer", "Acme", user=REP)
    _settle(crm)
    assert _published(crm, REP) == 3


def test_the_home_stays_within_100_blocks_with_a_big_book(crm: Harness) -> None:
    customers = [
        add_customer(crm.engine, f"Customer {n:03d}", owner=REP, now=START - timedelta(days=n % 90))
        for n in range(300)
    ]
    with unit_of_work(crm.engine) as session:
        for n, customer in enumerate(customers[:120]):
            attached = session.get(Customer, customer.id)
            assert attached is not None
            due = START + timedelta(hours=n - 60)  # half overdue, half later this week
            log_followup(
                session=session, customer=attached, author_id=REP, summary="called",
                method=FollowUpMethod.CALL, raw_text="called", step_description=f"task {n:03d}",
                step_due=Due(due, True, ""), now=START - timedelta(days=1),
            )  # fmt: skip
    home = _open_home(crm, REP)
    text = text_of(home)
    assert "*Next steps* — 60 overdue, 60 due this week" in text
    assert "112 more steps due by the end of the week" in text
    assert "*Your customers* (300)" in text and "Showing 12 of 300" in text

    pages = 1
    while True:
        try:
            block, more = _button(home, ids.HOME_MORE)
        except AssertionError:
            break
        _click_on_home(crm, REP, home, block, more)
        home = _next_home(crm, REP, pages)
        pages += 1
        assert pages < 20
    text = text_of(home)
    assert text.count("task ") == 30 and "90 more steps" in text
    assert "Showing 96 of 300" in text
    assert len(home["blocks"]) <= MAX_VIEW_BLOCKS
    with crm.session() as session:
        assert len(list(session.exec(select(FollowUp)))) == 120


def test_new_customer_log_follow_up_and_find_customer(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    home = _open_home(crm, REP)

    _click_on_home(crm, REP, home, *_button(home, ids.HOME_NEW_CUSTOMER))
    assert crm.opened_view()["callback_id"] == ids.CUSTOMER_MODAL

    _click_on_home(crm, REP, home, *_button(home, ids.HOME_LOG_FOLLOWUP))
    form = crm.opened_view()
    assert form["callback_id"] == ids.FOLLOWUP_MODAL
    picker = next(b for b in form["blocks"] if b.get("block_id") == CUSTOMER)
    assert picker["element"]["type"] == "external_select"
    refused = crm.submit(form, {"what": "called"}, user=REP)
    assert CUSTOMER in refused.json()["errors"]
    sent = crm.submit(form, {CUSTOMER: str(acme.id), "what": "called re: quote"}, user=REP)
    assert sent.status == 200
    refreshed = _next_home(crm, REP, 1)
    assert "in touch today" in text_of(refreshed)
    with crm.session() as session:
        [logged] = session.exec(select(FollowUp))
        assert (logged.customer_id, logged.text) == (acme.id, "called re: quote")

    _click_on_home(crm, REP, home, *_button(home, ids.HOME_FIND_CUSTOMER))
    find = crm.opened_view()
    assert find["callback_id"] == ids.HOME_FIND_MODAL
    answer = crm.submit(find, {CUSTOMER: str(acme.id)}, user=REP).json()
    assert answer["response_action"] == "push"
    assert answer["view"]["callback_id"] == ids.CUSTOMER_CARD_MODAL
    assert "Acme Trading" in str(answer["view"])
    missing = crm.submit(find, {CUSTOMER: "999999"}, user=REP).json()
    assert missing["response_action"] == "errors"


def test_a_chinese_reader_gets_a_chinese_home(crm: Harness) -> None:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")
    add_customer(crm.engine, "北京星辰科技有限公司", owner=CHINESE_REP, now=START)
    crm.command_reply("/followup", "星辰 拜访了张总，下一步：明天发报价", user=CHINESE_REP)
    text = text_of(_open_home(crm, CHINESE_REP))
    assert "*下一步*" in text and "发报价" in text
    assert "*你的客户*" in text and "普通" in text
    assert "新建客户" in text and "查找客户" in text
    assert "Your customers" not in text and "Next steps" not in text

    # A Chinese reader's Home redrawn after someone else's action is Chinese too.
    crm.command_reply("/followup", "星辰 emailed the quote", user=REP)
    assert "*你的客户*" in text_of(_next_home(crm, CHINESE_REP, 1))
