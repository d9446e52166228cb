"""The front desk's doctor step when the clinic has more doctors than one list holds: a
specialty (→ its doctors with their next free times), ⬅️ Back to the specialties, or a
doctor's name typed (one match: their calendar; several: them to pick from). Every press
is checked again by services.desk_booking: another clinic's specialty has expired."""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.staff import desk_screens
from handlers.staff.desk_booking import DOCTOR, DeskBooking, show_calendar, show_choice
from services import desk_booking
from services.errors import InvalidInput, NotAllowed, NotFound


async def specialty_pressed(update: Update, context: CareContext) -> int | str | None:
    """A specialty of the clinic's: its doctors (→ DOCTOR); another clinic's has expired."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    return await show_specialty(update, context, state, context.press.id)


async def show_specialty(
    update: Update, context: CareContext, state: DeskBooking, specialty
) -> int | str | None:
    """That specialty's doctors at the desk's clinic, with their next free times."""
    try:
        async with context.read() as reader:
            found = await desk_booking.specialty_doctors(
                reader, actor=context.actor, specialty_id=specialty, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    state.specialty, state.doctor = specialty, None
    screen = desk_screens.specialty_doctors(context.lang, state.patient_name, found, context.now())
    await render.present(update, context, state, screen.text, screen.markup)
    return DOCTOR


async def choice_pressed(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back from a specialty's doctors or from doctors found by name (→ DOCTOR)."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    return await show_choice(update, context, state)


async def name_typed(update: Update, context: CareContext) -> int | str | None:
    """A doctor's name typed at the doctor step: one match → their calendar (→ DAY);
    several → them to pick from; none or too long → said, and the choice again."""
    state = flowstate.load(context, DeskBooking)
    if state is None:
        return await replies.expired(update, context)
    query = " ".join((update.message.text or "").split())
    try:
        async with context.read() as reader:
            found = await desk_booking.doctors_named(reader, actor=context.actor, query=query)
    except InvalidInput as exc:
        return await show_choice(update, context, state, note=error_text(context.lang, exc),
                                 new=True)  # fmt: skip
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    if not found:
        note = t(context.lang, "desk-book-name-none", query=query)
        return await show_choice(update, context, state, note=note, new=True)
    if len(found) == 1:
        state.specialty, state.doctor = None, found[0].id
        return await show_calendar(update, context, state, new=True)
    state.specialty = state.doctor = None
    screen = desk_screens.named_doctors(context.lang, state.patient_name, query, found)
    await render.present(update, context, state, screen.text, screen.markup, new=True)
    return DOCTOR
