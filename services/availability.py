"""What a patient may pick: free slots inside each clinic's booking window.

The slot queries of `services.slots` leave out the days on which a doctor has
reached `max_patients_per_day` (booking would refuse them), but know nothing of
notice periods and horizons; these functions apply the clinic's rules on top.

A place held for a patient of the waitlist (services.waitlist) is not free for anyone but
that patient: every function here leaves it out, in the query itself (services.slots),
unless `viewer` is the patient it is held for.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from db.engine import Reader
from db.models import Clinic, Doctor
from services.catalog import ClinicOut, DoctorOut
from services.slots import (
    SlotOut,
    days_with_free_slots,
    first_free_starts,
    free_slots_for_doctor_day,
    free_slots_per_clinic,
    local_day_bounds,
    next_free_slots,
    slot_by_id,
)


@dataclass(frozen=True)
class Window:
    """When a patient may book with a doctor: from the clinic's minimum notice to its
    booking horizon, and the clinic's time zone."""

    tz: ZoneInfo
    earliest: datetime
    latest: datetime


def window(doctor: DoctorOut, now: datetime) -> Window:
    """The booking window of the doctor's clinic at `now` (read with the doctor)."""
    return Window(
        tz=ZoneInfo(doctor.timezone),
        earliest=now + timedelta(minutes=doctor.min_booking_notice_minutes),
        latest=now + timedelta(days=doctor.booking_horizon_days),
    )


async def bookable_days(
    session: Reader,
    *,
    doctor: DoctorOut,
    start: date,
    end: date,
    now: datetime,
    viewer: uuid.UUID | None = None,
) -> set[date]:
    """Local dates in start..end with a free slot the patient may still book."""
    w = window(doctor, now)
    last = min(end, w.latest.astimezone(w.tz).date())
    if last < start or not doctor.bookable:
        return set()
    return await days_with_free_slots(
        session, doctor_id=doctor.id, start=start, end=last, now=w.earliest,
        held_at=now, viewer=viewer,
    )  # fmt: skip


