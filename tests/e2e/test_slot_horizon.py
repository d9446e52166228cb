"""The bot keeps every doctor's slots out to the booking horizon by itself (a daily job)."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta

from sqlalchemy import func, select

from bot.application import SLOT_HORIZON_JOB
from bot.inprocess import stop_bot
from db.engine import unit_of_work
from db.models import AppointmentSlot
from services import schedules, slots
from services.policy import Actor
from tests.world import NOW, add_patient, build_world

SYSTEM = Actor.system()
TODAY = date(2030, 3, 4)  # NOW: Monday 08:00 in London; the clinic books 60 days ahead


async def _doctor_with_hours_and_three_days_of_slots(harness):
    """Dr. Test 0 works 09:00-12:00 on weekdays, but slots were made for three days only."""
    world = await build_world(harness.factory, doctors=1)
    async with unit_of_work(harness.factory) as session:
        for weekday in range(5):
            await schedules.set_working_hours(
                session,
                actor=SYSTEM,
                now=NOW,
                doctor_id=world.doctor_ids[0],
                weekday=weekday,
                start=time(9),
                end=time(12),
            )
        await slots.generate_slots(
            session, actor=SYSTEM, start=TODAY, end=TODAY + timedelta(days=2), now=NOW
        )
    return world


async def _to_the_calendar(pat) -> None:
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    await pat.send_text("dr test 0")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    reply = await pat.press("📅 Choose a day")
    assert "choose a day" in reply.text


async def _run_the_job(harness) -> None:
    (job,) = harness.app.job_queue.get_jobs_by_name(SLOT_HORIZON_JOB)
    await job.run(harness.app)


async def test_a_day_beyond_the_first_month_offers_times_after_the_job(harness) -> None:
    world = await _doctor_with_hours_and_three_days_of_slots(harness)
    await add_patient(world, 1101)
    pat = harness.sandbox.user(1101, "Pat")
    await _to_the_calendar(pat)
    # Monday 15 April: 42 days ahead, inside the 60-day horizon, a working day.
    reply = await pat.send_text("15.04")
    # The reproduction: the doctor works all of April, yet nothing is offered.
    assert "has no free times in the coming weeks" in reply.text, reply.text

    await _run_the_job(harness)
    reply = await pat.send_text("15.04")  # typed again at the same step
    assert "Monday 15 April" in reply.text and "no free time" not in reply.text, reply.text
    assert reply.last.button_texts[:3] == ["09:00", "09:30", "10:00"]

    # Four days later the horizon has moved: Tuesday 7 May (60 days after Friday 8 March)
    # has no times until the job runs again.
    harness.clock.now = NOW + timedelta(days=4)
    reply = await pat.send_text("07.05")
    assert "no free time" in reply.text and "09:00" not in reply.last.button_texts, reply.text
    await _run_the_job(harness)
    reply = await pat.send_text("07.05")
    assert "Tuesday 7 May" in reply.text and "09:00" in reply.last.button_texts, reply.text


async def test_the_job_runs_by_itself_shortly_after_start(harness) -> None:
    await _doctor_with_hours_and_three_days_of_slots(harness)
    assert harness.app is not None
    await stop_bot(harness.app)

    async def count() -> int:
        async with unit_of_work(harness.factory) as session:
            return await session.scalar(select(func.count()).select_from(AppointmentSlot)) or 0

    assert await count() == 3 * 6
    async with harness.restart(slot_horizon_first=timedelta(seconds=0.2)) as app:
        harness.app = app
        (job,) = app.job_queue.get_jobs_by_name(SLOT_HORIZON_JOB)
        assert job.job.trigger.interval == timedelta(hours=24)
        for _ in range(200):
            if await count() > 3 * 6:
                break
            await asyncio.sleep(0.05)
        # Weekdays from Monday 4 March to Friday 3 May: 9 weeks less the weekend days.
        weekdays = sum(1 for d in range(61) if (TODAY + timedelta(days=d)).weekday() < 5)
        assert await count() == weekdays * 6
    harness.app = None
