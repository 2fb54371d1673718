"""`/crm export` (managers and admins): the team's customers as a file in the person's DM,
the same columns as `crm-bot export`, filtered by tier and status, headers in their language."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import dm_channel as dm
from storage.models import AuditEvent
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer


def _seed(crm: Harness) -> None:
    add_customer(crm.engine, "Mega Corp", owner=REP, now=START, annual_value=Decimal(2_000_000))
    add_customer(crm.engine, "Small Co", owner=OTHER_REP, now=START, status="customer")
    add_customer(crm.engine, "华信贸易", owner=REP, now=START, phone="+8613800138000")
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)


def _file_sent(crm: Harness, user: str) -> tuple[str, bytes]:
    [shared] = [m for m in crm.slack.posted(dm(user)) if m.get("files")]
    file_id = shared["files"][0]["id"]
    found = crm.slack.uploaded(file_id)
    assert found is not None
    return found


def test_a_manager_gets_the_customers_as_a_spreadsheet_in_their_dm(crm: Harness) -> None:
    _seed(crm)
    _, url = crm.command("/crm", "export", user=MANAGER)
    done = text_of(crm.reply_to(url, count=2))
    assert "Sent `crmbot-customers-" in done and "(3 customers)" in done

    name, content = _file_sent(crm, MANAGER)
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Customer code", "Customer name"]
    assert sorted(str(r[1]) for r in rows[1:]) == ["Mega Corp", "Small Co", "华信贸易"]
    assert any("+8613800138000" in [str(v) for v in r] for r in rows[1:])
    with crm.session() as session:
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "customers.exported"))
    assert audit.actor_id == MANAGER and audit.after is not None and audit.after["count"] == 3


def test_filters_format_and_language(crm: Harness) -> None:
    _seed(crm)
    _, url = crm.command("/crm", "导出 csv 中文 成交客户", user=MANAGER)
    assert "(1 customers)" in text_of(crm.reply_to(url, count=2))  # the manager reads English
    name, content = _file_sent(crm, MANAGER)
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["客户编号", "客户名称"]
    assert [r[1] for r in rows[1:]] == ["Small Co"]


def test_reps_are_refused_and_unknown_words_explained(crm: Harness) -> None:
    _seed(crm)
    _, url = crm.command("/crm", "export", user=REP)
    assert "Only managers and admins can export" in text_of(crm.reply_to(url, count=2))
    _, url = crm.command("/crm", "export everything please", user=MANAGER)
    said = text_of(crm.reply_to(url, count=2))
    assert "I don't know “everything”, “please”" in said
    assert crm.slack.calls_to("files.getUploadURLExternal") == []
