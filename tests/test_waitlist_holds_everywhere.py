"""A place held for a waitlist patient is not free anywhere for anyone else (calendar days,
next free times, nearest times, the shortcut's search) yet is for its holder; and an entry
that waits again (offer declined or expired, or just joined) is offered a place already
free that fits it, by the rules of `places_freed`."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Appointment, SlotHold, WaitlistEntry
from services import availability, booking, catalog, waitlist, waitlist_offers
from tests.world import NOW, add_patient, add_slot, build_world

T = NOW + timedelta(days=2)  # Wednesday 08:00 London: a morning slot
TODAY = NOW.date()


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory)
    for tg in (1001, 1002, 1003, 1004):
        await add_patient(w, tg)
    return w


async def _join(world, tg: int, *, part: str | None = None, days: int = 30, now=NOW):
    return await waitlist.join(
        world.factory,
        actor=world.actors[tg],
        patient_id=world.patients[tg],
        doctor_id=world.doctor_ids[0],
        earliest=TODAY,
        latest=TODAY + timedelta(days=days),
        part_of_day=part,
        now=now,
    )


async def _book(world, tg: int, slot, now=NOW):
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg], slot_id=slot, now=now
    )


async def _holds(world) -> list:
    async with unit_of_work(world.factory) as session:
        rows = await session.execute(
            select(SlotHold.slot_id, SlotHold.patient_id, SlotHold.status, SlotHold.id)
            .order_by(SlotHold.created_at, SlotHold.id)
        )  # fmt: skip
        return rows.all()


async def _status(world, tg: int) -> str:
    async with unit_of_work(world.factory) as session:
        return await session.scalar(
            select(WaitlistEntry.status).where(WaitlistEntry.patient_id == world.patients[tg])
        )


async def _held_for_1002(world):
    """The doctor's only free place (T) held for 1002 after 1001 cancels."""
    slot = await add_slot(world, starts_at=T)
    appt = await _book(world, 1001, slot)
    await _join(world, 1002)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    ((held_slot, patient, status, _id),) = await _holds(world)
    assert (held_slot, patient, status) == (slot, world.patients[1002], "active")
    return slot


async def _seen(world, viewer=None, now=NOW) -> dict:
    async with unit_of_work(world.factory) as session:
        doctor = await catalog.get_doctor(session, doctor_id=world.doctor_ids[0])
        day = T.date()
        return {
            "days": await availability.bookable_days(
                session, doctor=doctor, start=day.replace(day=1), end=day + timedelta(days=20),
                now=now, viewer=viewer,
            ),
            "times": await availability.bookable_slots(
                session, doctor=doctor, day=day, now=now, viewer=viewer
            ),
            "next": (
                await availability.next_free_times(
                    session, doctors=[doctor], now=now, viewer=viewer
                )
            )[doctor.id],
            "nearest": await availability.nearest_bookable(
                session, now=now, doctor=doctor, viewer=viewer
            ),
            "specialty": await availability.nearest_bookable(
                session, now=now, specialty_id=world.specialty_id, viewer=viewer
            ),
            "search": await availability.find_bookable(
                session, now=now, specialty_id=world.specialty_id, day=day, viewer=viewer
            ),
            "search_morning": await availability.find_bookable(
                session, now=now, specialty_id=world.specialty_id,
                window=(time(6), time(12)), viewer=viewer,
            ),
        }  # fmt: skip


async def test_a_held_place_is_free_nowhere_but_for_its_holder(world) -> None:
    slot = await _held_for_1002(world)
    nobody = {"days": set(), "times": [], "next": None, "nearest": [], "specialty": [],
              "search": [], "search_morning": []}  # fmt: skip
    assert await _seen(world) == nobody
    assert await _seen(world, viewer=world.patients[1003]) == nobody
    holder = await _seen(world, viewer=world.patients[1002])
    assert holder["days"] == {T.date()} and holder["next"] == T
    for key in ("times", "nearest", "specialty", "search", "search_morning"):
        assert [s.id for s in holder[key]] == [slot], key
    # Once the hold has expired on the clock, the place is free again for everyone.
    later = NOW + timedelta(minutes=16)
    assert (await _seen(world, now=later))["days"] == {T.date()}
    assert (await _seen(world, now=later))["next"] == T


