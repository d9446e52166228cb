"""Booking, middle steps: the calendar, a typed day, the free times, the visit reason."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import render, replies, screens
from handlers.context import CareContext
from handlers.i18n import error_text
from handlers.patient import find, summary
from handlers.patient.booking_state import BookingState, Step, restart, step
from services import availability, booking, catalog, dates
from services.catalog import DoctorOut
from services.errors import InvalidInput, NotFound


async def _doctor(context: CareContext, session, state: BookingState) -> DoctorOut | None:
    if state.doctor is None:
        return None
    try:
        return await catalog.get_doctor(session, doctor_id=state.doctor)
    except NotFound:
        return None


async def show_calendar(
    update: Update,
    context: CareContext,
    state: BookingState,
    month: date | None = None,
    *,
    new: bool = False,
    note: str | None = None,
    pressed: bool = False,
) -> int | str | None:
    """The month calendar of the chosen doctor (→ DAY); a pressed month must be offered."""
    now = context.now()
    async with context.read() as session:
        doctor = await _doctor(context, session, state)
        if doctor is None:
            return await restart(update, context)
        tz = ZoneInfo(doctor.timezone)
        today = dates.local_today(now, tz)
        last = today + timedelta(days=doctor.booking_horizon_days)
        if month is None:
            nearest = await availability.nearest_bookable(
                session, now=now, doctor=doctor, limit=1
            )
            month = nearest[0].starts_at.astimezone(tz).date() if nearest else today
        elif pressed and not today.replace(day=1) <= month <= last:
            return await replies.expired(update, context)
        month = min(max(month.replace(day=1), today.replace(day=1)), last.replace(day=1))
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        free = await availability.bookable_days(
            session, doctor=doctor, start=month, end=month_end, now=now
        )
    screen = screens.calendar(context.lang, doctor, month, free, today, last, note)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.DAY


@step
async def choose_day(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """From the doctor card to the calendar (→ DAY)."""
    return await show_calendar(update, context, state)


@step
async def month_moved(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Calendar ‹ › (→ DAY)."""
    return await show_calendar(update, context, state, context.press.day, pressed=True)


@step
async def day_typed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """A day in free text, read in the clinic's time zone (→ TIME, or the calendar again)."""
    async with context.read() as session:
        doctor = await _doctor(context, session, state)
    if doctor is None:
        return await restart(update, context)
    try:
        day = dates.parse_day(
            update.message.text,
            tz=ZoneInfo(doctor.timezone),
            now=context.now(),
            horizon_days=doctor.booking_horizon_days,
            language=context.lang,
        )
    except InvalidInput as exc:
        note = error_text(context.lang, exc)
        return await show_calendar(update, context, state, new=True, note=note)
    return await show_times(update, context, state, day, new=True)


@step
async def day_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """A calendar day, or one of the nearest days offered (→ TIME)."""
    return await show_times(update, context, state, context.press.day, pressed=True)


async def show_times(
    update: Update,
    context: CareContext,
    state: BookingState,
    day: date,
    *,
    new: bool = False,
    pressed: bool = False,
) -> int | str | None:
    """That day's free times, or the nearest days that have some (→ TIME)."""
    now = context.now()
    async with context.read() as session:
        doctor = await _doctor(context, session, state)
        if doctor is None:
            return await restart(update, context)
        if pressed:  # a day from a button must lie in the window the calendar offered
            try:
                dates.check_bookable_day(
                    day,
                    today=dates.local_today(now, ZoneInfo(doctor.timezone)),
                    horizon_days=doctor.booking_horizon_days,
                )
            except InvalidInput:
                return await replies.expired(update, context)
        free = await availability.bookable_slots(session, doctor=doctor, day=day, now=now)
        nearby: list[date] = []
        if not free:
            days = await availability.bookable_days(
                session,
                doctor=doctor,
                start=day - timedelta(days=14),
                end=day + timedelta(days=28),
                now=now,
            )
            nearby = sorted(days, key=lambda d: (abs((d - day).days), d))[:4]
    state.day = day
    screen = screens.times(context.lang, doctor, day, free, nearby)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.TIME


@step
async def slot_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """A time: still free? → the reason (→ REASON) or, when moving, the summary (→ CONFIRM)."""
    async with context.read() as session:
        slot = await availability.get_slot(session, slot_id=context.press.id)
    if slot is None:
        return await replies.expired(update, context)
    if not slot.is_active or slot.free < 1 or slot.starts_at <= context.now():
        return await summary.offer_alternatives(update, context, state, slot)
    state.slot, state.doctor = slot.id, slot.doctor_id
    if state.mode == "move":
        return await summary.show_summary(update, context, state)
    from handlers.patient import whom  # which itself builds on this module

    return await whom.ask_or_skip(update, context, state)


async def ask_reason(
    update: Update, context: CareContext, state: BookingState, *, new: bool = False
) -> str:
    state.reason = None
    screen = screens.ask_reason(context.lang, booking.REASON_MAX)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.REASON


@step
async def reason_typed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """The visit reason, length-checked (→ CONFIRM, or re-ask)."""
    try:
        state.reason = booking.clean_reason(update.message.text)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.REASON
    return await summary.show_summary(update, context, state, new=True)


@step
async def skip_reason(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """No reason (→ CONFIRM)."""
    state.reason = None
    return await summary.show_summary(update, context, state)


@step
async def back_from_time(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back from the times to the calendar (→ DAY)."""
    if state.doctor is None:
        return await find.show_find(update, context, state)
    return await show_calendar(update, context, state, state.day)


@step
async def back_from_reason(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back from the reason to whom the visit is for (→ WHOM), or to the times (→ TIME)."""
    if state.asked_whom:
        from handlers.patient import whom

        return await whom.show(update, context, state)
    return await back_to_times(update, context, state)


async def back_to_times(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """The times the slot was picked from: the shortcut's results or the day's (→ TIME)."""
    if state.request is not None:  # the time was picked from the shortcut's results
        from handlers.patient import shortcut  # which itself builds on this module

        return await shortcut.offer(update, context, state.request, new=False)
    if state.day is None:
        return await restart(update, context)
    return await show_times(update, context, state, state.day)

