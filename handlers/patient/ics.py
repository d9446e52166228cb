"""An appointment (or a series of them) as an iCalendar file in the chat."""

from __future__ import annotations

from datetime import datetime

from telegram import InputFile, Update

from handlers.context import CareContext
from handlers.i18n import plain, t
from services import booking, calendar


def _visit(lang: str, appt: booking.AppointmentOut, *, cancelled: bool) -> calendar.CalendarVisit:
    """A moved visit replaces the event of the visit it was moved from (same UID, higher
    SEQUENCE); a cancelled one is one change more than the last file sent."""
    return calendar.CalendarVisit(
        uid=str(appt.calendar_uid or appt.id),
        summary=plain(lang, "ics-summary", specialty=appt.specialty, doctor=appt.doctor_name),
        starts_at=appt.starts_at,
        ends_at=appt.ends_at,
        location=f"{appt.clinic_name}, {appt.clinic_address}",
        description=plain(lang, "ics-description", phone=appt.clinic_phone or "-"),
        tzid=appt.timezone,
        sequence=appt.calendar_sequence + (1 if cancelled else 0),
    )


async def send_ics(
    update: Update, context: CareContext, appt: booking.AppointmentOut, *, cancelled: bool = False
) -> None:
    """The appointment as an iCalendar file; `cancelled` takes it out of the calendar."""
    await send_series_ics(update, context, [appt], cancelled=cancelled)


async def send_series_ics(
    update: Update,
    context: CareContext,
    visits: list[booking.AppointmentOut],
    *,
    cancelled: bool = False,
) -> None:
    """Visits (one, or a series' occurrences) in one iCalendar file."""
    document, caption = ics_document(context.lang, visits, now=context.now(), cancelled=cancelled)
    await update.effective_chat.send_document(document, caption=caption)


def ics_document(
    lang: str,
    visits: list[booking.AppointmentOut],
    *,
    now: datetime,
    cancelled: bool = False,
    request: bool = False,
) -> tuple[InputFile, str]:
    """The file and its caption (also what the outbox sends with a visit the doctor
    cancelled, so that it leaves the patient's calendar too, and with what the front desk
    booked or moved: `request`)."""
    data = calendar.visits_ics(
        [_visit(lang, v, cancelled=cancelled) for v in visits],
        now=now,
        cancelled=cancelled,
        request=request,
    )
    first = visits[0]
    name = calendar.ics_filename(first.starts_at, first.tz)
    caption = "ics-cancel-caption" if cancelled else "ics-caption"
    return InputFile(data, filename=name), t(lang, caption, doctor=first.doctor_name)
