"""/profile: view and edit name, phone, date of birth, allergies, emergency contact, language."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import (
    EditProfile,
    Family,
    Language,
    Menu,
    MenuAction,
    ProfileField,
    SetLanguage,
)
from handlers.commands import publish_commands
from handlers.context import CareContext
from handlers.i18n import LANGUAGE_NAMES, error_text, short_date, t
from handlers.patient import birth
from services import users
from services.errors import AmbiguousDate, InvalidInput
from services.phones import region_for_zone

END = -1


class Step(StrEnum):
    VALUE = "profile.value"


class Editing(flowstate.FlowState):
    name: ClassVar[str] = "profile"
    version: ClassVar[int] = 1

    field: ProfileField
    # The two readings of a typed date of birth that reads either way, while it is asked.
    birth_readings: tuple[date, ...] = ()


async def show_profile(update: Update, context: CareContext, *, new: bool = False) -> int:
    """The profile with one edit button per field (ends any open flow)."""
    flowstate.clear(context)
    user, lang = context.current_user, context.lang
    if user is None:
        await replies.send_with_menu(update, context, t(lang, "not-registered"))
        return END
    async with context.write() as session:
        profile = await users.get_profile(session, actor=context.actor, user_id=user.id)
    not_set = t(lang, "not-set")
    text = t(
        lang,
        "profile",
        name=profile.full_name,
        phone=profile.phone or not_set,
        birth=short_date(profile.date_of_birth, lang) if profile.date_of_birth else not_set,
        allergies=profile.allergies or not_set,
        emergency=profile.emergency_contact or not_set,
    )
    buttons = [
        keyboards.button(f"✏️ {t(lang, 'profile-field-' + field.value)}", EditProfile(field))
        for field in ProfileField
    ]
    grid = keyboards.rows(buttons, per_row=2)
    if user.patient_id is not None:
        family = keyboards.button(t(lang, "profile-family"), Family(user.patient_id))
        grid.append([family])
    grid.append([keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))])
    await (render.send if new else render.show)(update, text, keyboards.markup(grid))
    return END


async def edit_pressed(update: Update, context: CareContext) -> int | str | None:
    """Asks for the new value of one field (→ VALUE), or offers the languages."""
    if context.current_user is None:
        return await replies.expired(update, context)
    lang, field = context.lang, context.press.field
    back = keyboards.button(t(lang, "back"), Menu(MenuAction.PROFILE))
    if field is ProfileField.LANGUAGE:
        flowstate.clear(context)
        choices = [keyboards.button(LANGUAGE_NAMES[c.value], SetLanguage(c)) for c in Language]
        await render.show(update, t(lang, "choose-language"), keyboards.markup([choices], [[back]]))
        return END
    state = Editing(field=field)
    label = t(lang, "profile-field-" + field.value)
    await render.present(
        update, context, state, t(lang, "profile-ask", field=label), keyboards.markup([[back]])
    )
    return Step.VALUE


async def value_typed(update: Update, context: CareContext) -> int | str:
    """Validates and saves the value (→ the profile, or re-ask)."""
    state = flowstate.load(context, Editing)
    if state is None or context.current_user is None:
        return await show_profile(update, context, new=True)
    today = context.now().astimezone(context.tz).date()
    try:
        async with context.write() as session:
            await users.update_profile_field(
                session,
                actor=context.actor,
                now=context.now(),
                user_id=context.current_user.id,
                field=state.field.value,
                raw=update.message.text,
                today=today,
                default_region=region_for_zone(context.tz),
            )
    except AmbiguousDate as exc:  # "1/2/1990": which one is asked, not guessed
        state.birth_readings = exc.readings
        back = Menu(MenuAction.PROFILE)
        text, markup = birth.question(context.lang, state.birth_readings, back, "back")
        await render.present(update, context, state, text, markup, new=True)
        return Step.VALUE
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.VALUE
    await render.send(update, t(context.lang, "profile-saved"))
    return await show_profile(update, context, new=True)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings offered for the date of birth: saves it (→ the profile)."""
    state = flowstate.load(context, Editing)
    if state is None or context.current_user is None:
        return await show_profile(update, context, new=True)
    born = birth.chosen(context.press, state.birth_readings)
    if state.field is not ProfileField.DATE_OF_BIRTH or born is None:
        return await replies.expired(update, context)
    try:
        async with context.write() as session:
            await users.set_birth_date(
                session,
                actor=context.actor,
                user_id=context.current_user.id,
                born=born,
                today=context.now().astimezone(context.tz).date(),
                now=context.now(),
            )
    except InvalidInput as exc:
        await render.alert(update, error_text(context.lang, exc))
        return Step.VALUE
    saved = t(context.lang, "profile-saved")
    await render.show(update, f"{birth.echo(context.lang, born)}\n{saved}")
    return await show_profile(update, context, new=True)


async def language_pressed(update: Update, context: CareContext) -> int | None:
    """Stores the chosen language and shows the profile in it."""
    user = context.current_user
    if user is None:
        return await replies.expired(update, context)
    language = context.press.language.value
    async with context.write() as session:
        context.current_user = await users.set_language(
            session, user_id=user.id, language=language, now=context.now()
        )
    await render.alert(update, t(language, "language-changed"))
    await publish_commands(update, context)
    return await show_profile(update, context)
