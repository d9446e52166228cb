"""The front desk booking for a patient: which doctor, and what was done (pure functions).

Which doctor: one list of the clinic's doctors, or — when they are more than one list
holds — its specialties first, then that specialty's doctors with their next free times, as
the patient journey lists them; a doctor's name may be typed instead. The day, the times
and the summary are the patient journey's own screens (handlers.screens), with a line
naming the patient the visit is for.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from handlers import keyboards
from handlers.desk_booking_buttons import DeskCancelYes, DeskDoctor, DeskDoctorChoice, DeskSpecialty
from handlers.desk_buttons import DeskPatient
from handlers.i18n import plain, t
from handlers.screens import Screen, at, doctor_list, zone
from handlers.waitlist_buttons import WaitDoctor
from services.booking import AppointmentOut
from services.catalog import DoctorOut
from services.desk_booking import DoctorChoice, SpecialtyDoctors


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


def _with_note(note: str | None, text: str) -> str:
    return f"{note}\n\n{text}" if note else text


def _doctor_rows(found: Sequence[DoctorOut]) -> list[list[dict]]:
    return [
        [keyboards.button(f"{d.full_name} · {d.specialty}"[:60], DeskDoctor(d.id))] for d in found
    ]


def doctors(
    lang: str, name: str, patient: uuid.UUID, found: Sequence[DoctorOut], note: str | None = None
) -> Screen:
    """The clinic's doctors to book the patient with, by name with their specialty."""
    grid = _doctor_rows(found)
    grid.append([keyboards.button(plain(lang, "back-label"), DeskPatient(patient))])
    if not found:
        return Screen(t(lang, "desk-book-no-doctor", name=name), keyboards.markup(grid))
    text = f"{t(lang, 'desk-book-doctor', name=name)}\n{t(lang, 'desk-book-type-name')}"
    return Screen(_with_note(note, text), keyboards.markup(grid))


def doctor_choice(
    lang: str, name: str, patient: uuid.UUID, choice: DoctorChoice, note: str | None = None
) -> Screen:
    """The first step of choosing the doctor: the doctors, or the specialties with counts."""
    if not choice.specialties:
        return doctors(lang, name, patient, choice.doctors, note)
    grid = [
        [keyboards.button(f"{s.name} ({s.doctor_count})"[:60], DeskSpecialty(s.id))]
        for s in choice.specialties
    ]
    grid.append([keyboards.button(plain(lang, "back-label"), DeskPatient(patient))])
    text = f"{t(lang, 'desk-book-specialty', name=name)}\n{t(lang, 'desk-book-type-name')}"
    return Screen(_with_note(note, text), keyboards.markup(grid))


def specialty_doctors(
    lang: str, name: str, found: SpecialtyDoctors, now: datetime | None = None
) -> Screen:
    """A specialty's doctors at the clinic, each with their next free time, and Back."""
    title = t(lang, "desk-book-specialty-doctors", specialty=found.specialty.name, name=name)
    grid = [[keyboards.button(d.full_name[:60], DeskDoctor(d.id))] for d in found.doctors]
    grid.append([keyboards.button(plain(lang, "back-label"), DeskDoctorChoice())])
    text = doctor_list(lang, title, found.doctors, found.next_free, now)
    return Screen(text, keyboards.markup(grid))


def named_doctors(lang: str, name: str, query: str, found: Sequence[DoctorOut]) -> Screen:
    """The clinic's doctors a typed name matches, to pick from, and Back."""
    grid = _doctor_rows(found)
    grid.append([keyboards.button(plain(lang, "back-label"), DeskDoctorChoice())])
    return Screen(t(lang, "desk-book-named", query=query, name=name), keyboards.markup(grid))


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
