"""languages and settings: what a person chose (language, phone region, currency), the team's
settings (language, fallback zone, currency, phone region, code prefix, exchange rates) and a
digest channel's language

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_setting",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("phone_region", sa.String(length=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    with op.batch_alter_table("team_settings") as table:
        table.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
        table.add_column(sa.Column("zone", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("currency", sa.String(length=3), nullable=True))
        table.add_column(sa.Column("phone_region", sa.String(length=2), nullable=True))
        table.add_column(sa.Column("code_prefix", sa.String(length=8), nullable=True))
        table.add_column(sa.Column("rates", sa.JSON(), nullable=True))
    with op.batch_alter_table("digest_channel") as table:
        table.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )


def downgrade() -> None:
    with op.batch_alter_table("digest_channel") as table:
        table.drop_column("language")
    with op.batch_alter_table("team_settings") as table:
        for column in ("rates", "code_prefix", "phone_region", "currency", "zone", "language"):
            table.drop_column(column)
    op.drop_table("person_setting")
