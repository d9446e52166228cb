"""Free text outside any flow: "I need a dermatologist next Monday morning" → free times.

The request is kept in the flow's state, so Back from a picked time returns to these
results, and another sentence typed at them is a new search.
"""

from __future__ import annotations

from datetime import date

from telegram import Update

from handlers import keyboards, render, replies, screens
from handlers.callbacks import ListKind
from handlers.context import CareContext
from handlers.i18n import day_label, error_text, t
from handlers.patient import find, pick
from handlers.patient.booking_state import END, BookingState, Listing, Step, step
from handlers.waitlist_buttons import WaitAnywhere, WaitDoctor, WaitSpecialty
from services import search, shortcut


async def natural_request(update: Update, context: CareContext) -> int | str:
    """Matching free times from a sentence (→ TIME), or a short answer with the menu."""
    if not await replies.require_patient(update, context):
        return END
    return await offer(update, context, update.message.text, new=True)


@step
async def follow_up(update: Update, context: CareContext, state: BookingState) -> int | str:
    """Text at the free times: after a sentence, a new sentence; otherwise a typed day."""
    if state.request is not None:
        return await offer(update, context, update.message.text, new=True)
    return await pick.day_typed(update, context)


async def offer(update: Update, context: CareContext, text: str, *, new: bool) -> int | str:
    """The free times that match `text`, each with its doctor and clinic."""
    lang, now = context.lang, context.now()
    async with context.read() as session:
        found = await shortcut.find_offers(session, text=text, now=now, tz=context.tz)
    intent = found.intent
    if intent is None:
        await replies.send_with_menu(update, context, t(lang, "unknown-input"))
        return END
    if found.pick_by_name is not None:  # several doctors of that name: choose one
        state = BookingState(request=text)
        state.listing = Listing(kind=ListKind.SEARCH, query=found.pick_by_name)
        return await find.show_list(update, context, state, page=0, new=new)
    what = _what(lang, intent, found.days)
    note = error_text(lang, found.refused) if found.refused is not None else None
    if not found.slots:
        text = t(lang, "matches-none", what=what)
        text = f"{note}\n\n{text}" if note else text
        wait = _wait_button(intent)
        if wait is None:
            await replies.send_with_menu(update, context, text)
        else:
            menu = keyboards.main_menu(replies.role_of(context), lang)["inline_keyboard"]
            row = [keyboards.button(t(lang, "wait-button"), wait)]
            await render.send(update, text, keyboards.markup([row], menu))
        return END
    state = BookingState(doctor=intent.doctor.id if intent.doctor else None, request=text)
    title = t(lang, "matches", what=what)
    screen = screens.slot_choices(
        lang,
        f"{note}\n\n{title}" if note else title,
        found.slots,
        found.doctors,
        with_back=False,
        with_clinic=True,
        now=now,
    )
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.TIME


def _wait_button(intent: search.BookingIntent):
    """🔔 for what the sentence asked: its doctor, or its specialty at the one clinic it
    names (or at any clinic)."""
    if intent.doctor is not None:
        return WaitDoctor(intent.doctor.id)
    if intent.specialty is None:
        return None
    if len(intent.clinics) == 1:
        return WaitSpecialty(intent.specialty.id, intent.clinics[0].id)
    return WaitAnywhere(intent.specialty.id)


def _what(lang: str, intent: search.BookingIntent, days: list[date]) -> str:
    if intent.doctor:
        what = intent.doctor.full_name
    elif intent.specialty:
        what = intent.specialty.name
    else:
        what = t(lang, "matches-your-request")
    if intent.clinics:
        what += " · " + ", ".join(sorted({c.city for c in intent.clinics}))
    if days:  # the same words can name different dates on the clinics' clocks
        what += ", " + " / ".join(day_label(d, lang) for d in days)
    return what
