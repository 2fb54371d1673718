"""contact privacy: phone, email and contact name encrypted at rest with keyed hashes beside
them for look-ups; WeChat IDs; more contacts per customer; the audit log's personal values sealed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

The upgrade seals the values already stored, so it needs the encryption key (the command line
configures it before upgrading); a database with no contact data upgrades without one.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from storage.contact_columns import derived
from storage.crypto import TOKEN_PREFIX, key_ring, seal_personal

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2_000
_SEALED = ("contact_name", "phone", "email")


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        for name in _SEALED:
            batch.alter_column(name, type_=sa.Text(), existing_nullable=True)
        batch.add_column(sa.Column("wechat_id", sa.Text(), nullable=True))
        batch.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("email_hash", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("contact_unusable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.drop_index("ix_customer_team_phone", table_name="customer")
    op.drop_index("ix_customer_team_email", table_name="customer")
    op.create_index("ix_customer_team_phone_hash", "customer", ["team_id", "phone_hash"])
    op.create_index("ix_customer_team_email_hash", "customer", ["team_id", "email_hash"])
    op.create_table(
        "customer_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "customer_id",
            sa.Integer(),
            sa.ForeignKey("customer.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("wechat_id", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("email_hash", sa.String(length=64), nullable=True),
        sa.Column("contact_unusable", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_contact_customer", "customer_contact", ["customer_id"])
    op.create_index(
        "ix_customer_contact_team_phone_hash", "customer_contact", ["team_id", "phone_hash"]
    )
    op.create_index(
        "ix_customer_contact_team_email_hash", "customer_contact", ["team_id", "email_hash"]
    )
    bind = op.get_bind()
    _seal_customers(bind)
    _seal_audit(bind)


def _seal_customers(bind: Any) -> None:
    customer = sa.table(
        "customer",
        sa.column("id", sa.Integer()),
        *(sa.column(name, sa.Text()) for name in _SEALED),
        sa.column("phone_hash", sa.String()),
        sa.column("email_hash", sa.String()),
        sa.column("contact_unusable", sa.Boolean()),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(customer.c.id, *(customer.c[name] for name in _SEALED))
            .where(customer.c.id > last)
            .where(sa.or_(*(customer.c[name].is_not(None) for name in _SEALED)))
            .order_by(customer.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            values = dict(zip(_SEALED, row[1:], strict=True))
            update: dict[str, Any] = derived(values["phone"], values["email"])
            for name, value in values.items():
                if value is not None and not value.startswith(TOKEN_PREFIX):
                    update[name] = key_ring().seal(value)
            bind.execute(customer.update().where(customer.c.id == row[0]).values(**update))
        last = rows[-1][0]


def _seal_audit(bind: Any) -> None:
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer()),
        sa.column("before", sa.JSON()),
        sa.column("after", sa.JSON()),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(audit.c.id, audit.c.before, audit.c.after)
            .where(audit.c.id > last)
            .order_by(audit.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for event_id, before, after in rows:
            sealed_before, sealed_after = _sealed(before), _sealed(after)
            if sealed_before != before or sealed_after != after:
                bind.execute(
                    audit.update()
                    .where(audit.c.id == event_id)
                    .values(before=sealed_before, after=sealed_after)
                )
        last = rows[-1][0]


def _sealed(value: Any) -> Any:
    if value is None or not _has_personal(value):
        return value
    return seal_personal(value)


def _has_personal(value: Any) -> bool:
    if isinstance(value, dict):
        return any(
            (key in ("contact_name", "phone", "email") and item) or _has_personal(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_has_personal(item) for item in value)
    return False


def downgrade() -> None:
    """Back to plaintext columns: the values are opened with the configured key."""
    bind = op.get_bind()
    customer = sa.table(
        "customer", sa.column("id", sa.Integer()), *(sa.column(n, sa.Text()) for n in _SEALED)
    )
    for row in bind.execute(sa.select(customer)).all():
        opened = {
            name: key_ring().open(value) if value else value
            for name, value in zip(_SEALED, row[1:], strict=True)
        }
        bind.execute(customer.update().where(customer.c.id == row[0]).values(**opened))
    op.drop_index("ix_customer_contact_team_email_hash", table_name="customer_contact")
    op.drop_index("ix_customer_contact_team_phone_hash", table_name="customer_contact")
    op.drop_index("ix_customer_contact_customer", table_name="customer_contact")
    op.drop_table("customer_contact")
    op.drop_index("ix_customer_team_email_hash", table_name="customer")
    op.drop_index("ix_customer_team_phone_hash", table_name="customer")
    op.create_index("ix_customer_team_phone", "customer", ["team_id", "phone"])
    op.create_index("ix_customer_team_email", "customer", ["team_id", "email"])
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("contact_unusable")
        batch.drop_column("email_hash")
        batch.drop_column("phone_hash")
        batch.drop_column("wechat_id")
        batch.alter_column("contact_name", type_=sa.String(length=150))
        batch.alter_column("phone", type_=sa.String(length=32))
        batch.alter_column("email", type_=sa.String(length=254))
