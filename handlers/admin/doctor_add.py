"""➕ Add a doctor: name → clinic → specialty (picked, or a new one typed) → licence number
(not another doctor's) → visit length → patients a day → read back → ✅ Save. Nothing is
written before Save; the doctor has no Telegram account until /invite links one."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import doctor_screens as screens
from handlers.catalog_buttons import DoctorClinicPick, DoctorDraftStep, DoctorSpecialtyPick, Draft
from handlers.context import CareContext
from handlers.i18n import error_text, t
from services import clinic_admin, doctor_admin, users
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound

END = -1
NAME, CLINIC, SPECIALTY = "admin.doctor.name", "admin.doctor.clinic", "admin.doctor.specialty"
SPEC_NAME, LICENSE = "admin.doctor.spec_name", "admin.doctor.license"
VISIT, MAX, SAVE = "admin.doctor.visit", "admin.doctor.max", "admin.doctor.save"


class NewDoctor(flowstate.FlowState):
    name = "admin.doctor.new"
    version = 1

    full_name: str | None = None
    clinic_id: uuid.UUID | None = None
    clinic: str | None = None
    specialty_id: uuid.UUID | None = None
    new_specialty: str | None = None
    specialty: str | None = None
    license_number: str | None = None
    visit_minutes: int | None = None
    max_per_day: int | None = None


async def _refused(update: Update, context: CareContext) -> int | None:
    """Not (or no longer) allowed: a press has expired, typed text is told so."""
    if update.callback_query is not None:
        return await replies.expired(update, context)
    flowstate.clear(context)
    await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
    return END


def _typed(update: Update) -> str:
    message = update.effective_message
    return (message.text if message else "") or ""


async def _again(update: Update, context: CareContext, draft, exc, key: str, step: str) -> str:
    text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, key)}"
    await render.present(update, context, draft, text, new=True)
    return step


async def new_pressed(update: Update, context: CareContext) -> int | str:
    """➕ Add a doctor: asks for the full name (→ NAME)."""
    try:
        async with context.read() as reader:
            await doctor_admin.specialties(reader, actor=context.actor)
    except NotAllowed:
        return await _refused(update, context)
    flowstate.clear(context)
    await render.present(update, context, NewDoctor(), t(context.lang, "doctor-new-name"))
    return NAME


async def name_typed(update: Update, context: CareContext) -> int | str:
    """The doctor's full name (→ CLINIC, or asked again)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None:
        return await new_pressed(update, context)
    try:
        draft.full_name = users.clean_name(_typed(update))
        async with context.read() as reader:
            found = await clinic_admin.clinics(reader, actor=context.actor)
    except NotAllowed:
        return await _refused(update, context)
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "doctor-new-name", NAME)
    screen = screens.pick_clinic(context.lang, found)
    await render.present(update, context, draft, screen.text, screen.markup, new=True)
    return CLINIC


async def clinic_pressed(update: Update, context: CareContext) -> int | str | None:
    """Their clinic (→ SPECIALTY)."""
    draft = flowstate.load(context, NewDoctor)
    press: DoctorClinicPick = context.press
    if draft is None or draft.full_name is None:
        return await replies.expired(update, context)
    try:
        async with context.read() as reader:
            clinic = await clinic_admin.clinic_card(reader, actor=context.actor, clinic_id=press.id)
            found = await doctor_admin.specialties(reader, actor=context.actor)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    if not clinic.is_active:
        return await replies.expired(update, context)
    draft.clinic_id, draft.clinic = clinic.id, clinic.name
    screen = screens.pick_specialty(context.lang, found)
    await render.present(update, context, draft, screen.text, screen.markup)
    return SPECIALTY


async def specialty_pressed(update: Update, context: CareContext) -> int | str | None:
    """A specialty of the list (→ LICENSE)."""
    draft = flowstate.load(context, NewDoctor)
    press: DoctorSpecialtyPick = context.press
    if draft is None or draft.clinic_id is None:
        return await replies.expired(update, context)
    async with context.read() as reader:
        found = await doctor_admin.specialties(reader, actor=context.actor)
    chosen = next((s for s in found if s.id == press.id), None)
    if chosen is None:
        return await replies.expired(update, context)
    draft.specialty_id, draft.specialty, draft.new_specialty = chosen.id, chosen.name, None
    await render.present(update, context, draft, t(context.lang, "doctor-new-license"))
    return LICENSE


