"""Weekly working hours, time off, slot generation (DST included) and the slot queries.

All on the real PostgreSQL with the invariant triggers; every `now` is explicit.
"""

from __future__ import annotations

import asyncio
import time as perf
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import SessionFactory, unit_of_work
from db.models import (
    Appointment,
    AppointmentSlot,
    AuditLog,
    Clinic,
    Doctor,
    Patient,
    Specialty,
    User,
)
from services import schedules, slots
from services.errors import Conflict, InvalidInput, NotFound
from services.policy import Actor

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
SYSTEM = Actor.system()  # who may do anything; the permission rules are tests/test_policy.py's


# --- helpers: rows made directly with the models -------------------------------------------


@dataclass(frozen=True)
class Doc:
    id: uuid.UUID
    clinic_id: uuid.UUID
    specialty_id: uuid.UUID
    tz: ZoneInfo


async def make_doctor(
    session: AsyncSession,
    *,
    tz: str = BERLIN,
    visit: int = 30,
    clinic_id: uuid.UUID | None = None,
    specialty_id: uuid.UUID | None = None,
    active: bool = True,
) -> Doc:
    """A doctor (with a new clinic and specialty unless given) and nothing else."""
    tag = uuid.uuid4().hex[:10]
    if clinic_id is None:
        clinic = Clinic(name=f"Clinic {tag}", address="1 Main St", city="Town", timezone=tz)
        session.add(clinic)
        await session.flush()
        clinic_id = clinic.id
    else:
        tz = (await session.get_one(Clinic, clinic_id)).timezone
    if specialty_id is None:
        specialty = Specialty(name=f"Specialty {tag}")
        session.add(specialty)
        await session.flush()
        specialty_id = specialty.id
    doctor = Doctor(
        clinic_id=clinic_id,
        specialty_id=specialty_id,
        full_name=f"Dr {tag}",
        license_number=f"L-{tag}",
        visit_minutes=visit,
        is_active=active,
    )
    session.add(doctor)
    await session.flush()
    return Doc(doctor.id, clinic_id, specialty_id, ZoneInfo(tz))


async def book(session: AsyncSession, slot_id: uuid.UUID) -> uuid.UUID:
    """An active appointment in the slot for a new patient (the trigger counts it)."""
    slot = await session.get_one(AppointmentSlot, slot_id)
    user = User(full_name=f"Patient {uuid.uuid4().hex[:6]}")
    session.add(user)
    await session.flush()
    patient = Patient(user_id=user.id)
    session.add(patient)
    await session.flush()
    appointment = Appointment(
        patient_id=patient.id,
        doctor_id=slot.doctor_id,
        clinic_id=slot.clinic_id,
        slot_id=slot.id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        status="scheduled",
    )
    session.add(appointment)
    await session.flush()
    return appointment.id


def at(day: str, hhmm: str, tz: ZoneInfo) -> datetime:
    """A local wall-clock time (first occurrence if ambiguous) as an aware datetime."""
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), tzinfo=tz)


def utc(text_: str) -> datetime:
    return datetime.fromisoformat(text_).replace(tzinfo=UTC)


async def slot_rows(
    session: AsyncSession, doctor_id: uuid.UUID, *, active_only: bool = True
) -> list[AppointmentSlot]:
    query = select(AppointmentSlot).where(AppointmentSlot.doctor_id == doctor_id)
    if active_only:
        query = query.where(AppointmentSlot.is_active)
    return list((await session.scalars(query.order_by(AppointmentSlot.starts_at))).all())


def local_starts(rows: list[AppointmentSlot], tz: ZoneInfo) -> list[str]:
    return [r.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") for r in rows]


def assert_no_overlap(rows: list[AppointmentSlot]) -> None:
    ordered = sorted(rows, key=lambda r: r.starts_at)
    for a, b in pairwise(ordered):
        assert a.ends_at <= b.starts_at, f"{a.starts_at}-{a.ends_at} overlaps {b.starts_at}"


async def count(session: AsyncSession, model: type, *where: object) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def weekdays_9_to_12(session: AsyncSession, doctor_id: uuid.UUID, days=range(5)) -> None:
    for weekday in days:
        await schedules.set_working_hours(
            session,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doctor_id,
            weekday=weekday,
            start=time(9),
            end=time(12),
        )


# --- working hours ---------------------------------------------------------------------------


async def test_set_working_hours_creates_replaces_and_lists(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        tue = await schedules.set_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, doctor_id=doc.id, weekday=1, start=time(14), end=time(18)
        )
        mon = await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=0,
            start=time(9),
            end=time(17),
            breaks=[(time(15), time(15, 15)), (time(12), time(13))],
        )
        assert mon.breaks == [
            schedules.BreakOut(start=time(12), end=time(13)),
            schedules.BreakOut(start=time(15), end=time(15, 15)),
        ]
        # Same doctor, weekday and start: replaced, not duplicated.
        again = await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=0,
            start=time(9),
            end=time(16),
            breaks=[],
        )
        assert again.id == mon.id and again.end == time(16) and again.breaks == []
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=0,
            start=time(16, 30),
            end=time(19),
        )

    async with unit_of_work(session_factory) as s:
        listed = await schedules.list_working_hours(s, doctor_id=doc.id)
        assert [(b.weekday, b.start, b.end) for b in listed] == [
            (0, time(9), time(16)),
            (0, time(16, 30), time(19)),
            (1, time(14), time(18)),
        ]
        assert listed[0].breaks == [] and listed[2].id == tue.id
        assert await count(s, AuditLog, AuditLog.action == "schedule.set") == 4


