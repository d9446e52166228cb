"""Moving a doctor to another clinic (services.doctor_move): the effect first, then in one
transaction the clinic changed (audited before → after), the free times ahead at the old
clinic gone, the weekly hours cut at the new clinic in its own time zone, the doctor's
waitlist entry offered a new place; refused — and nothing changed — while the doctor has a
visit booked ahead, also one booked between the effect and the confirmation. And a clinic's
state and postcode as typed."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AppointmentSlot, AuditLog, Clinic, Doctor, SlotHold, WaitlistEntry
from services import booking, clinic_admin, doctor_move, schedules, slots, waitlist
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Actor
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

SYSTEM = Actor.system()
ADMIN, STAFF, PATIENT = 61, 62, 63
NY = ZoneInfo("America/New_York")


async def _practice(factory):
    """Test Clinic (London) with Dr. Test 0 working Tuesdays 09:00-10:00, their slots cut
    60 days ahead, one slot in the past; North Clinic in New York, a 30-day horizon."""
    w = await build_world(factory, doctors=1)
    await add_staff(w, ADMIN, role="admin")
    await add_staff(w, STAFF, role="staff")
    await add_patient(w, PATIENT)
    doctor_id = w.doctor_ids[0]
    async with unit_of_work(factory) as session:
        north = Clinic(
            name="North Clinic", address="5 North Rd", city="New York",
            timezone="America/New_York", booking_horizon_days=30,
        )  # fmt: skip
        session.add(north)
        await schedules.set_working_hours(
            session, doctor_id=doctor_id, weekday=1, start=time(9), end=time(10),
            actor=SYSTEM, now=NOW,
        )  # fmt: skip
        await slots.generate_slots(
            session, actor=SYSTEM, start=NOW.date(), end=NOW.date() + timedelta(days=60),
            now=NOW, doctor_ids=[doctor_id],
        )  # fmt: skip
        await session.flush()
        north_id = north.id
    past = await add_slot(w, starts_at=NOW - timedelta(hours=2))
    return w, north_id, past


async def _slots_of(w, clinic_id, *, ahead: bool = True) -> list[AppointmentSlot]:
    async with unit_of_work(w.factory) as session:
        query = select(AppointmentSlot).where(
            AppointmentSlot.doctor_id == w.doctor_ids[0], AppointmentSlot.clinic_id == clinic_id
        )
        if ahead:
            query = query.where(AppointmentSlot.starts_at > NOW)
        return list(await session.scalars(query.order_by(AppointmentSlot.starts_at)))


async def test_a_doctor_without_visits_ahead_moves_with_their_hours(session_factory) -> None:
    w, north, past = await _practice(session_factory)
    admin, doctor_id = w.actors[ADMIN], w.doctor_ids[0]
    old_free = await _slots_of(w, w.clinic_id)
    assert len(old_free) > 10
    # A visit booked and cancelled: its slot cannot go (the visit is the old clinic's history).
    visit = await booking.book_slot(
        session_factory, actor=w.actors[PATIENT], patient_id=w.patients[PATIENT],
        slot_id=old_free[0].id, now=NOW,
    )  # fmt: skip
    await booking.cancel_appointment(
        session_factory, appointment_id=visit.id, actor=w.actors[PATIENT], now=NOW
    )
    # Waiting for this doctor: offered one of their London places now, a New York one after.
    async with unit_of_work(session_factory) as session:
        first, last, _zone = await waitlist.window(session, doctor_id=doctor_id, now=NOW)
    entry = await waitlist.join(
        session_factory, actor=w.actors[PATIENT], patient_id=w.patients[PATIENT], now=NOW,
        earliest=first, latest=last, doctor_id=doctor_id,
    )  # fmt: skip

    async with unit_of_work(session_factory) as session:
        targets = await doctor_move.move_targets(session, actor=admin, doctor_id=doctor_id)
        effect = await doctor_move.move_effect(
            session, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
        )
    assert [c.id for c in targets[1]] == [north]
    assert (effect.booked_ahead, effect.free_ahead, effect.movable) == (0, len(old_free), True)

    moved = await doctor_move.move_doctor(
        session_factory, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
    )
    assert moved.doctor.clinic_id == north and moved.removed == len(old_free)
    kept = await _slots_of(w, w.clinic_id)
    assert [(s.id, s.is_active) for s in kept] == [(old_free[0].id, False)]
    assert [s.id for s in await _slots_of(w, w.clinic_id, ahead=False)] == [past, old_free[0].id]
    new = await _slots_of(w, north)
    # Tuesdays 5, 12, 19, 26 March and 2 April 2030 (today + 30 days in New York), 09:00 and
    # 09:30 there — across the US clock change of 10 March.
    local = [s.starts_at.astimezone(NY) for s in new]
    assert [(t.day, t.hour, t.minute) for t in local] == [
        (d, 9, m) for d in (5, 12, 19, 26, 2) for m in (0, 30)
    ]
    assert moved.created == 10
    async with unit_of_work(session_factory) as session:
        audit_row = await session.scalar(select(AuditLog).where(AuditLog.action == "doctor.update"))
        removed_row = await session.scalar(
            select(AuditLog).where(AuditLog.action == "slots.remove")
        )
        offered = (
            await session.execute(
                select(WaitlistEntry.status, AppointmentSlot.clinic_id)
                .join(SlotHold, SlotHold.entry_id == WaitlistEntry.id)
                .join(AppointmentSlot, AppointmentSlot.id == SlotHold.slot_id)
                .where(WaitlistEntry.id == entry.id, SlotHold.status == "active")
            )
        ).all()
    assert audit_row.details == {
        "before": {"clinic_id": str(w.clinic_id)},
        "after": {"clinic_id": str(north)},
    }
    assert audit_row.actor_user_id == admin.user_id
    assert removed_row.details["removed"] == len(old_free) - 1
    assert removed_row.details["kept_closed"] == 1
    assert offered == [("offered", north)]


async def test_a_booking_between_the_effect_and_the_confirmation_stops_the_move(
    session_factory,
) -> None:
    w, north, _past = await _practice(session_factory)
    admin, doctor_id = w.actors[ADMIN], w.doctor_ids[0]
    async with unit_of_work(session_factory) as session:
        effect = await doctor_move.move_effect(
            session, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
        )
    assert effect.movable
    before = [(s.id, s.is_active) for s in await _slots_of(w, w.clinic_id)]
    # The patient books while the admin reads the effect.
    await booking.book_slot(
        session_factory, actor=w.actors[PATIENT], patient_id=w.patients[PATIENT],
        slot_id=before[3][0], now=NOW,
    )  # fmt: skip
    with pytest.raises(Conflict) as refused:
        await doctor_move.move_doctor(
            session_factory, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
        )
    assert refused.value.code == "doctor-move-has-visits"
    assert refused.value.params["count"] == 1
    async with unit_of_work(session_factory) as session:
        doctor = await session.get(Doctor, doctor_id)
        moves = await session.scalar(
            select(func.count()).where(AuditLog.action.in_(("doctor.update", "slots.remove")))
        )
    assert doctor.clinic_id == w.clinic_id and moves == 0
    assert [(s.id, s.is_active) for s in await _slots_of(w, w.clinic_id)] == before
    assert await _slots_of(w, north) == []
    async with unit_of_work(session_factory) as session:
        effect = await doctor_move.move_effect(
            session, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
        )
    assert (effect.booked_ahead, effect.movable) == (1, False)


async def test_only_an_admin_moves_a_doctor_and_only_to_another_active_clinic(
    session_factory,
) -> None:
    w, north, _past = await _practice(session_factory)
    doctor_id = w.doctor_ids[0]
    for who in (STAFF, PATIENT):
        async with unit_of_work(session_factory) as session:
            with pytest.raises(NotAllowed):
                await doctor_move.move_targets(session, actor=w.actors[who], doctor_id=doctor_id)
        with pytest.raises(NotAllowed):
            await doctor_move.move_doctor(
                session_factory, actor=w.actors[who], doctor_id=doctor_id, clinic_id=north,
                now=NOW,
            )  # fmt: skip
    admin = w.actors[ADMIN]
    with pytest.raises(NotFound):  # their own clinic
        await doctor_move.move_doctor(
            session_factory, actor=admin, doctor_id=doctor_id, clinic_id=w.clinic_id, now=NOW
        )
    async with unit_of_work(session_factory) as session:
        (await session.get(Clinic, north)).is_active = False
    with pytest.raises(NotFound):  # a clinic that closed meanwhile
        await doctor_move.move_doctor(
            session_factory, actor=admin, doctor_id=doctor_id, clinic_id=north, now=NOW
        )
    async with unit_of_work(session_factory) as session:
        assert (await session.get(Doctor, doctor_id)).clinic_id == w.clinic_id


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [("zip", " sw1a   1aa ", "SW1A 1AA"), ("zip", "10001-1234", "10001-1234"),
     ("state", "  New   York ", "New York")],
)  # fmt: skip
def test_a_clinics_state_and_postcode_as_typed(field: str, typed: str, value: str) -> None:
    assert clinic_admin.read_value(field, typed, timezone="Europe/London") == value


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [("zip", "1", "clinic-zip-shape"), ("zip", "SW1A_1AA", "clinic-zip-shape"),
     ("zip", "1" * 21, "clinic-zip-shape"), ("zip", "AB--12", "clinic-zip-shape"),
     ("state", "x", "clinic-text-length"), ("state", "x" * 101, "clinic-text-length")],
)  # fmt: skip
def test_a_bad_state_or_postcode_is_refused(field: str, typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clinic_admin.read_value(field, typed, timezone="Europe/London")
    assert refused.value.code == code
