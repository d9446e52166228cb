"""The admin's doctors: a clinic's doctors (inactive ones too), a doctor's card, a new
doctor checked step by step and saved with a new specialty in one transaction, one field
changed from what was typed, and deactivation handled like time off — the visits ahead
listed first, then cancelled in one transaction with the doctor, each patient told with
the nearest free times (services.rebooking)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    Clinic,
    Doctor,
    Patient,
    Specialty,
    TimeOff,
    User,
)
from services import catalog, rebooking, schedules, slots
from services.catalog import DoctorCreate, DoctorOut, DoctorUpdate, SpecialtyOut
from services.errors import Conflict, InvalidInput, NotFound
from services.hours import VisitLine
from services.policy import Action, Actor, require
from services.users import clean_name

# field of the chat → (column, lowest, highest) for the numbers
NUMBERS = {
    "years": ("experience_years", 0, 80),
    "visit": ("visit_minutes", 5, 480),
    "max": ("max_patients_per_day", 1, 200),
}
MAX_QUALIFICATIONS = 500
_LICENSE = re.compile(r"[\w./-]{2,50}")
_NAME = func.coalesce(Patient.full_name, User.full_name)


async def doctors_of(session: Reader, *, actor: Actor, clinic_id: uuid.UUID) -> list[DoctorOut]:
    """The clinic's doctors by name, inactive ones included."""
    require(actor, Action.manage_doctors, clinic_id=clinic_id)
    if await session.scalar(select(Clinic.id).where(Clinic.id == clinic_id)) is None:
        raise NotFound(code="clinic-not-found")
    return await catalog.list_doctors(session, clinic_id=clinic_id, active_only=False)


async def doctor_card(session: Reader, *, actor: Actor, doctor_id: uuid.UUID) -> DoctorOut:
    doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
    require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    return doctor


async def specialties(session: Reader, *, actor: Actor) -> list[SpecialtyOut]:
    """Every active specialty by name (also those no doctor practises yet)."""
    require(actor, Action.manage_doctors)
    rows = await session.execute(
        select(Specialty.id, Specialty.name).where(Specialty.is_active).order_by(Specialty.name)
    )
    return [SpecialtyOut(id=i, name=n) for i, n in rows.all()]


async def check_specialty_name(session: Reader, *, actor: Actor, typed: str) -> str:
    """A new specialty's name, not yet taken (Conflict names the one that exists)."""
    require(actor, Action.manage_specialties)
    clean = " ".join((typed or "").split())
    if not 2 <= len(clean) <= 100:
        raise InvalidInput(code="specialty-name-length", min=2, max=100)
    existing = await session.scalar(
        select(Specialty.name).where(func.lower(Specialty.name) == clean.lower())
    )
    if existing is not None:
        raise Conflict(code="specialty-exists", name=existing)
    return clean


async def check_license(session: Reader, *, actor: Actor, typed: str) -> str:
    """A licence number no other doctor has (Conflict when one does)."""
    require(actor, Action.manage_doctors)
    clean = (typed or "").strip()
    if not _LICENSE.fullmatch(clean):
        raise InvalidInput(code="license-number-shape", min=2, max=50)
    if await session.scalar(select(Doctor.id).where(Doctor.license_number == clean)):
        raise Conflict(code="license-number-in-use", license_number=clean)
    return clean


def read_number(field: str, typed: str) -> int:
    _column, low, high = NUMBERS[field]
    clean = (typed or "").strip()
    if not re.fullmatch(r"\d{1,4}", clean) or not low <= int(clean) <= high:
        raise InvalidInput(code="bad-number", min=low, max=high)
    return int(clean)


def read_value(field: str, typed: str) -> tuple[str, Any]:
    """(column, value) for one field of a doctor from what was typed, or InvalidInput."""
    if field == "name":
        return "full_name", clean_name(typed)
    if field == "quals":
        clean = " ".join((typed or "").split())
        if not 2 <= len(clean) <= MAX_QUALIFICATIONS:
            raise InvalidInput(code="clinic-text-length", min=2, max=MAX_QUALIFICATIONS)
        return "qualifications", clean
    if field in NUMBERS:
        return NUMBERS[field][0], read_number(field, typed)
    raise InvalidInput(code="doctor-unknown-field")


async def edit_doctor(
    session: AsyncSession,
    *,
    actor: Actor,
    doctor_id: uuid.UUID,
    field: str,
    typed: str,
    now: datetime,
) -> DoctorOut:
    """One field changed (audited before → after); InvalidInput, or a licence number
    another doctor has (Conflict), changes nothing."""
    current = await doctor_card(session, actor=actor, doctor_id=doctor_id)
    if field == "license":
        number = (typed or "").strip()
        if number == current.license_number:
            return current
        column, value = "license_number", await check_license(session, actor=actor, typed=number)
    else:
        column, value = read_value(field, typed)
    data = DoctorUpdate(**{column: value})
    return await catalog.update_doctor(
        session, actor=actor, doctor_id=doctor_id, data=data, now=now
    )


async def set_specialty(
    session: AsyncSession,
    *,
    actor: Actor,
    doctor_id: uuid.UUID,
    specialty_id: uuid.UUID,
    now: datetime,
) -> DoctorOut:
    """The doctor's specialty changed to an active one (audited before → after)."""
    await doctor_card(session, actor=actor, doctor_id=doctor_id)
    active = await session.scalar(select(Specialty.is_active).where(Specialty.id == specialty_id))
    if not active:
        raise NotFound(code="specialty-not-found")
    data = DoctorUpdate(specialty_id=specialty_id)
    return await catalog.update_doctor(
        session, actor=actor, doctor_id=doctor_id, data=data, now=now
    )


