"""Fresh databases for tests: a SQLite file, or PostgreSQL with its public schema made anew."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

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


@contextmanager
def transactions(engine: Engine) -> Iterator[list[str]]:
    """The names of the threads that began a transaction on `engine` meanwhile."""
    begun: list[str] = []

    def on_begin(_connection: Any) -> None:
        begun.append(threading.current_thread().name)

    event.listen(engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", on_begin)
