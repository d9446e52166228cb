"""/doctors: a clinic's doctors (inactive ones marked), a doctor's card, one field edited
at a time, deactivation with the visits it cancels listed before confirming (then each
patient is offered other times, as after time off), reactivation."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import doctor_screens as screens
from handlers.catalog_buttons import (
    DoctorActive,
    DoctorEdit,
    DoctorField,
    DoctorOpen,
    DoctorSetSpecialty,
    DoctorsOf,
)
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_plain, error_text, t
from services import clinic_admin, doctor_admin
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound

END = -1
EDIT = "admin.doctor.edit"


class DoctorEditFlow(FlowState):
    """Waiting for the new value of one field of one doctor."""

    name = "admin.doctor.edit"
    version = 1
    doctor_id: uuid.UUID
    field: DoctorField


async def doctors_command(update: Update, context: CareContext) -> int | None:
    """/doctors and 👩‍⚕️ Doctors: the clinics to choose from (admins only). A press of
    anyone else has expired and leaves their open flow alone."""
    try:
        async with context.read() as reader:
            await doctor_admin.specialties(reader, actor=context.actor)  # may they at all?
            found = await clinic_admin.clinics(reader, actor=context.actor)
    except NotAllowed:
        if update.callback_query is not None:
            return await replies.expired(update, context)
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    flowstate.clear(context)
    screen = screens.clinics(context.lang, found)
    await render.show(update, screen.text, screen.markup)
    return END


async def of_pressed(update: Update, context: CareContext) -> int | None:
    """A clinic: its doctors with ➕ Add a doctor."""
    press: DoctorsOf = context.press
    try:
        async with context.read() as reader:
            found = await doctor_admin.doctors_of(
                reader, actor=context.actor, clinic_id=press.clinic
            )
            clinic = await clinic_admin.clinic_card(
                reader, actor=context.actor, clinic_id=press.clinic
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = screens.doctors(context.lang, clinic, found)
    await render.show(update, screen.text, screen.markup)
    return END


async def _show(update: Update, context: CareContext, doctor_id: uuid.UUID, note: str = ""):
    async with context.read() as reader:
        doctor = await doctor_admin.doctor_card(reader, actor=context.actor, doctor_id=doctor_id)
    flowstate.clear(context)
    screen = screens.card(context.lang, doctor, note)
    await render.show(update, screen.text, screen.markup)


async def open_pressed(update: Update, context: CareContext) -> int | None:
    """A doctor of the list: their card with Edit and Deactivate / Reactivate."""
    press: DoctorOpen = context.press
    try:
        await _show(update, context, press.id)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    return END


async def edit_pressed(update: Update, context: CareContext) -> int | str | None:
    """✏️ Edit: the fields to pick; a field: its question (→ EDIT)."""
    press: DoctorEdit = context.press
    try:
        async with context.read() as reader:
            doctor = await doctor_admin.doctor_card(reader, actor=context.actor, doctor_id=press.id)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    if press.field is DoctorField.PICK:
        screen = screens.fields(context.lang, doctor)
        await render.show(update, screen.text, screen.markup)
        return END
    if press.field is DoctorField.SPECIALTY:
        async with context.read() as reader:
            found = await doctor_admin.specialties(reader, actor=context.actor)
        screen = screens.specialties(context.lang, doctor, found)
        await render.show(update, screen.text, screen.markup)
        return END
    screen = screens.ask_value(context.lang, doctor, press.field)
    state = DoctorEditFlow(doctor_id=doctor.id, field=press.field)
    await render.present(update, context, state, screen.text, screen.markup)
    return EDIT


async def value_typed(update: Update, context: CareContext) -> int | str | None:
    """The new value: saved and the card shown (→ END), or said why and asked again."""
    state = flowstate.load(context, DoctorEditFlow)
    message = update.effective_message
    if state is None or message is None:
        return await replies.not_expected(update, context)
    lang = context.lang
    try:
        async with context.write() as session:
            doctor = await doctor_admin.edit_doctor(
                session, actor=context.actor, doctor_id=state.doctor_id,
                field=state.field.value, typed=message.text or "", now=context.now(),
            )  # fmt: skip
    except (InvalidInput, Conflict) as exc:
        async with context.read() as reader:
            doctor = await doctor_admin.doctor_card(
                reader, actor=context.actor, doctor_id=state.doctor_id
            )
        screen = screens.ask_value(lang, doctor, state.field)
        text = f"{error_text(lang, exc)}\n\n{screen.text}"
        await render.present(update, context, state, text, screen.markup, new=True)
        return EDIT
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    flowstate.clear(context)
    note = t(lang, "clinic-saved-field", field=screens.field_label(lang, state.field))
    screen = screens.card(lang, doctor, str(note))
    await render.send(update, screen.text, screen.markup)
    return END


async def specialty_pressed(update: Update, context: CareContext) -> int | None:
    """A specialty of the list: the doctor's from now on, and their card again."""
    press: DoctorSetSpecialty = context.press
    lang = context.lang
    try:
        async with context.write() as session:
            doctor = await doctor_admin.set_specialty(
                session, actor=context.actor, doctor_id=press.id,
                specialty_id=press.specialty, now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    note = t(lang, "clinic-saved-field", field=screens.field_label(lang, DoctorField.SPECIALTY))
    screen = screens.card(lang, doctor, str(note))
    await render.show(update, screen.text, screen.markup)
    return END


async def active_pressed(update: Update, context: CareContext) -> int | None:
    """Deactivate: the visits it cancels first; confirmed, the doctor leaves search and
    each patient is told with other times. Reactivate: confirmed, slots cut again."""
    press: DoctorActive = context.press
    lang, now = context.lang, context.now()
    try:
        if not press.ok:
            async with context.read() as reader:
                doctor, visits = await doctor_admin.deactivation_plan(
                    reader, actor=context.actor, doctor_id=press.id, now=now
                )
            if doctor.is_active == press.active:
                return await replies.expired(update, context)
            flowstate.clear(context)
            if press.active:
                screen = screens.reactivation(lang, doctor)
            else:
                screen = screens.deactivation(lang, doctor, visits, now)
            await render.show(update, screen.text, screen.markup)
            return END
        if press.active:
            doctor = await doctor_admin.reactivate(
                context.db, actor=context.actor, doctor_id=press.id, now=now
            )
            note = t(lang, "doctor-now-active")
        else:
            doctor, cancelled = await doctor_admin.deactivate(
                context.db, actor=context.actor, doctor_id=press.id, now=now
            )
            note = t(lang, "doctor-now-inactive", count=cancelled)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except Conflict as exc:
        await render.alert(update, error_plain(lang, exc))
        return None
    flowstate.clear(context)
    screen = screens.card(lang, doctor, str(note))
    await render.show(update, screen.text, screen.markup)
    return END