async def bookable_slots(
    session: Reader,
    *,
    doctor: DoctorOut,
    day: date,
    now: datetime,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """That day's free slots of the doctor inside the booking window."""
    w = window(doctor, now)
    found = await free_slots_for_doctor_day(
        session, doctor_id=doctor.id, day=day, now=w.earliest, held_at=now, viewer=viewer
    )
    return [s for s in found if s.starts_at <= w.latest]


async def next_free_times(
    session: Reader,
    *,
    doctors: Sequence[DoctorOut],
    now: datetime,
    viewer: uuid.UUID | None = None,
) -> dict[uuid.UUID, datetime | None]:
    """The first time each listed doctor can still be booked (None: nothing free up to the
    clinic's horizon), for a whole page of a list in one query: each clinic's minimum
    notice and horizon, the doctors' full days and closed slots are all honoured."""
    windows = []
    for doctor in doctors:
        if doctor.bookable:
            w = window(doctor, now)
            windows.append((doctor.id, w.earliest, w.latest))
    found = await first_free_starts(session, windows=windows, held_at=now, viewer=viewer)
    return {doctor.id: found.get(doctor.id) for doctor in doctors}


async def nearest_bookable(
    session: Reader,
    *,
    now: datetime,
    doctor: DoctorOut | None = None,
    specialty_id: uuid.UUID | None = None,
    around: datetime | None = None,
    limit: int = 6,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """The free slots closest after `around` (or the earliest), for alternatives."""
    if doctor is not None:
        w = window(doctor, now)
        earliest, latest = w.earliest, w.latest
    else:
        earliest, latest = now + timedelta(hours=1), now + timedelta(days=60)
    doctor_id = doctor.id if doctor is not None else None
    after = max(earliest, around or earliest)
    found = await next_free_slots(
        session,
        doctor_id=doctor_id,
        specialty_id=specialty_id,
        after=after,
        before=latest,
        limit=limit,
        held_at=now,
        viewer=viewer,
    )
    if not found and around is not None and around > earliest:
        found = await next_free_slots(
            session,
            doctor_id=doctor_id,
            specialty_id=specialty_id,
            after=earliest,
            before=latest,
            limit=limit,
            held_at=now,
            viewer=viewer,
        )
    return found


async def get_slot(session: Reader, *, slot_id: uuid.UUID) -> SlotOut | None:
    """One slot as the booking flow shows it (None if it does not exist)."""
    return await slot_by_id(session, slot_id=slot_id)


async def find_bookable(
    session: Reader,
    *,
    now: datetime,
    specialty_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    day: date | None = None,
    window: tuple[time, time] | None = None,
    clinic_ids: Sequence[uuid.UUID] = (),
    clinic_days: Mapping[uuid.UUID, date] | None = None,
    clinics: Sequence[ClinicOut] | None = None,
    limit: int = 8,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """Free slots matching a patient's request ("a dermatologist next Monday morning").

    `day` is one local date in every clinic; `clinic_days` gives each clinic its own (the
    same words name different dates on different clocks), and only those clinics are asked.
    Days and windows are local to each clinic; all clinics are asked in one query. Without
    a specialty or a doctor there is nothing to look for ([]). The result
    is in local time order (09:00 in Boston beside 09:00 in London), and when it has to be
    cut, every clinic keeps its share: the clinics take turns, earliest first. `clinics`:
    the ones to ask, already read by the caller (the doctor's, if a doctor is asked for);
    the filters above still apply to them.
    """
    if specialty_id is None and doctor_id is None:
        return []
    if clinics is None:
        query = select(
            Clinic.id,
            Clinic.timezone,
            Clinic.min_booking_notice_minutes,
            Clinic.booking_horizon_days,
        ).where(Clinic.is_active)
        if doctor_id is not None:
            query = query.join(Doctor, Doctor.clinic_id == Clinic.id).where(Doctor.id == doctor_id)
        if clinic_ids:
            query = query.where(Clinic.id.in_(list(clinic_ids)))
        if clinic_days is not None:
            query = query.where(Clinic.id.in_(list(clinic_days)))
        asked: Sequence[Any] = (await session.execute(query)).all()
    else:
        asked = [
            c for c in clinics
            if c.is_active
            and (not clinic_ids or c.id in clinic_ids)
            and (clinic_days is None or c.id in clinic_days)
        ]
    windows: list[tuple[uuid.UUID, datetime, datetime]] = []
    zones: dict[uuid.UUID, ZoneInfo] = {}
    for clinic in asked:
        tz = ZoneInfo(clinic.timezone)
        local = clinic_days[clinic.id] if clinic_days is not None else day
        earliest = now + timedelta(minutes=clinic.min_booking_notice_minutes)
        latest = now + timedelta(days=clinic.booking_horizon_days)
        after, before = earliest, latest
        if local is not None:
            lo, hi = local_day_bounds(local, tz)
            if window is not None:
                lo = datetime.combine(local, window[0], tz).astimezone(UTC)
                hi = datetime.combine(local, window[1], tz).astimezone(UTC)
            after, before = max(after, lo - timedelta(microseconds=1)), min(before, hi)
        if after < before:
            windows.append((clinic.id, after, before))
            zones[clinic.id] = tz
    any_day = window is not None and day is None and clinic_days is None
    # All the clinics in one round trip; with a day, its window is in the clinic's bounds.
    found = await free_slots_per_clinic(
        session,
        windows=windows,
        specialty_id=specialty_id if doctor_id is None else None,
        doctor_id=doctor_id,
        part_of_day=window if any_day else None,
        limit=limit,
        held_at=now,
        viewer=viewer,
    )
    per_clinic: dict[uuid.UUID, list[tuple[datetime, SlotOut]]] = {}
    for s in found:
        local_start = s.starts_at.astimezone(zones[s.clinic_id]).replace(tzinfo=None)
        per_clinic.setdefault(s.clinic_id, []).append((local_start, s))
    chosen = _take_turns([sorted(v, key=lambda p: p[0]) for v in per_clinic.values()], limit)
    return chosen


def _take_turns(per_clinic: list[list[tuple[datetime, SlotOut]]], limit: int) -> list[SlotOut]:
    """Up to `limit` slots, the clinics taking turns; shown in local time order."""
    chosen: list[tuple[datetime, SlotOut]] = []
    rank = 0
    while len(chosen) < limit and any(rank < len(slots) for slots in per_clinic):
        turn = [slots[rank] for slots in per_clinic if rank < len(slots)]
        chosen.extend(sorted(turn, key=lambda pair: pair[0])[: limit - len(chosen)])
        rank += 1
    return [slot for _local, slot in sorted(chosen, key=lambda pair: pair[0])]
