"""A stand-in for Slack's Socket Mode on loopback: a WebSocket server that speaks the protocol.

Slack's side of Socket Mode, as the app sees it: `apps.connections.open` (called with the
app-level `xapp-` token) hands out a one-off `wss://` URL; on connecting, Slack sends `hello`;
then every command, interaction and event arrives as an envelope
`{"envelope_id", "type", "payload", "accepts_response_payload"}` that the app acknowledges by
sending `{"envelope_id"[, "payload"]}` back, the payload being what an HTTP response would have
carried (a modal's `response_action`, say). When Slack wants the app elsewhere it sends
`{"type": "disconnect", "reason": ...}`; the app then asks for a new URL and connects again.
Connections also just die.

`StandInSocketMode` is that server (plain `ws://`, port 0); `SocketModeSlack` is the stand-in
Web API with `apps.connections.open` answering with its URLs.
"""

from __future__ import annotations

import contextlib
import http
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from bot.sandbox.standin import Call, Failure, StandInSlack

APP_ID = "A0CRMBOT1"
RESPONSE_PAYLOAD_INTERACTIONS = frozenset({"view_submission", "block_suggestion"})
"""Interactive payloads whose acknowledgement may carry an answer (the rest answer through
`response_url` or the Web API)."""


@dataclass
class Link:
    """One WebSocket connection from the app, numbered from 1 in the order they opened."""

    number: int
    ticket: str
    connection: ServerConnection
    closed: threading.Event = field(default_factory=threading.Event)
    refreshed: bool = False
    """Sent `disconnect`: Slack delivers nothing more on it."""


@dataclass
class Acknowledgement:
    envelope_id: str
    payload: dict[str, Any] | None
    link: int
    """Which connection carried it."""


