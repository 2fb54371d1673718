"""Putting people's and customers' text into Slack's mrkdwn safely."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, so no text
    typed by someone becomes a live mention (<!channel>), link or user reference."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
