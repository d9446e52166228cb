"""How updates reach handlers: presses routed by their button class, typed text, commands.

`Press(Cls, callback)` matches only well-formed data of that class (`Cls.unpack` is the
pattern) and hands the decoded value to the callback as `context.press`, so a handler
never sees data it cannot use. A press on a message the bot can no longer read (deleted,
or too old — Telegram then sends an "inaccessible message") is never routed.
`live=True` also requires the press to be on the message the open flow is showing: a
button of a message the flow has moved away from has expired.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers import flowstate
from handlers.callbacks import CallbackData
from handlers.context import CareContext
from handlers.replies import expired

Callback = Callable[[Update, CareContext], Awaitable[Any]]

# The handler an update went to, for the logs (a JSON line's "handler"): its callback's
# qualified name, set as the handler starts (one task per update, so one value per update).
HANDLER: ContextVar[str | None] = ContextVar("careslot_handler", default=None)


def _noting(handler: Any) -> None:
    HANDLER.set(getattr(handler.callback, "__qualname__", None))

# New messages only: an edited message is not a new answer to the step.
TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
ANY_MESSAGE = filters.UpdateType.MESSAGE


class Press(CallbackQueryHandler):
    """A press of one kind of button; the callback finds the value in `context.press`."""

    def __init__(self, cls: type[CallbackData], callback: Callback, *, live: bool = False):
        self.button = cls
        self.live = live
        super().__init__(callback, pattern=self._unpack)

    def _unpack(self, data: object) -> CallbackData | None:
        return self.button.unpack(data)

    def check_update(self, update: object) -> object:
        found = super().check_update(update)
        if not isinstance(found, CallbackData) or not isinstance(update, Update):
            return None  # includes presses without data (PTB would route those to anyone)
        if update.callback_query is None:
            return None
        if not isinstance(update.callback_query.message, Message):
            return None  # inaccessible: nothing to edit, nothing to act on
        return found

    def collect_additional_context(
        self, context: CareContext, update: Update, application: Any, check_result: Any
    ) -> None:
        context.press = check_result

    async def handle_update(
        self, update: Any, application: Any, check_result: Any, context: Any
    ) -> Any:
        _noting(self)
        if self.live and not flowstate.is_live(context, update):
            return await expired(update, context)
        return await super().handle_update(update, application, check_result, context)


class _Noted:
    """A handler that notes its callback's name for the logs as it runs."""

    async def handle_update(
        self, update: Any, application: Any, check_result: Any, context: Any
    ) -> Any:
        _noting(self)
        return await super().handle_update(update, application, check_result, context)


class Command(_Noted, CommandHandler):
    pass


class Text(_Noted, MessageHandler):
    pass


def command(names: str | list[str], callback: Callback) -> CommandHandler:
    """A command in a private chat (the gatekeeper already refused other chats)."""
    return Command(names, callback, filters=filters.UpdateType.MESSAGE)


def text(callback: Callback) -> MessageHandler:
    return Text(TEXT, callback)
