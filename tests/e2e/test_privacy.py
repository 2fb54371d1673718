"""Contact data at rest: phone numbers, emails, contact names and WeChat IDs are Fernet tokens in
the database (its raw bytes, a pg_dump) and in the audit log; look-ups and duplicate checks still
find them through keyed hashes; `crm-bot keys rotate` re-encrypts under a new key; a SQLite
deployment without a key makes one (0600, with a warning); PostgreSQL refuses to start."""

from __future__ import annotations

import csv
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.customers.form import CustomerFields
from bot.customers.service import update_customer
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID
from bot.wiring.cli import cli
from storage.crypto import KeyRing, WrongEncryptionKey, key_ring, new_key, use_key_ring
from storage.database import make_engine, unit_of_work, upgrade_database
from storage.models import AuditEvent, Customer
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer
from tests.support.keys import TEST_ENCRYPTION_KEY
from tests.support.processes import clean_env

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
PHONE = "+8613800138000"
NEW_PHONE = "+8613911112222"
EMAIL = "li.lei@acme-private.example"
CONTACT = "李雷"
WECHAT = "lilei_wx_1988"
SECRETS = [PHONE.removeprefix("+"), NEW_PHONE.removeprefix("+"), EMAIL, CONTACT, WECHAT]


@pytest.fixture(autouse=True)
def _same_key_ring_after() -> Iterator[None]:
    ring = key_ring()
    yield
    use_key_ring(ring)


