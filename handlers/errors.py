"""The one error handler: domain errors become their sentence, the rest an apology."""

from __future__ import annotations

import contextlib
import logging
import uuid

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from db.engine import is_disconnect
from handlers import render, retry
from handlers.context import CareContext
from handlers.i18n import error_text, t
from services.errors import DomainError

log = logging.getLogger("careslot.errors")

# Telegram's answers that mean "nothing to do": the screen is already right, or gone.
HARMLESS = (
    "message is not modified",
    "query is too old",
    "query id is invalid",
    "message to delete not found",
    "message to edit not found",
    "there is no text in the message to edit",
    "message can't be edited",
)


async def on_error(update: object, context: CareContext) -> None:
    """Turns an exception into what the user should read and a log line for us."""
    error = context.error
    tg_update = update if isinstance(update, Update) else None
    if tg_update is not None and is_disconnect(error) and retry.may_retry(tg_update):
        log.warning("database connection lost in update %s; trying once more",
                    tg_update.update_id)  # fmt: skip
        await retry.again(context.application, tg_update)
        return
    if isinstance(error, DomainError):
        if tg_update is not None:
            await render.alert(tg_update, error_text(context.lang, error))
        return
    if isinstance(error, BadRequest) and any(h in error.message.lower() for h in HARMLESS):
        if tg_update is not None and tg_update.callback_query is not None:
            with contextlib.suppress(BadRequest):
                await tg_update.callback_query.answer()
        return
    if isinstance(error, Forbidden):  # the user blocked the bot
        log.info("bot blocked by chat %s", _chat_id(tg_update))
        return
    if isinstance(error, RetryAfter | TimedOut | NetworkError) and tg_update is None:
        log.warning("Bot API not reachable: %s", error.__class__.__name__)
        return
    ref = uuid.uuid4().hex[:8]
    # Only identifiers: update text may hold medical content and never reaches the log.
    log.error(
        "unexpected error ref=%s update_id=%s chat=%s user=%s kind=%s",
        ref,
        getattr(tg_update, "update_id", None),
        _chat_id(tg_update),
        tg_update.effective_user.id if tg_update and tg_update.effective_user else None,
        _kind(tg_update),
        exc_info=error,
        extra={"error_code": type(error).__name__},
    )
    if tg_update is not None and tg_update.effective_chat is not None:
        try:
            await _apologise(tg_update, context, ref)
        except Exception:  # the apology itself failed; the log line above is what matters
            log.warning("could not send the apology for ref=%s", ref)


async def _apologise(update: Update, context: CareContext, ref: str) -> None:
    if update.callback_query is not None:
        with contextlib.suppress(BadRequest):
            await update.callback_query.answer()
    if update.effective_chat is not None:
        await update.effective_chat.send_message(t(context.lang, "unexpected", ref=ref))


def _chat_id(update: Update | None) -> int | None:
    return update.effective_chat.id if update and update.effective_chat else None


def _kind(update: Update | None) -> str | None:
    if update is None:
        return None
    if update.callback_query is not None:
        return "callback_query"
    if update.message is not None:
        return "message"
    return "other"
