"""Killing `crm-bot` with SIGKILL at chosen moments, and starting it again: the pieces of the
kill sweeps (`tests/e2e/test_kill_sweeps.py`).

A moment is chosen from outside (a delay, a call the stand-in Slack holds, a row appearing in
the database) or, to the instruction, from inside: `DieAt` starts `crm-bot` through this module,
which makes the process SIGKILL itself when the app calls a given function for the n-th time.

A process's output goes to a file rather than a pipe, so nobody has to keep reading it for the
process to go on, and what it said is still there to show when a check fails."""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.sandbox.standin import Call, StandInSlack
from tests.support.processes import CRM_BOT, bot_env

START_WITHIN = 60.0
"""Seconds a process may take to start listening (imports are slow on a busy machine)."""
_LISTENING = re.compile(r"listening on (http://[\d.]+:\d+)/slack/events")
_PROJECT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class DieAt:
    """The process SIGKILLs itself when `module.function` is called for the `nth` time with
    keyword arguments equal to `given` (compared as text), before the call does anything.
    `function` may name a method ("Courier._send"). Callers must look the function up when they
    call it (`store.claim_outbound(...)`, `self._send(...)`), as the app's code does."""

    module: str
    function: str
    nth: int = 1
    given: dict[str, str] = field(default_factory=dict)
    linger: float = 0.0
    """Seconds to wait at the kill point before dying, holding what the call's caller holds
    (its transaction): for work that runs after the request was answered, so the answer has
    left the process when it dies, as it would have when a real kill lands there."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "module": self.module,
                "function": self.function,
                "nth": self.nth,
                "given": self.given,
                "linger": self.linger,
            }
        )


@dataclass
class Bot:
    """One `crm-bot` process, its output in `log`."""

    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction is finished, nothing is flushed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        """SIGTERM, as an operator stops it; it must exit cleanly."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        assert code == 0, f"crm-bot exited with {code}:\n{self.output()}"

    def finish(self, timeout: float = 120.0) -> str:
        """Wait for a job to end by itself; its output."""
        code = self.process.wait(timeout=timeout)
        assert code == 0, f"crm-bot exited with {code}:\n{self.output()}"
        return self.output()

    def died(self, timeout: float = 120.0) -> bool:
        """Wait for a process started with `DieAt` to end; True if it killed itself."""
        return self.process.wait(timeout=timeout) == -signal.SIGKILL

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Launcher:
    """Starts `crm-bot` processes on one database and one stand-in Slack; each gets a log file
    of its own in `folder`."""

    slack: StandInSlack
    database_url: str
    folder: Path
    started: list[Bot] = field(default_factory=list)

    def serve(self, die_at: DieAt | None = None) -> Bot:
        """`crm-bot serve --http` on a free port, once it is listening. Without the scheduler:
        its jobs run on the wall clock, so what they send would depend on the time of day the
        tests run; the jobs are swept on their own, with `run_job`."""
        args = ["serve", "--http", "--host", "127.0.0.1", "--port", "0", "--no-scheduler"]
        return _listening(self._start(args, die_at))

    def run_job(self, job: str, now: datetime, die_at: DieAt | None = None) -> Bot:
        """`crm-bot run-job <job> --now <now>`, started (not waited for)."""
        return self._start(["run-job", job, "--now", now.isoformat()], die_at)

    def stop_all(self) -> None:
        for bot in self.started:
            if bot.process.poll() is None:
                bot.kill()

    def _start(self, args: list[str], die_at: DieAt | None) -> Bot:
        log = self.folder / f"crm-bot-{len(self.started) + 1:03d}.log"
        env = bot_env(self.slack.url, self.database_url)
        command = [CRM_BOT, *args]
        if die_at is not None:
            command = [sys.executable, "-m", __name__, die_at.to_json(), *args]
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(_PROJECT), env.get("PYTHONPATH")])
            )
        with log.open("wb") as output:
            process = subprocess.Popen(
                command, cwd=self.folder, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        bot = Bot(process, log)
        self.started.append(bot)
        return bot


def _listening(bot: Bot) -> Bot:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        found = _LISTENING.search(bot.output())
        if found:
            bot.url = found.group(1)
            return bot
        if bot.process.poll() is not None:
            raise AssertionError(f"crm-bot exited with {bot.process.returncode}:\n{bot.output()}")
        time.sleep(0.02)
    bot.kill()
    raise AssertionError(f"crm-bot did not start listening:\n{bot.output()}")


def spread(count: int, over: float, *, start: float = 0.0) -> list[float]:
    """`count` moments spread evenly over `start`…`start + over` (the middle of each slice)."""
    return [start + over * (n + 0.5) / count for n in range(count)]


def kill_when_called(
    bot: Bot,
    slack: StandInSlack,
    method: str,
    predicate: Callable[[Call], bool] = lambda call: True,
    *,
    count: int = 1,
) -> bool:
    """SIGKILL `bot` as soon as the stand-in has seen `count` calls to `method` that match
    `predicate`, counting from the stand-in's start (the last one being held, or just answered).
    False when the process ended by itself before that."""
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        try:
            slack.wait_for(method, predicate, count=count, timeout=0.05)
        except AssertionError:
            if bot.process.poll() is not None:
                return False
            continue
        bot.kill()
        return True
    bot.kill()
    raise AssertionError(f"no {count}x {method} within {START_WITHIN}s:\n{bot.output()}")


Fire = Callable[[Bot], bool]
"""SIGKILLs a running process at its moment; False when the process ended by itself first.
Made before the process starts, so that nothing it does comes too early to be seen."""


def while_held(slack: StandInSlack, method: str) -> Fire:
    """While the stand-in holds the next call to `method`: it arrived (a message is posted),
    its answer never will."""
    target = len(slack.calls_to(method)) + 1
    slack.hold(method)

    def fire(bot: Bot) -> bool:
        try:
            return kill_when_called(bot, slack, method, count=target)
        finally:
            slack.release_holds()

    return fire


def once(ready: Callable[[], bool], *, every: float = 0.005) -> Fire:
    """As soon as `ready()` (e.g. asked of the database) says so."""

    def fire(bot: Bot) -> bool:
        while bot.process.poll() is None:
            if ready():
                bot.kill()
                return True
            time.sleep(every)
        return False

    return fire


# --- inside the process: `python -m tests.support.kill_points '<DieAt as JSON>' <crm-bot args>`


def _die_at(spec: DieAt) -> None:
    owner: Any = importlib.import_module(spec.module)
    *path, name = spec.function.split(".")
    for part in path:
        owner = getattr(owner, part)
    original: Callable[..., Any] = getattr(owner, name)
    counting = threading.Lock()
    calls = 0

    def dying(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        if all(str(kwargs.get(key)) == value for key, value in spec.given.items()):
            with counting:
                calls += 1
                if calls == spec.nth:
                    time.sleep(spec.linger)
                    os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(owner, name, dying)


def main() -> None:
    spec = DieAt(**json.loads(sys.argv[1]))
    _die_at(spec)
    from bot.wiring.cli import main as crm_bot

    sys.argv = ["crm-bot", *sys.argv[2:]]
    crm_bot()


if __name__ == "__main__":
    main()
