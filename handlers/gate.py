"""The gatekeeper: runs before every handler (an early group) and may stop the update.

- Private chats only: in a group, supergroup or channel the bot answers one sentence that
  points to a private chat, and reads, stores and shows nothing of anyone there.
- It loads who is asking (one short read) and stops blocked accounts.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers import render
from handlers.context import CareContext
from handlers.i18n import t
from services import users


async def gatekeeper(update: Update, context: CareContext) -> None:
    """Refuses non-private chats, loads the user, stops blocked accounts."""
    tg_user = update.effective_user
    context.telegram_language = tg_user.language_code if tg_user else None
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await _refuse_non_private(update, context)
        raise ApplicationHandlerStop
    if tg_user is None:
        raise ApplicationHandlerStop
    async with context.read() as connection:
        context.current_user = await users.find_by_telegram(
            connection, telegram_user_id=tg_user.id, now=context.now()
        )
    if context.current_user is not None and not context.current_user.is_active:
        await render.alert(update, t(context.lang, "blocked"))
        raise ApplicationHandlerStop


async def _refuse_non_private(update: Update, context: CareContext) -> None:
    """One sentence pointing to a private chat, for what was addressed to the bot."""
    text = t(context.lang, "private-only")
    query = update.callback_query
    if query is not None:
        with contextlib.suppress(TelegramError):
            await query.answer(text, show_alert=True)
        return
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return
    addressed = message.contact is not None or (message.text or "").startswith("/")
    if addressed:
        with contextlib.suppress(TelegramError):  # e.g. not allowed to post in a channel
            await render.send(update, text)
