"""services.shortcut: a sentence's day on each clinic's clock, checked against each horizon."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.engine import unit_of_work
from db.models import AppointmentSlot, Clinic, Doctor
from services import availability, shortcut
from tests.world import World, add_slot, build_world

LONDON = ZoneInfo("Europe/London")
# Tuesday 03:00 in London, Monday 22:00 in Boston (EST).
LATE = datetime(2030, 3, 5, 3, 0, tzinfo=UTC)


async def _boston(world: World, *, horizon_days: int = 60) -> tuple[uuid.UUID, uuid.UUID]:
    async with unit_of_work(world.factory) as session:
        clinic = Clinic(
            name="Harbor Health", address="1 Main St", city="Boston",
            timezone="America/New_York", booking_horizon_days=horizon_days,
        )
        session.add(clinic)
        await session.flush()
        doctor = Doctor(
            clinic_id=clinic.id, specialty_id=world.specialty_id, full_name="Dr. Boston",
            license_number="B-1",
        )
        session.add(doctor)
        await session.flush()
        return clinic.id, doctor.id


async def _slot(world: World, clinic_id, doctor_id, starts_at: datetime) -> None:
    async with unit_of_work(world.factory) as session:
        session.add(AppointmentSlot(
            doctor_id=doctor_id, clinic_id=clinic_id, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
        ))


@pytest.fixture
async def world(session_factory) -> World:
    return await build_world(session_factory, doctors=1)


async def _offers(world: World, text: str, now: datetime = LATE) -> shortcut.Offers:
    async with unit_of_work(world.factory) as session:
        return await shortcut.find_offers(session, text=text, now=now, tz=LONDON)


async def test_the_day_is_read_on_each_clinics_clock(world) -> None:
    clinic, doctor = await _boston(world)
    await add_slot(world, starts_at=datetime(2030, 3, 6, 9, 0, tzinfo=UTC))  # Wed, London
    await _slot(world, clinic, doctor, datetime(2030, 3, 5, 14, 0, tzinfo=UTC))  # Tue, Boston
    await _slot(world, clinic, doctor, datetime(2030, 3, 6, 14, 0, tzinfo=UTC))  # Wed, Boston
    found = await _offers(world, "a dermatologist tomorrow")
    assert found.intent is not None
    assert found.intent.local_days == {
        "Europe/London": date(2030, 3, 6), "America/New_York": date(2030, 3, 5)
    }
    assert found.days == [date(2030, 3, 5), date(2030, 3, 6)]
    assert [s.starts_at for s in found.slots] == [
        datetime(2030, 3, 5, 14, 0, tzinfo=UTC), datetime(2030, 3, 6, 9, 0, tzinfo=UTC)
    ]
    assert set(found.doctors) == {doctor, world.doctor_ids[0]}
    assert found.refused is None


async def test_each_clinics_horizon_and_a_day_no_clinic_can_take(world) -> None:
    clinic, doctor = await _boston(world, horizon_days=3)
    in_ten_days = datetime(2030, 3, 15, 10, 0, tzinfo=UTC)
    await add_slot(world, starts_at=in_ten_days)
    await _slot(world, clinic, doctor, in_ten_days + timedelta(hours=5))
    await _slot(world, clinic, doctor, datetime(2030, 3, 6, 15, 0, tzinfo=UTC))
    found = await _offers(world, "a dermatologist in 10 days")
    # Boston books 3 days ahead: only London's day is searched, and that is no refusal.
    assert [s.clinic_id for s in found.slots] == [world.clinic_id]
    assert found.refused is None and found.days == [date(2030, 3, 15)]
    # Beyond every horizon: said so, with the earliest times of any day instead.
    found = await _offers(world, "a dermatologist in 100 days")
    assert found.refused is not None and found.refused.code == "date-beyond-horizon"
    assert found.days == []
    assert found.slots[0].starts_at == datetime(2030, 3, 6, 15, 0, tzinfo=UTC)


async def test_a_part_of_the_day_on_any_day_is_each_clinics_own(world) -> None:
    clinic, doctor = await _boston(world)
    for hour in (9, 13, 18):  # UTC: London 09:00 / 13:00 / 18:00; Boston 04:00 / 08:00 / 13:00
        await add_slot(world, starts_at=datetime(2030, 3, 6, hour, 0, tzinfo=UTC))
        await _slot(world, clinic, doctor, datetime(2030, 3, 6, hour, 0, tzinfo=UTC))
    async with unit_of_work(world.factory) as session:
        found = await availability.find_bookable(
            session, now=LATE, specialty_id=world.specialty_id, window=(time(12), time(17))
        )
    assert sorted((s.clinic_id == clinic, s.starts_at.hour) for s in found) == [
        (False, 13), (True, 18)
    ]


async def test_a_renamed_or_deactivated_doctor_is_read_anew_at_once(world) -> None:
    from sqlalchemy import update

    from services import search

    async def named(text: str) -> str | None:
        async with unit_of_work(world.factory) as session:
            intent = await search.parse_booking_request(
                session, text=text, tz=LONDON, now=LATE, horizon_days=60
            )
        return intent.doctor.full_name if intent and intent.doctor else None

    async def rename(**values) -> None:
        async with unit_of_work(world.factory) as session:
            await session.execute(
                update(Doctor).where(Doctor.id == world.doctor_ids[0]).values(**values)
            )

    await rename(full_name="Dr. Ann Reed")
    assert await named("can I see dr reed tomorrow") == "Dr. Ann Reed"
    await rename(full_name="Dr. Ann Wood")  # the names read before are not kept
    assert await named("can I see dr reed tomorrow") is None
    assert await named("can I see dr wood tomorrow") == "Dr. Ann Wood"
    await rename(is_active=False)
    assert await named("can I see dr wood tomorrow") is None


async def test_a_closed_specialty_is_no_longer_read_from_a_sentence(world) -> None:
    from sqlalchemy import update

    from db.models import Specialty

    assert (await _offers(world, "a dermatologist tomorrow")).intent is not None
    async with unit_of_work(world.factory) as session:
        await session.execute(update(Specialty).values(is_active=False))
    assert (await _offers(world, "a dermatologist tomorrow")).intent is None
