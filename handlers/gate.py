"""The gatekeeper: runs before every handler (an early group) and may stop the update.

- Each update_id is handled once: a redelivered update is dropped without a word. The id
  is claimed in the same statement that loads who is asking (`users.gate`).
- Private chats only: in a group, supergroup or channel the bot answers one sentence that
  points to a private chat, and reads, stores and shows nothing of anyone there.
- It stops blocked accounts.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers import render, retry
from handlers.context import CareContext
from handlers.i18n import t
from services import users


async def gatekeeper(update: Update, context: CareContext) -> None:
    """Drops repeats, refuses non-private chats, loads the user, stops blocked accounts."""
    tg_user = update.effective_user
    context.telegram_language = tg_user.language_code if tg_user else None
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE and tg_user is not None
    asked = tg_user.id if private and tg_user is not None else None  # nobody outside
    async with context.read() as connection:
        gate = await users.gate(
            connection, update_id=update.update_id, telegram_user_id=asked, now=context.now()
        )
        if not gate.fresh and not retry.may_retry(update):
            # Run once more after a broken connection: claimed the first time (or now).
            gate = await users.gate(
                connection, update_id=None, telegram_user_id=asked, now=context.now()
            )
    if not gate.fresh:  # handled already, answers and all: nothing more to say
        raise ApplicationHandlerStop
    if not private:
        await _refuse_non_private(update, context)
        raise ApplicationHandlerStop
    context.current_user = gate.user
    if context.current_user is not None and not context.current_user.is_active:
        await render.alert(update, t(context.lang, "blocked"))
        raise ApplicationHandlerStop


async def _refuse_non_private(update: Update, context: CareContext) -> None:
    """One sentence pointing to a private chat, for what was addressed to the bot."""
    text = t(context.lang, "private-only")
    query = update.callback_query
    if query is not None:
        await render.alert(update, text)
        return
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return
    addressed = message.contact is not None or (message.text or "").startswith("/")
    if addressed:
        with contextlib.suppress(TelegramError):  # e.g. not allowed to post in a channel
            await render.send(update, text)
