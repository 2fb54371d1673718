"""Which next steps with a clock time want their reminder DM now.

A step due at 15:00 of an owner whose lead is 15 minutes is reminded from 14:45 on, and no
later than `LATE` after 15:00 (a run missed while everything was down is caught up that long;
after that the morning nudge lists it as overdue). Each reminder is claimed in the ledger
under its step and due time, so it goes out once, and a step moved to another time is
reminded again at that time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.nudges.results import ItemKind
from bot.preferences.model import DEFAULT_REMINDER_LEAD, REMINDER_LEADS
from storage import reminders as store
from storage.models import NextStep

LATE = timedelta(minutes=15)
LONGEST_LEAD = timedelta(minutes=max(REMINDER_LEADS))


@dataclass(frozen=True)
class DueReminder:
    step: NextStep
    lead: int
    """Minutes before the due time, as the owner chose (or the default)."""

    @property
    def key(self) -> str:
        return reminder_key(self.step)

    def payload(self) -> dict[str, object]:
        """What the ledger row keeps: the step as it was planned (its due time tells a step
        rescheduled since from one still due then)."""
        assert self.step.due_at is not None
        due = self.step.due_at.isoformat()
        return {
            "items": [{"kind": ItemKind.STEP.value, "id": self.step.id, "due": due}],
            "lead": self.lead,
        }


def reminder_key(step: NextStep) -> str:
    assert step.due_at is not None
    return f"reminder:{step.id}:{step.due_at.isoformat()}"


def reminders_due(*, session: Session, team_id: str, now: datetime) -> list[DueReminder]:
    """The team's open, unsnoozed steps with a clock time whose reminder time has come and
    whose due time is not more than `LATE` ago."""
    steps = store.open_timed_steps_due_between(
        session=session, team_id=team_id, after=now - LATE, before=now + LONGEST_LEAD + _TICK
    )
    owners = sorted({step.owner_id for step in steps})
    leads = store.reminder_leads(session=session, team_id=team_id, user_ids=owners)
    due: list[DueReminder] = []
    for step in steps:
        assert step.due_at is not None
        lead = leads.get(step.owner_id, DEFAULT_REMINDER_LEAD)
        if step.due_at - timedelta(minutes=lead) > now:
            continue
        if step.snoozed_until is not None and step.snoozed_until > now:
            continue
        due.append(DueReminder(step, lead))
    return due


_TICK = timedelta(microseconds=1)
"""So a step due exactly the longest lead from now is in the window."""
