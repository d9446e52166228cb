"""The demo's fully booked doctor, for the waitlist: Dr. Noah Thomas (Dermatology,
Riverside) has one free time left — his first bookable one — and is away for a year after
it, so once a demo patient books that time nothing of his is free, and a second patient
can ask to be told when something frees up (`demo/waitlist.txt`). The time kept is on a
later day than `now`, so that it can still be cancelled (the clinic's cancel notice).

Idempotent: a doctor already given the leave is left as he is.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AppointmentSlot, Clinic, Doctor, TimeOff, TimeOffSlot
from services.slots import local_day_bounds, next_free_slots

LICENSE = "DEMO-0008"  # Dr. Noah Thomas in services.demo_data.DOCTORS
LEAVE_REASON = "Demo: away after his last free time"
LEAVE = timedelta(days=365)


async def seed_fully_booked_doctor(session: AsyncSession, *, now: datetime) -> uuid.UUID | None:
    """Leaves the doctor one free time, his first from tomorrow on; returns its slot
    (None when the doctor is missing, has nothing free, or was seeded before)."""
    row = (
        await session.execute(
            select(Doctor.id, Clinic.timezone, Clinic.min_booking_notice_minutes)
            .join(Clinic, Clinic.id == Doctor.clinic_id)
            .where(Doctor.license_number == LICENSE)
        )
    ).first()
    if row is None or await session.scalar(
        select(exists().where(TimeOff.doctor_id == row.id, TimeOff.reason == LEAVE_REASON))
    ):
        return None
    await session.flush()
    tomorrow = now.astimezone(ZoneInfo(row.timezone)).date() + timedelta(days=1)
    after = max(
        now + timedelta(minutes=row.min_booking_notice_minutes),
        local_day_bounds(tomorrow, ZoneInfo(row.timezone))[0],
    )
    first = await next_free_slots(session, doctor_id=row.id, after=after, limit=1)
    if not first:
        return None
    kept = first[0]
    leave = TimeOff(
        doctor_id=row.id, starts_at=kept.ends_at, ends_at=kept.ends_at + LEAVE,
        reason=LEAVE_REASON,
    )  # fmt: skip
    session.add(leave)
    await session.flush()
    # Every other free time from now on closes: those after it as closed by the leave (so
    # that removing the leave reopens them); slot generation skips the leave from now on.
    free = (
        AppointmentSlot.doctor_id == row.id,
        AppointmentSlot.is_active,
        AppointmentSlot.booked_count == 0,
        AppointmentSlot.id != kept.id,
    )
    await session.execute(
        update(AppointmentSlot)
        .where(*free, AppointmentSlot.starts_at > now, AppointmentSlot.starts_at < kept.ends_at)
        .values(is_active=False)
    )
    closed = (
        await session.scalars(
            update(AppointmentSlot)
            .where(*free, AppointmentSlot.starts_at >= kept.ends_at)
            .values(is_active=False)
            .returning(AppointmentSlot.id)
        )
    ).all()
    session.add_all(TimeOffSlot(time_off_id=leave.id, slot_id=s) for s in closed)
    await session.flush()
    return kept.id
