"""Storage on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError
from sqlmodel import Session, select

from bot.customers.form import CustomerFields
from bot.customers.service import create_customer
from storage import customers as store
from storage.database import alembic_config, database_is_reachable, unit_of_work, upgrade_database
from storage.models import Customer
from tests.support.factories import add_customer

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def test_times_come_back_aware_and_in_utc(engine: Engine) -> None:
    plus_eight = timezone(timedelta(hours=8))
    customer = add_customer(engine, "Acme", owner="U1", now=NOW.astimezone(plus_eight))
    with Session(engine) as session:
        stored = session.get(Customer, customer.id)
        assert stored is not None
        assert stored.created_at == NOW
        assert stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset() == timedelta(0)


def test_naive_times_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        add_customer(engine, "Acme", owner="U1", now=datetime(2026, 11, 18, 2, 0))
    with Session(engine) as session:
        assert session.exec(select(Customer)).all() == []


def test_codes_are_per_team_and_per_day(engine: Engine) -> None:
    a = add_customer(engine, "A", owner="U1", now=NOW)
    b = add_customer(engine, "B", owner="U1", now=NOW)
    other_team = add_customer(engine, "C", owner="U1", now=NOW, team_id="T0OTHER01")
    assert (a.code, b.code, other_team.code) == ("C20261118001", "C20261118002", "C20261118001")


def test_code_sequence_goes_past_999(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        session.add(
            Customer(
                team_id="T1",
                code="C20261118999",
                name="x",
                name_key="x",
                owner_id="U1",
                created_by="U1",
                created_at=NOW,
                updated_by="U1",
                updated_at=NOW,
            )
        )
    with unit_of_work(engine) as session:
        code = store.next_customer_code(session=session, team_id="T1", day=date(2026, 11, 18))
    assert code == "C202611181000"


def test_concurrent_creation_never_repeats_a_code(engine: Engine) -> None:
    errors: list[BaseException] = []

    def create_many(prefix: str) -> None:
        try:
            for n in range(10):
                with unit_of_work(engine) as session:
                    create_customer(
                        session=session,
                        team_id="T1",
                        actor_id="U1",
                        fields=CustomerFields(name=f"{prefix}{n}", owner_id="U1"),
                        now=NOW,
                        zone=ZoneInfo("UTC"),
                    )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=create_many, args=(p,)) for p in "ABCD"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        codes = [c.code for c in session.exec(select(Customer))]
    assert len(codes) == 40
    assert sorted(codes) == [f"C20261118{n:03d}" for n in range(1, 41)]


def test_duplicates_are_found_by_name_phone_or_email_within_the_team(engine: Engine) -> None:
    add_customer(
        engine, "Acme Inc", owner="U1", now=NOW, phone="+14155550100", email="a@acme.example"
    )
    add_customer(engine, "Acme Inc", owner="U1", now=NOW, team_id="T0OTHER01")
    with Session(engine) as session:

        def found(**kw: str | None) -> int:
            args = {"name_key": "zzz", "phone": None, "email": None} | kw
            return len(store.find_possible_duplicates(session=session, team_id="T0TEAM001", **args))  # type: ignore[arg-type]

        assert found(name_key="acme") == 1
        assert found(phone="+14155550100") == 1
        assert found(email="A@ACME.example") == 1
        assert found() == 0


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    assert {"customer", "follow_up", "next_step", "audit_event", "draft"} <= set(
        inspect(engine).get_table_names()
    )
    command.downgrade(alembic_config(engine), "base")
    assert "customer" not in inspect(engine).get_table_names()
    upgrade_database(engine)
    upgrade_database(engine)  # a second run changes nothing
    assert "customer" in inspect(engine).get_table_names()
    assert database_is_reachable(engine)
