"""Requests to the app shaped and signed exactly as Slack sends them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.sandbox.standin import TEAM_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL_NAMES = {"C0SALES01": "sales"}
"""Where commands are typed, as Slack names the channel in payloads."""


@dataclass
class HttpReply:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def post(url: str, body: str, headers: dict[str, str], content_type: str) -> HttpReply:
    request = urllib.request.Request(
        url, data=body.encode(), method="POST", headers={**headers, "Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return HttpReply(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return HttpReply(error.code, error.read().decode())


def slash_command_body(
    command: str,
    text: str,
    *,
    user_id: str,
    response_url: str,
    channel_id: str = "C0SALES01",
    team_id: str = TEAM_ID,
) -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "team_domain": "standin",
            "channel_id": channel_id,
            "channel_name": "sales",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0CRMBOT1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"trigger.{user_id}.{time.monotonic_ns()}",
        }
    )


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def block_actions_payload(
    *,
    user_id: str,
    action_id: str,
    value: str,
    response_url: str | None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A click on a button (block "b1") in a view or in an ephemeral reply in #sales."""
    button = {"type": "button", "action_id": action_id, "block_id": "b1", "value": value}
    return element_payload(user_id=user_id, action=button, response_url=response_url, view=view)


def element_payload(
    *,
    user_id: str,
    action: dict[str, Any],
    response_url: str | None,
    view: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    channel_id: str = "C0SALES01",
) -> dict[str, Any]:
    """A block_actions payload for any element (`action` as Slack describes the click or
    pick), in a view, in a message the bot posted (`message` with its ts), or in an
    ephemeral reply."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "standin"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0CRMBOT1",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger.{user_id}.{time.monotonic_ns()}",
        "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
        payload["view"] = view
        return payload
    payload["channel"] = {"id": channel_id, "name": CHANNEL_NAMES.get(channel_id, channel_id)}
    payload["response_url"] = response_url
    if message is not None:
        payload["container"] = {
            "type": "message",
            "channel_id": channel_id,
            "message_ts": message.get("ts"),
            "is_ephemeral": False,
        }
        payload["message"] = message
    else:
        payload["container"] = {"type": "message", "is_ephemeral": True}
    return payload


def event_body(event: dict[str, Any], *, team_id: str = TEAM_ID) -> str:
    """An Events API callback carrying `event`, as JSON."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "api_app_id": "A0CRMBOT1",
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "event": event,
        }
    )


def shortcut_payload(
    callback_id: str,
    *,
    user_id: str,
    message: dict[str, Any] | None = None,
    channel_id: str = "C0SALES01",
    response_url: str | None = None,
) -> dict[str, Any]:
    """A global shortcut, or (with the `message` it was used on) a message shortcut."""
    payload: dict[str, Any] = {
        "type": "shortcut" if message is None else "message_action",
        "callback_id": callback_id,
        "team": {"id": TEAM_ID, "domain": "standin"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0CRMBOT1",
        "token": "legacy-verification-token",
        "action_ts": f"{time.time():.6f}",
        "trigger_id": f"trigger.{user_id}.{time.monotonic_ns()}",
    }
    if message is not None:
        payload["channel"] = {"id": channel_id, "name": CHANNEL_NAMES.get(channel_id, channel_id)}
        payload["message"] = {"type": "message", **message}
        payload["message_ts"] = message.get("ts")
        payload["response_url"] = response_url
    return payload


def options_payload(
    action_id: str,
    value: str,
    *,
    user_id: str,
    view: dict[str, Any] | None = None,
    block_id: str = "customer",
) -> dict[str, Any]:
    """What Slack sends while someone types into an external_select (block_suggestion)."""
    payload: dict[str, Any] = {
        "type": "block_suggestion",
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "team": {"id": TEAM_ID, "domain": "standin"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0CRMBOT1",
        "token": "legacy-verification-token",
        "action_ts": f"{time.time():.6f}",
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
        payload["view"] = {**view, "id": view.get("id", "V0")}
    return payload


def view_submission_payload(
    *, user_id: str, view: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Submit `view` as Slack would: the state holds every input, typed values or initial ones."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "standin"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0CRMBOT1",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger.{user_id}.{time.monotonic_ns()}",
        "view": {
            **view,
            "id": view.get("id", "V0"),
            "state": {"values": view_state(view, values)},
        },
        "response_urls": [],
    }


def view_state(view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        block_id = block["block_id"]
        given = values.get(block_id, _initial(element))
        state[block_id] = {element["action_id"]: _element_state(element, given)}
    return state


def _initial(element: dict[str, Any]) -> Any:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return element.get("initial_value")
    if kind in ("checkboxes", "multi_static_select"):
        return [o["value"] for o in element.get("initial_options") or []]
    if kind == "conversations_select":
        return element.get("initial_conversation")
    if kind in ("static_select", "external_select"):
        return (element.get("initial_option") or {}).get("value")
    if kind == "users_select":
        return element.get("initial_user")
    if kind == "datepicker":
        return element.get("initial_date")
    if kind == "timepicker":
        return element.get("initial_time")
    raise ValueError(f"unknown element {kind}")


def _element_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input"):
        return {"type": kind, "value": value if value != "" else None}
    if kind in ("checkboxes", "multi_static_select"):
        chosen = [o for o in element["options"] if o["value"] in (value or [])]
        return {"type": kind, "selected_options": chosen}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value}
    if kind == "static_select":
        options = [o for o in element["options"] if o["value"] == value]
        if value is not None and not options:
            raise ValueError(f"{value!r} is not an option of {element['action_id']}")
        return {"type": kind, "selected_option": options[0] if options else None}
    if kind == "external_select":  # `value` is the chosen option's value (or the option)
        if value is None or isinstance(value, dict):
            return {"type": kind, "selected_option": value}
        option = {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
        return {"type": kind, "selected_option": option}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    raise ValueError(f"unknown element {kind}")
