"""classification rules, tier history and roles

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tier", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("activity_level", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("risk", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("status_before_dormant", sa.String(length=16), nullable=True))

    op.create_table(
        "rule_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "version", name="uq_rule_set_team_version"),
    )
    op.create_table(
        "tier_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("from_tier", sa.String(length=64), nullable=True),
        sa.Column("to_tier", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tier_change", schema=None) as batch_op:
        batch_op.create_index("ix_tier_change_team_at", ["team_id", "at"], unique=False)
        batch_op.create_index("ix_tier_change_customer", ["customer_id"], unique=False)
    op.create_table(
        "team_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("granted_by", sa.String(length=32), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "user_id", name="uq_team_role_user"),
    )


def downgrade() -> None:
    op.drop_table("team_role")
    with op.batch_alter_table("tier_change", schema=None) as batch_op:
        batch_op.drop_index("ix_tier_change_customer")
        batch_op.drop_index("ix_tier_change_team_at")
    op.drop_table("tier_change")
    op.drop_table("rule_set")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("status_before_dormant")
        batch_op.drop_column("risk")
        batch_op.drop_column("activity_level")
        batch_op.drop_column("tier")
