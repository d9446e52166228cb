"""/users, a staff member's card: department and position typed, status pressed
(services.accounts.edit_staff, audited before → after)."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import screens
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.slot_buttons import StaffEdit, StaffField, StaffSetStatus
from services import accounts
from services.errors import InvalidInput, NotAllowed, NotFound

END = -1
TYPE = "admin.users.staff"


class StaffTextFlow(FlowState):
    """Waiting for the new department or position of that account's staff record."""

    name = "admin.users.staff"
    version = 1
    user_id: str = ""
    field: StaffField = StaffField.DEPARTMENT


async def edit_pressed(update: Update, context: CareContext) -> int | str | None:
    """✏️ Department / Position: asks for the new text (→ TYPE)."""
    press: StaffEdit = context.press
    try:
        async with context.read() as reader:
            user = await accounts.staff_card(reader, actor=context.actor, user_id=press.user)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    state = StaffTextFlow(user_id=str(press.user), field=press.field)
    text = screens.ask_staff_text(context.lang, user, press.field)
    await render.present(update, context, state, text, new=True)
    return TYPE


async def text_typed(update: Update, context: CareContext) -> int | str:
    """The text typed: saved and the card shown again, or said why and asked again."""
    state = flowstate.load(context, StaffTextFlow)
    if state is None:
        await replies.not_expected(update, context)
        return END
    message = update.effective_message
    lang, user_id = context.lang, uuid.UUID(state.user_id)
    try:
        async with context.write() as session:
            user = await accounts.edit_staff(
                session, actor=context.actor, user_id=user_id, field=state.field.value,
                value=message.text if message else "", now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        async with context.read() as reader:
            user = await accounts.card(reader, actor=context.actor, user_id=user_id)
        text = screens.ask_staff_text(lang, user, state.field, str(error_text(lang, exc)))
        await render.present(update, context, state, text, new=True)
        return TYPE
    flowstate.clear(context)
    screen = screens.account(lang, user, str(t(lang, "staff-record-saved")))
    await render.send(update, screen.text, screen.markup)
    return END


async def status_pressed(update: Update, context: CareContext) -> None:
    """A status: the staff record gets it, and the card is shown again."""
    press: StaffSetStatus = context.press
    lang = context.lang
    try:
        async with context.write() as session:
            user = await accounts.edit_staff(
                session, actor=context.actor, user_id=press.user, field="status",
                value=press.status.value, now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound, InvalidInput):
        await replies.expired(update, context)
        return
    screen = screens.account(lang, user, str(t(lang, "staff-record-saved")))
    await render.show(update, screen.text, screen.markup)
