"""The front desk's booking for a patient, last steps: the time, the reason, the summary
naming the patient, Confirm (booked or moved with the desk member as the actor), Back."""

from __future__ import annotations

import secrets
import uuid

from telegram import Update

from handlers import flowstate, render, replies, screens
from handlers.context import CareContext
from handlers.desk_booking_buttons import DeskBook
from handlers.i18n import error_text, t
from handlers.staff import desk_doctors, desk_screens
from handlers.staff import screens as desk_card
from handlers.staff.desk_booking import (
    CONFIRM,
    END,
    REASON,
    TIME,
    DeskBooking,
    book_pressed,
    doctor_of,
    present,
    show_calendar,
    show_times,
)
from services import availability, booking, front_desk
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound, SlotTaken


async def slot_pressed(update: Update, context: CareContext) -> int | str | None:
    """A time of the flow's doctor, still free? → the reason (booking) or the summary
    (moving); gone → the nearest free times; any other doctor's has expired."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    async with context.read() as reader:
        slot = await availability.get_slot(reader, slot_id=context.press.id)
    if slot is None or slot.doctor_id != state.doctor:
        return await replies.expired(update, context)
    if not slot.is_active or slot.free < 1 or slot.starts_at <= context.now():
        return await offer_alternatives(update, context, state, slot.starts_at)
    state.slot = slot.id
    if state.mode == "move":
        return await show_summary(update, context, state)
    return await ask_reason(update, context, state)


async def offer_alternatives(update, context, state: DeskBooking, around) -> int | str | None:
    """The time is gone: the nearest free ones of the same doctor (→ TIME)."""
    doctor = await doctor_of(context, state)
    if doctor is None:
        return await replies.expired(update, context)
    async with context.read() as reader:
        found = await availability.nearest_bookable(
            reader, now=context.now(), doctor=doctor, around=around
        )
    key = "slot-taken-alternatives" if found else "slot-taken-none"
    screen = screens.slot_choices(context.lang, t(context.lang, key), found, {doctor.id: doctor},
                                  now=context.now())  # fmt: skip
    await present(update, context, state, screen)
    return TIME


async def ask_reason(
    update: Update, context: CareContext, state: DeskBooking, *, new: bool = False
) -> str:
    state.reason = None
    await present(update, context, state, screens.ask_reason(context.lang, booking.REASON_MAX),
                   new=new)  # fmt: skip
    return REASON


async def reason_typed(update: Update, context: CareContext) -> int | str | None:
    """The visit reason, length-checked (→ CONFIRM, or asked again)."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    try:
        state.reason = booking.clean_reason(update.message.text)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return REASON
    return await show_summary(update, context, state, new=True)


async def reason_skipped(update: Update, context: CareContext) -> int | str | None:
    """No reason (→ CONFIRM)."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    state.reason = None
    return await show_summary(update, context, state)


async def show_summary(
    update: Update, context: CareContext, state: DeskBooking, *, new: bool = False
) -> int | str | None:
    """What will be booked or moved, for whom, with Confirm (→ CONFIRM); a new nonce ties
    Confirm to it."""
    doctor = await doctor_of(context, state)
    if doctor is None or state.slot is None:
        return await replies.expired(update, context)
    instead_of = None
    try:
        async with context.write() as session:
            slot = await availability.get_slot(session, slot_id=state.slot)
            if state.mode == "move" and state.appointment is not None:
                old = await booking.get_appointment(
                    session, appointment_id=state.appointment, actor=context.actor,
                    now=context.now(),
                )  # fmt: skip
                instead_of = old.starts_at
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    if slot is None:
        return await replies.expired(update, context)
    state.nonce = secrets.token_urlsafe(6)
    screen = screens.summary(
        context.lang, doctor, slot.starts_at, state.nonce, reason=state.reason,
        instead_of=instead_of, minutes=int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        now=context.now(),
    )  # fmt: skip
    await present(update, context, state, screen, new=new)
    return CONFIRM


async def confirm_pressed(update: Update, context: CareContext) -> int | str | None:
    """Books (or moves) once per summary, with the desk member as the actor; a lost race
    offers the nearest free times, any other refusal is said and the times shown again."""
    state = flowstate.load(context, DeskBooking)
    if state is None or context.press.nonce != state.nonce or state.slot is None:
        return await replies.expired(update, context)
    key = f"desk:{update.effective_user.id}:{state.nonce}"
    now = context.now()
    try:
        if state.mode == "move" and state.appointment is not None:
            appt = await booking.reschedule_appointment(
                context.db, appointment_id=state.appointment, new_slot_id=state.slot,
                actor=context.actor, now=now, idempotency_key=key,
            )  # fmt: skip
        else:
            appt = await booking.book_slot(
                context.db, actor=context.actor, patient_id=state.patient, slot_id=state.slot,
                now=now, reason=state.reason, idempotency_key=key,
            )  # fmt: skip
    except SlotTaken:
        async with context.read() as reader:
            slot = await availability.get_slot(reader, slot_id=state.slot)
        return await offer_alternatives(update, context, state, slot.starts_at if slot else None)
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        if state.day is not None:
            return await show_times(update, context, state, state.day)
        return None
    context.user_data["last_booking"] = {"nonce": state.nonce, "appointment": str(appt.id)}
    flowstate.clear(context)
    screen = desk_screens.done(context.lang, appt, state.patient_name, moved=state.mode == "move")
    await render.show_surely(update, screen.text, screen.markup)
    return END


async def _step_back(update, context, to) -> int | str | None:
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    return await to(update, context, state)


async def back_from_day(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back from the calendar: the specialty's doctors or the doctor choice (booking),
    or the patient's card (moving)."""

    async def to(update, context, state: DeskBooking):
        if state.mode == "move":
            return await to_card(update, context, state.patient)
        if state.specialty is not None:
            return await desk_doctors.show_specialty(update, context, state, state.specialty)
        context.press = DeskBook(state.patient)
        return await book_pressed(update, context)

    return await _step_back(update, context, to)


async def back_to_calendar(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back from the times: the calendar of that month (→ DAY)."""

    async def to(update, context, state: DeskBooking):
        return await show_calendar(update, context, state, state.day)

    return await _step_back(update, context, to)


async def back_to_times(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back from the reason (or a move's summary): the day's times (→ TIME)."""

    async def to(update, context, state: DeskBooking):
        if state.day is None:
            return await show_calendar(update, context, state)
        return await show_times(update, context, state, state.day)

    return await _step_back(update, context, to)


async def back_from_confirm(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back from the summary: the reason (booking) or the times (moving)."""
    state = flowstate.load(context, DeskBooking)
    if state is not None and state.mode == "book":
        return await ask_reason(update, context, state)
    return await back_to_times(update, context)


async def card_pressed(update: Update, context: CareContext) -> int:
    """⬅️ Back / Keep it to the patient's card: the flow closes, nothing written."""
    return await to_card(update, context, context.press.id)


async def to_card(update: Update, context: CareContext, patient_id: uuid.UUID) -> int:
    """The patient's card again, the flow closed (nothing was written)."""
    flowstate.clear(context)
    try:
        async with context.write() as session:
            shown = await front_desk.patient_card(
                session, actor=context.actor, patient_id=patient_id, now=context.now()
            )
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return END
    text, markup = desk_card.card(context.lang, shown, None)
    await render.show(update, text, markup)
    return END


async def close_pressed(update: Update, context: CareContext) -> int:
    """✖️ Cancel on the summary: nothing is booked; the patient's card again."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        flowstate.clear(context)
        await render.show(update, t(context.lang, "flow-closed"))
        return END
    return await to_card(update, context, state.patient)
