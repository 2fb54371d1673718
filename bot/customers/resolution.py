"""Which customer a piece of text names: codes, exact names and aliases, prefixes and typos.

Exact and prefix lookups are index lookups in the database. Typos are found in a per-process
`FuzzyNames` index of the team's name keys, kept coherent with the database: before each use it
reads the name rows added since it last looked (by row id, any process may have added them),
and a typo match is kept only if its name row still exists (renames replace rows).
"""

from __future__ import annotations

import logging
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.customers.fuzzy import FuzzyNames, Similar
from bot.customers.matching import (
    CANDIDATE,
    PREFIX_LIMIT,
    NameMatch,
    Outcome,
    match_leading_name,
)
from bot.customers.name_parts import KeyKind
from bot.customers.names import has_cjk
from storage import customers as store
from storage import names as name_store
from storage.database import unit_of_work
from storage.models import Customer

logger = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"^[A-Za-z]{1,4}\d{11,}$")
"""A customer code: the team's prefix (`C` unless `/crm settings` says otherwise), the day
and a sequence."""
_SYNC_BATCH = 20_000
_SPELLED_KINDS = (KeyKind.NAME.value, KeyKind.ALIAS.value)
"""Typos are looked for in whole names and aliases (not in their parts)."""
_RECHECK = 64
"""Name rows just below the newest one seen are read again: a transaction that took an id
earlier may commit after a later one, and its row must not be skipped."""


@dataclass(frozen=True)
class Resolution:
    """Which customer a piece of text names. `rest_for` gives, per candidate, the text after
    the name (what happened)."""

    outcome: Outcome
    customers: list[Customer]
    cuts: dict[int, int]
    name_guess: str
    text: str

    @property
    def asks(self) -> bool:
        """Whether to offer the candidates instead of acting: several, or one to confirm."""
        return self.outcome in (Outcome.AMBIGUOUS, Outcome.CONFIRM) and bool(self.customers)

    def rest_for(self, customer_id: int) -> str:
        return self.text[self.cuts.get(customer_id, 0) :].strip(" \t,，:：;；-—")


def resolve_customer(
    *, session: Session, team_id: str, text: str, whole: bool = False
) -> Resolution:
    """Exact code, exact name or alias, then prefix and fuzzy matches on the leading phrase
    (or, with `whole`, on the entire text)."""
    text = text.strip()
    first = text.split(maxsplit=1)[0] if text else ""
    if CODE_PATTERN.match(first):
        customer = store.get_customer_by_code(session=session, team_id=team_id, code=first)
        if customer is None or customer.id is None:
            return Resolution(Outcome.NOT_FOUND, [], {}, first.upper(), text)
        return Resolution(Outcome.FOUND, [customer], {customer.id: len(first)}, first, text)
    found = match_leading_name(text, StoredNames(session, team_id), whole=whole)
    return _resolution(session=session, team_id=team_id, text=text, found=found)


def _resolution(*, session: Session, team_id: str, text: str, found: NameMatch) -> Resolution:
    ids = [m.customer_id for m in found.matches]
    customers = store.list_customers_by_ids(session=session, team_id=team_id, customer_ids=ids)
    offset = len(text) - len(text.lstrip())
    cuts = {m.customer_id: m.cut + offset for m in found.matches}
    return Resolution(found.outcome, customers, cuts, found.name_guess, text)


class StoredNames:
    """The team's names as `match_leading_name` asks for them, from the database."""

    def __init__(self, session: Session, team_id: str) -> None:
        self._session = session
        self._team_id = team_id
        self._fuzzy: TeamNames | None = None
        self._alive: dict[int, bool] = {}

    def exact(self, keys: Sequence[str]) -> dict[str, dict[int, str]]:
        found: dict[str, dict[int, str]] = {}
        rows = name_store.find_exact_names(
            session=self._session, team_id=self._team_id, keys=list(keys)
        )
        for key, customer_id, kind in rows:
            found.setdefault(key, {})[customer_id] = kind
        return found

    def starting_with(self, prefixes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        return name_store.find_names_starting_with(
            session=self._session,
            team_id=self._team_id,
            prefixes=[(p, not has_cjk(p[-1])) for p in prefixes],
            limit=PREFIX_LIMIT,
        )

    def similar(self, key: str, cutoff: float = CANDIDATE) -> dict[int, float]:
        if self._fuzzy is None:
            self._fuzzy = team_names(self._session, self._team_id)
            self._fuzzy.catch_up(self._session)
        found = self._fuzzy.similar(key, cutoff)
        self._check_alive({match.row_id for match in found})
        scores: dict[int, float] = {}
        for match in found:
            if self._alive.get(match.row_id):
                scores[match.customer_id] = max(scores.get(match.customer_id, 0.0), match.score)
        return scores

    def _check_alive(self, rows: set[int]) -> None:
        """Whether typo matches' name rows still exist (a rename replaces them), asked once
        per row per lookup."""
        unknown = sorted(rows - self._alive.keys())
        if not unknown or self._fuzzy is None:
            return
        alive = name_store.existing_name_ids(
            session=self._session, team_id=self._team_id, row_ids=unknown
        )
        for row in unknown:
            self._alive[row] = row in alive
        self._fuzzy.forget_rows(set(unknown) - alive)


@dataclass
class TeamNames:
    """One team's name keys in this process, for typo matching. The lock guards the index
    only; the database is read outside it."""

    team_id: str
    index: FuzzyNames = field(default_factory=FuzzyNames)
    newest_row: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def catch_up(self, session: Session) -> None:
        """Read name rows added (by any process) since the last look."""
        after = max(self.newest_row - _RECHECK, 0)
        while True:
            rows = name_store.list_name_keys_after(
                session=session,
                team_id=self.team_id,
                after_id=after,
                kinds=_SPELLED_KINDS,
                limit=_SYNC_BATCH,
            )
            with self.lock:
                for row_id, customer_id, key in rows:
                    if not self.index.knows_row(row_id):
                        self.index.add(key, customer_id, row_id)
                if rows:
                    self.newest_row = max(self.newest_row, rows[-1][0])
            if len(rows) < _SYNC_BATCH:
                return
            after = rows[-1][0]

    def similar(self, key: str, cutoff: float) -> list[Similar]:
        with self.lock:
            return self.index.similar(key, cutoff=cutoff)

    def forget_rows(self, rows: set[int]) -> None:
        with self.lock:
            self.index.forget_rows(rows)


_TEAMS: weakref.WeakKeyDictionary[Any, dict[str, TeamNames]] = weakref.WeakKeyDictionary()
_TEAMS_LOCK = threading.Lock()


def team_names(session: Session, team_id: str) -> TeamNames:
    """This process's typo index for the team on the session's database."""
    engine = session.get_bind()
    with _TEAMS_LOCK:
        teams = _TEAMS.setdefault(engine, {})
        names = teams.get(team_id)
        if names is None:
            names = teams[team_id] = TeamNames(team_id)
    return names


def warm_up_names(engine: Engine) -> None:
    """Load every team's name keys now, so the first typo after a start is not the slow one.
    Run in the background at start-up; a failure only means the first lookup does it."""
    try:
        with unit_of_work(engine) as session:
            for team_id in name_store.list_teams_with_names(session=session):
                team_names(session, team_id).catch_up(session)
    except Exception:
        logger.exception("could not load customer names ahead of time")
