"""Queries about follow-ups and next steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, or_, update
from sqlmodel import Session, col, select

from storage.archive import step_of_kept_customer
from storage.models import FollowUp, NextStep, NextStepStatus


def get_followup(*, session: Session, team_id: str, followup_id: int) -> FollowUp | None:
    followup = session.get(FollowUp, followup_id)
    if followup is None or followup.team_id != team_id:
        return None
    return followup


def find_same_followup(
    *, session: Session, customer_id: int, author_id: str, raw_text: str, since: datetime
) -> FollowUp | None:
    """The author's follow-up on the customer typed exactly so since `since`, if any."""
    statement = (
        select(FollowUp)
        .where(
            FollowUp.customer_id == customer_id,
            col(FollowUp.occurred_at) >= since,
            FollowUp.author_id == author_id,
            FollowUp.raw_text == raw_text,
        )
        .order_by(col(FollowUp.id).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def get_next_step(*, session: Session, team_id: str, step_id: int) -> NextStep | None:
    step = session.get(NextStep, step_id)
    if step is None or step.team_id != team_id:
        return None
    return step


def list_recent_followups(*, session: Session, customer_id: int, limit: int) -> list[FollowUp]:
    statement = (
        select(FollowUp)
        .where(FollowUp.customer_id == customer_id)
        .order_by(col(FollowUp.occurred_at).desc(), col(FollowUp.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def list_open_next_steps(*, session: Session, customer_id: int, limit: int) -> list[NextStep]:
    """Open steps, dated ones soonest first, undated ones last."""
    undated_last = case((col(NextStep.due_at).is_(None), 1), else_=0)
    statement = (
        select(NextStep)
        .where(NextStep.customer_id == customer_id, NextStep.status == NextStepStatus.OPEN.value)
        .order_by(undated_last, col(NextStep.due_at), col(NextStep.id))
        .limit(limit)
    )
    return list(session.exec(statement))


def list_steps_from_followup(*, session: Session, followup_id: int) -> list[NextStep]:
    statement = select(NextStep).where(NextStep.source_followup_id == followup_id)
    return list(session.exec(statement))


def count_overdue_steps(*, session: Session, customer_id: int, now: datetime) -> int:
    statement = select(func.count()).where(
        NextStep.customer_id == customer_id,
        NextStep.status == NextStepStatus.OPEN.value,
        col(NextStep.due_at) < now,
    )
    return int(session.exec(statement).one())


def reassign_open_steps(*, session: Session, customer_id: int, owner_id: str) -> int:
    """Give every open step of the customer to `owner_id`; returns how many moved."""
    statement = (
        update(NextStep)
        .where(
            col(NextStep.customer_id) == customer_id,
            col(NextStep.status) == NextStepStatus.OPEN.value,
            col(NextStep.owner_id) != owner_id,
        )
        .values(owner_id=owner_id)
    )
    result = session.exec(statement)
    return int(result.rowcount or 0)


def add_followup(*, session: Session, followup: FollowUp) -> FollowUp:
    """Store a new follow-up; its id is set on return."""
    session.add(followup)
    session.flush()
    return followup


def save_next_step(*, session: Session, step: NextStep) -> NextStep:
    """Store a new or changed next step; a new one has its id on return."""
    session.add(step)
    session.flush()
    return step


def delete_followup(*, session: Session, followup: FollowUp, steps: list[NextStep]) -> None:
    """Remove a follow-up and the next steps it created."""
    for step in steps:
        session.delete(step)
    session.delete(followup)
    session.flush()


# --- a customer's whole history (bot.followups.history) ------------------------------------


def list_followups_page(
    *, session: Session, customer_id: int, limit: int, offset: int
) -> list[FollowUp]:
    """Newest first, read along the (customer, occurred_at) index."""
    statement = (
        select(FollowUp)
        .where(FollowUp.customer_id == customer_id)
        .order_by(col(FollowUp.occurred_at).desc(), col(FollowUp.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.exec(statement))


def count_followups(*, session: Session, customer_id: int) -> int:
    statement = select(func.count()).where(FollowUp.customer_id == customer_id)
    return int(session.exec(statement).one())


def save_followup(*, session: Session, followup: FollowUp) -> None:
    session.add(followup)
    session.flush()


def remove_followup_keeping_steps(*, session: Session, followup: FollowUp) -> list[int]:
    """Delete a follow-up; the next steps it created stay, no longer linked to it. Returns
    the ids of those steps."""
    kept = [
        s.id or 0 for s in list_steps_from_followup(session=session, followup_id=followup.id or 0)
    ]
    if kept:
        session.execute(
            update(NextStep)
            .where(col(NextStep.source_followup_id) == followup.id)
            .values(source_followup_id=None)
        )
    session.delete(followup)
    session.flush()
    return kept


def open_steps_of_owner_due_before(
    *, session: Session, team_id: str, owner_id: str, before: datetime, now: datetime, limit: int
) -> tuple[list[NextStep], int]:
    """An owner's open, dated, unsnoozed steps due before `before`, oldest due first: the
    first `limit` and how many there are in all (`/crm todo`)."""
    due = col(NextStep.due_at)
    conditions = (
        col(NextStep.team_id) == team_id,
        col(NextStep.owner_id) == owner_id,
        col(NextStep.status) == NextStepStatus.OPEN.value,
        or_(col(NextStep.snoozed_until).is_(None), col(NextStep.snoozed_until) <= now),
        due.is_not(None),
        due < before,
        step_of_kept_customer(),
    )
    steps = list(
        session.exec(
            select(NextStep).where(*conditions).order_by(due, col(NextStep.id)).limit(limit)
        )
    )
    total = len(steps)
    if total == limit:
        total = int(session.exec(select(func.count()).where(*conditions)).one())
    return steps, total