@pytest.mark.parametrize(
    ("weekday", "start", "end", "breaks", "refusal"),
    [
        (0, time(12), time(9), [], ("hours-end-before-start", {"start": time(12), "end": time(9)})),
        (0, time(9), time(9), [], ("hours-end-before-start", {"start": time(9), "end": time(9)})),
        (7, time(9), time(12), [], ("weekday-out-of-range", {})),
        (
            0, time(9), time(12), [(time(11), time(12, 30))],
            ("break-outside-hours", {"break_start": time(11), "break_end": time(12, 30),
                                     "start": time(9), "end": time(12)}),
        ),
        (
            0, time(9), time(12), [(time(8), time(9, 30))],
            ("break-outside-hours", {"break_start": time(8), "break_end": time(9, 30),
                                     "start": time(9), "end": time(12)}),
        ),
        (
            0, time(9), time(12), [(time(11), time(10))],
            ("break-end-before-start", {"start": time(11), "end": time(10)}),
        ),
        (
            0, time(9), time(17), [(time(12), time(13)), (time(12, 30), time(14))],
            ("breaks-overlap", {"first_start": time(12), "first_end": time(13),
                                "second_start": time(12, 30), "second_end": time(14)}),
        ),
        (0, time(9, 0, 30), time(12), [], ("hours-whole-minutes", {})),
        # The doctor already works Monday 13:00–17:00 (set up below).
        *(
            (0, start, end, [], ("hours-overlap", {"weekday": 0, "start": time(13),
                                                   "end": time(17)}))
            for start, end in [(time(12), time(14)), (time(14), time(15)), (time(8), time(18))]
        ),
    ],
)
async def test_invalid_working_hours_are_refused_and_write_nothing(
    session_factory: SessionFactory,
    weekday: int,
    start: time,
    end: time,
    breaks: list[tuple[time, time]],
    refusal: tuple[str, dict[str, Any]],
):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        existing = await schedules.set_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, doctor_id=doc.id, weekday=0, start=time(13), end=time(17)
        )
    async with unit_of_work(session_factory) as s:
        with pytest.raises(InvalidInput) as caught:
            await schedules.set_working_hours(
                s,
                actor=SYSTEM,
                now=LONG_AGO,
                doctor_id=doc.id,
                weekday=weekday,
                start=start,
                end=end,
                breaks=breaks,
            )
        assert (caught.value.code, caught.value.params) == refusal
        # The transaction goes on and commits: the refusal itself must have written nothing.
    async with unit_of_work(session_factory) as s:
        assert [b.id for b in await schedules.list_working_hours(s, doctor_id=doc.id)] == [
            existing.id
        ]
        assert (await schedules.list_working_hours(s, doctor_id=doc.id))[0].end == time(17)
        assert await count(s, AuditLog) == 1


async def test_update_and_deactivate_working_hours(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        morning = await schedules.set_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, doctor_id=doc.id, weekday=2, start=time(8), end=time(12)
        )
        afternoon = await schedules.set_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, doctor_id=doc.id, weekday=2, start=time(13), end=time(17)
        )
        changed = await schedules.update_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            schedule_id=morning.id,
            end=time(12, 30),
            breaks=[(time(10), time(10, 15))],
        )
        assert (changed.start, changed.end) == (time(8), time(12, 30))
        assert changed.breaks == [schedules.BreakOut(start=time(10), end=time(10, 15))]
        with pytest.raises(InvalidInput) as caught:
            await schedules.update_working_hours(
                s, actor=SYSTEM, now=LONG_AGO, schedule_id=morning.id, end=time(13, 30)
            )
        assert (caught.value.code, caught.value.params) == (
            "hours-overlap", {"weekday": 2, "start": time(13), "end": time(17)}
        )
        with pytest.raises(InvalidInput, match=r"^break-outside-hours$"):
            await schedules.update_working_hours(
                s, actor=SYSTEM, now=LONG_AGO, schedule_id=morning.id, start=time(10, 5)
            )
        with pytest.raises(NotFound):
            await schedules.update_working_hours(
                s, actor=SYSTEM, now=LONG_AGO, schedule_id=uuid.uuid4(), end=time(9)
            )

        removed = await schedules.deactivate_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, schedule_id=afternoon.id
        )
        assert not removed.is_active
        # The afternoon is free now, so the morning may grow into it.
        grown = await schedules.update_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, schedule_id=morning.id, end=time(14)
        )
        assert grown.end == time(14) and len(grown.breaks) == 1

    async with unit_of_work(session_factory) as s:
        assert [b.id for b in await schedules.list_working_hours(s, doctor_id=doc.id)] == [
            morning.id
        ]
        everything = await schedules.list_working_hours(s, doctor_id=doc.id, include_inactive=True)
        assert [b.is_active for b in everything] == [True, False]
        # Setting the removed block again brings the same row back.
        await schedules.update_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, schedule_id=morning.id, end=time(12)
        )
        back = await schedules.set_working_hours(
            s, actor=SYSTEM, now=LONG_AGO, doctor_id=doc.id, weekday=2, start=time(13), end=time(16)
        )
        assert back.id == afternoon.id and back.is_active
        actions = (await s.scalars(select(AuditLog.action).order_by(AuditLog.at))).all()
        assert sorted(actions) == sorted(
            ["schedule.set"] * 3 + ["schedule.update"] * 3 + ["schedule.deactivate"]
        )