async def test_a_held_place_leaves_later_free_times_visible(world) -> None:
    await _held_for_1002(world)
    later = await add_slot(world, starts_at=T + timedelta(days=1))
    seen = await _seen(world)
    assert seen["days"] == {T.date() + timedelta(days=1)}
    assert seen["next"] == T + timedelta(days=1)
    assert [s.id for s in seen["nearest"]] == [later]


async def test_a_slot_with_two_places_and_one_held_stays_free(world) -> None:
    slot = await add_slot(world, starts_at=T, capacity=2)
    first = await _book(world, 1001, slot)
    await _book(world, 1004, slot)
    await _join(world, 1002)
    await booking.cancel_appointment(
        world.factory, appointment_id=first.id, actor=world.actors[1001], now=NOW
    )
    assert [h.status for h in await _holds(world)] == ["active"]
    assert (await _seen(world))["next"] is None  # one free place, held
    async with unit_of_work(world.factory) as session:
        other = await session.scalar(
            select(Appointment.id).where(Appointment.patient_id == world.patients[1004])
        )
    await booking.cancel_appointment(
        world.factory, appointment_id=other, actor=world.actors[1004], now=NOW
    )
    # 1003 does not wait: the second place is free again, the slot shows.
    assert (await _seen(world))["next"] == T


# --- an entry waiting again ---------------------------------------------------------------------


async def test_a_declined_offer_brings_a_place_freed_meanwhile(world) -> None:
    # 1002 waits; X frees and is held for 1002; meanwhile Y frees while 1002 is busy with X
    # and nobody else waits, so Y stays free. 1002 says no to X → Y is offered to 1002.
    x = await add_slot(world, starts_at=T)
    y = await add_slot(world, starts_at=T + timedelta(hours=1))
    ax = await _book(world, 1001, x)
    ay = await _book(world, 1003, y)
    await _join(world, 1002)
    await booking.cancel_appointment(
        world.factory, appointment_id=ax.id, actor=world.actors[1001], now=NOW
    )
    await booking.cancel_appointment(
        world.factory, appointment_id=ay.id, actor=world.actors[1003], now=NOW
    )
    ((slot, _p, status, hold_x),) = await _holds(world)
    assert (slot, status) == (x, "active")
    await waitlist_offers.decline(world.factory, actor=world.actors[1002], hold_id=hold_x, now=NOW)
    holds = await _holds(world)
    assert [(h.slot_id, h.status) for h in holds] == [(x, "declined"), (y, "active")]
    assert holds[1].patient_id == world.patients[1002]
    assert await _status(world, 1002) == "offered"
    # Declined again: X was offered to it once already, Y too: nothing more to offer.
    await waitlist_offers.decline(
        world.factory, actor=world.actors[1002], hold_id=holds[1].id, now=NOW
    )
    assert [h.status for h in await _holds(world)] == ["declined", "declined"]
    assert await _status(world, 1002) == "waiting"


async def test_an_expired_offer_brings_a_free_place_by_the_same_rules(world) -> None:
    x = await add_slot(world, starts_at=T)
    evening = await add_slot(world, starts_at=T.replace(hour=18))
    morning_2 = await add_slot(world, starts_at=T + timedelta(days=1))
    ax = await _book(world, 1001, x)
    a_evening = await _book(world, 1003, evening)
    a_morning = await _book(world, 1004, morning_2)
    await _join(world, 1002, part="morning")
    await booking.cancel_appointment(
        world.factory, appointment_id=ax.id, actor=world.actors[1001], now=NOW
    )
    for appt, tg in ((a_evening, 1003), (a_morning, 1004)):  # freed while 1002 holds X
        await booking.cancel_appointment(
            world.factory, appointment_id=appt.id, actor=world.actors[tg], now=NOW
        )
    later = NOW + timedelta(minutes=20)
    assert await waitlist_offers.expire_offers(world.factory, now=later) == 1
    holds = await _holds(world)
    # Not the evening place (1002 waits for mornings), but the next morning one.
    assert [(h.slot_id, h.status) for h in holds] == [(x, "expired"), (morning_2, "active")]


async def test_joining_is_offered_a_place_already_free(world) -> None:
    slot = await add_slot(world, starts_at=T)
    entry = await _join(world, 1002)
    assert entry.status == "offered"
    ((held, patient, status, _id),) = await _holds(world)
    assert (held, patient, status) == (slot, world.patients[1002], "active")
    # A second patient joining is not offered the place held for the first.
    assert (await _join(world, 1003)).status == "waiting"
    assert len(await _holds(world)) == 1
