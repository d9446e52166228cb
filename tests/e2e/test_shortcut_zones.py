"""The free-text shortcut reads "tomorrow", "Friday", "morning" on each clinic's own clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db.engine import unit_of_work
from db.models import AppointmentSlot, Clinic, Doctor
from tests.world import add_patient, add_slot, build_world

# Tuesday 03:00 in London is still Monday 22:00 in Boston (EST, UTC-5, before 10 March).
LATE = datetime(2030, 3, 5, 3, 0, tzinfo=UTC)
TUE_LONDON = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)  # 09:00 London
TUE_BOSTON = datetime(2030, 3, 5, 14, 0, tzinfo=UTC)  # 09:00 Boston


@pytest.fixture
async def world(harness):
    """Dr. Test 0 in London and Dr. Boston in Boston, each free at 09:00 local (and 15:00
    local) on Tuesday and on Wednesday."""
    harness.clock.now = LATE
    w = await build_world(harness.factory, doctors=1)
    async with unit_of_work(harness.factory) as session:
        boston = Clinic(
            name="Harbor Health",
            address="1 Main St",
            city="Boston",
            timezone="America/New_York",
            min_booking_notice_minutes=60,
            min_cancel_notice_minutes=60,
            booking_horizon_days=60,
        )
        session.add(boston)
        await session.flush()
        doctor = Doctor(
            clinic_id=boston.id,
            specialty_id=w.specialty_id,
            full_name="Dr. Boston",
            license_number="B-1",
            visit_minutes=30,
        )
        session.add(doctor)
        await session.flush()
        for day in (0, 1):
            for hours in (0, 6):
                start = TUE_BOSTON + timedelta(days=day, hours=hours)
                session.add(
                    AppointmentSlot(
                        doctor_id=doctor.id, clinic_id=boston.id, starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                    )
                )
    for day in (0, 1):
        for hours in (0, 6):
            await add_slot(w, starts_at=TUE_LONDON + timedelta(days=day, hours=hours))
    await add_patient(w, 5201)
    return w


async def test_tomorrow_morning_is_each_clinics_own_tomorrow(harness, world) -> None:
    pat = harness.sandbox.user(5201, "Pat")
    reply = await pat.send_text("I need a dermatologist tomorrow morning")
    offers = [b for b in reply.last.button_texts if "·" in b]
    assert offers == [
        "Tue 5 Mar, 09:00 · Dr. Boston · Harbor Health",  # Boston's tomorrow, local order
        "Wed 6 Mar, 09:00 · Dr. Test 0 · Test Clinic",  # London's tomorrow
    ], offers
    assert "Free times for Dermatology, Tuesday 5 March / Wednesday 6 March" in reply.text

    reply = await pat.send_text("a dermatologist in Boston tomorrow")
    offers = [b for b in reply.last.button_texts if "·" in b]
    assert offers == [
        "Tue 5 Mar, 09:00 · Dr. Boston · Harbor Health",
        "Tue 5 Mar, 15:00 · Dr. Boston · Harbor Health",
    ], offers
    assert "Dermatology · Boston, Tuesday 5 March" in reply.text


async def test_today_and_a_weekday_on_each_clinics_clock(harness, world) -> None:
    pat = harness.sandbox.user(5201, "Pat")
    # Boston's today is Monday, with nothing left: only London's Tuesday is offered.
    reply = await pat.send_text("a dermatologist today")
    offers = [b for b in reply.last.button_texts if "·" in b]
    assert offers == [
        "Tue 5 Mar, 09:00 · Dr. Test 0 · Test Clinic",
        "Tue 5 Mar, 15:00 · Dr. Test 0 · Test Clinic",
    ], offers
    # "Tuesday" is London's today and Boston's tomorrow: the same date on both clocks.
    reply = await pat.send_text("a dermatologist on Tuesday afternoon")
    offers = [b for b in reply.last.button_texts if "·" in b]
    assert sorted(offers[:2]) == [
        "Tue 5 Mar, 15:00 · Dr. Boston · Harbor Health",
        "Tue 5 Mar, 15:00 · Dr. Test 0 · Test Clinic",
    ], offers
    assert len(offers) == 2
