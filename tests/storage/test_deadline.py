"""A request that ran out of time may not commit: what the person was told is what is stored."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from storage.database import unit_of_work
from storage.deadline import Deadline, GaveUp, Stage, current_deadline, working_to
from storage.models import Customer
from tests.conftest import REP, START
from tests.support.factories import add_customer


def _names(engine: Engine) -> list[str]:
    with unit_of_work(engine) as session:
        return [c.name for c in session.exec(select(Customer))]


def test_work_that_gave_up_is_rolled_back_at_its_commit(engine: Engine) -> None:
    deadline = Deadline(10)
    with working_to(deadline), pytest.raises(GaveUp), unit_of_work(engine) as session:
        late = Customer(
            team_id="T1",
            code="C1",
            name="Late Co",
            name_key="late co",
            owner_id=REP,
            created_by=REP,
            created_at=START,
            updated_by=REP,
            updated_at=START,
        )
        session.add(late)
        assert deadline.give_up()  # the person is told nothing was saved, mid-transaction
    assert _names(engine) == []
    with working_to(deadline), pytest.raises(GaveUp), unit_of_work(engine):
        pass  # and nothing later in the same request opens a transaction


def test_once_something_is_saved_the_request_cannot_give_up(engine: Engine) -> None:
    deadline = Deadline(10)
    with working_to(deadline):
        add_customer(engine, "Saved Co", owner=REP, now=START)
    assert deadline.stage is Stage.SAVED
    assert not deadline.give_up()
    assert _names(engine) == ["Saved Co"]


def test_reading_does_not_count_as_saving(engine: Engine) -> None:
    deadline = Deadline(10)
    with working_to(deadline):
        _names(engine)
    assert deadline.stage is Stage.WORKING
    assert deadline.give_up()


def test_a_commit_in_progress_is_waited_for_before_giving_up() -> None:
    deadline = Deadline(10)
    deadline.begin_commit()
    finished = threading.Timer(0.05, lambda: deadline.end_commit(saved=True))
    finished.start()
    assert not deadline.give_up(wait_for_commit=2)
    assert deadline.stage is Stage.SAVED


def test_an_answered_request_is_no_longer_bound_by_its_deadline(engine: Engine) -> None:
    deadline = Deadline(0)
    with working_to(deadline):
        assert current_deadline() is deadline
        deadline.answered()
        assert current_deadline() is None
        assert not deadline.give_up()
        add_customer(engine, "After The Answer", owner=REP, now=START)
    assert _names(engine) == ["After The Answer"]


def test_on_postgresql_no_statement_outlasts_the_deadline(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    with unit_of_work(engine) as session:
        default = session.exec(text("SHOW statement_timeout")).one()[0]  # type: ignore[call-overload]
    assert default == "1min"  # jobs and the command line
    started = time.monotonic()
    with working_to(Deadline(0.5)), pytest.raises(OperationalError), unit_of_work(engine) as s:
        s.exec(text("SELECT pg_sleep(5)"))  # type: ignore[call-overload]
    assert time.monotonic() - started < 2
