"""A person's request has a deadline: Slack needs an answer within 3 seconds.

When the work runs past it, the person is told that nothing was saved, and from then on the
work may not commit: every transaction it opens is refused at its commit and rolled back. So
what the person was told always matches what is stored, even when a database that hung comes
back later and the work carries on.

The commit is the one moment of doubt: a commit in progress when the deadline passes is waited
for (briefly); once something is saved the request cannot give up any more, and its answer
arrives late instead of being "nothing was saved".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction


class GaveUp(Exception):
    """The request ran out of time and the person was told nothing was saved."""


class CommitUnknown(Exception):
    """The connection broke while committing: the database may or may not have the work."""


class Stage(StrEnum):
    WORKING = "working"
    COMMITTING = "committing"
    SAVED = "saved"
    GAVE_UP = "gave_up"
    ANSWERED = "answered"
    """Answered in time: what the work does from here on is no longer bound by the deadline."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.ends_at = time.monotonic() + seconds
        self._stage = Stage.WORKING
        self._changed = threading.Condition()

    @property
    def stage(self) -> Stage:
        return self._stage

    def remaining(self) -> float:
        return max(0.0, self.ends_at - time.monotonic())

    def check(self) -> None:
        if self._stage is Stage.GAVE_UP:
            raise GaveUp

    def begin_commit(self) -> None:
        """Called just before a commit: refused once the request has given up."""
        with self._changed:
            if self._stage is Stage.GAVE_UP:
                raise GaveUp
            if self._stage is Stage.WORKING:
                self._stage = Stage.COMMITTING

    def end_commit(self, *, saved: bool) -> None:
        with self._changed:
            if self._stage is Stage.COMMITTING:
                self._stage = Stage.SAVED if saved else Stage.WORKING
            self._changed.notify_all()

    def answered(self) -> None:
        with self._changed:
            if self._stage is not Stage.GAVE_UP:
                self._stage = Stage.ANSWERED
            self._changed.notify_all()

    def give_up(self, *, wait_for_commit: float = 0.3) -> bool:
        """Give up unless something is (being) saved; True when the work may no longer
        commit, so the person can be told that nothing was saved."""
        with self._changed:
            self._changed.wait_for(lambda: self._stage is not Stage.COMMITTING, wait_for_commit)
            if self._stage is Stage.WORKING:
                self._stage = Stage.GAVE_UP
            return self._stage is Stage.GAVE_UP


_current: ContextVar[Deadline | None] = ContextVar("crm_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline the work is bound by now, if any."""
    deadline = _current.get()
    if deadline is None or deadline.stage is Stage.ANSWERED:
        return None
    return deadline


def gave_up() -> bool:
    """Whether the request this work belongs to has given up (and said so)."""
    deadline = _current.get()
    return deadline is not None and deadline.stage is Stage.GAVE_UP


@contextmanager
def working_to(deadline: Deadline) -> Iterator[Deadline]:
    """Transactions opened inside (and in work started from here, on this context) answer
    to `deadline`."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


@contextmanager
def outside_any_deadline() -> Iterator[None]:
    """Work that must happen whatever the request's deadline says (a DM that carries its
    answer, written to the ledger)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


WROTE = "crm_wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush: UOWTransaction) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def wrote(session: Session) -> bool:
    return bool(session.info.get(WROTE))


def forget_writes(session: Session) -> None:
    session.info.pop(WROTE, None)
