"""Whom the front desk's changes are told to, in the transaction of the change: the patient
with a reachable chat, a family member's holder; nobody for a patient without a chat or
one known unreachable, nor for a patient's own changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Notification, Patient, User
from services import booking
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

DESK = 5001


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory)
    await add_staff(w, DESK)
    for tg in (1001, 1002):
        await add_patient(w, tg)
    for hours in range(4):
        await add_slot(w, starts_at=NOW + timedelta(days=2, hours=hours))
    return w


async def _told(factory) -> list[tuple[str, object]]:
    async with unit_of_work(factory) as session:
        rows = await session.execute(
            select(Notification.kind, Notification.user_id)
            .where(Notification.kind.like("appointment.desk_%"))
            .order_by(Notification.created_at, Notification.kind)
        )
        return [tuple(r) for r in rows]


async def _user_of(w, tg: int):
    return (await w.user(tg)).id


async def test_the_desk_tells_the_patient_and_a_holder_but_never_the_unreachable(world) -> None:
    desk, now = world.actors[DESK], NOW
    # The patient's own booking: nothing from the desk.
    await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=world.slots[0],
        now=now,
    )
    assert await _told(world.factory) == []
    # The desk books, moves and cancels for 1002: three notices, each to 1002's account.
    booked = await booking.book_slot(
        world.factory, actor=desk, patient_id=world.patients[1002], slot_id=world.slots[1], now=now
    )
    moved = await booking.reschedule_appointment(
        world.factory, appointment_id=booked.id, new_slot_id=world.slots[2], actor=desk, now=now
    )
    await booking.cancel_appointment(
        world.factory,
        appointment_id=moved.id,
        actor=desk,
        now=now,
        reason="cancelled by the front desk",
    )
    user = await _user_of(world, 1002)
    assert await _told(world.factory) == [
        ("appointment.desk_booked", user),
        ("appointment.desk_moved", user),
        ("appointment.desk_cancelled", user),
    ]
    # A family member's visit is told to their holder.
    async with unit_of_work(world.factory) as session:
        child = Patient(holder_id=world.patients[1001], relation="child", full_name="Kid")
        session.add(child)
        await session.flush()
        child_id = child.id
    await booking.book_slot(
        world.factory, actor=desk, patient_id=child_id, slot_id=world.slots[3], now=now
    )
    assert (await _told(world.factory))[-1] == (
        "appointment.desk_booked",
        await _user_of(world, 1001),
    )
    # Known unreachable (blocked the bot): no row is written at all.
    async with unit_of_work(world.factory) as session:
        account = await session.get_one(User, user)
        account.unreachable_at = now
    before = len(await _told(world.factory))
    await booking.book_slot(
        world.factory, actor=desk, patient_id=world.patients[1002], slot_id=world.slots[1], now=now
    )
    assert len(await _told(world.factory)) == before
