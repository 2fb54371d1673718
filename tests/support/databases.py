"""Fresh databases for tests: a SQLite file, or PostgreSQL with its public schema made anew."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.database import make_engine


def fresh_database_url(kind: str, folder: Path, postgres_url: str | None, name: str) -> str:
    """`kind` "sqlite": a new file `name`.sqlite3 in `folder`; "postgresql": `postgres_url`
    with everything in its public schema dropped."""
    if kind == "sqlite":
        return f"sqlite:///{folder / f'{name}.sqlite3'}"
    assert postgres_url is not None
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url
