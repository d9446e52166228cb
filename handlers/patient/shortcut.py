"""Free text outside any flow: "I need a dermatologist next Monday morning" → free times.

The request is kept in the flow's state, so Back from a picked time returns to these
results, and another sentence typed at them is a new search.
"""

from __future__ import annotations

from datetime import date

from telegram import Update

from handlers import render, replies, screens
from handlers.context import CareContext
from handlers.i18n import day_label, error_text, t
from handlers.patient import pick
from handlers.patient.booking_state import END, BookingState, Step, step
from services import availability, catalog, dates, search
from services.errors import InvalidInput

HORIZON_DAYS = 60  # the furthest any clinic books ahead, for reading the sentence's day


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
        intent = await search.parse_booking_request(
            session, text=text, tz=context.tz, now=now, horizon_days=HORIZON_DAYS
        )
        if intent is None:
            await replies.send_with_menu(update, context, t(lang, "unknown-input"))
            return END
        slots = await availability.find_bookable(
            session,
            now=now,
            specialty_id=intent.specialty.id if intent.specialty and not intent.doctor else None,
            doctor_id=intent.doctor.id if intent.doctor else None,
            day=intent.day,
            window=intent.window,
            clinic_ids=[c.id for c in intent.clinics],
        )
        doctors = await catalog.get_doctors(session, doctor_ids=(s.doctor_id for s in slots))
    what = _what(lang, intent)
    note = _refused_day(lang, intent, dates.local_today(now, context.tz))
    if not slots:
        text = t(lang, "matches-none", what=what)
        await replies.send_with_menu(update, context, f"{note}\n\n{text}" if note else text)
        return END
    state = BookingState(doctor=intent.doctor.id if intent.doctor else None, request=text)
    title = t(lang, "matches", what=what)
    screen = screens.slot_choices(
        lang,
        f"{note}\n\n{title}" if note else title,
        slots,
        doctors,
        with_back=False,
        with_clinic=True,
        now=now,
    )
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.TIME


def _what(lang: str, intent: search.BookingIntent) -> str:
    if intent.doctor:
        what = intent.doctor.full_name
    elif intent.specialty:
        what = intent.specialty.name
    else:
        what = t(lang, "matches-your-request")
    if intent.clinics:
        what += " · " + ", ".join(sorted({c.city for c in intent.clinics}))
    if intent.day:
        what += f", {day_label(intent.day, lang)}"
    return what


def _refused_day(lang: str, intent: search.BookingIntent, today: date) -> str | None:
    """Why the day asked for is not searched (past, beyond the horizon), if it is not."""
    if intent.asked_day is None or intent.day is not None:
        return None
    try:
        dates.check_bookable_day(intent.asked_day, today=today, horizon_days=HORIZON_DAYS)
    except InvalidInput as exc:
        return error_text(lang, exc)
    return None
