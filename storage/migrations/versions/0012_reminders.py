"""reminders at the due time: how long before a step with a clock time each person is reminded

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person_setting") as table:
        table.add_column(sa.Column("reminder_lead_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_setting") as table:
        table.drop_column("reminder_lead_minutes")
