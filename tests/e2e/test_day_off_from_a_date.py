"""/today through the sandbox after the doctor's hours changed from a date on: a weekday
off from that date shows the day-off words on and after it, the old hours before it."""

from __future__ import annotations

from datetime import timedelta

from db.engine import unit_of_work
from services import hours
from services.policy import Actor
from tests.e2e.test_doctor_day import DOCTOR_TG, link_doctor
from tests.world import NOW, build_world


async def test_wednesdays_off_from_next_week(harness) -> None:
    world = await build_world(harness.factory)
    await link_doctor(world, 0, DOCTOR_TG, "Dr. Test 0")
    actor = Actor.from_user(await world.user(DOCTOR_TG))
    async with unit_of_work(world.factory) as session:
        await hours.change_hours(
            session, actor=actor, changes={2: []}, effective_from=NOW.date() + timedelta(days=7),
            now=NOW,
        )  # fmt: skip
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    harness.clock.now = NOW + timedelta(days=2, hours=1)  # Wednesday 6 March: old hours
    assert "No visits are booked for this day." in (await doc.send_command("/today")).text
    harness.clock.now = NOW + timedelta(days=9, hours=1)  # Wednesday 13 March: off
    assert "It's your day off" in (await doc.send_command("/today")).text
    harness.clock.now = NOW + timedelta(days=16, hours=1)  # and the Wednesday after
    assert "It's your day off" in (await doc.send_command("/today")).text
