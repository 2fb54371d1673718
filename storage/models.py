"""The tables. Every row carries the Slack team_id so one database can serve several workspaces."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlmodel import Field, SQLModel

from storage.contact_columns import derived
from storage.crypto import EncryptedText, SealedJSON
from storage.types import UTCDateTime


class CustomerType(StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"


class CustomerStatus(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    CHURNED = "churned"
    DORMANT = "dormant"


class FollowUpMethod(StrEnum):
    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    MEETING = "meeting"
    MESSAGE = "message"
    OTHER = "other"


class NextStepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


def _values(enum: type[StrEnum]) -> str:
    """An enumeration's values as a SQL list for a CHECK constraint: ('a', 'b')."""
    return "(" + ", ".join(f"'{member.value}'" for member in enum) + ")"


class CustomerFieldsBase(SQLModel):
    """The fields a person keeps about a customer, declared once, in the order the form asks
    for them: the table adds identity and bookkeeping, the form model and the audit snapshot
    reuse them as they are."""

    name: str = Field(max_length=200)
    aliases: list[str] = Field(default_factory=list, sa_type=JSON)
    """Other names people use for the customer (浦发, SPDB, Huawei)."""
    customer_type: str = Field(default=CustomerType.COMPANY.value, max_length=16)
    industry: str | None = Field(default=None, max_length=100)
    contact_name: str | None = Field(default=None, max_length=150, sa_type=EncryptedText)
    contact_title: str | None = Field(default=None, max_length=150)
    phone: str | None = Field(
        default=None, max_length=32, sa_type=EncryptedText, description="E.164"
    )
    email: str | None = Field(
        default=None, max_length=254, sa_type=EncryptedText, description="stored case-folded"
    )
    wechat_id: str | None = Field(default=None, max_length=64, sa_type=EncryptedText)
    region: str | None = Field(default=None, max_length=100)
    company_size: str | None = Field(default=None, max_length=16)
    source: str | None = Field(default=None, max_length=32)
    annual_value: Decimal | None = Field(default=None, sa_type=Numeric(18, 2))
    currency: str = Field(default="USD", max_length=3)
    status: str = Field(default=CustomerStatus.LEAD.value, max_length=16)
    owner_id: str = Field(max_length=32)
    needs: list[str] = Field(default_factory=list, sa_type=JSON)
    notes: str | None = Field(default=None, sa_type=Text)


