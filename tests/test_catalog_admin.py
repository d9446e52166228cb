"""The admin's clinic and doctor services: what typed values become, the booking window's
rules, before → after in the audit rows, staff and patients refused, and a doctor's
deactivation cancelling their visits ahead in one transaction, reactivation reopening
the slots it closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import (
    Appointment,
    AppointmentSlot,
    AuditLog,
    Clinic,
    Doctor,
    Notification,
    Specialty,
    TimeOff,
)
from services import booking, clinic_admin, doctor_admin
from services.errors import Conflict, InvalidInput, NotAllowed
from services.policy import Actor
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

SYSTEM = Actor.system()


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("timezone", " europe/london ", "Europe/London"),
        ("timezone", "America/New York", "America/New_York"),
        ("phone", "020 7946 0123", "+442079460123"),
        ("notice", "0", 0),
        ("horizon", "365", 365),
        ("reminders", "120, 1440", [120, 1440]),
        ("reminders", "0", []),
        ("email", "desk@clinic.example", "desk@clinic.example"),
    ],
)
def test_typed_clinic_values(field: str, typed: str, value: object) -> None:
    assert clinic_admin.read_value(field, typed, timezone="Europe/London") == value


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("timezone", "Mars/Olympus", "unknown-timezone"),
        ("timezone", "UTC", "unknown-timezone"),  # a zone of no place: an IANA city is asked
        ("phone", "12", "bad-phone"),
        ("notice", "-5", "bad-minutes"),
        ("notice", "20161", "bad-minutes"),
        ("horizon", "0", "clinic-horizon-range"),
        ("reminders", "5", "bad-reminders"),
        ("reminders", "10, 20, 30, 40, 50", "bad-reminders"),
        ("email", "not an address", "bad-email"),
        ("city", "", "clinic-text-length"),
    ],
)
def test_nonsense_is_refused_with_a_code(field: str, typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        clinic_admin.read_value(field, typed, timezone="Europe/London")
    assert caught.value.code == code


async def test_edits_are_audited_before_and_after_and_the_window_stays_sane(
    session_factory,
) -> None:
    w = await build_world(session_factory, doctors=1)
    async with unit_of_work(session_factory) as session:
        card = await clinic_admin.edit_clinic(
            session, actor=SYSTEM, clinic_id=w.clinic_id, field="cancel", typed="600", now=NOW
        )
        assert card.locks_new_visits  # 10 hours to cancel, 1 hour to book: the summary warns
        await clinic_admin.edit_clinic(
            session, actor=SYSTEM, clinic_id=w.clinic_id, field="horizon", typed="1", now=NOW
        )
        with pytest.raises(InvalidInput) as caught:
            await clinic_admin.edit_clinic(
                session, actor=SYSTEM, clinic_id=w.clinic_id, field="notice", typed="1440", now=NOW
            )
        assert caught.value.code == "clinic-notice-beyond-horizon"
    async with unit_of_work(session_factory) as session:
        rows = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "clinic.update"))
        )
        clinic = await session.get(Clinic, w.clinic_id)
    assert sorted((r.details for r in rows), key=str) == [
        {"before": {"booking_horizon_days": 60}, "after": {"booking_horizon_days": 1}},
        {"before": {"min_cancel_notice_minutes": 240}, "after": {"min_cancel_notice_minutes": 600}},
    ]
    assert clinic.min_booking_notice_minutes == 60


async def test_staff_and_patients_manage_no_clinic_or_doctor(session_factory) -> None:
    w = await build_world(session_factory, doctors=1)
    await add_staff(w, 50, role="staff")
    await add_patient(w, 51)
    for actor in (w.actors[50], w.actors[51]):
        async with unit_of_work(session_factory) as session:
            with pytest.raises(NotAllowed):
                await clinic_admin.clinics(session, actor=actor)
            with pytest.raises(NotAllowed):
                await clinic_admin.set_active(
                    session, actor=actor, clinic_id=w.clinic_id, active=False, now=NOW
                )
        with pytest.raises(NotAllowed):
            await doctor_admin.deactivate(
                session_factory, actor=actor, doctor_id=w.doctor_ids[0], now=NOW
            )
    async with unit_of_work(session_factory) as session:
        assert (await session.get(Clinic, w.clinic_id)).is_active
        assert (await session.get(Doctor, w.doctor_ids[0])).is_active


async def test_deactivating_a_doctor_cancels_their_visits_ahead_and_closes_their_slots(
    session_factory,
) -> None:
    w = await build_world(session_factory, doctors=1)
    await add_patient(w, 52)
    booked = await add_slot(w, starts_at=NOW + timedelta(days=1))
    free = await add_slot(w, starts_at=NOW + timedelta(days=2))
    visit = await booking.book_slot(
        session_factory, actor=w.actors[52], patient_id=w.patients[52], slot_id=booked, now=NOW
    )
    async with unit_of_work(session_factory) as session:
        _doctor, plan = await doctor_admin.deactivation_plan(
            session, actor=SYSTEM, doctor_id=w.doctor_ids[0], now=NOW
        )
    assert [(v.id, v.patient_name) for v in plan] == [(visit.id, "Pat Patient")]
    out, cancelled = await doctor_admin.deactivate(
        session_factory, actor=SYSTEM, doctor_id=w.doctor_ids[0], now=NOW
    )
    assert (out.is_active, cancelled) == (False, 1)
    async with unit_of_work(session_factory) as session:
        appt = await session.get(Appointment, visit.id)
        slots = {s.id: s.is_active for s in await session.scalars(select(AppointmentSlot))}
        kinds = list(await session.scalars(select(Notification.kind)))
        audit_row = await session.scalar(
            select(AuditLog).where(AuditLog.action == "doctor.deactivate")
        )
    assert (appt.status, appt.cancellation_reason) == ("cancelled", "doctor_inactive")
    assert slots == {booked: False, free: False}
    assert "appointment.cancelled_by_doctor" in kinds
    assert audit_row.details == {"before": {"is_active": True}, "after": {"is_active": False}}

    # Reactivated: the slots the deactivation closed open again (and only through it).
    again = await doctor_admin.reactivate(
        session_factory, actor=SYSTEM, doctor_id=w.doctor_ids[0], now=NOW
    )
    assert again.is_active
    async with unit_of_work(session_factory) as session:
        slots = {s.id: s.is_active for s in await session.scalars(select(AppointmentSlot))}
        left = await session.scalar(select(func.count()).select_from(TimeOff))
    assert slots == {booked: True, free: True} and left == 0


async def test_a_doctors_licence_and_specialty_are_edited_and_a_taken_licence_refused(
    session_factory,
) -> None:
    w = await build_world(session_factory, doctors=2)
    async with unit_of_work(session_factory) as session:
        with pytest.raises(Conflict) as caught:
            await doctor_admin.edit_doctor(
                session, actor=SYSTEM, doctor_id=w.doctor_ids[0], field="license", typed="T-1",
                now=NOW,
            )  # fmt: skip
        assert caught.value.params == {"license_number": "T-1"}
        edited = await doctor_admin.edit_doctor(
            session, actor=SYSTEM, doctor_id=w.doctor_ids[0], field="license", typed="GMC-9",
            now=NOW,
        )  # fmt: skip
        assert edited.license_number == "GMC-9"
        session.add(Specialty(name="Cardiology"))
        await session.flush()
        cardiology = await session.scalar(
            select(Specialty.id).where(Specialty.name == "Cardiology")
        )
        moved = await doctor_admin.set_specialty(
            session, actor=SYSTEM, doctor_id=w.doctor_ids[0], specialty_id=cardiology, now=NOW
        )
        assert moved.specialty == "Cardiology"
    async with unit_of_work(session_factory) as session:
        rows = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "doctor.update"))
        )
    changed = sorted(next(iter(r.details["after"])) for r in rows)
    assert changed == ["license_number", "specialty_id"]
