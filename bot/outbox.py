"""The outbox's Telegram side: the `Sender` the dispatcher calls, and its place in the bot.

`careslot run` (and the demo) run a dispatcher as a background task of the Application;
`careslot dispatch` runs one on its own. Any number of them may run side by side: the
claims in the database keep each message to one of them (services.dispatch).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes

from bot.carebot import CareBot
from bot.ratelimit import OUTBOX
from bot.runtime import Clock
from bot.settings import Settings
from db.engine import SessionFactory
from handlers import notices
from handlers.patient import ics
from handlers.screens import Screen
from services.booking import AppointmentOut
from services.dispatch import DispatchConfig, Dispatcher, Outcome, Outgoing, SendResult
from services.notifications import Kind

log = logging.getLogger("careslot.outbox")

OUTBOX_JOB = "outbox"

# Texts of TimedOut raised before the request left (bot.http): safe to send again.
_NOT_SENT = ("request was *not* sent", "connectiontimeouterror")


# The notices a calendar file follows: kind → whether it takes the visit out (CANCEL).
_FILES = {
    Kind.cancelled_by_doctor: True,
    Kind.desk_booked: False,
    Kind.desk_moved: False,
    Kind.desk_cancelled: True,
}


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    """Renders an outbox message in the recipient's language and sends it; Telegram's
    answer becomes the dispatcher's outcome (never the text: it may hold patient data)."""

    def __init__(self, bot: CareBot) -> None:
        self.bot = bot

    async def send(self, message: Outgoing) -> SendResult:
        try:
            screen = notices.render(message)
        except Exception:
            log.exception("outbox: rendering notification %s failed", message.ids[0])
            return SendResult(Outcome.rejected, error="render")
        if message.edit_message_id is not None:
            return await self._edit(message, screen)
        try:
            await self.bot.call_quietly(
                "sendMessage",
                chat_id=message.chat_id,
                text=screen.text,
                parse_mode=ParseMode.HTML,
                reply_markup=screen.markup,
                rate_limit_args=OUTBOX,
            )
        except RetryAfter as exc:
            return SendResult(Outcome.retry_after, _seconds(exc.retry_after), "429")
        except Forbidden:
            return SendResult(Outcome.blocked, error="403")
        except TimedOut as exc:
            if any(part in str(exc).lower() for part in _NOT_SENT):
                return SendResult(Outcome.transient, error="not-sent")
            return SendResult(Outcome.unknown, error="timeout")
        except BadRequest:
            return SendResult(Outcome.rejected, error="400")
        except NetworkError as exc:  # 5xx, a refused or dropped connection
            return SendResult(Outcome.transient, error=_network_code(exc))
        except TelegramError:
            return SendResult(Outcome.rejected, error="refused")
        if message.appointment is not None and message.kind in _FILES:
            await self._calendar_file(message, message.appointment, cancelled=_FILES[message.kind])
        return SendResult(Outcome.sent)

    async def _calendar_file(
        self, message: Outgoing, visit: AppointmentOut, *, cancelled: bool
    ) -> None:
        """After the notice of a visit the doctor or the desk cancelled, the METHOD:CANCEL
        file that takes it out of the patient's calendar; after one the desk booked or
        moved, the METHOD:REQUEST file that adds or updates it (same UID, its SEQUENCE).
        An extra: a failure is logged (ids only), never resent, and never turns the notice
        into a failure."""
        document, caption = ics.ics_document(
            message.language, [visit], now=message.now, cancelled=cancelled,
            request=not cancelled,
        )  # fmt: skip
        try:
            await self.bot.send_document(
                chat_id=message.chat_id,
                document=document,
                caption=caption,
                parse_mode=ParseMode.HTML,
                rate_limit_args=OUTBOX,
            )
        except TelegramError as exc:
            log.warning(
                "outbox: the calendar file of notification %s was not sent (%s)",
                message.ids[0],
                type(exc).__name__,
            )

    async def _edit(self, message: Outgoing, screen: Screen) -> SendResult:
        """The doctor's /today edited in place; an edit Telegram refuses (the message deleted,
        too old, not changed) is let go: the next /today shows the day anyway."""
        try:
            await self.bot.call_quietly(
                "editMessageText",
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                text=screen.text,
                parse_mode=ParseMode.HTML,
                reply_markup=screen.markup,
                rate_limit_args=OUTBOX,
            )
        except RetryAfter as exc:
            return SendResult(Outcome.retry_after, _seconds(exc.retry_after), "429")
        except Forbidden:
            return SendResult(Outcome.blocked, error="403")
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return SendResult(Outcome.sent)
            return SendResult(Outcome.dropped, error="edit-refused")
        except TimedOut:
            return SendResult(Outcome.dropped, error="timeout")
        except NetworkError as exc:
            return SendResult(Outcome.transient, error=_network_code(exc))
        except TelegramError:
            return SendResult(Outcome.dropped, error="edit-refused")
        return SendResult(Outcome.sent)


_STATUS_NAMES = {
    "internal server error": "500",
    "bad gateway": "502",
    "service unavailable": "503",
    "gateway timeout": "504",
}


def _network_code(exc: NetworkError) -> str:
    text = str(exc).lower()
    for name, code in _STATUS_NAMES.items():
        if name in text or code in text:
            return code
    return "network"


def dispatch_config(settings: Settings) -> DispatchConfig:
    return DispatchConfig(
        rate=settings.send_rate,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        max_attempts=settings.outbox_max_attempts,
        idle=settings.outbox_poll_seconds,
    )


def make_dispatcher(
    factory: SessionFactory, bot: CareBot, *, settings: Settings, clock: Clock
) -> Dispatcher:
    return Dispatcher(factory, TelegramSender(bot), clock=clock, config=dispatch_config(settings))


async def start_in_application(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A one-off job right after start: the dispatcher as a task of the Application, which
    waits for it when stopping (it ends its pass and the messages in flight)."""
    app: Application = context.application
    runtime = app.bot_data
    dispatcher = make_dispatcher(
        runtime.database.factory, app.bot, settings=runtime.settings, clock=runtime.clock
    )
    runtime.dispatcher = dispatcher
    app.create_task(dispatcher.run(lambda: app.running), name="outbox-dispatcher")


async def run_alone(
    settings: Settings,
    *,
    factory: SessionFactory,
    bot: CareBot,
    clock: Clock,
    stop: asyncio.Event,
) -> Dispatcher:
    """`careslot dispatch`: one dispatcher until `stop` is set."""
    dispatcher = make_dispatcher(factory, bot, settings=settings, clock=clock)
    await dispatcher.run(lambda: not stop.is_set())
    return dispatcher
