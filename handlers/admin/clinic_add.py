"""➕ Add a clinic: name, address, city, time zone, phone (or Skip), read back, saved only on
✅ Save. Each answer that cannot be used is said in a sentence and asked again; the
booking window and reminders start at the defaults and are edited on the clinic's card."""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import clinic_screens as screens
from handlers.catalog_buttons import ClinicDraftStep, Draft
from handlers.context import CareContext
from handlers.i18n import error_text, t
from services import clinic_admin
from services.errors import Conflict, InvalidInput, NotAllowed

END = -1
NAME, ADDRESS, CITY = "admin.clinic.name", "admin.clinic.address", "admin.clinic.city"
ZONE, PHONE, SAVE = "admin.clinic.zone", "admin.clinic.phone", "admin.clinic.save"


class NewClinic(flowstate.FlowState):
    name = "admin.clinic.new"
    version = 1

    clinic_name: str | None = None
    address: str | None = None
    city: str | None = None
    timezone: str | None = None
    phone: str | None = None


async def _refused(update: Update, context: CareContext) -> int | None:
    """Not (or no longer) allowed: a press has expired, typed text is told so."""
    if update.callback_query is not None:
        return await replies.expired(update, context)
    flowstate.clear(context)
    await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
    return END


async def new_pressed(update: Update, context: CareContext) -> int | str:
    """➕ Add a clinic: asks for its name (→ NAME)."""
    try:
        async with context.read() as reader:
            await clinic_admin.clinics(reader, actor=context.actor)
    except NotAllowed:
        return await _refused(update, context)
    flowstate.clear(context)
    await render.present(update, context, NewClinic(), t(context.lang, "clinic-new-name"))
    return NAME


async def _again(update: Update, context: CareContext, draft, exc, key: str, step: str) -> str:
    text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, key)}"
    await render.present(update, context, draft, text, new=True)
    return step


def _typed(update: Update) -> str:
    message = update.effective_message
    return (message.text if message else "") or ""


async def name_typed(update: Update, context: CareContext) -> int | str:
    """The name, not another clinic's (→ ADDRESS, or asked again)."""
    draft = flowstate.load(context, NewClinic)
    if draft is None:
        return await new_pressed(update, context)
    try:
        async with context.read() as reader:
            draft.clinic_name = await clinic_admin.check_new_name(
                reader, actor=context.actor, typed=_typed(update)
            )
    except NotAllowed:
        return await _refused(update, context)
    except (InvalidInput, Conflict) as exc:
        return await _again(update, context, draft, exc, "clinic-new-name", NAME)
    await render.present(update, context, draft, t(context.lang, "clinic-new-address"), new=True)
    return ADDRESS


async def address_typed(update: Update, context: CareContext) -> int | str:
    """The street address (→ CITY, or asked again)."""
    draft = flowstate.load(context, NewClinic)
    if draft is None or draft.clinic_name is None:
        return await new_pressed(update, context)
    try:
        draft.address = clinic_admin.read_text("address", _typed(update))
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "clinic-new-address", ADDRESS)
    await render.present(update, context, draft, t(context.lang, "clinic-new-city"), new=True)
    return CITY


async def city_typed(update: Update, context: CareContext) -> int | str:
    """The city (→ ZONE, or asked again)."""
    draft = flowstate.load(context, NewClinic)
    if draft is None or draft.address is None:
        return await new_pressed(update, context)
    try:
        draft.city = clinic_admin.read_text("city", _typed(update))
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "clinic-new-city", CITY)
    await render.present(update, context, draft, t(context.lang, "clinic-new-zone"), new=True)
    return ZONE


async def zone_typed(update: Update, context: CareContext) -> int | str:
    """The IANA time zone; an unknown one is said and asked again (→ PHONE)."""
    draft = flowstate.load(context, NewClinic)
    if draft is None or draft.city is None:
        return await new_pressed(update, context)
    try:
        draft.timezone = clinic_admin.read_timezone(_typed(update))
    except InvalidInput as exc:
        return await _again(update, context, draft, exc, "clinic-new-zone", ZONE)
    screen = screens.ask_phone(context.lang)
    await render.present(update, context, draft, screen.text, screen.markup, new=True)
    return PHONE


async def phone_typed(update: Update, context: CareContext) -> int | str:
    """The clinic's number, read in its time zone's country (→ SAVE, or asked again)."""
    draft = flowstate.load(context, NewClinic)
    if draft is None or draft.timezone is None:
        return await new_pressed(update, context)
    try:
        draft.phone = clinic_admin.read_phone(_typed(update), timezone=draft.timezone)
    except InvalidInput as exc:
        screen = screens.ask_phone(context.lang, str(error_text(context.lang, exc)))
        await render.present(update, context, draft, screen.text, screen.markup, new=True)
        return PHONE
    return await _summary(update, context, draft, new=True)


async def _summary(update: Update, context: CareContext, draft: NewClinic, *, new: bool) -> str:
    screen = screens.new_summary(
        context.lang, name=draft.clinic_name or "", address=draft.address or "",
        city=draft.city or "", timezone=draft.timezone or "UTC", phone=draft.phone,
    )  # fmt: skip
    await render.present(update, context, draft, screen.text, screen.markup, new=new)
    return SAVE


async def skip_pressed(update: Update, context: CareContext) -> int | str | None:
    """Skip the phone: the clinic is read back without one (→ SAVE)."""
    draft = flowstate.load(context, NewClinic)
    press: ClinicDraftStep = context.press
    if draft is None or draft.timezone is None or press.step is not Draft.SKIP:
        return await replies.expired(update, context)
    draft.phone = None
    return await _summary(update, context, draft, new=False)


async def save_pressed(update: Update, context: CareContext) -> int | str | None:
    """✅ Save writes the clinic (audited); ✖️ leaves nothing (→ END)."""
    draft = flowstate.load(context, NewClinic)
    press: ClinicDraftStep = context.press
    if draft is None or None in (draft.clinic_name, draft.address, draft.city, draft.timezone):
        return await replies.expired(update, context)
    lang = context.lang
    if press.step is Draft.DROP:
        flowstate.clear(context)
        await render.show(update, t(lang, "clinic-new-dropped"))
        return END
    if press.step is not Draft.SAVE:
        return await replies.expired(update, context)
    try:
        async with context.write() as session:
            card = await clinic_admin.add_clinic(
                session, actor=context.actor, name=draft.clinic_name, address=draft.address,
                city=draft.city, timezone=draft.timezone, phone=draft.phone, now=context.now(),
            )  # fmt: skip
    except NotAllowed:
        return await _refused(update, context)
    except Conflict as exc:  # the name was taken meanwhile
        return await _again(update, context, draft, exc, "clinic-new-name", NAME)
    flowstate.clear(context)
    screen = screens.clinic_card(lang, card, str(t(lang, "clinic-new-saved", name=card.name)))
    await render.show(update, screen.text, screen.markup)
    return END
