"""Two app servers on one database, as replicas behind a load balancer: a customer created
through one is found by the next command on the other, typos and Chinese names included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.sandbox.harness import Harness, MutableClock, settings_for_standin, text_of
from bot.sandbox.standin import StandInSlack
from storage.database import make_engine
from storage.models import Customer, FollowUp
from tests.conftest import REP


@pytest.fixture
def second(
    slack: StandInSlack, engine: Engine, database_url: str, clock: MutableClock
) -> Iterator[Harness]:
    """Another server with its own engine (its own connections and name cache), as a second
    process would have."""
    own_engine = make_engine(database_url)
    harness = Harness(
        slack=slack,
        engine=own_engine,
        clock=clock,
        settings=settings_for_standin(slack, database_url),
    ).start()
    yield harness
    harness.stop()
    own_engine.dispose()


def _create(crm: Harness, name: str) -> None:
    reply, _url = crm.command("/customer", f"new {name}", user=REP)
    assert reply.status == 200
    assert crm.submit(crm.opened_view(), {}, user=REP).status == 200


def _logged_on(crm: Harness) -> list[str]:
    with crm.session() as session:
        rows = session.exec(select(Customer.name, FollowUp.text).join(FollowUp)).all()
    return [f"{name}: {text}" for name, text in rows]


def test_a_customer_created_on_one_server_is_found_by_the_other(
    crm: Harness, second: Harness
) -> None:
    # The second server has already looked names up, so its typo index is warm and must
    # catch up with what the first server adds.
    assert "couldn't find" in text_of(
        second.command_reply("/followup", "Globex Trading called", user=REP)
    )

    _create(crm, "Globex Trading Ltd")
    _create(crm, "上海浦东发展银行股份有限公司")

    typo = text_of(second.command_reply("/followup", "Globex Tradng called re: quote", user=REP))
    assert "Globex Trading Ltd" in typo
    chinese = text_of(
        second.command_reply("/followup", "上海浦东发展银行 电话沟通了贷款", user=REP)
    )
    assert "上海浦东发展银行股份有限公司" in chinese
    prefix = text_of(second.command_reply("/followup", "上海浦东 拜访了李行长", user=REP))
    assert "上海浦东发展银行股份有限公司" in prefix

    assert sorted(_logged_on(crm)) == [
        "Globex Trading Ltd: called re: quote",
        "上海浦东发展银行股份有限公司: 拜访了李行长",
        "上海浦东发展银行股份有限公司: 电话沟通了贷款",
    ]


def test_a_renamed_customer_is_no_longer_found_by_its_old_name_on_the_other(
    crm: Harness, second: Harness
) -> None:
    _create(crm, "Initech Systems")
    assert "Initech Systems" in text_of(
        second.command_reply("/followup", "Initech Sytems called", user=REP)
    )
    with crm.session() as session:
        initech = session.exec(select(Customer)).one()
    reply, _url = crm.command("/customer", initech.code, user=REP)
    assert reply.status == 200
    card = crm.reply_to(_url)
    edit = next(
        e
        for b in card["blocks"]
        for e in b.get("elements", [])
        if e.get("type") == "button" and "edit" in e["action_id"]
    )
    crm.click(edit["action_id"], edit["value"], user=REP)
    assert crm.submit(crm.opened_view(), {"name": "Umbrella Corp"}, user=REP).status == 200

    found = text_of(second.command_reply("/followup", "Initech Sytems called", user=REP))
    assert "Umbrella" not in found and "couldn't find" in found
    assert "Umbrella Corp" in text_of(
        second.command_reply("/followup", "Umbrela Corp called", user=REP)
    )
