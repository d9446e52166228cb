"""Handlers: parse the update, call a service, render the answer."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    TypeHandler,
)

from handlers import common, registration
from handlers.callbacks import Menu
from handlers.errors import on_error

GATE_GROUP = -1


def register_handlers(app: Application) -> None:
    """Every handler of the bot, by role and flow; the gatekeeper runs first."""
    app.add_handler(TypeHandler(Update, common.gatekeeper), group=GATE_GROUP)
    app.add_handler(registration.build())
    app.add_handler(CommandHandler("help", common.help_command))
    app.add_handler(CallbackQueryHandler(common.menu_pressed, pattern=Menu.pattern()))
    app.add_handler(CallbackQueryHandler(common.expired_button))
    app.add_error_handler(on_error)
