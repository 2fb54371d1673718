"""The real app on a real HTTP server, talking to the stand-in Slack, for end-to-end tests."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.sandbox.signed import (
    SIGNING_SECRET,
    HttpReply,
    block_actions_payload,
    event_body,
    interaction_body,
    options_payload,
    post,
    shortcut_payload,
    sign,
    slash_command_body,
    view_submission_payload,
)
from bot.sandbox.standin import BOT_TOKEN, TEAM_ID, Call, StandInSlack, dm_channel
from bot.wiring.app import create_app
from bot.wiring.settings import Settings, load_settings
from bot.wiring.web import make_server, make_wsgi_app


@dataclass
class MutableClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


def settings_for_standin(slack: StandInSlack, database_url: str, **extra: str) -> Settings:
    return load_settings(
        _env_file=None,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.url,
        DATABASE_URL=database_url,
        CRM_TIMEZONE="Asia/Shanghai",
        CRM_DEFAULT_REGION="US",
        **extra,
    )


class ServerThread:
    """Runs a waitress server on a thread and stops it from that same thread, so closing its
    sockets never races the loop that is polling them."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> ServerThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        server = self.server
        while not self._stopping.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.close()
        server.task_dispatcher.shutdown()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)


@dataclass
class Harness:
    slack: StandInSlack
    engine: Engine
    clock: MutableClock
    settings: Settings
    url: str = ""
    _server: ServerThread | None = None
    _views_taken: dict[str, int] = field(default_factory=dict)
    _answers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def start(self) -> Harness:
        app = create_app(self.settings, self.engine, clock=self.clock)
        server = make_server(
            make_wsgi_app(app, self.engine, signing_secret=SIGNING_SECRET), host="127.0.0.1", port=0
        )
        self.url = f"http://127.0.0.1:{server.effective_port}"
        self._server = ServerThread(server).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- what people do in Slack -------------------------------------------------------------

    def command(
        self, command: str, text: str, *, user: str, team: str = TEAM_ID
    ) -> tuple[HttpReply, str]:
        """Run a slash command (typed in workspace `team`); returns the HTTP reply and the
        command's response_url."""
        response_url = self.slack.response_url(uuid.uuid4().hex)
        body = slash_command_body(
            command, text, user_id=user, response_url=response_url, team_id=team
        )
        reply = self._post(body)
        if reply.status == 200 and reply.body.strip():
            self._answers[response_url] = reply.json()
        return reply, response_url

    def command_reply(
        self, command: str, text: str, *, user: str, team: str = TEAM_ID
    ) -> dict[str, Any]:
        """Run a slash command and wait for what it posts back to its response_url."""
        reply, url = self.command(command, text, user=user, team=team)
        assert reply.status == 200, reply
        return self.reply_to(url)

    def reply_to(self, response_url: str, *, count: int = 1) -> dict[str, Any]:
        """The `count`-th message a command or click sent back: a command's first reply is the
        body of Slack's HTTP answer, the rest arrive at its response_url."""
        answered = self._answers.get(response_url)
        if answered is not None:
            if count == 1:
                return answered
            count -= 1
        calls = self.slack.wait_for(
            "response_url", lambda c: c.params["path"] in response_url, count=count
        )
        return calls[count - 1].params

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        view: dict[str, Any] | None = None,
    ) -> tuple[HttpReply, str]:
        response_url = self.slack.response_url(uuid.uuid4().hex)
        payload = block_actions_payload(
            user_id=user, action_id=action_id, value=value, response_url=response_url, view=view
        )
        return self._post(interaction_body(payload)), response_url

    def act_on_message(
        self, message: dict[str, Any], action: dict[str, Any], *, user: str, channel: str
    ) -> HttpReply:
        """A click (button, select, date pick: `action`) on a message the app posted."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0CRMBOT1",
            "trigger_id": f"trigger.{time.monotonic_ns()}",
            "container": {"type": "message", "channel_id": channel, "message_ts": message["ts"]},
            "channel": {"id": channel},
            "message": {"ts": message["ts"]},
            "response_url": self.slack.response_url(),
            "actions": [action],
        }
        return self._post(interaction_body(payload))

    def submit(self, view: dict[str, Any], values: dict[str, Any], *, user: str) -> HttpReply:
        payload = view_submission_payload(user_id=user, view=view, values=values)
        return self._post(interaction_body(payload))

    def shortcut(
        self,
        callback_id: str,
        *,
        user: str,
        message: dict[str, Any] | None = None,
        channel: str = "C0SALES01",
    ) -> tuple[HttpReply, str]:
        """A global shortcut, or a message shortcut used on `message` (with its ts) in
        `channel`; returns the HTTP reply and the shortcut's response_url (a message's)."""
        response_url = self.slack.response_url(uuid.uuid4().hex)
        payload = shortcut_payload(
            callback_id,
            user_id=user,
            message=message,
            channel_id=channel,
            response_url=response_url,
        )
        return self._post(interaction_body(payload)), response_url

    def options(
        self, action_id: str, value: str, *, user: str, view: dict[str, Any] | None = None
    ) -> HttpReply:
        """Someone typed `value` into the external_select `action_id` (in `view`): Slack's
        block_suggestion request; the reply's JSON holds the options."""
        payload = options_payload(action_id, value, user_id=user, view=view)
        return self._post(interaction_body(payload))

    def send(self, payload: dict[str, Any]) -> HttpReply:
        """Post an interaction payload (a click, a pick, a submission) as Slack would."""
        return self._post(interaction_body(payload))

    def send_event(self, body: str) -> HttpReply:
        """Post an Events API callback (JSON) as Slack would."""
        return post(self.url + "/slack/events", body, sign(body), "application/json")

    def share_file(self, file: dict[str, Any], *, user: str, text: str = "import") -> HttpReply:
        """`user` shares `file` (from `slack.add_file`) in their DM with the bot, with `text`
        as its message: the `message` event (subtype file_share) Slack sends for it."""
        event = {
            "type": "message",
            "subtype": "file_share",
            "channel": dm_channel(user),
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": f"{time.time():.6f}",
            "files": [file],
        }
        return self.send_event(event_body(event))

    def opened_view(self, method: str = "views.open") -> dict[str, Any]:
        """The next view the app opened (or pushed, …) that this test has not looked at yet."""
        count = self._views_taken.get(method, 0) + 1
        calls = self.slack.wait_for(method, count=count)
        self._views_taken[method] = count
        return _view_of(calls[count - 1])

    def _post(self, body: str, **sign_options: Any) -> HttpReply:
        return post(
            self.url + "/slack/events",
            body,
            sign(body, **sign_options),
            "application/x-www-form-urlencoded",
        )

    def get(self, path: str, *, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
        """A browser's GET (the install link, Slack's redirect back): status, headers (lower
        case), body; redirects are not followed."""
        return browser_get(self.url + path, cookie=cookie)

    def post_raw(self, body: str, headers: dict[str, str]) -> HttpReply:
        return post(self.url + "/slack/events", body, headers, "application/x-www-form-urlencoded")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def browser_get(url: str, *, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, {k.lower(): v for k, v in headers.items()}, body.decode()


def _view_of(call: Call) -> dict[str, Any]:
    import json

    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def button(message: dict[str, Any], action_id_prefix: str) -> tuple[str, str]:
    """(action_id, value) of the first button in `message` whose action_id starts so."""
    for block in message.get("blocks", []):
        elements = list(block.get("elements", []))
        if "accessory" in block:
            elements.append(block["accessory"])
        for element in elements:
            if element.get("type") == "button" and element["action_id"].startswith(
                action_id_prefix
            ):
                return element["action_id"], element["value"]
    raise AssertionError(f"no button {action_id_prefix} in {message}")


def text_of(message: dict[str, Any]) -> str:
    """All the text a person would read in a message or view, joined."""
    parts: list[str] = [str(message.get("text") or "")]
    for block in message.get("blocks", []):
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for item in block.get("fields", []):
            parts.append(item["text"])
        for element in block.get("elements", []):
            if isinstance(element.get("text"), dict):
                parts.append(element["text"]["text"])
            elif isinstance(element.get("text"), str):
                parts.append(element["text"])
        if isinstance(block.get("accessory"), dict) and "text" in block["accessory"]:
            parts.append(block["accessory"]["text"]["text"])
    return "\n".join(parts)
