"""/start: a new user accepts the privacy note, shares a phone, confirms a name and birth date."""

from __future__ import annotations

import warnings
from enum import IntEnum

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from db.engine import unit_of_work
from handlers import common, keyboards, render, texts
from handlers.callbacks import Consent, parse_as
from handlers.context import CareContext
from services import users
from services.errors import InvalidInput
from services.phones import normalise_phone

FLOW_TIMEOUT = 15 * 60


class Step(IntEnum):
    PRIVACY = 1
    PHONE = 2
    NAME = 3
    BIRTH = 4


def _draft(context: CareContext) -> dict:
    return context.user_data.setdefault("reg", {})


def _privacy_markup():
    return keyboards.markup(
        [
            [
                keyboards.button(texts.AGREE, Consent("agree")),
                keyboards.button(texts.DECLINE, Consent("decline")),
            ]
        ]
    )


def _phone_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_PHONE, request_contact=True)], [texts.BACK_LABEL]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def start(update: Update, context: CareContext) -> int:
    """Known users get their menu; new users get the privacy note (→ PRIVACY)."""
    user = context.current_user
    if user is not None and (user.patient_id is not None or user.role != "patient"):
        await common.publish_commands(update, context)
        await common.show_main_menu(update, context, new=True)
        return ConversationHandler.END
    context.user_data.pop("reg", None)
    await render.send(update, f"{texts.WELCOME_NEW}\n\n{texts.PRIVACY_NOTE}", _privacy_markup())
    return Step.PRIVACY


async def privacy_answer(update: Update, context: CareContext) -> int:
    """Agree → asks for the phone (→ PHONE); decline → ends having stored nothing."""
    data = parse_as(update.callback_query.data, Consent)
    if data is None or data.action not in ("agree", "decline"):
        await common.expired_button(update, context)
        return Step.PRIVACY
    if data.action == "decline":
        context.user_data.pop("reg", None)
        await render.show(update, texts.DECLINED)
        return ConversationHandler.END
    await render.show(update, texts.PRIVACY_NOTE.split("\n\n")[0] + "\n\n" + texts.AGREE)
    await render.send(update, texts.ASK_PHONE, _phone_keyboard())
    return Step.PHONE


async def phone_shared(update: Update, context: CareContext) -> int:
    """A shared contact: must be the user's own (→ NAME)."""
    contact = update.message.contact
    if contact.user_id is not None and contact.user_id != update.effective_user.id:
        await render.send(update, texts.NOT_OWN_CONTACT, _phone_keyboard())
        return Step.PHONE
    return await _accept_phone(update, context, contact.phone_number)


async def phone_typed(update: Update, context: CareContext) -> int:
    """A typed number, validated and normalised to E.164 (→ NAME, or re-ask)."""
    return await _accept_phone(update, context, update.message.text)


async def _accept_phone(update: Update, context: CareContext, raw: str) -> int:
    try:
        _draft(context)["phone"] = normalise_phone(raw)
    except InvalidInput as exc:
        await render.send(update, texts.esc(exc.message), _phone_keyboard())
        return Step.PHONE
    await render.send(update, "📱 " + _draft(context)["phone"], ReplyKeyboardRemove())
    return await _ask_name(update, context)


async def _ask_name(update: Update, context: CareContext) -> int:
    tg = update.effective_user
    suggested = " ".join(p for p in (tg.first_name, tg.last_name) if p).strip()
    back = keyboards.button(texts.BACK_LABEL, Consent("back"))
    if len(suggested) >= 2:
        _draft(context)["suggested"] = suggested[: users.NAME_MAX]
        text = texts.ASK_NAME.format(name=texts.esc(suggested[: users.NAME_MAX]))
        markup = keyboards.markup(
            [[keyboards.button(texts.YES_THATS_ME, Consent("keepname"))], [back]]
        )
    else:
        text, markup = texts.ASK_NAME_PLAIN, keyboards.markup([[back]])
    await render.send(update, text, markup)
    return Step.NAME


