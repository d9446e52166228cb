"""The one conversation of a chat: every flow's steps in a single ConversationHandler.

One handler means one state per chat, so one flow at a time by construction. Its entry
points are every command and every menu press; the same list is its fallbacks, so any
of them, in any step, ends the open flow and starts what was asked for. A step takes
text only if it asked for text; anything else in a step gets a short answer and the
step stays as it was. A press no step can use — malformed, forged, from an older message
or an earlier version — is answered "This button has expired." and changes nothing.
"""

from __future__ import annotations

import warnings

from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers import (
    admin,
    doctor,
    feeds,
    home,
    inbox,
    patient,
    rebook,
    records,
    replies,
    roles,
    staff,
)
from handlers.callbacks import Menu, Nav, ResetFeed
from handlers.routing import ANY_MESSAGE, Press, command, text

FLOW_TIMEOUT = 15 * 60


def entries() -> list[BaseHandler]:
    """Every way into a part of CareSlot, in the order they are tried."""
    return [
        command("start", home.start),
        command(["menu"], home.menu),
        command("help", home.help_command),
        command(["stop", "cancel"], home.stop),
        *patient.entries(),
        command("calendar", feeds.calendar_command),
        Press(ResetFeed, feeds.reset_pressed),
        *inbox.entries(),
        *doctor.entries(),
        *admin.entries(),
        *staff.entries(),
        *rebook.entries(),
        *records.entries(),
        Press(Menu, home.menu_pressed),
        Press(Nav, home.nav_pressed),
        *roles.commands(),
        MessageHandler(ANY_MESSAGE & filters.COMMAND, home.unknown_command),
    ]


def build(timeout: float | None = None) -> ConversationHandler:
    doors = entries()
    with warnings.catch_warnings():
        # Per-chat state is intended: PTB warns that CallbackQueryHandlers are then tracked
        # per chat, not per message — the flows check the message themselves (live presses).
        warnings.filterwarnings("ignore", category=PTBUserWarning)
        return ConversationHandler(
            name="chat",
            persistent=True,
            conversation_timeout=FLOW_TIMEOUT if timeout is None else timeout,
            entry_points=[*doors, text(patient.shortcut.natural_request), *_unclaimed()],
            states={
                **patient.states(),
                **doctor.states(),
                **admin.states(),
                **staff.states(),
                ConversationHandler.TIMEOUT: [
                    MessageHandler(filters.ALL, home.timed_out),
                    CallbackQueryHandler(home.timed_out),
                ],
            },
            fallbacks=[*doors, *_unclaimed()],
        )


def _unclaimed() -> list[BaseHandler]:
    """What no step and no entry took: short answers that change nothing."""
    return [
        CallbackQueryHandler(replies.expired),
        MessageHandler(ANY_MESSAGE, replies.not_expected),
    ]
