"""Registration: accept the privacy note, share a phone, confirm a name and a birth date.

New users reach it with /start; doctors, staff and admins with "Add my details" when they
want to book for themselves. Nothing is stored until the last step.
"""

from __future__ import annotations

import html
from datetime import date
from enum import StrEnum
from typing import ClassVar

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import Consent, ConsentAction
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.patient import birth, link
from services import users
from services.errors import AmbiguousDate, InvalidInput
from services.phones import normalise_phone, region_for_zone

END = -1


class Step(StrEnum):
    PRIVACY = "reg.privacy"
    PHONE = "reg.phone"
    NAME = "reg.name"
    BIRTH = "reg.birth"


class Draft(flowstate.FlowState):
    name: ClassVar[str] = "registration"
    version: ClassVar[int] = 1

    phone: str | None = None
    suggested: str | None = None
    full_name: str | None = None
    # The two readings of a typed birth date that reads either way, while it is asked.
    birth_readings: tuple[date, ...] = ()


def _privacy_markup(lang: str) -> keyboards.InlineKeyboardMarkup:
    return keyboards.markup(
        [
            [
                keyboards.button(t(lang, "agree"), Consent(ConsentAction.AGREE)),
                keyboards.button(t(lang, "decline"), Consent(ConsentAction.DECLINE)),
            ]
        ]
    )


def _phone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(t(lang, "share-phone"), request_contact=True)], [t(lang, "back-label")]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def begin(update: Update, context: CareContext) -> str:
    """The privacy note (→ PRIVACY)."""
    lang = context.lang
    text = f"{t(lang, 'welcome-new')}\n\n{t(lang, 'privacy-note')}"
    await render.present(update, context, Draft(), text, _privacy_markup(lang), new=True)
    return Step.PRIVACY


async def add_details(update: Update, context: CareContext) -> int | str:
    """A doctor, staff member or admin adds patient details to book for themselves."""
    user = context.current_user
    if user is None or user.patient_id is not None:
        flowstate.clear(context)
        await replies.show_menu(update, context)
        return END
    await render.show(update, t(context.lang, "need-patient-details"))
    return await begin(update, context)


async def privacy_answer(update: Update, context: CareContext) -> int | str | None:
    """Agree → asks for the phone (→ PHONE); decline → ends having stored nothing."""
    draft = flowstate.load(context, Draft)
    if draft is None:
        return await _restart(update, context)
    lang, action = context.lang, context.press.action
    if action is ConsentAction.DECLINE:
        flowstate.clear(context)
        await render.show(update, t(lang, "declined"))
        return END
    if action is not ConsentAction.AGREE:
        return await replies.expired(update, context)
    # The note stays in the chat with the answer given, buttons gone.
    await render.show(update, f"{t(lang, 'privacy-note')}\n\n{t(lang, 'agree')}")
    await _ask_phone(update, context, draft)
    return Step.PHONE


async def _ask_phone(update: Update, context: CareContext, draft: Draft) -> None:
    await render.send(update, t(context.lang, "ask-phone"), _phone_keyboard(context.lang))
    draft.message_id = None  # the phone step has no inline buttons
    flowstate.save(context, draft)


async def phone_shared(update: Update, context: CareContext) -> int | str:
    """A shared contact: must be the user's own (→ NAME)."""
    contact = update.message.contact
    if contact.user_id is not None and contact.user_id != update.effective_user.id:
        await render.send(update, t(context.lang, "not-own-contact"), _phone_keyboard(context.lang))
        return Step.PHONE
    own = contact.user_id == update.effective_user.id
    if own and await link.linked(update, context, contact.phone_number):
        return END
    # Telegram's contacts are international, sometimes without the plus: no default region.
    return await _accept_phone(update, context, contact.phone_number, region=None)


async def phone_typed(update: Update, context: CareContext) -> int | str:
    """A typed number, validated and normalised to E.164 (→ NAME, or re-ask). Without a
    country code it is a number of the default time zone's country (no clinic yet)."""
    if update.message.text == t(context.lang, "back-label"):
        # The one-time keyboard is gone with the tap; the privacy note comes again.
        return await begin(update, context)
    region = region_for_zone(context.tz)
    return await _accept_phone(update, context, update.message.text, region=region, typed=True)


async def _accept_phone(
    update: Update, context: CareContext, raw: str, *, region: str | None, typed: bool = False
) -> int | str:
    draft = flowstate.load(context, Draft)
    if draft is None:
        return await _restart(update, context)
    try:
        draft.phone = normalise_phone(raw, default_region=region)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc), _phone_keyboard(context.lang))
        return Step.PHONE
    if typed and await link.needs_contact(context, draft.phone):
        await render.send(update, t(context.lang, "share-to-link"), _phone_keyboard(context.lang))
        return Step.PHONE
    await render.send(update, "📱 " + draft.phone, ReplyKeyboardRemove())
    return await _ask_name(update, context, draft)