async def add_doctor(
    factory: SessionFactory,
    *,
    actor: Actor,
    full_name: str,
    clinic_id: uuid.UUID,
    specialty_id: uuid.UUID | None,
    new_specialty: str | None,
    license_number: str,
    visit_minutes: int,
    max_patients_per_day: int,
    now: datetime,
) -> DoctorOut:
    """The doctor, and the new specialty if one was typed, in ONE transaction (both
    audited). No Telegram account yet: /invite links one later."""
    async with factory() as session, session.begin():
        if new_specialty is not None:
            made = await catalog.create_specialty(session, actor=actor, name=new_specialty, now=now)
            specialty_id = made.id
        if specialty_id is None:
            raise NotFound(code="specialty-not-found")
        data = DoctorCreate(
            full_name=full_name, clinic_id=clinic_id, specialty_id=specialty_id,
            license_number=license_number, visit_minutes=visit_minutes,
            max_patients_per_day=max_patients_per_day,
        )  # fmt: skip
        return await catalog.create_doctor(session, actor=actor, data=data, now=now)


_AHEAD = (Appointment.status.in_(ACTIVE_STATUSES), Appointment.status != "arrived")


async def deactivation_plan(
    session: Reader, *, actor: Actor, doctor_id: uuid.UUID, now: datetime
) -> tuple[DoctorOut, list[VisitLine]]:
    """The doctor and the visits ahead that deactivating them would cancel."""
    doctor = await doctor_card(session, actor=actor, doctor_id=doctor_id)
    rows = await session.execute(
        select(Appointment.id, Appointment.starts_at, _NAME.label("name"))
        .join(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(User, User.id == Patient.user_id)
        .where(Appointment.doctor_id == doctor_id, Appointment.starts_at > now, *_AHEAD)
        .order_by(Appointment.starts_at, Appointment.id)
    )
    visits = [
        VisitLine(id=r.id, starts_at=r.starts_at, timezone=doctor.timezone, patient_name=r.name)
        for r in rows
    ]
    return doctor, visits


# The time off that stands for an inactive doctor: it closes (and writes down) their free
# slots ahead as any time off does, so reactivating reopens exactly those. It covers the
# longest booking horizon (365 days); an inactive doctor gets no new slots generated.
INACTIVE_TIME_OFF = "doctor inactive"


async def _visits_ahead(session: AsyncSession, doctor_id: uuid.UUID, now: datetime):
    return list(
        await session.scalars(
            select(Appointment)
            .where(Appointment.doctor_id == doctor_id, Appointment.starts_at > now, *_AHEAD)
            .order_by(Appointment.starts_at, Appointment.id)
            .with_for_update()
        )
    )


async def deactivate(
    factory: SessionFactory, *, actor: Actor, doctor_id: uuid.UUID, now: datetime
) -> tuple[DoctorOut, int]:
    """In ONE transaction, handled like time off: the doctor inactive, their visits ahead
    cancelled by the doctor (each audited, each patient told with the nearest free
    times), their free slots ahead closed by a time off that reactivation removes.
    Returns the doctor and how many visits were cancelled."""
    async with factory() as session, session.begin():
        doctor = await session.get(Doctor, doctor_id, with_for_update=True)
        if doctor is None:
            raise NotFound(code="doctor-not-found")
        require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
        if not doctor.is_active:
            raise Conflict(code="doctor-already-inactive")
        await catalog.set_doctor_active(
            session, actor=actor, doctor_id=doctor_id, active=False, now=now
        )
        cancel = rebooking.cancel_for_doctor
        visits = await _visits_ahead(session, doctor_id, now)
        cancelled = await cancel(
            session, appointments=visits, actor=actor, reason=rebooking.DOCTOR_INACTIVE, now=now
        )
        # Closing the slots waits for a booking in flight on one of them (it holds the
        # slot's lock) and makes one queued behind it fail on the closed slot; a visit
        # committed meanwhile keeps its slot open and is cancelled next.
        await schedules.add_time_off(
            session, doctor_id=doctor_id, starts_at=now, ends_at=now + schedules.MAX_TIME_OFF,
            reason=INACTIVE_TIME_OFF, actor=actor, now=now,
        )  # fmt: skip
        late = await _visits_ahead(session, doctor_id, now)
        cancelled += await cancel(
            session, appointments=late, actor=actor, reason=rebooking.DOCTOR_INACTIVE, now=now
        )
        out = await catalog.get_doctor(session, doctor_id=doctor_id)
    return out, len(cancelled)


async def reactivate(
    factory: SessionFactory, *, actor: Actor, doctor_id: uuid.UUID, now: datetime
) -> DoctorOut:
    """The doctor active again (one transaction): the time off of their deactivation
    removed, reopening the slots it closed, and slots cut from their weekly hours over
    the clinic's booking horizon where there are none."""
    async with factory() as session, session.begin():
        doctor = await doctor_card(session, actor=actor, doctor_id=doctor_id)
        if doctor.is_active:
            raise Conflict(code="doctor-already-active")
        await catalog.set_doctor_active(
            session, actor=actor, doctor_id=doctor_id, active=True, now=now
        )
        held = await session.scalars(
            select(TimeOff.id).where(
                TimeOff.doctor_id == doctor_id,
                TimeOff.reason == INACTIVE_TIME_OFF,
                TimeOff.ends_at > now,
            )
        )
        for time_off_id in list(held):
            await schedules.remove_time_off(session, time_off_id=time_off_id, now=now, actor=actor)
        if doctor.clinic_active:
            today = now.astimezone(ZoneInfo(doctor.timezone)).date()
            end = today + timedelta(days=doctor.booking_horizon_days)
            await slots.generate_slots(
                session, actor=actor, start=today, end=end, now=now, doctor_ids=[doctor_id]
            )
        return await catalog.get_doctor(session, doctor_id=doctor_id)
