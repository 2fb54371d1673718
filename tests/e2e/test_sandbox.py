"""`crm-bot sandbox` as a person uses it: scripts run through the real command (a real process,
the real app over signed HTTP, the stand-in Slack, a SQLite file), checked on the transcript
and on the rows; and one session typed at a pseudo-terminal."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest
from sqlmodel import Session, select

from storage.database import make_engine
from storage.models import Customer, FollowUp, NextStep, RuleSet
from tests.support.processes import CRM_BOT, clean_env

# Monday 2026-11-23, 09:00 in New York (the rep), 22:00 in Shanghai (rep2 and the admin).
NOW = "2026-11-23T14:00:00+00:00"
REP = "U0REP0001"
FORM_FIELDS = 17
"""Inputs of the new-customer form, in order: name, aliases, type, industry, contact, title,
phone, email, region, size, source, annual value, status, owner, needs, notes."""


def run_script(folder: Path, lines: list[str], *, reset: bool = False) -> str:
    script = folder / "script.txt"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [CRM_BOT, "sandbox", "--script", str(script), "--now", NOW]
    args += ["--database", str(folder / "data" / "sandbox.db")]
    if reset:
        args.append("--reset")
    done = subprocess.run(
        args, cwd=folder, env=clean_env(), capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return done.stdout


def rows(folder: Path) -> Session:
    engine = make_engine(f"sqlite:///{folder / 'data' / 'sandbox.db'}")
    return Session(engine, expire_on_commit=False)


def new_customer(name: str, **typed: str) -> list[str]:
    """Script lines that fill in the new-customer form: `name`, then Enter for every field
    not in `typed` (by position: "email" is the 8th field)."""
    order = ["aliases", "type", "industry", "contact", "title", "phone", "email", "wechat"]
    order += ["region", "size", "source", "value", "status", "owner", "needs", "notes"]
    return ["/customer new", name, *(typed.get(field, "") for field in order), "y"]


def test_starts_with_demo_data_for_two_reps_a_manager_and_an_admin(tmp_path: Path) -> None:
    out = run_script(tmp_path, [":who", "/crm todo"])

    assert "demo data: 40 customers" in out
    for who in ("Emily Carter (rep, en-US, America/New_York)", "李雷 (rep, zh-CN, Asia/Shanghai)"):
        assert who in out
    assert "manager" in out and "admin" in out
    assert "Your open next steps" in out and "Overdue" in out
    with rows(tmp_path) as session:
        customers = list(session.exec(select(Customer)))
        followups = list(session.exec(select(FollowUp)))
    assert len(customers) == 40
    assert {c.owner_id for c in customers} == {"U0REP0001", "U0REP0002"}
    assert any(not c.name.isascii() for c in customers)
    assert any(c.name.isascii() for c in customers)
    oldest = min(f.occurred_at for f in followups)
    assert (datetime.fromisoformat(NOW) - oldest).days <= 90


def test_a_customer_made_through_the_form_with_an_inline_error_fixed(tmp_path: Path) -> None:
    lines = new_customer("Acme Trading Ltd", email="not-an-email", value="80000")
    lines += ["sales@acme.example", "y"]

    out = run_script(tmp_path, lines)

    assert "New customer" in out
    assert "Email (text" in out
    assert "⚠ That doesn't look like a valid email address" in out
    assert re.search(r"Created Acme Trading Ltd — customer code C20261123\d{3}", out)
    assert "[1] Log follow-up   [2] Edit" in out
    with rows(tmp_path) as session:
        [acme] = session.exec(select(Customer).where(Customer.name == "Acme Trading Ltd"))
    assert acme.owner_id == REP
    assert acme.annual_value == Decimal("80000")


def test_a_chinese_date_and_a_click_to_choose_between_two_customers(tmp_path: Path) -> None:
    lines = [
        "/customer new Acme Trading",
        "y",
        "/customer new Acme Logistics",
        "y",
        "y",  # "Create anyway": the two names look alike
        "/followup Acme called re: quote, next: send pricing 下周三",
        "2",  # Acme Logistics: "Log it here"
    ]

    out = run_script(tmp_path, lines)

    assert "More than one customer could be Acme. Which one did you mean?" in out
    assert "[1] Log it here" in out and "[2] Log it here" in out
    assert "Logged a call with Acme Logistics" in out
    assert "Next step: send pricing — due Dec 2" in out  # Wednesday of next week, in New York
    with rows(tmp_path) as session:
        [logistics] = session.exec(select(Customer).where(Customer.name == "Acme Logistics"))
        [followup] = session.exec(select(FollowUp).where(FollowUp.customer_id == logistics.id))
        [step] = session.exec(select(NextStep).where(NextStep.customer_id == logistics.id))
    assert followup.text == "called re: quote"
    assert step.description == "send pricing"
    assert step.due_at is not None
    assert step.due_at.astimezone(ZoneInfo("America/New_York")).date() == date(2026, 12, 2)


def test_an_admin_changes_the_rules_after_a_preview(tmp_path: Path) -> None:
    lines = [
        "/crm rules",  # as the rep: read only
        ":as admin",
        "/crm rules",
        "5",  # Tier 2: minimum annual value
        "250000",
        "y",  # preview
        "y",  # apply
    ]

    out = run_script(tmp_path, lines)

    assert "Only CRM admins can change these" in out  # the rep reads English
    assert "You are now 王芳 (admin, zh-CN, Asia/Shanghai)." in out  # the admin, Chinese
    assert "预览? y = 预览" in out
    preview = re.search(r"应用这些规则后，40 个客户中有 (\d+) 个会变更等级", out)
    assert preview, out
    assert "应用? y = 应用" in out
    assert f"客户规则第 1 版已生效：{preview.group(1)} 个客户的客户等级有变化" in out
    with rows(tmp_path) as session:
        [rules] = session.exec(select(RuleSet))
    assert rules.version == 1
    key = next(t for t in rules.rules["tiers"] if t["name"] == "Key")
    assert Decimal(str(key["minimum"])) == Decimal("250000")


def test_the_clock_brings_the_morning_nudge_and_done_closes_a_step(tmp_path: Path) -> None:
    out = run_script(tmp_path, [":advance 30m", "1", ":dms"])

    assert "⏰ Mon 2026-11-23 09:30 (America/New_York)" in out
    assert "crmbot posted (DM to you)" in out
    nudge = re.search(r"Good morning! (\d+) things need you today", out)
    assert nudge, out
    assert "(crmbot also sent DMs to others: Priya Nair 1" in out  # the manager's escalation
    done = re.search(r"✅ (.+?) · (.+?) \((C\d+)\) — done", out)
    assert done, out
    assert f"Good morning! {int(nudge.group(1)) - 1} things need you today" in out
    assert "your DMs with crmbot (1 messages" in out
    with rows(tmp_path) as session:
        [customer] = session.exec(select(Customer).where(Customer.code == done.group(3)))
        steps = session.exec(
            select(NextStep).where(
                NextStep.customer_id == customer.id, NextStep.description == done.group(1)
            )
        )
        assert [s.status for s in steps] == ["done"]


def test_the_monday_digest_posts_in_sales_with_its_chart(tmp_path: Path) -> None:
    out = run_script(tmp_path, [":as admin", ":time 2026-11-30 09:05", ":channel #sales"])

    assert "⏰ Mon 2026-11-30 09:00 (Asia/Shanghai)" in out
    assert "crmbot posted in #sales" in out
    assert "Weekly customer digest · 2026-W49" in out
    saved = re.search(r"shared crm-digest-2026-W49-C0SALES01\.png in #sales; saved as (\S+)", out)
    assert saved, out
    png = tmp_path / saved.group(1)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "#sales (2 messages, oldest first)" in out
    assert f"📎 Customer digest 2026-W49: {saved.group(1)}" in out
    assert "The clock is now Mon 2026-11-30 09:05 (Asia/Shanghai)." in out


def test_menus_and_date_pickers_are_used_by_number_and_home_shows(tmp_path: Path) -> None:
    lines = ["/crm todo", "2", "2", "3", "2026-12-01", ":home"]

    out = run_script(tmp_path, lines)

    first = re.search(r"🔴 Overdue\n  (.+?) \((C\d+)\): (.+?) — ", out)
    after_snooze = out.split("pick: 2\n", 1)[1]  # the list again, the snoozed step gone
    second = re.search(r"🔴 Overdue\n  (.+?) \((C\d+)\): (.+?) — ", after_snooze)
    assert first and second, out
    assert "  1) 1 day\n  2) 3 days\n  3) 1 week\n  pick: 2" in out
    assert "  (type a date as YYYY-MM-DD)\n  pick: 2026-12-01" in out
    assert out.count("(replacing its message)") == 2
    assert "Log a follow-up in one line" in out.split("rep> :home", 1)[1]
    with rows(tmp_path) as session:
        snoozed = _step(session, first.group(2), first.group(3))
        moved = _step(session, second.group(2), second.group(3))
    assert snoozed.snoozed_until == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # three days
    assert moved.due_at is not None
    assert moved.due_at.astimezone(ZoneInfo("America/New_York")).date() == date(2026, 12, 1)


def _step(session: Session, code: str, description: str) -> NextStep:
    [customer] = session.exec(select(Customer).where(Customer.code == code))
    [step] = session.exec(
        select(NextStep).where(
            NextStep.customer_id == customer.id,
            NextStep.description == description,
            NextStep.status == "open",
        )
    )
    return step


def test_personas_see_what_their_role_allows(tmp_path: Path) -> None:
    with_phone = _a_customer_of(tmp_path, REP)
    lines = [":as rep2", f"/customer {with_phone.code}", ":as rep", f"/customer {with_phone.code}"]

    out = run_script(tmp_path, lines)

    other = out.split("rep2> /customer", 1)[1].split("rep> /customer", 1)[0]
    own = out.split("rep> /customer", 1)[1]
    assert "•••" in other  # another rep's customer: contact details masked
    assert "•••" not in own
    assert str(with_phone.phone)[-4:] in own


def _a_customer_of(folder: Path, owner: str) -> Customer:
    run_script(folder, [])  # a first run seeds the demo team
    with rows(folder) as session:
        found = session.exec(
            select(Customer).where(Customer.owner_id == owner, Customer.phone.is_not(None))  # type: ignore[union-attr]
        ).first()
    assert found is not None
    return found


def test_what_it_keeps_and_reset_starts_over(tmp_path: Path) -> None:
    run_script(tmp_path, ["/customer new Kept Across Runs Ltd", "y"])
    out = run_script(tmp_path, ["/customer Kept Across Runs"])
    assert "your data is kept in" in out
    assert "Kept Across Runs Ltd" in out
    assert "C2026" in out

    out = run_script(tmp_path, [":reset", "/customer Kept Across Runs"])
    assert "demo data: 40 customers" in out.split(":reset", 1)[1]
    assert "No customer matches Kept Across Runs" in out.split(":reset", 1)[1]


def test_bad_input_gets_a_friendly_line_and_nothing_breaks(tmp_path: Path) -> None:
    lines = [
        "/nonsense hello",
        "42",
        "hello there",
        ":as nobody",
        ":advance soon",
        ":time tomorrow",
        ":channel #nowhere",
        ":dance",
        "/customer new",
        "/followup acme",  # typed into the form: refused, the form stays
        ":cancel",
        "/crm help",
    ]

    out = run_script(tmp_path, lines)

    assert "/nonsense is not a command here; try /followup, /customer, /crm." in out
    assert "There is no [42] on screen" in out
    assert "Type a slash command such as /followup, a number to click, or :help." in out
    assert "Nobody called 'nobody'; try rep, rep2, manager, admin." in out
    assert "Say how far, e.g. :advance 3d" in out
    assert "Give a time as YYYY-MM-DD HH:MM" in out
    assert "No channel '#nowhere'; there are #sales, #general." in out
    assert "Unknown :dance; :help lists what works." in out
    assert "The form New customer is open: answer it, or :cancel to close it first." in out
    assert "(form closed, nothing sent)" in out
    assert "/followup" in out.split("rep> /crm help", 1)[1]
    assert "Traceback" not in out


def test_an_interactive_session_at_a_terminal(tmp_path: Path) -> None:
    """Typed at a pseudo-terminal, as a person would: the prompt, a reply with its buttons,
    a click by number, a form field by field."""
    session = pexpect.spawn(
        CRM_BOT,
        ["sandbox", "--now", NOW, "--database", str(tmp_path / "sandbox.db")],
        cwd=str(tmp_path),
        env=clean_env(TERM="dumb", COLUMNS="120"),
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )
    try:
        session.expect_exact("rep> ")
        assert "demo data: 40 customers" in str(session.before)
        session.sendline("/followup Zorbex Widgets called about the pilot, next: demo tue 3pm")
        session.expect(r"\[(\d+)\] Create Zorbex Widgets")
        found = session.match
        assert isinstance(found, re.Match)
        create = found.group(1)
        session.expect_exact("rep> ")
        session.sendline(create)  # opens the new-customer form, filled in from the line
        session.expect_exact("New customer")
        session.expect_exact("1. Customer name: Zorbex Widgets")
        session.expect_exact("Create? y = create, n = cancel")
        session.sendline("y")
        session.expect(r"Logged .+ Zorbex Widgets")
        session.expect_exact("Next step: demo — due Tomorrow 3:00 PM")  # Tuesday, New York
        session.expect(r"\[\d+\] Undo")
        session.expect_exact("rep> ")
        session.sendline("/customer new")
        session.expect_exact("Customer name * (text)")
        session.expect_exact("  > ")
        session.sendline("Zenith Labs")
        session.expect_exact("Also known as (text; Enter leaves it empty)")
        for _field in range(FORM_FIELDS - 1):
            session.expect_exact("  > ")
            session.sendline("")
        session.expect_exact("Create? y = create, n = cancel")
        session.sendline("y")
        session.expect(r"Created Zenith Labs — customer code C20261123\d{3}")
        session.expect_exact("rep> ")
        session.sendline(":quit")
        session.expect(pexpect.EOF)
    finally:
        session.close(force=True)
    assert session.exitstatus == 0
    with Session(make_engine(f"sqlite:///{tmp_path / 'sandbox.db'}")) as db:
        [zorbex] = db.exec(select(Customer).where(Customer.name == "Zorbex Widgets"))
        [step] = db.exec(select(NextStep).where(NextStep.customer_id == zorbex.id))
    assert step.description == "demo"
    assert step.due_has_time
    assert step.due_at is not None
    assert step.due_at.astimezone(UTC) == datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


def test_the_readmes_transcript_is_what_the_tour_script_prints(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    tour = (root / "tests" / "e2e" / "sandbox_tour.txt").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")

    out = run_script(tmp_path, tour.splitlines())

    transcript = out.split("\n", 2)[2].rstrip("\n")  # after the two lines of greeting
    assert f"```\n{transcript}\n```" in readme
