"""A customer's whole follow-up history end to end: paging newest first, and editing or deleting
an entry by its author or an admin (audited), never by another rep."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from bot.sandbox.harness import Harness, text_of
from bot.views import ids
from storage.models import AuditEvent, Customer, FollowUp, NextStep
from tests.conftest import ADMIN, OTHER_REP, REP, START
from tests.support.factories import add_customer


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def _followups(crm: Harness) -> list[FollowUp]:
    with crm.session() as session:
        return list(session.exec(select(FollowUp).order_by(col(FollowUp.id))))


def _audit(crm: Harness, action: str) -> list[AuditEvent]:
    with crm.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def _log(crm: Harness, count: int, *, user: str = REP) -> None:
    for n in range(1, count + 1):
        crm.command_reply("/followup", f"Acme called about order {n:02d}", user=user)
        crm.clock.advance(minutes=5)


def test_history_pages_newest_first(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme", owner=REP, now=START)
    _log(crm, 23)
    first = crm.command_reply("/customer", "history acme", user=REP)
    text = text_of(first)
    assert "All follow-ups · Acme" in text and "Page 1 of 3" in text
    assert text.index("order 23") < text.index("order 14")
    assert "order 13" not in text
    assert ids.FOLLOWUP_HISTORY_PREV not in _buttons(first)

    _, url = crm.click(
        ids.FOLLOWUP_HISTORY_NEXT, _buttons(first)[ids.FOLLOWUP_HISTORY_NEXT], user=REP
    )
    second = crm.reply_to(url)
    assert second["replace_original"] is True
    assert "order 13" in text_of(second) and "order 04" in text_of(second)
    _, url = crm.click(
        ids.FOLLOWUP_HISTORY_NEXT, _buttons(second)[ids.FOLLOWUP_HISTORY_NEXT], user=REP
    )
    third = crm.reply_to(url)
    assert "order 01" in text_of(third) and "Page 3 of 3" in text_of(third)
    assert ids.FOLLOWUP_HISTORY_NEXT not in _buttons(third)
    _, url = crm.click(
        ids.FOLLOWUP_HISTORY_PREV, _buttons(third)[ids.FOLLOWUP_HISTORY_PREV], user=REP
    )
    assert "Page 2 of 3" in text_of(crm.reply_to(url))

    # The card's "All follow-ups" button: the customer id as its value.
    card = crm.command_reply("/customer", "Acme", user=OTHER_REP)
    assert _buttons(card)[ids.FOLLOWUP_HISTORY] == str(acme.id)
    _, url = crm.click(ids.FOLLOWUP_HISTORY, str(acme.id), user=OTHER_REP)
    shown = crm.reply_to(url)
    assert shown["replace_original"] is False
    assert "order 23" in text_of(shown)
    assert not any(a.startswith((ids.FOLLOWUP_EDIT, ids.FOLLOWUP_DELETE)) for a in _buttons(shown))


def test_the_author_edits_a_followup_and_the_original_stays_in_the_audit(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme calld about teh order", user=REP)
    history = crm.command_reply("/customer", "history Acme", user=REP)
    edit_id = ids.numbered(ids.FOLLOWUP_EDIT, 0)
    _, url = crm.click(edit_id, _buttons(history)[edit_id], user=REP)
    view = crm.opened_view()
    assert view["callback_id"] == ids.FOLLOWUP_EDIT_MODAL
    reply = crm.submit(view, {"what": "Called about the order", "method": "call"}, user=REP)
    assert reply.status == 200 and reply.body == ""
    redrawn = crm.reply_to(url)
    assert redrawn["replace_original"] is True
    assert "updated" in text_of(redrawn) and "Called about the order" in text_of(redrawn)

    [followup] = _followups(crm)
    assert followup.text == "Called about the order"
    assert followup.raw_text == "Acme calld about teh order"
    [event] = _audit(crm, "followup.edited")
    assert event.actor_id == REP
    assert event.before is not None and event.after is not None
    assert event.before["raw_text"] == "Acme calld about teh order"
    assert event.after["text"] == "Called about the order"


def test_another_rep_may_not_edit_or_delete(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called about pricing", user=REP)
    [followup] = _followups(crm)
    value = json.dumps({"f": followup.id, "p": 1})
    _, url = crm.click(ids.numbered(ids.FOLLOWUP_EDIT, 0), value, user=OTHER_REP)
    assert "Only the person who logged this follow-up or an admin" in text_of(crm.reply_to(url))
    _, url = crm.click(ids.numbered(ids.FOLLOWUP_DELETE, 0), value, user=OTHER_REP)
    assert "Only the person who logged this follow-up or an admin" in text_of(crm.reply_to(url))
    assert len(_followups(crm)) == 1
    assert crm.slack.calls_to("views.open") == []


def test_an_admin_deletes_a_followup_and_its_next_step_stays(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme visited, next: send pricing tomorrow", user=REP)
    crm.clock.advance(hours=1)
    crm.command_reply("/followup", "Acme called about the visit", user=REP)
    history = crm.command_reply("/customer", "history Acme", user=ADMIN)
    older = ids.numbered(ids.FOLLOWUP_DELETE, 1)
    delete = next(
        e
        for b in history["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == older
    )
    assert delete["confirm"]["style"] == "danger"
    _, url = crm.click(older, delete["value"], user=ADMIN)
    redrawn = crm.reply_to(url)
    assert redrawn["replace_original"] is True
    assert "deleted" in text_of(redrawn) and "1 next step" in text_of(redrawn)
    assert "visited" not in text_of(redrawn).split("deleted", 1)[1]

    [left] = _followups(crm)
    assert "about the visit" in left.text
    with crm.session() as session:
        [step] = session.exec(select(NextStep)).all()
        acme = session.exec(select(Customer)).one()
    assert (step.status, step.source_followup_id) == ("open", None)
    assert acme.last_activity_at == left.occurred_at
    [event] = _audit(crm, "followup.deleted")
    assert event.actor_id == ADMIN and event.before is not None
    assert event.before["next_steps_kept"] == [step.id]
    assert "visited" in event.before["raw_text"]


def test_deleting_the_only_followup_clears_the_last_contact(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    crm.command_reply("/followup", "Acme called", user=REP)
    history = crm.command_reply("/customer", "history Acme", user=REP)
    delete_id = ids.numbered(ids.FOLLOWUP_DELETE, 0)
    _, url = crm.click(delete_id, _buttons(history)[delete_id], user=REP)
    assert "No follow-ups yet" in text_of(crm.reply_to(url))
    with crm.session() as session:
        assert session.exec(select(Customer)).one().last_activity_at is None
    _, url = crm.click(delete_id, _buttons(history)[delete_id], user=REP)
    assert "already removed" in text_of(crm.reply_to(url))
