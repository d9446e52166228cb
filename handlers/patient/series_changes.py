"""A series' visit: cancel or move this one and all the following ones (from its card)."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError

from handlers import flowstate, render, replies, series_screens
from handlers.context import CareContext
from handlers.i18n import DEFAULT_LANGUAGE, error_text, plain
from handlers.patient import pick
from handlers.patient.booking_state import END, BookingState
from handlers.patient.ics import send_series_ics
from handlers.series_buttons import SeriesAction, SeriesChange
from services import booking, series
from services.errors import DomainError, NotAllowed, NotFound, TooLateToCancel


async def change_pressed(update: Update, context: CareContext) -> int | str | None:
    """✖️ / 🔁 this and all following: asks before cancelling, then cancels; or opens the
    calendar of the same doctor for the new time of this one (the rest follow by the same
    step). Re-checked in the service: another's visit or a stale press has expired."""
    press: SeriesChange = context.press
    if context.current_user is None:
        return await replies.expired(update, context)
    try:
        if press.action is SeriesAction.CANCEL_YES:
            return await _cancel(update, context, press)
        async with context.write() as session:
            appt = await booking.ensure_cancellable(
                session, appointment_id=press.id, actor=context.actor, now=context.now()
            )
            count = await series.count_following(
                session, appointment_id=press.id, actor=context.actor, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except (TooLateToCancel, DomainError) as exc:
        await render.alert(update, error_text(context.lang, exc))
        return None
    if count == 0:
        return await replies.expired(update, context)
    if press.action is SeriesAction.MOVE:
        state = BookingState(
            mode="move", appointment=appt.id, doctor=appt.doctor_id, following=True
        )
        return await pick.show_calendar(update, context, state)
    flowstate.clear(context)
    screen = series_screens.cancel_following_question(context.lang, appt, count, context.now())
    await render.show(update, screen.text, screen.markup)
    return END


async def _cancel(update: Update, context: CareContext, press: SeriesChange) -> int | None:
    """Yes: this visit and the following ones are cancelled in one transaction."""
    visits = await series.cancel_following(
        context.db,
        appointment_id=press.id,
        actor=context.actor,
        now=context.now(),
        reason=plain(DEFAULT_LANGUAGE, "series-cancel-reason"),
    )
    flowstate.clear(context)
    screen = series_screens.cancelled_following(context.lang, visits, context.now())
    await render.show(update, screen.text, screen.markup)
    with contextlib.suppress(TelegramError):  # the calendar app drops their events
        await send_series_ics(update, context, visits, cancelled=True)
    return END


async def moved(update: Update, context: CareContext, state: BookingState, key: str):
    """Confirm of a move of this and all following: all move, or none (→ the times)."""
    try:
        visits = await series.move_following(
            context.db,
            appointment_id=state.appointment,
            new_slot_id=state.slot,
            actor=context.actor,
            now=context.now(),
            idempotency_key=key,
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        if state.day is not None:
            return await pick.show_times(update, context, state, state.day)
        return None
    context.user_data["last_booking"] = {"nonce": state.nonce, "appointment": str(visits[0].id)}
    flowstate.clear(context)
    screen = series_screens.moved_following(context.lang, visits, context.now())
    await render.show_surely(update, screen.text, screen.markup)
    with contextlib.suppress(TelegramError):  # each replaces its old event (same UID)
        await send_series_ics(update, context, visits)
    return END
