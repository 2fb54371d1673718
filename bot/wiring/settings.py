"""Settings, read only from the environment (and an optional `.env` file).

The names here are a public contract: operators set them in their deployment tooling.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from babel.numbers import list_currencies
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SLACK_DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///./data/crmbot.sqlite3"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SettingsError(Exception):
    """A setting is missing or malformed. `str()` is one line naming the setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=SLACK_DEFAULT_API_URL, alias="SLACK_API_URL")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_state_secret: SecretStr | None = Field(default=None, alias="SLACK_STATE_SECRET")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    crm_timezone: str = Field(default="UTC", alias="CRM_TIMEZONE")
    crm_admins: str = Field(default="", alias="CRM_ADMINS")
    crm_default_region: str = Field(default="US", alias="CRM_DEFAULT_REGION")
    crm_currency: str = Field(default="USD", alias="CRM_CURRENCY")
    crm_encryption_key: SecretStr | None = Field(default=None, alias="CRM_ENCRYPTION_KEY")

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with 'xoxb-'")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with 'xapp-'")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("is not a database URL (e.g. sqlite:///./data/crm.db)") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("must be a sqlite:// or postgresql+psycopg:// URL")
        return value

    @field_validator("crm_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use e.g. Asia/Shanghai)") from exc
        return value

    @field_validator("crm_admins")
    @classmethod
    def _admins(cls, value: str) -> str:
        for user_id in _split_ids(value):
            if not _USER_ID.match(user_id):
                raise ValueError(f"{user_id!r} is not a Slack user ID like U012ABCDEF")
        return value

    @field_validator("crm_default_region")
    @classmethod
    def _region(cls, value: str) -> str:
        region = value.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{value!r} is not a two-letter region code such as US or CN")
        return region

    @field_validator("crm_currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.strip().upper()
        if code == "RMB":
            raise ValueError("'RMB' is a name, not an ISO 4217 code: write CNY for renminbi")
        if code not in list_currencies():
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as USD or CNY")
        return code

    def secrets(self) -> list[str]:
        """Values that must never appear in a log: tokens, the signing secret, the
        database password."""
        found = [
            secret.get_secret_value()
            for secret in (
                self.slack_bot_token,
                self.slack_signing_secret,
                self.slack_app_token,
                self.slack_client_secret,
                self.slack_state_secret,
            )
            if secret is not None
        ]
        if self.crm_encryption_key is not None:
            found.extend(
                key.strip()
                for key in self.crm_encryption_key.get_secret_value().split(",")
                if key.strip()
            )
        password = make_url(self.database_url).password
        if password:
            found.append(str(password))
        return found

    @property
    def oauth_mode(self) -> bool:
        """Installable in any workspace: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
        SLACK_STATE_SECRET all set. Each workspace then uses the bot token it installed with,
        and SLACK_BOT_TOKEN is ignored."""
        return all(
            value is not None
            for value in (self.slack_client_id, self.slack_client_secret, self.slack_state_secret)
        )

    def bot_token(self) -> str:
        """The bot token; SettingsError if it is not set (only `db` commands run without it)."""
        if self.slack_bot_token is None:
            raise SettingsError("SLACK_BOT_TOKEN is not set (see .env.example)")
        return self.slack_bot_token.get_secret_value()

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(_split_ids(self.crm_admins))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.crm_timezone)


def _split_ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError with one readable line on the first problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        name = _env_name(field)
        if first["type"] == "missing":
            raise SettingsError(f"{name} is not set (see .env.example)") from None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} {message}") from None


def _env_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    if info is not None and info.alias:
        return info.alias
    return field.upper()


def describe_settings(settings: Settings) -> list[str]:
    """'NAME=value' per setting, for `crm-bot config show`: secrets say only whether they are
    set, and a password in DATABASE_URL is hidden."""
    lines: list[str] = []
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            shown = "(set, hidden)"
        elif value is None:
            shown = "(not set)"
        elif name == "database_url":
            shown = make_url(value).render_as_string(hide_password=True)
        else:
            shown = str(value)
        lines.append(f"{field.alias or name.upper()}={shown}")
    return lines
