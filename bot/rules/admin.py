"""Team-level actions behind `/crm`: the rules (show, preview, apply, history, restore) and
roles (list, grant). Each public function is one user action in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.access.permissions import Actor, require_admin
from bot.rules.book import (
    RulesChangedMeanwhile,
    RulesInForce,
    apply_rules,
    preview_rules,
    rules_in_force,
)
from bot.rules.model import RulePreview, Rules, default_rules
from storage import rules as store
from storage.database import unit_of_work
from storage.models import RuleSet


def require_rules_editor(actor: Actor) -> None:
    """NotAllowed unless the person may change the rules."""
    require_admin(actor, "change the rules")


def current_rules(*, engine: Engine, team_id: str) -> RulesInForce:
    with unit_of_work(engine) as session:
        return rules_in_force(session=session, team_id=team_id)


def preview(
    *, engine: Engine, actor: Actor, candidate: Rules, restored_from: int | None = None
) -> RulePreview | dict[str, str]:
    with unit_of_work(engine) as session:
        return preview_rules(
            session=session, actor=actor, candidate=candidate, restored_from=restored_from
        )


@dataclass(frozen=True)
class Applied:
    version: int
    moved: int
    summary: str


def apply(
    *,
    engine: Engine,
    actor: Actor,
    rules: dict[str, Any],
    base_version: int,
    restored_from: int | None,
    now: datetime,
) -> Applied:
    """RulesChangedMeanwhile if another version landed since the preview."""
    candidate = Rules.model_validate(rules)
    try:
        with unit_of_work(engine) as session:
            version, moved = apply_rules(
                session=session,
                actor=actor,
                candidate=candidate,
                base_version=base_version,
                now=now,
                restored_from=restored_from,
            )
            stored = store.get_rule_set(session=session, team_id=actor.team_id, version=version)
            summary = stored.summary if stored else ""
    except IntegrityError:
        raise RulesChangedMeanwhile() from None
    return Applied(version, moved, summary)


def history(*, engine: Engine, team_id: str) -> tuple[list[RuleSet], int]:
    with unit_of_work(engine) as session:
        versions = store.list_rule_sets(session=session, team_id=team_id, limit=40)
        return versions, versions[0].version if versions else 0


def restore_preview(*, engine: Engine, actor: Actor, version: int) -> RulePreview | None:
    """Preview going back to `version` (0 = the defaults); None if there is no such version."""
    with unit_of_work(engine) as session:
        require_admin(actor, "restore earlier rules")
        if version == 0:
            candidate = default_rules()
        else:
            stored = store.get_rule_set(session=session, team_id=actor.team_id, version=version)
            if stored is None:
                return None
            candidate = Rules.model_validate(stored.rules)
        result = preview_rules(
            session=session, actor=actor, candidate=candidate, restored_from=version
        )
        assert isinstance(result, RulePreview), "stored rules were valid when applied"
        return result
