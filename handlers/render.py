"""Sending and editing: navigation edits in place, results arrive as new messages."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


async def show(update: Update, text: str, markup: Markup = None) -> Message | None:
    """Edit the pressed message in place, or send a new one for typed input."""
    query = update.callback_query
    if (
        query is not None
        and query.message is not None
        and not isinstance(markup, ReplyKeyboardMarkup | ReplyKeyboardRemove)
    ):
        with contextlib.suppress(BadRequest):  # the error handler knows "not modified"
            await query.answer()
        try:
            result = await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise
            return None
        return result if isinstance(result, Message) else None
    return await send(update, text, markup)


async def send(update: Update, text: str, markup: Markup = None) -> Message | None:
    """A new message in the chat of the update (a press is answered by show() or alert())."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup)


async def alert(update: Update, text: str) -> None:
    """A short answer: a pop-up for a button press, a message otherwise."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await update.effective_chat.send_message(text)
