"""The `reminders` job (every minute): reminder DMs before next steps with a clock time, and
owners' hourly notices of follow-ups others logged on their customers. Both are planned into
the delivery ledger under unique keys, like nudges, and sent by the courier."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.catalog.language import Language
from bot.reminders.due import reminders_due
from bot.reminders.notices import (
    customers_to_notify,
    finished_hours,
    hour_key,
    hour_planned,
    notice_key,
    notice_payload,
)
from bot.slack.people import PeopleDirectory
from scheduler.delivery import LANGUAGE
from storage import scheduling as store
from storage.database import unit_of_work

LanguageOf = Callable[[str, str], Language]
"""(team, user) -> the language to write to them in."""


def plan_reminders(
    engine: Engine, people: PeopleDirectory, now: datetime, language_of: LanguageOf
) -> int:
    """Claims the reminders due at `now`; how many were new."""
    planned = 0
    with unit_of_work(engine) as session:
        teams = store.list_teams(session=session)
    for team_id in teams:
        with unit_of_work(engine) as session:
            due = reminders_due(session=session, team_id=team_id, now=now)
            waiting = [
                r
                for r in due
                if not store.outbound_exists(session=session, team_id=team_id, key=r.key)
            ]
        for reminder in waiting:
            owner = reminder.step.owner_id
            payload = reminder.payload() | _reader(people, team_id, owner, language_of)
            planned += _claim(engine, team_id, reminder.key, "reminder", owner, payload, now)
    return planned


def plan_notices(
    engine: Engine, people: PeopleDirectory, now: datetime, language_of: LanguageOf
) -> int:
    """Each finished hour's notices, once: an hour whose notices are all planned is marked as
    a job run, so later runs pass it by with one look. How many were new."""
    planned = 0
    with unit_of_work(engine) as session:
        teams = store.list_teams(session=session)
    for team_id in teams:
        for start, end in finished_hours(now):
            with unit_of_work(engine) as session:
                if hour_planned(session=session, team_id=team_id, start=start):
                    continue
                customers = customers_to_notify(
                    session=session, team_id=team_id, start=start, end=end
                )
            for customer_id, owner in customers:
                payload = notice_payload(customer_id, start, end)
                payload |= _reader(people, team_id, owner, language_of)
                key = notice_key(customer_id, start)
                planned += _claim(engine, team_id, key, "notice", owner, payload, now)
            if not customers:
                continue  # a quiet hour costs one look a minute until it is out of reach
            with unit_of_work(engine) as session:
                store.claim_job_run(session=session, team_id=team_id, key=hour_key(start), now=now)
    return planned


def _reader(
    people: PeopleDirectory, team_id: str, user_id: str, language_of: LanguageOf
) -> dict[str, Any]:
    """The reader's zone and language, kept on the row so it is drawn for them when sent."""
    zone = people.zone_of(user_id)
    return {"zone": zone.key, LANGUAGE: language_of(team_id, user_id).value}


def _claim(
    engine: Engine,
    team_id: str,
    key: str,
    kind: str,
    recipient: str,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """1 when `key` was claimed now, 0 when it was already taken."""
    with unit_of_work(engine) as session:
        claimed = store.claim_outbound(
            session=session,
            team_id=team_id,
            key=key,
            kind=kind,
            recipient=recipient,
            payload=payload,
            now=now,
        )
    return 0 if claimed is None else 1
