"""The HTTP surface besides Slack's requests: health checks and unknown paths."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.sandbox.harness import Harness, ServerThread, settings_for_standin
from bot.sandbox.signed import SIGNING_SECRET, sign, slash_command_body
from bot.sandbox.standin import StandInSlack
from bot.wiring.app import create_app
from bot.wiring.web import make_server, make_wsgi_app
from storage.database import make_engine
from tests.conftest import REP


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_healthz_is_ok_when_the_database_answers(crm: Harness) -> None:
    status, body = _get(crm.url + "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}


def test_unknown_paths_and_wrong_methods(crm: Harness) -> None:
    assert _get(crm.url + "/nope")[0] == 404
    assert _get(crm.url + "/slack/events")[0] == 405


@pytest.fixture
def unreachable_db_url(slack: StandInSlack) -> Iterator[str]:
    # Port 9 on loopback: nothing listens there, so every connection is refused at once.
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    settings = settings_for_standin(slack, "sqlite://")
    app = create_app(settings, engine)
    server = make_server(
        make_wsgi_app(app, engine, signing_secret=SIGNING_SECRET), host="127.0.0.1", port=0
    )
    running = ServerThread(server).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    running.stop()


def test_healthz_is_503_when_the_database_is_down(unreachable_db_url: str) -> None:
    status, body = _get(unreachable_db_url + "/healthz")
    assert status == 503
    assert json.loads(body)["status"] == "database unreachable"


def test_a_body_over_the_limit_is_refused_unread(crm: Harness) -> None:
    body = "payload=" + "x" * 2_000_000
    try:
        status = crm.post_raw(body, sign(body)).status
    except (ConnectionError, urllib.error.URLError):
        status = 413  # the server stopped reading and closed the connection mid-upload
    assert status == 413


def test_a_bad_signature_is_401_and_logged_without_the_body(
    crm: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Acme phone +14155550100 a@acme.example"
    body = slash_command_body("/followup", text, user_id=REP, response_url=crm.slack.response_url())
    with caplog.at_level(logging.DEBUG):
        forged = crm.post_raw(body, sign(body, secret="not-the-secret"))
        unsigned = crm.post_raw("payload=garbage", {})
    assert (forged.status, unsigned.status) == (401, 401)
    assert "+14155550100" not in caplog.text and "a@acme.example" not in caplog.text
    assert "garbage" not in caplog.text
    assert "did not verify" in caplog.text


@pytest.mark.parametrize(
    "body",
    ["payload=garbage", "payload=%7B%22type%22%3A%22view_submission%22%7D", "payload=%5B1%5D"],
)
def test_signed_nonsense_is_a_400_not_a_500(
    crm: Harness, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    reply = crm.post_raw(body, sign(body))
    assert reply.status < 500
    assert "Traceback" not in caplog.text


@pytest.fixture
def silent_database(slack: StandInSlack) -> Iterator[str]:
    """A 'PostgreSQL' that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    port = listener.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://nobody@127.0.0.1:{port}/none")
    app = create_app(settings_for_standin(slack, "sqlite://"), engine)
    server = make_server(make_wsgi_app(app, engine), host="127.0.0.1", port=0)
    running = ServerThread(server).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    running.stop()
    stop.set()
    acceptor.join(timeout=5)
    for connection in held:
        connection.close()
    listener.close()


def test_healthz_answers_within_a_second_when_the_database_hangs(silent_database: str) -> None:
    started = time.monotonic()
    status, body = _get(silent_database + "/healthz")
    assert status == 503 and json.loads(body)["status"] == "database unreachable"
    assert time.monotonic() - started < 2.0
