"""/records: the patient reads their own visit records and their family members' (each
labelled with whose it is), one visit a page."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import Menu, MenuAction
from handlers.context import CareContext
from handlers.doctor.screens import record_block
from handlers.i18n import t
from handlers.routing import Press, command
from handlers.screens import at
from handlers.visit_callbacks import RecordsPage
from services import visit_records
from services.errors import NotAllowed

END = -1


def entries() -> list[BaseHandler]:
    return [command("records", records_command), Press(RecordsPage, page_pressed)]


async def records_command(update: Update, context: CareContext) -> int:
    """/records: the newest record first."""
    flowstate.clear(context)
    await show(update, context, 0)
    return END


async def page_pressed(update: Update, context: CareContext) -> int:
    """‹ › between the records."""
    flowstate.clear(context)
    await show(update, context, context.press.page)
    return END


async def show(update: Update, context: CareContext, page: int) -> None:
    user, lang = context.current_user, context.lang
    if user is None or user.patient_id is None:
        await replies.require_patient(update, context)
        return
    try:
        async with context.write() as session:
            found = await visit_records.patient_records(
                session, actor=context.actor, patient_id=user.patient_id
            )
    except NotAllowed:
        await replies.expired(update, context)
        return
    home = keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))
    if not found:
        await render.show(update, t(lang, "records-none"), keyboards.markup([[home]]))
        return
    page = min(max(page, 0), len(found) - 1)
    record = found[page]
    when = record.visit_at.astimezone(record.tz) if record.visit_at else None
    whose = {"patient": record.member_name} if record.member_name is not None else {}
    head = t(
        lang,
        "records-title-member" if whose else "records-title",
        doctor=record.doctor_name,
        when=at(lang, when, context.now()) if when else t(lang, "not-set"),
        count=len(found),
        page=page + 1,
        **whose,
    )
    moves = []
    if page > 0:
        moves.append(keyboards.button(t(lang, "prev"), RecordsPage(page - 1)))
    if page < len(found) - 1:
        moves.append(keyboards.button(t(lang, "next"), RecordsPage(page + 1)))
    grid = [moves] if moves else []
    grid.append([home])
    await render.show(update, f"{head}\n\n{record_block(lang, record)}", keyboards.markup(grid))
