"""A stand-in for Slack's Web API on loopback: answers like Slack, records every call.

Run it by hand to try the bot without Slack:  python -m bot.sandbox.standin --port 8999
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote

TEAM_ID = "T0TEAM001"
BOT_USER_ID = "UBOT00001"
BOT_TOKEN = "xoxb-000-test-token"
"""The token the harness gives the app; shared files are served only to it."""


@dataclass
class Call:
    """One request the app made: a Web API method (e.g. 'chat.update') or a response_url post."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)
    fault: Failure | None = None
    """How the stand-in misbehaved on this call (see `fail_next`, `stall_next`, `reset_next`)."""
    answer: dict[str, Any] | None = None
    """What the stand-in answered, when it answered as Slack would."""

    @property
    def token(self) -> str | None:
        """The bot token the call was made with (its Authorization header)."""
        given = self.headers.get("authorization", "")
        return given.removeprefix("Bearer ") if given.startswith("Bearer ") else None


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    delay: float = 0.0
    """Seconds to wait before answering (or resetting)."""
    reset: bool = False
    """Close the connection with a TCP reset instead of answering."""
    act: bool = False
    """Do what the call asks (post the message, open the view) before misbehaving, so the
    client cannot tell whether it happened."""

    @property
    def misbehaves(self) -> bool:
        return self.delay > 0 or self.reset


