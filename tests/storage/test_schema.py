"""The migrations build exactly the tables the models describe, and the tables slack_sdk's
installation and OAuth-state stores expect (OAuth mode), which live on a MetaData of their own."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.installations import SLACK_METADATA


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        # Alembic compares a list of MetaData as one (its stub says a single one).
        differences = compare_metadata(context, [SQLModel.metadata, SLACK_METADATA])  # type: ignore[arg-type]
    assert differences == []
