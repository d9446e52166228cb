"""/newpatient (and ➕ on "nothing found"): the front desk types in a caller or a walk-in —
name, phone, date of birth, read back, then saved. Nothing is written before Save; a
number that is already a patient's is refused, with that patient shown — and if the clinic
does not know them yet, their date of birth is asked for instead (handlers.staff.desk_link)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import Consent, ConsentAction
from handlers.context import CareContext
from handlers.desk_buttons import DeskPatient, DeskStep
from handlers.i18n import error_text, plain, t
from handlers.patient import birth
from handlers.staff import desk_link, screens
from services import front_desk, users
from services.errors import AmbiguousDate, InvalidInput, NotAllowed
from services.phones import region_for_zone

END = -1
NAME, PHONE, BIRTH, SAVE = "desk.new.name", "desk.new.phone", "desk.new.birth", "desk.new.save"


class NewPatient(flowstate.FlowState):
    name: ClassVar[str] = "desk-new"
    version: ClassVar[int] = 1

    full_name: str | None = None
    phone: str | None = None
    born: date | None = None
    birth_readings: tuple[date, ...] = ()


async def new_command(update: Update, context: CareContext) -> int | str:
    """/newpatient and ➕ New patient: asks for the name (→ NAME)."""
    flowstate.clear(context)
    try:
        async with context.read() as reader:
            await front_desk.region_of(reader, actor=context.actor, fallback=None)
    except NotAllowed:
        if update.callback_query is not None:
            return await replies.expired(update, context)
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    await render.present(update, context, NewPatient(), t(context.lang, "desk-new-name"), new=True)
    return NAME


async def name_typed(update: Update, context: CareContext) -> int | str:
    """The patient's full name (→ PHONE, or asked again)."""
    draft = flowstate.load(context, NewPatient)
    if draft is None:
        return await new_command(update, context)
    try:
        draft.full_name = users.clean_name(update.message.text)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return NAME
    await render.present(update, context, draft, t(context.lang, "desk-new-phone"), new=True)
    return PHONE


async def phone_typed(update: Update, context: CareContext) -> int | str:
    """The number in any format of the clinic's country, or +…; one already a patient's is
    refused with that patient shown (→ BIRTH, or asked again)."""
    draft = flowstate.load(context, NewPatient)
    if draft is None:
        return await new_command(update, context)
    lang = context.lang
    try:
        async with context.read() as reader:
            region = await front_desk.region_of(
                reader, actor=context.actor, fallback=region_for_zone(context.tz)
            )
            phone, owner = await front_desk.phone_owner(
                reader, actor=context.actor, phone=update.message.text, region=region
            )
    except InvalidInput as exc:
        await render.send(update, error_text(lang, exc))
        return PHONE
    if owner is not None and not owner.linked:  # the clinic's only once the date matches
        link = desk_link.DeskLink(
            origin="new", patient=owner.patient_id, phone=phone, full_name=draft.full_name
        )
        return await desk_link.start(update, context, link, new=True)
    if owner is not None:
        await _show_owner(update, context, draft, owner)
        return PHONE
    draft.phone = phone
    await render.present(update, context, draft, t(lang, "desk-new-birth"), new=True)
    return BIRTH


async def _show_owner(
    update: Update, context: CareContext, draft: NewPatient, owner: front_desk.PatientHit
) -> None:
    lang = context.lang
    text = t(lang, "desk-phone-taken", patient=screens.patient_line(lang, owner))
    rows = []
    if owner.linked:
        label = plain(lang, "desk-open-card")
        rows.append([keyboards.button(label, DeskPatient(owner.patient_id))])
    await render.present(update, context, draft, text, keyboards.markup(rows), new=True)


async def birth_typed(update: Update, context: CareContext) -> int | str:
    """The date of birth, read as at registration (→ SAVE, or asked again)."""
    draft = flowstate.load(context, NewPatient)
    if draft is None or draft.phone is None:
        return await new_command(update, context)
    today = context.now().astimezone(context.tz).date()
    try:
        born = users.parse_birth_date(update.message.text, today=today)
    except AmbiguousDate as exc:  # "1/2/1990": asked, not guessed
        draft.birth_readings = exc.readings
        back = Consent(ConsentAction.BACK)
        text, markup = birth.question(context.lang, draft.birth_readings, back, "back-label")
        await render.present(update, context, draft, text, markup, new=True)
        return BIRTH
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return BIRTH
    return await _summary(update, context, draft, born, new=True)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings of the date (→ SAVE)."""
    draft = flowstate.load(context, NewPatient)
    born = birth.chosen(context.press, draft.birth_readings) if draft else None
    if draft is None or born is None:
        return await replies.expired(update, context)
    return await _summary(update, context, draft, born, new=False)


async def birth_back(update: Update, context: CareContext) -> int | str | None:
    """Back from the two readings: the date is asked again (→ BIRTH)."""
    draft = flowstate.load(context, NewPatient)
    if draft is None:
        return await replies.expired(update, context)
    draft.birth_readings = ()
    await render.present(update, context, draft, t(context.lang, "desk-new-birth"))
    return BIRTH


async def _summary(
    update: Update, context: CareContext, draft: NewPatient, born: date, *, new: bool
) -> str:
    draft.born, draft.birth_readings = born, ()
    if draft.full_name is None or draft.phone is None:
        return await new_command(update, context)
    text, markup = screens.new_summary(context.lang, draft.full_name, draft.phone, born)
    await render.present(update, context, draft, text, markup, new=new)
    return SAVE


async def save_pressed(update: Update, context: CareContext) -> int | str | None:
    """✅ Save writes the patient (audited with the desk member); ✖️ leaves nothing (→ END)."""
    draft = flowstate.load(context, NewPatient)
    if draft is None or None in (draft.full_name, draft.phone, draft.born):
        return await replies.expired(update, context)
    lang = context.lang
    if context.press.step is DeskStep.DROP:
        flowstate.clear(context)
        await render.show(update, t(lang, "desk-new-dropped"))
        return END
    if context.press.step is not DeskStep.SAVE:
        return await replies.expired(update, context)
    now = context.now()
    try:
        async with context.write() as session:
            made = await front_desk.register_by_phone(
                session, actor=context.actor, full_name=draft.full_name, phone=draft.phone,
                date_of_birth=draft.born, today=now.astimezone(context.tz).date(), now=now,
            )  # fmt: skip
    except front_desk.PhoneTaken:  # typed in by another desk meanwhile
        await render.show(update, t(lang, "desk-phone-taken-now"))
        await render.present(update, context, draft, t(lang, "desk-new-phone"), new=True)
        return PHONE
    except NotAllowed:
        flowstate.clear(context)
        return await replies.expired(update, context)
    flowstate.clear(context)
    text = t(lang, "desk-new-saved", patient=screens.patient_line(lang, made))
    open_card = keyboards.button(plain(lang, "desk-open-card"), DeskPatient(made.patient_id))
    await render.show(update, text, keyboards.markup([[open_card]]))
    return END
