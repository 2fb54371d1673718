"""Putting people's and customers' text into Slack's mrkdwn safely."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, so no text
    typed by someone becomes a live mention (<!channel>), link or user reference."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ENTITY_LONGEST = len("&amp;")


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut. A cut never splits an escaped
    character (`&amp;`) or a Slack token (`<@U123>`, `<!date^…|…>`, a link): what would be
    split is left out whole."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:] and len(cut) - amp < _ENTITY_LONGEST:
        cut = cut[:amp]
    opened = cut.rfind("<")
    if opened != -1 and ">" not in cut[opened:]:
        cut = cut[:opened]
    return cut + "…"
