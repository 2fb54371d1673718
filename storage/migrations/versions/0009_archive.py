"""archived customers: when a customer was archived and by whom (None: not archived)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer") as table:
        table.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("archived_by", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customer") as table:
        table.drop_column("archived_by")
        table.drop_column("archived_at")
