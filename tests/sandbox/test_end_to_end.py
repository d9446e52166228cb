"""A real ``telegram.ext.Application`` driven through the sandbox, started and stopped the way
the bot runs in production (polling), and once in webhook mode."""

from __future__ import annotations

import socket

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiSandbox


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Confirm", callback_data="confirm")]])
    await message.reply_text(f"You said: {message.text}", reply_markup=markup)


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Confirmed")
    await query.edit_message_text("Confirmed ✅")


def build(sandbox: BotApiSandbox) -> Application:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(confirm))
    return app


async def test_polling_application_end_to_end() -> None:
    async with BotApiSandbox(token="123456:TEST", bot_username="careslot_bot") as sandbox:
        app = build(sandbox)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            ann = sandbox.user(1001, "Ann")
            reply = await ann.send_text("book a visit")
            assert reply is not None and reply.text == "You said: book a visit"
            pressed = await ann.press("Confirm")
            assert pressed is not None and pressed.text == "Confirmed ✅"
            assert pressed.callback_answer is not None
            assert pressed.callback_answer.text == "Confirmed"
            assert ann.last_bot_message is not None and ann.last_bot_message.edited
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
        assert sandbox.errors == []
        assert sandbox.pending_updates == 0  # the final getUpdates confirmed everything


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_application_end_to_end() -> None:
    async with BotApiSandbox() as sandbox:
        app = build(sandbox)
        port = free_port()
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            assert sandbox.webhook_url == f"http://127.0.0.1:{port}/hook"
            reply = await sandbox.user(1001).send_text("via webhook")
            assert reply is not None and reply.text == "You said: via webhook"
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
        assert sandbox.errors == []
