"""Two people creating the same customer at the same moment get one customer between them:
the database's unique index on the team's normalised names decides, and the other person is
told politely, inside the form they are still looking at."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from bot.sandbox.harness import Harness
from bot.sandbox.signed import HttpReply
from storage.models import Customer
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP

PEOPLE = [REP, OTHER_REP, ADMIN, MANAGER] * 4


def test_concurrent_creations_of_one_name_store_one_customer(crm: Harness) -> None:
    views = []
    for person in PEOPLE:
        reply, _ = crm.command("/customer", "new Acme Trading", user=person)
        assert reply.status == 200
        views.append(crm.opened_view())
    spellings = ["Acme Trading", "ACME Trading Co., Ltd.", "acme trading", "Acme Trading Inc."]
    start = threading.Barrier(len(PEOPLE))

    def submit(i: int) -> HttpReply:
        start.wait()
        name = spellings[i % len(spellings)]
        return crm.submit(views[i], {"name": name, "owner": PEOPLE[i]}, user=PEOPLE[i])

    with ThreadPoolExecutor(max_workers=len(PEOPLE)) as pool:
        replies = list(pool.map(submit, range(len(PEOPLE))))

    assert all(r.status == 200 for r in replies), replies
    saved = [r for r in replies if r.body == ""]
    refused = [r.json() for r in replies if r.body]
    assert len(saved) == 1
    assert len(refused) == len(PEOPLE) - 1
    for body in refused:
        assert body["response_action"] == "errors", str(body)[:3000]
        assert "name" in body["errors"]["name"]
    with crm.session() as session:
        stored = session.exec(select(Customer)).all()
    assert len(stored) == 1
