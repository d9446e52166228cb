"""Configuration: one pydantic-settings model read from the environment and `.env`.

A bad or missing value stops start-up with one sentence naming the variable
(`load_settings` turns pydantic's report into `ConfigError`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")

# pydantic field name -> the environment variable a person sets.
_ENV_NAMES = {
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "database_url": "DATABASE_URL",
    "data_dir": "CARESLOT_DATA_DIR",
    "jwt_secret": "CARESLOT_JWT_SECRET",
    "default_timezone": "CARESLOT_TIMEZONE",
    "log_level": "CARESLOT_LOG_LEVEL",
    "log_format": "CARESLOT_LOG_FORMAT",
    "bot_api_url": "CARESLOT_BOT_API_URL",
    "bot_api_file_url": "CARESLOT_BOT_API_FILE_URL",
    "update_id_window_hours": "CARESLOT_UPDATE_ID_WINDOW_HOURS",
    "slot_horizon_every_hours": "CARESLOT_SLOT_HORIZON_EVERY_HOURS",
    "http_host": "CARESLOT_HTTP_HOST",
    "http_port": "CARESLOT_HTTP_PORT",
    "webhook_url": "CARESLOT_WEBHOOK_URL",
    "webhook_secret": "CARESLOT_WEBHOOK_SECRET",
    "webhook_max_connections": "CARESLOT_WEBHOOK_MAX_CONNECTIONS",
    "webhook_max_body_bytes": "CARESLOT_WEBHOOK_MAX_BODY_BYTES",
    "metrics_token": "CARESLOT_METRICS_TOKEN",
    "public_url": "CARESLOT_PUBLIC_URL",
    "send_rate": "CARESLOT_SEND_RATE",
    "outbox_in_bot": "CARESLOT_OUTBOX_IN_BOT",
    "outbox_lease_seconds": "CARESLOT_OUTBOX_LEASE_SECONDS",
    "outbox_max_attempts": "CARESLOT_OUTBOX_MAX_ATTEMPTS",
    "outbox_poll_seconds": "CARESLOT_OUTBOX_POLL_SECONDS",
    "invite_ttl_hours": "CARESLOT_INVITE_TTL_HOURS",
}

# Telegram's own rules for setWebhook: the secret is 1-256 of A-Z a-z 0-9 _ -, and at most
# 100 connections at once.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_MAX_CONNECTIONS = (1, 100)
# An update is a few kilobytes; the limit only keeps a flood of huge bodies out.
WEBHOOK_MAX_BODY_BYTES = (1024, 16 * 1024 * 1024)

# Telegram keeps an update it could not deliver for at most 24 hours, so a window of 24 hours
# catches every redelivery; the upper bound only keeps the table from growing without end.
UPDATE_ID_WINDOW_HOURS = (1, 720)
# The slots are extended to the booking horizon at least once a week (a day is the default:
# the horizon moves by a day each day); more than hourly would only repeat empty runs.
SLOT_HORIZON_EVERY_HOURS = (1, 168)


class ConfigError(Exception):
    """A setting is missing or invalid; the message is the sentence to print."""


def default_data_dir() -> Path:
    """Where the embedded database and other state live unless told otherwise."""
    return Path(platformdirs.user_data_dir("careslot", appauthor=False))


class Settings(BaseSettings):
    """Everything CareSlot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    data_dir: Path = Field(default_factory=default_data_dir, alias="CARESLOT_DATA_DIR")
    jwt_secret: SecretStr = Field(
        default=SecretStr("careslot-development-secret-change-me"), alias="CARESLOT_JWT_SECRET"
    )
    default_timezone: str = Field(default="UTC", alias="CARESLOT_TIMEZONE")
    log_level: str = Field(default="INFO", alias="CARESLOT_LOG_LEVEL")
    log_format: str = Field(default="text", alias="CARESLOT_LOG_FORMAT")
    bot_api_url: str = Field(default="https://api.telegram.org/bot", alias="CARESLOT_BOT_API_URL")
    bot_api_file_url: str = Field(
        default="https://api.telegram.org/file/bot", alias="CARESLOT_BOT_API_FILE_URL"
    )
    # How long processed update ids are kept, so a redelivered update is handled once.
    update_id_window_hours: int = Field(default=24, alias="CARESLOT_UPDATE_ID_WINDOW_HOURS")
    # How often every doctor's slots are extended to their clinic's booking horizon.
    slot_horizon_every_hours: int = Field(default=24, alias="CARESLOT_SLOT_HORIZON_EVERY_HOURS")
    # The HTTP server of `run` and `webhook`: /healthz, /readyz, /metrics (and the webhook).
    http_host: str = Field(default="127.0.0.1", alias="CARESLOT_HTTP_HOST")
    http_port: int = Field(default=8080, alias="CARESLOT_HTTP_PORT")
    # Webhook mode: the public HTTPS URL Telegram posts to (the server listens on its path).
    webhook_url: str | None = Field(default=None, alias="CARESLOT_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="CARESLOT_WEBHOOK_SECRET")
    webhook_max_connections: int = Field(default=40, alias="CARESLOT_WEBHOOK_MAX_CONNECTIONS")
    webhook_max_body_bytes: int = Field(
        default=256 * 1024, alias="CARESLOT_WEBHOOK_MAX_BODY_BYTES"
    )
    # Where the HTTP server is reached from outside (calendar links); default: the webhook's.
    public_url: str | None = Field(default=None, alias="CARESLOT_PUBLIC_URL")
    # /metrics asks for this bearer token; without one it answers loopback clients only.
    metrics_token: SecretStr | None = Field(default=None, alias="CARESLOT_METRICS_TOKEN")
    # The outbox (services.dispatch): messages a second to Telegram overall, all dispatchers
    # together (Telegram allows about 30); whether `careslot run` sends them too (else only
    # `careslot dispatch` does); a claim's lease; sends of a row that failed for a moment
    # before it is given up; how often an idle dispatcher looks for due rows.
    # How long an invite link stays open (/invite).
    invite_ttl_hours: int = Field(default=72, ge=1, le=720, alias="CARESLOT_INVITE_TTL_HOURS")
    send_rate: float = Field(default=30.0, ge=0.1, le=1000, alias="CARESLOT_SEND_RATE")
    outbox_in_bot: bool = Field(default=True, alias="CARESLOT_OUTBOX_IN_BOT")
    outbox_lease_seconds: int = Field(
        default=60, ge=5, le=3600, alias="CARESLOT_OUTBOX_LEASE_SECONDS"
    )
    outbox_max_attempts: int = Field(default=5, ge=1, le=20, alias="CARESLOT_OUTBOX_MAX_ATTEMPTS")
    outbox_poll_seconds: float = Field(
        default=1.0, ge=0.05, le=60, alias="CARESLOT_OUTBOX_POLL_SECONDS"
    )

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        head, _, tail = raw.partition(":")
        if not raw or not head.isdigit() or len(tail) < 4:
            raise ValueError("it should look like 123456789:ABC... as given by @BotFather")
        return SecretStr(raw)

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("postgresql://", "postgres://", "postgresql+asyncpg://")):
            raise ValueError("it should start with postgresql:// (CareSlot runs on PostgreSQL)")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("it should be an IANA time zone such as Europe/Berlin") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"it should be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        fmt = value.strip().lower()
        if fmt not in LOG_FORMATS:
            raise ValueError(f"it should be one of {', '.join(LOG_FORMATS)}")
        return fmt

    @field_validator("update_id_window_hours")
    @classmethod
    def _window_in_range(cls, value: int) -> int:
        low, high = UPDATE_ID_WINDOW_HOURS
        if not low <= value <= high:
            raise ValueError(f"it should be a whole number of hours from {low} to {high}")
        return value

    @field_validator("slot_horizon_every_hours")
    @classmethod
    def _slot_horizon_every_in_range(cls, value: int) -> int:
        low, high = SLOT_HORIZON_EVERY_HOURS
        if not low <= value <= high:
            raise ValueError(f"it should be a whole number of hours from {low} to {high}")
        return value

    @field_validator("http_port")
    @classmethod
    def _port_in_range(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError("it should be a TCP port from 1 to 65535 (0: any free port)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("it should be the public https:// address Telegram posts to")
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value().encode()) < 32:  # RFC 7518: HS256 keys of 256 bits
            raise ValueError("it should be at least 32 characters long (a random string)")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("it should be an address such as https://bot.example.org")
        return value

    @property
    def public_base_url(self) -> str | None:
        """CARESLOT_PUBLIC_URL, else the scheme and host of the webhook URL."""
        if self.public_url:
            return self.public_url
        if self.webhook_url:
            parts = urlsplit(self.webhook_url)
            return f"{parts.scheme}://{parts.netloc}"
        return None

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("it should be 1 to 256 of the characters A-Z a-z 0-9 _ -")
        return value

    @field_validator("webhook_max_connections")
    @classmethod
    def _connections_in_range(cls, value: int) -> int:
        low, high = WEBHOOK_MAX_CONNECTIONS
        if not low <= value <= high:
            raise ValueError(f"it should be a whole number from {low} to {high}")
        return value

    @field_validator("webhook_max_body_bytes")
    @classmethod
    def _body_limit_in_range(cls, value: int) -> int:
        low, high = WEBHOOK_MAX_BODY_BYTES
        if not low <= value <= high:
            raise ValueError(f"it should be a number of bytes from {low} to {high}")
        return value

    @property
    def webhook_path(self) -> str:
        """The path the webhook is served on: the public URL's (a proxy passes it on)."""
        return urlsplit(self.webhook_url or "").path or "/telegram"

    def require_webhook(self) -> tuple[str, SecretStr]:
        """The webhook URL and secret, or a ConfigError saying what to set."""
        if self.webhook_url is None:
            raise ConfigError(
                "CARESLOT_WEBHOOK_URL is not set: webhook mode needs the public https:// "
                "address that Telegram posts updates to (or use `careslot run` to poll)."
            )
        if self.webhook_secret is None:
            raise ConfigError(
                "CARESLOT_WEBHOOK_SECRET is not set: webhook mode needs a secret of 1 to 256 "
                "characters A-Z a-z 0-9 _ - that Telegram sends with every update."
            )
        return self.webhook_url, self.webhook_secret

    @property
    def update_id_window(self) -> timedelta:
        return timedelta(hours=self.update_id_window_hours)

    @property
    def slot_horizon_every(self) -> timedelta:
        return timedelta(hours=self.slot_horizon_every_hours)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)

    def require_token(self) -> SecretStr:
        """The bot token, or a ConfigError saying how to provide it."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the "
                "environment or in .env (try `careslot demo` to run without one)."
            )
        return self.telegram_bot_token


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one ConfigError sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        name = _ENV_NAMES.get(field, field)
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name} is invalid: {reason}.") from None
