"""`crm-bot import` and `crm-bot export` as an operator runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.wiring.cli import cli
from storage.models import AuditEvent, Customer, NextStep
from tests.support.keys import TEST_ENCRYPTION_KEY

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
REP = "U0REP0001"
TEAM = "T0IMPORT1"


@pytest.fixture
def crm_bot(database_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CRM_DEFAULT_REGION", "CN")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, [*args, "--team", TEAM])
        assert result.exit_code == code, result.output
        return result.output

    return run


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def _state(engine: Engine) -> tuple[int, int, int, list[tuple[str, object]]]:
    with Session(engine) as session:
        customers = session.exec(select(Customer).where(Customer.team_id == TEAM)).all()
        audits = session.exec(select(func.count()).select_from(AuditEvent)).one()
        steps = session.exec(select(func.count()).select_from(NextStep)).one()
        return (
            len(customers),
            int(audits),
            int(steps),
            sorted((c.code, c.updated_at) for c in customers),
        )


ENGLISH = [
    ["Customer name", "Phone", "Email", "Status", "Owner", "Annual value", "Next step", "Colour"],
    [
        "Acme Inc",
        "+1 415 555 0100",
        "a@acme.com",
        "Prospect",
        REP,
        "12000",
        "2024-05-20: call",
        "x",
    ],
    ["Beta LLC", "12345", "b@beta.com", "lead", REP, "", "", ""],
    ["", "+1 415 555 0101", "c@x.com", "lead", REP, "", "", ""],
    ["Gamma", "+1 415 555 0102", "not-an-email", "lead", REP, "", "", ""],
    ["Delta", "+1 415 555 0103", "d@d.com", "frozen", REP, "", "", ""],
    ["Epsilon", "", "", "", REP, "", "follow up", ""],
    ["ACME, Inc.", "", "", "", REP, "", "", ""],
]


def test_english_csv_with_bad_rows(crm_bot, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write_csv(tmp_path / "book.csv", ENGLISH)
    dry = crm_bot("import", str(path), "--dry-run")
    assert "would be created:" in dry and _state(engine)[0] == 0
    out = crm_bot("import", str(path))
    assert "unknown columns (ignored): Colour" in out
    assert "row 3, Phone:" in out
    assert "row 4, Customer name:" in out
    assert "row 5, Email:" in out
    assert "row 6, Status:" in out
    assert "row 8" in out and "same Customer name as row 2" in out
    assert "created 2, updated 0" in out
    with Session(engine) as session:
        names = sorted(c.name for c in session.exec(select(Customer)))
        assert names == ["Acme Inc", "Epsilon"]
        assert {s.description for s in session.exec(select(NextStep))} == {"call", "follow up"}
    before = _state(engine)
    again = crm_bot("import", str(path))
    assert "created 0, updated 0, unchanged 2" in again
    assert _state(engine) == before
    strict = crm_bot("import", str(path), "--strict", "--mode", "create", code=1)
    assert "nothing changed" in strict


def test_chinese_xlsx_and_gbk_csv(crm_bot, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["客户编号", "企业名称", "客户类型", "联系方式", "客户状态", "所属销售",
                  "合作金额", "下次跟进计划", "企业规模", "客户来源"])  # fmt: skip
    sheet.append(["C20240101007", "华为技术有限公司", "企业", "13800138000", "意向客户", REP,
                  "80万", "2024-05-20：回访软件使用情况", "5000 人以上", "转介绍"])  # fmt: skip
    sheet.append([None, "张三", "个人", 13900139000, "线索", REP, None, "回访", None, None])
    sheet.append([None, "李四", "个人", "123", "沉睡", REP, None, None, None, None])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    out = crm_bot("import", str(path))
    assert "row 4, 联系方式:" in out and "created 2" in out
    gbk = _write_csv(
        tmp_path / "gbk.csv",
        [["客户名称", "所属销售", "客户状态"], ["王五商贸", REP, "成交客户"]],
        "gbk",
    )
    assert "created 1" in crm_bot("import", str(gbk))
    with Session(engine) as session:
        by_name = {c.name: c for c in session.exec(select(Customer))}
    huawei = by_name["华为技术有限公司"]
    assert huawei.code == "C20240101007" and huawei.status == "prospect"
    assert huawei.phone == "+8613800138000" and huawei.currency == "CNY"
    assert (huawei.company_size, huawei.source) == ("5000+", "referral")
    assert by_name["张三"].customer_type == "individual"
    assert by_name["王五商贸"].status == "customer"


@pytest.mark.parametrize(("suffix", "language"), [(".csv", "en"), (".xlsx", "zh")])
def test_export_imports_back_unchanged(  # type: ignore[no-untyped-def]
    crm_bot, engine: Engine, tmp_path: Path, suffix: str, language: str
) -> None:
    rows = [
        ["Customer name", "Aliases", "Phone", "Email", "Owner", "Annual value", "Needs",
         "Notes", "Last contact", "Next step", "Source", "Company size"],
        ["Acme Inc", "ACME, AC", "+1 415 555 0100", "A@Acme.com", REP, "$12,000", "CRM, ERP",
         "line one\nline two", "2024-05-01", "2024-05-20 call", "Website", "11-50"],
        ["浦发银行", "浦发", "021 6161 8888", "", REP, "1.2亿", "", "", "", "回访", "", ""],
    ]  # fmt: skip
    crm_bot("import", str(_write_csv(tmp_path / "in.csv", rows)))
    before = _state(engine)
    exported = tmp_path / f"out{suffix}"
    assert "exported 2 customers" in crm_bot("export", str(exported), "--language", language)
    out = crm_bot("import", str(exported), "--match", "code")
    assert "created 0, updated 0, unchanged 2" in out, out
    assert _state(engine) == before


def test_the_real_command_line(database_url: str, engine: Engine, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "a.csv", [["Name", "Owner"], ["Acme", REP]])
    env = {
        "PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "HOME": str(tmp_path),
        "CRM_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
    }  # fmt: skip
    result = subprocess.run(
        [CRM_BOT, "import", str(path), "--team", TEAM],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "created 1" in result.stdout
