"""`/crm audit`: what is wrong with the team's customer data, kind by kind, with the first few
customers of each. Managers and admins audit the team; reps their own customers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.quality.results import LONG_OVERDUE_DAYS, Finding, Problem, QualityReport
from bot.rules.book import rules_in_force
from bot.slack.people import PeopleDirectory
from storage import quality as store

SHOWN = 3
"""Customers shown per finding (the message stays well inside Slack's 50 blocks)."""


def audit_data(
    *, engine: Engine, asker: Asker, people: PeopleDirectory, now: datetime
) -> QualityReport:
    with acting(engine, asker) as (session, actor):
        team_id = actor.team_id
        owner = None if actor.sees_everything else actor.user_id
        top = rules_in_force(session=session, team_id=team_id).rules.tiers[0]
        found = {
            Problem.NO_CONTACT: store.without_contact_method(
                session=session, team_id=team_id, owner_id=owner, limit=SHOWN
            ),
            Problem.BAD_CONTACT: store.with_unusable_contact(
                session=session, team_id=team_id, owner_id=owner, limit=SHOWN
            ),
            Problem.TOP_TIER_QUIET: store.in_tier_not_contacted_since(
                session=session,
                team_id=team_id,
                owner_id=owner,
                tier=top.name,
                since=now - timedelta(days=top.cadence_days),
                limit=SHOWN,
            ),
            Problem.LONG_OVERDUE: store.with_steps_overdue_before(
                session=session,
                team_id=team_id,
                owner_id=owner,
                before=now - timedelta(days=LONG_OVERDUE_DAYS),
                limit=SHOWN,
            ),
            Problem.DUPLICATES: store.sharing_a_phone_or_email(
                session=session, team_id=team_id, owner_id=owner, limit=SHOWN
            ),
        }
        gone: list[str] = []
        if owner is None:  # a rep is their own customers' owner, and here
            gone = [o for o in store.owners(session=session, team_id=team_id) if _gone(people, o)]
        found[Problem.NO_OWNER] = store.owned_by(
            session=session, team_id=team_id, owner_ids=gone, limit=SHOWN
        )
    findings = [Finding(p, found[p].count, found[p].first) for p in Problem]
    return QualityReport(findings, owner is not None, top.name, top.cadence_days)


def _gone(people: PeopleDirectory, owner_id: str) -> bool:
    """No owner, or one Slack says was deactivated (or doesn't know)."""
    if not owner_id:
        return True
    return people.get(owner_id).deleted
