"""Booking: "Who is this visit for?" — the patient or one of their family members.

Asked after a time is picked when the account holds family members, and always for
Pediatrics (with a button to add a child when there is none). The press names a patient
record by id; the service checks it is the presser's own or one of theirs.
"""

from __future__ import annotations

from telegram import Update

from handlers import family_screens, render, replies
from handlers.callbacks import ForWhom
from handlers.context import CareContext
from handlers.patient import pick
from handlers.patient.booking_state import BookingState, Step, restart, step
from services import catalog, family
from services.errors import NotAllowed, NotFound


async def ask_or_skip(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """After the time: ask whom the visit is for (→ WHOM), or go on to the reason."""
    user = context.current_user
    if user is None or user.patient_id is None or state.doctor is None:
        return await restart(update, context)
    async with context.read() as session:
        found = await family.list_members(session, actor=context.actor, holder_id=user.patient_id)
        doctor = await catalog.get_doctor(session, doctor_id=state.doctor)
    pediatric = family.is_pediatric(doctor.specialty)
    if not found and not pediatric:
        state.patient, state.asked_whom = None, False
        return await pick.ask_reason(update, context, state)
    state.asked_whom = True
    screen = family_screens.whom(
        context.lang, user.patient_id, user.full_name, found, pediatric=pediatric
    )
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.WHOM


async def show(update: Update, context: CareContext, state: BookingState) -> int | str | None:
    """The question again (Back from the reason, or from adding a family member)."""
    return await ask_or_skip(update, context, state)


@step
async def whom_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """The patient or a family member of theirs (→ REASON); anyone else's has expired."""
    press: ForWhom = context.press
    user = context.current_user
    if user is None or user.patient_id is None:
        return await restart(update, context)
    if press.id == user.patient_id:
        state.patient = None
    else:
        try:
            async with context.read() as session:
                await family.get_member(session, actor=context.actor, member_id=press.id)
        except (NotAllowed, NotFound):
            return await replies.expired(update, context)
        state.patient = press.id
    return await pick.ask_reason(update, context, state)


@step
async def back_from_whom(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back to the times the slot was picked from (→ TIME)."""
    return await pick.back_to_times(update, context, state)