async def test_working_hours_of_an_unknown_doctor(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        with pytest.raises(NotFound):
            await schedules.set_working_hours(
                s,
                actor=SYSTEM,
                now=LONG_AGO,
                doctor_id=uuid.uuid4(),
                weekday=0,
                start=time(9),
                end=time(10),
            )


# --- generation --------------------------------------------------------------------------------


async def test_plain_week(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, tz=BERLIN, visit=30)
        await weekdays_9_to_12(s, doc.id)
        result = await slots.generate_slots(
            s,
            actor=SYSTEM,
            start=date(2026, 6, 1),
            end=date(2026, 6, 7),
            now=utc("2026-05-01T00:00"),
        )
    assert result == slots.SlotGenerationResult(created=30, skipped=0, doctors=1)

    async with unit_of_work(session_factory) as s:
        rows = await slot_rows(s, doc.id)
        expected = [
            f"2026-06-{d:02d} {h}"
            for d in range(1, 6)
            for h in ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")
        ]
        assert local_starts(rows, doc.tz) == expected
        # Summer time in Berlin: local 09:00 is 07:00 UTC.
        assert rows[0].starts_at == utc("2026-06-01T07:00")
        assert all(r.ends_at - r.starts_at == timedelta(minutes=30) for r in rows)
        assert {(r.clinic_id, r.capacity, r.booked_count) for r in rows} == {(doc.clinic_id, 1, 0)}
        audit_rows = (
            await s.scalars(select(AuditLog).where(AuditLog.action == "slots.generate"))
        ).all()
        assert len(audit_rows) == 1
        assert audit_rows[0].details == {
            "start": "2026-06-01",
            "end": "2026-06-07",
            "created": 30,
            "skipped": 0,
            "doctors": 1,
        }


async def test_lunch_break_and_a_slot_that_does_not_fit(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, visit=30)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=0,
            start=time(9),
            end=time(17),
            breaks=[(time(12), time(13))],
        )
        odd = await make_doctor(s, visit=25)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=odd.id,
            weekday=0,
            start=time(9),
            end=time(17),
            breaks=[(time(12), time(13))],
        )
        short = await make_doctor(s, visit=25)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=short.id,
            weekday=0,
            start=time(9),
            end=time(10),
        )
        await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 1), now=LONG_AGO
        )

    async with unit_of_work(session_factory) as s:
        rows = await slot_rows(s, doc.id)
        assert len(rows) == 14
        lunch = (at("2026-06-01", "12:00", doc.tz), at("2026-06-01", "13:00", doc.tz))
        assert not [r for r in rows if r.starts_at < lunch[1] and r.ends_at > lunch[0]]
        assert "2026-06-01 11:30" in local_starts(rows, doc.tz)
        assert "2026-06-01 13:00" in local_starts(rows, doc.tz)

        # 25-minute visits: each working stretch is cut from its own start; the piece
        # that is too short for a whole visit before the break / the end is dropped.
        assert [x[-5:] for x in local_starts(await slot_rows(s, odd.id), odd.tz)] == [
            "09:00", "09:25", "09:50", "10:15", "10:40", "11:05", "11:30",
            "13:00", "13:25", "13:50", "14:15", "14:40", "15:05", "15:30", "15:55", "16:20",
        ]  # fmt: skip
        short_rows = await slot_rows(s, short.id)
        assert [x[-5:] for x in local_starts(short_rows, short.tz)] == ["09:00", "09:25"]
        assert short_rows[-1].ends_at == at("2026-06-01", "09:50", short.tz)


async def test_time_off_and_past_times_are_skipped(session_factory: SessionFactory):
    day = "2026-06-01"
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        await weekdays_9_to_12(s, doc.id, days=[0])
        await schedules.add_time_off(
            s,
            actor=SYSTEM,
            doctor_id=doc.id,
            starts_at=at(day, "10:15", doc.tz),
            ends_at=at(day, "10:45", doc.tz),
            reason="School run",
            now=LONG_AGO,
        )
        late = await make_doctor(s)
        await weekdays_9_to_12(s, late.id, days=[0])
        off = await slots.generate_slots(
            s,
            actor=SYSTEM,
            start=date(2026, 6, 1),
            end=date(2026, 6, 1),
            now=LONG_AGO,
            doctor_ids=[doc.id],
        )
        # Standing at 10:15 local: the 09:00 .. 10:00 slots are in the past.
        past = await slots.generate_slots(
            s,
            actor=SYSTEM,
            start=date(2026, 6, 1),
            end=date(2026, 6, 1),
            now=at(day, "10:15", late.tz),
            doctor_ids=[late.id],
        )
    assert (off.created, off.skipped) == (4, 2)
    assert (past.created, past.skipped) == (3, 3)
    async with unit_of_work(session_factory) as s:
        assert [x[-5:] for x in local_starts(await slot_rows(s, doc.id), doc.tz)] == [
            "09:00", "09:30", "11:00", "11:30",
        ]  # fmt: skip
        assert [x[-5:] for x in local_starts(await slot_rows(s, late.id), late.tz)] == [
            "10:30", "11:00", "11:30",
        ]  # fmt: skip


async def test_generation_is_idempotent(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        await weekdays_9_to_12(s, doc.id)
        other = await make_doctor(s, tz=NEW_YORK, visit=20)
        await weekdays_9_to_12(s, other.id, days=range(7))
    args = {"start": date(2026, 6, 1), "end": date(2026, 6, 14), "now": LONG_AGO}
    async with unit_of_work(session_factory) as s:
        first = await slots.generate_slots(s, actor=SYSTEM, **args)
    async with unit_of_work(session_factory) as s:
        second = await slots.generate_slots(s, actor=SYSTEM, **args)
        total = await count(s, AppointmentSlot)
    assert first.created == 60 + 14 * 9 == total
    assert second == slots.SlotGenerationResult(created=0, skipped=first.created, doctors=2)
    async with unit_of_work(session_factory) as s:
        # A closed slot stays closed: the unique (doctor, start) key keeps it from returning.
        closed = (await slot_rows(s, doc.id))[0]
        await slots.deactivate_slot(s, actor=SYSTEM, now=LONG_AGO, slot_id=closed.id)
        third = await slots.generate_slots(s, actor=SYSTEM, **args)
        assert third.created == 0
        assert await count(s, AppointmentSlot) == total
        assert await count(s, AuditLog, AuditLog.action == "slots.generate") == 3


async def test_concurrent_generations_queue_up(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s)
        await weekdays_9_to_12(s, doc.id)
        # Without the doctor lock taken before reading, the later run would plan the same
        # slots and its insert would fail on the overlap trigger once the first commits.
        other = await make_doctor(s, clinic_id=doc.clinic_id, specialty_id=doc.specialty_id)
        await weekdays_9_to_12(s, other.id)

    async def run() -> slots.SlotGenerationResult:
        async with unit_of_work(session_factory) as s:
            return await slots.generate_slots(
                s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 14), now=LONG_AGO
            )

    first, second = await asyncio.gather(run(), run())
    assert sorted([first.created, second.created]) == [0, 2 * 60]
    async with unit_of_work(session_factory) as s:
        assert_no_overlap(await slot_rows(s, doc.id))
        assert await count(s, AppointmentSlot) == 2 * 60


