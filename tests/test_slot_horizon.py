"""The daily extension of every doctor's slots to their clinic's booking horizon."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text, update

from db.engine import SessionFactory, make_engine, make_session_factory, unit_of_work
from db.models import AppointmentSlot, AuditLog, Clinic, Doctor
from services import schedules
from services.policy import Actor
from services.slot_horizon import TRY_LOCK, ExtendReport, extend_to_horizon
from tests.world import NOW, World, build_world

SYSTEM = Actor.system()
LONDON = ZoneInfo("Europe/London")
SLOTS_PER_DAY = 6  # 09:00-12:00, 30-minute visits
# NOW is Monday 2030-03-04 08:00 in London; the clinic's horizon is 60 days.
TODAY = date(2030, 3, 4)
LAST = TODAY + timedelta(days=60)


async def every_day_9_to_12(factory: SessionFactory, doctor_id: uuid.UUID) -> None:
    async with unit_of_work(factory) as session:
        for weekday in range(7):
            await schedules.set_working_hours(
                session,
                actor=SYSTEM,
                now=NOW,
                doctor_id=doctor_id,
                weekday=weekday,
                start=time(9),
                end=time(12),
            )


async def practice(factory: SessionFactory, **kwargs) -> World:
    """tests.world's practice, every doctor working 09:00-12:00 every day."""
    world = await build_world(factory, **kwargs)
    for doctor_id in world.doctor_ids:
        await every_day_9_to_12(factory, doctor_id)
    return world


async def another_clinic(
    world: World, *, timezone: str = "Europe/London", horizon: int = 60
) -> uuid.UUID:
    """A further clinic of the practice with one doctor working every day; the doctor."""
    tag = uuid.uuid4().hex[:8]
    async with unit_of_work(world.factory) as session:
        clinic = Clinic(
            name=f"Clinic {tag}",
            address="2 High St",
            city="Town",
            timezone=timezone,
            booking_horizon_days=horizon,
        )
        session.add(clinic)
        await session.flush()
        doctor = Doctor(
            clinic_id=clinic.id,
            specialty_id=world.specialty_id,
            full_name=f"Dr. {tag}",
            license_number=f"L-{tag}",
            visit_minutes=30,
        )
        session.add(doctor)
        await session.flush()
    await every_day_9_to_12(world.factory, doctor.id)
    return doctor.id


async def local_days(factory: SessionFactory, doctor_id: uuid.UUID, tz: ZoneInfo) -> list[date]:
    async with unit_of_work(factory) as session:
        starts = await session.scalars(
            select(AppointmentSlot.starts_at)
            .where(AppointmentSlot.doctor_id == doctor_id)
            .order_by(AppointmentSlot.starts_at)
        )
        return [s.astimezone(tz).date() for s in starts]


async def slot_count(factory: SessionFactory) -> int:
    async with unit_of_work(factory) as session:
        return await session.scalar(select(func.count()).select_from(AppointmentSlot)) or 0


async def duplicates(factory: SessionFactory) -> int:
    """Slots of one doctor at one start, or overlapping active slots: both must be none."""
    async with unit_of_work(factory) as session:
        same_start = await session.scalar(
            text(
                "SELECT count(*) FROM (SELECT doctor_id, starts_at FROM appointment_slots "
                "GROUP BY doctor_id, starts_at HAVING count(*) > 1) AS d"
            )
        )
        overlapping = await session.scalar(
            text(
                "SELECT count(*) FROM appointment_slots a JOIN appointment_slots b "
                "ON a.doctor_id = b.doctor_id AND a.id < b.id "
                "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
                "WHERE a.is_active AND b.is_active"
            )
        )
    return (same_start or 0) + (overlapping or 0)


def expected_total(doctors: int, first: date = TODAY, last: date = LAST) -> int:
    return doctors * SLOTS_PER_DAY * ((last - first).days + 1)


