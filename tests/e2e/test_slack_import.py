"""Importing a spreadsheet from Slack (issue 12): a manager shares a CSV or XLSX in their DM
with the bot with the comment `import`, gets the dry run with Apply and Cancel, and Apply
imports it once. Signed events and clicks into the real app; the file is served by the
stand-in Slack to the bot's token only."""

from __future__ import annotations

import copy
import csv
import io
import threading
import urllib.error
import urllib.request
from typing import Any

from openpyxl import Workbook
from sqlmodel import select

from bot.sandbox.harness import Harness, button, text_of
from bot.sandbox.standin import dm_channel as dm
from bot.views import ids
from storage.models import AuditEvent, Customer, JobRun
from tests.conftest import ADMIN, MANAGER, REP

ZH_MANAGER = "U0MGRZH01"
ENGLISH_ROWS = [
    ["Customer name", "Phone", "Email", "Status", "Colour"],
    ["Acme Inc", "+1 415 555 0100", "a@acme.com", "Prospect", "blue"],
    ["Beta LLC", "12345", "b@beta.com", "lead", ""],
    ["Gamma Co", "", "", "lead", ""],
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _manager(crm: Harness, user: str = MANAGER) -> None:
    crm.command_reply("/crm", f"role <@{user}> manager", user=ADMIN)


def _customers(crm: Harness) -> list[Customer]:
    with crm.session() as session:
        return list(session.exec(select(Customer).order_by(Customer.name)))


def _dm_message(crm: Harness, user: str, *, updates: int) -> dict[str, Any]:
    """The bot's one message in `user`'s DM, once it has been updated `updates` times."""
    crm.slack.wait_for("chat.update", lambda c: c.params.get("channel") == dm(user), count=updates)
    [shown] = crm.slack.posted(dm(user))
    return copy.deepcopy(shown)


def _share(
    crm: Harness, user: str, name: str, content: bytes, text: str = "import"
) -> dict[str, Any]:
    file = crm.slack.add_file(name, content)
    assert crm.share_file(file, user=user, text=text).status == 200
    return file


def _click(crm: Harness, shown: dict[str, Any], action_id: str, user: str) -> None:
    found, value = button(shown, action_id)
    action = {"type": "button", "action_id": found, "value": value, "block_id": "import_choice"}
    assert crm.act_on_message(shown, action, user=user, channel=dm(user)).status == 200


def test_a_dry_run_then_apply_imports_once(crm: Harness) -> None:
    _manager(crm)
    file = _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS))
    check = _dm_message(crm, MANAGER, updates=1)
    said = text_of(check)
    assert "Import check" in said and "Nothing has changed yet" in said
    assert "Would create *2*" in said and "*1* rows with problems" in said
    assert "Row 3, Phone:" in said
    assert "Columns I don't know (ignored): Colour" in said
    assert button(check, ids.IMPORT_APPLY)[1] == f"{file['id']} upsert name"
    assert button(check, ids.IMPORT_CANCEL)
    assert _customers(crm) == []
    [download] = crm.slack.calls_to("file_download")
    assert download.headers["authorization"] == f"Bearer {crm.settings.bot_token()}"

    _click(crm, check, ids.IMPORT_APPLY, MANAGER)
    done = _dm_message(crm, MANAGER, updates=3)
    said = text_of(done)
    assert "Imported" in said and "Created *2*" in said
    assert "Apply" not in said  # no buttons left to click twice
    customers = _customers(crm)
    assert [c.name for c in customers] == ["Acme Inc", "Gamma Co"]
    assert {c.owner_id for c in customers} == {MANAGER}  # rows without an owner: the importer's
    assert len(crm.slack.calls_to("file_download")) == 2  # fetched again, never kept

    _click(crm, check, ids.IMPORT_APPLY, MANAGER)  # the same button again
    again = crm.slack.wait_for("response_url", lambda c: "already imported" in str(c.params))
    assert again and len(_customers(crm)) == 2
    assert text_of(crm.slack.posted(dm(MANAGER))[0]) == said  # the result stays
    with crm.session() as session:
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "customers.imported"))
        assert audit.actor_id == MANAGER and audit.after is not None
        assert audit.after["created"] == 2 and audit.after["bad_rows"] == 1
        assert "a@acme.com" not in str(audit.after) and "Acme" not in str(audit.after)


def test_two_clicks_at_once_import_once_in_create_mode(crm: Harness) -> None:
    _manager(crm)
    _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS), text="IMPORT create match email")
    check = _dm_message(crm, MANAGER, updates=1)
    assert "create only, matched by email" in text_of(check)
    clicks = [
        threading.Thread(target=_click, args=(crm, check, ids.IMPORT_APPLY, MANAGER))
        for _ in range(2)
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    crm.slack.wait_for("response_url", lambda c: "already imported" in str(c.params))
    _dm_message(crm, MANAGER, updates=3)  # the check, one "Importing…", one result
    assert [c.name for c in _customers(crm)] == ["Acme Inc", "Gamma Co"]


def test_cancel_imports_nothing_and_apply_after_it_neither(crm: Harness) -> None:
    _manager(crm)
    _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS))
    check = _dm_message(crm, MANAGER, updates=1)
    _click(crm, check, ids.IMPORT_CANCEL, MANAGER)
    cancelled = _dm_message(crm, MANAGER, updates=2)
    assert "Cancelled: nothing from this file was imported" in text_of(cancelled)
    _click(crm, check, ids.IMPORT_APPLY, MANAGER)
    crm.slack.wait_for("response_url", lambda c: "already imported or cancelled" in str(c.params))
    assert _customers(crm) == []
    assert len(crm.slack.calls_to("file_download")) == 1