async def test_changing_visit_length_never_creates_overlaps(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, visit=30)
        await weekdays_9_to_12(s, doc.id)
        await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 7), now=LONG_AGO
        )
        # Free one stretch in the middle of a day: 10:00 and 10:30 are closed.
        await schedules.add_time_off(
            s,
            actor=SYSTEM,
            doctor_id=doc.id,
            starts_at=at("2026-06-02", "10:00", doc.tz),
            ends_at=at("2026-06-02", "11:00", doc.tz),
            now=LONG_AGO,
        )
        await s.execute(update(Doctor).where(Doctor.id == doc.id).values(visit_minutes=45))
    async with unit_of_work(session_factory) as s:
        await s.execute(text("DELETE FROM time_off"))
        result = await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 14), now=LONG_AGO
        )
    async with unit_of_work(session_factory) as s:
        rows = await slot_rows(s, doc.id)
        assert_no_overlap(rows)
        starts = local_starts(rows, doc.tz)
        # First week untouched (the freed 10:00–11:00 holds no whole 45-minute slot on the
        # 45-minute grid), second week entirely in 45-minute slots.
        assert [x for x in starts if x.startswith("2026-06-02")] == [
            "2026-06-02 09:00", "2026-06-02 09:30", "2026-06-02 11:00", "2026-06-02 11:30",
        ]  # fmt: skip
        assert [x for x in starts if x.startswith("2026-06-08")] == [
            "2026-06-08 09:00", "2026-06-08 09:45", "2026-06-08 10:30", "2026-06-08 11:15",
        ]  # fmt: skip
        assert result.created == 5 * 4


async def test_generation_filters_doctors(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        a = await make_doctor(s)
        b = await make_doctor(s)
        gone = await make_doctor(s, active=False)
        closed = await make_doctor(s)
        await s.execute(update(Clinic).where(Clinic.id == closed.clinic_id).values(is_active=False))
        for doc in (a, b, gone, closed):
            await weekdays_9_to_12(s, doc.id, days=[0])
        day = date(2026, 6, 1)
        only_a = await slots.generate_slots(
            s, actor=SYSTEM, start=day, end=day, now=LONG_AGO, doctor_ids=[a.id]
        )
        none = await slots.generate_slots(
            s, actor=SYSTEM, start=day, end=day, now=LONG_AGO, doctor_ids=[]
        )
        rest = await slots.generate_slots(s, actor=SYSTEM, start=day, end=day, now=LONG_AGO)
        assert (only_a.created, only_a.doctors) == (6, 1)
        assert (none.created, none.doctors) == (0, 0)
        assert (rest.created, rest.doctors) == (6, 2)
        assert (
            await count(s, AppointmentSlot, AppointmentSlot.doctor_id.in_([gone.id, closed.id]))
            == 0
        )
        with pytest.raises(InvalidInput) as caught:
            await slots.generate_slots(
                s, actor=SYSTEM, start=day, end=day - timedelta(days=1), now=LONG_AGO
            )
        assert caught.value.code == "range-reversed"


async def test_seed_sized_generation_is_fast(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        clinic = await make_doctor(s)
        doctors = [clinic] + [
            await make_doctor(s, clinic_id=clinic.clinic_id, specialty_id=clinic.specialty_id)
            for _ in range(11)
        ]
        for doc in doctors:
            for weekday in range(6):
                await schedules.set_working_hours(
                    s,
                    actor=SYSTEM,
                    now=LONG_AGO,
                    doctor_id=doc.id,
                    weekday=weekday,
                    start=time(8),
                    end=time(18),
                    breaks=[(time(12), time(13))],
                )
    started = perf.perf_counter()
    async with unit_of_work(session_factory) as s:
        result = await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 30), now=LONG_AGO
        )
    elapsed = perf.perf_counter() - started
    assert result.created == 12 * 26 * 18
    print(f"generation took {elapsed:.3f}s")
    assert elapsed < 3, f"generation took {elapsed:.2f}s"


# --- DST -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "first", "change", "utc_before", "utc_after"),
    [
        (BERLIN, date(2026, 3, 26), date(2026, 3, 29), "08:00", "07:00"),
        (BERLIN, date(2026, 10, 22), date(2026, 10, 25), "07:00", "08:00"),
        (NEW_YORK, date(2026, 3, 5), date(2026, 3, 8), "14:00", "13:00"),
        (NEW_YORK, date(2026, 10, 29), date(2026, 11, 1), "13:00", "14:00"),
    ],
)
async def test_wall_clock_is_kept_across_dst(
    session_factory: SessionFactory,
    tz: str,
    first: date,
    change: date,
    utc_before: str,
    utc_after: str,
):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, tz=tz)
        await weekdays_9_to_12(s, doc.id, days=range(7))
        result = await slots.generate_slots(
            s, actor=SYSTEM, start=first, end=first + timedelta(days=6), now=LONG_AGO
        )
        rows = await slot_rows(s, doc.id)
    assert result.created == 7 * 6
    assert_no_overlap(rows)
    by_day: dict[date, list[AppointmentSlot]] = {}
    for r in rows:
        by_day.setdefault(r.starts_at.astimezone(doc.tz).date(), []).append(r)
    assert sorted(by_day) == [first + timedelta(days=i) for i in range(7)]
    for day, day_rows in by_day.items():
        assert [r.starts_at.astimezone(doc.tz).strftime("%H:%M") for r in day_rows] == [
            "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
        ]  # fmt: skip
        assert day_rows[-1].ends_at.astimezone(doc.tz).strftime("%H:%M") == "12:00"
        expected = utc_after if day >= change else utc_before
        assert day_rows[0].starts_at.astimezone(UTC).strftime("%H:%M") == expected
        assert all(r.ends_at - r.starts_at == timedelta(minutes=30) for r in day_rows)


