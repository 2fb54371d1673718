"""Reading a one-line follow-up: what happened, how, and the next step after `next:`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.catalog.cleaning import without_controls
from storage.models import FollowUpMethod

_NEXT_MARKER = re.compile(
    r"(?:(?<=^)|(?<=[\s,，;；。.]))(?:next\s+steps?|next|then)\s*[:：]|下一步\s*[:：]",
    re.IGNORECASE,
)
_METHOD_WORDS: tuple[tuple[FollowUpMethod, str], ...] = (
    (
        FollowUpMethod.CALL,
        r"\b(?:call|called|calling|calls|rang|ring|phoned|dialed)\b|电话|致电|通话",
    ),
    (FollowUpMethod.VISIT, r"\b(?:visit|visited|visiting|on-?site)\b|拜访|上门|来访|走访"),
    (FollowUpMethod.EMAIL, r"\b(?:e-?mail|e-?mailed|mailed)\b|邮件|邮箱"),
    (
        FollowUpMethod.MEETING,
        r"\b(?:meeting|meetings|met|meet|zoom|teams call|webinar|demo)\b|会议|开会|见面|会面",
    ),
    (
        FollowUpMethod.MESSAGE,
        r"\b(?:texted|text|messaged|message|wechat|whatsapp|sms|dm|dm'd)\b|微信|短信|消息",
    ),
)


@dataclass(frozen=True)
class FollowUpLine:
    subject: str
    """The customer followed by what happened."""
    next_text: str | None
    """What comes after `next:` (may hold a date phrase), or None."""


def clean_slack_text(text: str) -> str:
    """Slash-command text arrives HTML-escaped (&amp; &lt; &gt;); undo that and trim."""
    return without_controls(html.unescape(text)).strip()


def split_followup_line(text: str) -> FollowUpLine:
    marker = _NEXT_MARKER.search(text)
    if marker is None:
        return FollowUpLine(subject=text.strip(), next_text=None)
    subject = text[: marker.start()].strip().rstrip(",，;；。.").strip()
    next_text = text[marker.end() :].strip().rstrip("。.").strip()
    return FollowUpLine(subject=subject, next_text=next_text or None)


def infer_method(text: str) -> FollowUpMethod:
    """The contact method named earliest in the text; `other` if none is."""
    earliest: tuple[int, FollowUpMethod] | None = None
    for method, pattern in _METHOD_WORDS:
        found = re.search(pattern, text, re.IGNORECASE)
        if found and (earliest is None or found.start() < earliest[0]):
            earliest = (found.start(), method)
    return earliest[1] if earliest else FollowUpMethod.OTHER


MAX_LINK = 500


def keep_link(text: str, link: str | None) -> str:
    """What happened, with the link of the Slack message it was logged from on a line of its
    own, unless it is there already (or is not a link Slack would have given)."""
    if not link or len(link) > MAX_LINK or not link.startswith("https://"):
        return text
    if any(char.isspace() for char in link) or link in text:
        return text
    return f"{text}\n{link}" if text else link
