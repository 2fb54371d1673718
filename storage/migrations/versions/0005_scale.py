"""scale: name keys and status history tables, indexes that match the queries, CHECK constraints

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000
_KEY = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")

# The enumerations as they stand in this revision (later revisions change them explicitly).
_CHECKS: dict[str, list[tuple[str, str]]] = {
    "customer": [
        ("ck_customer_type", "customer_type IN ('company', 'individual')"),
        (
            "ck_customer_status",
            "status IN ('lead', 'prospect', 'customer', 'churned', 'dormant')",
        ),
        (
            "ck_customer_activity_level",
            "activity_level IS NULL OR activity_level IN ('high', 'medium', 'low', 'dormant')",
        ),
        ("ck_customer_risk", "risk IS NULL OR risk IN ('low', 'medium', 'high')"),
    ],
    "follow_up": [
        (
            "ck_follow_up_method",
            "method IN ('call', 'visit', 'email', 'meeting', 'message', 'other')",
        )
    ],
    "next_step": [("ck_next_step_status", "status IN ('open', 'done', 'cancelled')")],
    "team_role": [("ck_team_role_role", "role IN ('admin', 'manager', 'rep')")],
    "outbound_message": [
        (
            "ck_outbound_status",
            "status IN ('pending', 'sending', 'sent', 'skipped', 'failed')",
        )
    ],
}


def upgrade() -> None:
    op.create_table(
        "customer_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("key", _KEY, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_customer_name_team_key", "customer_name", ["team_id", "key"])
    op.create_index("ix_customer_name_team_id", "customer_name", ["team_id", "id"])
    op.create_index("ix_customer_name_customer", "customer_name", ["customer_id"])
    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_status_change_team_at", "status_change", ["team_id", "at"])
    op.create_index("ix_status_change_customer", "status_change", ["customer_id"])

    op.drop_index("ix_follow_up_team_id", table_name="follow_up")
    op.create_index("ix_follow_up_team_time", "follow_up", ["team_id", "occurred_at"])
    op.create_index("ix_next_step_team_status_due", "next_step", ["team_id", "status", "due_at"])
    op.create_index("ix_next_step_source_followup", "next_step", ["source_followup_id"])
    op.create_index("ix_audit_event_team_at", "audit_event", ["team_id", "at"])
    # Team-wide jobs walk a team's customers in id order, batch by batch.
    op.create_index("ix_customer_team_id", "customer", ["team_id", "id"])

    bind = op.get_bind()
    # Emails were already stored folded by the app; fold any that came in by other roads so
    # duplicate checks compare the column as it is (and use its index).
    bind.execute(sa.text("UPDATE customer SET email = lower(email) WHERE email <> lower(email)"))
    for table, checks in _CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, condition in checks:
                batch.create_check_constraint(name, condition)
    _backfill_names(bind)
    _backfill_status_history(bind)


def _backfill_names(bind: Any) -> None:
    """The name keys of every existing customer, as the app computes them today."""
    from bot.customers.name_parts import name_keys  # the app's own reading, run once here

    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, team_id, name, aliases FROM customer WHERE id > :last "
                "ORDER BY id LIMIT :size"
            ),
            {"last": last, "size": _BATCH},
        ).all()
        if not rows:
            return
        keys: list[dict[str, Any]] = [
            {"team": team_id, "customer": customer_id, "key": key, "kind": kind.value}
            for customer_id, team_id, name, aliases in rows
            for key, kind in name_keys(str(name), _aliases(aliases))
        ]
        if keys:
            bind.execute(
                sa.text(
                    "INSERT INTO customer_name (team_id, customer_id, key, kind) "
                    "VALUES (:team, :customer, :key, :kind)"
                ),
                keys,
            )
        last = rows[-1][0]


def _aliases(stored: Any) -> list[str]:
    import json

    if isinstance(stored, str):
        stored = json.loads(stored)
    return [str(a) for a in stored or []]


def _backfill_status_history(bind: Any) -> None:
    """Status history from the audit trail, so won/churned counts keep their past."""
    import json

    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, team_id, entity_id, action, actor_id, before, after, at "
                "FROM audit_event WHERE id > :last AND entity_type = 'customer' "
                "ORDER BY id LIMIT :size"
            ),
            {"last": last, "size": _BATCH},
        ).all()
        if not rows:
            return
        changes: list[dict[str, Any]] = []
        for _id, team_id, customer_id, action, actor, before, after, at in rows:
            before = json.loads(before) if isinstance(before, str) else (before or {})
            after = json.loads(after) if isinstance(after, str) else (after or {})
            status = (after or {}).get("status")
            if status is None:
                continue
            reason = {
                "customer.created": "new",
                "customer.updated": "edit",
                "customer.status_dormant": "dormant",
                "customer.status_restored": "restored",
            }.get(action)
            if reason is None:
                continue
            changes.append(
                {
                    "team": team_id,
                    "customer": customer_id,
                    "from": (before or {}).get("status"),
                    "to": status,
                    "reason": reason,
                    "by": actor,
                    "at": at,
                }
            )
        if changes:
            bind.execute(
                sa.text(
                    "INSERT INTO status_change "
                    "(team_id, customer_id, from_status, to_status, reason, changed_by, at) "
                    "SELECT :team, :customer, :from, :to, :reason, :by, :at "
                    "WHERE EXISTS (SELECT 1 FROM customer WHERE id = :customer)"
                ),
                changes,
            )
        last = rows[-1][0]


def downgrade() -> None:
    for table, checks in _CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, _condition in checks:
                batch.drop_constraint(name, type_="check")
    op.drop_index("ix_customer_team_id", table_name="customer")
    op.drop_index("ix_audit_event_team_at", table_name="audit_event")
    op.drop_index("ix_next_step_source_followup", table_name="next_step")
    op.drop_index("ix_next_step_team_status_due", table_name="next_step")
    op.drop_index("ix_follow_up_team_time", table_name="follow_up")
    op.create_index("ix_follow_up_team_id", "follow_up", ["team_id"])
    op.drop_table("status_change")
    op.drop_table("customer_name")
