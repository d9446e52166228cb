"""The admin's doctor screens (/doctors): clinics to choose, a clinic's doctors, a doctor's
card, their fields to edit, the new doctor's choices and read-back, the visits that
deactivating a doctor cancels, the clinics to move them to and what the move does — pure
functions of what they show."""

from __future__ import annotations

from datetime import datetime

from handlers import keyboards
from handlers.admin.clinic_screens import zone_name
from handlers.admin_hours_buttons import DoctorHours
from handlers.catalog_buttons import (
    DoctorActive,
    DoctorClinicPick,
    DoctorDraftStep,
    DoctorEdit,
    DoctorField,
    DoctorNew,
    DoctorOpen,
    DoctorSetSpecialty,
    DoctorsOf,
    DoctorSpecialtyNew,
    DoctorSpecialtyPick,
    Draft,
)
from handlers.doctor_move_buttons import DoctorMoveClinics, DoctorMoveConfirm, DoctorMoveTo
from handlers.i18n import Safe, error_text, plain, t
from handlers.screens import Screen, at
from services.catalog import ClinicOut, DoctorOut, SpecialtyOut
from services.clinic_admin import ClinicCard
from services.doctor_move import MoveEffect
from services.errors import Conflict
from services.hours import VisitLine

FIELDS = [f for f in DoctorField if f is not DoctorField.PICK]
MAX_LISTED = 30


def clinics(lang: str, found: list[ClinicOut]) -> Screen:
    buttons = [
        keyboards.button(
            plain(lang, "doctors-clinic-row" if c.is_active else "clinic-row-inactive",
                  name=c.name, city=c.city),
            DoctorsOf(c.id),
        )
        for c in found
    ]  # fmt: skip
    key = "doctors-pick-clinic" if found else "clinics-none"
    return Screen(t(lang, key), keyboards.markup(keyboards.rows(buttons, per_row=1)))


def _row(lang: str, d: DoctorOut) -> str:
    key = "doctor-row" if d.is_active else "doctor-row-inactive"
    return plain(lang, key, name=d.full_name, specialty=d.specialty)


def doctors(lang: str, clinic: ClinicCard, found: list[DoctorOut]) -> Screen:
    buttons = [keyboards.button(_row(lang, d), DoctorOpen(d.id)) for d in found]
    buttons.append(keyboards.button(plain(lang, "doctor-add"), DoctorNew()))
    key = "doctors-title" if found else "doctors-none"
    text = t(lang, key, clinic=clinic.name)
    return Screen(text, keyboards.markup(keyboards.rows(buttons, per_row=1)))


def card_text(lang: str, d: DoctorOut) -> str:
    lines = [
        t(lang, "doctor-admin-head", name=d.full_name,
          status=plain(lang, "clinic-active" if d.is_active else "clinic-inactive")),
        t(lang, "doctor-admin-where", clinic=d.clinic, specialty=d.specialty),
        t(lang, "doctor-admin-license", license_number=d.license_number),
        t(lang, "doctor-admin-quals", text=d.qualifications or "—", years=d.experience_years),
        t(lang, "doctor-admin-visits", minutes=d.visit_minutes, count=d.max_patients_per_day),
        t(lang, "doctor-admin-linked" if d.user_id else "doctor-admin-unlinked"),
    ]  # fmt: skip
    return "\n".join(str(x) for x in lines)


def card(lang: str, d: DoctorOut, note: str = "") -> Screen:
    text = f"{note}\n\n{card_text(lang, d)}" if note else card_text(lang, d)
    active = keyboards.button(
        plain(lang, "clinic-deactivate" if d.is_active else "clinic-reactivate"),
        DoctorActive(d.id, active=not d.is_active, ok=False),
    )
    row = [keyboards.button(plain(lang, "clinic-edit"), DoctorEdit(d.id)), active]
    week = [
        keyboards.button(plain(lang, "menu-doctor-hours"), DoctorHours(d.id)),
        keyboards.button(plain(lang, "doctor-move-button"), DoctorMoveClinics(d.id)),
    ]
    back = [keyboards.button(plain(lang, "back-label"), DoctorsOf(d.clinic_id))]
    return Screen(Safe(text), keyboards.markup([row, week, back]))


def field_label(lang: str, field: DoctorField) -> str:
    return plain(lang, f"doctor-field-{field.value}")


def fields(lang: str, d: DoctorOut) -> Screen:
    buttons = [keyboards.button(field_label(lang, f), DoctorEdit(d.id, f)) for f in FIELDS]
    back = [[keyboards.button(plain(lang, "back-label"), DoctorOpen(d.id))]]
    text = t(lang, "doctor-pick-field", name=d.full_name)
    return Screen(text, keyboards.markup(keyboards.rows(buttons, per_row=2), back))


def ask_value(lang: str, d: DoctorOut, field: DoctorField) -> Screen:
    text = t(lang, f"doctor-ask-{field.value}", name=d.full_name)
    back = [[keyboards.button(plain(lang, "back-label"), DoctorOpen(d.id))]]
    return Screen(text, keyboards.markup(back))


