"""An appointment as an iCalendar file in the chat."""

from __future__ import annotations

from telegram import InputFile, Update

from handlers.context import CareContext
from handlers.i18n import plain, t
from services import booking, calendar


async def send_ics(
    update: Update, context: CareContext, appt: booking.AppointmentOut, *, cancelled: bool = False
) -> None:
    """The appointment as an iCalendar file; a moved one replaces the event of the visit it
    was moved from (same UID, higher SEQUENCE), a `cancelled` one takes it away."""
    lang = context.lang
    data = calendar.appointment_ics(
        uid=str(appt.calendar_uid or appt.id),
        sequence=appt.calendar_sequence + (1 if cancelled else 0),
        cancelled=cancelled,
        summary=plain(lang, "ics-summary", specialty=appt.specialty, doctor=appt.doctor_name),
        starts_at=appt.starts_at,
        ends_at=appt.ends_at,
        location=f"{appt.clinic_name}, {appt.clinic_address}",
        description=plain(lang, "ics-description", phone=appt.clinic_phone or "-"),
        tzid=appt.timezone,
        now=context.now(),
    )
    name = calendar.ics_filename(appt.starts_at, appt.tz)
    await update.effective_chat.send_document(
        InputFile(data, filename=name),
        caption=t(
            lang, "ics-cancel-caption" if cancelled else "ics-caption", doctor=appt.doctor_name
        ),
    )
