"""Several contacts per customer: the card shows the primary and "N more", Add contact adds
others (or a new primary), the contacts list makes one primary, and an admin erases a
contact's personal data — from the row and from the audit log, keeping that it happened."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from bot.sandbox.harness import Harness, button, text_of
from bot.sandbox.standin import TEAM_ID
from bot.views import ids
from bot.views.contacts import contact_form
from bot.wiring.cli import cli
from storage.models import AuditEvent, Customer, CustomerContact, FollowUp
from tests.conftest import ADMIN, OTHER_REP, REP, START
from tests.support.factories import add_customer


def _acme(crm: Harness) -> Customer:
    return add_customer(crm.engine, "Acme Trading", owner=REP, now=START - timedelta(days=2),
                        contact_name="Li Lei", contact_title="CEO", phone="+8613800138000",
                        email="li.lei@acme.example")  # fmt: skip


def _card(crm: Harness, code: str, user: str = REP) -> dict[str, Any]:
    return crm.command_reply("/customer", code, user=user)


def _add_contact(crm: Harness, customer: Customer, form: dict[str, Any]) -> Any:
    card = _card(crm, customer.code)
    action, value = button(card, ids.CUSTOMER_ADD_CONTACT)
    reply, url = crm.click(action, value, user=REP)
    assert reply.status == 200
    view = crm.opened_view()
    assert view["callback_id"] == ids.CONTACT_MODAL
    crm.last_url = url  # type: ignore[attr-defined]  # where the outcome is said
    return crm.submit(view, form, user=REP)


def _contacts(crm: Harness) -> list[CustomerContact]:
    with crm.session() as session:
        return list(session.exec(select(CustomerContact).order_by(CustomerContact.id)))  # type: ignore[arg-type]


def _stored(crm: Harness, customer: Customer) -> Customer:
    with crm.session() as session:
        found = session.get(Customer, customer.id)
        assert found is not None
        return found


def test_add_a_contact_and_the_card_says_one_more(crm: Harness) -> None:
    acme = _acme(crm)
    reply = _add_contact(crm, acme, {"contact_name": "王芳", "contact_title": "采购经理",
                                     "phone": "139 1111 2222", "wechat_id": "wangfang88",
                                     "notes": "Prefers WeChat"})  # fmt: skip
    assert reply.status == 200 and reply.body == ""
    [contact] = _contacts(crm)
    assert (contact.name, contact.title, contact.phone, contact.wechat_id, contact.notes) == (
        "王芳", "采购经理", "+8613911112222", "wangfang88", "Prefers WeChat",
    )  # fmt: skip
    assert contact.phone_hash is not None and contact.customer_id == acme.id
    with crm.engine.connect() as connection:
        raw = connection.execute(text("SELECT name, phone, wechat_id FROM customer_contact")).one()
    assert all(value.startswith("gAAAAA") for value in raw)  # encrypted like the customer's

    card = text_of(_card(crm, acme.code))
    assert "Li Lei (CEO)" in card and "+1 more contact" in card
    assert "王芳" not in card  # the card shows the primary only


def test_the_form_checks_what_is_typed(crm: Harness) -> None:
    acme = _acme(crm)
    body = _add_contact(crm, acme, {"phone": "12"}).json()
    assert body["response_action"] == "errors" and "phone" in body["errors"]
    body = _add_contact(crm, acme, {"contact_title": "Buyer"}).json()
    assert body["errors"] == {"contact_name": "Give at least a name, phone, email or WeChat ID."}
    body = _add_contact(crm, acme, {"wechat_id": "has space"}).json()
    assert "wechat_id" in body["errors"]
    assert _contacts(crm) == []


def test_a_new_primary_keeps_the_old_one_among_the_contacts(crm: Harness) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "Han Meimei", "email": "Han@Acme.example",
                             "primary": ["yes"]})  # fmt: skip
    stored = _stored(crm, acme)
    assert (stored.contact_name, stored.email, stored.phone) == (
        "Han Meimei", "han@acme.example", None,
    )  # fmt: skip
    [old] = _contacts(crm)
    assert (old.name, old.title, old.phone, old.email) == (
        "Li Lei", "CEO", "+8613800138000", "li.lei@acme.example",
    )  # fmt: skip
    said = text_of(crm.reply_to(crm.last_url))  # type: ignore[attr-defined]
    assert "Han Meimei is now the primary contact" in said


def test_make_primary_from_the_contacts_list_swaps_them(crm: Harness) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "Wang Fang", "phone": "139 1111 2222"})
    card = _card(crm, acme.code)
    action, value = button(card, ids.CUSTOMER_CONTACTS)
    crm.click(action, value, user=REP)
    listed = crm.opened_view()
    assert listed["callback_id"] == ids.CONTACTS_MODAL
    shown = text_of(listed)
    assert shown.index("Li Lei") < shown.index("Wang Fang") and "Primary" in shown
    assert len(listed["blocks"]) <= 100
    action, value = button(listed, ids.CONTACT_MAKE_PRIMARY)
    crm.click(action, value, user=REP, view={**listed, "id": "V_CONTACTS"})
    stored = _stored(crm, acme)
    assert (stored.contact_name, stored.phone) == ("Wang Fang", "+8613911112222")
    [other] = _contacts(crm)
    assert (other.name, other.phone) == ("Li Lei", "+8613800138000")
    [update] = crm.slack.calls_to("views.update")
    assert update.params["view_id"] == "V_CONTACTS"
    assert text_of(update.params["view"]).index("Wang Fang") < text_of(update.params["view"]).index(
        "Li Lei"
    )


def test_others_see_masked_contacts_and_cannot_add(crm: Harness) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "Wang Fang", "phone": "139 1111 2222"})
    card = _card(crm, acme.code, user=OTHER_REP)
    assert ids.CUSTOMER_ADD_CONTACT not in str(card)
    action, value = button(card, ids.CUSTOMER_CONTACTS)
    crm.click(action, value, user=OTHER_REP)
    listed = text_of(crm.opened_view())
    assert "+8613911112222" not in listed and "139 1111 2222" not in listed
    assert ids.CONTACT_MAKE_PRIMARY not in listed and ids.CONTACT_ERASE not in listed
    _reply, url = crm.click(ids.CUSTOMER_ADD_CONTACT, str(acme.id), user=OTHER_REP)
    assert f"<@{REP}>" in text_of(crm.reply_to(url))  # whose customer it is, to ask them
    opened = [c.params["view"]["callback_id"] for c in crm.slack.calls_to("views.open")]
    assert opened.count(ids.CONTACT_MODAL) == 1  # only the owner's own form


def test_an_admin_erases_a_contacts_personal_data_and_the_log_keeps_only_that(
    crm: Harness,
) -> None:
    acme = _acme(crm)
    crm.command_reply("/followup", f"{acme.code} called Li Lei re: quote", user=REP)
    _add_contact(crm, acme, {"contact_name": "Wang Fang", "phone": "139 1111 2222"})
    crm.click(ids.CUSTOMER_CONTACTS, str(acme.id), user=REP)
    own_list = crm.opened_view()
    assert ids.CONTACT_ERASE not in str(own_list)  # reps don't erase
    _reply, url = crm.click(ids.CONTACT_ERASE, f'{{"c": {acme.id}, "k": null}}', user=REP)
    assert "Only admins" in text_of(crm.reply_to(url))
    assert _stored(crm, acme).phone == "+8613800138000"

    crm.click(ids.CUSTOMER_CONTACTS, str(acme.id), user=ADMIN)
    listed = crm.opened_view()
    action, value = button(listed, ids.CONTACT_ERASE)  # the primary's comes first
    erase = next(e for b in listed["blocks"] for e in b.get("elements", [])
                 if e.get("action_id") == ids.CONTACT_ERASE)  # fmt: skip
    assert "cannot be undone" in erase["confirm"]["text"]["text"]
    _reply, url = crm.click(action, value, user=ADMIN)
    said = text_of(crm.reply_to(url))
    assert "Erased the personal data of a contact" in said and "phone" in said

    stored = _stored(crm, acme)
    assert (stored.contact_name, stored.contact_title, stored.phone, stored.email) == (
        None, None, None, None,
    )  # fmt: skip
    assert [c.name for c in _contacts(crm)] == ["Wang Fang"]  # the other contact stays
    with crm.session() as session:
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))  # type: ignore[arg-type]
        [followup] = session.exec(select(FollowUp))
    assert followup.text == "called Li Lei re: quote"  # follow-up texts keep their content
    opened = str([(e.before, e.after) for e in events if e.entity_type == "customer"])
    for value in ("Li Lei", "+8613800138000", "li.lei@acme.example"):
        assert value not in opened
    [erasure] = [e for e in events if e.action == "contact.erased"]
    assert erasure.actor_id == ADMIN and erasure.before is None
    assert erasure.after == {"erased_fields": ["contact_name", "phone", "email"],
                             "customer_id": acme.id}  # fmt: skip
    assert any(e.action == "customer.created" for e in events)  # the events themselves stay


def test_erasing_another_contact_removes_its_row_and_its_values_in_the_log(
    crm: Harness,
) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "Wang Fang", "phone": "139 1111 2222"})
    [contact] = _contacts(crm)
    _reply, url = crm.click(ids.CONTACT_ERASE, f'{{"c": {acme.id}, "k": {contact.id}}}',
                            user=ADMIN)  # fmt: skip
    assert "Erased" in text_of(crm.reply_to(url))
    assert _contacts(crm) == []
    assert _stored(crm, acme).phone == "+8613800138000"  # the primary is untouched
    with crm.session() as session:
        added = session.exec(select(AuditEvent).where(AuditEvent.action == "contact.added")).one()
    assert added.after is not None
    assert added.after["contact_name"] is None and added.after["phone"] is None


def test_export_writes_every_contact_to_a_second_sheet_or_file(
    crm: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "王芳", "phone": "139 1111 2222",
                             "wechat_id": "wangfang88", "notes": "Prefers WeChat"})  # fmt: skip
    add_customer(crm.engine, "Quiet Co", owner=REP, now=START)  # no contact at all
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", crm.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    for name in ("book.xlsx", "book.csv"):
        result = runner.invoke(cli, ["export", name, "--team", TEAM_ID, "--language", "zh"])
        assert result.exit_code == 0, result.output

    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "book.xlsx", read_only=True)
    assert book.sheetnames == ["Customers", "联系人"]
    sheet_rows = [list(r) for r in book["联系人"].iter_rows(values_only=True)]
    assert sheet_rows[0] == ["客户编号", "客户名称", "联系人", "职务", "手机号码", "电子邮箱",
                             "微信号", "备注", "主要联系人"]  # fmt: skip
    assert [r[2] for r in sheet_rows[1:]] == ["Li Lei", "王芳"]
    assert sheet_rows[2][4:9] == ["+8613911112222", None, "wangfang88", "Prefers WeChat", None]
    assert sheet_rows[1][8] == "是"
    with (tmp_path / "book-contacts.csv").open(encoding="utf-8-sig") as stream:
        csv_rows = list(csv.reader(stream))
    assert [r[:3] for r in csv_rows[1:]] == [[acme.code, "Acme Trading", "Li Lei"],
                                              [acme.code, "Acme Trading", "王芳"]]  # fmt: skip


def test_a_merge_keeps_the_gone_customers_contacts(crm: Harness) -> None:
    kept = _acme(crm)
    gone = add_customer(crm.engine, "ACME Trading Shanghai", owner=REP, now=START,
                        contact_name="Zhang Wei", phone="+8613700001111")  # fmt: skip
    with crm.session() as session:
        other = CustomerContact(team_id=TEAM_ID, customer_id=gone.id or 0, name="Liu Yang",
                                created_by=REP, created_at=START, updated_at=START)  # fmt: skip
        session.add(other)
        session.commit()
    crm.command_reply("/crm", f"merge {kept.code} {gone.code}", user=ADMIN)
    assert _stored(crm, kept).contact_name == "Li Lei"  # the kept primary stays primary
    others = {(c.name, c.phone, c.customer_id) for c in _contacts(crm)}
    assert others == {("Liu Yang", None, kept.id), ("Zhang Wei", "+8613700001111", kept.id)}


def test_another_reps_forged_form_and_make_primary_change_nothing(crm: Harness) -> None:
    acme = _acme(crm)
    _add_contact(crm, acme, {"contact_name": "Wang Fang", "phone": "139 1111 2222"})
    [contact] = _contacts(crm)
    view = contact_form(acme, response_url=None)
    crm.submit(view, {"contact_name": "Intruder", "phone": "139 0000 0000"}, user=OTHER_REP)
    _reply, url = crm.click(ids.CONTACT_MAKE_PRIMARY, str(contact.id), user=OTHER_REP)
    assert f"<@{REP}>" in text_of(crm.reply_to(url))
    assert [c.name for c in _contacts(crm)] == ["Wang Fang"]
    assert _stored(crm, acme).contact_name == "Li Lei"
