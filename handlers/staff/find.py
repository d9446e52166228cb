"""/find: a patient by phone (any format) or by name (typos welcome), a page at a time,
and a patient's card. Every press is checked again in services.front_desk."""

from __future__ import annotations

from typing import ClassVar

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.staff import screens
from services import front_desk
from services.errors import InvalidInput, NotAllowed, NotFound
from services.phones import region_for_zone

END = -1
ASK = "desk.find"


class FindState(flowstate.FlowState):
    name: ClassVar[str] = "desk-find"
    version: ClassVar[int] = 1

    query: str | None = None
    page: int = 0


async def find_command(update: Update, context: CareContext) -> int | str:
    """/find [phone or name] and the menu's Find: asks for one, or searches (→ ASK)."""
    flowstate.clear(context)
    words = (update.message.text or "").split(maxsplit=1) if update.message else []
    if not await _allowed(update, context):
        return END
    if len(words) == 2:
        return await search(update, context, FindState(query=words[1]), new=True)
    await render.present(update, context, FindState(), t(context.lang, "desk-find-ask"), new=True)
    return ASK


async def _allowed(update: Update, context: CareContext) -> bool:
    try:
        async with context.read() as reader:
            await front_desk.region_of(reader, actor=context.actor, fallback=None)
    except NotAllowed:
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return False
    return True


async def query_typed(update: Update, context: CareContext) -> int | str:
    """A phone number or a name typed: a new search (→ ASK: another text searches again)."""
    return await search(update, context, FindState(query=update.message.text), new=True)


async def search(update: Update, context: CareContext, state: FindState, *, new: bool) -> int | str:
    try:
        async with context.read() as reader:
            region = await front_desk.region_of(
                reader, actor=context.actor, fallback=region_for_zone(context.tz)
            )
            result = await front_desk.find_patients(
                reader,
                actor=context.actor,
                query=state.query or "",
                region=region,
                now=context.now(),
                page=state.page,
            )
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return ASK
    except NotAllowed:
        flowstate.clear(context)
        return await replies.expired(update, context)
    state.page = result.page
    text, markup = screens.found(context.lang, result)
    await render.present(update, context, state, text, markup, new=new)
    return ASK


async def page_pressed(update: Update, context: CareContext) -> int | str | None:
    """‹ › and Back from a card: that page of the same search, edited in place."""
    state = flowstate.load(context, FindState)
    if state is None or state.query is None:
        return await replies.expired(update, context)
    state.page = context.press.page
    return await search(update, context, state, new=False)


async def patient_pressed(update: Update, context: CareContext) -> int | str | None:
    """A patient's card, if the asker's clinic knows them (else expired). From a search it
    has Back to the results; from elsewhere (the new-patient flow's "already a patient's")
    it leaves that flow where it was."""
    state = flowstate.load(context, FindState)
    try:
        async with context.write() as session:
            shown = await front_desk.patient_card(
                session, actor=context.actor, patient_id=context.press.id, now=context.now()
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    if state is None or state.query is None:
        text, markup = screens.card(context.lang, shown, None)
        await render.show(update, text, markup)
        return None
    text, markup = screens.card(context.lang, shown, state.page)
    await render.present(update, context, state, text, markup)
    return ASK
