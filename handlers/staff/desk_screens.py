"""The front desk booking for a patient: which doctor, and what was done (pure functions).

The day, the times and the summary are the patient journey's own screens
(handlers.screens), with a line naming the patient the visit is for.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from handlers import keyboards
from handlers.desk_booking_buttons import DeskCancelYes, DeskDoctor
from handlers.desk_buttons import DeskPatient
from handlers.i18n import plain, t
from handlers.screens import Screen, at, zone
from handlers.waitlist_buttons import WaitDoctor
from services.booking import AppointmentOut
from services.catalog import DoctorOut


def for_patient(lang: str, name: str, screen: Screen) -> Screen:
    """A screen of the patient journey with whom the desk books for above it."""
    markup = screen.markup
    if markup is not None:  # the desk does not put itself on a waitlist
        rows = [
            [b for b in row if WaitDoctor.unpack(b.get("callback_data")) is None]
            for row in markup["inline_keyboard"]
        ]
        markup = keyboards.markup([row for row in rows if row])
    return Screen(f"{t(lang, 'visit-for', name=name)}\n\n{screen.text}", markup)


def doctors(lang: str, name: str, patient: uuid.UUID, found: Sequence[DoctorOut]) -> Screen:
    """The clinic's doctors to book the patient with, by name with their specialty."""
    grid = [
        [keyboards.button(f"{d.full_name} · {d.specialty}"[:60], DeskDoctor(d.id))] for d in found
    ]
    grid.append([keyboards.button(plain(lang, "back-label"), DeskPatient(patient))])
    key = "desk-book-doctor" if found else "desk-book-no-doctor"
    return Screen(t(lang, key, name=name), keyboards.markup(grid))


def _visit(lang: str, appt: AppointmentOut, name: str) -> dict[str, object]:
    return {
        "patient": name,
        "when": at(lang, appt.local_start, None),
        "tz": zone(lang, appt.timezone),
        "doctor": appt.doctor_name,
    }


def _card_button(lang: str, patient: uuid.UUID) -> list[list[dict]]:
    return [[keyboards.button(plain(lang, "desk-open-card"), DeskPatient(patient))]]


def done(lang: str, appt: AppointmentOut, name: str, *, moved: bool) -> Screen:
    """Booked or moved: what, for whom (the patient is told by the outbox, if they can be)."""
    key = "desk-moved-done" if moved else "desk-booked-done"
    return Screen(t(lang, key, **_visit(lang, appt, name)), keyboards.markup(
        _card_button(lang, appt.patient_id)))  # fmt: skip


def cancel_question(lang: str, appt: AppointmentOut, name: str) -> Screen:
    grid = [
        [keyboards.button(plain(lang, "desk-cancel-yes"), DeskCancelYes(appt.id))],
        [keyboards.button(plain(lang, "keep-it"), DeskPatient(appt.patient_id))],
    ]
    return Screen(t(lang, "desk-cancel-ask", **_visit(lang, appt, name)), keyboards.markup(grid))


def cancelled(lang: str, appt: AppointmentOut, name: str) -> Screen:
    return Screen(t(lang, "desk-cancelled-done", **_visit(lang, appt, name)), keyboards.markup(
        _card_button(lang, appt.patient_id)))  # fmt: skip
