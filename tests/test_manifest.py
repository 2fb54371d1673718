"""manifest.yml declares what the app registers, and no more: every slash command, event and
shortcut the handlers register is in the manifest and the other way round; interactivity and
the options URL are on when listeners need them; the bot scopes are those the OAuth install
asks for (bot.slack.scopes) and cover every Web API method the code calls.

The listeners are read by running `handlers.register_all` on a recorder that stands in for the
Bolt app, so a listener of any kind (app.shortcut, app.message_shortcut, app.options…) added
anywhere is seen here."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import pytest
import yaml
from slack_bolt import App
from slack_sdk import WebClient

import handlers
from bot.slack.scopes import BOT_SCOPES
from bot.wiring.installs import REDIRECT_PATH

ROOT = Path(__file__).resolve().parent.parent
MANIFEST: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
CODE_PACKAGES = ("bot", "handlers", "scheduler", "storage")
SHORTCUT_KINDS = {"shortcut": None, "global_shortcut": "global", "message_shortcut": "message"}
INTERACTIVE_KINDS = {"action", "block_action", "view", "view_submission", "view_closed"}
INTERACTIVE_KINDS |= {"options", "block_suggestion", "dialog_suggestion", "attachment_action"}
INTERACTIVE_KINDS |= set(SHORTCUT_KINDS)
OPTIONS_KINDS = {"options", "block_suggestion", "dialog_suggestion"}

METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth_test": frozenset(),
    "chat_getPermalink": frozenset(),  # Slack: no scope needed
    "chat_postEphemeral": frozenset({"chat:write"}),
    "chat_postMessage": frozenset({"chat:write"}),
    "chat_update": frozenset({"chat:write"}),
    "conversations_history": frozenset({"im:history", "channels:history", "groups:history"}),
    "conversations_open": frozenset({"im:write"}),
    "files_info": frozenset({"files:read"}),
    "files_upload_v2": frozenset({"files:write"}),
    "users_info": frozenset({"users:read"}),
    "views_open": frozenset(),
    "views_publish": frozenset(),
    "views_push": frozenset(),
    "views_update": frozenset(),
}
"""The bot scopes each Web API method the app calls needs (docs.slack.dev/reference/methods)."""
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
    "app_mention": frozenset({"app_mentions:read"}),
    "message.im": frozenset({"im:history"}),
    "message.channels": frozenset({"channels:history"}),
    "message.groups": frozenset({"groups:history"}),
    "message.mpim": frozenset({"mpim:history"}),
}


class Recorder:
    """Stands in for the Bolt app: notes (kind, key) for every listener registered."""

    def __init__(self) -> None:
        self.found: list[tuple[str, Any]] = []

    def __getattr__(self, kind: str) -> Callable[..., Callable[[Any], Any]]:
        def note(key: Any = None, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
            self.found.append((kind, key))
            return lambda listener: listener

        return note

    def keys(self, *kinds: str) -> list[Any]:
        return [key for kind, key in self.found if kind in kinds]


@pytest.fixture(scope="module")
def registered() -> Recorder:
    recorder = Recorder()
    handlers.register_all(cast(App, recorder))
    return recorder


def _features() -> dict[str, Any]:
    return cast(dict[str, Any], MANIFEST.get("features") or {})


def _settings() -> dict[str, Any]:
    return cast(dict[str, Any], MANIFEST.get("settings") or {})


def _bot_events() -> list[str]:
    return [str(e) for e in (_settings().get("event_subscriptions") or {}).get("bot_events", [])]


def _scopes() -> list[str]:
    return [str(s) for s in MANIFEST["oauth_config"]["scopes"]["bot"]]


def _matches(key: Any, name: str) -> bool:
    if isinstance(key, re.Pattern):
        return bool(key.fullmatch(name))
    if isinstance(key, dict):
        key = key.get("callback_id") or key.get("type") or key.get("command")
    return bool(key == name)


def test_the_recorder_sees_the_listeners(registered: Recorder) -> None:
    assert "/followup" in registered.keys("command")
    assert "app_home_opened" in registered.keys("event")


def test_slash_commands_match(registered: Recorder) -> None:
    declared = {str(c["command"]) for c in _features().get("slash_commands") or []}
    assert set(registered.keys("command")) == declared


def test_events_match(registered: Recorder) -> None:
    """`message.im` in the manifest is a `message` listener in the app."""
    declared = {event.split(".")[0] for event in _bot_events()}
    listened = {
        str(key.get("type") if isinstance(key, dict) else key) for key in registered.keys("event")
    }
    listened |= {"message"} if registered.keys("message") else set()
    assert listened == declared, "register each event in handlers and declare it in manifest.yml"


def test_shortcuts_match(registered: Recorder) -> None:
    declared = {
        str(s["callback_id"]): str(s.get("type")) for s in _features().get("shortcuts") or []
    }
    for kind, shortcut_type in SHORTCUT_KINDS.items():
        for key in registered.keys(kind):
            hits = [name for name in declared if _matches(key, name)]
            assert hits, f"shortcut {key!r} is registered but not in manifest.yml"
            wanted = shortcut_type or (key.get("type") if isinstance(key, dict) else None)
            for name in hits:
                assert wanted in (None, declared[name]), f"{name} is a {declared[name]} shortcut"
    shortcuts = registered.keys(*SHORTCUT_KINDS)
    for name in declared:
        assert any(_matches(key, name) for key in shortcuts), f"{name} has no listener"
    if declared:
        assert "commands" in _scopes(), "shortcuts need the commands scope"


def test_interactivity_is_on_where_listeners_need_it(registered: Recorder) -> None:
    interactivity = _settings().get("interactivity") or {}
    if any(kind in INTERACTIVE_KINDS for kind, _key in registered.found):
        assert interactivity.get("is_enabled") is True
        assert interactivity.get("request_url")
    if any(kind in OPTIONS_KINDS for kind, _key in registered.found):
        assert interactivity.get("message_menu_options_url"), (
            "external selects: Slack asks the Select Menus options URL "
            "(settings.interactivity.message_menu_options_url)"
        )


def test_the_home_tab_is_on_when_the_app_publishes_it(registered: Recorder) -> None:
    if "app_home_opened" in registered.keys("event"):
        assert (_features().get("app_home") or {}).get("home_tab_enabled") is True


def test_the_install_asks_for_the_manifests_scopes() -> None:
    assert len(_scopes()) == len(set(_scopes()))
    assert set(_scopes()) == set(BOT_SCOPES)


def _web_api_calls() -> dict[str, set[str]]:
    """WebClient methods the code calls (`client.views_open(…)`), with where."""
    methods = {n for n in dir(WebClient) if not n.startswith("_") and n != "api_call"}
    found: dict[str, set[str]] = {}
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "sandbox" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in methods
                ):
                    found.setdefault(node.func.attr, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_web_api_method_called_has_its_scopes() -> None:
    calls = _web_api_calls()
    assert {"chat_postMessage", "users_info", "views_open"} <= set(calls)
    unknown = {m: sorted(where) for m, where in calls.items() if m not in METHOD_SCOPES}
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"
    missing = {
        method: sorted(METHOD_SCOPES[method] - set(_scopes()))
        for method in calls
        if METHOD_SCOPES[method] - set(_scopes())
    }
    assert not missing, f"manifest.yml lacks scopes these calls need: {missing}"


def test_every_event_has_its_scopes(registered: Recorder) -> None:
    unknown = [event for event in _bot_events() if event not in EVENT_SCOPES]
    assert not unknown, f"add these events and their scopes to EVENT_SCOPES: {unknown}"
    for event in _bot_events():
        assert EVENT_SCOPES[event] <= set(_scopes()), event
    if registered.keys("command"):
        assert "commands" in _scopes()


def test_the_redirect_url_is_the_apps_placeholder() -> None:
    [url] = MANIFEST["oauth_config"]["redirect_urls"]
    parsed = urlparse(url)
    assert parsed.scheme == "https" and parsed.netloc == "crm.example.com"
    assert parsed.path == REDIRECT_PATH
