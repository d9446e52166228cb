"""/profile: view and edit phone, name, date of birth, allergies, emergency contact."""

from __future__ import annotations

import warnings
from enum import IntEnum

from telegram import Update
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
from handlers.callbacks import EditProfile, Menu, parse
from handlers.context import CareContext
from services import users
from services.errors import InvalidInput


class Step(IntEnum):
    VALUE = 30


async def show_profile(update: Update, context: CareContext, *, new: bool = False) -> int:
    """The profile with one edit button per field (stays out of any state)."""
    user = context.current_user
    if user is None:
        await render.alert(update, texts.NOT_REGISTERED)
        return ConversationHandler.END
    async with unit_of_work(context.db) as session:
        profile = await users.get_profile(session, actor=context.actor, user_id=user.id)
    text = texts.PROFILE.format(
        name=texts.esc(profile.full_name),
        phone=texts.esc(profile.phone or texts.NOT_SET),
        birth=profile.date_of_birth.strftime("%d.%m.%Y")
        if profile.date_of_birth
        else texts.NOT_SET,
        allergies=texts.esc(profile.allergies or texts.NOT_SET),
        emergency=texts.esc(profile.emergency_contact or texts.NOT_SET),
    )
    buttons = [
        keyboards.button(f"✏️ {label}", EditProfile(field))
        for field, label in texts.PROFILE_FIELDS.items()
    ]
    rows = keyboards.rows(buttons, per_row=2)
    rows.append([keyboards.button(texts.HOME, Menu("home"))])
    await (render.send if new else render.show)(update, text, keyboards.markup(rows))
    return ConversationHandler.END


async def profile_entry(update: Update, context: CareContext) -> int:
    """/profile or the menu."""
    return await show_profile(update, context)


async def edit_pressed(update: Update, context: CareContext) -> int:
    """Asks for the new value of one field (→ VALUE)."""
    data = parse(update.callback_query.data)
    if (
        not isinstance(data, EditProfile)
        or data.field not in texts.PROFILE_FIELDS
        or context.current_user is None
    ):
        await common.expired_button(update, context)
        return ConversationHandler.END
    context.user_data["editing"] = data.field
    await render.show(
        update,
        texts.PROFILE_ASK.format(field=texts.PROFILE_FIELDS[data.field]),
        keyboards.markup([[keyboards.button(texts.BACK, Menu("profile"))]]),
    )
    return Step.VALUE


async def value_typed(update: Update, context: CareContext) -> int:
    """Validates and saves the value (→ profile, or re-ask)."""
    field = context.user_data.get("editing")
    if field is None:
        return await show_profile(update, context, new=True)
    today = context.now().astimezone(context.runtime.settings.tz).date()
    try:
        async with unit_of_work(context.db) as session:
            await users.update_profile_field(
                session,
                actor=context.actor,
                user_id=context.current_user.id,
                field=field,
                raw=update.message.text,
                today=today,
                now=context.now(),
            )
    except InvalidInput as exc:
        await render.send(update, texts.esc(exc.message))
        return Step.VALUE
    context.user_data.pop("editing", None)
    await render.send(update, texts.PROFILE_SAVED)
    return await show_profile(update, context, new=True)


async def stop(update: Update, context: CareContext) -> int:
    context.user_data.pop("editing", None)
    await render.send(update, texts.STOPPED)
    return ConversationHandler.END


async def timed_out(update: Update, context: CareContext) -> None:
    context.user_data.pop("editing", None)


def build() -> ConversationHandler:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning)  # per-user state intended
        return ConversationHandler(
            name="profile",
            persistent=True,
            allow_reentry=True,
            conversation_timeout=15 * 60,
            entry_points=[
                CommandHandler("profile", profile_entry),
                CallbackQueryHandler(profile_entry, pattern=rf"^{Menu.prefix}:profile$"),
                CallbackQueryHandler(edit_pressed, pattern=EditProfile.pattern()),
            ],
            states={
                Step.VALUE: [MessageHandler(filters.TEXT & ~filters.COMMAND, value_typed)],
                ConversationHandler.TIMEOUT: [MessageHandler(filters.ALL, timed_out)],
            },
            fallbacks=[CommandHandler("stop", stop)],
        )
