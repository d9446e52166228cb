"""/today and a visit's card: the doctor's list of the day, marking visits, Undo.

The list is one message: every press on it (or on a card opened from it) edits that
message in place, and so does a patient's change of a visit of that day
(services.live_today). Every press names a visit by id; the services check again that the
presser is that visit's doctor, so a forged press on someone else's visit has expired.
"""

from __future__ import annotations

import contextlib

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.doctor import agenda, card, record, screens
from handlers.i18n import error_text, t
from handlers.visit_callbacks import DoctorVisit, RunningLate, VisitAction
from services import doctor_day, live_today
from services.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound

END = -1


async def today_command(update: Update, context: CareContext) -> int:
    """/today, the menu's Today and Refresh: today's visits, each clinic's part."""
    try:
        await show_today(update, context)
    except (NotFound, NotAllowed) as exc:
        if update.callback_query is not None:
            return await replies.expired(update, context)
        flowstate.clear(context)
        return await card.refuse(update, context, exc)
    flowstate.clear(context)
    return END


async def show_today(update: Update, context: CareContext) -> None:
    now = context.now()
    async with context.read() as reader:
        day = await doctor_day.doctor_today(reader, actor=context.actor, now=now)
    screen = screens.today(context.lang, day, now)
    shown = await render.show(update, screen.text, screen.markup)
    chat = update.effective_chat
    if shown is not None and chat is not None:  # the message later edited in place
        context.today_settled = True
        await live_today.remember_today_message(
            context.db, actor=context.actor, chat_id=chat.id, message_id=shown, day=day.day
        )


async def visit_pressed(update: Update, context: CareContext) -> int | str | None:
    """A press on a visit (list or card): open, mark, undo, back — re-checked on the server."""
    press: DoctorVisit = context.press
    if press.action in (VisitAction.RECORD, VisitAction.CORRECT):
        return await record.start(update, context)
    now = context.now()
    try:
        if press.action in screens.BY_ACTION:
            await doctor_day.mark_visit(
                context.db,
                actor=context.actor,
                appointment_id=press.id,
                change=screens.BY_ACTION[press.action],
                now=now,
            )
        elif press.action is VisitAction.UNDO:
            await doctor_day.undo_visit(
                context.db, actor=context.actor, appointment_id=press.id, now=now
            )
        await after_press(update, context, press)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except Conflict as exc:
        await render.alert(update, error_text(context.lang, exc))
        await _quietly_redraw(update, context, press)
    flowstate.clear(context)
    return END


async def after_press(update: Update, context: CareContext, press: DoctorVisit) -> None:
    """What the press leads to: the card, or the list it came from."""
    if press.action is VisitAction.OPEN or (press.card and press.action is not VisitAction.BACK):
        await card.show_card(update, context, press.id, agenda=press.agenda)
    elif press.agenda:
        await agenda.show_day_of(update, context, press.id)
    else:
        async with context.read() as reader:  # the visit is the presser's, or this expired
            await doctor_day.visit_day(reader, actor=context.actor, appointment_id=press.id)
        await show_today(update, context)


async def _quietly_redraw(update: Update, context: CareContext, press: DoctorVisit) -> None:
    """After a refused change the screen shows what is true now."""
    with contextlib.suppress(DomainError):
        await after_press(update, context, press)


async def today_pressed(update: Update, context: CareContext) -> int:
    """🔄 Refresh on today's list."""
    return await today_command(update, context)


async def late_pressed(update: Update, context: CareContext) -> int | None:
    """⏱ Running late: the patients still to come are told once; the list stays."""
    press: RunningLate = context.press
    try:
        out = await doctor_day.running_late(
            context.db, actor=context.actor, minutes=press.minutes, now=context.now()
        )
    except (NotAllowed, NotFound, InvalidInput):
        return await replies.expired(update, context)
    context.today_settled = True  # an answer in a pop-up: the list stays as it is
    key = "doctor-late-told" if out.told else "doctor-late-none"
    await render.alert(update, t(context.lang, key, count=out.told))
    flowstate.clear(context)
    return END

