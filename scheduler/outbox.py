"""Direct messages that must not be dropped: written to the delivery ledger first, then sent at
once; what Slack refuses now, the scheduler's next run sends (exactly once, as for nudges)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.engine import Engine

from bot.slack.client import TeamClients
from bot.slack.people import PeopleDirectory
from bot.views.blocks import Message
from scheduler.content import ContentMaker
from scheduler.delivery import Courier
from storage import scheduling as store
from storage.database import unit_of_work
from storage.deadline import outside_any_deadline


def send_dm_through_ledger(
    *,
    engine: Engine,
    clients: TeamClients,
    people: PeopleDirectory,
    team_id: str,
    user_id: str,
    message: Message,
    now: datetime,
) -> bool:
    """True when the message reached Slack now (with `team_id`'s own token); otherwise it
    waits in the ledger."""
    with outside_any_deadline(), unit_of_work(engine) as session:
        row = store.claim_outbound(
            session=session,
            team_id=team_id,
            key=f"message:{user_id}:{uuid.uuid4().hex}",
            kind="message",
            recipient=user_id,
            payload={"text": message.text, "blocks": message.blocks},
            now=now,
        )
        assert row is not None  # a fresh key is never taken
        outbound_id = row.id
    assert outbound_id is not None
    with outside_any_deadline():
        delivered = Courier(engine, clients, ContentMaker(people)).deliver_one(outbound_id, now)
    return delivered.sent > 0