@pytest.mark.parametrize(
    ("tz", "day", "expected_utc"),
    [
        # Clocks jump 02:00 -> 03:00: 01:30–02:00 ends and 02:xx starts at a time that
        # does not exist, so those are skipped.
        (BERLIN, date(2026, 3, 29), ["2026-03-29T00:00", "2026-03-29T01:00", "2026-03-29T01:30"]),
        (NEW_YORK, date(2026, 3, 8), ["2026-03-08T06:00", "2026-03-08T07:00", "2026-03-08T07:30"]),
    ],
)
async def test_spring_forward_night_skips_missing_times(
    session_factory: SessionFactory, tz: str, day: date, expected_utc: list[str]
):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, tz=tz)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=day.weekday(),
            start=time(1),
            end=time(4),
        )
        long_visits = await make_doctor(s, tz=tz, visit=120)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=long_visits.id,
            weekday=day.weekday(),
            start=time(1),
            end=time(5),
        )
        result = await slots.generate_slots(s, actor=SYSTEM, start=day, end=day, now=LONG_AGO)
        rows = await slot_rows(s, doc.id)
        long_rows = await slot_rows(s, long_visits.id)
    assert [r.starts_at for r in rows] == [utc(x) for x in expected_utc]
    assert [r.starts_at.astimezone(doc.tz).strftime("%H:%M") for r in rows] == [
        "01:00", "03:00", "03:30",
    ]  # fmt: skip
    assert all(r.ends_at - r.starts_at == timedelta(minutes=30) for r in rows)
    # 01:00–03:00 exists at both ends but lasts one real hour: too short for the visit.
    assert [r.starts_at.astimezone(doc.tz).strftime("%H:%M") for r in long_rows] == ["03:00"]
    assert (result.created, result.skipped) == (4, 4)


@pytest.mark.parametrize(
    ("tz", "day", "start", "expected_utc"),
    [
        # 02:00–02:59 happens twice; the first occurrence (summer time) is used.
        (
            BERLIN,
            date(2026, 10, 25),
            time(1),
            [
                "10-24T23:00",
                "10-24T23:30",
                "10-25T00:00",
                "10-25T00:30",
                "10-25T02:00",
                "10-25T02:30",
            ],
        ),
        (
            NEW_YORK,
            date(2026, 11, 1),
            time(0),
            [
                "11-01T04:00",
                "11-01T04:30",
                "11-01T05:00",
                "11-01T05:30",
                "11-01T07:00",
                "11-01T07:30",
            ],
        ),
    ],
)
async def test_fall_back_night_has_no_overlaps(
    session_factory: SessionFactory, tz: str, day: date, start: time, expected_utc: list[str]
):
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, tz=tz)
        await schedules.set_working_hours(
            s,
            actor=SYSTEM,
            now=LONG_AGO,
            doctor_id=doc.id,
            weekday=day.weekday(),
            start=start,
            end=time(start.hour + 3),
        )
        first = await slots.generate_slots(s, actor=SYSTEM, start=day, end=day, now=LONG_AGO)
        second = await slots.generate_slots(s, actor=SYSTEM, start=day, end=day, now=LONG_AGO)
        rows = await slot_rows(s, doc.id)
    assert (first.created, second.created) == (6, 0)
    assert [r.starts_at for r in rows] == [utc(f"2026-{x}") for x in expected_utc]
    assert_no_overlap(rows)
    # Every slot shows its wall-clock half hour; the one ending after the repeated hour
    # lasts 90 real minutes rather than overlapping the next one.
    for r in rows:
        local_start = r.starts_at.astimezone(doc.tz).replace(tzinfo=None)
        local_end = r.ends_at.astimezone(doc.tz).replace(tzinfo=None)
        assert local_end - local_start == timedelta(minutes=30)
    assert sorted({r.ends_at - r.starts_at for r in rows}) == [
        timedelta(minutes=30),
        timedelta(minutes=90),
    ]


# --- property: any schedule, zone, visit length and range -------------------------------------

ZONES = [
    BERLIN,
    NEW_YORK,
    "Australia/Lord_Howe",  # 30-minute DST shift
    "America/Santiago",  # DST changes at midnight
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
]
ANCHORS = [
    date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 9, 6),
    date(2026, 10, 4), date(2026, 10, 25), date(2026, 11, 1), date(2026, 6, 15),
]  # fmt: skip


