"""Configuration: one pydantic-settings model read from the environment and `.env`.

A bad or missing value stops start-up with one sentence naming the variable
(`load_settings` turns pydantic's report into `ConfigError`).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# pydantic field name -> the environment variable a person sets.
_ENV_NAMES = {
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "database_url": "DATABASE_URL",
    "data_dir": "CARESLOT_DATA_DIR",
    "jwt_secret": "CARESLOT_JWT_SECRET",
    "default_timezone": "CARESLOT_TIMEZONE",
    "log_level": "CARESLOT_LOG_LEVEL",
    "bot_api_url": "CARESLOT_BOT_API_URL",
    "bot_api_file_url": "CARESLOT_BOT_API_FILE_URL",
    "update_id_window_hours": "CARESLOT_UPDATE_ID_WINDOW_HOURS",
    "slot_horizon_every_hours": "CARESLOT_SLOT_HORIZON_EVERY_HOURS",
    "send_rate": "CARESLOT_SEND_RATE",
    "outbox_in_bot": "CARESLOT_OUTBOX_IN_BOT",
    "outbox_lease_seconds": "CARESLOT_OUTBOX_LEASE_SECONDS",
    "outbox_max_attempts": "CARESLOT_OUTBOX_MAX_ATTEMPTS",
    "outbox_poll_seconds": "CARESLOT_OUTBOX_POLL_SECONDS",
}

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
    bot_api_url: str = Field(default="https://api.telegram.org/bot", alias="CARESLOT_BOT_API_URL")
    bot_api_file_url: str = Field(
        default="https://api.telegram.org/file/bot", alias="CARESLOT_BOT_API_FILE_URL"
    )
    # How long processed update ids are kept, so a redelivered update is handled once.
    update_id_window_hours: int = Field(default=24, alias="CARESLOT_UPDATE_ID_WINDOW_HOURS")
    # How often every doctor's slots are extended to their clinic's booking horizon.
    slot_horizon_every_hours: int = Field(default=24, alias="CARESLOT_SLOT_HORIZON_EVERY_HOURS")
    # The outbox (services.dispatch): messages a second to Telegram overall, all dispatchers
    # together (Telegram allows about 30); whether `careslot run` sends them too (else only
    # `careslot dispatch` does); a claim's lease; sends of a row that failed for a moment
    # before it is given up; how often an idle dispatcher looks for due rows.
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
