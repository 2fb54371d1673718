"""OAuth mode: the app installable in any workspace.

`/slack/install` sends the installer to Slack's authorize page (a 302 with a fresh state,
also set as a cookie in their browser); Slack sends them back to `/slack/oauth_redirect` with a
code, which Bolt trades for the workspace's bot token (`oauth.v2.access`) and saves in
slack_sdk's SQLAlchemy installation store, on the app's own database. From then on each
request is authorised with its own workspace's token (Bolt's authorize reads the store).

The state is signed with SLACK_STATE_SECRET before it leaves, so a state this deployment did
not issue is refused without a look in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy.engine import Engine

from bot.catalog.language import DEFAULT, language_of_locale, speaking
from bot.catalog.texts.install import text as t
from bot.slack.scopes import BOT_SCOPES
from bot.wiring.settings import Settings
from storage.installations import oauth_state_store

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


class SignedStateStore(OAuthStateStore):
    """States from `inner` (one use each, expiring), signed with the state secret."""

    def __init__(self, inner: OAuthStateStore, secret: str) -> None:
        self._inner = inner
        self._key = secret.encode()

    @property
    def logger(self):  # type: ignore[no-untyped-def]
        return self._inner.logger

    def issue(self, *args: object, **kwargs: object) -> str:
        state = self._inner.issue()
        return f"{state}.{self._signature(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = (state or "").rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._signature(raw)):
            return False
        return bool(self._inner.consume(raw))

    def _signature(self, state: str) -> str:
        return hmac.new(self._key, state.encode(), hashlib.sha256).hexdigest()[:32]


def oauth_settings(
    settings: Settings, engine: Engine, store: SQLAlchemyInstallationStore
) -> OAuthSettings:
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_state_secret
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SignedStateStore(
            oauth_state_store(engine), settings.slack_state_secret.get_secret_value()
        ),
        callback_options=CallbackOptions(success=_installed, failure=_not_installed),
    )


def _installed(args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    team = installation.team_name or installation.team_id or ""
    with _in_their_language(args.request.headers):
        page = _page(
            t.INSTALL_DONE_TITLE,
            t.INSTALL_DONE.format(team=team),
            link=(f"slack://app?team={installation.team_id}&id={installation.app_id}"),
            label=t.INSTALL_OPEN_SLACK,
        )
    return _response(args.settings, 200, page)


def _not_installed(args: FailureArgs) -> BoltResponse:
    with _in_their_language(args.request.headers):
        page = _page(
            t.INSTALL_FAILED_TITLE,
            t.INSTALL_FAILED.format(reason=args.reason),
            link=args.settings.install_path,
            label=t.INSTALL_TRY_AGAIN,
        )
    return _response(args.settings, args.suggested_status_code, page)


@contextmanager
def _in_their_language(headers: dict[str, Sequence[str]]) -> Iterator[None]:
    """The browser's first language (Accept-Language), when the bot writes it."""
    accepted = (headers.get("accept-language") or [""])[0]
    first = accepted.split(",")[0].split(";")[0].strip()
    with speaking(language_of_locale(first) or DEFAULT):
        yield


def _page(title: str, body: str, *, link: str, label: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(body)}</p>"
        f'<p><a href="{html.escape(link)}">{html.escape(label)}</a></p></body></html>'
    )


def _response(settings: OAuthSettings, status: int, page: str) -> BoltResponse:
    return BoltResponse(
        status=status,
        body=page,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": settings.state_utils.build_set_cookie_for_deletion(),
        },
    )
