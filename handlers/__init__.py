"""Handlers: parse the update, call a service, render the answer.

The path of an update: the gatekeeper (group -1: private chats only, who is asking,
blocked accounts) → the one conversation of the chat (group 0: every flow's steps, entry
points and fallbacks, see handlers.conversation) → services → the error handler; after a
press, a doctor's /today that the press replaced stops being edited in place (group 1).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, TypeHandler

from handlers import conversation, gate
from handlers.doctor import card
from handlers.errors import on_error

GATE_GROUP = -1
FLOWS_GROUP = 0
AFTER_GROUP = 1


def register_handlers(app: Application, *, flow_timeout: float | None = None) -> None:
    """Every handler of the bot, in the order they run."""
    app.add_handler(TypeHandler(Update, gate.gatekeeper), group=GATE_GROUP)
    app.add_handler(conversation.build(flow_timeout), group=FLOWS_GROUP)
    app.add_handler(CallbackQueryHandler(card.after_press), group=AFTER_GROUP)
    app.add_error_handler(on_error)
