"""`/crm duplicates` lists customers sharing a phone or email with Merge buttons; `/crm merge`
moves one customer's history into another, fills empty fields, lists conflicts, audits it, and
the merged-away code still finds the kept customer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import col, select

from bot.sandbox.harness import Harness, button, text_of
from bot.views import ids
from storage.models import AuditEvent, Customer, FollowUp, MergedCode, NextStep
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer


def _two_of_one(crm: Harness) -> tuple[Customer, Customer]:
    kept = add_customer(
        crm.engine,
        "Acme Trading",
        owner=REP,
        now=START - timedelta(days=10),
        phone="+8613800138000",
        industry="Manufacturing",
        needs=["CRM"],
    )
    gone = add_customer(
        crm.engine,
        "ACME Trading Shanghai",
        owner=OTHER_REP,
        now=START,
        phone="+8613800138000",
        email="buyer@acme.example",
        industry="Retail",
        annual_value=Decimal(120_000),
        currency="CNY",
        needs=["crm", "Training"],
    )
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    crm.command_reply(
        "/followup", f"{gone.code} called re: quote, next: send pricing fri", user=REP
    )
    crm.command_reply("/followup", f"{kept.code} visited the plant", user=REP)
    return kept, gone


def test_a_manager_merges_a_pair_from_the_duplicates_list(crm: Harness) -> None:
    kept, gone = _two_of_one(crm)
    listed = crm.command_reply("/crm", "duplicates", user=MANAGER)
    text = text_of(listed)
    assert "*Acme Trading*" in text and "*ACME Trading Shanghai*" in text
    assert "_same phone_" in text
    action, value = button(listed, ids.CUSTOMER_MERGE)
    assert value == f"{kept.code} {gone.code}"  # the older one is kept
    confirm = next(b["accessory"]["confirm"] for b in listed["blocks"] if "accessory" in b)
    assert "Merge these customers?" in confirm["title"]["text"]

    reply, url = crm.click(action, value, user=MANAGER)
    assert reply.status == 200
    said = text_of(crm.reply_to(url))
    assert f"Merged *ACME Trading Shanghai* (`{gone.code}`) into *Acme Trading*" in said
    assert "Moved: follow-ups 1, next steps 1." in said
    assert "Filled from ACME Trading Shanghai: Email, Annual value." in said
    assert "Kept *Acme Trading*" in said and "Industry" in said

    with crm.session() as session:
        customers = session.exec(select(Customer)).all()
        followups = session.exec(select(FollowUp)).all()
        steps = session.exec(select(NextStep)).all()
        [merged] = session.exec(select(MergedCode))
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "customer.merged"))
    assert [c.code for c in customers] == [kept.code]
    [stored] = customers
    assert stored.email == "buyer@acme.example" and stored.industry == "Manufacturing"
    assert (stored.annual_value, stored.currency) == (Decimal("120000.00"), "CNY")
    assert stored.needs == ["CRM", "Training"]
    assert "ACME Trading Shanghai" in stored.aliases
    assert {f.customer_id for f in followups} == {stored.id}
    assert {s.customer_id for s in steps} == {stored.id}
    assert (merged.code, merged.customer_id) == (gone.code, stored.id)
    assert audit.actor_id == MANAGER
    assert audit.before == {"kept": kept.code, "gone": gone.code}
    assert audit.after is not None and audit.after["conflicts"] == ["industry"]
    assert "buyer@acme.example" not in str(audit.after)

    card = text_of(crm.command_reply("/customer", gone.code, user=MANAGER))
    assert "Acme Trading" in card and kept.code in card
    by_old_name = text_of(crm.command_reply("/customer", "ACME Trading Shanghai", user=MANAGER))
    assert kept.code in by_old_name
    logged = text_of(crm.command_reply("/followup", f"{gone.code} emailed the deck", user=REP))
    assert "Acme Trading" in logged


def test_merging_by_code_and_what_is_refused(crm: Harness) -> None:
    kept, gone = _two_of_one(crm)
    refused = text_of(crm.command_reply("/crm", f"merge {kept.code} {gone.code}", user=REP))
    assert "Only managers and admins can merge customers." in refused
    assert "Only managers" in text_of(crm.command_reply("/crm", "duplicates", user=REP))
    usage = text_of(crm.command_reply("/crm", "merge acme", user=MANAGER))
    assert "/crm merge CODE_TO_KEEP CODE_TO_MERGE_AWAY" in usage
    same = text_of(crm.command_reply("/crm", f"merge {kept.code} {kept.code}", user=MANAGER))
    assert "Those two codes are the same customer." in same
    missing = text_of(crm.command_reply("/crm", f"merge {kept.code} C20990101001", user=MANAGER))
    assert "No customer has the code C20990101001." in missing
    with crm.session() as session:
        assert len(session.exec(select(Customer)).all()) == 2

    done = text_of(crm.command_reply("/crm", f"合并 {kept.code} {gone.code}", user=ADMIN))
    assert "Merged" in done
    again = text_of(crm.command_reply("/crm", f"merge {kept.code} {gone.code}", user=ADMIN))
    assert "Those two codes are the same customer." in again  # the old code finds the kept one
    with crm.session() as session:
        ids_left = session.exec(select(Customer.id).order_by(col(Customer.id))).all()
    assert ids_left == [kept.id]
    assert "No two customers share" in text_of(crm.command_reply("/crm", "查重", user=MANAGER))


def test_a_forged_merge_button_is_out_of_date(crm: Harness) -> None:
    kept, gone = _two_of_one(crm)
    reply, url = crm.click(ids.numbered(ids.CUSTOMER_MERGE, 0), "'; DROP TABLE x", user=MANAGER)
    assert reply.status == 200
    assert "out of date" in text_of(crm.reply_to(url))
    reply, url = crm.click(
        ids.numbered(ids.CUSTOMER_MERGE, 0), f"{kept.code} {gone.code}", user=REP
    )
    assert "Only managers and admins" in text_of(crm.reply_to(url))


def test_duplicates_also_lists_nearly_the_same_names(crm: Harness) -> None:
    first = add_customer(crm.engine, "Initech Systems", owner=REP, now=START - timedelta(days=5))
    second = add_customer(crm.engine, "Initech System", owner=OTHER_REP, now=START)
    add_customer(crm.engine, "深圳市腾讯计算机系统", owner=REP, now=START)
    add_customer(crm.engine, "深圳市腾迅计算机系统", owner=OTHER_REP, now=START)
    add_customer(crm.engine, "Globex", owner=REP, now=START)
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    listed = crm.command_reply("/crm", "duplicates", user=MANAGER)
    said = text_of(listed)
    assert "*Initech Systems*" in said and "*Initech System*" in said
    assert "_similar names (" in said and "腾迅" in said
    assert "Globex" not in said
    values = [b["accessory"]["value"] for b in listed["blocks"] if "accessory" in b]
    assert f"{first.code} {second.code}" in values  # the older one is kept


def test_the_kept_customer_counts_the_moved_follow_ups_at_once(crm: Harness) -> None:
    kept = add_customer(crm.engine, "Acme Trading", owner=REP, now=START - timedelta(days=400))
    gone = add_customer(crm.engine, "Acme Shanghai", owner=REP, now=START - timedelta(days=400))
    for n in range(4):
        crm.command_reply("/followup", f"{gone.code} call number {n}", user=REP)
    with crm.session() as session:
        before = session.get(Customer, kept.id)
        assert before is not None
        quiet, busy = before.activity_level, session.get(Customer, gone.id).activity_level  # type: ignore[union-attr]
    assert quiet != busy
    crm.command_reply("/crm", f"merge {kept.code} {gone.code}", user=ADMIN)
    with crm.session() as session:
        after = session.get(Customer, kept.id)
        assert after is not None
    assert after.activity_level == busy