def _stored_bytes(engine: Engine, database_url: str, tmp_path: Path) -> bytes:
    """Everything the database keeps, as bytes: the SQLite file and its write-ahead log, or
    a pg_dump of the PostgreSQL database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    if shutil.which("pg_dump") is None:  # the dump's own text, from the server
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT string_agg(t::text, ' ') FROM customer t UNION ALL "
                     "SELECT string_agg(a::text, ' ') FROM audit_event a")
            )  # fmt: skip
            return " ".join(str(r[0]) for r in rows).encode()
    dump = subprocess.run(
        ["pg_dump", "--data-only", url.set(drivername="postgresql").render_as_string(False)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return dump.stdout


def _create_through_the_modal(crm: Harness) -> Customer:
    crm.command("/customer", "new", user=REP)
    view = crm.opened_view()
    form = {
        "name": "Initech Systems",
        "contact_name": CONTACT,
        "phone": "+86 138 0013 8000",
        "email": EMAIL,
        "wechat_id": WECHAT,
        "owner": REP,
    }
    assert crm.submit(view, form, user=REP).status == 200
    with crm.session() as session:
        return session.exec(select(Customer).where(Customer.name == "Initech Systems")).one()


def test_contact_data_is_ciphertext_at_rest_and_in_the_audit_log(
    crm: Harness, database_url: str, tmp_path: Path
) -> None:
    customer = _create_through_the_modal(crm)
    assert (customer.phone, customer.email, customer.contact_name, customer.wechat_id) == (
        PHONE,
        EMAIL,
        CONTACT,
        WECHAT,
    )  # the app reads plain values
    with unit_of_work(crm.engine) as session:
        stored = session.get(Customer, customer.id)
        assert stored is not None
        fields = CustomerFields(**{**stored.model_dump(), "phone": NEW_PHONE})
        changes = update_customer(session=session, customer=stored, actor_id=REP, fields=fields,
                                  now=START)  # fmt: skip
    assert set(changes) == {"phone"}

    raw = _stored_bytes(crm.engine, database_url, tmp_path)
    assert b"Initech Systems" in raw  # the check reads what it should
    for secret in SECRETS:
        assert secret.encode() not in raw, secret

    with crm.engine.connect() as connection:
        columns = connection.execute(
            text("SELECT phone, email, contact_name, wechat_id, phone_hash FROM customer")
        ).one()
        audits = connection.execute(
            text("SELECT action, CAST(before AS TEXT), CAST(after AS TEXT) FROM audit_event "
                 "WHERE entity_type = 'customer' ORDER BY id")
        ).all()  # fmt: skip
    assert all(str(value).startswith("gAAAAA") for value in columns[:4])
    assert len(columns.phone_hash) == 64
    updated = next(a for a in audits if a.action == "customer.updated")
    assert '"phone"' in updated[1] and '"phone"' in updated[2]  # which field changed is plain
    assert all(s not in str(audits) for s in SECRETS)

    with Session(crm.engine) as session:  # the audit trail opens for those holding the key
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.updated")
        ).one()
    assert (event.before, event.after) == ({"phone": PHONE}, {"phone": NEW_PHONE})


def test_lookups_and_duplicate_checks_still_find_encrypted_values(crm: Harness) -> None:
    first = add_customer(crm.engine, "Acme Trading", owner=REP, now=START - timedelta(days=3),
                         phone=PHONE, email=EMAIL)  # fmt: skip
    add_customer(crm.engine, "Globex Shanghai", owner=OTHER_REP, now=START, phone=PHONE)
    add_customer(crm.engine, "Umbrella", owner=OTHER_REP, now=START, email=EMAIL.upper())
    crm.command_reply("/crm", f"role <@{MANAGER}> manager", user=ADMIN)

    listed = text_of(crm.command_reply("/crm", "duplicates", user=MANAGER))
    assert "*Acme Trading*" in listed and "*Globex Shanghai*" in listed and "*Umbrella*" in listed
    assert "_same phone_" in listed and "_same email_" in listed
    # (The modal's same-phone / same-email warning: tests/e2e/test_customers.py.)
    assert first.code


def test_an_import_matched_by_phone_finds_the_encrypted_customer(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = add_customer(engine, "Acme Trading", owner=REP, now=START, phone=PHONE, team_id=TEAM_ID)
    path = tmp_path / "by-phone.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(
            [["Customer name", "Phone", "Industry", "Owner"],
             ["Acme (new name)", "+86 138-0013-8000", "Chemicals", REP]]
        )  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(
        cli, ["import", str(path), "--team", TEAM_ID, "--mode", "update", "--match", "phone"]
    )
    assert result.exit_code == 0, result.output
    assert "updated 1" in result.output
    with Session(engine) as session:
        [stored] = session.exec(select(Customer)).all()
    assert (stored.id, stored.industry, stored.phone) == (kept.id, "Chemicals", PHONE)


def test_keys_rotate_re_encrypts_everything_under_the_new_key(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = add_customer(engine, "Acme Trading", owner=REP, now=START, phone=PHONE,
                            email=EMAIL, contact_name=CONTACT)  # fmt: skip
    with engine.connect() as connection:
        before = connection.execute(text("SELECT phone, phone_hash FROM customer")).one()
    fresh = new_key()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CRM_ENCRYPTION_KEY", f"{fresh},{TEST_ENCRYPTION_KEY}")
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 1 customers" in result.output
    assert "remove them from CRM_ENCRYPTION_KEY" in result.output

    with engine.connect() as connection:
        after = connection.execute(text("SELECT phone, phone_hash FROM customer")).one()
        sealed_audit = connection.execute(
            text("SELECT CAST(after AS TEXT) FROM audit_event WHERE action = 'customer.created'")
        ).scalar_one()
    assert after.phone != before.phone and after.phone_hash != before.phone_hash

    use_key_ring(KeyRing([fresh]))  # the old key can go now
    with Session(engine) as session:
        stored = session.get(Customer, customer.id)
        assert stored is not None
        assert (stored.phone, stored.email, stored.contact_name) == (PHONE, EMAIL, CONTACT)
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.created")
        ).one()
        assert event.after is not None and event.after["phone"] == PHONE
    with unit_of_work(engine) as session:
        from storage.customers import find_possible_duplicates

        found = find_possible_duplicates(
            session=session, team_id=TEAM_ID, name_key="x", phone=PHONE, email=None
        )
        assert [c.id for c in found] == [customer.id]

    use_key_ring(KeyRing([TEST_ENCRYPTION_KEY]))  # ...and nothing opens with it alone
    with Session(engine) as session, pytest.raises(WrongEncryptionKey):
        session.exec(select(Customer)).all()
    with Session(engine) as session, pytest.raises(WrongEncryptionKey):
        session.exec(select(AuditEvent).where(AuditEvent.action == "customer.created")).all()
    assert "gAAAAA" in sealed_audit


def test_a_sqlite_deployment_without_a_key_makes_one_and_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [CRM_BOT, "db", "upgrade"], cwd=tmp_path, env=clean_env(CRM_ENCRYPTION_KEY=""),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "data" / "encryption.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    KeyRing(key_file.read_text().split())  # a Fernet key
    assert "data/encryption.key" in result.stderr and "Back that file up" in result.stderr
    again = subprocess.run(
        [CRM_BOT, "db", "upgrade"], cwd=tmp_path, env=clean_env(CRM_ENCRYPTION_KEY=""),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert again.returncode == 0 and "encryption.key" not in again.stderr  # kept, not remade


def test_the_sqlite_key_file_rotates_in_place(tmp_path: Path) -> None:
    env = clean_env(CRM_ENCRYPTION_KEY="")
    run = {"cwd": tmp_path, "env": env, "capture_output": True, "text": True, "timeout": 60}
    assert subprocess.run([CRM_BOT, "db", "upgrade"], **run).returncode == 0  # type: ignore[call-overload]
    key_file = tmp_path / "data" / "encryption.key"
    old = key_file.read_text().split()
    use_key_ring(KeyRing(old))
    database = make_engine(f"sqlite:///{tmp_path / 'data' / 'crmbot.sqlite3'}")
    upgrade_database(database)
    add_customer(database, "Acme Trading", owner=REP, now=START, phone=PHONE)
    rotated = subprocess.run([CRM_BOT, "keys", "rotate"], **run)  # type: ignore[call-overload]
    assert rotated.returncode == 0, rotated.stderr
    assert "now holds only the new key" in rotated.stdout
    new = key_file.read_text().split()
    assert len(new) == 1 and new != old and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    use_key_ring(KeyRing(new))
    with Session(database) as session:
        assert session.exec(select(Customer)).one().phone == PHONE
    database.dispose()


@pytest.mark.parametrize("key", ["", "not-a-key"])
def test_postgresql_refuses_to_start_without_a_good_key(tmp_path: Path, key: str) -> None:
    result = subprocess.run(
        [CRM_BOT, "db", "upgrade"], cwd=tmp_path,
        env=clean_env(CRM_ENCRYPTION_KEY=key,
                      DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "CRM_ENCRYPTION_KEY" in line
    assert "crm-bot keys new" in line
    assert key == "" or "not-a-key" not in line  # the key itself is never echoed


def test_keys_new_prints_a_fernet_key(tmp_path: Path) -> None:
    result = subprocess.run([CRM_BOT, "keys", "new"], capture_output=True, text=True, timeout=60,
                            env=clean_env(), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0
    KeyRing([result.stdout.strip()])
