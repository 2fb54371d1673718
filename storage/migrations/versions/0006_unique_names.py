"""unique names: one customer per normalised name in a team

Customers already stored under the same normalised name keep their names; all but the oldest
get a name key made unique with their id (`acme#42`), so they are still found by name (through
their name keys) but no longer block the constraint.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    customer = sa.table(
        "customer", sa.column("id", sa.Integer), sa.column("team_id"), sa.column("name_key")
    )
    first = (
        sa.select(sa.func.min(customer.c.id))
        .group_by(customer.c.team_id, customer.c.name_key)
        .scalar_subquery()
    )
    later = sa.select(customer.c.id).where(customer.c.id.not_in(first))
    op.execute(
        customer.update()
        .where(customer.c.id.in_(later))
        .values(
            name_key=sa.func.substr(customer.c.name_key, 1, 180)
            + "#"
            + sa.cast(customer.c.id, sa.String)
        )
    )
    with op.batch_alter_table("customer") as batch_op:
        batch_op.drop_index("ix_customer_team_name_key")
        batch_op.create_index("uq_customer_team_name_key", ["team_id", "name_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("customer") as batch_op:
        batch_op.drop_index("uq_customer_team_name_key")
        batch_op.create_index("ix_customer_team_name_key", ["team_id", "name_key"], unique=False)
