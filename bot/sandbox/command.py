"""`crm-bot sandbox`: the terminal loop around a `Sandbox`, typed or from a script."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Engine

    from bot.sandbox.session import Sandbox

DEFAULT_DATABASE = Path("data/sandbox.db")
LOG_NAME = "sandbox.log"


def sandbox(
    demo: Annotated[
        bool, typer.Option("--demo/--empty", help="Start a new sandbox with demo data, or empty.")
    ] = True,
    script: Annotated[
        Path | None,
        typer.Option("--script", help="Run the lines of this file and print the transcript."),
    ] = None,
    database: Annotated[
        Path, typer.Option("--database", help="The sandbox's own SQLite file.")
    ] = DEFAULT_DATABASE,
    reset: Annotated[bool, typer.Option("--reset", help="Start again from nothing.")] = False,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Start the sandbox clock here (ISO 8601 with a zone)."),
    ] = None,
) -> None:
    """Try the bot without Slack: type slash commands, click numbered buttons, fill in forms.

    The real app (same handlers, storage and scheduler) answers over signed HTTP, against a
    stand-in Slack. `make run` opens this when no Slack settings are set."""
    start = None
    if now is not None:
        try:
            start = datetime.fromisoformat(now)
        except ValueError:
            start = None
        if start is None or start.tzinfo is None:
            typer.echo(f"crm-bot: --now {now!r} needs an ISO 8601 time with a zone", err=True)
            raise typer.Exit(2)
    code = run_sandbox(demo=demo, script=script, database=database, reset=reset, now=start)
    raise typer.Exit(code)


def run_sandbox(
    *,
    demo: bool = True,
    script: Path | None = None,
    database: Path | None = None,
    reset: bool = False,
    now: datetime | None = None,
) -> int:
    """Run the sandbox until :quit (or the script's end); returns the exit code."""
    from rich.markup import escape

    from bot.sandbox.session import Sandbox, sandbox_settings

    database = database or DEFAULT_DATABASE
    if script is not None and not script.is_file():
        print(f"crm-bot: no script file {script}", file=sys.stderr)
        return 2
    console = _console(scripted=script is not None)
    if script is None:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing and history for input())
    log_path = _log_to_file(database.parent)
    if reset:
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            path.unlink(missing_ok=True)
    sandbox = Sandbox(
        database=database,
        files=database.parent / "sandbox-files",
        settings_for=sandbox_settings,
        engine_for=_engine,
        seed=_seed_demo if demo else None,
        now=(now or datetime.now(UTC)).astimezone(UTC),
        say=lambda markup: console.print(markup, soft_wrap=True, highlight=False),
    )
    about = sandbox.start()
    try:
        console.print(
            f"[bold]crmbot sandbox[/bold]: the real app against a stand-in Slack. "
            f"{escape(about)}; app log in {log_path}.",
            soft_wrap=True,
        )
        console.print(
            f"You are {escape(sandbox.me.describe())}. :help lists what you can type.",
            soft_wrap=True,
        )
        lines = _script_lines(script) if script else None
        while not sandbox.ended:
            prompt = sandbox.prompt()
            if lines is None:
                try:
                    line = console.input(escape(prompt))
                except EOFError:  # Ctrl-D
                    break
                except KeyboardInterrupt:  # Ctrl-C: drop the line (and an open form)
                    console.print()
                    line = ":cancel" if sandbox.views or sandbox.choosing else ""
            else:
                try:
                    line = next(lines)
                except StopIteration:
                    break
                console.print(escape(prompt + line), soft_wrap=True, highlight=False)
            sandbox.feed(line)
    except KeyboardInterrupt:
        console.print()
    finally:
        sandbox.stop()
    return 0


def _console(*, scripted: bool) -> Console:
    from rich.console import Console

    if scripted:
        return Console(no_color=True, force_terminal=False, highlight=False, width=100)
    return Console(highlight=False)


def _script_lines(script: Path) -> Iterator[str]:
    """A script's lines; a line starting with `#` is a comment. In a form, an empty line
    answers the question (keeps the default), so empty lines are kept."""
    for raw in script.read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#"):
            continue
        yield raw.rstrip("\n")


def _log_to_file(folder: Path) -> Path:
    """The app logs to a file, so the conversation stays readable."""
    from bot.wiring.logs import install_redaction

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    install_redaction()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.StreamHandler) and not isinstance(
            handler, logging.FileHandler
        ):
            root.removeHandler(handler)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("slack_sdk", "slack_bolt", "urllib3", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path


def _engine(url: str) -> Engine:
    """The sandbox's database, with its contact-data key: CRM_ENCRYPTION_KEY when set, else
    the key file beside the sandbox database (made on first run)."""
    from bot.wiring.keys import configure_keys
    from bot.wiring.settings import Settings
    from storage.database import make_engine

    configure_keys(Settings(database_url=url))
    return make_engine(url)


def _seed_demo(sandbox: Sandbox) -> str:
    from bot.sandbox.demo import seed_demo
    from bot.sandbox.standin import TEAM_ID
    from bot.slack.client import make_web_client
    from bot.slack.people import PeopleDirectory

    harness = sandbox.harness
    people = PeopleDirectory(make_web_client(harness.settings), harness.settings.zone)
    report = seed_demo(
        engine=harness.engine,
        settings=harness.settings,
        people=people,
        team_id=TEAM_ID,
        now=sandbox.clock.now,
    )
    return (
        f"demo data: {report.customers} customers, {report.followups} follow-ups, "
        f"{report.open_steps} open next steps ({report.overdue_steps} overdue)"
    )
