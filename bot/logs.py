"""Logging set-up: no token and no personal or medical data reaches a log line.

Three layers, because data reaches logs by three roads:
- the engine hides statement parameters (`db.engine.make_engine`), and the formatter
  below writes database errors as their SQLSTATE and constraint only: PostgreSQL's own
  DETAIL line repeats the row ("Failing row contains (…)", "Key (phone)=(…)");
- records of third-party loggers below WARNING keep their message template but lose
  their arguments, except numbers and Bot API method names: at DEBUG python-telegram-bot
  logs every update and every call's parameters, which hold names, phones and texts;
- the bot token is replaced wherever it still shows up.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, StatementError
from telegram import Bot

# Loggers of CareSlot itself: they log identifiers only, so their arguments are kept.
OWN = frozenset({"careslot", "bot", "handlers", "services", "db", "migrations"})

# Third-party loggers that are noisy below WARNING and say nothing an operator needs.
QUIET = ("httpx", "httpcore", "apscheduler", "alembic", "sqlalchemy", "asyncpg", "aiohttp")

_HIDDEN = "…"
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


# The update being handled, set by the update processor: every record logged while it
# runs carries its ids (ids only: update, Telegram user and chat, its kind).
UPDATE_CONTEXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "careslot_update", default=None
)
_EXTRA_FIELDS = ("handler", "duration_ms", "error_code")


# A deep link's start parameter is an invite's one-time code: "/start <code>" as a message,
# "?start=<code>" in a link. Whatever logs either, the code itself never reaches a line.
START_PAYLOAD = re.compile(r"(/start(?:@\w+)?\s+|[?&]start=)[A-Za-z0-9_-]+")


class RedactFilter(logging.Filter):
    """Replaces secrets (the bot token) and start parameters (invite codes) in every record
    that passes a handler."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = START_PAYLOAD.sub(r"\1[REDACTED]", message)
        for secret in self._secrets:
            redacted = redacted.replace(secret, "[REDACTED]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class ThirdPartyArgsFilter(logging.Filter):
    """Keeps a third-party DEBUG/INFO record's template and hides its arguments.

    "Calling Bot API endpoint `sendMessage` with parameters `{…}`" stays useful: numbers
    (ids) and Bot API method names pass, everything else becomes "…".
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or record.name.split(".")[0] in OWN:
            return True
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_safe_arg(a) for a in args)
        return True


def _safe_arg(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _is_bot_method(value):
        return value
    return _HIDDEN


def _is_bot_method(name: str) -> bool:
    """True for a Bot API method name such as sendMessage (PTB's camelCase aliases)."""
    return name.isidentifier() and name[:1].islower() and callable(getattr(Bot, name, None))


class PrivateFormatter(logging.Formatter):
    """Writes tracebacks with database and validation errors reduced to safe facts."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the traceback text on the record; another handler's formatter
        # may have cached the unsafe one, so it is always rendered here.
        record.exc_text = None
        return super().format(record)

    def formatException(self, ei) -> str:
        _, error, _ = ei
        if error is None:
            return super().formatException(ei)
        return "".join(_safe_traceback(error)).rstrip("\n")


class JsonLinesFormatter(PrivateFormatter):
    """One JSON object per record: time, level, logger, message, the update's ids, and the
    `handler` / `duration_ms` / `error_code` a record was given as extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(UPDATE_CONTEXT.get() or {})
        # The handler the update went to (handlers.routing.HANDLER), read without importing
        # the handlers here: logging is set up before them, also by commands that never
        # load them.
        routing = sys.modules.get("handlers.routing")
        if routing is not None and (handler := routing.HANDLER.get()) is not None:
            entry["handler"] = handler
        for name in _EXTRA_FIELDS:
            if (value := getattr(record, name, None)) is not None:
                entry[name] = value
        if record.exc_info and record.exc_info[1] is not None:
            entry["error"] = type(record.exc_info[1]).__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _safe_traceback(error: BaseException) -> list[str]:
    """The traceback of `error` and its chain, with each message made safe."""
    chain: list[tuple[BaseException, str | None]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link: str | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    lines: list[str] = []
    for exc, link_text in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(exc.__traceback__))
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {safe_message(exc)}\n")
        if link_text is not None:
            lines.append(link_text)
    return lines


def safe_message(error: BaseException) -> str:
    """What may be logged of an exception's message."""
    if isinstance(error, DBAPIError):
        return _database_facts(error.orig) + " (statement and parameters not logged)"
    if isinstance(error, StatementError):
        return "statement failed (statement and parameters not logged)"
    if isinstance(error, ValidationError):
        places = ", ".join(
            f"{'.'.join(map(str, e['loc'])) or '-'}:{e['type']}" for e in error.errors()
        )
        return f"{error.error_count()} validation errors ({places}); input not logged"
    if _is_postgres_error(error):
        return _database_facts(error)
    return str(error)


def _is_postgres_error(error: BaseException) -> bool:
    """asyncpg's errors and SQLAlchemy's adapted copies of them carry a sqlstate."""
    return getattr(error, "sqlstate", None) is not None or type(error).__module__.startswith(
        ("asyncpg", "sqlalchemy.dialects")
    )


def _database_facts(error: object) -> str:
    """SQLSTATE, class and constraint of a database error; never its message or DETAIL."""
    source = error
    cause = getattr(error, "__cause__", None)
    if cause is not None and getattr(cause, "sqlstate", None) is not None:
        source = cause  # asyncpg's own error, under SQLAlchemy's adapter
    facts = [type(source).__name__]
    for field in ("sqlstate", "constraint_name", "table_name", "column_name"):
        value = getattr(source, field, None)
        if value:
            facts.append(f"{field}={value}")
    return " ".join(facts)


def configure_logging(
    level: str = "INFO",
    *,
    secrets: list[str] | None = None,
    stream: IO[str] | None = None,
    json_lines: bool = False,
) -> logging.Handler:
    """Root logging to stderr (or `stream`), as text or JSON lines, with the privacy
    filters on the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter = (
        JsonLinesFormatter()
        if json_lines
        else PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.setFormatter(formatter)
    handler.addFilter(ThirdPartyArgsFilter())
    handler.addFilter(RedactFilter(secrets or []))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def add_secret(secret: str) -> None:
    """Also redact `secret` on handlers configured before it was known."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactFilter([secret]))
