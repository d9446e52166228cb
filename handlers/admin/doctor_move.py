"""🏥 Clinic on the admin's doctor card (/doctors): the other active clinics, what moving
the doctor to one does (shown first; with visits booked ahead it cannot be done yet), and
the move itself (services.doctor_move checks every press again)."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import doctor_screens as screens
from handlers.context import CareContext
from handlers.doctor_move_buttons import DoctorMoveClinics, DoctorMoveConfirm, DoctorMoveTo
from handlers.i18n import t
from services import doctor_move
from services.errors import Conflict, NotAllowed, NotFound

END = -1


async def clinics_pressed(update: Update, context: CareContext) -> int | None:
    """🏥 Clinic: the other active clinics to move the doctor to."""
    press: DoctorMoveClinics = context.press
    try:
        async with context.read() as reader:
            doctor, found = await doctor_move.move_targets(
                reader, actor=context.actor, doctor_id=press.doctor
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = screens.move_clinics(context.lang, doctor, found)
    await render.show(update, screen.text, screen.markup)
    return END


async def _effect(
    update: Update, context: CareContext, doctor_id: uuid.UUID, clinic_id: uuid.UUID
) -> int | None:
    try:
        async with context.read() as reader:
            effect = await doctor_move.move_effect(
                reader, actor=context.actor, doctor_id=doctor_id, clinic_id=clinic_id,
                now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = screens.move_effect(context.lang, effect)
    await render.show(update, screen.text, screen.markup)
    return END


async def clinic_pressed(update: Update, context: CareContext) -> int | None:
    """A clinic of the list: what the move does, with ✅ Yes, move only if it can be done."""
    press: DoctorMoveTo = context.press
    return await _effect(update, context, press.doctor, press.clinic)


async def confirm_pressed(update: Update, context: CareContext) -> int | None:
    """✅ Yes, move: moved and the card shown; a visit booked meanwhile stops it (said why)."""
    press: DoctorMoveConfirm = context.press
    lang, now = context.lang, context.now()
    try:
        moved = await doctor_move.move_doctor(
            context.db, actor=context.actor, doctor_id=press.doctor, clinic_id=press.clinic,
            now=now,
        )  # fmt: skip
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except Conflict:  # booked meanwhile: the effect again says how many, and what to do
        return await _effect(update, context, press.doctor, press.clinic)
    flowstate.clear(context)
    note = t(lang, "doctor-moved", clinic=moved.doctor.clinic, count=moved.removed,
             created=moved.created)  # fmt: skip
    screen = screens.card(lang, moved.doctor, str(note))
    await render.show(update, screen.text, screen.markup)
    return END
