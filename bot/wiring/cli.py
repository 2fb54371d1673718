"""`crm-bot` — run the bot and look after its database."""

from __future__ import annotations

import logging
import logging.handlers
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.wiring.logs import install_redaction, redact
from bot.wiring.settings import Settings, SettingsError, describe_settings, load_settings

if TYPE_CHECKING:
    from slack_bolt import App

    from scheduler.runner import CrmScheduler

cli = typer.Typer(help="crmbot: a Slack-native CRM.", no_args_is_help=True, add_completion=False)
db_cli = typer.Typer(help="Database schema commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
config_cli = typer.Typer(help="Settings commands.", no_args_is_help=True)
cli.add_typer(config_cli, name="config")
logger = logging.getLogger("crmbot")

EXIT_BAD_SETTINGS = 2


def _fail(message: str, code: int) -> NoReturn:
    first_line = redact(message.strip().splitlines()[0] if message.strip() else message)
    typer.echo(f"crm-bot: {first_line}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc), EXIT_BAD_SETTINGS)


class _StartUpLogs(logging.handlers.MemoryHandler):
    """Holds what is logged while the bot starts: passed on once it is up, dropped when the
    start fails, so a failed start says one line."""

    def __init__(self) -> None:
        super().__init__(capacity=100_000, flushLevel=logging.CRITICAL + 1)

    def shouldFlush(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _held_logs() -> Iterator[None]:
    root = logging.getLogger()
    held, handlers = _StartUpLogs(), list(root.handlers)
    for handler in handlers:
        root.removeHandler(handler)
    root.addHandler(held)
    try:
        yield
    except BaseException:
        held.buffer.clear()
        raise
    finally:
        root.removeHandler(held)
        for handler in handlers:
            root.addHandler(handler)
    for record in held.buffer:
        root.handle(record)


def _configure_logging(level: str) -> None:
    install_redaction()
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

    try:
        engine = make_engine(settings.database_url)
        upgrade_database(engine)
    except OperationalError as exc:
        _fail(f"cannot reach the database in DATABASE_URL ({exc.orig})", EXIT_BAD_SETTINGS)
    except OSError as exc:  # e.g. a SQLite file in a folder that cannot be made
        _fail(f"cannot use the database in DATABASE_URL ({exc.strerror or exc})", EXIT_BAD_SETTINGS)
    except Exception as exc:  # a URL for no known database, a schema it cannot take, …
        _fail(f"cannot use the database in DATABASE_URL ({exc})", EXIT_BAD_SETTINGS)
    return engine


@cli.command()
def serve(
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port.", min=0, max=65535)] = 3000,
    host: Annotated[str, typer.Option(help="HTTP address to listen on.")] = "0.0.0.0",
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    no_scheduler: Annotated[
        bool, typer.Option("--no-scheduler", help="Don't run scheduled jobs in this process.")
    ] = False,
) -> None:
    """Run the bot: Socket Mode when SLACK_APP_TOKEN is set, or HTTP with --http.

    Scheduled jobs (nudges, digests, reclassification) run in-process too, unless
    --no-scheduler; with several processes on one database only one of them acts."""
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
    with _held_logs():
        engine, app = _start(settings)
    signal.signal(signal.SIGTERM, _stop)
    from bot.customers.resolution import warm_up_names

    threading.Thread(target=warm_up_names, args=(engine,), name="warm-names", daemon=True).start()
    scheduler = None if no_scheduler else _start_scheduler(settings, engine)
    try:
        _serve(app, engine, settings, http=http, host=host, port=port)
    finally:
        if scheduler is not None:
            scheduler.shutdown()


def _start(settings: Settings) -> tuple[Engine, App]:
    from bot.dates.parse import warm_up
    from bot.wiring.app import create_app

    engine = _ready_database(settings)
    warm_up()
    try:
        app = create_app(settings, engine)
    except SlackApiError as exc:
        _fail(
            f"SLACK_BOT_TOKEN was refused by Slack ({exc.response.get('error')})", EXIT_BAD_SETTINGS
        )
    except OSError as exc:  # no route, refused, DNS, TLS: Slack (or SLACK_API_URL) unreachable
        _fail(f"cannot reach Slack at {settings.slack_api_url} ({exc})", EXIT_BAD_SETTINGS)
    except Exception as exc:  # e.g. Bolt refusing the token's format
        _fail(f"the Slack app could not start ({exc})", EXIT_BAD_SETTINGS)
    return engine, app


def _start_scheduler(settings: Settings, engine: Engine) -> CrmScheduler:
    from scheduler.jobs import job_context
    from scheduler.runner import CrmScheduler

    scheduler = CrmScheduler(job_context(settings, engine))
    scheduler.start()
    return scheduler


def _serve(
    app: App, engine: Engine, settings: Settings, *, http: bool, host: str, port: int
) -> None:
    if http:
        from bot.wiring.web import make_server, make_wsgi_app

        server = make_server(
            make_wsgi_app(app, engine, signing_secret=_secret(settings)), host=host, port=port
        )
        logger.info("crmbot listening on http://%s:%s/slack/events", host, server.effective_port)
        try:
            server.run()
        except (KeyboardInterrupt, SystemExit):
            logger.info("crmbot stopping")
        finally:
            server.close()
        return
    from bot.wiring.socket_mode import socket_mode_handler

    assert settings.slack_app_token is not None
    logger.info("crmbot connecting to Slack in Socket Mode")
    socket_mode_handler(app, settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@cli.command("scheduler")
def scheduler_only(
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run only the scheduled jobs (no Slack listener)."""
    settings = _settings()
    if settings.slack_bot_token is None:
        _fail("SLACK_BOT_TOKEN is not set (see .env.example)", EXIT_BAD_SETTINGS)
    _configure_logging(log_level)
    from bot.dates.parse import warm_up

    engine = _ready_database(settings)
    warm_up()
    signal.signal(signal.SIGTERM, _stop)
    scheduler = _start_scheduler(settings, engine)
    logger.info("crmbot scheduler running; Ctrl-C to stop")
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        logger.info("crmbot scheduler stopping")
    finally:
        scheduler.shutdown()


@cli.command("run-job")
def run_job_once(
    job: Annotated[str, typer.Argument(help="nudges, digest or reclassify")],
    now: Annotated[
        str | None, typer.Option("--now", help="Run as if it were this time (ISO 8601).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "warning",
) -> None:
    """Run one scheduled job once, through the same code path as the scheduler."""
    from scheduler.jobs import JOBS, job_context, run_job

    if job not in JOBS:
        _fail(f"unknown job {job!r}; choose one of: {', '.join(JOBS)}", EXIT_BAD_SETTINGS)
    moment = _parse_now(now)
    settings = _settings()
    if settings.slack_bot_token is None:
        _fail("SLACK_BOT_TOKEN is not set (see .env.example)", EXIT_BAD_SETTINGS)
    _configure_logging(log_level)
    engine = _ready_database(settings)
    report = run_job(job, job_context(settings, engine), moment)
    delivered = report.delivered
    typer.echo(
        f"{job} at {moment.isoformat()}: planned {report.planned}, sent {delivered.sent}, "
        f"recovered {delivered.recovered}, retrying {delivered.retrying}, "
        f"failed {len(delivered.failed or [])}, teams reclassified {report.reclassified_teams}"
    )


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        _fail(f"--now {text!r} is not an ISO 8601 time such as 2026-11-23T09:00:00+08:00", 2)
    if moment.tzinfo is None:
        _fail("--now needs a time zone, e.g. 2026-11-23T09:00:00+08:00 or ...Z", 2)
    return moment.astimezone(UTC)


@cli.command("seed")
def seed(
    customers: Annotated[int, typer.Option("--customers", help="How many customers.", min=1)],
    followups_per: Annotated[
        float, typer.Option("--followups-per", help="Follow-ups per customer, on average.", min=0)
    ] = 2.0,
    team: Annotated[
        str, typer.Option("--team", help="Slack team ID the book belongs to.")
    ] = "T0TEAM001",
    owners: Annotated[
        str | None,
        typer.Option(
            "--owners", help="Owners' Slack user IDs, comma-separated (default: U0SEED0001…0010)."
        ),
    ] = None,
    seed_number: Annotated[
        int, typer.Option("--seed", help="The same seed gives the same book.")
    ] = 1,
) -> None:
    """Fill the database with a made-up book of customers, follow-ups and next steps."""
    from bot.seed.book import DEFAULT_OWNERS, BookOptions
    from bot.seed.load import seed_book

    settings = _settings()
    chosen = tuple(o.strip() for o in owners.split(",") if o.strip()) if owners else DEFAULT_OWNERS
    if not chosen:
        _fail("--owners needs at least one Slack user ID", EXIT_BAD_SETTINGS)
    engine = _ready_database(settings)
    options = BookOptions(
        team_id=team,
        customers=customers,
        followups_per=followups_per,
        owners=chosen,
        seed=seed_number,
        currency=settings.crm_currency,
        zone=settings.zone,
    )
    report = seed_book(engine=engine, options=options, now=datetime.now(UTC))
    typer.echo(report.summary(team))


@config_cli.command("show")
def config_show() -> None:
    """Print the settings in effect (from the environment and .env), secrets hidden."""
    settings = _settings()
    for line in describe_settings(settings):
        typer.echo(line)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the latest version."""
    settings = _settings()
    _ready_database(settings)
    typer.echo("database is up to date")


def main() -> None:
    cli()


def _secret(settings: Settings) -> str:
    secret = settings.slack_signing_secret
    return secret.get_secret_value() if secret else ""
