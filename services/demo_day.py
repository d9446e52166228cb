"""The demo doctor's day: a handful of patients booked around "now", so that `/as doctor`
and `/today` in `careslot demo` show a real day whatever the hour.

Visits are placed relative to the clinic's local time: two already over (one done with
its record, one missed), one starting in a few minutes (to check in), two later. Times
that would fall on another day are left out. Idempotent: a day already seeded is kept.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Appointment,
    AppointmentSlot,
    Clinic,
    Doctor,
    MedicalRecord,
    Patient,
    User,
)
from services.slots import local_day_bounds

# telegram id, name, phone, date of birth, allergies, emergency contact
PATIENTS = [
    (900102, "Jack Patel", "+447700900102", date(1992, 11, 19), None, None),
    (900103, "Sofia Novak", "+447700900103", date(1978, 2, 7), None, "Ivan Novak +447700900198"),
    (900101, "Olivia Clarke", "+447700900101", date(1984, 5, 2), "Penicillin",
     "Tom Clarke +447700900199"),
    (900104, "Leo Martin", "+447700900104", date(2001, 8, 30), "Latex", None),
    (900105, "Grace Hughes", "+447700900105", date(1965, 1, 14), None, None),
]  # fmt: skip
# minutes from the visit about to begin, status, reason
PLAN = [
    (-120, "completed", "Persistent cough"),
    (-60, "no_show", "Blood test results"),
    (0, "scheduled", "Itchy rash"),
    (40, "scheduled", "Knee pain after running"),
    (80, "scheduled", "Annual check-up"),
]


async def _patient(session: AsyncSession, spec: tuple, now: datetime) -> uuid.UUID:
    tg, name, phone, born, allergies, emergency = spec
    found = await session.scalar(
        select(Patient.id).join(User, User.id == Patient.user_id).where(
            User.telegram_user_id == tg
        )
    )
    if found is not None:
        return found
    user = User(telegram_user_id=tg, chat_id=tg, full_name=name, phone=phone,
                privacy_accepted_at=now)  # fmt: skip
    session.add(user)
    await session.flush()
    patient = Patient(user_id=user.id, date_of_birth=born, allergies=allergies,
                      emergency_contact=emergency)  # fmt: skip
    session.add(patient)
    await session.flush()
    return patient.id


async def _visit(
    session: AsyncSession,
    doctor: Doctor,
    patient_id: uuid.UUID,
    start: datetime,
    minutes: int,
    reason: str,
) -> Appointment | None:
    """A visit at `start`, freeing the doctor's unbooked slots in its way; None if a booked
    one is in the way."""
    end = start + timedelta(minutes=minutes)
    overlapping = (
        AppointmentSlot.doctor_id == doctor.id,
        AppointmentSlot.is_active,
        AppointmentSlot.starts_at < end,
        AppointmentSlot.ends_at > start,
    )
    if await session.scalar(select(exists().where(*overlapping, AppointmentSlot.booked_count > 0))):
        return None
    await session.execute(update(AppointmentSlot).where(*overlapping).values(is_active=False))
    # A slot of the doctor starting at that very time (one of those just closed) is reused:
    # a doctor has one slot per start (uq_appointment_slots_doctor_id_starts_at).
    slot = await session.scalar(
        select(AppointmentSlot).where(
            AppointmentSlot.doctor_id == doctor.id, AppointmentSlot.starts_at == start
        )
    )
    if slot is None:
        slot = AppointmentSlot(doctor_id=doctor.id, clinic_id=doctor.clinic_id, starts_at=start,
                               ends_at=end)  # fmt: skip
        session.add(slot)
    elif slot.booked_count > 0:
        return None
    else:
        slot.ends_at, slot.is_active = end, True
    await session.flush()
    appt = Appointment(patient_id=patient_id, doctor_id=doctor.id, clinic_id=doctor.clinic_id,
                       slot_id=slot.id, starts_at=start, ends_at=end, reason=reason,
                       created_via="system", created_at=start - timedelta(days=7))  # fmt: skip
    session.add(appt)
    await session.flush()
    return appt


async def _close(
    session: AsyncSession, appt: Appointment, doctor: Doctor, status: str, record: str | None
) -> None:
    appt.status = status
    appt.status_changed_at = appt.ends_at
    appt.status_changed_by = doctor.user_id
    await session.flush()
    if record is not None:
        session.add(MedicalRecord(
            patient_id=appt.patient_id, doctor_id=doctor.id, appointment_id=appt.id,
            author_user_id=doctor.user_id, diagnosis=record, edited_at=appt.ends_at,
            editable_until=appt.ends_at + timedelta(hours=24),
        ))  # fmt: skip
        await session.flush()


async def seed_doctor_day(session: AsyncSession, *, doctor_id: uuid.UUID, now: datetime) -> int:
    """Books the demo patients around `now` with the doctor; returns the slots made for
    them (one a visit)."""
    doctor = await session.get(Doctor, doctor_id)
    if doctor is None:
        return 0
    tz = ZoneInfo(await session.scalar(select(Clinic.timezone).where(
        Clinic.id == doctor.clinic_id)) or "UTC")  # fmt: skip
    local = now.astimezone(tz).replace(second=0, microsecond=0)
    day_lo, day_hi = local_day_bounds(local.date(), tz)
    patient_ids = [await _patient(session, spec, now) for spec in PATIENTS]
    seeded = await session.scalar(select(exists().where(
        Appointment.doctor_id == doctor.id, Appointment.patient_id.in_(patient_ids),
        Appointment.starts_at >= day_lo, Appointment.starts_at < day_hi,
    )))  # fmt: skip
    if seeded:
        return 0
    minutes = doctor.visit_minutes
    # The visit about to begin starts in 5 minutes — late at night, the day's last one.
    soon = min(local + timedelta(minutes=5), day_hi.astimezone(tz) - timedelta(minutes=minutes))
    made = 0
    for (offset, status, reason), patient_id in zip(PLAN, patient_ids, strict=True):
        start = (soon + timedelta(minutes=offset)).astimezone(ZoneInfo("UTC"))
        if not day_lo <= start <= day_hi - timedelta(minutes=minutes):
            continue
        appt = await _visit(session, doctor, patient_id, start, minutes, reason)
        if appt is None:
            continue
        made += 1
        if status != "scheduled":
            record = "Acute bronchitis; rest and fluids" if status == "completed" else None
            await _close(session, appt, doctor, status, record)
    # Olivia (the visit about to begin) came once before: her card shows it and its record.
    earlier = (soon - timedelta(days=28)).astimezone(ZoneInfo("UTC"))
    appt = await _visit(session, doctor, patient_ids[2], earlier, minutes, "Skin check")
    if appt is not None:
        made += 1
        await _close(session, appt, doctor, "completed", "Mild eczema; emollient cream")
    return made
