"""Prometheus metrics of the bot process (served on /metrics by `bot.web`).

Labels are bounded sets only (update kinds, Bot API methods, error classes, audit
actions): never a user, chat or text.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from telegram import Update
from telegram.ext import CallbackContext

from services.errors import DomainError

UPDATES = Counter("careslot_updates_total", "Updates handled, by kind", ["kind"])
UPDATE_SECONDS = Histogram(
    "careslot_update_seconds",
    "Time an update took from its chat's turn to its last answer",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ERRORS = Counter("careslot_errors_total", "Errors while handling updates, by kind", ["kind"])
BOT_API_CALLS = Counter("careslot_bot_api_calls_total", "Bot API calls, by method", ["method"])
BOT_API_LIMITED = Counter(
    "careslot_bot_api_429_total", "Bot API calls answered 429 (flood control), by method",
    ["method"],
)  # fmt: skip
OUTBOX_BACKLOG = Gauge("careslot_outbox_backlog", "Notifications due and not yet sent")
OUTBOX_OLDEST_DUE = Gauge(
    "careslot_outbox_oldest_due_seconds", "How long the oldest unsent due notification waits"
)
DB_POOL_IN_USE = Gauge("careslot_db_pool_in_use", "Database connections checked out")
DB_POOL_SIZE = Gauge("careslot_db_pool_size", "Database connections the pool keeps open")
WEBHOOK_REFUSED = Counter(
    "careslot_webhook_refused_total", "Webhook requests refused, by reason", ["reason"]
)

_KINDS = ("message", "edited_message", "callback_query", "my_chat_member", "chat_member",
          "channel_post", "edited_channel_post", "inline_query", "pre_checkout_query")  # fmt: skip


def update_kind(update: object) -> str:
    if isinstance(update, Update):
        for kind in _KINDS:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


async def count_error(update: object, context: CallbackContext) -> None:
    """An error handler beside the one that answers the user: counts the error's kind."""
    error = context.error
    if isinstance(error, DomainError):
        kind = f"domain:{error.code}"
    else:
        kind = type(error).__name__ if error is not None else "unknown"
    ERRORS.labels(kind=kind).inc()
