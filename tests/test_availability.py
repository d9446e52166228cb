"""What a patient is offered leaves out what booking would refuse: a doctor's full day
(`max_patients_per_day`, counted per clinic-local day) and times inside the notice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from db.engine import SessionFactory, unit_of_work
from db.models import Clinic, Doctor, DoctorFullDay
from services import availability, booking, catalog
from services.errors import DailyLimitReached
from tests.world import NOW, World, add_patient, add_slot, build_world

# NOW is Monday 4 March 2030, 08:00 UTC; London keeps GMT (UTC+0) until 31 March.
WED = date(2030, 3, 6)
THU = date(2030, 3, 7)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in London while it is on GMT (the same as UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


async def _limit(world: World, most: int, *, doctor: int = 0) -> None:
    async with unit_of_work(world.factory) as session:
        await session.execute(
            update(Doctor)
            .where(Doctor.id == world.doctor_ids[doctor])
            .values(max_patients_per_day=most)
        )


async def _book(world: World, telegram_id: int, slot_id: uuid.UUID, *, now: datetime = NOW):
    return await booking.book_slot(
        world.factory,
        actor=world.actors[telegram_id],
        patient_id=world.patients[telegram_id],
        slot_id=slot_id,
        now=now,
    )


async def _doctor(world: World, doctor: int = 0) -> catalog.DoctorOut:
    async with unit_of_work(world.factory) as session:
        return await catalog.get_doctor(session, doctor_id=world.doctor_ids[doctor])


async def _offered(world: World, *, now: datetime = NOW, month: date = WED) -> dict:
    """Everything the booking flow offers for doctor 0 (and the specialty)."""
    doctor = await _doctor(world)
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    async with unit_of_work(world.factory) as session:
        return {
            "days": await availability.bookable_days(
                session, doctor=doctor, start=first, end=last, now=now
            ),
            "wed": await availability.bookable_slots(session, doctor=doctor, day=WED, now=now),
            "nearest": await availability.nearest_bookable(
                session, now=now, doctor=doctor, limit=3
            ),
            "card": await availability.nearest_bookable(session, now=now, doctor=doctor, limit=1),
            "specialty": await availability.nearest_bookable(
                session, now=now, specialty_id=world.specialty_id, limit=6
            ),
            "find": await availability.find_bookable(
                session, now=now, specialty_id=world.specialty_id
            ),
            "find_wed": await availability.find_bookable(
                session, now=now, specialty_id=world.specialty_id, day=WED
            ),
            "find_doctor": await availability.find_bookable(
                session, now=now, doctor_id=world.doctor_ids[0]
            ),
        }


def _days_of(slots, world: World, doctor: int = 0) -> set[date]:
    return {s.starts_at.date() for s in slots if s.doctor_id == world.doctor_ids[doctor]}


@pytest.fixture
async def world(session_factory: SessionFactory) -> World:
    """Doctor 0 (at most 2 patients a day): Wednesday 09:00-12:00 and Thursday 09:00-10:00;
    doctor 1 (same specialty, no limit reached): Wednesday 14:00 and 14:30."""
    w = await build_world(session_factory, doctors=2)
    await _limit(w, 2)
    for minutes in range(0, 180, 30):
        await add_slot(w, doctor=0, starts_at=_at(WED, 9) + timedelta(minutes=minutes))
    for minutes in (0, 30):  # slots 6 and 7
        await add_slot(w, doctor=0, starts_at=_at(THU, 9) + timedelta(minutes=minutes))
    for minutes in (0, 30):  # slots 8 and 9
        await add_slot(w, doctor=1, starts_at=_at(WED, 14) + timedelta(minutes=minutes))
    for telegram_id in (1, 2, 3):
        await add_patient(w, telegram_id)
    return w


async def test_a_full_day_is_offered_nowhere_and_comes_back_after_a_cancellation(world) -> None:
    before = await _offered(world)
    assert before["days"] == {WED, THU}
    assert len(before["wed"]) == 6

    first = await _book(world, 1, world.slots[0])  # Wed 09:00
    await _book(world, 2, world.slots[3])  # Wed 10:30: the second of two
    full = await _offered(world)
    assert full["days"] == {THU}
    assert full["wed"] == []
    assert [s.starts_at for s in full["nearest"]] == [_at(THU, 9), _at(THU, 9, 30)]
    assert full["card"][0].starts_at == _at(THU, 9)  # the doctor card's next free time
    assert _days_of(full["specialty"], world) == {THU}
    assert _days_of(full["find"], world) == {THU}
    assert _days_of(full["find_wed"], world) == set()
    assert _days_of(full["find_doctor"], world) == {THU}
    # Only doctor 0 is full: doctor 1's Wednesday is still offered.
    assert _days_of(full["find_wed"], world, doctor=1) == {WED}
    assert _days_of(full["specialty"], world, doctor=1) == {WED}
    # What is no longer offered is exactly what booking refuses.
    with pytest.raises(DailyLimitReached):
        await _book(world, 3, world.slots[1])

    await booking.cancel_appointment(
        world.factory, appointment_id=first.id, actor=world.actors[1], now=NOW
    )
    again = await _offered(world)
    assert again["days"] == {WED, THU}
    assert [s.starts_at for s in again["wed"]] == [
        _at(WED, 9) + timedelta(minutes=m) for m in (0, 30, 60, 120, 150)
    ]
    assert again["card"][0].starts_at == _at(WED, 9)
    assert _days_of(again["find_wed"], world) == {WED}
    await _book(world, 3, world.slots[1])  # and booking agrees


async def test_raising_the_limit_opens_the_day_and_lowering_it_closes_it(world) -> None:
    await _book(world, 1, world.slots[0])
    await _book(world, 2, world.slots[3])
    assert (await _offered(world))["days"] == {THU}
    await _limit(world, 3)
    assert (await _offered(world))["days"] == {WED, THU}
    await _limit(world, 1)  # below what is booked already: full, nothing is cancelled
    offered = await _offered(world)
    assert offered["days"] == {THU}
    assert offered["wed"] == []


async def test_the_limit_counts_the_clinics_local_day(session_factory: SessionFactory) -> None:
    # In June London is on BST (UTC+1): 23:30 on Wednesday is 22:30 UTC the same day,
    # and 00:30 on Thursday is 23:30 UTC on Wednesday. Neither day changes the clock.
    w = await build_world(session_factory, doctors=1)
    await _limit(w, 2)
    now = datetime(2030, 6, 3, 8, 0, tzinfo=UTC)  # Monday
    wed, thu = date(2030, 6, 5), date(2030, 6, 6)

    def london(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=1)

    morning = await add_slot(w, starts_at=london(wed, 9))
    await add_slot(w, starts_at=london(wed, 10))
    late = await add_slot(w, starts_at=london(wed, 23, 30))
    after_midnight = await add_slot(w, starts_at=london(thu, 0, 30))
    await add_slot(w, starts_at=london(thu, 9))
    for telegram_id in (1, 2, 3):
        await add_patient(w, telegram_id)
    doctor = await _doctor(w)

    async def offered() -> tuple[set[date], list[datetime], list[datetime]]:
        async with unit_of_work(w.factory) as session:
            days = await availability.bookable_days(
                session, doctor=doctor, start=date(2030, 6, 1), end=date(2030, 6, 30), now=now
            )
            wed_times = await availability.bookable_slots(session, doctor=doctor, day=wed, now=now)
            thu_times = await availability.bookable_slots(session, doctor=doctor, day=thu, now=now)
        return days, [s.starts_at for s in wed_times], [s.starts_at for s in thu_times]

    await _book(w, 1, after_midnight, now=now)  # Thursday's, although Wednesday in UTC
    await _book(w, 2, morning, now=now)
    days, wed_times, thu_times = await offered()
    assert days == {wed, thu}
    assert wed_times == [london(wed, 10), london(wed, 23, 30)]
    assert thu_times == [london(thu, 9)]

    await _book(w, 3, late, now=now)  # Wednesday 23:30: the second of Wednesday
    days, wed_times, thu_times = await offered()
    assert days == {thu}
    assert wed_times == []
    assert thu_times == [london(thu, 9)]
    async with unit_of_work(w.factory) as session:
        nearest = await availability.nearest_bookable(session, now=now, doctor=doctor)
    assert [s.starts_at for s in nearest] == [london(thu, 9)]


async def test_times_inside_the_notice_are_not_offered(world) -> None:
    # The clinic asks for 60 minutes' notice: at Wednesday 08:45 the 09:00 and 09:30
    # times are gone, 10:00 is the first one offered.
    now = _at(WED, 8, 45)
    offered = await _offered(world, now=now)
    assert offered["wed"][0].starts_at == _at(WED, 10)
    assert offered["card"][0].starts_at == _at(WED, 10)
    assert min(s.starts_at for s in offered["find_doctor"]) == _at(WED, 10)
    assert offered["days"] == {WED, THU}
    late = await _offered(world, now=_at(WED, 11, 1))  # 11:30's notice ends at 12:01
    assert WED not in late["days"]
    assert late["wed"] == []


async def test_full_days_follow_every_change_of_the_count(world) -> None:
    """The table the queries read (doctor_full_days) is kept by triggers: cancelling,
    restoring, moving and deleting appointments, and changing the doctor's limit."""

    async def full_days() -> set[tuple[uuid.UUID, date]]:
        async with unit_of_work(world.factory) as session:
            rows = await session.execute(select(DoctorFullDay.doctor_id, DoctorFullDay.day))
            return {(r.doctor_id, r.day) for r in rows}

    doc = world.doctor_ids[0]
    a = await _book(world, 1, world.slots[0])
    assert await full_days() == set()
    b = await _book(world, 2, world.slots[1])
    assert await full_days() == {(doc, WED)}
    # Rescheduling one of them to Thursday: Wednesday is open, Thursday has one of two.
    moved = await booking.reschedule_appointment(
        world.factory,
        appointment_id=b.id,
        new_slot_id=world.slots[6],
        actor=world.actors[2],
        now=NOW,
    )
    assert await full_days() == set()
    await _book(world, 3, world.slots[7])  # Thursday 09:30
    assert await full_days() == {(doc, THU)}
    async with world.factory() as session, session.begin():
        # Raw changes, as staff tools or a migration might make them.
        await session.execute(
            text("UPDATE appointments SET status = 'confirmed' WHERE id = :id"), {"id": a.id}
        )
        await session.execute(
            text(
                "UPDATE appointments SET status = 'completed', status_changed_at = ends_at"
                " WHERE id = :id"
            ),
            {"id": moved.id},
        )
    assert await full_days() == set()
    await _limit(world, 1)
    assert await full_days() == {(doc, WED), (doc, THU)}
    async with unit_of_work(world.factory) as session:
        await session.execute(
            update(Clinic).where(Clinic.id == world.clinic_id).values(timezone="Pacific/Honolulu")
        )
    # Honolulu is UTC-10: Wednesday 09:00 UTC is Tuesday 23:00 there, Thursday 09:30 UTC
    # is Wednesday 23:30.
    assert await full_days() == {(doc, WED - timedelta(days=1)), (doc, WED)}
    async with unit_of_work(world.factory) as session:
        await session.execute(
            update(Clinic).where(Clinic.id == world.clinic_id).values(timezone="Europe/London")
        )
    assert await full_days() == {(doc, WED), (doc, THU)}
    async with world.factory() as session, session.begin():
        await session.execute(text("DELETE FROM appointments WHERE id = :id"), {"id": a.id})
    assert await full_days() == {(doc, THU)}