async def test_slots_reach_the_horizon_and_a_second_run_creates_none(
    session_factory: SessionFactory,
) -> None:
    world = await practice(session_factory)
    report = await extend_to_horizon(session_factory, now=NOW)
    assert report == ExtendReport(clinics=1, doctors=2, created=expected_total(2))
    for doctor_id in world.doctor_ids:
        days = await local_days(session_factory, doctor_id, LONDON)
        assert days[0] == TODAY and days[-1] == LAST  # today 09:00 is still ahead of 08:00
        assert len(set(days)) == 61
    async with unit_of_work(session_factory) as session:
        # Wall-clock times are kept across the change to summer time on 31 March.
        starts = await session.scalars(select(AppointmentSlot.starts_at))
        assert {s.astimezone(LONDON).time() for s in starts} == {
            time(9), time(9, 30), time(10), time(10, 30), time(11), time(11, 30)
        }  # fmt: skip
        audit = (
            await session.scalars(select(AuditLog).where(AuditLog.action == "slots.generate"))
        ).all()
    assert len(audit) == 1 and audit[0].actor_user_id is None  # the system, one batch

    again = await extend_to_horizon(session_factory, now=NOW)
    assert again == ExtendReport(clinics=1, doctors=2, created=0)
    assert await slot_count(session_factory) == expected_total(2)


async def test_a_day_later_it_adds_one_more_day(session_factory: SessionFactory) -> None:
    world = await practice(session_factory, doctors=1)
    await extend_to_horizon(session_factory, now=NOW)
    report = await extend_to_horizon(session_factory, now=NOW + timedelta(days=1))
    assert report.created == SLOTS_PER_DAY
    days = await local_days(session_factory, world.doctor_ids[0], LONDON)
    assert days[-1] == LAST + timedelta(days=1)
    assert days.count(LAST + timedelta(days=1)) == SLOTS_PER_DAY


async def test_it_fills_the_gap_after_slots_made_for_the_first_days_only(
    session_factory: SessionFactory,
) -> None:
    from services import slots

    world = await practice(session_factory, doctors=1)
    async with unit_of_work(session_factory) as session:
        await slots.generate_slots(
            session, actor=SYSTEM, start=TODAY, end=TODAY + timedelta(days=2), now=NOW
        )
    report = await extend_to_horizon(session_factory, now=NOW)
    assert report.created == expected_total(1) - 3 * SLOTS_PER_DAY
    assert await local_days(session_factory, world.doctor_ids[0], LONDON) == [
        TODAY + timedelta(days=d) for d in range(61) for _ in range(SLOTS_PER_DAY)
    ]


async def test_inactive_doctors_and_clinics_get_nothing(session_factory: SessionFactory) -> None:
    world = await practice(session_factory, doctors=2)
    closed = await another_clinic(world)
    async with unit_of_work(session_factory) as session:
        await session.execute(
            update(Doctor).where(Doctor.id == world.doctor_ids[1]).values(is_active=False)
        )
        clinic_id = await session.scalar(select(Doctor.clinic_id).where(Doctor.id == closed))
        await session.execute(update(Clinic).where(Clinic.id == clinic_id).values(is_active=False))
    report = await extend_to_horizon(session_factory, now=NOW)
    assert report == ExtendReport(clinics=1, doctors=1, created=expected_total(1))
    assert await local_days(session_factory, world.doctor_ids[1], LONDON) == []
    assert await local_days(session_factory, closed, LONDON) == []


async def test_each_clinic_has_its_own_today_and_horizon(session_factory: SessionFactory) -> None:
    london = await practice(session_factory, doctors=1)
    auckland = await another_clinic(london, timezone="Pacific/Auckland", horizon=10)
    now = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)  # already 01:00 on the 5th in Auckland
    await extend_to_horizon(session_factory, now=now)
    nz = await local_days(session_factory, auckland, ZoneInfo("Pacific/Auckland"))
    assert (nz[0], nz[-1]) == (date(2030, 3, 5), date(2030, 3, 15))
    uk = await local_days(session_factory, london.doctor_ids[0], LONDON)
    assert (uk[0], uk[-1]) == (date(2030, 3, 5), LAST)  # 4 March's hours have passed


