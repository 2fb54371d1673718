"""HTTP mode: `POST /slack/events` for Slack, `GET /healthz` for load balancers, on waitress;
in OAuth mode also `GET /slack/install` and `GET /slack/oauth_redirect` for people installing the
app in their workspace (bot.wiring.installs).

Requests are checked at the door, before Bolt sees them: a body over MAX_BODY_BYTES is refused
unread (413); a request whose Slack signature does not verify is refused (401) and logged as
one line without its body; a signed request that Bolt cannot make sense of gets a 400, never a
500 with a traceback.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.engine import Engine
from waitress.server import create_server

from storage.database import database_is_reachable

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SERVER_THREADS = 8
MAX_BODY_BYTES = 1_000_000
"""Slack's own payloads are far smaller; anything bigger is not from Slack."""


def make_wsgi_app(app: App, engine: Engine, *, signing_secret: str = "") -> WSGIApplication:
    """The WSGI app. With `signing_secret`, signatures are checked here first (see above)."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def crm_wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            healthy = database_is_reachable(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = {"status": "ok" if healthy else "database unreachable"}
            return _json(start_response, status, body)
        oauth = app.oauth_flow
        if oauth is not None and path in (oauth.install_path, oauth.redirect_uri_path):
            if method != "GET":
                return _json(start_response, "405 Method Not Allowed", {"error": "GET only"})
            return _install_request(slack, environ, start_response)
        if path == EVENTS_PATH:
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return _slack_request(slack, verifier, environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return crm_wsgi


def _slack_request(
    slack: SlackRequestHandler,
    verifier: SignatureVerifier | None,
    environ: WSGIEnvironment,
    start_response: StartResponse,
) -> Iterable[bytes]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > MAX_BODY_BYTES:
        logger.warning("refused a request of %s bytes", environ.get("CONTENT_LENGTH"))
        return _json(start_response, "413 Payload Too Large", {"error": "too large"})
    body = environ["wsgi.input"].read(length) if length else b""
    if verifier is not None:
        headers = {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
        }
        if not _signed(verifier, body, headers):
            logger.warning("refused a request whose Slack signature did not verify")
            return _json(start_response, "401 Unauthorized", {"error": "invalid signature"})
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        return list(slack(environ, start_response))
    except Exception as problem:
        # Only the kind of error: the body may hold customers' details.
        logger.warning("could not read a signed request (%s)", type(problem).__name__)
        return _json(start_response, "400 Bad Request", {"error": "malformed request"})


def _install_request(
    slack: SlackRequestHandler, environ: WSGIEnvironment, start_response: StartResponse
) -> Iterable[bytes]:
    """A browser on its way to or back from Slack's authorize page: Bolt's OAuth flow."""
    environ["wsgi.input"] = io.BytesIO(b"")
    try:
        return list(slack(environ, start_response))
    except Exception as problem:
        logger.warning("could not handle an install request (%s)", type(problem).__name__)
        return _json(start_response, "400 Bad Request", {"error": "malformed request"})


def _signed(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    try:
        return bool(verifier.is_valid_request(body, headers))
    except (ValueError, TypeError):  # a missing or non-numeric timestamp
        return False


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


def make_server(wsgi: WSGIApplication, *, host: str, port: int) -> Any:
    """A waitress server (production-grade, threaded); `.effective_port` tells the port
    when 0 was asked for, `.run()` serves until closed."""
    return create_server(
        wsgi,
        host=host,
        port=port,
        threads=SERVER_THREADS,
        ident="crmbot",
        trusted_proxy="127.0.0.1",
        trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
        clear_untrusted_proxy_headers=True,
        channel_timeout=60,
        max_request_body_size=MAX_BODY_BYTES,
    )
