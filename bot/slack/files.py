"""Fetching a file someone shared with the bot: `files.info` through the app's WebClient (so
through SLACK_API_URL), then its `url_private_download` with the bot token.

The token goes only to Slack: to the host of SLACK_API_URL, or, for Slack itself, to a
`*.slack.com` host. A URL anywhere else is refused, never fetched."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

TIMEOUT_S = 30
_CHUNK = 64 * 1024


class FileUnavailable(Exception):
    """Slack did not give the file: gone, not shared with the bot, or refused."""


class FileTooLarge(Exception):
    """The file is larger than the caller's limit."""


@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    filetype: str
    size: int
    url: str


def shared_file(client: WebClient, file_id: str) -> SharedFile:
    """What Slack says about a file (`files.info`)."""
    try:
        info = client.files_info(file=file_id).get("file") or {}
    except SlackApiError as error:
        raise FileUnavailable(str(error.response.get("error") or "refused")) from None
    return file_from(info)


def file_from(info: dict[str, object]) -> SharedFile:
    """A file as a message event or `files.info` describes it."""
    return SharedFile(
        id=str(info.get("id") or ""),
        name=str(info.get("name") or info.get("title") or ""),
        filetype=str(info.get("filetype") or "").casefold(),
        size=_size(info.get("size")),
        url=str(info.get("url_private_download") or info.get("url_private") or ""),
    )


def download(client: WebClient, file: SharedFile, target: Path, *, max_bytes: int) -> Path:
    """Write the file's bytes to `target`; FileTooLarge past `max_bytes` (nothing kept)."""
    if not file.url or not _is_slack(file.url, client.base_url):
        raise FileUnavailable("the file's URL is not Slack's")
    request = urllib.request.Request(
        quote(file.url, safe=":/?&=%#+@,;~"),
        headers={"Authorization": f"Bearer {client.token}"},
        method="GET",
    )
    written = 0
    try:
        with (
            urllib.request.urlopen(request, timeout=TIMEOUT_S) as response,
            target.open("wb") as out,
        ):
            while chunk := response.read(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise FileTooLarge
                out.write(chunk)
    except FileTooLarge:
        target.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as error:
        target.unlink(missing_ok=True)
        raise FileUnavailable(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        target.unlink(missing_ok=True)
        raise FileUnavailable(type(getattr(error, "reason", error)).__name__) from None
    return target


def _is_slack(url: str, api_url: str) -> bool:
    wanted, api = urlsplit(url), urlsplit(api_url)
    if wanted.scheme not in ("http", "https") or not wanted.hostname:
        return False
    if wanted.hostname == api.hostname and wanted.port == api.port:
        return True
    from_slack = (api.hostname or "").endswith("slack.com")
    return from_slack and wanted.scheme == "https" and wanted.hostname.endswith(".slack.com")


def _size(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