def _quarter(n: int) -> time:
    return time(n // 4, (n % 4) * 15)


@st.composite
def weekly_hours(draw: st.DrawFn) -> list[tuple[int, time, time, list[tuple[time, time]]]]:
    """Valid blocks: up to two non-overlapping blocks a weekday, on a quarter-hour grid."""
    blocks = []
    for weekday in range(7):
        n = draw(st.integers(0, 2))
        points = sorted(
            draw(st.lists(st.integers(0, 95), min_size=2 * n, max_size=2 * n, unique=True))
        )
        for i in range(n):
            lo, hi = points[2 * i], points[2 * i + 1]
            breaks = []
            if hi - lo >= 3 and draw(st.booleans()):
                b_lo = draw(st.integers(lo + 1, hi - 2))
                b_hi = draw(st.integers(b_lo + 1, hi - 1))
                breaks.append((_quarter(b_lo), _quarter(b_hi)))
            blocks.append((weekday, _quarter(lo), _quarter(hi), breaks))
    return blocks


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    zone=st.sampled_from(ZONES),
    visit=st.sampled_from([10, 15, 20, 25, 30, 45, 50, 60, 90, 120]),
    hours=weekly_hours(),
    anchor=st.sampled_from(ANCHORS),
    shift=st.integers(-3, 2),
    days=st.integers(1, 8),
    now_hours=st.integers(-24, 24 * 4),
    off=st.one_of(st.none(), st.tuples(st.integers(0, 24 * 6), st.integers(1, 30))),
)
async def test_generated_slots_always_respect_the_schedule(
    session_factory: SessionFactory,
    zone: str,
    visit: int,
    hours: list[tuple[int, time, time, list[tuple[time, time]]]],
    anchor: date,
    shift: int,
    days: int,
    now_hours: int,
    off: tuple[int, int] | None,
):
    start = anchor + timedelta(days=shift)
    end = start + timedelta(days=days - 1)
    now = datetime.combine(start, time(), tzinfo=UTC) + timedelta(hours=now_hours)
    async with unit_of_work(session_factory) as s:
        doc = await make_doctor(s, tz=zone, visit=visit)
        for weekday, lo, hi, breaks in hours:
            await schedules.set_working_hours(
                s,
                actor=SYSTEM,
                now=LONG_AGO,
                doctor_id=doc.id,
                weekday=weekday,
                start=lo,
                end=hi,
                breaks=breaks,
            )
        time_off = None
        if off is not None:
            off_start = datetime.combine(start, time(), tzinfo=UTC) + timedelta(hours=off[0])
            time_off = (off_start, off_start + timedelta(hours=off[1]))
            await schedules.add_time_off(
                s,
                actor=SYSTEM,
                doctor_id=doc.id,
                starts_at=time_off[0],
                ends_at=time_off[1],
                now=LONG_AGO,
            )
    try:
        async with unit_of_work(session_factory) as s:
            first = await slots.generate_slots(
                s, actor=SYSTEM, start=start, end=end, now=now, doctor_ids=[doc.id]
            )
        async with unit_of_work(session_factory) as s:
            second = await slots.generate_slots(
                s, actor=SYSTEM, start=start, end=end, now=now, doctor_ids=[doc.id]
            )
            rows = await slot_rows(s, doc.id, active_only=False)

        assert second.created == 0
        assert len(rows) == first.created
        assert_no_overlap(rows)
        for r in rows:
            assert r.starts_at >= now
            assert r.ends_at - r.starts_at >= timedelta(minutes=visit)
            if time_off is not None:
                assert not (r.starts_at < time_off[1] and r.ends_at > time_off[0])
            local_start = r.starts_at.astimezone(doc.tz)
            local_end = r.ends_at.astimezone(doc.tz)
            assert start <= local_start.date() <= end
            assert local_end.date() == local_start.date()
            wall = local_end.replace(tzinfo=None) - local_start.replace(tzinfo=None)
            assert wall == timedelta(minutes=visit)
            inside = [
                b
                for b in hours
                if b[0] == local_start.weekday()
                and b[1] <= local_start.time()
                and local_end.time() <= b[2]
            ]
            assert len(inside) == 1, f"{local_start}–{local_end} is outside the working hours"
            for b_start, b_end in inside[0][3]:
                assert not (local_start.time() < b_end and local_end.time() > b_start)
    finally:
        async with unit_of_work(session_factory) as s:
            await s.execute(delete(AppointmentSlot).where(AppointmentSlot.doctor_id == doc.id))
            await s.execute(delete(Doctor).where(Doctor.id == doc.id))


# --- queries ---------------------------------------------------------------------------------


async def _week_of_slots(s: AsyncSession, **kwargs: object) -> Doc:
    doc = await make_doctor(s, **kwargs)  # type: ignore[arg-type]
    await weekdays_9_to_12(s, doc.id)
    await slots.generate_slots(
        s,
        actor=SYSTEM,
        start=date(2026, 6, 1),
        end=date(2026, 6, 7),
        now=LONG_AGO,
        doctor_ids=[doc.id],
    )
    return doc