async def name_button(update: Update, context: CareContext) -> int:
    """Keeps the Telegram name (→ BIRTH) or goes back to the phone (→ PHONE)."""
    data = parse_as(update.callback_query.data, Consent)
    draft = _draft(context)
    if data is not None and data.action == "back":
        await render.show(update, texts.ASK_NAME_PLAIN)
        await render.send(update, texts.ASK_PHONE, _phone_keyboard())
        return Step.PHONE
    if data is None or data.action != "keepname" or "suggested" not in draft:
        await common.expired_button(update, context)
        return Step.NAME
    draft["name"] = draft["suggested"]
    await render.show(update, "👤 " + texts.esc(draft["name"]))
    return await _ask_birth(update, context)


async def name_typed(update: Update, context: CareContext) -> int:
    """A typed full name (→ BIRTH, or re-ask)."""
    try:
        _draft(context)["name"] = users.clean_name(update.message.text)
    except InvalidInput as exc:
        await render.send(update, texts.esc(exc.message))
        return Step.NAME
    return await _ask_birth(update, context)


async def _ask_birth(update: Update, context: CareContext) -> int:
    await render.send(
        update,
        texts.ASK_BIRTH,
        keyboards.markup([[keyboards.button(texts.BACK_LABEL, Consent("back"))]]),
    )
    return Step.BIRTH


async def birth_back(update: Update, context: CareContext) -> int:
    """Back from the birth date to the name (→ NAME)."""
    await render.show(update, texts.ASK_BIRTH.split(",")[0] + ".")
    return await _ask_name(update, context)


async def birth_typed(update: Update, context: CareContext) -> int:
    """Parses the birth date and registers the patient (→ END, main menu)."""
    draft = _draft(context)
    if "phone" not in draft or "name" not in draft:  # state lost (e.g. data cleared): restart
        return await start(update, context)
    today = context.now().astimezone(context.runtime.settings.tz).date()
    try:
        born = users.parse_birth_date(update.message.text, today=today)
    except InvalidInput as exc:
        await render.send(update, texts.esc(exc.message))
        return Step.BIRTH
    async with unit_of_work(context.db) as session:
        context.current_user = await users.register_patient(
            session,
            telegram_user_id=update.effective_user.id,
            chat_id=update.effective_chat.id,
            full_name=draft["name"],
            phone=draft["phone"],
            date_of_birth=born,
            language=update.effective_user.language_code or "en",
            now=context.now(),
        )
    context.user_data.pop("reg", None)
    await render.send(update, texts.REGISTERED.format(name=texts.esc(draft["name"])))
    await common.show_main_menu(update, context, new=True)
    return ConversationHandler.END


async def timed_out(update: Update, context: CareContext) -> None:
    """Tells the user the abandoned registration was closed."""
    context.user_data.pop("reg", None)
    if update is not None and update.effective_chat is not None:
        await update.effective_chat.send_message(
            texts.TIMED_OUT, reply_markup=ReplyKeyboardRemove()
        )


async def stop(update: Update, context: CareContext) -> int:
    """/stop: leaves registration, keeps nothing."""
    context.user_data.pop("reg", None)
    await render.send(update, texts.STOPPED, ReplyKeyboardRemove())
    return ConversationHandler.END


def build() -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    back = filters.Regex(f"^{texts.BACK_LABEL}$")
    with warnings.catch_warnings():
        # Per-user state is what we want; PTB warns that CallbackQueryHandlers are then
        # tracked per chat rather than per message, which is exactly the intent.
        warnings.filterwarnings("ignore", category=PTBUserWarning)
        return ConversationHandler(
            name="registration",
            persistent=True,
            entry_points=[CommandHandler("start", start)],
            states={
                Step.PRIVACY: [CallbackQueryHandler(privacy_answer, pattern=Consent.pattern())],
                Step.PHONE: [
                    MessageHandler(filters.CONTACT, phone_shared),
                    MessageHandler(back, start),
                    MessageHandler(text, phone_typed),
                ],
                Step.NAME: [
                    CallbackQueryHandler(name_button, pattern=Consent.pattern()),
                    MessageHandler(text, name_typed),
                ],
                Step.BIRTH: [
                    CallbackQueryHandler(birth_back, pattern=Consent.pattern()),
                    MessageHandler(text, birth_typed),
                ],
                ConversationHandler.TIMEOUT: [
                    MessageHandler(filters.ALL, timed_out),
                    CallbackQueryHandler(timed_out),
                ],
            },
            fallbacks=[CommandHandler("stop", stop), CommandHandler("start", start)],
            conversation_timeout=FLOW_TIMEOUT,
            allow_reentry=True,
        )
