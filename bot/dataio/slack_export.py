"""`/crm export [xlsx|csv] [zh|en] [tier …] [status …]` (managers and admins): the same file as
`crm-bot export`, written to a temporary folder for the handler to upload to the person's DM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.access.permissions import NotAllowed
from bot.catalog.language import Language, current_language
from bot.catalog.texts.quality import text as t
from bot.catalog.tiers import chinese_tier_names
from bot.dataio.exporter import ExportOptions, export_customers
from bot.dataio.headers import choice_value
from bot.preferences.team import read_team_preferences
from bot.rules.book import rules_in_force
from storage.database import unit_of_work
from storage.models import CustomerStatus
from storage.records import record_audit

_STATUSES = frozenset(status.value for status in CustomerStatus)
_LANGUAGE_WORDS = {"en": Language.EN, "english": Language.EN, "英文": Language.EN}
_LANGUAGE_WORDS |= {"zh": Language.ZH, "chinese": Language.ZH, "中文": Language.ZH}
_ARCHIVED_WORDS = frozenset({"archived", "归档", "已归档"})


@dataclass(frozen=True)
class ExportAsked:
    extension: str
    """'xlsx' or 'csv'."""
    language: Language
    tiers: tuple[str, ...]
    statuses: tuple[str, ...]
    unknown: tuple[str, ...]
    """Words that are none of these: the person is told instead of getting a surprise file."""
    archived: bool = False
    """Archived customers too (`archived`, `归档`)."""


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    filename: str
    count: int


def read_export_words(
    words: list[str], *, tier_names: dict[str, str], language: Language
) -> ExportAsked:
    """`tier_names`: every way to write a tier (folded) -> its name."""
    extension, chosen, archived = "xlsx", language, False
    tiers: list[str] = []
    wanted: list[str] = []
    unknown: list[str] = []
    for word in words:
        folded = word.casefold()
        if folded in ("xlsx", "excel", "csv"):
            extension = "csv" if folded == "csv" else "xlsx"
        elif folded in _LANGUAGE_WORDS:
            chosen = _LANGUAGE_WORDS[folded]
        elif folded in _ARCHIVED_WORDS:
            archived = True
        elif folded in tier_names:
            tiers.append(tier_names[folded])
        elif choice_value("status", word) in _STATUSES:
            wanted.append(choice_value("status", word))
        else:
            unknown.append(word)
    return ExportAsked(
        extension, chosen, tuple(tiers), tuple(wanted), tuple(unknown), archived=archived
    )


def export_for_slack(
    *, engine: Engine, asker: Asker, words: list[str], folder: Path, now: datetime
) -> ExportedFile | ExportAsked:
    """The file, or what was asked when some words mean nothing (nothing is written then)."""
    with acting(engine, asker) as (session, actor):
        if not actor.sees_everything:
            raise NotAllowed(t.EXPORT_MANAGERS_ONLY)
        tiers = rules_in_force(session=session, team_id=actor.team_id).rules.tiers
        team = read_team_preferences(
            session=session, settings=asker.settings, team_id=actor.team_id
        )
    names = {tier.name.casefold(): tier.name for tier in tiers}
    names |= {alias.casefold(): name for alias, name in chinese_tier_names(tiers).items()}
    asked = read_export_words(words, tier_names=names, language=current_language())
    if asked.unknown:
        return asked
    filename = f"crmbot-customers-{now:%Y%m%d-%H%M}.{asked.extension}"
    path = folder / filename
    options = ExportOptions(
        team_id=actor.team_id,
        zone=team.zone,
        language=asked.language,
        tiers=asked.tiers,
        statuses=asked.statuses,
        archived=asked.archived,
    )
    count = export_customers(engine=engine, path=path, options=options)
    with unit_of_work(engine) as session:
        record_audit(
            session=session,
            team_id=actor.team_id,
            actor_id=actor.user_id,
            action="customers.exported",
            entity_type="team",
            entity_id=0,
            at=now,
            after={
                "count": count,
                "format": asked.extension,
                "tiers": list(asked.tiers),
                "statuses": list(asked.statuses),
                "archived": asked.archived,
            },
        )
    return ExportedFile(path, filename, count)