class StandInSlack:
    """`url` is the Web API base (`…/api/`); `response_url()` makes response URLs on it."""

    def __init__(self, port: int = 0) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        """Messages per channel, as conversations.history returns them (oldest first)."""
        self.views: dict[str, dict[str, Any]] = {}
        """Modals by view id, as last opened, pushed or updated."""
        self._view_ids: dict[str, str] = {}
        """View ids by external_id."""
        self._uploads: dict[str, dict[str, Any]] = {}
        self._shared: dict[str, tuple[dict[str, Any], bytes]] = {}
        """Files people shared (`add_file`): what files.info says, and their bytes."""
        self.file_token = BOT_TOKEN
        self.installs: dict[str, Install] = {}
        """Workspaces installed through OAuth (`install_code`, then oauth.v2.access), by the
        bot token each was given."""
        self._codes: dict[str, Install] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def url(self) -> str:
        return self.base + "api/"

    def start(self) -> StandInSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.release_holds()
        self._server.shutdown()
        self._server.server_close()

    def add_user(
        self,
        user_id: str,
        *,
        tz: str = "UTC",
        name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        locale: str = "en-US",
        team_id: str = TEAM_ID,
    ) -> None:
        offset = 0
        self.users[user_id] = {
            "locale": locale,
            "id": user_id,
            "team_id": team_id,
            "name": (name or user_id).lower(),
            "real_name": name or user_id,
            "tz": tz,
            "tz_offset": offset,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_bot": False,
            "profile": {"display_name": name or user_id, "real_name": name or user_id},
        }

    def install_code(self, team_id: str, *, team_name: str | None = None) -> str:
        """A code Slack would send back to the app's redirect URL once someone in `team_id`
        approved the install; oauth.v2.access trades it (once) for that team's new bot token."""
        n = next(self._ids)
        install = Install(
            team_id=team_id,
            team_name=team_name or f"Team {team_id}",
            bot_token=f"xoxb-{team_id.lower()}-{n:04d}",
            bot_user_id=f"UBOT{team_id[-5:]}",
            bot_id=f"B{team_id[-8:]}",
        )
        code = f"code-{team_id.lower()}-{n:04d}"
        with self._lock:
            self._codes[code] = install
        return code

    def token_of(self, team_id: str) -> str:
        """The bot token the stand-in gave `team_id` when it installed the app."""
        with self._lock:
            found = [token for token, i in self.installs.items() if i.team_id == team_id]
        if not found:
            raise AssertionError(f"team {team_id} never installed the app")
        return found[-1]

    def add_file(self, name: str, content: bytes, filetype: str | None = None) -> dict[str, Any]:
        """A file someone shared in Slack: the file object a message event and files.info
        carry, its `url_private_download` served here to the bot's token only."""
        kind = filetype or name.rsplit(".", 1)[-1].lower()
        file_id = f"F{next(self._ids):08d}SH"
        where = f"{self.base}files-pri/{TEAM_ID}-{file_id}"
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": kind,
            "size": len(content),
            "url_private": f"{where}/{quote(name)}",
            "url_private_download": f"{where}/download/{quote(name)}",
        }
        with self._lock:
            self._shared[file_id] = (info, content)
        return dict(info)

    def remove_file(self, file_id: str) -> None:
        """The file was deleted in Slack: files.info and its URL no longer find it."""
        with self._lock:
            self._shared.pop(file_id, None)

    def _shared_file(self, path: str) -> tuple[dict[str, Any], bytes] | None:
        with self._lock:
            for info, content in self._shared.values():
                if path in (_path_of(info["url_private"]), _path_of(info["url_private_download"])):
                    return info, content
        return None

    def response_url(self, key: str | None = None) -> str:
        return f"{self.base}response/{key or next(self._ids)}"

    def fail_next(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls to `method` fail: HTTP `status`, or ok=false with `error`."""
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "fatal_error")}
        with self._lock:
            queue = self._failures.setdefault(method, [])
            queue.extend(Failure(status, body, headers or {}) for _ in range(times))

    def stall_next(self, method: str, *, seconds: float, act: bool = True, times: int = 1) -> None:
        """The next `times` calls to `method` (or "response_url") are answered only after
        `seconds`: longer than the client's timeout, a call that hangs. With `act` the call takes
        effect at once and its answer comes late; without, it ends in a 504 and does nothing."""
        body = {"ok": act, **({} if act else {"error": "fatal_error"})}
        self._queue(method, Failure(200 if act else 504, body, {}, delay=seconds, act=act), times)

    def reset_next(self, method: str, *, act: bool = False, times: int = 1) -> None:
        """The next `times` calls to `method` (or "response_url") get their connection reset
        with no answer. With `act` the call took effect first (the message was posted)."""
        body = {"ok": False, "error": "connection_reset"}
        self._queue(method, Failure(0, body, {}, reset=True, act=act), times)

    def _queue(self, method: str, failure: Failure, times: int) -> None:
        with self._lock:
            self._failures.setdefault(method, []).extend(failure for _ in range(times))

    def hold(self, method: str) -> threading.Event:
        """Record the next calls to `method` (and keep what they post) but do not answer them
        until the returned event is set: a request in flight when a process is killed."""
        event = threading.Event()
        with self._lock:
            self._holds[method] = event
        return event

    def release_holds(self) -> None:
        with self._lock:
            holds, self._holds = list(self._holds.values()), {}
        for event in holds:
            event.set()

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages people can see, in one channel or all."""
        with self._lock:
            if channel is not None:
                return list(self.messages.get(channel, []))
            return [m for msgs in self.messages.values() for m in msgs]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda c: True,
        *,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """Wait until at least `count` calls to `method` match `predicate`; return them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and predicate(c)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"no {count}x {method} within {timeout}s; saw {seen}")
                self._changed.wait(remaining)

    def _hold_for(self, method: str) -> threading.Event | None:
        with self._lock:
            return self._holds.get(method)

    def _record(self, call: Call) -> Failure | None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
            queue = self._failures.get(call.method)
            call.fault = queue.pop(0) if queue else None
            return call.fault

    def answer(
        self, method: str, params: dict[str, Any], *, token: str | None = None
    ) -> dict[str, Any]:
        """What Slack would answer to `method` called with `token` (a workspace's own, for
        one installed through `install_code`)."""
        n = next(self._ids)
        install = self.installs.get(token or "")
        if method == "oauth.v2.access":
            return self._oauth_access(params)
        if method == "auth.test" and install is not None:
            return {
                "ok": True,
                "url": f"https://{install.team_id.lower()}.slack.test/",
                "team": install.team_name,
                "team_id": install.team_id,
                "user": "crmbot",
                "user_id": install.bot_user_id,
                "bot_id": install.bot_id,
            }
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://standin.slack.test/",
                "team": "Stand-in",
                "team_id": TEAM_ID,
                "user": "crmbot",
                "user_id": BOT_USER_ID,
                "bot_id": "B0BOT0001",
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            if user is None or (install is not None and user["team_id"] != install.team_id):
                return {"ok": False, "error": "user_not_found"}  # not in the token's workspace
            if str(params.get("include_locale")).lower() not in ("true", "1"):
                user = {k: v for k, v in user.items() if k != "locale"}
            return {"ok": True, "user": user}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return {"ok": True, "channel": {"id": dm_channel(users)}}
        if method == "chat.postMessage":
            channel = str(params.get("channel"))
            ts = f"{time.time():.6f}"[:-6] + f"{n:06d}"
            stored = {"ts": ts, "text": params.get("text"), "blocks": _json_field(params, "blocks")}
            metadata = _json_field(params, "metadata")
            if metadata:
                stored["metadata"] = metadata
            with self._lock:
                self.messages.setdefault(channel, []).append(stored)
            return {"ok": True, "channel": channel, "ts": ts, "message": stored}
        if method == "chat.update":
            channel, ts = str(params.get("channel")), str(params.get("ts"))
            with self._lock:
                found = [m for m in self.messages.get(channel, []) if m["ts"] == ts]
                if not found:
                    return {"ok": False, "error": "message_not_found"}
                found[0].update(text=params.get("text"), blocks=_json_field(params, "blocks"))
            return {"ok": True, "channel": channel, "ts": ts}
        if method == "conversations.history":
            channel = str(params.get("channel"))
            oldest = float(params.get("oldest") or 0)
            with self._lock:
                found = [m for m in self.messages.get(channel, []) if float(m["ts"]) >= oldest]
            return {"ok": True, "messages": list(reversed(found)), "has_more": False}
        if method == "chat.getPermalink":
            channel, ts = str(params.get("channel") or ""), str(params.get("message_ts") or "")
            if not channel or not ts:
                return {"ok": False, "error": "message_not_found"}
            link = f"https://standin.slack.test/archives/{channel}/p{ts.replace('.', '')}"
            return {"ok": True, "channel": channel, "permalink": link}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1_800_000_000 + n}.000200"}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else (view or {})
            with self._lock:
                view_id = self._view_id_for(method, params, f"V{n:08d}")
                if view.get("external_id"):
                    self._view_ids[str(view["external_id"])] = view_id
                self.views[view_id] = view
            return {"ok": True, "view": {**view, "id": view_id, "hash": f"h{n}"}}
        if method == "files.info":
            with self._lock:
                known_file = self._shared.get(str(params.get("file")))
            if known_file is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": dict(known_file[0])}
        if method == "files.getUploadURLExternal":
            file_id = f"F{n:08d}"
            with self._lock:
                self._uploads[file_id] = {"id": file_id, "name": params.get("filename")}
            return {"ok": True, "upload_url": f"{self.base}upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = _json_field(params, "files") or []
            shared = []
            with self._lock:
                for entry in files:
                    known = self._uploads.get(entry["id"], {"id": entry["id"]})
                    info = {k: v for k, v in known.items() if k != "content"}
                    info["title"] = entry.get("title")
                    shared.append(info)
                target = params.get("channel_id")
                if target:
                    ts = f"{time.time():.6f}"[:-6] + f"{n:06d}"
                    self.messages.setdefault(str(target), []).append({"ts": ts, "files": shared})
            return {"ok": True, "files": shared}
        return {"ok": True}

    def _oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        code = str(params.get("code") or "")
        with self._lock:
            install = self._codes.pop(code, None)
            if install is not None:
                self.installs[install.bot_token] = install
        if install is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": "A0CRMBOT1",
            "authed_user": {"id": f"U{install.team_id[-8:]}"},
            "scope": ",".join(install.scopes),
            "token_type": "bot",
            "access_token": install.bot_token,
            "bot_user_id": install.bot_user_id,
            "team": {"id": install.team_id, "name": install.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _keep_upload(self, file_id: str, content: bytes) -> None:
        with self._lock:
            self._uploads.setdefault(file_id, {"id": file_id})["content"] = content

    def uploaded(self, file_id: str) -> tuple[str, bytes] | None:
        """(file name, content) of a file the app uploaded, once its bytes have arrived."""
        with self._lock:
            upload = self._uploads.get(file_id)
        if upload is None or "content" not in upload:
            return None
        return str(upload.get("name") or file_id), bytes(upload["content"])

    def _view_id_for(self, method: str, params: dict[str, Any], new_id: str) -> str:
        """The view a call is about. An update may name it by external_id; one this stand-in
        has not seen (a view the app returned in a response_action, which only the test sees)
        gets an id from then on, as Slack gave it one when it showed the view."""
        external_id = params.get("external_id")
        if method == "views.update" and external_id:
            return self._view_ids.setdefault(str(external_id), new_id)
        return str(params.get("view_id") or new_id)

    def view_by_external_id(self, external_id: str) -> dict[str, Any] | None:
        """The view now shown under `external_id`, as last opened, pushed or updated."""
        with self._lock:
            view_id = self._view_ids.get(external_id)
            return self.views.get(view_id) if view_id else None


@dataclass(frozen=True)
class Install:
    """A workspace that installed the app through the stand-in's OAuth."""

    team_id: str
    team_name: str
    bot_token: str
    bot_user_id: str
    bot_id: str
    scopes: tuple[str, ...] = ("commands", "chat:write", "users:read", "im:write")


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 resets connections when a busy machine runs many requests at
    # once, which the app would rightly log as Slack failing.
    request_queue_size = 128
    daemon_threads = True


def _handler_for(slack: StandInSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            """A shared file's URL: only with `Authorization: Bearer <the bot's token>`."""
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = self.path.split("?", 1)[0]
            slack._record(Call("file_download", {"path": path}, headers))
            found = slack._shared_file(path)
            if found is None:
                self._send(404, b"file_not_found", "text/plain")
                return
            given = headers.get("authorization", "")
            if not given.startswith("Bearer "):
                self._send(401, b"not_authed", "text/plain")
                return
            if given != f"Bearer {slack.file_token}":
                self._send(403, b"invalid_auth", "text/plain")
                return
            self._send(200, found[1], "application/octet-stream")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = self.path.split("?", 1)[0]
            if path.startswith("/response/") or path.startswith("/upload/"):
                kind = "response_url" if path.startswith("/response/") else "upload"
                params: dict[str, Any] = (
                    _parse(raw, headers) if kind == "response_url" else {"size": len(raw)}
                )
                if kind == "upload":
                    params["content"] = raw
                    slack._keep_upload(path.rsplit("/", 1)[-1], raw)
                params["path"] = path
                failure = slack._record(Call(kind, params, headers))
                if failure is not None and failure.misbehaves:
                    self._misbehave(failure, b"ok", "text/plain")
                    return
                self._send(failure.status if failure else 200, b"ok", "text/plain")
                return
            if not path.startswith("/api/"):
                self._send(404, b"not found", "text/plain")
                return
            method = path[len("/api/") :]
            params = _parse(raw, headers)
            call = Call(method, params, headers)
            failure = slack._record(call)
            if failure is not None and failure.misbehaves:
                done = (
                    slack.answer(method, params, token=call.token) if failure.act else failure.body
                )
                self._misbehave(failure, json.dumps(done).encode(), "application/json")
                return
            hold = slack._hold_for(method)
            if hold is not None and failure is None:
                call.answer = slack.answer(method, params, token=call.token)  # kept
                hold.wait(timeout=60)
                self._json(call.answer)
                return
            if failure is not None:
                body = json.dumps(failure.body).encode()
                self._send(failure.status, body, "application/json", failure.headers)
                return
            if method != "oauth.v2.access" and not (call.token or "").startswith("xox"):
                self._json({"ok": False, "error": "not_authed"})
                return
            call.answer = slack.answer(method, params, token=call.token)
            self._json(call.answer)

        def _misbehave(self, failure: Failure, answer: bytes, kind: str) -> None:
            """Answer late, or not at all (a reset), as `failure` says."""
            if failure.delay:
                slack._stopping.wait(failure.delay)
            if failure.reset:
                self._reset()
                return
            with contextlib.suppress(OSError):  # the client may have given up already
                self._send(failure.status, answer, kind)

        def _reset(self) -> None:
            """Close the connection with a TCP RST and no answer."""
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            self.rfile.close()  # the socket closes for real only once no file is open on it
            self.connection.close()

        def _json(self, body: dict[str, Any]) -> None:
            self._send(200, json.dumps(body).encode(), "application/json")

        def _send(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def dm_channel(user_id: str) -> str:
    """The id of the bot's DM with `user_id` (as conversations.open names it here)."""
    return "D" + user_id.replace(",", "")[:10]


def _path_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1]


def _json_field(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    return json.loads(value) if isinstance(value, str) else value


def _parse(raw: bytes, headers: dict[str, str]) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in headers.get("content-type", ""):
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"body": parsed}
    if "form-urlencoded" in headers.get("content-type", ""):
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw.decode()).items()}
    return {"size": len(raw)}