class Customer(CustomerFieldsBase, table=True):
    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("team_id", "code", name="uq_customer_team_code"),
        Index("uq_customer_team_name_key", "team_id", "name_key", unique=True),
        Index("ix_customer_team_owner", "team_id", "owner_id"),
        Index("ix_customer_team_phone_hash", "team_id", "phone_hash"),
        Index("ix_customer_team_email_hash", "team_id", "email_hash"),
        Index("ix_customer_team_id", "team_id", "id"),
        CheckConstraint(f"customer_type IN {_values(CustomerType)}", name="ck_customer_type"),
        CheckConstraint(f"status IN {_values(CustomerStatus)}", name="ck_customer_status"),
        CheckConstraint(
            "activity_level IS NULL OR activity_level IN ('high', 'medium', 'low', 'dormant')",
            name="ck_customer_activity_level",
        ),
        CheckConstraint(
            "risk IS NULL OR risk IN ('low', 'medium', 'high')", name="ck_customer_risk"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    code: str = Field(max_length=24)
    name_key: str = Field(max_length=200, description="normalized name for matching")
    phone_hash: str | None = Field(default=None, max_length=64, description="keyed hash")
    email_hash: str | None = Field(default=None, max_length=64, description="keyed hash")
    contact_unusable: bool = Field(
        default=False, description="the phone or email is not in a form one can use"
    )
    last_activity_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tier: str | None = Field(default=None, max_length=64)
    activity_level: str | None = Field(default=None, max_length=16)
    risk: str | None = Field(
        default=None, max_length=16, description="set by hand; None = computed"
    )
    status_before_dormant: str | None = Field(default=None, max_length=16)
    cadence_snoozed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: str = Field(max_length=32)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Set while the customer is archived (`/crm archive`): out of lists, nudges and digests."""
    archived_by: str | None = Field(default=None, max_length=32)


class CustomerCodeCounter(SQLModel, table=True):
    """The last sequence number handed out for a team's customer codes on one day. Taken with
    one atomic upsert, so replicas creating customers at once never pick the same code."""

    __tablename__ = "customer_code_counter"

    team_id: str = Field(primary_key=True, max_length=32)
    day: str = Field(primary_key=True, max_length=8, description="YYYYMMDD")
    last: int


class MergedCode(SQLModel, table=True):
    """The code of a customer merged into another: it still finds the one that was kept."""

    __tablename__ = "merged_code"

    team_id: str = Field(primary_key=True, max_length=32)
    code: str = Field(primary_key=True, max_length=24)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    merged_by: str = Field(max_length=32)
    merged_at: datetime = Field(sa_type=UTCDateTime)


NAME_KEY_TYPE = String(200).with_variant(String(200, collation="C"), "postgresql")
"""Name keys compare by code point on both databases, so a prefix is an index range."""


class CustomerName(SQLModel, table=True):
    """One normalised name or alias of a customer: what `/followup` and `/customer` look up.

    Rows are replaced (never edited) when a name changes, so a growing `id` tells another
    process which keys are new since it last looked."""

    __tablename__ = "customer_name"
    __table_args__ = (
        Index("ix_customer_name_team_key", "team_id", "key"),
        Index("ix_customer_name_team_id", "team_id", "id"),
        Index("ix_customer_name_customer", "customer_id"),
        {"sqlite_autoincrement": True},  # ids are never reused, on SQLite as on PostgreSQL
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    key: str = Field(sa_type=NAME_KEY_TYPE)
    kind: str = Field(
        default="name", max_length=8, description="name, alias, core, trade, pinyin or abbr"
    )


class StatusChange(SQLModel, table=True):
    """A customer's status moved (lead → prospect → customer, churned, dormant…), and why
    ('new', 'edit', 'dormant', 'restored'): what won/churned counts are read from."""

    __tablename__ = "status_change"
    __table_args__ = (
        Index("ix_status_change_team_at", "team_id", "at"),
        Index("ix_status_change_customer", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    reason: str = Field(max_length=16)
    changed_by: str = Field(max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_customer_time", "customer_id", "occurred_at"),
        Index("ix_follow_up_team_time", "team_id", "occurred_at"),
        CheckConstraint(f"method IN {_values(FollowUpMethod)}", name="ck_follow_up_method"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    author_id: str = Field(max_length=32)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    method: str = Field(default=FollowUpMethod.OTHER.value, max_length=16)
    text: str = Field(sa_type=Text, description="what happened, whole")
    raw_text: str = Field(default="", sa_type=Text, description="the command text as typed")
    created_at: datetime = Field(sa_type=UTCDateTime)


class NextStep(SQLModel, table=True):
    __tablename__ = "next_step"
    __table_args__ = (
        Index("ix_next_step_customer", "customer_id"),
        Index("ix_next_step_team_owner_status", "team_id", "owner_id", "status"),
        Index("ix_next_step_team_status_due", "team_id", "status", "due_at"),
        Index("ix_next_step_source_followup", "source_followup_id"),
        CheckConstraint(f"status IN {_values(NextStepStatus)}", name="ck_next_step_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    owner_id: str = Field(max_length=32)
    description: str = Field(sa_type=Text)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    due_has_time: bool = Field(default=False)
    status: str = Field(default=NextStepStatus.OPEN.value, max_length=16)
    snoozed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    source_followup_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("follow_up.id", ondelete="SET NULL"), nullable=True),
    )
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "team_id", "entity_type", "entity_id"),
        Index("ix_audit_event_team_at", "team_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    actor_id: str = Field(max_length=32)
    action: str = Field(max_length=48)
    entity_type: str = Field(max_length=32)
    entity_id: int
    before: dict[str, Any] | None = Field(default=None, sa_type=SealedJSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=SealedJSON)
    at: datetime = Field(sa_type=UTCDateTime)


class Draft(SQLModel, table=True):
    """Something a person started but has not finished choosing about, e.g. a follow-up waiting
    for them to pick the right customer. Not part of the CRM record until they finish."""

    __tablename__ = "draft"
    __table_args__ = (Index("ix_draft_created_at", "created_at"),)

    id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)


class RuleSet(SQLModel, table=True):
    """One version of a team's classification rules. The highest version is in force."""

    __tablename__ = "rule_set"
    __table_args__ = (UniqueConstraint("team_id", "version", name="uq_rule_set_team_version"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    version: int
    rules: dict[str, Any] = Field(sa_type=JSON)
    summary: str = Field(default="", sa_type=Text)
    restored_from: int | None = None
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class TierChange(SQLModel, table=True):
    """A customer moved between value tiers, and why ('value', 'rules' or 'new')."""

    __tablename__ = "tier_change"
    __table_args__ = (
        Index("ix_tier_change_team_at", "team_id", "at"),
        Index("ix_tier_change_customer", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    from_tier: str | None = Field(default=None, max_length=64)
    to_tier: str = Field(max_length=64)
    reason: str = Field(max_length=16)
    rule_version: int | None = None
    changed_by: str = Field(max_length=32)
    at: datetime = Field(sa_type=UTCDateTime)


class TeamRole(SQLModel, table=True):
    """A role granted with `/crm role` (people without a row are reps)."""

    __tablename__ = "team_role"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_team_role_user"),
        CheckConstraint("role IN ('admin', 'manager', 'rep')", name="ck_team_role_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    role: str = Field(max_length=16)
    granted_by: str = Field(max_length=32)
    granted_at: datetime = Field(sa_type=UTCDateTime)


class TeamSettings(SQLModel, table=True):
    """Per-team scheduling settings (defaults apply while a team has no row)."""

    __tablename__ = "team_settings"

    team_id: str = Field(primary_key=True, max_length=32)
    nudge_time: str = Field(default="09:00", max_length=5)
    escalation_days: int = Field(default=7)
    language: str = Field(default="en", max_length=8)
    """For people whose Slack locale is neither English nor Chinese."""
    zone: str | None = Field(default=None, max_length=64)
    """For people whose Slack profile has no time zone; None: CRM_TIMEZONE."""
    currency: str | None = Field(default=None, max_length=3)
    """ISO 4217 code that tier thresholds are stated in; None: CRM_CURRENCY."""
    phone_region: str | None = Field(default=None, max_length=2)
    """Phone region for numbers without +country when a person's own can't be told."""
    code_prefix: str | None = Field(default=None, max_length=8)
    """Customer codes start with this (None: `C`)."""
    rates: dict[str, str] | None = Field(default=None, sa_type=JSON)
    """Exchange rates the admin set: currency -> how much one unit is in the team currency."""
    updated_by: str = Field(max_length=32)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PersonSetting(SQLModel, table=True):
    """What a person chose for themselves (`/crm language`, `/crm me`); None follows Slack or
    the team."""

    __tablename__ = "person_setting"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    phone_region: str | None = Field(default=None, max_length=2)
    currency: str | None = Field(default=None, max_length=3)
    reminder_lead_minutes: int | None = Field(default=None)
    """How long before a next step with a clock time its reminder DM comes (None: 15 min)."""
    updated_at: datetime = Field(sa_type=UTCDateTime)


class DigestChannel(SQLModel, table=True):
    """A channel that gets the weekly tier digest, when, and for which tiers (None = all)."""

    __tablename__ = "digest_channel"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_digest_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    weekday: int = Field(default=0, description="0 = Monday")
    time: str = Field(default="09:00", max_length=5)
    zone: str = Field(default="UTC", max_length=64)
    tiers: list[str] | None = Field(default=None, sa_type=JSON)
    language: str = Field(default="en", max_length=8)
    """The language the channel's digest is written in."""
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class OutboundStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    """Handed to Slack at least once without a recorded answer: it may have arrived."""
    SENT = "sent"
    SKIPPED = "skipped"
    """Nothing to say this time; the key is used up so nothing is sent later that day."""
    FAILED = "failed"


class OutboundMessage(SQLModel, table=True):
    """The ledger: every nudge and digest is written here under a unique key before it is sent,
    so each goes out once however often jobs run and whatever dies in between."""

    __tablename__ = "outbound_message"
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_outbound_key"),
        Index("ix_outbound_status_next", "status", "next_attempt_at"),
        Index("ix_outbound_channel_ts", "channel", "ts"),
        CheckConstraint(f"status IN {_values(OutboundStatus)}", name="ck_outbound_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    recipient: str = Field(max_length=32, description="a user ID (DM) or a channel ID")
    channel: str | None = Field(default=None, max_length=32)
    status: str = Field(default=OutboundStatus.PENDING.value, max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=200)
    ts: str | None = Field(default=None, max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class JobRun(SQLModel, table=True):
    """A periodic job that ran for a team and period (e.g. reclassify for a day)."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_job_run_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=200)
    ran_at: datetime = Field(sa_type=UTCDateTime)


class SchedulerLease(SQLModel, table=True):
    """Who leads the scheduler: one row per lock name, held until `expires_at`."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=120)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class CustomerContact(SQLModel, table=True):
    """Another person at a customer (the primary contact lives on the customer row itself).
    Name, phone, email and WeChat ID are encrypted at rest like the customer's."""

    __tablename__ = "customer_contact"
    __table_args__ = (
        Index("ix_customer_contact_customer", "customer_id"),
        Index("ix_customer_contact_team_phone_hash", "team_id", "phone_hash"),
        Index("ix_customer_contact_team_email_hash", "team_id", "email_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    )
    name: str | None = Field(default=None, max_length=150, sa_type=EncryptedText)
    title: str | None = Field(default=None, max_length=150)
    phone: str | None = Field(default=None, max_length=32, sa_type=EncryptedText)
    email: str | None = Field(default=None, max_length=254, sa_type=EncryptedText)
    wechat_id: str | None = Field(default=None, max_length=64, sa_type=EncryptedText)
    notes: str | None = Field(default=None, sa_type=Text)
    phone_hash: str | None = Field(default=None, max_length=64)
    email_hash: str | None = Field(default=None, max_length=64)
    contact_unusable: bool = Field(default=False)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


def _derive_contact_columns(mapper: Any, connection: Any, target: Any) -> None:
    """Keep the look-up hashes and the usability flag in step with the phone and email, on
    every ORM insert and update."""
    for name, value in derived(target.phone, target.email).items():
        setattr(target, name, value)


for _model in (Customer, CustomerContact):
    event.listen(_model, "before_insert", _derive_contact_columns)
    event.listen(_model, "before_update", _derive_contact_columns)


class HomeTab(SQLModel, table=True):
    """Who has opened the App Home tab, and when the app last published it for them: their Home
    is redrawn after what they do only if they have looked at it."""

    __tablename__ = "home_tab"

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    published_at: datetime = Field(sa_type=UTCDateTime)
