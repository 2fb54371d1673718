"""The scheduled jobs. Each plans its messages into the ledger under unique keys, then the
courier sends what is due, so running a job twice (or in two processes) sends nothing twice.

A run that was missed while everything was down is caught up by the first run within
`GRACE` after its time, and never after that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.permissions import Role
from bot.backups.nightly import nightly_backup
from bot.catalog.language import DEFAULT, Language, speaking
from bot.catalog.texts.nudges import text as t
from bot.catalog.texts.reminders import text as reminder_texts
from bot.digest.build import iso_week
from bot.nudges.items import collect_items
from bot.preferences.language import language_for
from bot.preferences.team import team_zone_reader
from bot.rules.book import reclassify_team
from bot.slack.client import TeamClients
from bot.slack.people import PeopleDirectory
from bot.slack.tokens import NotInstalled, team_tokens
from bot.slack.workspace import working_for
from bot.wiring.settings import Settings
from scheduler.content import ContentMaker
from scheduler.delivery import LANGUAGE, Courier, Delivered
from scheduler.reminders import plan_notices, plan_reminders
from storage import roles as role_store
from storage import scheduling as store
from storage.database import unit_of_work
from storage.models import OutboundMessage, OutboundStatus

logger = logging.getLogger(__name__)

GRACE = timedelta(hours=12)
DEFAULT_NUDGE_TIME = time(9, 0)
DEFAULT_ESCALATION_DAYS = 7
JOBS = ("nudges", "digest", "reclassify", "backup", "reminders")
ESCALATION_ITEMS = 50
"""Steps an escalation lists (oldest first); the rest are counted."""


@dataclass
class JobContext:
    engine: Engine
    settings: Settings
    people: PeopleDirectory
    clients: TeamClients
    """Each team's WebClient: a job's calls for a team carry that team's bot token."""

    @property
    def client(self) -> WebClient:
        """The client of the team in hand (single-token mode: the one client)."""
        return self.clients.in_hand()

    def installed(self, team_id: str) -> bool:
        """Whether `team_id` has a bot token (in OAuth mode, a team that uninstalled has none:
        nothing is planned for it, its data stays)."""
        try:
            self.clients.tokens.bot_token(team_id)
        except NotInstalled:
            return False
        return True


def job_context(settings: Settings, engine: Engine) -> JobContext:
    clients = TeamClients(settings, team_tokens(settings, engine), retry_connection_errors=False)
    people = PeopleDirectory(clients, settings.zone, team_zone_reader(engine, settings))
    return JobContext(engine, settings, people, clients)


@dataclass
class JobReport:
    planned: int = 0
    skipped: int = 0
    delivered: Delivered = field(default_factory=Delivered)
    reclassified_teams: int = 0
    backup: list[str] = field(default_factory=list)


def run_job(name: str, ctx: JobContext, now: datetime) -> JobReport:
    """One job, once, through the same path the scheduler uses (`crm-bot run-job`)."""
    report = JobReport()
    if name == "nudges":
        plan_nudges(ctx, now, report)
    elif name == "digest":
        plan_digests(ctx, now, report)
    elif name == "reminders":
        _plan_reminders(ctx, now, report)
    elif name == "reclassify":
        reclassify(ctx, now, report, once_a_day=False)
        return report
    elif name == "backup":
        report.backup = _backup(ctx, now, once_a_day=False)
        return report
    else:
        raise ValueError(f"unknown job {name!r}; choose one of {', '.join(JOBS)}")
    deliver(ctx, now, report)
    return report


def tick(ctx: JobContext, now: datetime) -> JobReport:
    """Everything that is due at `now`: the scheduler calls this every minute."""
    report = JobReport()
    reclassify(ctx, now, report, once_a_day=True)
    plan_nudges(ctx, now, report)
    plan_digests(ctx, now, report)
    _plan_reminders(ctx, now, report)
    deliver(ctx, now, report)
    report.backup = _backup(ctx, now, once_a_day=True)
    return report


def _plan_reminders(ctx: JobContext, now: datetime, report: JobReport) -> None:
    """Reminders before steps with a clock time, and owners' notices (scheduler/reminders.py)."""

    def language_of(team_id: str, user_id: str) -> Language:
        return _language_of(ctx, team_id, user_id)

    report.planned += plan_reminders(ctx.engine, ctx.people, now, language_of)
    report.planned += plan_notices(ctx.engine, ctx.people, now, language_of)


def _backup(ctx: JobContext, now: datetime, *, once_a_day: bool) -> list[str]:
    return nightly_backup(
        engine=ctx.engine, settings=ctx.settings, now=now, grace=GRACE, once_a_day=once_a_day
    )


