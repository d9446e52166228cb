"""The series service on a real PostgreSQL: why each occurrence cannot be booked and its
nearest alternative, all-or-nothing booking, and changing this and all following."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from db.engine import unit_of_work
from db.models import Appointment
from services import booking, series
from services.errors import NotAllowed
from services.series import Every, Problem
from tests.world import NOW, add_patient, add_slot, build_world

FIRST = NOW + timedelta(days=2, hours=1)  # Wednesday 09:00 London
WEEK = timedelta(weeks=1)


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=2)
    for tg in (1001, 1002):
        await add_patient(w, tg)
    return w


async def _plan(world, first_slot, count, tg=1001):
    async with unit_of_work(world.factory) as session:
        return await series.plan_series(
            session,
            actor=world.actors[tg],
            patient_id=world.patients[tg],
            first_slot_id=first_slot,
            every=Every.week,
            now=NOW,
            count=count,
        )


async def test_each_problem_is_named_with_the_nearest_time_the_patient_can_take(world) -> None:
    first = await add_slot(world, starts_at=FIRST)
    await add_slot(world, starts_at=FIRST + WEEK)  # the patient is busy then (doctor 1)
    busy = await add_slot(world, doctor=1, starts_at=FIRST + WEEK)
    await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=busy,
        now=NOW,
    )
    # week 3: no slot at that time; an hour later there is one
    later = await add_slot(world, starts_at=FIRST + 2 * WEEK + timedelta(hours=1))
    full = await add_slot(world, starts_at=FIRST + 3 * WEEK)  # week 4: the doctor's day is full
    async with unit_of_work(world.factory) as session:
        await session.execute(text("UPDATE doctors SET max_patients_per_day = 1"))
    other = await add_slot(world, starts_at=FIRST + 3 * WEEK + timedelta(hours=2))
    await booking.book_slot(
        world.factory,
        actor=world.actors[1002],
        patient_id=world.patients[1002],
        slot_id=other,
        now=NOW,
    )
    plan = await _plan(world, first, 10)
    problems = [(o.index, o.problem) for o in plan.occurrences if o.problem]
    assert problems[:3] == [(1, Problem.busy), (2, Problem.not_offered), (3, Problem.full_day)]
    assert plan.occurrences[0].slot_id == first and plan.occurrences[0].problem is None
    assert plan.occurrences[2].alternative.id == later
    assert plan.occurrences[3].slot_id is None and full != later
    # week 9 (8 weeks on: 58 days ahead) has no slot; week 10 is past the 60-day horizon
    assert plan.occurrences[8].problem is Problem.not_offered
    assert plan.occurrences[9].problem is Problem.horizon


async def test_booking_is_all_or_nothing_and_one_series(world) -> None:
    slots = [await add_slot(world, starts_at=FIRST + i * WEEK) for i in range(3)]
    await booking.book_slot(
        world.factory,
        actor=world.actors[1002],
        patient_id=world.patients[1002],
        slot_id=slots[2],
        now=NOW,
    )
    with pytest.raises(series.SeriesChanged):
        await series.book_series(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_ids=slots,
            now=NOW,
        )
    async with unit_of_work(world.factory) as session:
        mine = await session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.patient_id == world.patients[1001])
        )
    assert mine == 0  # the first two were not kept
    visits = await series.book_series(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_ids=slots[:2],
        now=NOW,
        idempotency_key="k",
    )
    again = await series.book_series(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_ids=slots[:2],
        now=NOW,
        idempotency_key="k",
    )
    assert [v.id for v in again] == [v.id for v in visits] and all(v.replayed for v in again)
    assert len({v.series_id for v in visits}) == 1


async def test_another_patient_cannot_cancel_or_move_a_series(world) -> None:
    slots = [await add_slot(world, starts_at=FIRST + i * WEEK) for i in range(2)]
    visits = await series.book_series(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_ids=slots,
        now=NOW,
    )
    with pytest.raises(NotAllowed):
        await series.cancel_following(
            world.factory, appointment_id=visits[0].id, actor=world.actors[1002], now=NOW
        )
    cancelled = await series.cancel_following(
        world.factory, appointment_id=visits[0].id, actor=world.actors[1001], now=NOW
    )
    assert [c.status for c in cancelled] == ["cancelled", "cancelled"]
