"""`crm-bot` — run the bot and look after its database."""

from __future__ import annotations

import logging
import logging.handlers
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from sqlalchemy.engine import Engine, make_url

from bot.wiring.logs import install_redaction, redact
from bot.wiring.settings import Settings, SettingsError, describe_settings, load_settings
from bot.wiring.startup import (
    APP_TOKEN,
    BOT_TOKEN,
    NO_SLACK_SETTINGS,
    Mode,
    StartUpError,
    check_slack_settings,
    database_failure,
    has_slack_settings,
    slack_failure,
)

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.wiring.keys import KeySource
    from scheduler.runner import CrmScheduler
    from storage.database import SchemaChange

cli = typer.Typer(help="crmbot: a Slack-native CRM.", no_args_is_help=True, add_completion=False)
db_cli = typer.Typer(help="Database schema commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
config_cli = typer.Typer(help="Settings commands.", no_args_is_help=True)
cli.add_typer(config_cli, name="config")
keys_cli = typer.Typer(help="Keys that encrypt contact data.", no_args_is_help=True)
cli.add_typer(keys_cli, name="keys")
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


def _slack_settings(mode: Mode | None) -> Settings:
    """The settings, for a command that talks to Slack in `mode` (None: Web API only)."""
    settings = _settings()
    try:
        check_slack_settings(settings, mode=mode)
    except StartUpError as exc:
        _fail(str(exc), EXIT_BAD_SETTINGS)
    return settings


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
    return _upgrade_database(settings)[0]


def _use_keys(settings: Settings, *, create: bool = True) -> KeySource:
    """Configure the contact-data keys, or stop with one line saying what is missing."""
    from bot.wiring.keys import configure_keys

    try:
        return configure_keys(settings, create=create)
    except StartUpError as exc:
        _fail(str(exc), EXIT_BAD_SETTINGS)


def _upgrade_database(settings: Settings) -> tuple[Engine, SchemaChange]:
    _use_keys(settings)
    return _upgrade_database_with_keys(settings)


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
    settings = _slack_settings("http" if http else "socket")
    _configure_logging(log_level)
    with _held_logs():
        engine, app = _start(settings)
        socket_mode = None if http else _connect_socket_mode(app, settings)
    signal.signal(signal.SIGTERM, _stop)
    from bot.customers.resolution import warm_up_names

    threading.Thread(target=warm_up_names, args=(engine,), name="warm-names", daemon=True).start()
    scheduler = None if no_scheduler else _start_scheduler(settings, engine)
    try:
        if socket_mode is None:
            _serve_http(app, engine, settings, host=host, port=port)
        else:
            _serve_socket_mode(socket_mode)
    finally:
        if scheduler is not None:
            scheduler.shutdown()


@cli.command()
def start(
    http: Annotated[
        bool, typer.Option("--http", help="Serve HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port.", min=0, max=65535)] = 3000,
) -> None:
    """What `make run` runs: with Slack settings, `db upgrade` then `serve`; with none of
    SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_SIGNING_SECRET, the sandbox with demo data."""
    settings = _settings()
    if not has_slack_settings(settings):
        typer.echo(f"crm-bot: {NO_SLACK_SETTINGS}", err=True)
        from bot.sandbox.command import run_sandbox

        raise typer.Exit(run_sandbox(demo=True))
    _slack_settings("http" if http else "socket")  # before the database is touched
    db_upgrade()
    serve(http=http, port=port)


def _start(settings: Settings) -> tuple[Engine, App]:
    from bot.dates.parse import warm_up
    from bot.wiring.app import create_app

    engine = _ready_database(settings)
    warm_up()
    try:
        app = create_app(settings, engine)
    except Exception as exc:  # token refused, Slack (or SLACK_API_URL) unreachable, …
        _fail(str(slack_failure(exc, settings, BOT_TOKEN)), EXIT_BAD_SETTINGS)
    return engine, app


def _connect_socket_mode(app: App, settings: Settings) -> SocketModeHandler:
    from bot.slack.client import failing_fast
    from bot.wiring.socket_mode import socket_mode_handler

    assert settings.slack_app_token is not None
    handler = socket_mode_handler(app, settings.slack_app_token.get_secret_value())
    try:
        with failing_fast(app.client):
            handler.connect()  # type: ignore[no-untyped-call]
    except Exception as exc:  # SLACK_APP_TOKEN refused, the WebSocket unreachable, …
        _fail(str(slack_failure(exc, settings, APP_TOKEN)), EXIT_BAD_SETTINGS)
    logger.info("crmbot connected to Slack in Socket Mode")
    return handler


def _start_scheduler(settings: Settings, engine: Engine) -> CrmScheduler:
    from scheduler.jobs import job_context
    from scheduler.runner import CrmScheduler

    scheduler = CrmScheduler(job_context(settings, engine))
    scheduler.start()
    return scheduler


def _serve_http(app: App, engine: Engine, settings: Settings, *, host: str, port: int) -> None:
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


def _serve_socket_mode(handler: SocketModeHandler) -> None:
    try:
        threading.Event().wait()
    except (KeyboardInterrupt, SystemExit):
        logger.info("crmbot stopping")
    finally:
        handler.close()  # type: ignore[no-untyped-call]


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@cli.command("scheduler")
def scheduler_only(
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Run only the scheduled jobs (no Slack listener)."""
    settings = _slack_settings(None)
    _configure_logging(log_level)
    from bot.dates.parse import warm_up

    with _held_logs():
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
    job: Annotated[str, typer.Argument(help="nudges, digest, reclassify, backup or reminders")],
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
    settings = _slack_settings(None)
    _configure_logging(log_level)
    with _held_logs():
        engine = _ready_database(settings)
    report = run_job(job, job_context(settings, engine), moment)
    for line in report.backup:
        typer.echo(line)
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


@cli.command("backup")
def backup(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR", help="Where to write it (default: backups/ beside the database)."
        ),
    ] = None,
) -> None:
    """Back up the SQLite database while the bot runs, then prune old backups (7 daily, 4
    weekly). For PostgreSQL, use pg_dump (see README)."""
    from bot.backups.runner import BackupFailed, UsePgDump, take_backup

    settings = _settings()
    try:
        taken = take_backup(
            database_url=settings.database_url, now=datetime.now(UTC), folder=folder
        )
    except BackupFailed as failed:
        _fail(str(failed), 1)
    if isinstance(taken, UsePgDump):
        _fail(taken.message, EXIT_BAD_SETTINGS)
    for line in taken.lines():
        typer.echo(line)


@cli.command("restore")
def restore(
    backup_file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A backup made by crm-bot backup.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Don't ask for confirmation.")] = False,
) -> None:
    """Restore a backup into the configured SQLite database, which must be empty, then
    upgrade its schema."""
    from bot.backups.restore import RestoreRefused, plan_restore
    from bot.backups.restore import restore as restore_backup

    settings = _settings()
    _use_keys(settings, create=False)  # a new key could not open the backup's contact data
    try:
        plan = plan_restore(database_url=settings.database_url, backup=backup_file)
    except RestoreRefused as refused:
        _fail(str(refused), EXIT_BAD_SETTINGS)
    if not yes:
        typer.confirm(
            f"Restore {plan.backup} ({plan.contents.customers:,} customers, schema version "
            f"{plan.contents.schema_version}) into {plan.target}?",
            abort=True,
        )
    try:
        change = restore_backup(plan, database_url=settings.database_url)
    except RestoreRefused as refused:
        _fail(str(refused), EXIT_BAD_SETTINGS)
    typer.echo(f"restored {plan.backup} into {plan.target}")
    if change.before != change.after:
        typer.echo(f"database upgraded from schema version {change.before} to {change.after}")
    else:
        typer.echo(f"database is up to date (schema version {change.after})")


@config_cli.command("show")
def config_show() -> None:
    """Print the settings in effect (from the environment and .env), secrets hidden."""
    settings = _settings()
    for line in describe_settings(settings):
        typer.echo(line)


@keys_cli.command("new")
def keys_new() -> None:
    """Print a new Fernet key for CRM_ENCRYPTION_KEY (put it first to rotate to it)."""
    from storage.crypto import new_key

    typer.echo(new_key())


@keys_cli.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt all contact data under the newest key. With CRM_ENCRYPTION_KEY, that is its
    first key (then drop the others from the setting); with the SQLite key file, a new key is
    made, everything is re-encrypted under it and the file keeps only it."""
    from bot.wiring.keys import write_key_file
    from storage.crypto import KeyRing, new_key, use_key_ring
    from storage.rekey import reseal_everything

    settings = _settings()
    source = _use_keys(settings)
    if source.file is not None:
        keys = [new_key(), *source.keys]
        write_key_file(source.file, keys)  # the new key first, old ones still open old rows
        use_key_ring(KeyRing(keys))
    engine, _change = _upgrade_database_with_keys(settings)
    counts = reseal_everything(engine)
    engine.dispose()
    typer.echo(
        f"re-encrypted {counts.customers:,} customers, {counts.contacts:,} contacts and "
        f"{counts.audit_events:,} audit events under the newest key"
    )
    if source.file is not None:
        write_key_file(source.file, keys[:1])
        typer.echo(f"{source.file} now holds only the new key: back it up again")
    elif len(source.keys) > 1:
        typer.echo("the older keys are no longer needed: remove them from CRM_ENCRYPTION_KEY")


def _upgrade_database_with_keys(settings: Settings) -> tuple[Engine, SchemaChange]:
    """As `_upgrade_database`, with the key ring already configured."""
    from storage.database import make_engine, upgrade_database

    try:
        engine = make_engine(settings.database_url)
        change = upgrade_database(engine)
    except Exception as exc:
        _fail(str(database_failure(exc, settings.database_url)), EXIT_BAD_SETTINGS)
    return engine, change


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the latest version."""
    settings = _settings()
    engine, change = _upgrade_database(settings)
    engine.dispose()
    if change.before is None:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        typer.echo(f"database created at {where} (schema version {change.after})")
    elif change.before != change.after:
        typer.echo(f"database upgraded from schema version {change.before} to {change.after}")
    else:
        typer.echo(f"database is up to date (schema version {change.after})")


@cli.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file of customers.")],
    team: Annotated[
        str | None, typer.Option("--team", help="Slack team ID (default: the only one).")
    ] = None,
    mode: Annotated[str, typer.Option("--mode", help="create, upsert or update.")] = "upsert",
    match: Annotated[
        str, typer.Option("--match", help="Match rows to customers by code, name, phone or email.")
    ] = "name",
    owner: Annotated[
        str | None, typer.Option("--owner", help="Slack user ID for rows without an owner.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; change nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Import nothing if any row is bad.")
    ] = False,
) -> None:
    """Import customers from CSV (UTF-8 or GBK) or XLSX, headers in English or Chinese."""
    from bot.access.permissions import SYSTEM_ACTOR
    from bot.dataio.importer import (
        ImportOptions,
        ImportRefused,
        MatchKey,
        Mode,
        import_customers,
    )
    from bot.dataio.reader import UnreadableFile
    from bot.dataio.summary import import_summary
    from bot.preferences.team import team_preferences

    if mode not in {m.value for m in Mode}:
        _fail(f"--mode must be create, upsert or update, not {mode!r}", EXIT_BAD_SETTINGS)
    if match not in {m.value for m in MatchKey}:
        _fail(f"--match must be code, name, phone or email, not {match!r}", EXIT_BAD_SETTINGS)
    if not file.is_file():
        _fail(f"{file}: no such file", EXIT_BAD_SETTINGS)
    settings = _settings()
    engine = _ready_database(settings)
    team_id = _data_team(engine, team)
    options = ImportOptions(
        team=team_preferences(engine=engine, settings=settings, team_id=team_id),
        actor_id=SYSTEM_ACTOR,
        mode=Mode(mode),
        match=MatchKey(match),
        owner=owner,
        dry_run=dry_run,
        strict=strict,
    )
    try:
        with _progress("importing") as (on_start, on_rows):
            report = import_customers(
                engine=engine,
                path=file,
                options=options,
                now=datetime.now(UTC),
                on_rows=on_rows,
                on_start=on_start,
            )
    except (ImportRefused, UnreadableFile) as exc:
        _fail(str(exc), EXIT_BAD_SETTINGS)
    for line in import_summary(report, team_id=team_id, list_all=dry_run):
        typer.echo(line)
    if report.problems and strict:
        raise typer.Exit(1)


@cli.command("export")
def export_file(
    file: Annotated[Path, typer.Argument(help="Where to write: FILE.csv or FILE.xlsx.")],
    team: Annotated[
        str | None, typer.Option("--team", help="Slack team ID (default: the only one).")
    ] = None,
    tier: Annotated[
        list[str] | None, typer.Option("--tier", help="Only this tier (repeatable).")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only this status (repeatable).")
    ] = None,
    language: Annotated[str, typer.Option("--language", help="Headers in en or zh.")] = "en",
    archived: Annotated[
        bool, typer.Option("--archived", help="Archived customers too (left out by default).")
    ] = False,
) -> None:
    """Export customers with the import's columns, so the file imports back unchanged."""
    from bot.catalog.language import Language
    from bot.dataio.exporter import ExportOptions, export_customers
    from bot.preferences.team import team_preferences

    if file.suffix.lower() not in (".csv", ".xlsx"):
        _fail(f"{file}: export to a .csv or .xlsx file", EXIT_BAD_SETTINGS)
    if language not in ("en", "zh"):
        _fail(f"--language must be en or zh, not {language!r}", EXIT_BAD_SETTINGS)
    settings = _settings()
    engine = _ready_database(settings)
    team_id = _data_team(engine, team)
    preferences = team_preferences(engine=engine, settings=settings, team_id=team_id)
    options = ExportOptions(
        team_id=team_id,
        zone=preferences.zone,
        language=Language(language),
        tiers=tuple(tier or ()),
        statuses=tuple(status or ()),
        archived=archived,
    )
    with _progress("exporting") as (_on_start, on_rows):
        count = export_customers(engine=engine, path=file, options=options, on_rows=on_rows)
    typer.echo(f"exported {count:,} customers of team {team_id} to {file}")


def _data_team(engine: Engine, team: str | None) -> str:
    from bot.dataio.importer import default_team

    chosen = team or default_team(engine)
    if chosen is None:
        _fail("the database holds several teams: choose one with --team", EXIT_BAD_SETTINGS)
    return chosen


@contextmanager
def _progress(
    what: str,
) -> Iterator[tuple[Callable[[int | None], None], Callable[[int], None]]]:
    """A progress bar on a terminal; nothing when the output goes to a file or pipe."""
    if not sys.stdout.isatty():
        yield (lambda _total: None), (lambda _rows: None)
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(what, total=None)

        def on_start(total: int | None) -> None:
            progress.update(task, total=total)

        def on_rows(rows: int) -> None:
            progress.advance(task, rows)

        yield on_start, on_rows


def main() -> None:
    cli()


def _secret(settings: Settings) -> str:
    secret = settings.slack_signing_secret
    return secret.get_secret_value() if secret else ""


def _sandbox_command() -> None:
    from bot.sandbox.command import sandbox

    cli.command("sandbox")(sandbox)


_sandbox_command()