def deliver(ctx: JobContext, now: datetime, report: JobReport) -> None:
    courier = Courier(ctx.engine, ctx.clients, ContentMaker(ctx.people))
    report.delivered = courier.deliver_due(now)
    if report.delivered.failed:
        _report_failures(ctx, report.delivered.failed, now)
        Courier(ctx.engine, ctx.clients, ContentMaker(ctx.people)).deliver_due(now)


def _in_window(scheduled: datetime, now: datetime) -> bool:
    return scheduled <= now < scheduled + GRACE


def plan_nudges(ctx: JobContext, now: datetime, report: JobReport) -> None:
    """Each owner's morning nudge, and each manager's escalation, at their local nudge time."""
    with unit_of_work(ctx.engine) as session:
        teams = store.list_teams(session=session)
    for team_id in teams:
        if ctx.installed(team_id):
            with working_for(team_id):
                _plan_team_nudges(ctx, team_id, now, report)


def _plan_team_nudges(ctx: JobContext, team_id: str, now: datetime, report: JobReport) -> None:
    nudge_time, escalation_days = _team_settings(ctx, team_id)
    with unit_of_work(ctx.engine) as session:
        owners = store.owners_with_customers_or_steps(session=session, team_id=team_id)
    for owner in owners:
        _plan_daily(ctx, team_id, "nudge", owner, nudge_time, now, report, _nudge_items)
    late = _late_items(escalation_days)
    for manager in _escalation_readers(ctx, team_id):
        _plan_daily(ctx, team_id, "escalation", manager, nudge_time, now, report, late)


ItemsFor = Callable[[Session, str, str, datetime, ZoneInfo], dict[str, Any]]
"""(session, team, recipient, now, zone) -> the payload, whose "items" may be empty."""


def _plan_daily(
    ctx: JobContext,
    team_id: str,
    kind: str,
    recipient: str,
    at: time,
    now: datetime,
    report: JobReport,
    items_for: ItemsFor,
) -> None:
    """Claim today's `kind` message for `recipient` once their local `at` has come (within
    the grace period). With nothing to say the key is still used up, as 'skipped'. The row
    keeps the recipient's zone and language, so it is drawn for them when it is sent."""
    zone = ctx.people.zone_of(recipient)
    day = now.astimezone(zone).date()
    if not _in_window(datetime.combine(day, at, tzinfo=zone), now):
        return
    key = f"{kind}:{recipient}:{day.isoformat()}"
    with unit_of_work(ctx.engine) as session:
        if store.outbound_exists(session=session, team_id=team_id, key=key):
            return
    language = _language_of(ctx, team_id, recipient)
    with unit_of_work(ctx.engine) as session:
        payload = items_for(session, team_id, recipient, now, zone) | {
            "zone": zone.key,
            LANGUAGE: language.value,
        }
        claimed = store.claim_outbound(
            session=session,
            team_id=team_id,
            key=key,
            kind=kind,
            recipient=recipient,
            payload=payload,
            now=now,
            status=OutboundStatus.PENDING if payload["items"] else OutboundStatus.SKIPPED,
        )
    if claimed is None:
        return
    if payload["items"]:
        report.planned += 1
    else:
        report.skipped += 1


