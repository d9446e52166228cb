"""/clinics: every clinic (inactive ones marked), a clinic's card with all its settings,
one setting edited at a time (typed, asked again when it cannot be used), deactivate or
reactivate with what that does shown before confirming."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import clinic_screens as screens
from handlers.catalog_buttons import ClinicActive, ClinicEdit, ClinicField, ClinicOpen
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_plain, error_text, t
from services import clinic_admin
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound

END = -1
EDIT = "admin.clinic.edit"


class ClinicEditFlow(FlowState):
    """Waiting for the new value of one setting of one clinic."""

    name = "admin.clinic.edit"
    version = 1
    clinic_id: uuid.UUID
    field: ClinicField


async def clinics_command(update: Update, context: CareContext) -> int | None:
    """/clinics and 🏥 Clinics: the list with ➕ Add (admins only). A press of anyone else
    has expired and leaves their open flow alone."""
    try:
        async with context.read() as reader:
            found = await clinic_admin.clinics(reader, actor=context.actor)
    except NotAllowed:
        if update.callback_query is not None:
            return await replies.expired(update, context)
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    flowstate.clear(context)
    screen = screens.clinic_list(context.lang, found)
    await render.show(update, screen.text, screen.markup)
    return END


async def list_pressed(update: Update, context: CareContext) -> int | None:
    """⬅️ Back to the list."""
    return await clinics_command(update, context)


async def _card(update: Update, context: CareContext, clinic_id: uuid.UUID, note: str = ""):
    async with context.read() as reader:
        card = await clinic_admin.clinic_card(reader, actor=context.actor, clinic_id=clinic_id)
    flowstate.clear(context)
    screen = screens.clinic_card(context.lang, card, note)
    await render.show(update, screen.text, screen.markup)


async def open_pressed(update: Update, context: CareContext) -> int | None:
    """A clinic of the list: its card with Edit and Deactivate / Reactivate."""
    press: ClinicOpen = context.press
    try:
        await _card(update, context, press.id)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    return END


async def edit_pressed(update: Update, context: CareContext) -> int | str | None:
    """✏️ Edit: the fields to pick; a field: its question (→ EDIT)."""
    press: ClinicEdit = context.press
    try:
        async with context.read() as reader:
            card = await clinic_admin.clinic_card(reader, actor=context.actor, clinic_id=press.id)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    if press.field is ClinicField.PICK:
        screen = screens.fields(context.lang, card)
        await render.show(update, screen.text, screen.markup)
        return END
    screen = screens.ask_value(context.lang, card, press.field)
    state = ClinicEditFlow(clinic_id=card.id, field=press.field)
    await render.present(update, context, state, screen.text, screen.markup)
    return EDIT


async def value_typed(update: Update, context: CareContext) -> int | str | None:
    """The new value: saved and the card shown (→ END), or said why and asked again."""
    state = flowstate.load(context, ClinicEditFlow)
    message = update.effective_message
    if state is None or message is None:
        return await replies.not_expected(update, context)
    lang = context.lang
    try:
        async with context.write() as session:
            card = await clinic_admin.edit_clinic(
                session, actor=context.actor, clinic_id=state.clinic_id,
                field=state.field.value, typed=message.text or "", now=context.now(),
            )  # fmt: skip
    except (InvalidInput, Conflict) as exc:
        async with context.read() as reader:
            card = await clinic_admin.clinic_card(
                reader, actor=context.actor, clinic_id=state.clinic_id
            )
        screen = screens.ask_value(lang, card, state.field)
        text = f"{error_text(lang, exc)}\n\n{screen.text}"
        await render.present(update, context, state, text, screen.markup, new=True)
        return EDIT
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    flowstate.clear(context)
    note = t(lang, "clinic-saved-field", field=screens.field_label(lang, state.field))
    screen = screens.clinic_card(lang, card, str(note))
    await render.send(update, screen.text, screen.markup)
    return END


async def active_pressed(update: Update, context: CareContext) -> int | None:
    """Deactivate / Reactivate: first what it does (visits ahead, doctors); confirmed, done."""
    press: ClinicActive = context.press
    lang, now = context.lang, context.now()
    try:
        if not press.ok:
            async with context.read() as reader:
                effect = await clinic_admin.clinic_effect(
                    reader, actor=context.actor, clinic_id=press.id, now=now
                )
            if effect.clinic.is_active == press.active:
                return await replies.expired(update, context)
            flowstate.clear(context)
            screen = screens.effect(lang, effect)
            await render.show(update, screen.text, screen.markup)
            return END
        async with context.write() as session:
            card = await clinic_admin.set_active(
                session, actor=context.actor, clinic_id=press.id, active=press.active, now=now
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except Conflict as exc:
        await render.alert(update, error_plain(lang, exc))
        return None
    flowstate.clear(context)
    note = t(lang, "clinic-now-active" if card.is_active else "clinic-now-inactive")
    screen = screens.clinic_card(lang, card, str(note))
    await render.show(update, screen.text, screen.markup)
    return END
