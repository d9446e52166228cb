"""What the doctor's screens share: a visit's card, and the answer to someone who has no
doctor's part."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import render, replies
from handlers.context import CareContext
from handlers.doctor import screens
from handlers.i18n import t
from services import visit_records
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
    await render.show(update, screen.text, screen.markup)
