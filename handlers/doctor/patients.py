"""My patients: /patients [name] (and the menu's entry), the doctor's assigned patients a
page at a time, searched by name; a card each; an assignment added from a visit's card and
ended with a question first. Every press names a patient or visit; the services check again
that it is the presser's, so a forged press has expired."""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.doctor import card as visit_card
from handlers.doctor import patient_screens as screens
from handlers.doctor_buttons import (
    AssignEnd,
    AssignVisit,
    PatientOpen,
    PatientsSearch,
)
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from services import my_patients
from services.errors import InvalidInput, NotAllowed, NotFound

END = -1
ASK = "doctor.patients"


class PatientsFlow(FlowState):
    name = "doctor.patients"
    version = 1
    page: int = 0


async def patients_command(update: Update, context: CareContext) -> int | str:
    """/patients: the list; /patients <name>: those whose name matches."""
    flowstate.clear(context)
    typed = " ".join(context.args or []) if update.callback_query is None else ""
    try:
        await _show(update, context, 0, typed or None, new=not update.callback_query)
    except (NotFound, NotAllowed) as exc:
        return await visit_card.refuse(update, context, exc)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
    return END


async def _show(
    update: Update,
    context: CareContext,
    page: int,
    query: str | None,
    *,
    new: bool = False,
    note: str | None = None,
) -> None:
    async with context.read() as reader:
        found = await my_patients.my_patients(
            reader, actor=context.actor, now=context.now(), page=page, query=query
        )
    screen = screens.patients(context.lang, found, note)
    await (render.send if new else render.show)(update, screen.text, screen.markup)


async def page_pressed(update: Update, context: CareContext) -> int | None:
    """‹ › on the list, or back to it."""
    try:
        await _show(update, context, context.press.page, None)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    flowstate.clear(context)
    return END


async def search_pressed(update: Update, context: CareContext) -> int | str | None:
    """🔎 Search: asks for a name (→ ASK)."""
    press: PatientsSearch = context.press
    try:
        async with context.read() as reader:
            await my_patients.check_doctor(reader, actor=context.actor)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    screen = screens.search_ask(context.lang, press.page)
    await render.present(update, context, PatientsFlow(page=press.page), screen.text, screen.markup)
    return ASK


async def name_typed(update: Update, context: CareContext) -> int | str:
    """The name typed to search for; too long or empty is asked again."""
    message = update.effective_message
    typed = (message.text if message else "") or ""
    try:
        await _show(update, context, 0, typed, new=True)
    except InvalidInput as exc:
        state = flowstate.load(context, PatientsFlow) or PatientsFlow()
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'patients-search-ask')}"
        markup = screens.search_ask(context.lang, state.page).markup
        await render.present(update, context, state, text, markup, new=True)
        return ASK
    except (NotFound, NotAllowed) as exc:
        flowstate.clear(context)
        return await visit_card.refuse(update, context, exc)
    flowstate.clear(context)
    return END


async def open_pressed(update: Update, context: CareContext) -> int | None:
    """A patient of the list: their card (the opening is audited)."""
    press: PatientOpen = context.press
    try:
        info = await my_patients.patient_card(
            context.db, actor=context.actor, patient_id=press.id, now=context.now()
        )
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = screens.card(context.lang, info, press.page)
    await render.show(update, screen.text, screen.markup)
    return END


async def end_pressed(update: Update, context: CareContext) -> int | None:
    """End assignment: the question, then (confirmed) the end and the list again."""
    press: AssignEnd = context.press
    try:
        if not press.confirmed:
            async with context.read() as reader:
                name = await my_patients.patient_name(
                    reader, actor=context.actor, patient_id=press.id
                )
            flowstate.clear(context)
            screen = screens.end_question(context.lang, name, press.id, press.page)
            await render.show(update, screen.text, screen.markup)
            return END
        await my_patients.end_assignment(
            context.db, actor=context.actor, patient_id=press.id, now=context.now()
        )
        flowstate.clear(context)
        await _show(update, context, press.page, None, note=t(context.lang, "patients-ended"))
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    return END


async def add_pressed(update: Update, context: CareContext) -> int | None:
    """➕ Add to my patients on a visit's card: added (or reactivated), the card again."""
    press: AssignVisit = context.press
    try:
        await my_patients.add_from_visit(
            context.db, actor=context.actor, appointment_id=press.id, now=context.now()
        )
        flowstate.clear(context)
        await visit_card.show_card(update, context, press.id, agenda=press.agenda)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    return END
