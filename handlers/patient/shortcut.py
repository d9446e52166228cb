"""Free text outside any flow: "I need a dermatologist next Monday morning" → free times."""

from __future__ import annotations

from telegram import Update

from handlers import render, replies, screens
from handlers.context import CareContext
from handlers.i18n import day_label, t
from handlers.patient.booking_state import END, BookingState, Step
from services import availability, catalog, search


async def natural_request(update: Update, context: CareContext) -> int | str:
    """Matching free times from a sentence (→ TIME), or a short answer with the menu."""
    user, lang = context.current_user, context.lang
    if user is None or user.patient_id is None:
        await replies.require_patient(update, context)
        return END
    async with context.read() as session:
        intent = await search.parse_booking_request(
            session, text=update.message.text, tz=context.tz, now=context.now(), horizon_days=60
        )
        if intent is None:
            await replies.send_with_menu(update, context, t(lang, "unknown-input"))
            return END
        slots = await availability.find_bookable(
            session,
            now=context.now(),
            specialty_id=intent.specialty.id if intent.specialty and not intent.doctor else None,
            doctor_id=intent.doctor.id if intent.doctor else None,
            day=intent.day,
            window=intent.window,
        )
        doctors = {
            d: await catalog.get_doctor(session, doctor_id=d) for d in {s.doctor_id for s in slots}
        }
    if intent.doctor:
        what = intent.doctor.full_name
    elif intent.specialty:
        what = intent.specialty.name
    else:
        what = t(lang, "matches-your-request")
    if intent.day:
        what += f", {day_label(intent.day, lang)}"
    if not slots:
        await replies.send_with_menu(update, context, t(lang, "matches-none", what=what))
        return END
    state = BookingState(doctor=intent.doctor.id if intent.doctor else None)
    screen = screens.slot_choices(
        lang, t(lang, "matches", what=what), slots, doctors, with_back=False, now=context.now()
    )
    await render.present(update, context, state, screen.text, screen.markup, new=True)
    return Step.TIME
