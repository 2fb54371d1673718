"""Queries for reminders at the due time (next steps with a clock time) and for the owners'
notices of follow-ups others logged on their customers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.archive import not_archived, step_of_kept_customer
from storage.models import Customer, FollowUp, JobRun, NextStep, NextStepStatus, PersonSetting

REMINDER_BATCH = 500
"""Steps one run looks at per team (ordered by due time: a burst beyond it waits a minute)."""


def open_timed_steps_due_between(
    *,
    session: Session,
    team_id: str,
    after: datetime,
    before: datetime,
    limit: int = REMINDER_BATCH,
) -> list[NextStep]:
    """Open steps with a clock time due in [after, before), earliest first (the team, status
    and due-time index)."""
    statement = (
        select(NextStep)
        .where(
            col(NextStep.team_id) == team_id,
            col(NextStep.status) == NextStepStatus.OPEN.value,
            col(NextStep.due_at) >= after,
            col(NextStep.due_at) < before,
            col(NextStep.due_has_time).is_(True),
            step_of_kept_customer(),
        )
        .order_by(col(NextStep.due_at), col(NextStep.id))
        .limit(limit)
    )
    return list(session.exec(statement))


def reminder_leads(*, session: Session, team_id: str, user_ids: list[str]) -> dict[str, int]:
    """The lead (minutes) each of `user_ids` chose in `/crm me`; those who chose none are left
    out."""
    if not user_ids:
        return {}
    statement = select(PersonSetting.user_id, PersonSetting.reminder_lead_minutes).where(
        col(PersonSetting.team_id) == team_id,
        col(PersonSetting.user_id).in_(user_ids),
        col(PersonSetting.reminder_lead_minutes).is_not(None),
    )
    return {user: int(lead) for user, lead in session.exec(statement) if lead is not None}


def customers_followed_up_by_others(
    *, session: Session, team_id: str, start: datetime, end: datetime, limit: int = 1000
) -> list[tuple[int, str]]:
    """(customer id, owner) of the customers on which someone other than their owner logged a
    follow-up in [start, end) (the team and time index: an hour's follow-ups)."""
    statement = (
        select(Customer.id, Customer.owner_id)
        .join(FollowUp, col(FollowUp.customer_id) == col(Customer.id))
        .where(
            col(FollowUp.team_id) == team_id,
            col(FollowUp.occurred_at) >= start,
            col(FollowUp.occurred_at) < end,
            col(FollowUp.author_id) != col(Customer.owner_id),
            not_archived(),
        )
        .group_by(col(Customer.id), col(Customer.owner_id))
        .order_by(col(Customer.id))
        .limit(limit)
    )
    return [(int(c), str(owner)) for c, owner in session.exec(statement) if c is not None]


def followups_by_others_on(
    *,
    session: Session,
    customer_id: int,
    reader: str,
    start: datetime,
    end: datetime,
    limit: int,
) -> tuple[list[FollowUp], int]:
    """The first `limit` follow-ups not by `reader` on a customer in [start, end), oldest
    first, and how many there are in all."""
    conditions = (
        col(FollowUp.customer_id) == customer_id,
        col(FollowUp.occurred_at) >= start,
        col(FollowUp.occurred_at) < end,
        col(FollowUp.author_id) != reader,
    )
    found = list(
        session.exec(
            select(FollowUp)
            .where(*conditions)
            .order_by(col(FollowUp.occurred_at), col(FollowUp.id))
            .limit(limit)
        )
    )
    total = len(found)
    if total == limit:
        counted = select(func.count()).select_from(FollowUp).where(*conditions)
        total = int(session.exec(counted).one())
    return found, total


def job_ran(*, session: Session, team_id: str, key: str) -> bool:
    statement = select(JobRun.id).where(col(JobRun.team_id) == team_id, col(JobRun.key) == key)
    return session.exec(statement).first() is not None
