"""Why crm-bot cannot start, each said in one line: the cause, then what to do about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.error import URLError

from pydantic import SecretStr
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.wiring.settings import Settings

Mode = Literal["socket", "http"]


class StartUpError(Exception):
    """`str()` is one line naming the cause and what to do."""


@dataclass(frozen=True)
class SlackSetting:
    name: str
    field: str
    example: str
    """Its value in .env.example: copied unchanged, it must not be sent to Slack."""
    what: str
    """What to put there, and where the Slack app's settings show it."""
    renew: str
    """How to get a new one when Slack refuses it."""
    needed_by: str = ""
    otherwise: str = ""

    def value(self, settings: Settings) -> str | None:
        secret: SecretStr | None = getattr(settings, self.field)
        return None if secret is None else secret.get_secret_value()


BOT_TOKEN = SlackSetting(
    "SLACK_BOT_TOKEN",
    "slack_bot_token",
    example="xoxb-your-bot-token",
    what="your bot token (xoxb-…, from OAuth & Permissions)",
    renew="reinstall the app to your workspace and copy its new bot token",
)
APP_TOKEN = SlackSetting(
    "SLACK_APP_TOKEN",
    "slack_app_token",
    example="xapp-your-app-level-token",
    what="an app-level token with connections:write (xapp-…, from Basic Information)",
    renew="generate a new one with connections:write (Basic Information > App-Level Tokens)",
    needed_by="Socket Mode needs it: ",
    otherwise=", or run with --http (make run HTTP=1)",
)
SIGNING_SECRET = SlackSetting(
    "SLACK_SIGNING_SECRET",
    "slack_signing_secret",
    example="your-signing-secret",
    what="your signing secret (from Basic Information > App Credentials)",
    renew="copy it again from Basic Information > App Credentials",
    needed_by="HTTP mode needs it to verify Slack: ",
)
SLACK_SETTINGS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET)
NO_SLACK_SETTINGS = (
    "no Slack settings (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET) found, so this"
    ' is the sandbox with demo data; see README "Installing in Slack" to run it in your workspace'
)


OAUTH_NEEDS_HTTP = (
    "OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET set) needs HTTP"
    " mode, which serves /slack/install and /slack/oauth_redirect: run with --http"
    " (make run HTTP=1), or remove those three from .env to use SLACK_BOT_TOKEN in Socket Mode"
)


def has_slack_settings(settings: Settings) -> bool:
    """Whether any SLACK_ credential is set; with none, `crm-bot start` opens the sandbox."""
    oauth = (settings.slack_client_id, settings.slack_client_secret, settings.slack_state_secret)
    return any(setting.value(settings) is not None for setting in SLACK_SETTINGS) or any(
        value is not None for value in oauth
    )


def check_slack_settings(settings: Settings, *, mode: Mode | None) -> None:
    """StartUpError unless the bot token, and what `mode` needs besides (the app-level token
    for Socket Mode, the signing secret for HTTP), are set to something other than
    .env.example's values. A setting the mode doesn't use may keep its example value.

    In OAuth mode no bot token is needed (each workspace's is in the database), and Socket
    Mode is refused: installing needs the HTTP server's /slack/install and redirect URL."""
    needed = [BOT_TOKEN] + {"socket": [APP_TOKEN], "http": [SIGNING_SECRET], None: []}[mode]
    oauth = {
        "SLACK_CLIENT_ID": settings.slack_client_id,
        "SLACK_CLIENT_SECRET": settings.slack_client_secret,
        "SLACK_STATE_SECRET": settings.slack_state_secret,
    }
    missing = [name for name, value in oauth.items() if value is None]
    if 0 < len(missing) < len(oauth):
        raise StartUpError(
            f"{', '.join(missing)} not set; OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET"
            " and SLACK_STATE_SECRET (from Basic Information > App Credentials; the state secret"
            " is any long random string), or none of them for single-token mode"
        )
    if settings.oauth_mode:
        if mode == "socket":
            raise StartUpError(OAUTH_NEEDS_HTTP)
        needed.remove(BOT_TOKEN)
    for setting in needed:
        value = setting.value(settings)
        if value is None:
            raise StartUpError(
                f"{setting.name} is not set; {setting.needed_by}put {setting.what} in .env"
                f"{setting.otherwise} (see .env.example)"
            )
        if value == setting.example:
            raise StartUpError(
                f"{setting.name} is still the example value from .env.example; put {setting.what}"
                " in .env, or remove the SLACK_ lines from .env to try the sandbox"
            )


def database_failure(error: Exception, database_url: str) -> StartUpError:
    if isinstance(error, OperationalError):
        if make_url(database_url).get_backend_name() == "sqlite":
            advice = "check the file's path and permissions in DATABASE_URL in .env"
        else:
            advice = "start the database server, or fix DATABASE_URL in .env"
        return StartUpError(
            f"cannot reach the database in DATABASE_URL ({_first_line(error.orig)}); {advice}"
        )
    if isinstance(error, OSError):  # e.g. a SQLite file in a folder that cannot be made
        return StartUpError(
            f"cannot use the database in DATABASE_URL ({error.strerror or error}); "
            "fix the path in DATABASE_URL in .env"
        )
    # A URL for no known database, a schema it cannot take, …
    return StartUpError(
        f"cannot use the database in DATABASE_URL ({_first_line(error)}); "
        "check DATABASE_URL in .env"
    )


def slack_failure(error: Exception, settings: Settings, token: SlackSetting) -> StartUpError:
    """What went wrong in the first call to Slack with `token`."""
    refused = _slack_error(error)
    if refused is not None:
        return StartUpError(
            f"{token.name} was refused by Slack ({refused}); check {token.name} in .env, "
            f"or {token.renew}"
        )
    if isinstance(error, OSError):  # no route, refused, DNS, TLS, timed out
        return StartUpError(
            f"cannot reach Slack at {settings.slack_api_url} ({_reason(error)}); check the "
            "network and any proxy (HTTPS_PROXY), or SLACK_API_URL in .env"
        )
    return StartUpError(
        f"the Slack app could not start ({_first_line(error)}); check the SLACK_ settings in .env"
    )


def _slack_error(error: BaseException | None) -> str | None:
    """Slack's error code when Slack answered no: Bolt raises its own error with Slack's as
    the one being handled."""
    while error is not None:
        if isinstance(error, SlackApiError):
            return str(error.response.get("error") or "no reason given")
        error = error.__cause__ or error.__context__
    return None


def _reason(error: OSError) -> str:
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _first_line(reason)


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