async def test_free_slots_for_doctor_day(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await _week_of_slots(s)
        day_rows = [
            r for r in await slot_rows(s, doc.id)
            if r.starts_at.astimezone(doc.tz).date() == date(2026, 6, 2)
        ]  # fmt: skip
        await book(s, day_rows[3].id)  # 10:30 full
        await slots.deactivate_slot(
            s, actor=SYSTEM, now=LONG_AGO, slot_id=day_rows[4].id
        )  # 11:00 closed
    async with unit_of_work(session_factory) as s:
        now = at("2026-06-02", "09:00", doc.tz)  # 09:00 is starting: too late
        free = await slots.free_slots_for_doctor_day(
            s, doctor_id=doc.id, day=date(2026, 6, 2), now=now
        )
        assert [x.starts_at.astimezone(doc.tz).strftime("%H:%M") for x in free] == [
            "09:30", "10:00", "11:30",
        ]  # fmt: skip
        assert all(x.free == 1 and x.booked_count == 0 and x.is_active for x in free)
        assert free[0].clinic_id == doc.clinic_id and free[0].capacity == 1
        assert free[0].ends_at - free[0].starts_at == timedelta(minutes=30)
        earlier = await slots.free_slots_for_doctor_day(
            s, doctor_id=doc.id, day=date(2026, 6, 2), now=LONG_AGO
        )
        assert len(earlier) == 4
        assert (
            await slots.free_slots_for_doctor_day(
                s, doctor_id=doc.id, day=date(2026, 6, 1), now=now
            )
            == []
        )
        assert (
            await slots.free_slots_for_doctor_day(
                s, doctor_id=doc.id, day=date(2026, 6, 6), now=LONG_AGO
            )
            == []
        )
        with pytest.raises(NotFound):
            await slots.free_slots_for_doctor_day(
                s, doctor_id=uuid.uuid4(), day=date(2026, 6, 2), now=now
            )
        await s.execute(update(Doctor).where(Doctor.id == doc.id).values(is_active=False))
        assert (
            await slots.free_slots_for_doctor_day(
                s, doctor_id=doc.id, day=date(2026, 6, 3), now=now
            )
            == []
        )


async def test_next_free_slots(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        a = await _week_of_slots(s, tz=BERLIN)
        # Same clinic and specialty, but New York hours: 09:00 there is 15:00 in Berlin.
        b = await make_doctor(s, tz=NEW_YORK)
        await weekdays_9_to_12(s, b.id)
        other_specialty = await make_doctor(s, clinic_id=a.clinic_id)
        await weekdays_9_to_12(s, other_specialty.id)
        gone = await make_doctor(s, clinic_id=a.clinic_id, specialty_id=a.specialty_id)
        await weekdays_9_to_12(s, gone.id)
        await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 7), now=LONG_AGO
        )
        await s.execute(update(Doctor).where(Doctor.id == gone.id).values(is_active=False))
        first_a = (await slot_rows(s, a.id))[0]
        await book(s, first_a.id)

    after = at("2026-06-01", "08:00", a.tz)
    async with unit_of_work(session_factory) as s:
        any_ = await slots.next_free_slots(s, after=after, limit=5)
        assert len(any_) == 5
        assert [x.starts_at for x in any_] == sorted(x.starts_at for x in any_)
        assert gone.id not in {x.doctor_id for x in any_}
        assert first_a.id not in {x.id for x in any_}

        mine = await slots.next_free_slots(s, specialty_id=a.specialty_id, after=after, limit=3)
        assert {x.doctor_id for x in mine} == {a.id}
        assert mine[0].starts_at == at("2026-06-01", "09:30", a.tz)

        in_b = await slots.next_free_slots(s, clinic_id=b.clinic_id, after=after, limit=2)
        assert [x.starts_at for x in in_b] == [
            at("2026-06-01", "09:00", b.tz),
            at("2026-06-01", "09:30", b.tz),
        ]
        # `after` is exclusive; `before` bounds the search.
        exact = await slots.next_free_slots(
            s, doctor_id=b.id, after=at("2026-06-01", "09:00", b.tz), limit=1
        )
        assert exact[0].starts_at == at("2026-06-01", "09:30", b.tz)
        assert (
            await slots.next_free_slots(
                s, doctor_id=b.id, after=after, before=at("2026-06-01", "09:00", b.tz)
            )
            == []
        )
        assert await slots.next_free_slots(s, after=at("2026-06-08", "00:00", a.tz)) == []
        with pytest.raises(InvalidInput):
            await slots.next_free_slots(s, after=after, limit=0)


