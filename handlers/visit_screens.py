"""Screens of one visit: booked, in a list, its card, cancelling it (pure functions).

The booking flow, /my and — later — reminders and other roles' views render a visit
through these, so it reads the same wherever it is shown.
"""

from __future__ import annotations

from datetime import datetime

from handlers import keyboards, series_screens
from handlers.callbacks import Appt, ApptAction, CancelWhy, Menu, MenuAction, MyList
from handlers.formats import sentence_start
from handlers.i18n import Safe, plain, t
from handlers.screens import Screen, at, zone
from services.booking import AppointmentAction, AppointmentOut

CANCEL_REASONS = 4  # cancel-reason-0 … cancel-reason-3; the last is "no reason given"


def whose(lang: str, appt: AppointmentOut) -> str:
    """An extra line naming the family member a visit is for ("" for the patient's own)."""
    return "\n" + t(lang, "visit-for", name=appt.patient_name) if appt.patient_name else ""


def booked(
    lang: str, appt: AppointmentOut, *, moved: bool, now: datetime | None = None
) -> Screen:
    text = t(
        lang,
        "moved" if moved else "booked",
        doctor=appt.doctor_name,
        specialty=appt.specialty,
        clinic=appt.clinic_name,
        address=appt.clinic_address,
        when=at(lang, appt.local_start, now),
        tz=zone(lang, appt.timezone),
    ) + whose(lang, appt)
    return Screen(
        text,
        keyboards.markup(
            [
                [
                    keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY)),
                    keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
                ]
            ]
        ),
    )


def status(lang: str, appt: AppointmentOut, now: datetime | None = None) -> str:
    """The visit's status; a visit that was moved says where to."""
    if appt.rescheduled_to is not None:
        moved_to = at(lang, appt.rescheduled_to.astimezone(appt.tz), now)
        return plain(lang, "status-moved", when=moved_to)
    return plain(lang, "status-" + appt.status)


def appointment_label(
    lang: str, appt: AppointmentOut, now: datetime | None = None, *, family: bool = False
) -> str:
    """A visit in a list; with `family` (the list holds family members' visits too) it
    starts with whose it is."""
    mark = "" if appt.is_active else f" ({status(lang, appt, now)})"
    label = f"{at(lang, appt.local_start, now)} · {appt.doctor_name}{mark}"
    if not family:
        return label
    return f"{appt.patient_name or plain(lang, 'family-me')}: {label}"


# What the service offers on an appointment → the button that does it.
_OFFERED = (
    (AppointmentAction.cancel, ApptAction.CANCEL, "appt-cancel"),
    (AppointmentAction.reschedule, ApptAction.RESCHEDULE, "appt-move"),
)


def appointment_card(lang: str, appt: AppointmentOut, now: datetime | None = None) -> Screen:
    """One appointment with the actions the service says the reader may take."""
    text = t(
        lang,
        "appt-card",
        when=Safe(sentence_start(at(lang, appt.local_start, now))),  # the card's title
        tz=zone(lang, appt.timezone),
        doctor=appt.doctor_name,
        specialty=appt.specialty,
        clinic=appt.clinic_name,
        address=appt.clinic_address,
        status=status(lang, appt, now),
    ) + whose(lang, appt)
    if appt.locked_by_notice:
        text += "\n\n" + t(lang, "appt-locked", phone=appt.clinic_phone or t(lang, "not-set"))
    grid = []
    changes = [
        keyboards.button(t(lang, key), Appt(press, appt.id))
        for offered, press, key in _OFFERED
        if offered in appt.actions
    ]
    if changes:
        grid.append(changes)
    grid += series_screens.following_buttons(lang, appt)
    upcoming = AppointmentAction.calendar in appt.actions
    if upcoming:
        grid.append([keyboards.button(t(lang, "appt-ics"), Appt(ApptAction.CALENDAR, appt.id))])
    grid.append([keyboards.button(t(lang, "back-to-list"), MyList(upcoming, 0))])
    return Screen(text, keyboards.markup(grid))


def cancel_question(lang: str, appt: AppointmentOut) -> Screen:
    grid = [
        [keyboards.button(t(lang, f"cancel-reason-{i}"), CancelWhy(appt.id, i))]
        for i in range(CANCEL_REASONS)
    ]
    grid.append([keyboards.button(t(lang, "keep-it"), Appt(ApptAction.OPEN, appt.id))])
    return Screen(
        t(lang, "cancel-ask", when=appt.local_start, doctor=appt.doctor_name) + whose(lang, appt),
        keyboards.markup(grid),
    )


def cancelled(lang: str, appt: AppointmentOut) -> Screen:
    return Screen(
        t(lang, "cancelled", when=appt.local_start, doctor=appt.doctor_name) + whose(lang, appt),
        keyboards.markup(
            [
                [
                    keyboards.button(t(lang, "my-appointments"), MyList(True, 0)),
                    keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
                ]
            ]
        ),
    )
