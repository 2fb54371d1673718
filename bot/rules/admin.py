"""Team-level actions behind `/crm`: the rules (show, preview, apply, history, restore) and
roles (list, grant). Each public function is one user action in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, require_admin
from bot.catalog.payloads import Unreadable
from bot.catalog.texts.reports import text as t
from bot.preferences.team import read_team_preferences
from bot.rules.book import (
    RulesChangedMeanwhile,
    RulesInForce,
    apply_rules,
    preview_rules,
    rules_in_force,
)
from bot.rules.changes import change_summary
from bot.rules.model import RulePreview, Rules, default_rules
from storage import rules as store
from storage.models import RuleSet


def require_rules_editor(actor: Actor) -> None:
    """NotAllowed unless the person may change the rules."""
    require_admin(actor, "rules")


@dataclass(frozen=True)
class RulesShown:
    in_force: RulesInForce
    editable: bool


def current_rules(*, engine: Engine, asker: Asker) -> RulesShown:
    """The rules in force, and whether this person may change them."""
    with acting(engine, asker) as (session, actor):
        in_force = rules_in_force(session=session, team_id=actor.team_id)
        return RulesShown(in_force, editable=actor.is_admin)


def preview(
    *, engine: Engine, asker: Asker, candidate: Rules, restored_from: int | None = None
) -> RulePreview | dict[str, str]:
    with acting(engine, asker) as (session, actor):
        return preview_rules(
            session=session,
            actor=actor,
            candidate=candidate,
            restored_from=restored_from,
            team=read_team_preferences(
                session=session, settings=asker.settings, team_id=actor.team_id
            ),
        )


@dataclass(frozen=True)
class Applied:
    version: int
    moved: int
    summary: str


def apply(
    *,
    engine: Engine,
    asker: Asker,
    rules: dict[str, Any],
    base_version: int,
    restored_from: int | None,
    now: datetime,
) -> Applied:
    """RulesChangedMeanwhile if another version landed since the preview; Unreadable if
    `rules` are not rules the preview showed."""
    try:
        candidate = Rules.model_validate(rules)
    except ValueError:  # pydantic's ValidationError: a preview this app did not write
        raise Unreadable("not the rules of a preview") from None
    try:
        with acting(engine, asker) as (session, actor):
            before = rules_in_force(session=session, team_id=actor.team_id).rules
            version, moved = apply_rules(
                session=session,
                actor=actor,
                candidate=candidate,
                base_version=base_version,
                now=now,
                restored_from=restored_from,
                team=read_team_preferences(
                    session=session, settings=asker.settings, team_id=actor.team_id
                ),
            )
    except IntegrityError:
        raise RulesChangedMeanwhile() from None
    # As the record says it, but in the language of the person who applied the rules.
    summary = change_summary(
        before, candidate, restored_from=restored_from, empty=t.RULES_NO_CHANGES
    )
    return Applied(version, moved, summary)


@dataclass(frozen=True)
class RulesHistory:
    versions: list[RuleSet]
    current: int
    can_restore: bool


def history(*, engine: Engine, asker: Asker) -> RulesHistory:
    with acting(engine, asker) as (session, actor):
        versions = store.list_rule_sets(session=session, team_id=actor.team_id, limit=40)
        return RulesHistory(versions, versions[0].version if versions else 0, actor.is_admin)


def restore_preview(*, engine: Engine, asker: Asker, version: int) -> RulePreview | None:
    """Preview going back to `version` (0 = the defaults); None if there is no such version."""
    with acting(engine, asker) as (session, actor):
        require_admin(actor, "restore_rules")
        if version == 0:
            candidate = default_rules()
        else:
            stored = store.get_rule_set(session=session, team_id=actor.team_id, version=version)
            if stored is None:
                return None
            candidate = Rules.model_validate(stored.rules)
        result = preview_rules(
            session=session,
            actor=actor,
            candidate=candidate,
            restored_from=version,
            team=read_team_preferences(
                session=session, settings=asker.settings, team_id=actor.team_id
            ),
        )
        assert isinstance(result, RulePreview), "stored rules were valid when applied"
        return result
