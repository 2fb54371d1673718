"""HTTP mode: `POST /slack/events` for Slack, `GET /healthz` for load balancers, on waitress."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy.engine import Engine
from waitress.server import create_server

from storage.database import database_is_reachable

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SERVER_THREADS = 8


def make_wsgi_app(app: App, engine: Engine) -> WSGIApplication:
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def crm_wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            healthy = database_is_reachable(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = {"status": "ok" if healthy else "database unreachable"}
            return _json(start_response, status, body)
        if path == EVENTS_PATH:
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return crm_wsgi


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
    )
