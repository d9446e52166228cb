"""Migration 0015 in raw SQL: a visit's calendar identity is decided by PostgreSQL (a moved
visit keeps the first one's UID, its SEQUENCE one higher; neither changes later), and a
series belongs to one patient and one doctor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from tests.test_schema import T0, _book, _constraint, _exec, _one, _slot
from tests.test_schema import world as world  # the fixture, shared


async def _identity(engine, appt) -> tuple:
    rows = await _exec(
        engine, "SELECT calendar_uid, calendar_sequence FROM appointments WHERE id = :a", a=appt
    )
    return tuple(rows[0])


async def _move(engine, world, old, slot):
    await _exec(
        engine,
        "UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE id = :a",
        a=old,
    )
    return await _one(
        engine,
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at,"
        " rescheduled_from_id, calendar_uid, calendar_sequence)"
        " SELECT :p, s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at, :old,"
        " gen_random_uuid(), 42 FROM appointment_slots s WHERE s.id = :slot RETURNING id",
        p=world["patients"][0],
        slot=slot,
        old=old,
    )


async def test_a_moved_visit_keeps_the_first_uid_with_the_sequence_one_higher(
    engine, world
) -> None:
    slots = [await _slot(engine, world, start=T0 + timedelta(hours=h)) for h in range(3)]
    first = await _book(engine, world, slots[0])
    assert await _identity(engine, first) == (first, 0)  # a new visit: its own id
    second = await _move(engine, world, first, slots[1])  # the writer's values are ignored
    third = await _move(engine, world, second, slots[2])
    assert await _identity(engine, second) == (first, 1)
    assert await _identity(engine, third) == (first, 2)


async def test_a_calendar_identity_never_changes(engine, world) -> None:
    appt = await _book(engine, world, await _slot(engine, world))
    for sql in (
        "UPDATE appointments SET calendar_uid = gen_random_uuid() WHERE id = :a",
        "UPDATE appointments SET calendar_sequence = 5 WHERE id = :a",
    ):
        with pytest.raises(DBAPIError) as err:
            await _exec(engine, sql, a=appt)
        assert _constraint(err.value) == "appointments_calendar_identity"
    assert await _identity(engine, appt) == (appt, 0)


async def test_a_series_belongs_to_one_patient_and_one_doctor(engine, world) -> None:
    a = await _book(engine, world, await _slot(engine, world, start=T0))
    b = await _book(engine, world, await _slot(engine, world, start=T0 + timedelta(days=7)))
    other_doctor = await _book(
        engine, world, await _slot(engine, world, doctor=1, start=T0 + timedelta(days=14))
    )
    other_patient = await _book(
        engine, world, await _slot(engine, world, start=T0 + timedelta(days=21)), patient=1
    )
    series = await _one(engine, "SELECT gen_random_uuid()")
    await _exec(engine, "UPDATE appointments SET series_id = :s WHERE id IN (:a, :b)",
                s=series, a=a, b=b)  # fmt: skip
    for stranger in (other_doctor, other_patient):
        with pytest.raises(DBAPIError) as err:
            await _exec(engine, "UPDATE appointments SET series_id = :s WHERE id = :a",
                        s=series, a=stranger)  # fmt: skip
        assert _constraint(err.value) == "appointments_series_same_people"
    assert (
        await _one(engine, "SELECT count(*) FROM appointments WHERE series_id = :s", s=series) == 2
    )