async def test_opposite_moves_between_two_days_do_not_deadlock(world) -> None:
    # A move leaves one day and enters another, and the count of each is kept under that
    # day's lock; two patients moving the other way round at once must queue, not deadlock.
    await _limit(world, 5)
    for hour in range(13, 18):
        wed = await add_slot(world, starts_at=_at(WED, hour))
        thu = await add_slot(world, starts_at=_at(THU, hour))
        to_wed = await add_slot(world, starts_at=_at(WED, hour, 30))
        to_thu = await add_slot(world, starts_at=_at(THU, hour, 30))
        a = await _book(world, 1, wed)
        b = await _book(world, 2, thu)
        moves = await asyncio.gather(
            *(
                booking.reschedule_appointment(
                    world.factory,
                    appointment_id=appt.id,
                    new_slot_id=target,
                    actor=world.actors[telegram_id],
                    now=NOW,
                )
                for appt, target, telegram_id in ((a, to_thu, 1), (b, to_wed, 2))
            ),
            return_exceptions=True,
        )
        assert [type(m).__name__ for m in moves] == ["AppointmentOut"] * 2, moves
        for moved, telegram_id in zip(moves, (1, 2), strict=True):
            await booking.cancel_appointment(
                world.factory, appointment_id=moved.id, actor=world.actors[telegram_id], now=NOW
            )
