"""`/crm archive` and `/crm unarchive` (issue 12): managers and admins archive a customer, which
then leaves lists, name lookups, nudges, `/crm todo`, the digest, the data check, the duplicates
list and exports, while its card (by code) still shows it with its history; restoring it brings
it all back. Reps are refused. Each change is audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.sandbox.harness import Harness, button, text_of
from bot.sandbox.standin import TEAM_ID
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from bot.wiring.cli import cli
from scheduler.jobs import JobContext, job_context, tick
from storage.models import AuditEvent, Customer, CustomerName
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer

THU_SHANGHAI_0900 = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)


@pytest.fixture
def jobs(crm: Harness) -> JobContext:
    return job_context(crm.settings, crm.engine)


def _seed(crm: Harness) -> tuple[Customer, Customer]:
    """Acme Trading (a Key customer with a follow-up and a step due today) and Globex, both
    the rep's; a manager."""
    acme = add_customer(
        crm.engine, "Acme Trading", owner=REP, now=START, annual_value=Decimal(150_000)
    )
    globex = add_customer(crm.engine, "Globex", owner=REP, now=START)
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    crm.command_reply(
        "/followup", "Acme Trading called re: quote, next: send pricing today", user=REP
    )
    return acme, globex


def _stored(crm: Harness, customer: Customer) -> Customer:
    with crm.session() as session:
        return session.exec(select(Customer).where(Customer.id == customer.id)).one()


def _audits(crm: Harness, action: str) -> list[AuditEvent]:
    with crm.session() as session:
        statement = select(AuditEvent).where(AuditEvent.action == action)
        return list(session.exec(statement.order_by(col(AuditEvent.id))))


def _archive(crm: Harness, customer: Customer, *, user: str = MANAGER) -> str:
    return text_of(crm.command_reply("/crm", f"archive {customer.code}", user=user))


def test_an_archived_customer_leaves_lists_lookups_nudges_and_todo(
    crm: Harness, jobs: JobContext
) -> None:
    acme, globex = _seed(crm)
    answer = crm.command_reply("/crm", f"archive {acme.code}", user=MANAGER)
    said = text_of(answer)
    assert f"Archived *Acme Trading* (`{acme.code}`)" in said
    assert button(answer, ids.CUSTOMER_UNARCHIVE) == (ids.CUSTOMER_UNARCHIVE, str(acme.id))
    stored = _stored(crm, acme)
    assert stored.archived_at == START and stored.archived_by == MANAGER
    [audit] = _audits(crm, "customer.archived")
    assert (audit.actor_id, audit.entity_id) == (MANAGER, acme.id)
    assert audit.after is not None and audit.after["archived_by"] == MANAGER

    listed = text_of(crm.command_reply("/customer", "list", user=MANAGER))
    assert "Globex" in listed and "Acme" not in listed
    own = text_of(crm.command_reply("/customer", "", user=REP))
    assert "Globex" in own and "Acme" not in own

    by_name = text_of(crm.command_reply("/followup", "Acme Trading called again", user=REP))
    assert acme.code not in by_name and "couldn't find a customer" in by_name
    by_code = text_of(crm.command_reply("/followup", f"{acme.code} called again", user=REP))
    assert "is archived, so nothing was logged" in by_code
    assert f"`/crm unarchive {acme.code}`" in by_code
    looked_up = text_of(crm.command_reply("/customer", "Acme Trading", user=REP))
    assert acme.code not in looked_up

    crm.clock.now = THU_SHANGHAI_0900
    tick(jobs, THU_SHANGHAI_0900)
    assert all("Acme" not in text_of(m) for m in crm.slack.posted(dm(REP)))
    todo = text_of(crm.command_reply("/crm", "todo", user=REP))
    assert "send pricing" not in todo
    assert globex.code  # still there, untouched
    assert _stored(crm, globex).archived_at is None


