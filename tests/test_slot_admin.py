"""/slots' rules on the real database: the range typed must lie between today and the
clinic's horizon; closing a slot takes back a place offered to a waiting patient (who waits
again, for other places), refuses a slot with a checked-in patient and changes nothing then;
a desk of another clinic may neither generate nor close."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog, SlotHold, WaitlistEntry
from services import booking, slot_admin, waitlist
from services.errors import Conflict, InvalidInput, NotAllowed
from services.policy import Actor, Role
from tests.test_front_desk import _desk_b
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

T = NOW + timedelta(days=2)  # Wednesday 08:00 London
DESK = 5001


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory)
    for tg in (1001, 1002):
        await add_patient(w, tg)
    await add_staff(w, DESK)
    return w


def _target(horizon: int = 60) -> slot_admin.Target:
    return slot_admin.Target(
        clinic=False, id=uuid.uuid4(), name="Dr", timezone="Europe/London",
        horizon_days=horizon, doctor_ids=[],
    )  # fmt: skip


def test_the_range_lies_between_today_and_the_horizon() -> None:
    read = slot_admin.read_range
    assert read("next week", target=_target(), now=NOW) == (date(2030, 3, 11), date(2030, 3, 17))
    # Partly past: from today on.
    assert read("this week", target=_target(), now=NOW) == (date(2030, 3, 4), date(2030, 3, 10))
    assert read("1.05–3.05", target=_target(), now=NOW)[1] == date(2030, 5, 3)  # the last day
    with pytest.raises(InvalidInput) as beyond:
        read("1.05–4.05", target=_target(), now=NOW)
    assert beyond.value.code == "slots-range-past-horizon"
    assert beyond.value.params == {"horizon_days": 60, "last": date(2030, 5, 3)}
    for typed, code in (("last week", "slots-range-past"), ("whenever", "slots-range-unclear"),
                        ("", "slots-range-unclear")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            read(typed, target=_target(), now=NOW)
        assert refused.value.code == code, typed


async def _hold_for_1002(w):
    """The slot at T, booked by 1001 and cancelled: its place is held for 1002 (waiting)."""
    slot = await add_slot(w, starts_at=T)
    appt = await booking.book_slot(
        w.factory, actor=w.actors[1001], patient_id=w.patients[1001], slot_id=slot, now=NOW
    )
    await waitlist.join(
        w.factory, actor=w.actors[1002], patient_id=w.patients[1002], doctor_id=w.doctor_ids[0],
        earliest=NOW.date(), latest=NOW.date() + timedelta(days=30), part_of_day=None, now=NOW,
    )  # fmt: skip
    await booking.cancel_appointment(
        w.factory, appointment_id=appt.id, actor=w.actors[1001], now=NOW
    )
    return slot


async def test_closing_a_slot_takes_back_its_waitlist_offer_and_the_entry_moves_on(world) -> None:
    w = world
    slot = await _hold_for_1002(w)
    other = await add_slot(w, starts_at=T + timedelta(hours=1))  # free, nobody told yet
    out = await slot_admin.close(w.factory, actor=w.actors[DESK], slot_id=slot, now=NOW)
    assert out.cancelled == 0
    async with unit_of_work(w.factory) as session:
        holds = (
            await session.execute(
                select(SlotHold.slot_id, SlotHold.status).order_by(SlotHold.created_at)
            )
        ).all()
        entry = await session.scalar(select(WaitlistEntry.status))
        closed = await session.get(AppointmentSlot, slot)
        audit = await session.scalar(
            select(AuditLog.details).where(AuditLog.action == "slot.close")
        )
    assert holds == [(slot, "expired"), (other, "active")]  # the closed place went to nobody
    assert entry == "offered" and not closed.is_active
    assert audit["ended_waitlist_offers"] == 1 and audit["before"] == {"is_active": True}


async def test_a_checked_in_patient_keeps_the_slot_and_nothing_changes(world) -> None:
    w = world
    slot = await add_slot(w, starts_at=NOW + timedelta(minutes=90))  # checked in early
    appt = await booking.book_slot(
        w.factory, actor=w.actors[1001], patient_id=w.patients[1001], slot_id=slot, now=NOW
    )
    async with unit_of_work(w.factory) as session:
        visit = await session.get(Appointment, appt.id)
        visit.status, visit.status_changed_at = "arrived", NOW
    with pytest.raises(Conflict) as refused:
        await slot_admin.close(w.factory, actor=w.actors[DESK], slot_id=slot, now=NOW)
    assert refused.value.code == "slot-has-arrived"
    async with unit_of_work(w.factory) as session:
        assert (await session.get(AppointmentSlot, slot)).is_active
        assert (await session.get(Appointment, appt.id)).status == "arrived"
        assert not await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action.like("slot%"))
        )


async def test_a_desk_of_another_clinic_and_a_doctor_may_not(world) -> None:
    w = world
    slot = await add_slot(w, starts_at=T)
    desk_b = await _desk_b(w)
    doctor = Actor(user_id=None, role=Role.doctor, doctor_id=w.doctor_ids[0],
                   doctor_clinic_id=w.clinic_id)  # fmt: skip
    for actor in (desk_b, doctor, w.actors[1001]):
        with pytest.raises(NotAllowed):
            await slot_admin.close(w.factory, actor=actor, slot_id=slot, now=NOW)
        with pytest.raises(NotAllowed):
            await slot_admin.generate(
                w.factory, actor=actor, clinic=False, target_id=w.doctor_ids[0],
                typed="next week", now=NOW,
            )  # fmt: skip
        with pytest.raises(NotAllowed):
            await slot_admin.generate(
                w.factory, actor=actor, clinic=True, target_id=w.clinic_id, typed="next week",
                now=NOW,
            )  # fmt: skip
    async with unit_of_work(w.factory) as session:
        assert (await session.get(AppointmentSlot, slot)).is_active
        assert await session.scalar(select(func.count()).select_from(AppointmentSlot)) == 1