class StandInSocketMode:
    """Records every connection and acknowledgement; envelopes go out on the newest open
    connection that has not been asked to disconnect."""

    def __init__(self, *, app_id: str = APP_ID) -> None:
        self.app_id = app_id
        self.links: list[Link] = []
        self.acks: list[Acknowledgement] = []
        self.other_messages: list[str] = []
        """Anything the app sent that is not an acknowledgement."""
        self.refused: list[str] = []
        """Paths of connection attempts turned away: a URL used already, or never handed out."""
        self._tickets: set[str] = set()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._ticket_numbers = itertools.count(1)
        self._server: Server = serve(
            self._serve,
            "127.0.0.1",
            0,
            process_request=self._admit,
            compression=None,
            ping_interval=None,
            close_timeout=1,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="standin-socket", daemon=True
        )

    @property
    def port(self) -> int:
        port: int = self._server.socket.getsockname()[1]
        return port

    def start(self) -> StandInSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        with self._lock:
            links = list(self.links)
        for link in links:
            _close_socket(link.connection)
        self._thread.join(timeout=5)

    def new_url(self) -> str:
        """A fresh URL, as `apps.connections.open` gives one per call."""
        with self._lock:
            ticket = f"t{next(self._ticket_numbers):04d}"
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    # --- what Slack does ---------------------------------------------------------------------

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        envelope_id: str | None = None,
        accepts_response_payload: bool | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> str:
        """Send one envelope (`slash_commands`, `interactive` or `events_api`); returns its id.
        Give `envelope_id` to deliver the same envelope again."""
        envelope_id = envelope_id or f"env-{next(self._ids):04d}"
        if accepts_response_payload is None:
            accepts_response_payload = kind == "slash_commands" or (
                kind == "interactive" and payload.get("type") in RESPONSE_PAYLOAD_INTERACTIONS
            )
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        self.current().connection.send(json.dumps(envelope))
        return envelope_id

    def ask(self, kind: str, payload: dict[str, Any], **options: Any) -> Acknowledgement:
        """Deliver an envelope and wait for the app to acknowledge this delivery of it."""
        before = len(self.acks_for(options["envelope_id"])) if "envelope_id" in options else 0
        return self.wait_for_ack(self.deliver(kind, payload, **options), count=before + 1)

    def refresh(self, reason: str = "refresh_requested") -> Link:
        """Ask the app to reconnect, as Slack does before it retires a connection."""
        link = self.current()
        with self._lock:
            link.refreshed = True
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "standin"}}
        link.connection.send(json.dumps(message))
        return link

    def drop(self, *, reset: bool = True) -> Link:
        """Cut the current connection with no WebSocket close frame: a TCP reset (`reset`),
        or the TCP connection closed in order, as a proxy that gives up on it would."""
        link = self.current()
        _close_socket(link.connection, reset=reset)
        link.closed.wait(timeout=5)
        return link

    def wake(self) -> None:
        """Ping every open connection. The built-in Socket Mode client lets go of a connection
        only between reads, and a read waits up to 3 s for something to arrive."""
        with self._lock:
            links = [k for k in self.links if not k.closed.is_set()]
        for link in links:
            with contextlib.suppress(ConnectionClosed):
                link.connection.ping()

    # --- what the test waits for -------------------------------------------------------------

    def current(self) -> Link:
        with self._lock:
            live = [k for k in self.links if not k.closed.is_set() and not k.refreshed]
        if not live:
            raise AssertionError(f"the app has no open connection; links: {self.describe()}")
        return live[-1]

    def wait_for_link(self, number: int, *, timeout: float = 10.0) -> Link:
        """Wait until the app has opened its `number`-th connection; return that one."""
        self._wait(lambda: len(self.links) >= number, timeout, f"connection #{number}")
        return self.links[number - 1]

    def wait_for_ack(
        self, envelope_id: str, *, count: int = 1, timeout: float = 10.0
    ) -> Acknowledgement:
        """Wait for the `count`-th acknowledgement of `envelope_id`; return it."""
        self._wait(
            lambda: len(self._acks_for(envelope_id)) >= count,
            timeout,
            f"{count}x ack of {envelope_id}",
        )
        return self._acks_for(envelope_id)[count - 1]

    def acks_for(self, envelope_id: str) -> list[Acknowledgement]:
        with self._lock:
            return self._acks_for(envelope_id)

    def _acks_for(self, envelope_id: str) -> list[Acknowledgement]:
        return [a for a in self.acks if a.envelope_id == envelope_id]

    def wait_until_closed(self, link: Link, *, timeout: float = 10.0) -> None:
        if not link.closed.wait(timeout):
            raise AssertionError(f"connection #{link.number} still open after {timeout}s")

    def describe(self) -> list[str]:
        return [
            f"#{k.number} {k.ticket} {'closed' if k.closed.is_set() else 'open'}"
            + (" refreshed" if k.refreshed else "")
            for k in self.links
        ]

    def _wait(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {what} within {timeout}s; links: {self.describe()}")
                self._changed.wait(remaining)

    # --- the server ----------------------------------------------------------------------------

    def _admit(self, connection: ServerConnection, request: Request) -> Response | None:
        """Each URL lets one connection in, as Slack's do."""
        with self._lock:
            ticket = _ticket_of(request.path)
            if ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
            self.refused.append(request.path)
        return connection.respond(http.HTTPStatus.FORBIDDEN, "this URL is not valid (any more)\n")

    def _serve(self, connection: ServerConnection) -> None:
        ticket = _ticket_of(connection.request.path if connection.request else "")
        with self._changed:
            link = Link(len(self.links) + 1, ticket, connection)
            self.links.append(link)
            live = sum(1 for k in self.links if not k.closed.is_set())
            self._changed.notify_all()
        try:
            connection.send(json.dumps(_hello(live, self.app_id)))
            for message in connection:
                self._received(link, message if isinstance(message, str) else message.decode())
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                link.closed.set()
                self._changed.notify_all()

    def _received(self, link: Link, text: str) -> None:
        try:
            message = json.loads(text)
        except json.JSONDecodeError:
            message = None
        with self._changed:
            if isinstance(message, dict) and "envelope_id" in message:
                payload = message.get("payload")
                self.acks.append(
                    Acknowledgement(str(message["envelope_id"]), payload or None, link.number)
                )
            else:
                self.other_messages.append(text)
            self._changed.notify_all()


def _ticket_of(path: str) -> str:
    return path.partition("ticket=")[2].partition("&")[0]


def _hello(num_connections: int, app_id: str) -> dict[str, Any]:
    return {
        "type": "hello",
        "num_connections": num_connections,
        "debug_info": {"host": "standin", "build_number": 1, "approximate_connection_time": 3600},
        "connection_info": {"app_id": app_id},
    }


def _close_socket(connection: ServerConnection, *, reset: bool = True) -> None:
    """Close the TCP connection under a WebSocket, no close frame; `reset` sends an RST."""
    sock = connection.socket
    try:
        if reset:
            # Closing with a zero linger sends RST; shutting down reading wakes the server's
            # reader, which closes the socket.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RD)
        else:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already gone


class SocketModeSlack(StandInSlack):
    """The stand-in Web API whose `apps.connections.open` hands out `socket`'s URLs.

    The stand-in turns away any token but `xox…` before it asks `answer`, and
    `apps.connections.open` takes only the app-level `xapp-` token; so the answer is given
    from `_record`, which the stand-in asks first (its result is sent as the reply)."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(port)
        self.socket = StandInSocketMode()

    def start(self) -> SocketModeSlack:
        self.socket.start()
        super().start()
        return self

    def stop(self) -> None:
        super().stop()
        self.socket.stop()

    def _record(self, call: Call) -> Failure | None:
        queued = super()._record(call)
        if call.method != "apps.connections.open" or queued is not None:
            return queued
        if not call.headers.get("authorization", "").startswith("Bearer xapp-"):
            return Failure(200, {"ok": False, "error": "not_allowed_token_type"}, {})
        return Failure(200, {"ok": True, "url": self.socket.new_url()}, {})
