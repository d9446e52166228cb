"""The front desk books or moves a visit for a patient from their card: the clinic's doctor
(booking; by specialty first when the clinic has many, handlers.staff.desk_doctors) → day
→ time → reason (booking, optional) → the summary naming the patient → Confirm
(handlers.staff.desk_confirm). The steps are the patient journey's screens; every press is
checked again in the services (the patient must be the clinic's, the doctor and the slot of
the clinic), and nothing is written before Confirm."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import flowstate, render, replies, screens
from handlers.context import CareContext
from handlers.i18n import error_text
from handlers.staff import desk_screens
from services import availability, booking, dates, desk_booking, front_desk
from services.catalog import DoctorOut
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound

END = -1
DOCTOR, DAY, TIME = "desk.book.doctor", "desk.book.day", "desk.book.time"
REASON, CONFIRM = "desk.book.reason", "desk.book.confirm"


class DeskBooking(flowstate.FlowState):
    name: ClassVar[str] = "desk-book"
    version: ClassVar[int] = 1

    mode: Literal["book", "move"] = "book"
    patient: uuid.UUID
    patient_name: str
    appointment: uuid.UUID | None = None  # the visit being moved
    specialty: uuid.UUID | None = None  # the specialty whose doctors were listed
    doctor: uuid.UUID | None = None
    day: date | None = None
    slot: uuid.UUID | None = None
    reason: str | None = None
    nonce: str | None = None


async def present(update, context, state: DeskBooking, screen, *, new: bool = False) -> None:
    shown = desk_screens.for_patient(context.lang, state.patient_name, screen)
    await render.present(update, context, state, shown.text, shown.markup, new=new)


async def book_pressed(update: Update, context: CareContext) -> int | str | None:
    """📅 Book a visit on a card: the clinic's doctors or specialties (→ DOCTOR); another
    clinic's patient (or a presser who is not its desk) has expired and changes nothing."""
    try:
        async with context.read() as reader:
            hit = await front_desk.linked_patient(
                reader, actor=context.actor, patient_id=context.press.patient
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    state = DeskBooking(patient=hit.patient_id, patient_name=hit.full_name)
    return await show_choice(update, context, state)


async def show_choice(
    update: Update,
    context: CareContext,
    state: DeskBooking,
    *,
    note: str | None = None,
    new: bool = False,
) -> int | str | None:
    """The clinic's doctors, or its specialties when they are many (→ DOCTOR)."""
    try:
        async with context.read() as reader:
            choice = await desk_booking.doctor_choice(reader, actor=context.actor)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    state.specialty = state.doctor = None
    screen = desk_screens.doctor_choice(
        context.lang, state.patient_name, state.patient, choice, note
    )
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return DOCTOR


async def move_pressed(update: Update, context: CareContext) -> int | str | None:
    """🔁 Move on a card: the same doctor's calendar (→ DAY), if the desk may move it."""
    try:
        async with context.write() as session:
            appt = await booking.ensure_cancellable(
                session, appointment_id=context.press.id, actor=context.actor, now=context.now()
            )
            hit = await front_desk.linked_patient(
                session, actor=context.actor, patient_id=appt.patient_id
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        return None
    state = DeskBooking(mode="move", patient=hit.patient_id, patient_name=hit.full_name,
                        appointment=appt.id, doctor=appt.doctor_id)  # fmt: skip
    return await show_calendar(update, context, state)


async def doctor_of(context: CareContext, state: DeskBooking) -> DoctorOut | None:
    """The flow's doctor with the desk's window, checked again (None: not the desk's)."""
    if state.doctor is None:
        return None
    try:
        async with context.read() as reader:
            return await desk_booking.desk_doctor(
                reader, actor=context.actor, doctor_id=state.doctor
            )
    except (NotAllowed, NotFound):
        return None


async def doctor_pressed(update: Update, context: CareContext) -> int | str | None:
    """A doctor of the list (→ DAY); another clinic's has expired."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    state.doctor = context.press.id
    return await show_calendar(update, context, state)


async def show_calendar(
    update: Update,
    context: CareContext,
    state: DeskBooking,
    month: date | None = None,
    *,
    new: bool = False,
    note: str | None = None,
    pressed: bool = False,
) -> int | str | None:
    """The doctor's month, days with free times marked, in the desk's window (→ DAY)."""
    doctor = await doctor_of(context, state)
    if doctor is None:
        return await replies.expired(update, context)
    now = context.now()
    tz = ZoneInfo(doctor.timezone)
    today = dates.local_today(now, tz)
    last = today + timedelta(days=doctor.booking_horizon_days)
    async with context.read() as reader:
        if month is None:
            nearest = await availability.nearest_bookable(reader, now=now, doctor=doctor, limit=1)
            month = nearest[0].starts_at.astimezone(tz).date() if nearest else today
        elif pressed and not today.replace(day=1) <= month <= last:
            return await replies.expired(update, context)
        month = min(max(month.replace(day=1), today.replace(day=1)), last.replace(day=1))
        month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        free = await availability.bookable_days(
            reader, doctor=doctor, start=month, end=month_end, now=now
        )
    screen = screens.calendar(context.lang, doctor, month, free, today, last, note)
    await present(update, context, state, screen, new=new)
    return DAY


async def month_moved(update: Update, context: CareContext) -> int | str | None:
    """Calendar ‹ › (→ DAY)."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    return await show_calendar(update, context, state, context.press.day, pressed=True)


async def day_typed(update: Update, context: CareContext) -> int | str | None:
    """A day in words, read in the clinic's time zone (→ TIME, or the calendar again)."""
    state = flowstate.load(context, DeskBooking)
    doctor = await doctor_of(context, state) if state is not None else None
    if state is None or doctor is None:
        return await replies.expired(update, context)
    try:
        day = dates.parse_day(
            update.message.text, tz=ZoneInfo(doctor.timezone), now=context.now(),
            horizon_days=doctor.booking_horizon_days, language=context.lang,
        )  # fmt: skip
    except InvalidInput as exc:
        note = error_text(context.lang, exc)
        return await show_calendar(update, context, state, new=True, note=note)
    return await show_times(update, context, state, day, new=True)


async def day_pressed(update: Update, context: CareContext) -> int | str | None:
    """A calendar day, or one of the nearest days offered (→ TIME)."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    return await show_times(update, context, state, context.press.day, pressed=True)


async def show_times(
    update: Update,
    context: CareContext,
    state: DeskBooking,
    day: date,
    *,
    new: bool = False,
    pressed: bool = False,
) -> int | str | None:
    """That day's free times, or the nearest days that have some (→ TIME)."""
    doctor = await doctor_of(context, state)
    if doctor is None:
        return await replies.expired(update, context)
    now = context.now()
    today = dates.local_today(now, ZoneInfo(doctor.timezone))
    if pressed:
        try:
            dates.check_bookable_day(day, today=today, horizon_days=doctor.booking_horizon_days)
        except InvalidInput:
            return await replies.expired(update, context)
    async with context.read() as reader:
        free = await availability.bookable_slots(reader, doctor=doctor, day=day, now=now)
        nearby: list[date] = []
        if not free:
            days = await availability.bookable_days(
                reader, doctor=doctor, start=day - timedelta(days=14),
                end=day + timedelta(days=28), now=now,
            )  # fmt: skip
            nearby = sorted(days, key=lambda d: (abs((d - day).days), d))[:4]
    state.day = day
    await present(update, context, state, screens.times(context.lang, doctor, day, free, nearby),
                   new=new)  # fmt: skip
    return TIME
