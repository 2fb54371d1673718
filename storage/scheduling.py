"""Queries for scheduled work: the outbound ledger, job runs, the leader lease, team settings,
digest channels, and what each owner has waiting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.archive import step_of_kept_customer
from storage.models import (
    Customer,
    DigestChannel,
    JobRun,
    NextStep,
    NextStepStatus,
    OutboundMessage,
    OutboundStatus,
    SchedulerLease,
    TeamSettings,
)
from storage.types import UTCDateTime

# --- the outbound ledger ------------------------------------------------------------------


def claim_outbound(
    *,
    session: Session,
    team_id: str,
    key: str,
    kind: str,
    recipient: str,
    payload: dict[str, Any],
    now: datetime,
    status: OutboundStatus = OutboundStatus.PENDING,
) -> OutboundMessage | None:
    """Write a ledger row under `key`; None if the key is already taken (by this process or
    another one), which is how a message is never planned twice."""
    row = OutboundMessage(
        team_id=team_id,
        key=key,
        kind=kind,
        recipient=recipient,
        status=status.value,
        next_attempt_at=now,
        payload=payload,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def outbound_exists(*, session: Session, team_id: str, key: str) -> bool:
    statement = select(OutboundMessage.id).where(
        OutboundMessage.team_id == team_id, OutboundMessage.key == key
    )
    return session.exec(statement).first() is not None


def due_outbound(*, session: Session, now: datetime, limit: int = 100) -> list[int]:
    """Ledger rows waiting to be (re)sent, oldest first."""
    statement = (
        select(OutboundMessage.id)
        .where(
            col(OutboundMessage.status).in_(
                [OutboundStatus.PENDING.value, OutboundStatus.SENDING.value]
            ),
            col(OutboundMessage.next_attempt_at) <= now,
        )
        .order_by(col(OutboundMessage.next_attempt_at), col(OutboundMessage.id))
        .limit(limit)
    )
    return [int(i) for i in session.exec(statement) if i is not None]


def get_outbound(*, session: Session, outbound_id: int) -> OutboundMessage | None:
    return session.get(OutboundMessage, outbound_id, populate_existing=True)


_IN_FLIGHT = (OutboundStatus.PENDING.value, OutboundStatus.SENDING.value)


def take_outbound(
    *,
    session: Session,
    outbound_id: int,
    attempts: int,
    channel: str,
    next_attempt_at: datetime,
) -> OutboundMessage | None:
    """Move a row seen with `attempts` to 'sending' for one more attempt: a compare-and-set, so
    of two processes that saw the same row only one takes it. The row as taken, or None."""
    taken = session.exec(
        update(OutboundMessage)
        .where(
            col(OutboundMessage.id) == outbound_id,
            col(OutboundMessage.attempts) == attempts,
            col(OutboundMessage.status).in_(_IN_FLIGHT),
        )
        .values(
            status=OutboundStatus.SENDING.value,
            attempts=attempts + 1,
            channel=channel,
            next_attempt_at=next_attempt_at,
        )
    )
    if taken.rowcount != 1:
        return None
    return get_outbound(session=session, outbound_id=outbound_id)


def skip_outbound(*, session: Session, outbound_id: int, attempts: int) -> None:
    """Nothing to say any more: 'skipped', unless another process has moved the row on."""
    session.exec(
        update(OutboundMessage)
        .where(
            col(OutboundMessage.id) == outbound_id,
            col(OutboundMessage.attempts) == attempts,
            col(OutboundMessage.status).in_(_IN_FLIGHT),
        )
        .values(status=OutboundStatus.SKIPPED.value)
    )


def set_outbound(
    *, session: Session, outbound_id: int, attempts: int, values: dict[str, Any]
) -> bool:
    """Record how an attempt went, unless another process has taken the row for a later
    attempt since (then that attempt decides). True if recorded."""
    done = session.exec(
        update(OutboundMessage)
        .where(col(OutboundMessage.id) == outbound_id, col(OutboundMessage.attempts) == attempts)
        .values(**values)
    )
    return done.rowcount == 1


def find_outbound_by_message(
    *, session: Session, team_id: str, channel: str, ts: str
) -> OutboundMessage | None:
    statement = select(OutboundMessage).where(
        OutboundMessage.team_id == team_id,
        OutboundMessage.channel == channel,
        OutboundMessage.ts == ts,
    )
    return session.exec(statement).first()


# --- job runs and the leader lease --------------------------------------------------------


def claim_job_run(*, session: Session, team_id: str, key: str, now: datetime) -> bool:
    try:
        with session.begin_nested():
            session.add(JobRun(team_id=team_id, key=key, ran_at=now))
    except IntegrityError:
        return False
    return True


def try_lease(*, engine: Engine, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease `name` for `holder` until now + ttl, unless someone else holds
    an unexpired one. Works the same on SQLite and PostgreSQL (one conditional UPDATE)."""
    with Session(engine) as session, session.begin():
        taken = session.exec(
            update(SchedulerLease)
            .where(
                col(SchedulerLease.name) == name,
                or_(
                    col(SchedulerLease.holder) == holder,
                    col(SchedulerLease.expires_at) < now,
                ),
            )
            .values(holder=holder, expires_at=now + ttl)
        )
        if taken.rowcount:
            return True
    try:
        with Session(engine) as session, session.begin():
            session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False
    return True