def _nudge_items(
    session: Session, team_id: str, owner: str, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    found = collect_items(session=session, team_id=team_id, owner_id=owner, now=now, zone=zone)
    return {"items": found.items, "more": found.more, "owner": owner}


def _late_items(days: int) -> ItemsFor:
    def items_for(
        session: Session, team_id: str, _reader: str, now: datetime, _zone: ZoneInfo
    ) -> dict[str, Any]:
        before = now - timedelta(days=days)
        late = store.open_steps_due_before(
            session=session, team_id=team_id, before=before, now=now, limit=ESCALATION_ITEMS
        )
        items = [
            {"kind": "step", "id": s.id, "due": s.due_at.isoformat() if s.due_at else None}
            for s in late
        ]
        more = 0
        if len(late) == ESCALATION_ITEMS:
            total = store.count_open_steps_due_before(
                session=session, team_id=team_id, before=before, now=now
            )
            more = total - len(late)
        return {"items": items, "days": days, "more": more}

    return items_for


def _language_of(ctx: JobContext, team_id: str, user_id: str) -> Language:
    """The language `user_id` reads (bot.preferences.language); English when it cannot be told,
    which is never a reason to hold back their message."""
    try:
        return language_for(engine=ctx.engine, people=ctx.people, team_id=team_id, user_id=user_id)
    except Exception:
        logger.exception("could not tell which language to write to %s in", user_id)
        return DEFAULT


def _escalation_readers(ctx: JobContext, team_id: str) -> list[str]:
    """Managers read escalations; a team without managers has its admins read them."""
    with unit_of_work(ctx.engine) as session:
        roles = role_store.list_roles(session=session, team_id=team_id)
    managers = sorted(r.user_id for r in roles if r.role == Role.MANAGER)
    if managers:
        return managers
    return _admins(ctx, team_id)


def _admins(ctx: JobContext, team_id: str) -> list[str]:
    with unit_of_work(ctx.engine) as session:
        roles = role_store.list_roles(session=session, team_id=team_id)
    return sorted({r.user_id for r in roles if r.role == Role.ADMIN} | ctx.settings.admin_ids)


def _team_settings(ctx: JobContext, team_id: str) -> tuple[time, int]:
    with unit_of_work(ctx.engine) as session:
        row = store.get_team_settings(session=session, team_id=team_id)
    if row is None:
        return DEFAULT_NUDGE_TIME, DEFAULT_ESCALATION_DAYS
    return time.fromisoformat(row.nudge_time), row.escalation_days


def plan_digests(ctx: JobContext, now: datetime, report: JobReport) -> None:
    with unit_of_work(ctx.engine) as session:
        channels = store.list_digest_channels(session=session)
    for config in channels:
        if not ctx.installed(config.team_id):
            continue
        zone = ZoneInfo(config.zone)
        local = now.astimezone(zone)
        day = local.date() - timedelta(days=(local.weekday() - config.weekday) % 7)
        scheduled = datetime.combine(day, time.fromisoformat(config.time), tzinfo=zone)
        if not _in_window(scheduled, now):
            continue
        week = iso_week(scheduled)
        payload = {
            "at": scheduled.astimezone(ZoneInfo("UTC")).isoformat(),
            "week": week,
            "tiers": config.tiers,
            "zone": config.zone,
            "filename": f"crm-digest-{week}-{config.channel_id}.png",
        }
        with unit_of_work(ctx.engine) as session:
            claimed = store.claim_outbound(
                session=session,
                team_id=config.team_id,
                key=f"digest:{config.channel_id}:{week}",
                kind="digest",
                recipient=config.channel_id,
                payload=payload,
                now=now,
            )
            if claimed is not None:
                store.claim_outbound(
                    session=session,
                    team_id=config.team_id,
                    key=f"digest-chart:{config.channel_id}:{week}",
                    kind="chart",
                    recipient=config.channel_id,
                    payload=payload,
                    now=now,
                )
                report.planned += 1


def reclassify(ctx: JobContext, now: datetime, report: JobReport, *, once_a_day: bool) -> None:
    """Activity levels decay and customers go quiet with time alone: re-apply the rules.

    The day's claim is taken first, in its own transaction, so one process does it; the team
    is then walked in short batches (a run that dies halfway leaves every customer it reached
    done and the rest as they were, for the next day's run)."""
    with unit_of_work(ctx.engine) as session:
        teams = store.list_teams(session=session)
    for team_id in teams:
        day = now.astimezone(ctx.settings.zone).date().isoformat()
        if once_a_day:
            with unit_of_work(ctx.engine) as session:
                claimed = store.claim_job_run(
                    session=session, team_id=team_id, key=f"reclassify:{day}", now=now
                )
            if not claimed:
                continue
        reclassify_team(engine=ctx.engine, team_id=team_id, now=now, settings=ctx.settings)
        report.reclassified_teams += 1


def _report_failures(ctx: JobContext, failed: list[OutboundMessage], now: datetime) -> None:
    """Tell the team's admins about a message that cannot be delivered (once per message), each
    in their own language."""
    for row in failed:
        if row.kind == "report":
            continue
        where = f"<#{row.recipient}>" if row.kind in ("digest", "chart") else f"<@{row.recipient}>"
        for admin in _admins(ctx, row.team_id):
            with working_for(row.team_id), speaking(_language_of(ctx, row.team_id, admin)):
                kinds = t.NUDGE_OUTBOUND_KINDS | reminder_texts.REMINDER_OUTBOUND_KINDS
                text = t.NUDGE_DELIVERY_FAILED.format(
                    kind=kinds.get(row.kind, row.kind),
                    where=where,
                    error=row.last_error or "error",
                )
            with unit_of_work(ctx.engine) as session:
                store.claim_outbound(
                    session=session,
                    team_id=row.team_id,
                    key=f"report:{row.key}:{admin}",
                    kind="report",
                    recipient=admin,
                    payload={"text": text},
                    now=now,
                )
    logger.warning("%d outbound message(s) failed for good", len(failed))
