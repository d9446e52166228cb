"""The booking service on a real PostgreSQL: rules, races, idempotency, reschedule."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog, Notification
from services import booking
from services.errors import (
    BookingWindowClosed,
    DailyLimitReached,
    InvalidInput,
    NotAllowed,
    PatientBusy,
    SlotTaken,
    TooLateToCancel,
)
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

T = NOW + timedelta(days=2)  # a slot time comfortably inside every window


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory)
    for tg in (1001, 1002, 1003):
        await add_patient(w, tg)
    return w


async def _count(factory, model, *where) -> int:
    async with unit_of_work(factory) as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_booking_writes_appointment_count_audit_and_outbox(world) -> None:
    slot = await add_slot(world, starts_at=T)
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
        reason="  itchy   rash ",
        idempotency_key="k1",
    )
    assert appt.status == "scheduled" and appt.reason == "itchy rash"
    assert appt.starts_at == T and appt.doctor_name == "Dr. Test 0"
    async with unit_of_work(world.factory) as session:
        assert (await session.get(AppointmentSlot, slot)).booked_count == 1
    assert await _count(world.factory, AuditLog, AuditLog.action == "appointment.book") == 1
    # The reminder 24 h before; the 2 h one would fall at 06:00, in the quiet hours.
    reminders = [Notification.kind == "appointment.reminder", Notification.status == "pending"]
    assert await _count(world.factory, Notification, *reminders) == 1


async def test_same_idempotency_key_returns_the_first_booking(world) -> None:
    slot = await add_slot(world, starts_at=T, capacity=3)
    first = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
        idempotency_key="k",
    )
    again = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
        idempotency_key="k",
    )
    assert again.id == first.id and again.replayed and not first.replayed
    assert await _count(world.factory, Appointment) == 1


async def test_concurrent_double_tap_makes_one_appointment(world) -> None:
    slot = await add_slot(world, starts_at=T, capacity=5)
    results = await asyncio.gather(
        *(
            booking.book_slot(
                world.factory,
                actor=world.actors[1001],
                patient_id=world.patients[1001],
                slot_id=slot,
                now=NOW,
                idempotency_key="tap",
            )
            for _ in range(5)
        )
    )
    assert len({r.id for r in results}) == 1
    assert await _count(world.factory, Appointment) == 1


async def test_last_place_race_has_one_winner(world) -> None:
    slot = await add_slot(world, starts_at=T)
    results = await asyncio.gather(
        *(
            booking.book_slot(
                world.factory,
                actor=world.actors[tg],
                patient_id=world.patients[tg],
                slot_id=slot,
                now=NOW,
            )
            for tg in (1001, 1002, 1003)
        ),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, booking.AppointmentOut)]
    losers = [r for r in results if isinstance(r, SlotTaken)]
    assert len(winners) == 1 and len(losers) == 2
    assert await _count(world.factory, Appointment) == 1


@pytest.mark.parametrize(
    ("starts", "code", "params"),
    [
        (NOW - timedelta(hours=1), "time-passed", {}),
        (
            NOW + timedelta(minutes=30),
            "booking-notice",
            {"clinic": "Test Clinic", "notice_minutes": 60},
        ),
        (
            NOW + timedelta(days=61),
            "beyond-booking-horizon",
            {"clinic": "Test Clinic", "horizon_days": 60},
        ),
    ],
)
async def test_booking_window(world, starts, code, params) -> None:
    slot = await add_slot(world, starts_at=starts)
    with pytest.raises(BookingWindowClosed) as caught:
        await booking.book_slot(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_id=slot,
            now=NOW,
        )
    assert (caught.value.code, caught.value.params) == (code, params)
    assert await _count(world.factory, Appointment) == 0


async def test_patient_cannot_overlap_own_appointment(world) -> None:
    a = await add_slot(world, doctor=0, starts_at=T)
    b = await add_slot(world, doctor=1, starts_at=T + timedelta(minutes=15))
    await booking.book_slot(
        world.factory, actor=world.actors[1001], patient_id=world.patients[1001], slot_id=a, now=NOW
    )
    with pytest.raises(PatientBusy):
        await booking.book_slot(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_id=b,
            now=NOW,
        )


async def test_doctor_daily_limit(world) -> None:
    async with unit_of_work(world.factory) as session:
        from db.models import Doctor

        (await session.get(Doctor, world.doctor_ids[0])).max_patients_per_day = 1
    a = await add_slot(world, starts_at=T)
    b = await add_slot(world, starts_at=T + timedelta(hours=1))
    await booking.book_slot(
        world.factory, actor=world.actors[1001], patient_id=world.patients[1001], slot_id=a, now=NOW
    )
    with pytest.raises(DailyLimitReached):
        await booking.book_slot(
            world.factory,
            actor=world.actors[1002],
            patient_id=world.patients[1002],
            slot_id=b,
            now=NOW,
        )


async def test_doctor_daily_limit_is_the_databases_too(world, monkeypatch) -> None:
    """Without the service's own count (as when two bookings race), PostgreSQL refuses the
    one too many, and the patient gets the same answer."""
    async with unit_of_work(world.factory) as session:
        from db.models import Doctor

        (await session.get(Doctor, world.doctor_ids[0])).max_patients_per_day = 1

    async def not_checked(*args, **kwargs) -> None:
        return None

    monkeypatch.setattr(booking, "_check_daily_limit", not_checked)
    a = await add_slot(world, starts_at=T)
    b = await add_slot(world, starts_at=T + timedelta(hours=1))
    await booking.book_slot(
        world.factory, actor=world.actors[1001], patient_id=world.patients[1001], slot_id=a, now=NOW
    )
    with pytest.raises(DailyLimitReached):
        await booking.book_slot(
            world.factory,
            actor=world.actors[1002],
            patient_id=world.patients[1002],
            slot_id=b,
            now=NOW,
        )
    assert await _count(world.factory, Appointment) == 1


async def test_overlong_reason_is_refused_and_nothing_written(world) -> None:
    slot = await add_slot(world, starts_at=T)
    with pytest.raises(InvalidInput) as caught:
        await booking.book_slot(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_id=slot,
            now=NOW,
            reason="x" * 301,
        )
    assert caught.value.code == "reason-too-long"
    assert caught.value.params == {"limit": 300, "length": 301}
    assert await _count(world.factory, Appointment) == 0


async def test_cancel_frees_the_slot_and_drops_reminders(world) -> None:
    slot = await add_slot(world, starts_at=T)
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
    )
    done = await booking.cancel_appointment(
        world.factory,
        appointment_id=appt.id,
        actor=world.actors[1001],
        now=NOW,
        reason="feeling better",
    )
    assert done.status == "cancelled" and done.cancellation_reason == "feeling better"
    reminder = Notification.kind == "appointment.reminder"
    pending, skipped = Notification.status == "pending", Notification.status == "skipped"
    assert await _count(world.factory, Notification, reminder, pending) == 0
    assert await _count(world.factory, Notification, reminder, skipped) == 1
    again = await booking.book_slot(
        world.factory,
        actor=world.actors[1002],
        patient_id=world.patients[1002],
        slot_id=slot,
        now=NOW,
    )
    assert again.status == "scheduled"


async def test_cancel_inside_notice_is_refused_with_phone(world) -> None:
    slot = await add_slot(world, starts_at=NOW + timedelta(hours=3))
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
    )
    with pytest.raises(TooLateToCancel) as caught:
        await booking.cancel_appointment(
            world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
        )
    assert caught.value.code == "too-late-to-cancel"
    assert caught.value.params == {
        "clinic": "Test Clinic", "notice_minutes": 240, "phone": "+442079460958"
    }
    # Front desk may still cancel.
    await add_staff(world, 5001)
    done = await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[5001], now=NOW
    )
    assert done.status == "cancelled"


async def test_other_patient_cannot_touch_an_appointment(world) -> None:
    slot = await add_slot(world, starts_at=T)
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot,
        now=NOW,
    )
    other = world.actors[1002]
    with pytest.raises(NotAllowed):
        await booking.cancel_appointment(
            world.factory, appointment_id=appt.id, actor=other, now=NOW
        )
    new_slot = await add_slot(world, starts_at=T + timedelta(hours=2))
    with pytest.raises(NotAllowed):
        await booking.reschedule_appointment(
            world.factory, appointment_id=appt.id, new_slot_id=new_slot, actor=other, now=NOW
        )
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await booking.get_appointment(session, appointment_id=appt.id, actor=other, now=NOW)
    assert (await _count(world.factory, Appointment, Appointment.status == "scheduled")) == 1


async def test_reschedule_moves_in_one_transaction(world) -> None:
    old_slot = await add_slot(world, starts_at=T)
    new_slot = await add_slot(world, starts_at=T + timedelta(minutes=15), doctor=1)
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=old_slot,
        now=NOW,
    )
    moved = await booking.reschedule_appointment(
        world.factory,
        appointment_id=appt.id,
        new_slot_id=new_slot,
        actor=world.actors[1001],
        now=NOW,
    )
    assert moved.rescheduled_from_id == appt.id and moved.slot_id == new_slot
    async with unit_of_work(world.factory) as session:
        assert (await session.get(Appointment, appt.id)).status == "cancelled"
        assert (await session.get(AppointmentSlot, old_slot)).booked_count == 0
        assert (await session.get(AppointmentSlot, new_slot)).booked_count == 1


async def test_reschedule_losing_the_race_keeps_the_old_appointment(world) -> None:
    old_slot = await add_slot(world, starts_at=T)
    wanted = await add_slot(world, starts_at=T + timedelta(hours=1))
    appt = await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=old_slot,
        now=NOW,
    )
    await booking.book_slot(
        world.factory,
        actor=world.actors[1002],
        patient_id=world.patients[1002],
        slot_id=wanted,
        now=NOW,
    )
    with pytest.raises(SlotTaken):
        await booking.reschedule_appointment(
            world.factory,
            appointment_id=appt.id,
            new_slot_id=wanted,
            actor=world.actors[1001],
            now=NOW,
        )
    async with unit_of_work(world.factory) as session:
        kept = await session.get(Appointment, appt.id)
        assert kept.status == "scheduled"
        assert (await session.get(AppointmentSlot, old_slot)).booked_count == 1


async def test_concurrent_reschedules_into_one_slot(world) -> None:
    target = await add_slot(world, doctor=1, starts_at=T + timedelta(hours=3))
    appts = []
    for i, tg in enumerate((1001, 1002)):
        s = await add_slot(world, starts_at=T + timedelta(hours=i))
        appts.append(
            await booking.book_slot(
                world.factory,
                actor=world.actors[tg],
                patient_id=world.patients[tg],
                slot_id=s,
                now=NOW,
            )
        )
    actors = [world.actors[tg] for tg in (1001, 1002)]
    results = await asyncio.gather(
        *(
            booking.reschedule_appointment(
                world.factory,
                appointment_id=a.id,
                new_slot_id=target,
                actor=actor,
                now=NOW,
            )
            for a, actor in zip(appts, actors, strict=True)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, booking.AppointmentOut) for r in results) == 1
    assert sum(isinstance(r, SlotTaken) for r in results) == 1
    assert await _count(world.factory, Appointment, Appointment.status == "scheduled") == 2


async def test_lists_upcoming_and_past(world) -> None:
    slots = [await add_slot(world, starts_at=T + timedelta(days=d)) for d in range(3)]
    for s in slots:
        await booking.book_slot(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_id=s,
            now=NOW,
        )
    async with unit_of_work(world.factory) as session:
        page = await booking.list_patient_appointments(
            session, actor=world.actors[1001], patient_id=world.patients[1001], now=NOW, limit=2
        )
        assert page.total == 3 and [a.slot_id for a in page.items] == slots[:2]
        later = NOW + timedelta(days=3, hours=2)
        past = await booking.list_patient_appointments(
            session,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            now=later,
            upcoming=False,
        )
        assert past.total == 2 and past.items[0].slot_id == slots[1]
