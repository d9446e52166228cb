"""Handlers: parse the update, call a service, render the answer."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    TypeHandler,
)

from handlers import appointments, booking, common, profile, registration
from handlers.callbacks import Appt, CancelWhy, Confirm, Menu, MyList
from handlers.errors import on_error

GATE_GROUP = -1


def register_handlers(app: Application) -> None:
    """Every handler of the bot; order matters within group 0 (first match wins)."""
    app.add_handler(TypeHandler(Update, common.gatekeeper), group=GATE_GROUP)
    # Conversations first: registration, then profile (its free text must not be taken
    # for a booking request), then booking (whose entry points include free text).
    app.add_handler(registration.build())
    app.add_handler(profile.build())
    app.add_handler(booking.build())
    app.add_handler(CommandHandler("help", common.help_command))
    app.add_handler(CommandHandler("my", appointments.my_command))
    app.add_handler(CallbackQueryHandler(appointments.my_command, pattern=rf"^{Menu.prefix}:my$"))
    app.add_handler(CallbackQueryHandler(appointments.list_pressed, pattern=MyList.pattern()))
    app.add_handler(CallbackQueryHandler(appointments.appointment_pressed, pattern=Appt.pattern()))
    app.add_handler(
        CallbackQueryHandler(appointments.cancel_confirmed, pattern=CancelWhy.pattern())
    )
    app.add_handler(CallbackQueryHandler(booking.confirm_after_end, pattern=Confirm.pattern()))
    app.add_handler(CallbackQueryHandler(common.menu_pressed, pattern=Menu.pattern()))
    app.add_handler(CallbackQueryHandler(common.expired_button))
    app.add_error_handler(on_error)
