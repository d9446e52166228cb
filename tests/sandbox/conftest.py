"""Fixtures: a fresh sandbox per test, a PTB ``Bot`` on it, and a small real PTB application.

The application is deliberately tiny (echo, /start, contact, buttons) so that these tests are
about the sandbox; CareSlot's own handlers are tested elsewhere through the same sandbox.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiSandbox

TOKEN = "123456:TEST"


@pytest.fixture(scope="session")
async def shared_sandbox() -> AsyncIterator[BotApiSandbox]:
    """One server for the session: starting PTB clients costs more than the tests."""
    async with BotApiSandbox(token=TOKEN, bot_username="careslot_bot") as running:
        yield running


@pytest.fixture(scope="session")
async def shared_bot(shared_sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    async with Bot(
        shared_sandbox.token,
        base_url=shared_sandbox.base_url,
        base_file_url=shared_sandbox.base_file_url,
    ) as ptb_bot:
        yield ptb_bot


@pytest.fixture
def sandbox(shared_sandbox: BotApiSandbox) -> BotApiSandbox:
    """The shared sandbox, reset to an empty world for this test."""
    shared_sandbox.reset()
    return shared_sandbox


@pytest.fixture
def bot(sandbox: BotApiSandbox, shared_bot: Bot) -> Bot:
    """A PTB ``Bot`` talking to the (freshly reset) sandbox."""
    return shared_bot


def echo_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Like", callback_data="like")],
            [
                InlineKeyboardButton("Other", callback_data="other"),
                InlineKeyboardButton("Docs", url="https://example.org/docs"),
            ],
        ]
    )


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    context.bot_data.setdefault("seen", []).append(update.update_id)
    text = update.effective_message.text
    if text == "twice":
        await update.effective_message.reply_text("first")
        await update.effective_message.reply_text("second")
        return
    if text == "silence":
        return
    await update.effective_message.reply_text(f"echo: {text}", reply_markup=echo_keyboard())


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    payload = " ".join(context.args or []) or "-"
    await update.effective_message.reply_html(f"<b>Welcome</b>, payload {payload}")


async def _contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.contact is not None
    context.bot_data["contact"] = message.contact
    await message.reply_text(f"phone {message.contact.phone_number}")


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    context.bot_data.setdefault("queries", []).append(query)
    await query.answer(f"got {query.data}", show_alert=query.data == "other")
    if query.message is not None and query.message.is_accessible:
        await query.edit_message_text(f"pressed {query.data}")


@pytest.fixture
async def app(sandbox: BotApiSandbox) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """A running PTB application polling the sandbox."""
    application = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(MessageHandler(filters.CONTACT, _contact))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    application.add_handler(CallbackQueryHandler(_button))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=2)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def png_bytes(width: int, height: int) -> bytes:
    """A valid grayscale PNG of the given size, built by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
