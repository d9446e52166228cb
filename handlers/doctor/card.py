"""What the doctor's screens share: a visit's card, and the answer to someone who has no
doctor's part."""

from __future__ import annotations

import uuid

from telegram import Message, Update

from handlers import render, replies
from handlers.context import CareContext
from handlers.doctor import screens
from handlers.i18n import t
from services import live_today, visit_records
from services.errors import DomainError

END = -1


async def refuse(update: Update, context: CareContext, exc: DomainError) -> int:
    """A doctor's part asked for by someone without a doctor record, or not allowed."""
    key = "doctor-no-profile" if exc.code == "no-doctor-profile" else "not-allowed"
    await replies.send_with_menu(update, context, t(context.lang, key))
    return END


async def show_card(
    update: Update, context: CareContext, appointment_id: uuid.UUID, *, agenda: bool
) -> None:
    now = context.now()
    info = await visit_records.visit_card(
        context.db, actor=context.actor, appointment_id=appointment_id, now=now
    )
    screen = screens.card(context.lang, info, now, agenda=agenda)
    await _forget_pressed(update, context)  # before the card is drawn: no refresh over it
    await render.show(update, screen.text, screen.markup)


async def after_press(update: Update, context: CareContext) -> None:
    """After a doctor's press (a later group): the pressed message showed /today and shows
    something else now (the menu, the digest's settings, …), so it is no longer edited in
    place until /today is drawn in it again."""
    if not context.today_settled:
        await _forget_pressed(update, context)


async def _forget_pressed(update: Update, context: CareContext) -> None:
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    if context.current_user is None or context.actor.doctor_id is None:
        return
    context.today_settled = True
    await live_today.forget_today_message(
        context.db,
        actor=context.actor,
        chat_id=query.message.chat.id,
        message_id=query.message.message_id,
    )