async def test_days_with_free_slots_are_local_dates(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        # Evening hours in New York fall on the next day in UTC.
        doc = await make_doctor(s, tz=NEW_YORK, visit=60)
        for weekday in range(7):
            await schedules.set_working_hours(
                s,
                actor=SYSTEM,
                now=LONG_AGO,
                doctor_id=doc.id,
                weekday=weekday,
                start=time(21),
                end=time(23),
            )
        await slots.generate_slots(
            s, actor=SYSTEM, start=date(2026, 6, 1), end=date(2026, 6, 7), now=LONG_AGO
        )
        rows = await slot_rows(s, doc.id)
        assert rows[0].starts_at == utc("2026-06-02T01:00")
        # 3 June: one slot booked, the other closed.
        june3 = [r for r in rows if r.starts_at.astimezone(doc.tz).date() == date(2026, 6, 3)]
        await book(s, june3[0].id)
        await slots.deactivate_slot(s, actor=SYSTEM, now=LONG_AGO, slot_id=june3[1].id)
    async with unit_of_work(session_factory) as s:
        now = at("2026-06-02", "22:00", doc.tz)  # the 2 June 22:00 slot starts: too late
        days = await slots.days_with_free_slots(
            s, doctor_id=doc.id, start=date(2026, 5, 25), end=date(2026, 6, 5), now=now
        )
        assert days == {date(2026, 6, 4), date(2026, 6, 5)}
        days = await slots.days_with_free_slots(
            s,
            doctor_id=doc.id,
            start=date(2026, 6, 1),
            end=date(2026, 6, 2),
            now=at("2026-06-02", "21:59", doc.tz),
        )
        assert days == {date(2026, 6, 2)}


async def test_free_slot_queries_use_the_partial_indexes(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await _week_of_slots(s)
        for _ in range(11):
            await _week_of_slots(s, clinic_id=doc.clinic_id, specialty_id=doc.specialty_id)
        # A table where most slots are taken or closed, as it is after a while: for every
        # doctor a closed slot every five minutes of the week, beside the few free ones.
        await s.execute(
            text(
                """
                INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at, is_active)
                SELECT d.id, d.clinic_id, t, t + interval '30 seconds', false
                FROM doctors d,
                     generate_series(CAST(:lo AS timestamptz), CAST(:hi AS timestamptz),
                                     interval '5 minutes') AS t
                """
            ),
            {"lo": utc("2026-06-01T00:00:15"), "hi": utc("2026-06-08T00:00:15")},
        )
        await s.execute(text("ANALYZE appointment_slots"))

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]

    async def plan(query: Select[Any]) -> str:
        sql = query.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        async with unit_of_work(session_factory) as s:
            return "\n".join((await s.scalars(text(f"EXPLAIN {sql}"))).all())

    lo, hi = at("2026-06-02", "00:00", doc.tz), at("2026-06-03", "00:00", doc.tz)
    by_doctor = await plan(slots.free_slots_for_doctor_query(doc.id, lo, hi))
    assert "ix_appointment_slots_free_by_doctor" in by_doctor, by_doctor
    by_time = await plan(slots.next_free_slots_query(after=lo, limit=10))
    assert "ix_appointment_slots_free_by_time" in by_time, by_time
    # The doctor's daily limit is applied in the same statement, on the same indexes.
    by_specialty = await plan(
        slots.next_free_slots_query(after=lo, specialty_id=doc.specialty_id, limit=10)
    )
    assert "ix_appointment_slots_free_by_" in by_specialty, by_specialty
    for query_plan in (by_doctor, by_time, by_specialty):
        assert "doctor_full_days" in query_plan, query_plan


# --- single slots and time off ---------------------------------------------------------------


async def test_deactivate_slot(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await _week_of_slots(s)
        booked, free = (await slot_rows(s, doc.id))[:2]
        await book(s, booked.id)
    async with unit_of_work(session_factory) as s:
        with pytest.raises(Conflict) as caught:
            await slots.deactivate_slot(s, actor=SYSTEM, now=LONG_AGO, slot_id=booked.id)
        assert (caught.value.code, caught.value.params) == ("slot-has-bookings", {"count": 1})
        with pytest.raises(NotFound):
            await slots.deactivate_slot(s, actor=SYSTEM, now=LONG_AGO, slot_id=uuid.uuid4())
        out = await slots.deactivate_slot(s, actor=SYSTEM, now=LONG_AGO, slot_id=free.id)
        assert (out.id, out.is_active, out.free) == (free.id, False, 0)
        again = await slots.deactivate_slot(
            s, actor=SYSTEM, now=LONG_AGO, slot_id=free.id
        )  # already closed: no change
        assert not again.is_active
    async with unit_of_work(session_factory) as s:
        assert (await s.get_one(AppointmentSlot, booked.id)).is_active
        assert not (await s.get_one(AppointmentSlot, free.id)).is_active
        assert await count(s, AuditLog, AuditLog.action == "slot.deactivate") == 1


async def test_time_off_closes_free_slots_and_reports_bookings(session_factory: SessionFactory):
    async with unit_of_work(session_factory) as s:
        doc = await _week_of_slots(s)
        day = [r for r in await slot_rows(s, doc.id) if r.starts_at.day == 3]
        appointment_id = await book(s, day[2].id)  # 10:00
    now = at("2026-06-01", "08:00", doc.tz)
    async with unit_of_work(session_factory) as s:
        added = await schedules.add_time_off(
            s,
            actor=SYSTEM,
            doctor_id=doc.id,
            starts_at=at("2026-06-03", "09:30", doc.tz),
            ends_at=at("2026-06-03", "11:00", doc.tz),
            reason="  Conference ",
            now=now,
        )
    assert added.deactivated_slots == 2  # 09:30 and 10:30; 10:00 is booked
    assert added.affected_slot_ids == [day[2].id]
    assert added.affected_appointment_ids == [appointment_id]
    assert added.reason == "Conference"
    async with unit_of_work(session_factory) as s:
        left = [r for r in await slot_rows(s, doc.id) if r.starts_at.day == 3]
        assert [x[-5:] for x in local_starts(left, doc.tz)] == ["09:00", "10:00", "11:00", "11:30"]
        listed = await schedules.list_time_off(s, doctor_id=doc.id)
        assert [(t.id, t.reason) for t in listed] == [(added.id, "Conference")]
        assert (
            await schedules.list_time_off(s, doctor_id=doc.id, after=utc("2026-07-01T00:00")) == []
        )
        audit_row = await s.scalar(select(AuditLog).where(AuditLog.action == "time_off.add"))
        assert audit_row is not None and audit_row.details["deactivated_slots"] == 2

    async with unit_of_work(session_factory) as s:
        removed = await schedules.remove_time_off(s, actor=SYSTEM, time_off_id=added.id, now=now)
    assert removed.reopened_slots == 2 and removed.time_off.id == added.id
    async with unit_of_work(session_factory) as s:
        back = [r for r in await slot_rows(s, doc.id) if r.starts_at.day == 3]
        assert [x[-5:] for x in local_starts(back, doc.tz)] == [
            "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
        ]  # fmt: skip
        assert back[2].id == day[2].id and back[2].booked_count == 1
        assert await schedules.list_time_off(s, doctor_id=doc.id) == []
        with pytest.raises(NotFound):
            await schedules.remove_time_off(s, actor=SYSTEM, time_off_id=added.id, now=now)


@pytest.mark.parametrize(
    ("starts", "ends", "code"),
    [
        ("2026-06-03T11:00", "2026-06-03T10:00", "time-off-end-before-start"),
        ("2026-06-03T10:00", "2026-06-03T10:00", "time-off-end-before-start"),
        ("2026-05-01T10:00", "2026-05-02T10:00", "time-off-over"),
        ("2026-06-03T10:00", "2027-06-10T10:00", "time-off-too-long"),
    ],
)
async def test_invalid_time_off_is_refused(
    session_factory: SessionFactory, starts: str, ends: str, code: str
):
    async with unit_of_work(session_factory) as s:
        doc = await _week_of_slots(s)
    async with unit_of_work(session_factory) as s:
        with pytest.raises(InvalidInput) as caught:
            await schedules.add_time_off(
                s,
                actor=SYSTEM,
                doctor_id=doc.id,
                starts_at=utc(starts),
                ends_at=utc(ends),
                now=utc("2026-05-20T00:00"),
            )
        assert (caught.value.code, caught.value.params) == (code, {})
    async with unit_of_work(session_factory) as s:
        assert await schedules.list_time_off(s, doctor_id=doc.id) == []
        assert await count(s, AppointmentSlot, AppointmentSlot.is_active.is_(False)) == 0
