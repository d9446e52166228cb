"""Sending and editing: navigation edits in place, results arrive as new messages."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
from collections.abc import Callable
from typing import Any

from telegram import CallbackQuery, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from handlers import flowstate
from handlers.keyboards import InlineKeyboardMarkup

# Inline keyboards are Bot API JSON (see handlers.keyboards); reply keyboards PTB objects.
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None

# An edit that cannot be made because the message is gone or not a text: send it anew.
_EDIT_IMPOSSIBLE = (
    "message to edit not found",
    "there is no text in the message to edit",
    "message can't be edited",
)


async def show(update: Update, text: str, markup: Markup = None) -> int | None:
    """Edit the pressed message in place, or send a new one for typed input.

    Returns the id of the message that now shows the text."""
    query = update.callback_query
    if (
        query is not None
        and isinstance(query.message, Message)
        and not isinstance(markup, ReplyKeyboardMarkup | ReplyKeyboardRemove)
    ):
        # Answering the press and editing the message are independent calls: make both
        # at once, so the user waits for one round trip instead of two.
        _, edited = await asyncio.gather(
            _answer_quietly(query),
            _call(
                update,
                "editMessageText",
                chat_id=query.message.chat.id,
                message_id=query.message.message_id,
                text=text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            ),
            return_exceptions=True,
        )
        if isinstance(edited, BadRequest):
            reason = edited.message.lower()
            if "not modified" in reason:
                return query.message.message_id
            if any(r in reason for r in _EDIT_IMPOSSIBLE):
                return await _send_message(update, text, markup)
        if isinstance(edited, BaseException):
            raise edited
        return query.message.message_id
    return await send(update, text, markup)


async def show_surely(update: Update, text: str, markup: Markup = None) -> int | None:
    """A result the user must see (a booking made): edited in place, or, when the edit
    fails or times out however often it is retried, sent as a new message.

    A timed-out edit may have landed after all; a second copy of the confirmation is
    better than a patient who believes the booking failed."""
    try:
        return await show(update, text, markup)
    except TelegramError:
        return await _send_message(update, text, markup)


async def present(
    update: Update,
    context: Any,
    state: flowstate.FlowState,
    text: str,
    markup: Markup = None,
    *,
    new: bool = False,
) -> None:
    """Shows a screen of a flow and remembers its message, so only its buttons stay live."""
    shown = await (send if new else show)(update, text, markup)
    state.message_id = shown
    flowstate.save(context, state)


async def drop_buttons(update: Update, message_id: int) -> None:
    """Takes the keyboard off a message of the chat (a flow that closed); gone is fine."""
    chat = update.effective_chat
    if chat is None:
        return
    with contextlib.suppress(BadRequest):
        await _call(
            update,
            "editMessageReplyMarkup",
            chat_id=chat.id,
            message_id=message_id,
            reply_markup={"inline_keyboard": []},
        )


async def without_buttons_of(update: Update, drop: Callable[[object], bool]) -> None:
    """Takes the rows holding a button whose data `drop` picks off the pressed message."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        [{"text": b.text, "callback_data": b.callback_data} for b in row]
        for row in message.reply_markup.inline_keyboard
        if not any(drop(b.callback_data) for b in row)
    ]
    with contextlib.suppress(BadRequest):
        await _call(
            update,
            "editMessageReplyMarkup",
            chat_id=message.chat.id,
            message_id=message.message_id,
            reply_markup={"inline_keyboard": rows},
        )


async def answer(update: Update) -> None:
    """Answers a press without a word (its result arrives as a message)."""
    if update.callback_query is not None:
        await _answer_quietly(update.callback_query)


async def _answer_quietly(query: CallbackQuery) -> None:
    with contextlib.suppress(BadRequest):  # already answered, or too old: nothing to do
        await query.answer()


async def send(update: Update, text: str, markup: Markup = None) -> int | None:
    """A new message in the chat of the update (a press is answered by show() or alert())."""
    chat = update.effective_chat
    if chat is None:
        return None
    query = update.callback_query
    if query is not None:
        await _answer_quietly(query)
    return await _send_message(update, text, markup)


async def _send_message(update: Update, text: str, markup: Markup) -> int | None:
    chat = update.effective_chat
    if chat is None:
        return None
    result = await _call(
        update,
        "sendMessage",
        chat_id=chat.id,
        text=text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
    )
    return result.get("message_id") if isinstance(result, dict) else None


async def _call(update: Update, method: str, **params: Any) -> Any:
    """A Bot API call whose answer no handler parses into objects.

    The runtime's bot offers `call_quietly` (skips PTB's parsing of the returned message);
    any other bot (tests) gets the plain request."""
    bot = update.get_bot()
    quiet = getattr(bot, "call_quietly", None)
    if quiet is not None:
        return await quiet(method, **params)
    return await bot.do_api_request(method, api_kwargs=params)


_TAG = re.compile(r"<[^>]+>")


def as_plain(text: str) -> str:
    """HTML text as a pop-up shows it: no tags, entities back to characters."""
    return html.unescape(_TAG.sub("", text))


async def alert(update: Update, text: str) -> None:
    """A short answer (HTML): a pop-up for a button press, a message otherwise."""
    if update.callback_query is not None:
        with contextlib.suppress(BadRequest):
            await update.callback_query.answer(as_plain(text), show_alert=True)
    elif update.effective_chat is not None:
        await send(update, text)
