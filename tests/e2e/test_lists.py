"""Every doctor of a list says when they can next be booked, as booking would allow it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from db.engine import unit_of_work
from db.models import AppointmentSlot, Clinic, Doctor
from services import booking
from tests.world import NOW, add_patient, add_slot, build_world

# NOW is Monday 2030-03-04 08:00 UTC; London is on GMT, Boston on EST (UTC-5) then.
WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London
THU = WED + timedelta(days=1)


@pytest.fixture
async def world(harness):
    """Dr. Test 0 takes one patient a day: 08:30 today is inside the hour's notice, Tuesday's
    slot is closed, Wednesday is full (09:00 booked, 09:30 free-looking): Thursday it is.
    Dr. Test 1 has nothing before May, beyond the 60 days' horizon.
    Dr. Test 2 (the same clinic) is free on Wednesday 10:00."""
    w = await build_world(harness.factory, doctors=3)
    async with unit_of_work(harness.factory) as session:
        await session.execute(
            update(Doctor).where(Doctor.id == w.doctor_ids[0]).values(max_patients_per_day=1)
        )
    await add_slot(w, doctor=0, starts_at=NOW + timedelta(minutes=30))
    closed = await add_slot(w, doctor=0, starts_at=WED - timedelta(days=1))
    taken = await add_slot(w, doctor=0, starts_at=WED)
    await add_slot(w, doctor=0, starts_at=WED + timedelta(minutes=30))
    await add_slot(w, doctor=0, starts_at=THU)
    await add_slot(w, doctor=1, starts_at=datetime(2030, 5, 10, 9, 0, tzinfo=UTC))
    await add_slot(w, doctor=2, starts_at=WED + timedelta(hours=1))
    async with unit_of_work(harness.factory) as session:
        await session.execute(
            update(AppointmentSlot).where(AppointmentSlot.id == closed).values(is_active=False)
        )
    await add_patient(w, 5101)
    await booking.book_slot(
        harness.factory,
        actor=w.actors[5101],
        patient_id=w.patients[5101],
        slot_id=taken,
        now=NOW,
    )
    await add_patient(w, 5102)
    return w


LINES = [
    "• Dr. Test 0 — next free: Thu 7 Mar, 09:00 (London time)",
    "• Dr. Test 1 — nothing free in the next 60 days",
    "• Dr. Test 2 — next free: Wed 6 Mar, 10:00 (London time)",
]


async def test_a_specialty_list_says_each_doctors_next_bookable_time(harness, world) -> None:
    pat = harness.sandbox.user(5102, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    reply = await pat.press("Dermatology (3)")
    assert reply.text.splitlines()[-3:] == LINES, reply.text
    assert "Dr. Test 1 · Dermatology · Test Clinic" in reply.last.button_texts
    card = await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    assert "Next free time: Thu 7 Mar, 09:00 (London time)" in card.text, card.text
    assert "⏳ 30 minutes" in card.text
    reply = await pat.press("⬅️ Back")
    card = await pat.press("Dr. Test 1 · Dermatology · Test Clinic")
    assert "Next free time: nothing in the next 60 days" in card.text, card.text


async def test_a_clinic_list_and_search_results_say_it_too(harness, world) -> None:
    pat = harness.sandbox.user(5102, "Pat")
    await pat.send_command("/book")
    await pat.press("🏥 By clinic")
    reply = await pat.press("Test Clinic · London")
    assert reply.text.splitlines()[-3:] == LINES, reply.text
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    reply = await pat.send_text("dr test 1")
    assert "• Dr. Test 1 — nothing free in the next 60 days" in reply.text, reply.text


async def test_a_boston_doctor_is_shown_on_boston_time_and_the_year_when_it_is_another(
    harness,
) -> None:
    harness.clock.now = datetime(2030, 12, 30, 9, 0, tzinfo=UTC)
    w = await build_world(harness.factory, doctors=1)
    async with unit_of_work(harness.factory) as session:
        boston = Clinic(
            name="Harbor Health",
            address="1 Main St",
            city="Boston",
            timezone="America/New_York",
            min_booking_notice_minutes=60,
            min_cancel_notice_minutes=60,
            booking_horizon_days=30,
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
        start = datetime(2031, 1, 3, 15, 0, tzinfo=UTC)  # Friday 10:00 in Boston
        session.add(
            AppointmentSlot(
                doctor_id=doctor.id, clinic_id=boston.id, starts_at=start,
                ends_at=start + timedelta(minutes=30),
            )
        )
    await add_slot(w, starts_at=datetime(2030, 12, 31, 10, 0, tzinfo=UTC))
    await add_patient(w, 5103)
    pat = harness.sandbox.user(5103, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    reply = await pat.press("Dermatology (2)")
    assert reply.text.splitlines()[-2:] == [
        "• Dr. Boston — next free: Fri 3 Jan 2031, 10:00 (New York time)",
        "• Dr. Test 0 — next free: Tue 31 Dec, 10:00 (London time)",
    ], reply.text


async def test_a_sentence_naming_several_doctors_lists_them_with_their_next_free_time(
    harness, world
) -> None:
    async with unit_of_work(harness.factory) as session:
        for i, name in ((1, "Dr. Ann Reed"), (2, "Dr. Bo Reed")):
            await session.execute(
                update(Doctor).where(Doctor.id == world.doctor_ids[i]).values(full_name=name)
            )
    pat = harness.sandbox.user(5102, "Pat")
    reply = await pat.send_text("can I see dr reed on Wednesday?")
    assert reply.text.splitlines()[-2:] == [  # the two of them, not just anyone's times
        "• Dr. Ann Reed — nothing free in the next 60 days",
        "• Dr. Bo Reed — next free: Wed 6 Mar, 10:00 (London time)",
    ], reply.text
    assert reply.last.button_texts[:2] == [
        "Dr. Ann Reed · Dermatology · Test Clinic",
        "Dr. Bo Reed · Dermatology · Test Clinic",
    ]
    card = await pat.press("Dr. Bo Reed · Dermatology · Test Clinic")
    assert "Next free time: Wed 6 Mar, 10:00 (London time)" in card.text
    reply = await pat.press("⬅️ Back")
    assert "• Dr. Bo Reed — next free: Wed 6 Mar, 10:00 (London time)" in reply.text