def test_the_card_by_code_still_shows_it_archived_with_its_history(crm: Harness) -> None:
    acme, _ = _seed(crm)
    _archive(crm, acme)
    card = crm.command_reply("/customer", acme.code, user=REP)
    text = text_of(card)
    assert "Acme Trading" in text and "Archived <!date^" in text
    assert f"by <@{MANAGER}>" in text and f"`/crm unarchive {acme.code}`" in text
    assert "called re: quote" in text  # its follow-ups stay
    actions = [
        e["action_id"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert actions == [ids.FOLLOWUP_HISTORY]  # a rep may not restore it, nor log on it here
    manager_card = crm.command_reply("/customer", acme.code, user=MANAGER)
    assert button(manager_card, ids.CUSTOMER_UNARCHIVE)[1] == str(acme.id)
    history = text_of(crm.command_reply("/customer", f"history {acme.code}", user=REP))
    assert "called re: quote" in history


def test_unarchiving_brings_it_back_everywhere(crm: Harness, jobs: JobContext) -> None:
    acme, _ = _seed(crm)
    _archive(crm, acme)
    restored = text_of(crm.command_reply("/crm", "取消归档 Acme Trading", user=ADMIN))
    assert "Restored *Acme Trading*" in restored
    assert _stored(crm, acme).archived_at is None
    [audit] = _audits(crm, "customer.unarchived")
    assert audit.actor_id == ADMIN and audit.before is not None
    assert audit.before["archived_by"] == MANAGER

    assert "Acme Trading" in text_of(crm.command_reply("/customer", "list", user=MANAGER))
    logged = text_of(crm.command_reply("/followup", "Acme called again", user=REP))
    assert "Logged a call with *Acme Trading*" in logged  # found by name again
    crm.clock.now = THU_SHANGHAI_0900
    tick(jobs, THU_SHANGHAI_0900)
    [nudge] = crm.slack.posted(dm(REP))
    assert "Acme Trading" in text_of(nudge) and "send pricing" in text_of(nudge)


def test_the_undo_button_and_the_card_buttons(crm: Harness) -> None:
    acme, _ = _seed(crm)
    card = crm.command_reply("/customer", "Acme Trading", user=MANAGER)
    action, value = button(card, ids.CUSTOMER_ARCHIVE)
    [archive] = [
        e
        for b in card["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.CUSTOMER_ARCHIVE
    ]
    assert archive["confirm"]["title"]["text"] == "Archive this customer?"
    rep_card = crm.command_reply("/customer", "Acme Trading", user=REP)
    with pytest.raises(AssertionError):
        button(rep_card, ids.CUSTOMER_ARCHIVE)

    _, url = crm.click(action, value, user=MANAGER)
    archived = crm.reply_to(url)
    assert "Archived *Acme Trading*" in text_of(archived)
    assert _stored(crm, acme).archived_by == MANAGER

    undo, undo_value = button(archived, ids.CUSTOMER_UNARCHIVE)
    _, url = crm.click(undo, undo_value, user=MANAGER)
    assert "Restored *Acme Trading*" in text_of(crm.reply_to(url))
    assert _stored(crm, acme).archived_at is None
    with crm.session() as session:
        names = session.exec(select(CustomerName).where(CustomerName.customer_id == acme.id))
        assert any(n.key == "acme trading" for n in names)


def test_reps_are_refused_even_on_their_own_customers(crm: Harness) -> None:
    acme, _ = _seed(crm)
    said = _archive(crm, acme, user=REP)
    assert ":no_entry:" in said and "Only managers and admins" in said
    _, url = crm.click(ids.CUSTOMER_ARCHIVE, str(acme.id), user=OTHER_REP)
    assert "Only managers and admins" in text_of(crm.reply_to(url))
    assert _stored(crm, acme).archived_at is None
    assert _audits(crm, "customer.archived") == []

    _archive(crm, acme)
    _, url = crm.click(ids.CUSTOMER_UNARCHIVE, str(acme.id), user=REP)
    assert "Only managers and admins" in text_of(crm.reply_to(url))
    assert _stored(crm, acme).archived_at is not None


def test_friendly_answers_for_what_cannot_be_done(crm: Harness) -> None:
    acme, globex = _seed(crm)
    add_customer(crm.engine, "Acme Logistics", owner=OTHER_REP, now=START)
    usage = text_of(crm.command_reply("/crm", "archive", user=MANAGER))
    assert "`/crm archive CODE_OR_NAME`" in usage
    unknown = text_of(crm.command_reply("/crm", "归档 Initech", user=MANAGER))
    assert "couldn't find a customer called *Initech*" in unknown
    which = text_of(crm.command_reply("/crm", "archive Acme", user=MANAGER))
    assert "More than one customer could be *Acme*" in which
    assert acme.code in which and _stored(crm, acme).archived_at is None
    not_archived = text_of(crm.command_reply("/crm", f"unarchive {globex.code}", user=MANAGER))
    assert "*Globex*" in not_archived and "isn't archived" in not_archived
    _archive(crm, acme)
    again = _archive(crm, acme)
    assert "is already archived" in again and f"`/crm unarchive {acme.code}`" in again
    by_name = text_of(crm.command_reply("/crm", "archive Acme Trading", user=MANAGER))
    assert "is already archived" in by_name  # the exact name still finds it here
    assert len(_audits(crm, "customer.archived")) == 1
    merge = text_of(crm.command_reply("/crm", f"merge {globex.code} {acme.code}", user=MANAGER))
    assert f"{acme.code} is archived" in merge
    gone = crm.click(ids.CUSTOMER_ARCHIVE, "999999", user=MANAGER)[1]
    assert "That customer no longer exists." in text_of(crm.reply_to(gone))


def test_help_lists_the_commands_for_managers(crm: Harness) -> None:
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)
    assert "/crm archive" in text_of(crm.command_reply("/crm", "help", user=MANAGER))
    assert "/crm archive" not in text_of(crm.command_reply("/crm", "help", user=REP))


def test_the_digest_the_data_check_and_duplicates_leave_it_out(crm: Harness) -> None:
    acme, _ = _seed(crm)
    add_customer(crm.engine, "Copy of Globex", owner=OTHER_REP, now=START, phone="+8613800138000")
    add_customer(crm.engine, "Initech", owner=OTHER_REP, now=START, phone="+8613800138000")
    crm.clock.now = START + timedelta(days=2)  # Acme's step is overdue by then
    _, url = crm.command("/crm", "digest preview", user=MANAGER)
    before = text_of(crm.reply_to(url, count=2))
    assert "4 customers" in before and f"*Overdue next steps per owner*\n• <@{REP}>: 1" in before
    assert "Copy of Globex" in text_of(crm.command_reply("/crm", "duplicates", user=MANAGER))

    _archive(crm, acme)
    copy = crm.command_reply("/customer", "Copy of Globex", user=MANAGER)
    assert copy  # the card opens: the name is distinct
    with crm.session() as session:
        [copy_row] = session.exec(select(Customer).where(Customer.name == "Copy of Globex"))
    crm.command_reply("/crm", f"archive {copy_row.code}", user=MANAGER)

    _, url = crm.command("/crm", "digest preview", user=MANAGER)
    after = text_of(crm.reply_to(url, count=2))
    assert "2 customers" in after and "*Overdue next steps per owner*\n_None._" in after
    assert f"*Follow-ups logged per rep*\n• <@{REP}>: 1" in after  # the rep's work still counts
    assert "Copy of Globex" not in text_of(crm.command_reply("/crm", "duplicates", user=MANAGER))
    _, url = crm.command("/crm", "audit", user=MANAGER)
    checked = text_of(crm.reply_to(url, count=2))
    assert "Acme Trading" not in checked and "Copy of Globex" not in checked
    assert "Globex" in checked  # no phone or email: still reported


def _file_rows(crm: Harness) -> list[list[str]]:
    shared = [m for m in crm.slack.posted(dm(MANAGER)) if m.get("files")][-1]
    found = crm.slack.uploaded(shared["files"][0]["id"])
    assert found is not None
    return list(csv.reader(io.StringIO(found[1].decode("utf-8-sig"))))


def test_exports_leave_it_out_unless_asked(
    crm: Harness, database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme, _ = _seed(crm)
    _archive(crm, acme)
    _, url = crm.command("/crm", "export csv", user=MANAGER)
    assert "(1 customers)" in text_of(crm.reply_to(url, count=2))
    assert [r[1] for r in _file_rows(crm)[1:]] == ["Globex"]
    _, url = crm.command("/crm", "export csv 已归档", user=MANAGER)
    assert "(2 customers)" in text_of(crm.reply_to(url, count=2))
    assert sorted(r[1] for r in _file_rows(crm)[1:]) == ["Acme Trading", "Globex"]

    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", database_url)
    runner = CliRunner()
    plain = runner.invoke(cli, ["export", "out.csv", "--team", TEAM_ID])
    assert plain.exit_code == 0, plain.output
    assert "exported 1 customers" in plain.output
    everything = runner.invoke(cli, ["export", "all.csv", "--team", TEAM_ID, "--archived"])
    assert "exported 2 customers" in everything.output, everything.output


def test_restoring_catches_up_with_rules_applied_while_it_was_archived(
    crm: Harness, jobs: JobContext
) -> None:
    acme, _ = _seed(crm)
    _archive(crm, acme)
    later = START + timedelta(days=400)  # long quiet: the nightly job would make it dormant
    crm.clock.now = later
    tick(jobs, later)
    assert _stored(crm, acme).status != "dormant"  # the nightly job leaves it alone
    crm.command_reply("/crm", f"unarchive {acme.code}", user=MANAGER)
    restored = _stored(crm, acme)
    assert restored.activity_level == "dormant"  # refreshed on the way back


def test_an_import_leaves_an_archived_customer_alone_and_says_why(
    crm: Harness, database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme, _ = _seed(crm)
    _archive(crm, acme)
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", database_url)
    with open("archived.csv", "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["Customer code", "Customer name", "Industry"],
                                      [acme.code, "Acme Trading", "Chemicals"]])  # fmt: skip
    result = CliRunner().invoke(
        cli, ["import", "archived.csv", "--team", TEAM_ID, "--match", "code"]
    )
    assert f"{acme.code} is archived: restore it with /crm unarchive {acme.code}" in result.output
    assert _stored(crm, acme).industry != "Chemicals"
    assert _stored(crm, acme).archived_at is not None
