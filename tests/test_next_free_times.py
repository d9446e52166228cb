"""The next free time of every doctor of a list page: one query, the booking window's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, update

from db.engine import unit_of_work
from db.models import Clinic, Doctor
from services import availability, catalog
from tests.world import NOW, add_slot, build_world


async def test_one_query_for_a_page_whatever_its_size(session_factory, engine) -> None:
    w = await build_world(session_factory, doctors=8)
    for i in range(8):
        await add_slot(w, doctor=i, starts_at=NOW + timedelta(days=1, minutes=30 * i))
    async with unit_of_work(session_factory) as session:
        doctors = await catalog.list_doctors(session, specialty_id=w.specialty_id)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with unit_of_work(session_factory) as session:
            found = await availability.next_free_times(session, doctors=doctors, now=NOW)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len([s for s in statements if "appointment_slots" in s]) == 1
    assert found == {
        w.doctor_ids[i]: NOW + timedelta(days=1, minutes=30 * i) for i in range(8)
    }


async def test_each_clinics_notice_and_horizon_and_inactive_doctors(session_factory) -> None:
    w = await build_world(session_factory, doctors=3)
    async with unit_of_work(session_factory) as session:
        await session.execute(
            update(Clinic).values(min_booking_notice_minutes=24 * 60, booking_horizon_days=3)
        )
    await add_slot(w, doctor=0, starts_at=NOW + timedelta(hours=23))  # inside the notice
    await add_slot(w, doctor=0, starts_at=NOW + timedelta(hours=25))
    await add_slot(w, doctor=1, starts_at=NOW + timedelta(days=4))  # beyond the horizon
    await add_slot(w, doctor=2, starts_at=NOW + timedelta(days=2))
    async with unit_of_work(session_factory) as session:
        doctors = await catalog.list_doctors(session, specialty_id=w.specialty_id)
        await session.execute(
            update(Doctor).where(Doctor.id == w.doctor_ids[2]).values(is_active=False)
        )
    async with unit_of_work(session_factory) as session:
        found = await availability.next_free_times(session, doctors=doctors, now=NOW)
    assert found == {
        w.doctor_ids[0]: NOW + timedelta(hours=25),
        w.doctor_ids[1]: None,
        w.doctor_ids[2]: None,  # deactivated since the list was read
    }
    assert found[w.doctor_ids[0]].tzinfo is not None
    assert datetime(2030, 3, 5, 9, 0, tzinfo=UTC) == found[w.doctor_ids[0]]