async def test_a_clinic_the_generation_refuses_does_not_stop_the_others(
    session_factory: SessionFactory,
) -> None:
    good = await practice(session_factory, doctors=1)
    await another_clinic(good, timezone="Mars/Olympus")
    report = await extend_to_horizon(session_factory, now=NOW)
    assert report == ExtendReport(clinics=1, doctors=1, created=expected_total(1), failed_clinics=1)
    assert len(await local_days(session_factory, good.doctor_ids[0], LONDON)) > 0


async def test_small_batches_are_separate_transactions(session_factory: SessionFactory) -> None:
    await practice(session_factory, doctors=3)
    report = await extend_to_horizon(session_factory, now=NOW, doctors_per_transaction=2)
    assert report == ExtendReport(clinics=1, doctors=3, created=expected_total(3))
    async with unit_of_work(session_factory) as session:
        batches = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "slots.generate")
        )
    assert batches == 2


async def test_a_runner_that_cannot_get_the_lock_skips_at_once(
    session_factory: SessionFactory, engine
) -> None:
    await practice(session_factory, doctors=1)
    async with engine.connect() as holder:
        assert await holder.scalar(TRY_LOCK) is True  # another process is extending
        await holder.commit()
        report = await asyncio.wait_for(extend_to_horizon(session_factory, now=NOW), 5)
        assert report == ExtendReport(skipped_locked=True)
        assert await slot_count(session_factory) == 0
        await holder.execute(text("SELECT pg_advisory_unlock_all()"))
        await holder.commit()
    # The lock is free again (and the skipped run left it so).
    report = await extend_to_horizon(session_factory, now=NOW)
    assert report.created == expected_total(1)


async def test_the_lock_is_released_after_a_run(session_factory: SessionFactory, engine) -> None:
    await practice(session_factory, doctors=1)
    await extend_to_horizon(session_factory, now=NOW)
    async with engine.connect() as other:
        held = await other.scalar(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
        )
    assert held == 0


@pytest.mark.parametrize("attempt", range(3))
async def test_concurrent_runs_create_each_slot_once(
    session_factory: SessionFactory, database_url: str, attempt: int
) -> None:
    await practice(session_factory, doctors=3)
    # Two "processes": each its own engine and pool.
    engines = [make_engine(database_url, pool_size=2) for _ in range(2)]
    try:
        reports = await asyncio.gather(
            *(
                extend_to_horizon(make_session_factory(e), now=NOW, doctors_per_transaction=1)
                for e in engines
            )
        )
    finally:
        for e in engines:
            await e.dispose()
    total = expected_total(3)
    assert sum(r.created for r in reports) == total
    # One got the lock and the other skipped, or (if the first had finished already) the
    # other found everything made.
    assert sorted(r.created for r in reports) == [0, total]
    loser = next(r for r in reports if r.created == 0)
    assert loser.skipped_locked or loser.doctors == 3
    assert await slot_count(session_factory) == total
    assert await duplicates(session_factory) == 0


async def test_without_the_lock_concurrent_runs_still_create_each_slot_once(
    session_factory: SessionFactory, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock only saves work: the generation's per-doctor locks and the unique
    (doctor, start) key keep two runs that overlap from making a slot twice."""
    from services import slot_horizon

    monkeypatch.setattr(slot_horizon, "TRY_LOCK", text("SELECT true"))
    await practice(session_factory, doctors=3)
    engines = [make_engine(database_url, pool_size=2) for _ in range(2)]
    try:
        reports = await asyncio.gather(
            *(
                extend_to_horizon(make_session_factory(e), now=NOW, doctors_per_transaction=1)
                for e in engines
            )
        )
    finally:
        for e in engines:
            await e.dispose()
    assert not any(r.skipped_locked for r in reports)
    assert sum(r.created for r in reports) == expected_total(3)
    assert await slot_count(session_factory) == expected_total(3)
    assert await duplicates(session_factory) == 0
