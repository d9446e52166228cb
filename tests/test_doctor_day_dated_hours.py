"""/today's and /agenda's day off follow the working hours in effect on each date: hours
changed from a date on (migration 0012's effective_from / effective_until) make a weekday
off from that date, or a working day from it, and leave the weeks before as they were."""

from __future__ import annotations

from datetime import date, time, timedelta

from db.engine import unit_of_work
from services import hours
from services.doctor_day import DayState, doctor_agenda, doctor_today
from services.policy import Actor
from tests.e2e.test_doctor_day import DOCTOR_TG, link_doctor
from tests.world import NOW, build_world

MONDAY = NOW.date()  # 4 March 2030
NEXT_WEEK = MONDAY + timedelta(days=7)


async def _doctor(session_factory):
    world = await build_world(session_factory)
    await link_doctor(world, 0, DOCTOR_TG, "Dr. Test 0")  # Monday to Friday 09:00-17:00
    return world, Actor.from_user(await world.user(DOCTOR_TG))


async def test_a_weekday_off_from_a_date_is_a_day_off_from_then_only(session_factory) -> None:
    world, actor = await _doctor(session_factory)
    async with unit_of_work(world.factory) as session:
        # From next Monday: Wednesdays off, Saturdays 10-14.
        await hours.change_hours(
            session, actor=actor, changes={2: [], 5: [(time(10), time(14))]},
            effective_from=NEXT_WEEK, now=NOW,
        )  # fmt: skip
    async with unit_of_work(world.factory) as session:
        agenda = await doctor_agenda(
            session, actor=actor, first=MONDAY, last=MONDAY + timedelta(days=13), now=NOW
        )
    states = {d.day: d.state for d in agenda.days}
    wed, sat = date(2030, 3, 6), date(2030, 3, 9)
    assert states[wed] is DayState.empty  # the old hours, before the date
    assert states[wed + timedelta(days=7)] is DayState.off  # off from the date on
    assert states[sat] is DayState.off  # no hours yet
    assert states[sat + timedelta(days=7)] is DayState.empty  # the new Saturday hours
    assert states[date(2030, 3, 14)] is DayState.empty  # Thursday: unchanged
    assert states[date(2030, 3, 10)] is DayState.off  # Sunday: never
    async with unit_of_work(world.factory) as session:
        later = NOW + timedelta(days=9)  # Wednesday 13 March
        assert (await doctor_today(session, actor=actor, now=later)).state is DayState.off
        earlier = NOW + timedelta(days=2)  # Wednesday 6 March
        assert (await doctor_today(session, actor=actor, now=earlier)).state is DayState.empty
