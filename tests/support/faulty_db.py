"""A database that misbehaves on demand, for fault tests.

PostgreSQL: `FaultyLink` is a TCP proxy on loopback (port 0) in front of the real server. Point
DATABASE_URL at `link.url_for(...)`, then switch it to refuse connections, hang (accept and
forward nothing), or drop connections now, after the next N bytes from the app, or once the
app sends some bytes (a statement). `restore()` puts everything back; bytes held by a hang are
then delivered, as a healed network would.

SQLite: `write_lock_held` is another connection holding the write lock (a database that
hangs for writers); `unopenable_sqlite_url` is a path SQLite cannot open (one that refuses).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

POLL_S = 0.02
SETTLE_S = 0.05


@dataclass
class _Link:
    """One proxied connection: the app's side and the server's side."""

    app: socket.socket
    server: socket.socket
    cut: threading.Event = field(default_factory=threading.Event)
    tail: bytes = b""
    """The last bytes the app sent since a marker was armed, so a marker split across two reads
    is still seen."""


class FaultyLink:
    def __init__(self, upstream_host: str = "127.0.0.1", upstream_port: int = 5432) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._threads: list[threading.Thread] = []
        self._flowing = threading.Event()
        self._flowing.set()
        self._listening = True
        self._listener_changed = threading.Event()
        self._stopping = threading.Event()
        self._drop_after: int | None = None
        self._drop_marker: bytes | None = None
        self._acceptor: threading.Thread | None = None

    @classmethod
    def in_front_of(cls, database_url: str) -> FaultyLink:
        url = make_url(database_url)
        return cls(url.host or "127.0.0.1", url.port or 5432)

    def start(self) -> FaultyLink:
        listener = self._listen(0)
        self.port = listener.getsockname()[1]
        self._acceptor = threading.Thread(
            target=self._accept, args=(listener,), name="faulty-db", daemon=True
        )
        self._acceptor.start()
        return self

    def url_for(self, database_url: str) -> str:
        """`database_url` with its server replaced by this link (and no TLS, so the proxy sees
        the statements go by)."""
        url = make_url(database_url).set(host="127.0.0.1", port=self.port)
        url = url.update_query_dict({"sslmode": "disable"})
        return url.render_as_string(hide_password=False)

    # --- faults ----------------------------------------------------------------------------

    def refuse(self) -> None:
        """The server is down: live connections are reset, new ones refused."""
        self._set_listening(False)
        self.drop()

    def hang(self) -> None:
        """The server stops answering: connections are still accepted, nothing moves either way
        (what is sent meanwhile is held, and delivered after `restore`)."""
        self._flowing.clear()

    def drop(self) -> None:
        """Reset every live connection, both sides, now."""
        with self._lock:
            links = list(self._links)
        for link in links:
            link.cut.set()
        self._wait_for(lambda: not self._links)

    def drop_after(self, nbytes: int) -> None:
        """Reset the connection that carries the app's next `nbytes` bytes, once they are
        through (the server sees a request cut short)."""
        with self._lock:
            self._drop_after = nbytes

    def drop_on(self, marker: bytes) -> None:
        """Reset the connection on which the app next sends `marker` (e.g. b"COMMIT"), once the
        bytes that carry it have reached the server and before any answer comes back."""
        with self._lock:
            self._drop_marker = marker
            for link in self._links:
                link.tail = b""  # only what is sent from now on counts

    def restore(self) -> None:
        """Back to a healthy server: listening, flowing, no drop armed."""
        with self._lock:
            self._drop_after, self._drop_marker = None, None
        self._set_listening(True)
        self._flowing.set()

    def stop(self) -> None:
        self._stopping.set()
        self._flowing.set()
        if self._acceptor is not None:
            self._acceptor.join(timeout=5)
        for link in list(self._links):
            link.cut.set()
        for thread in list(self._threads):
            thread.join(timeout=5)

    # --- the proxy -------------------------------------------------------------------------

    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.settimeout(POLL_S)
        return listener

    def _set_listening(self, listening: bool) -> None:
        """The acceptor opens and closes its socket itself, so no close races its accept()."""
        with self._lock:
            if self._listening == listening:
                return
            self._listening = listening
            self._listener_changed.clear()
        if not self._listener_changed.wait(5):
            raise AssertionError("the faulty link's acceptor did not answer")

    def _accept(self, listener: socket.socket | None) -> None:
        while not self._stopping.is_set():
            with self._lock:
                want = self._listening
            if want and listener is None:
                listener = self._listen(self.port)
                self._listener_changed.set()
            elif not want and listener is not None:
                listener.close()
                listener = None
                self._listener_changed.set()
            if listener is None:
                time.sleep(POLL_S)
                continue
            try:
                app, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            self._open(app)
        if listener is not None:
            listener.close()

    def _open(self, app: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _reset(app)
            return
        link = _Link(app, server)
        thread = threading.Thread(target=self._pump, args=(link,), name="faulty-db-link")
        with self._lock:
            self._links.append(link)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.daemon = True
        thread.start()

    def _pump(self, link: _Link) -> None:
        """Moves bytes both ways while flowing, until either side closes or the link is cut."""
        selector = selectors.DefaultSelector()
        for sock in (link.app, link.server):
            sock.setblocking(True)
            sock.settimeout(5)
            selector.register(sock, selectors.EVENT_READ)
        open_sides = 2
        try:
            while open_sides and not link.cut.is_set() and not self._stopping.is_set():
                if not self._flowing.is_set():
                    self._flowing.wait(POLL_S)
                    continue
                for key, _ in selector.select(timeout=POLL_S):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    target = link.server if source is link.app else link.app
                    data = source.recv(65536)
                    if not data:
                        selector.unregister(source)
                        with contextlib.suppress(OSError):
                            target.shutdown(socket.SHUT_WR)
                        open_sides -= 1
                        continue
                    keep = self._spend(link, data) if source is link.app else None
                    target.sendall(data if keep is None else data[:keep])
                    if keep is not None:
                        time.sleep(SETTLE_S)  # the server has read what was sent
                        link.cut.set()
                        break
        except OSError:
            pass
        finally:
            selector.close()
            _reset(link.app)
            _reset(link.server)
            with self._lock:
                self._links.remove(link)

    def _spend(self, link: _Link, data: bytes) -> int | None:
        """If the app's `data` trips an armed drop, how many of its bytes to forward before
        the link is cut; None if it does not."""
        with self._lock:
            seen = link.tail + data
            if self._drop_marker is not None:
                link.tail = seen[-len(self._drop_marker) :]
                if self._drop_marker in seen:
                    self._drop_marker = None
                    return len(data)
            if self._drop_after is not None:
                if len(data) < self._drop_after:
                    self._drop_after -= len(data)
                    return None
                keep, self._drop_after = self._drop_after, None
                return keep
        return None

    def _wait_for(self, condition: Callable[[], bool], timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the faulty link did not settle")
            time.sleep(POLL_S)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST, as a crashed server or a cut cable looks to the other side."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


# --- SQLite -------------------------------------------------------------------------------


@contextlib.contextmanager
def write_lock_held(database_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holds SQLite's write lock (BEGIN EXCLUSIVE) until the block ends:
    writers wait, readers (WAL) carry on."""
    connection = sqlite3.connect(database_path, timeout=5, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield connection
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def unopenable_sqlite_url(tmp_path: Path) -> str:
    """A SQLite URL whose file is a directory: every connection is refused."""
    path = tmp_path / "refused.sqlite3"
    path.mkdir()
    return f"sqlite:///{path}"