async def _ask_name(update: Update, context: CareContext, draft: Draft) -> str:
    lang = context.lang
    # Back from the birth date: the name the user typed, else the one Telegram has.
    suggested = draft.full_name or _telegram_name(update)
    back = keyboards.button(t(lang, "back-label"), Consent(ConsentAction.BACK))
    if suggested is not None:
        draft.suggested = suggested
        text = t(lang, "ask-name", name=suggested)
        markup = keyboards.markup(
            [[keyboards.button(t(lang, "yes-thats-me"), Consent(ConsentAction.KEEP_NAME))], [back]]
        )
    else:
        draft.suggested = None
        text, markup = t(lang, "ask-name-plain"), keyboards.markup([[back]])
    await render.present(update, context, draft, text, markup, new=True)
    return Step.NAME


def _telegram_name(update: Update) -> str | None:
    """The Telegram account's name cleaned as a typed one would be, if it passes as a name."""
    tg = update.effective_user
    try:
        return users.clean_name(" ".join(p for p in (tg.first_name, tg.last_name) if p))
    except InvalidInput:  # too few letters (invisible characters only…) or too long
        return None


async def name_button(update: Update, context: CareContext) -> int | str | None:
    """Keeps the Telegram name (→ BIRTH) or goes back to the phone (→ PHONE)."""
    draft = flowstate.load(context, Draft)
    if draft is None:
        return await _restart(update, context)
    action = context.press.action
    if action is ConsentAction.BACK:
        await render.show(update, t(context.lang, "ask-name-plain"))
        await _ask_phone(update, context, draft)
        return Step.PHONE
    if action is not ConsentAction.KEEP_NAME or draft.suggested is None:
        return await replies.expired(update, context)
    draft.full_name = draft.suggested
    await render.show(update, "👤 " + html.escape(draft.full_name, quote=False))
    return await _ask_birth(update, context, draft)


async def name_typed(update: Update, context: CareContext) -> int | str:
    """A typed full name (→ BIRTH, or re-ask)."""
    draft = flowstate.load(context, Draft)
    if draft is None:
        return await _restart(update, context)
    try:
        draft.full_name = users.clean_name(update.message.text)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.NAME
    return await _ask_birth(update, context, draft)


async def _ask_birth(
    update: Update, context: CareContext, draft: Draft, *, new: bool = True
) -> str:
    lang = context.lang
    back = keyboards.button(t(lang, "back-label"), Consent(ConsentAction.BACK))
    await render.present(
        update, context, draft, t(lang, "ask-birth"), keyboards.markup([[back]]), new=new
    )
    return Step.BIRTH


async def birth_back(update: Update, context: CareContext) -> int | str | None:
    """Back from the birth date to the name (→ NAME); from the question which reading of a
    date was meant, back to asking for the date (→ BIRTH)."""
    draft = flowstate.load(context, Draft)
    if draft is None:
        return await _restart(update, context)
    if context.press.action is not ConsentAction.BACK:
        return await replies.expired(update, context)
    if draft.birth_readings:
        draft.birth_readings = ()
        return await _ask_birth(update, context, draft, new=False)
    await render.show(update, t(context.lang, "ask-birth"))
    return await _ask_name(update, context, draft)


async def birth_typed(update: Update, context: CareContext) -> int | str:
    """Parses the birth date and registers the patient (→ END, main menu)."""
    draft = flowstate.load(context, Draft)
    if draft is None or draft.phone is None or draft.full_name is None:
        return await _restart(update, context)
    today = context.now().astimezone(context.tz).date()
    try:
        born = users.parse_birth_date(update.message.text, today=today)
    except AmbiguousDate as exc:  # "1/2/1990": which one is asked, not guessed
        draft.birth_readings = exc.readings
        back = Consent(ConsentAction.BACK)
        text, markup = birth.question(context.lang, draft.birth_readings, back, "back-label")
        await render.present(update, context, draft, text, markup, new=True)
        return Step.BIRTH
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.BIRTH
    return await _register(update, context, draft, born)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings offered for the birth date: registers with it (→ END)."""
    draft = flowstate.load(context, Draft)
    if draft is None or draft.phone is None or draft.full_name is None:
        return await _restart(update, context)
    born = birth.chosen(context.press, draft.birth_readings)
    if born is None:  # not offered (any more): forged, or the question was left with Back
        return await replies.expired(update, context)
    return await _register(update, context, draft, born, echo=True)


async def _register(
    update: Update, context: CareContext, draft: Draft, born: date, *, echo: bool = False
) -> int:
    # The record is written first, so that the answer (the pressed date kept, the welcome)
    # follows the press at once rather than around the database work.
    async with context.write() as session:
        context.current_user = await users.register_patient(
            session,
            telegram_user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            full_name=draft.full_name,
            phone=draft.phone,
            date_of_birth=born,
            language=context.lang,
            now=context.now(),
        )
    flowstate.clear(context)
    if echo:
        await render.show(update, birth.echo(context.lang, born))
    await render.send(update, t(context.lang, "registered", name=draft.full_name))
    await replies.show_menu(update, context, new=True, greet=False)
    return END


async def _restart(update: Update, context: CareContext) -> str:
    """The draft is gone (another version, or cleared): the registration starts again."""
    await render.send(update, t(context.lang, "flow-restarted"), ReplyKeyboardRemove())
    return await begin(update, context)
