"""Booking, last steps: Confirm, the booked message with its .ics, Back, and Reschedule."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError

from handlers import flowstate, keyboards, render, replies, visit_screens
from handlers.callbacks import Confirm
from handlers.context import CareContext
from handlers.i18n import error_text, plain, t
from handlers.patient import appointments, find, pick, series_changes, summary
from handlers.patient.booking_state import END, BookingState, restart, step
from handlers.patient.ics import send_ics
from services import availability, booking
from services.errors import DomainError, NotAllowed, NotFound, SlotTaken, TooLateToCancel


@step
async def confirm_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Books (or moves) once per summary; a lost race offers the nearest free times."""
    press: Confirm = context.press
    if press.nonce != state.nonce or state.slot is None:
        return await replies.expired(update, context)
    user = context.current_user
    if user is None or (state.mode == "book" and user.patient_id is None):
        return await restart(update, context)
    key = f"tg:{update.effective_user.id}:{press.nonce}"
    if state.mode == "move" and state.following and state.appointment is not None:
        return await series_changes.moved(update, context, state, key)
    try:
        if state.mode == "move" and state.appointment is not None:
            appt = await booking.reschedule_appointment(
                context.db,
                appointment_id=state.appointment,
                new_slot_id=state.slot,
                actor=context.actor,
                now=context.now(),
                idempotency_key=key,
            )
        else:
            appt = await booking.book_slot(
                context.db,
                actor=context.actor,
                patient_id=state.patient or user.patient_id,
                slot_id=state.slot,
                now=context.now(),
                reason=state.reason,
                idempotency_key=key,
            )
    except SlotTaken:
        async with context.read() as session:
            slot = await availability.get_slot(session, slot_id=state.slot)
        return await summary.offer_alternatives(update, context, state, slot)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        if state.day is not None:
            return await pick.show_times(update, context, state, state.day)
        return None
    context.user_data["last_booking"] = {"nonce": press.nonce, "appointment": str(appt.id)}
    flowstate.clear(context)
    await send_booked(update, context, appt, moved=state.mode == "move")
    return END


async def send_booked(
    update: Update, context: CareContext, appt: booking.AppointmentOut, *, moved: bool
) -> None:
    """The summary becomes the confirmation that stays in the chat; the .ics file follows."""
    screen = visit_screens.booked(context.lang, appt, moved=moved, now=context.now())
    await render.show_surely(update, screen.text, screen.markup)
    # The booking is made and the patient has been told: a failed extra is not an error.
    with contextlib.suppress(TelegramError):
        await send_ics(update, context, appt)


async def already_booked(update: Update, context: CareContext) -> None:
    """A Confirm press after the booking (double tap, redelivery): nothing new."""
    last = context.user_data.get("last_booking") or {}
    if context.press.nonce == last.get("nonce"):
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer(plain(context.lang, "already-booked"))
        return
    await replies.expired(update, context)


@step
async def back_from_confirm(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back from the summary: the reason (booking) or the times (moving)."""
    if state.mode == "move" and state.day is not None:
        return await pick.show_times(update, context, state, state.day)
    return await pick.ask_reason(update, context, state)


async def start_move(update: Update, context: CareContext) -> int | str | None:
    """Reschedule from an appointment card: same doctor, a new day (→ DAY).

    A press for a visit that is gone or not the presser's changes nothing — not even the
    flow that is open."""
    user = context.current_user
    if user is None:
        return await replies.expired(update, context)
    try:
        async with context.write() as session:
            appt = await booking.ensure_cancellable(
                session, appointment_id=context.press.id, actor=context.actor, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except TooLateToCancel as exc:
        await render.alert(update, error_text(context.lang, exc))
        return None
    state = BookingState(mode="move", appointment=appt.id, doctor=appt.doctor_id)
    return await pick.show_calendar(update, context, state)


@step
async def back_from_day(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back from the calendar: the doctor card, or (moving) the appointment's card."""
    if state.mode == "move" and state.appointment is not None:
        flowstate.clear(context)
        await appointments.show_card(update, context, state.appointment)
        return END
    if state.doctor is None:
        return await find.show_find(update, context, state)
    return await find.show_card(update, context, state, state.doctor)



async def close_flow(update: Update, context: CareContext) -> int:
    """✖️ Cancel on the summary: nothing is booked."""
    flowstate.clear(context)
    await render.show(
        update,
        t(context.lang, "flow-closed"),
        keyboards.main_menu(replies.role_of(context), context.lang),
    )
    return END
