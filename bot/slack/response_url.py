"""Posting a reply to a response URL (a command's, a click's or a modal's).

Plain HTTP rather than slack_sdk's WebhookClient, which logs every failed attempt as an error
line of its own: a failure here is the caller's to report, once, and to fall back from."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_S = 10


def post_reply(url: str, message: dict[str, Any]) -> str | None:
    """None when Slack took the reply; otherwise a few words on what went wrong."""
    body = json.dumps({k: v for k, v in message.items() if v is not None}).encode()
    try:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return type(getattr(error, "reason", error)).__name__
    except ValueError:  # not a URL at all
        return "not a URL"
    return None if status == 200 else f"HTTP {status}"