def specialties(lang: str, d: DoctorOut, found: list[SpecialtyOut]) -> Screen:
    """The specialties to move the doctor to (theirs marked)."""
    buttons = [
        keyboards.button(("✓ " if s.id == d.specialty_id else "") + s.name,
                         DoctorSetSpecialty(d.id, s.id))
        for s in found
    ]  # fmt: skip
    back = [[keyboards.button(plain(lang, "back-label"), DoctorOpen(d.id))]]
    text = t(lang, "doctor-ask-spec", name=d.full_name)
    return Screen(text, keyboards.markup(keyboards.rows(buttons), back))


def deactivation(lang: str, d: DoctorOut, visits: list[VisitLine], now: datetime) -> Screen:
    if visits:
        lines = [str(t(lang, "doctor-off-visits", name=d.full_name, count=len(visits)))]
        for v in visits[:MAX_LISTED]:
            when = at(lang, v.local_start, now)
            lines.append(str(t(lang, "doctor-off-visit", time=when, patient=v.patient_name)))
        if len(visits) > MAX_LISTED:
            lines.append(str(t(lang, "doctor-off-more", count=len(visits) - MAX_LISTED)))
        text = Safe("\n".join(lines))
    else:
        text = t(lang, "doctor-off-none", name=d.full_name)
    row = [
        keyboards.button(plain(lang, "clinic-off-confirm"), DoctorActive(d.id, False, True)),
        keyboards.button(plain(lang, "cancel-flow"), DoctorOpen(d.id)),
    ]
    return Screen(text, keyboards.markup([row]))


def reactivation(lang: str, d: DoctorOut) -> Screen:
    row = [
        keyboards.button(plain(lang, "clinic-on-confirm"), DoctorActive(d.id, True, True)),
        keyboards.button(plain(lang, "cancel-flow"), DoctorOpen(d.id)),
    ]
    return Screen(t(lang, "doctor-on-effect", name=d.full_name), keyboards.markup([row]))


def pick_clinic(lang: str, found: list[ClinicOut]) -> Screen:
    buttons = [
        keyboards.button(plain(lang, "doctors-clinic-row", name=c.name, city=c.city),
                         DoctorClinicPick(c.id))
        for c in found if c.is_active
    ]  # fmt: skip
    return Screen(t(lang, "doctor-new-clinic"), keyboards.markup(keyboards.rows(buttons, 1)))


def pick_specialty(lang: str, found: list[SpecialtyOut]) -> Screen:
    buttons = [keyboards.button(s.name, DoctorSpecialtyPick(s.id)) for s in found]
    buttons.append(keyboards.button(plain(lang, "doctor-new-specialty"), DoctorSpecialtyNew()))
    return Screen(t(lang, "doctor-new-pick-specialty"), keyboards.markup(keyboards.rows(buttons)))


def new_summary(
    lang: str, *, name: str, clinic: str, specialty: str, license_number: str,
    minutes: int, count: int,
) -> Screen:  # fmt: skip
    text = t(
        lang, "doctor-new-summary", name=name, clinic=clinic, specialty=specialty,
        license_number=license_number, minutes=minutes, count=count,
    )  # fmt: skip
    row = [
        keyboards.button(plain(lang, "desk-save"), DoctorDraftStep(Draft.SAVE)),
        keyboards.button(plain(lang, "desk-drop"), DoctorDraftStep(Draft.DROP)),
    ]
    return Screen(text, keyboards.markup([row]))


def saved(lang: str, d: DoctorOut) -> Screen:
    note = str(t(lang, "doctor-new-saved", name=d.full_name))
    return card(lang, d, note)


def move_clinics(lang: str, d: DoctorOut, found: list[ClinicOut]) -> Screen:
    """The other active clinics the doctor could move to."""
    buttons = [
        keyboards.button(plain(lang, "doctors-clinic-row", name=c.name, city=c.city),
                         DoctorMoveTo(d.id, c.id))
        for c in found
    ]  # fmt: skip
    back = [[keyboards.button(plain(lang, "back-label"), DoctorOpen(d.id))]]
    key = "doctor-move-pick" if found else "doctor-move-nowhere"
    text = t(lang, key, name=d.full_name, clinic=d.clinic)
    return Screen(text, keyboards.markup(keyboards.rows(buttons, per_row=1), back))


def move_effect(lang: str, e: MoveEffect) -> Screen:
    """What the move does — or, with visits booked ahead, why it cannot be done yet."""
    d, c = e.doctor, e.clinic
    head = t(lang, "doctor-move-title", name=d.full_name, before=d.clinic, after=c.name)
    back = keyboards.button(plain(lang, "back-label"), DoctorMoveClinics(d.id))
    if not e.movable:
        why = error_text(lang, Conflict(code="doctor-move-has-visits", count=e.booked_ahead))
        return Screen(Safe(f"{head}\n\n{why}"), keyboards.markup([[back]]))
    what = t(
        lang, "doctor-move-effect", before=d.clinic, after=c.name, count=e.free_ahead,
        zone=zone_name(lang, c.timezone), horizon_days=c.booking_horizon_days,
    )  # fmt: skip
    row = [
        keyboards.button(plain(lang, "doctor-move-confirm"), DoctorMoveConfirm(d.id, c.id)),
        back,
    ]
    return Screen(Safe(f"{head}\n\n{what}"), keyboards.markup([row]))
