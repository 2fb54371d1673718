"""The bot scopes the app asks for when a workspace installs it (OAuth mode); manifest.yml
asks for the same ones (tests/test_manifest.py checks both, and that every Web API method
the app calls is covered)."""

from __future__ import annotations

BOT_SCOPES: tuple[str, ...] = (
    "commands",
    "chat:write",
    "users:read",
    "im:write",
    "files:write",
    "files:read",
    "im:history",
    "channels:history",
    "groups:history",
)
