"""Sending and editing: navigation edits in place, results arrive as new messages."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from telegram import (
    Bot,
    CallbackQuery,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.carebot import CareBot
from handlers.keyboards import InlineKeyboardMarkup

# Inline keyboards are Bot API JSON (see handlers.keyboards); reply keyboards PTB objects.
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


async def show(update: Update, text: str, markup: Markup = None) -> None:
    """Edit the pressed message in place, or send a new one for typed input."""
    query = update.callback_query
    if (
        query is not None
        and query.message is not None
        and not isinstance(markup, ReplyKeyboardMarkup | ReplyKeyboardRemove)
    ):
        # Answering the press and editing the message are independent calls: make both
        # at once, so the user waits for one round trip instead of two.
        _, edited = await asyncio.gather(
            _answer_quietly(query),
            _call(
                query.get_bot(),
                "editMessageText",
                chat_id=query.message.chat.id,
                message_id=query.message.message_id,
                text=text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            ),
            return_exceptions=True,
        )
        if isinstance(edited, BadRequest) and "not modified" in edited.message.lower():
            return
        if isinstance(edited, BaseException):
            raise edited
        return
    await send(update, text, markup)


async def _answer_quietly(query: CallbackQuery) -> None:
    with contextlib.suppress(BadRequest):  # already answered, or too old: nothing to do
        await query.answer()


async def send(update: Update, text: str, markup: Markup = None) -> None:
    """A new message in the chat of the update (a press is answered by show() or alert())."""
    chat = update.effective_chat
    if chat is None:
        return
    await _call(
        update.get_bot(),
        "sendMessage",
        chat_id=chat.id,
        text=text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )


async def _call(bot: Bot, method: str, **params: Any) -> None:
    """A Bot API call whose answer no handler reads (see CareBot.call_quietly)."""
    assert isinstance(bot, CareBot)
    await bot.call_quietly(method, **params)


async def alert(update: Update, text: str) -> None:
    """A short answer: a pop-up for a button press, a message otherwise."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(text)
