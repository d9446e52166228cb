"""/agenda: the doctor's visits for a day or a range typed in free text, a day a page."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.doctor import screens
from handlers.doctor.card import refuse
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.visit_callbacks import AgendaDay
from services import doctor_day
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound

END = -1
ASK = "doctor.agenda"


class AgendaFlow(FlowState):
    name = "doctor.agenda"
    version = 1


async def agenda_command(update: Update, context: CareContext) -> int | str:
    """/agenda [day or range]: the agenda at once, or a question what to show (→ ASK)."""
    flowstate.clear(context)
    typed = " ".join(context.args or []) if update.callback_query is None else ""
    try:
        async with context.read() as reader:
            await doctor_day.home_timezone(reader, actor=context.actor)
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    if typed:
        return await _answer(update, context, typed)
    screen = screens.agenda_ask(context.lang)
    await render.present(update, context, AgendaFlow(), screen.text, screen.markup)
    return ASK


async def range_typed(update: Update, context: CareContext) -> int | str:
    """The day or range typed for the agenda; unclear text is asked again."""
    message = update.effective_message
    return await _answer(update, context, message.text if message else "")


async def _answer(update: Update, context: CareContext, typed: str) -> int | str:
    now = context.now()
    try:
        async with context.read() as reader:
            tz = await doctor_day.home_timezone(reader, actor=context.actor)
            first, last = doctor_day.parse_agenda_range(typed, tz=ZoneInfo(tz), now=now)
            out = await doctor_day.doctor_agenda(
                reader, actor=context.actor, first=first, last=last, now=now
            )
    except InvalidInput as exc:
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'doctor-agenda-ask')}"
        await render.present(update, context, AgendaFlow(), text, screens.agenda_ask(context.lang)
                             .markup, new=True)  # fmt: skip
        return ASK
    flowstate.clear(context)
    screen = screens.agenda(context.lang, out, 0, now)
    await render.send(update, screen.text, screen.markup)
    return END


async def _show(update: Update, context: CareContext, first: date, last: date, day: date) -> None:
    now = context.now()
    async with context.read() as reader:
        out = await doctor_day.doctor_agenda(
            reader, actor=context.actor, first=first, last=last, now=now
        )
    pages = [d.day for d in out.days]
    screen = screens.agenda(context.lang, out, pages.index(day) if day in pages else 0, now)
    await render.show(update, screen.text, screen.markup)


async def day_pressed(update: Update, context: CareContext) -> int:
    """‹ › between the agenda's days."""
    press: AgendaDay = context.press
    try:
        await _show(update, context, press.first, press.last, press.day)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    except DomainError as exc:
        return await render.alert(update, error_text(context.lang, exc))
    flowstate.clear(context)
    return END


async def show_day_of(update: Update, context: CareContext, appointment_id: uuid.UUID) -> None:
    """Back from a card opened on the agenda: that visit's day."""
    async with context.read() as reader:
        day = await doctor_day.visit_day(reader, actor=context.actor, appointment_id=appointment_id)
    await _show(update, context, day, day, day)