def test_a_rep_is_refused_without_the_file_being_read(crm: Harness) -> None:
    _share(crm, REP, "book.csv", _csv(ENGLISH_ROWS))
    refused = _dm_message(crm, REP, updates=1)
    assert "Only managers and admins can import customers" in text_of(refused)
    assert crm.slack.calls_to("file_download") == []
    _, url = crm.command("/crm", "import", user=REP)
    assert "Only managers and admins can import" in text_of(crm.reply_to(url))
    # A forged Apply from the rep does nothing either.
    file = crm.slack.add_file("forged.csv", _csv(ENGLISH_ROWS))
    crm.click(ids.IMPORT_APPLY, f"{file['id']} upsert name", user=REP)
    crm.slack.wait_for("response_url", lambda c: "Only managers and admins" in str(c.params))
    assert _customers(crm) == [] and crm.slack.calls_to("file_download") == []


def test_wrong_files_get_a_friendly_answer(crm: Harness) -> None:
    _manager(crm)
    _share(crm, MANAGER, "deck.pdf", b"%PDF-1.4 not a sheet")
    said = text_of(_dm_message(crm, MANAGER, updates=1))
    assert "I can only import CSV or XLSX files; `deck.pdf` is neither" in said
    crm.slack.messages.clear()
    _share(crm, MANAGER, "huge.csv", b"Customer name\n" + b"x" * (10 * 1024 * 1024))
    said = text_of(_dm_message(crm, MANAGER, updates=2))
    assert "`huge.csv` is larger than 10 MB" in said
    crm.slack.messages.clear()
    _share(crm, MANAGER, "book.csv", _csv([["Colour"], ["blue"]]))
    said = text_of(_dm_message(crm, MANAGER, updates=3))
    assert "has no customer name column" in said
    crm.slack.messages.clear()
    _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS), text="import everything now")
    crm.slack.wait_for("chat.postMessage", count=4)
    [answer] = crm.slack.posted(dm(MANAGER))
    said = text_of(answer)
    assert "I don't know “everything”, “now”" in said
    assert crm.slack.calls_to("file_download") == [crm.slack.calls_to("file_download")[0]]
    assert _customers(crm) == []


def test_other_messages_in_the_dm_are_left_alone(crm: Harness) -> None:
    _manager(crm)
    _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS), text="here is the sheet")
    _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS), text="")
    _manager(crm)  # a request after the events, so they have been handled by now
    assert crm.slack.calls_to("chat.postMessage") == []
    assert crm.slack.calls_to("files.info") == []


def test_a_chinese_xlsx_in_chinese(crm: Harness) -> None:
    crm.slack.add_user(ZH_MANAGER, tz="Asia/Shanghai", name="Chen Jing", locale="zh-CN")
    _manager(crm, ZH_MANAGER)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["客户名称", "联系方式", "客户状态", "合作金额", "客户来源"])
    sheet.append(["华为技术有限公司", "+86 138 0013 8000", "意向客户", "80万", "转介绍"])
    sheet.append(["李四商贸", "123", "线索", None, None])
    sheet.append(["王五科技", None, "成交客户", None, None])
    content = io.BytesIO()
    book.save(content)
    _share(crm, ZH_MANAGER, "客户.xlsx", content.getvalue(), text="导入")
    check = _dm_message(crm, ZH_MANAGER, updates=1)
    said = text_of(check)
    assert "*导入检查* — `客户.xlsx`（3 行，新建或更新，按名称匹配）" in said
    assert "将新建 *2* 个" in said and "第 3 行，联系方式：" in said
    assert button(check, ids.IMPORT_APPLY)  # labelled 应用
    assert "应用" in str(check["blocks"]) and "取消" in str(check["blocks"])
    _click(crm, check, ids.IMPORT_APPLY, ZH_MANAGER)
    said = text_of(_dm_message(crm, ZH_MANAGER, updates=3))
    assert "已导入" in said and "已新建 *2* 个" in said
    assert sorted(c.name for c in _customers(crm)) == ["华为技术有限公司", "王五科技"]
    _, url = crm.command("/crm", "导入", user=ZH_MANAGER)
    how = text_of(crm.reply_to(url))
    assert "从表格导入客户" in how and "Customer name / 客户名称" in how


def test_crm_import_says_how(crm: Harness) -> None:
    _manager(crm)
    how = text_of(crm.command_reply("/crm", "import", user=MANAGER))
    assert "attach a CSV or XLSX file" in how and "`import`" in how
    assert "Phone / 手机号码" in how and "import upsert match phone" in how
    assert "I check every row first and change nothing" in how


def test_the_standin_serves_a_file_only_to_the_bots_token(crm: Harness) -> None:
    file = crm.slack.add_file("book.csv", b"Customer name\nAcme\n")

    def get(token: str | None) -> int:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(file["url_private_download"], headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.read() == b"Customer name\nAcme\n"
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    assert get(None) == 401
    assert get("xoxb-someone-else") == 403
    assert get(crm.settings.bot_token()) == 200
    assert crm.slack.answer("files.info", {"file": file["id"]})["file"]["size"] == file["size"]
    crm.slack.remove_file(file["id"])
    assert crm.slack.answer("files.info", {"file": file["id"]})["error"] == "file_not_found"


def test_a_file_deleted_before_apply(crm: Harness) -> None:
    _manager(crm)
    file = _share(crm, MANAGER, "book.csv", _csv(ENGLISH_ROWS))
    check = _dm_message(crm, MANAGER, updates=1)
    crm.slack.remove_file(file["id"])
    _click(crm, check, ids.IMPORT_APPLY, MANAGER)
    said = text_of(_dm_message(crm, MANAGER, updates=2))
    assert "couldn't get" in said and _customers(crm) == []
    with crm.session() as session:
        assert list(session.exec(select(JobRun))) == []
