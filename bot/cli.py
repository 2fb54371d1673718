"""`crm-bot` — run the bot and look after its database."""

from __future__ import annotations

import logging
import signal
import sys
from types import FrameType
from typing import Annotated, NoReturn

import typer
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.settings import Settings, SettingsError, load_settings

cli = typer.Typer(help="crmbot: a Slack-native CRM.", no_args_is_help=True, add_completion=False)
db_cli = typer.Typer(help="Database schema commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
logger = logging.getLogger("crmbot")

EXIT_BAD_SETTINGS = 2
EXIT_FAILED = 1


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"crm-bot: {message}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc), EXIT_BAD_SETTINGS)


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Slack's SDK logs request and response bodies at DEBUG: those hold customers' details.
    for noisy in ("slack_sdk", "slack_bolt", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def _ready_database(settings: Settings) -> Engine:
    from storage.database import make_engine, upgrade_database

    engine = make_engine(settings.database_url)
    try:
        upgrade_database(engine)
    except OperationalError as exc:
        _fail(f"cannot reach the database in DATABASE_URL ({exc.orig})", EXIT_FAILED)
    return engine


@cli.command()
def serve(
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port.", min=0, max=65535)] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to listen on.")] = "0.0.0.0",
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run the bot: Socket Mode when SLACK_APP_TOKEN is set, or HTTP with --http."""
    settings = _settings()
    if settings.slack_bot_token is None:
        _fail("SLACK_BOT_TOKEN is not set (see .env.example)", EXIT_BAD_SETTINGS)
    if http and settings.slack_signing_secret is None:
        _fail(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify Slack", EXIT_BAD_SETTINGS
        )
    if not http and settings.slack_app_token is None:
        _fail(
            "SLACK_APP_TOKEN is not set; Socket Mode needs it (or run with --http)",
            EXIT_BAD_SETTINGS,
        )
    _configure_logging(log_level)
    from bot.app import create_app
    from bot.dates import warm_up

    engine = _ready_database(settings)
    warm_up()
    try:
        app = create_app(settings, engine)
    except SlackApiError as exc:
        _fail(
            f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error')})", EXIT_BAD_SETTINGS
        )
    signal.signal(signal.SIGTERM, _stop)
    if http:
        from bot.web import make_server, make_wsgi_app

        server = make_server(make_wsgi_app(app, engine), host=host, port=port)
        logger.info("crmbot listening on http://%s:%s/slack/events", host, server.effective_port)
        try:
            server.run()
        except (KeyboardInterrupt, SystemExit):
            logger.info("crmbot stopping")
        finally:
            server.close()
        return
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    logger.info("crmbot connecting to Slack in Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the latest version."""
    settings = _settings()
    _ready_database(settings)
    typer.echo("database is up to date")


def main() -> None:
    cli()