async def new_specialty_pressed(update: Update, context: CareContext) -> int | str | None:
    """➕ A new specialty: asks for its name (→ SPEC_NAME)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None or draft.clinic_id is None:
        return await replies.expired(update, context)
    await render.present(update, context, draft, t(context.lang, "doctor-new-specialty-name"))
    return SPEC_NAME


async def specialty_typed(update: Update, context: CareContext) -> int | str:
    """The new specialty's name, not one that exists (→ LICENSE, or asked again)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None or draft.clinic_id is None:
        return await new_pressed(update, context)
    try:
        async with context.read() as reader:
            name = await doctor_admin.check_specialty_name(
                reader, actor=context.actor, typed=_typed(update)
            )
    except NotAllowed:
        return await _refused(update, context)
    except (InvalidInput, Conflict) as exc:
        return await _again(update, context, draft, exc, "doctor-new-specialty-name", SPEC_NAME)
    draft.specialty_id, draft.specialty, draft.new_specialty = None, name, name
    await render.present(update, context, draft, t(context.lang, "doctor-new-license"), new=True)
    return LICENSE


async def license_typed(update: Update, context: CareContext) -> int | str:
    """The licence number, no other doctor's (→ VISIT, or asked again)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None or draft.specialty is None:
        return await new_pressed(update, context)
    try:
        async with context.read() as reader:
            draft.license_number = await doctor_admin.check_license(
                reader, actor=context.actor, typed=_typed(update)
            )
    except NotAllowed:
        return await _refused(update, context)
    except (InvalidInput, Conflict) as exc:
        return await _again(update, context, draft, exc, "doctor-new-license", LICENSE)
    await render.present(update, context, draft, t(context.lang, "doctor-new-visit"), new=True)
    return VISIT


async def visit_typed(update: Update, context: CareContext) -> int | str:
    """The visit length in minutes (→ MAX, or asked again)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None or draft.license_number is None:
        return await new_pressed(update, context)
    try:
        draft.visit_minutes = doctor_admin.read_number("visit", _typed(update))
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "doctor-new-visit", VISIT)
    await render.present(update, context, draft, t(context.lang, "doctor-new-max"), new=True)
    return MAX


async def max_typed(update: Update, context: CareContext) -> int | str:
    """Patients a day at most (→ SAVE with the read-back, or asked again)."""
    draft = flowstate.load(context, NewDoctor)
    if draft is None or draft.visit_minutes is None:
        return await new_pressed(update, context)
    try:
        draft.max_per_day = doctor_admin.read_number("max", _typed(update))
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "doctor-new-max", MAX)
    screen = screens.new_summary(
        context.lang, name=draft.full_name or "", clinic=draft.clinic or "",
        specialty=draft.specialty or "", license_number=draft.license_number or "",
        minutes=draft.visit_minutes, count=draft.max_per_day,
    )  # fmt: skip
    await render.present(update, context, draft, screen.text, screen.markup, new=True)
    return SAVE


async def save_pressed(update: Update, context: CareContext) -> int | str | None:
    """✅ Save writes the doctor (and the new specialty) in one transaction; ✖️ nothing."""
    draft = flowstate.load(context, NewDoctor)
    press: DoctorDraftStep = context.press
    if draft is None or draft.max_per_day is None or draft.clinic_id is None:
        return await replies.expired(update, context)
    lang = context.lang
    if press.step is Draft.DROP:
        flowstate.clear(context)
        await render.show(update, t(lang, "doctor-new-dropped"))
        return END
    if press.step is not Draft.SAVE:
        return await replies.expired(update, context)
    try:
        doctor = await doctor_admin.add_doctor(
            context.db, actor=context.actor, full_name=draft.full_name or "",
            clinic_id=draft.clinic_id, specialty_id=draft.specialty_id,
            new_specialty=draft.new_specialty, license_number=draft.license_number or "",
            visit_minutes=draft.visit_minutes or 30, max_patients_per_day=draft.max_per_day,
            now=context.now(),
        )  # fmt: skip
    except (NotAllowed, NotFound):
        return await _refused(update, context)
    except Conflict as exc:  # taken meanwhile: the licence (or specialty) asked again
        if exc.code == "specialty-exists":
            return await _again(update, context, draft, exc, "doctor-new-specialty-name", SPEC_NAME)
        return await _again(update, context, draft, exc, "doctor-new-license", LICENSE)
    flowstate.clear(context)
    screen = screens.saved(lang, doctor)
    await render.show(update, screen.text, screen.markup)
    return END
