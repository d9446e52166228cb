"""/privacy: what CareSlot stores about the patient, a copy of it, deleting the account.

Every press names the patient or the account it acts on; the services check again that
the presser may, so a forged or stale button gets "This button has expired." and changes
nothing. Deleting is a step of its own: only the question the open flow shows confirms.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import ClassVar

from telegram import InputFile, Update
from telegram.error import TelegramError

from handlers import flowstate, privacy_screens, render, replies
from handlers.commands import forget_commands
from handlers.context import CareContext
from handlers.i18n import t
from handlers.patient import export_files
from services import privacy
from services.errors import NotAllowed, NotFound

END = -1


class Step(StrEnum):
    CONFIRM = "privacy.confirm"


class Deleting(flowstate.FlowState):
    name: ClassVar[str] = "privacy"
    version: ClassVar[int] = 1

    user_id: uuid.UUID


async def privacy_command(update: Update, context: CareContext) -> int:
    """/privacy (and Keep my account): the data stored, with Download and Delete (ends any
    open flow)."""
    flowstate.clear(context)
    user, lang = context.current_user, context.lang
    if user is None:
        await replies.send_with_menu(update, context, t(lang, "privacy-nothing-stored"))
        return END
    try:
        async with context.write() as session:
            seen = await privacy.overview(
                session, actor=context.actor, user_id=user.id, now=context.now()
            )
    except NotAllowed:  # a doctor's or staff member's account is the practice's
        await replies.send_with_menu(update, context, t(lang, "privacy-practice-account"))
        return END
    screen = privacy_screens.overview(
        lang, seen, tz=context.tz, deletable=user.role == "patient"
    )
    await render.show(update, screen.text, screen.markup)
    return END


async def export_pressed(update: Update, context: CareContext) -> int | None:
    """Sends the patient's data as a JSON and a CSV file — re-checked on the server."""
    lang = context.lang
    try:
        async with context.write() as session:
            export = await privacy.export_patient_data(
                session, actor=context.actor, patient_id=context.press.patient, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    await render.answer(update)
    chat = update.effective_chat
    files = (
        (export_files.as_json(export), "json", "privacy-export-json"),
        (export_files.as_csv(export), "csv", "privacy-export-csv"),
    )
    try:
        for data, extension, caption in files:
            name = export_files.filename(export, extension)
            await chat.send_document(InputFile(data, filename=name), caption=t(lang, caption))
    except TelegramError:
        await render.send(update, t(lang, "privacy-export-failed"))
    return END


async def delete_pressed(update: Update, context: CareContext) -> int | str | None:
    """Says exactly what deleting the account does and asks to confirm (→ CONFIRM)."""
    try:
        async with context.write() as session:
            preview = await privacy.deletion_preview(
                session, actor=context.actor, user_id=context.press.user, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    screen = privacy_screens.delete_question(context.lang, preview)
    state = Deleting(user_id=preview.user_id)
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.CONFIRM


async def delete_confirmed(update: Update, context: CareContext) -> int | None:
    """Deletes the account, forgets the chat's state and says a last sentence (→ END)."""
    state = flowstate.load(context, Deleting)
    if state is None or state.user_id != context.press.user:
        return await replies.expired(update, context)
    lang = context.lang  # the account's language, before it goes
    try:
        done = await privacy.delete_account(
            context.db, actor=context.actor, user_id=state.user_id, now=context.now()
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    _forget(update, context)
    await render.show(update, privacy_screens.deleted(lang, done).text)
    await forget_commands(update, context)
    return END


def _forget(update: Update, context: CareContext) -> None:
    """Nothing of the account stays in the bot's own state: the flow, the last booking, the
    user's and the chat's data (dropped from the persistence too)."""
    context.user_data.clear()
    if update.effective_user is not None:
        context.application.drop_user_data(update.effective_user.id)
    if update.effective_chat is not None:
        context.application.drop_chat_data(update.effective_chat.id)
    context.current_user = None
