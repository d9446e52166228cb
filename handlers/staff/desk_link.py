"""A patient the desk's clinic does not know yet (registered in the chat themselves, or seen
at another clinic), linked by their date of birth: from /newpatient, when the number typed
is theirs, and from /find by a whole number (🎂 Confirm date of birth). The right date opens
their card with Book; a wrong one is said without the real one; three wrong ones stop. The
rule is services.front_desk.link_by_birth_date; the date typed is never logged."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Literal

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import CallbackData
from handlers.context import CareContext
from handlers.desk_link_buttons import DeskLinkBack
from handlers.i18n import error_text, plain, t
from handlers.patient import birth
from handlers.staff import find, screens
from services import front_desk, users
from services.errors import AmbiguousDate, InvalidInput, NotAllowed, NotFound
from services.phones import region_for_zone

END = -1
BIRTH = "desk.link.birth"


class DeskLink(flowstate.FlowState):
    name: ClassVar[str] = "desk-link"
    version: ClassVar[int] = 1

    origin: Literal["find", "new"]
    patient: uuid.UUID
    phone: str  # the whole number, E.164: the patient must still be its owner
    query: str | None = None  # /find: the search Back returns to
    page: int = 0
    full_name: str | None = None  # /newpatient: the name typed so far
    readings: tuple[date, ...] = ()


def _back(lang: str) -> keyboards.InlineKeyboardMarkup:
    return keyboards.markup([[keyboards.button(plain(lang, "back-label"), DeskLinkBack())]])


async def start(update: Update, context: CareContext, state: DeskLink, *, new: bool) -> int | str:
    """Asks for the date of birth of the number's owner (→ BIRTH); with no tries left, says
    so and ends the flow (→ END)."""
    try:
        async with context.read() as reader:
            check = await front_desk.link_candidate(
                reader, actor=context.actor, patient_id=state.patient, phone=state.phone,
                region=None, now=context.now(),
            )  # fmt: skip
    except (InvalidInput, NotAllowed, NotFound):
        flowstate.clear(context)
        await replies.expired(update, context)
        return END
    if check.tries_left == 0:
        return await _stop(update, context)
    lang = context.lang
    key = "desk-link-ask-new" if state.origin == "new" else "desk-link-ask"
    text = t(lang, key, patient=screens.patient_line(lang, check.patient))
    await render.present(update, context, state, text, _back(lang), new=new)
    return BIRTH


async def ask_pressed(update: Update, context: CareContext) -> int | str | None:
    """🎂 Confirm date of birth on a /find hit: that patient must own the number searched for
    (checked again), else the press has expired (→ BIRTH)."""
    found = flowstate.load(context, find.FindState)
    if found is None or found.query is None:
        return await replies.expired(update, context)
    try:
        async with context.read() as reader:
            region = await front_desk.region_of(
                reader, actor=context.actor, fallback=region_for_zone(context.tz)
            )
            check = await front_desk.link_candidate(
                reader, actor=context.actor, patient_id=context.press.patient,
                phone=found.query, region=region, now=context.now(),
            )  # fmt: skip
    except (InvalidInput, NotAllowed, NotFound):
        return await replies.expired(update, context)
    if check.linked or check.patient.phone is None:
        return await replies.expired(update, context)
    state = DeskLink(origin="find", patient=check.patient.patient_id, phone=check.patient.phone,
                     query=found.query, page=found.page)  # fmt: skip
    return await start(update, context, state, new=False)


async def birth_typed(update: Update, context: CareContext) -> int | str:
    """The date of birth the caller gives, read as at registration (→ the card, BIRTH again
    after a wrong date, or END after the last wrong one)."""
    state = flowstate.load(context, DeskLink)
    if state is None:
        await replies.not_expected(update, context)
        return END
    today = context.now().astimezone(context.tz).date()
    try:
        born = users.parse_birth_date(update.message.text, today=today)
    except AmbiguousDate as exc:  # "1/2/1990": asked, not guessed (no try spent)
        state.readings = exc.readings
        back: CallbackData = DeskLinkBack()
        text, markup = birth.question(context.lang, state.readings, back, "back-label")
        await render.present(update, context, state, text, markup, new=True)
        return BIRTH
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return BIRTH
    return await _check(update, context, state, born, new=True)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings of the date (→ as for a typed date)."""
    state = flowstate.load(context, DeskLink)
    born = birth.chosen(context.press, state.readings) if state else None
    if state is None or born is None:
        return await replies.expired(update, context)
    return await _check(update, context, state, born, new=False)


async def back_pressed(update: Update, context: CareContext) -> int | str | None:
    """⬅️ Back: from the two readings to the question; from the question to the results
    (/find) or to the number (/newpatient)."""
    from handlers.staff import newpatient  # it starts this flow: imported when used

    state = flowstate.load(context, DeskLink)
    if state is None:
        return await replies.expired(update, context)
    if state.readings:
        state.readings = ()
        return await start(update, context, state, new=False)
    if state.origin == "find" and state.query is not None:
        results = find.FindState(query=state.query, page=state.page)
        return await find.search(update, context, results, new=False)
    draft = newpatient.NewPatient(full_name=state.full_name)
    await render.present(update, context, draft, t(context.lang, "desk-new-phone"))
    return newpatient.PHONE


async def _check(
    update: Update, context: CareContext, state: DeskLink, born: date, *, new: bool
) -> int | str:
    lang, now = context.lang, context.now()
    try:
        async with context.write() as session:
            check = await front_desk.link_by_birth_date(
                session, actor=context.actor, patient_id=state.patient, phone=state.phone,
                date_of_birth=born, now=now,
            )  # fmt: skip
            shown = None
            if check.linked:
                shown = await front_desk.patient_card(
                    session, actor=context.actor, patient_id=state.patient, now=now
                )
    except (NotAllowed, NotFound):  # the number changed hands, or the desk its clinic
        flowstate.clear(context)
        await replies.expired(update, context)
        return END
    if shown is not None:
        return await _card(update, context, state, shown, new=new)
    if check.tries_left == 0:
        return await _stop(update, context)
    state.readings = ()
    text = t(lang, "desk-link-mismatch", count=check.tries_left)
    await render.present(update, context, state, text, _back(lang), new=new)
    return BIRTH


async def _card(
    update: Update, context: CareContext, state: DeskLink, shown, *, new: bool
) -> int | str:
    """Linked: the patient's card with Book; from /find with Back to the results (→ find.ASK),
    from /newpatient the flow ends there (→ END)."""
    if state.origin == "find" and state.query is not None:
        results = find.FindState(query=state.query, page=state.page)
        text, markup = screens.card(context.lang, shown, state.page)
        await render.present(update, context, results, text, markup, new=new)
        return find.ASK
    flowstate.clear(context)
    text, markup = screens.card(context.lang, shown, None)
    await (render.send if new else render.show)(update, text, markup)
    return END


async def _stop(update: Update, context: CareContext) -> int:
    flowstate.clear(context)
    await render.send(update, t(context.lang, "desk-link-stopped"))
    return END
