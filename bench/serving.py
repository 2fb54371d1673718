"""The bot as operators run it: `crm-bot serve --http` in its own process, answering signed
requests, with its Web API calls going to the stand-in Slack (which records when each
reply arrives)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.sandbox.signed import SIGNING_SECRET, sign
from bot.sandbox.standin import Call, StandInSlack
from storage.crypto import KeyRing, new_key, use_key_ring

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
TOKEN = "xoxb-bench"
ZONE = "Asia/Shanghai"
ADMIN = "U0SEEDADM1"
REQUEST_TIMEOUT = 60.0
SERVE = (
    CRM_BOT,
    "serve",
    "--http",
    "--host",
    "127.0.0.1",
    "--no-scheduler",
    "--log-level",
    "warning",
)


def owner_zone(n: int) -> str:
    """Most owners sit in Shanghai, every fifth in Los Angeles: both morning windows overlap
    at 09:30 in Shanghai, so one nudge sweep covers every owner."""
    return "America/Los_Angeles" if n % 5 == 4 else ZONE


def standin_with_people(owners: tuple[str, ...]) -> StandInSlack:
    slack = StandInSlack().start()
    for n, owner in enumerate(owners):
        slack.add_user(owner, tz=owner_zone(n), name=f"Seed Owner {n + 1}")
    slack.add_user(ADMIN, tz=ZONE, name="Bench Admin", is_admin=True)
    return slack


BENCH_KEY = new_key()
"""This run's contact-data key, for the bot processes and this one (the benchmark's data is
thrown away afterwards)."""
use_key_ring(KeyRing([BENCH_KEY]))


def bot_environment(database_url: str, slack: StandInSlack) -> dict[str, str]:
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CRM_", "DATABASE_"))
    }
    return {
        **keep,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": database_url,
        "CRM_TIMEZONE": ZONE,
        "CRM_ADMINS": ADMIN,
        "CRM_ENCRYPTION_KEY": BENCH_KEY,
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: TextIO

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float | None:
        """Resident memory of the serving process (VmRSS), in MB."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def start_server(
    database_url: str, slack: StandInSlack, workdir: Path, *, timeout: float = 180
) -> Server:
    """`crm-bot serve --http` on a free port, without the in-process scheduler (its jobs are
    measured on their own), once GET /healthz answers 200."""
    port = free_port()
    log = (workdir / "serve.log").open("w")
    process = subprocess.Popen(
        [*SERVE, "--port", str(port)],
        cwd=workdir,
        env=bot_environment(database_url, slack),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            tail = (workdir / "serve.log").read_text()[-2000:]
            raise RuntimeError(f"crm-bot serve exited with {process.returncode}: {tail}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s")


@dataclass
class Answer:
    status: int
    body: Any
    seconds: float


def post_signed(url: str, body: str) -> Answer:
    """POST a form body to /slack/events signed as Slack signs it; time the HTTP answer."""
    request = urllib.request.Request(
        url + "/slack/events",
        data=body.encode(),
        method="POST",
        headers={**sign(body), "Content-Type": "application/x-www-form-urlencoded"},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            raw = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read().decode(), error.code
    seconds = time.monotonic() - started
    try:
        parsed: Any = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw
    return Answer(status, parsed, seconds)


def wait_for_call(
    slack: StandInSlack,
    method: str,
    predicate: Callable[[Call], bool],
    *,
    timeout: float = REQUEST_TIMEOUT,
) -> Call:
    return slack.wait_for(method, predicate, timeout=timeout)[0]


def view_of(call: Call) -> dict[str, Any]:
    view = call.params.get("view")
    return json.loads(view) if isinstance(view, str) else dict(view or {})
