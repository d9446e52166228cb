"""What a patient may pick: free slots inside each clinic's booking window.

The slot queries of `services.slots` know nothing of notice periods and
horizons; these functions apply the clinic's rules on top of them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AppointmentSlot, Clinic, Doctor
from services.errors import NotFound
from services.slots import (
    SlotOut,
    days_with_free_slots,
    free_slots_for_doctor_day,
    local_day_bounds,
    next_free_slots,
)


async def _window(session: AsyncSession, doctor_id: uuid.UUID, now: datetime):
    clinic = await session.scalar(
        select(Clinic).join(Doctor, Doctor.clinic_id == Clinic.id).where(Doctor.id == doctor_id)
    )
    if clinic is None:
        raise NotFound("That doctor could not be found.")
    earliest = now + timedelta(minutes=clinic.min_booking_notice_minutes)
    latest = now + timedelta(days=clinic.booking_horizon_days)
    return clinic, earliest, latest


async def bookable_days(
    session: AsyncSession, *, doctor_id: uuid.UUID, start: date, end: date, now: datetime
) -> set[date]:
    """Local dates in start..end with a free slot the patient may still book."""
    clinic, earliest, latest = await _window(session, doctor_id, now)
    last = min(end, latest.astimezone(ZoneInfo(clinic.timezone)).date())
    if last < start:
        return set()
    days = await days_with_free_slots(
        session, doctor_id=doctor_id, start=start, end=last, now=earliest
    )
    return days


async def bookable_slots(
    session: AsyncSession, *, doctor_id: uuid.UUID, day: date, now: datetime
) -> list[SlotOut]:
    """That day's free slots of the doctor inside the booking window."""
    _clinic, earliest, latest = await _window(session, doctor_id, now)
    found = await free_slots_for_doctor_day(session, doctor_id=doctor_id, day=day, now=earliest)
    return [s for s in found if s.starts_at <= latest]


async def nearest_bookable(
    session: AsyncSession,
    *,
    now: datetime,
    doctor_id: uuid.UUID | None = None,
    specialty_id: uuid.UUID | None = None,
    around: datetime | None = None,
    limit: int = 6,
) -> list[SlotOut]:
    """The free slots closest after `around` (or the earliest), for alternatives."""
    if doctor_id is not None:
        _clinic, earliest, latest = await _window(session, doctor_id, now)
    else:
        earliest, latest = now + timedelta(hours=1), now + timedelta(days=60)
    after = max(earliest, around or earliest)
    found = await next_free_slots(
        session,
        doctor_id=doctor_id,
        specialty_id=specialty_id,
        after=after,
        before=latest,
        limit=limit,
    )
    if not found and around is not None and around > earliest:
        found = await next_free_slots(
            session,
            doctor_id=doctor_id,
            specialty_id=specialty_id,
            after=earliest,
            before=latest,
            limit=limit,
        )
    return found


async def get_slot(session: AsyncSession, *, slot_id: uuid.UUID) -> SlotOut | None:
    """One slot as the booking flow shows it (None if it does not exist)."""
    slot = await session.get(AppointmentSlot, slot_id)
    if slot is None:
        return None
    return SlotOut(
        id=slot.id,
        doctor_id=slot.doctor_id,
        clinic_id=slot.clinic_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        capacity=slot.capacity,
        booked_count=slot.booked_count,
        free=max(slot.capacity - slot.booked_count, 0),
        is_active=slot.is_active,
    )


async def find_bookable(
    session: AsyncSession,
    *,
    now: datetime,
    specialty_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    day: date | None = None,
    window: tuple[time, time] | None = None,
    limit: int = 8,
) -> list[SlotOut]:
    """Free slots matching a patient's request ("a dermatologist next Monday morning").

    Days and windows are local to each clinic, so clinics are asked one by one.
    """
    query = select(Clinic).where(Clinic.is_active)
    if doctor_id is not None:
        query = query.join(Doctor, Doctor.clinic_id == Clinic.id).where(Doctor.id == doctor_id)
    found: list[SlotOut] = []
    for clinic in (await session.scalars(query)).all():
        tz = ZoneInfo(clinic.timezone)
        earliest = now + timedelta(minutes=clinic.min_booking_notice_minutes)
        latest = now + timedelta(days=clinic.booking_horizon_days)
        after, before = earliest, latest
        if day is not None:
            lo, hi = local_day_bounds(day, tz)
            if window is not None:
                lo = datetime.combine(day, window[0], tz).astimezone(UTC)
                hi = datetime.combine(day, window[1], tz).astimezone(UTC)
            after, before = max(after, lo - timedelta(microseconds=1)), min(before, hi)
        if after >= before:
            continue
        any_day = window is not None and day is None  # filtered by time of day below
        slots = await next_free_slots(
            session,
            specialty_id=specialty_id,
            doctor_id=doctor_id,
            clinic_id=clinic.id,
            after=after,
            before=before,
            limit=50 if any_day else limit,
        )
        if any_day:
            assert window is not None
            slots = [s for s in slots if window[0] <= s.starts_at.astimezone(tz).time() < window[1]]
        found.extend(slots)
    found.sort(key=lambda s: s.starts_at)
    return found[:limit]