def release_lease(*, engine: Engine, name: str, holder: str) -> None:
    with Session(engine) as session, session.begin():
        lease = session.get(SchedulerLease, name)
        if lease is not None and lease.holder == holder:
            session.delete(lease)


# --- team settings and digest channels ----------------------------------------------------


def get_team_settings(*, session: Session, team_id: str) -> TeamSettings | None:
    return session.get(TeamSettings, team_id)


def save_team_settings(
    *, session: Session, team_id: str, nudge_time: str, escalation_days: int, by: str, at: datetime
) -> TeamSettings:
    row = session.get(TeamSettings, team_id) or TeamSettings(
        team_id=team_id, updated_by=by, updated_at=at
    )
    row.nudge_time, row.escalation_days, row.updated_by, row.updated_at = (
        nudge_time,
        escalation_days,
        by,
        at,
    )
    session.add(row)
    return row


def list_digest_channels(*, session: Session, team_id: str | None = None) -> list[DigestChannel]:
    statement = select(DigestChannel)
    if team_id is not None:
        statement = statement.where(DigestChannel.team_id == team_id)
    return list(session.exec(statement.order_by(col(DigestChannel.id))))


def get_digest_channel(*, session: Session, team_id: str, channel_id: str) -> DigestChannel | None:
    statement = select(DigestChannel).where(
        DigestChannel.team_id == team_id, DigestChannel.channel_id == channel_id
    )
    return session.exec(statement).first()


def save_digest_channel(*, session: Session, channel: DigestChannel) -> None:
    session.add(channel)


def delete_digest_channel(*, session: Session, channel: DigestChannel) -> None:
    session.delete(channel)


def list_teams(*, session: Session) -> list[str]:
    """Every team with customers or a digest channel."""
    teams = set(session.exec(select(Customer.team_id).distinct()))
    teams |= set(session.exec(select(DigestChannel.team_id).distinct()))
    return sorted(teams)


# --- what owners have waiting ----------------------------------------------------------------


def owners_with_customers_or_steps(*, session: Session, team_id: str) -> list[str]:
    owners = set(
        session.exec(select(Customer.owner_id).where(Customer.team_id == team_id).distinct())
    )
    owners |= set(
        session.exec(
            select(NextStep.owner_id)
            .where(NextStep.team_id == team_id, NextStep.status == NextStepStatus.OPEN.value)
            .distinct()
        )
    )
    return sorted(owners)


def _open_steps_due_before(
    team_id: str, before: datetime, now: datetime, owner_id: str | None
) -> list[ColumnElement[bool]]:
    due = col(NextStep.due_at)
    conditions: list[ColumnElement[bool]] = [
        col(NextStep.team_id) == team_id,
        col(NextStep.status) == NextStepStatus.OPEN.value,
        or_(col(NextStep.snoozed_until).is_(None), col(NextStep.snoozed_until) <= now),
        step_of_kept_customer(),
    ]
    if owner_id is None:
        return [*conditions, due.is_not(None), due < before]
    # One owner's steps are few next to the team's: comparing COALESCE(due_at, before) (the
    # same test as `due_at IS NOT NULL AND due_at < before`) keeps SQLite's planner on the
    # (team, owner, status) index instead of reading every owner's steps by due date.
    return [
        *conditions,
        col(NextStep.owner_id) == owner_id,
        func.coalesce(due, literal(before, UTCDateTime)) < before,
    ]


def open_steps_due_before(
    *,
    session: Session,
    team_id: str,
    before: datetime,
    now: datetime,
    owner_id: str | None = None,
    limit: int | None = None,
) -> list[NextStep]:
    """Open, dated, unsnoozed steps due before `before`, oldest due first (the first `limit`)."""
    statement = (
        select(NextStep)
        .where(*_open_steps_due_before(team_id, before, now, owner_id))
        .order_by(col(NextStep.due_at), col(NextStep.id))
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


def count_open_steps_due_before(
    *, session: Session, team_id: str, before: datetime, now: datetime, owner_id: str | None = None
) -> int:
    statement = (
        select(func.count())
        .select_from(NextStep)
        .where(*_open_steps_due_before(team_id, before, now, owner_id))
    )
    return int(session.exec(statement).one())


def save_nudge_item(*, session: Session, item: NextStep | Customer) -> None:
    """A step or customer changed from a nudge DM (done, snoozed, rescheduled)."""
    session.add(item)
