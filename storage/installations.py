"""Workspaces that installed the app (OAuth mode): slack_sdk's SQLAlchemy installation and
OAuth-state stores, on the app's own database.

Their tables are slack_sdk's own definitions, on a MetaData of their own (`SLACK_METADATA`);
migration 0011 creates them, and the schema test compares them as it compares the models.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, desc, select
from sqlalchemy.engine import Engine

INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name
STATE_EXPIRATION_SECONDS = 600
"""How long an install link's state is good for (Bolt's default)."""


def slack_metadata() -> MetaData:
    """The three tables exactly as slack_sdk's stores define them."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES_TABLE)
    return metadata


SLACK_METADATA = slack_metadata()


def installation_store(engine: Engine, *, client_id: str) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)


def oauth_state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine)


def bot_token_of_team(store: SQLAlchemyInstallationStore, *, team_id: str) -> str | None:
    """The bot token `team_id` installed the app with most recently, whether or not the
    workspace belongs to an Enterprise Grid org (work outside a request knows only the team)."""
    bots = store.bots.c
    query = (
        select(bots.bot_token)
        .where(
            bots.client_id == store.client_id,
            bots.team_id == team_id,
            bots.bot_token.is_not(None),
        )
        .order_by(desc(bots.installed_at))
        .limit(1)
    )
    with store.engine.connect() as connection:
        token = connection.execute(query).scalar()
    return str(token) if token else None


def forget_team(
    store: SQLAlchemyInstallationStore, *, team_id: str, enterprise_id: str | None
) -> None:
    """The workspace uninstalled the app (or revoked its bot token): its installations and bot
    tokens go."""
    store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    if enterprise_id is not None:  # rows saved without the org, if any
        store.delete_all(enterprise_id=None, team_id=team_id)


def forget_users(
    store: SQLAlchemyInstallationStore,
    *,
    team_id: str,
    enterprise_id: str | None,
    user_ids: list[str],
) -> None:
    """Those people's user tokens were revoked (the app asks for none, but an install may
    have recorded who installed it)."""
    for user_id in user_ids:
        store.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
