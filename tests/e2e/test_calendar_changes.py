"""Calendar files that follow changes, end to end: a moved visit's .ics replaces the old
event (same UID, SEQUENCE + 1), a cancellation sends a METHOD:CANCEL file, the feed uses the
same UIDs, and the doctor's digest reads a move as one "moved" line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import text

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from services import booking
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.e2e.test_calendar_feeds import _fetch, _links
from tests.world import NOW, add_patient, add_slot, build_world

MON_14 = NOW + timedelta(hours=6)  # Monday 14:00 London (NOW: Monday 08:00 UTC, GMT)


@pytest.fixture
def settings(sandbox) -> Settings:
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
        CARESLOT_OUTBOX_POLL_SECONDS="0.1",
    )


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    for hours in (0, 1):
        await add_slot(w, starts_at=MON_14 + timedelta(hours=hours))
    return w


async def _doctor(harness, tg: int):
    async with unit_of_work(harness.factory) as session:
        user = (
            await session.execute(
                text(
                    "INSERT INTO users (telegram_user_id, chat_id, full_name, role)"
                    " VALUES (:tg, :tg, 'Dr. Test 0', 'doctor') RETURNING id"
                ),
                {"tg": tg},
            )
        ).scalar_one()
        await session.execute(text("UPDATE doctors SET user_id = :u"), {"u": user})
    return harness.sandbox.user(tg, "Doc")


def _events(harness, user) -> list:
    """Every .ics the user received, parsed: (METHOD, its VEVENT)."""
    found = []
    for message in user.bot_messages:
        if message.document is not None and message.document.file_name.endswith(".ics"):
            cal = Calendar.from_ical(harness.sandbox.file_bytes(message.document.file_id))
            found.append((str(cal["METHOD"]), cal.walk("VEVENT")[0]))
    return found


async def test_a_move_replaces_the_event_and_a_cancellation_takes_it_away(harness, world) -> None:
    await add_patient(world, 8101)
    doc = await _doctor(harness, 8109)
    pat = harness.sandbox.user(8101, "Pat")
    slot = (await _slots(harness))[0]
    first = await booking.book_slot(
        world.factory, actor=world.actors[8101], patient_id=world.patients[8101], slot_id=slot,
        now=harness.clock.now,
    )  # fmt: skip
    harness.clock.now += timedelta(seconds=61)
    booked = (await doc.wait_reply()).last
    assert "Mon 4 Mar, 14:00 · Pat Patient (booked)" in booked.text

    await pat.send_command("/my")
    await pat.press("Mon 4 Mar, 14:00 · Dr. Test 0")
    await pat.press("🔁 Reschedule")
    await pat.press("4●")
    await pat.press("15:00")
    reply = await pat.press("✅ Confirm")
    assert any("Moved!" in m.text for m in reply.edited)
    await _until(lambda: len(_events(harness, pat)) == 1)
    method, moved = _events(harness, pat)[0]
    assert method == "PUBLISH" and str(moved["UID"]) == f"{first.id}@careslot"
    assert int(moved["SEQUENCE"]) == 1 and moved.decoded("DTSTART") == MON_14 + timedelta(hours=1)

    # The doctor reads one line for the move, not a cancellation and a booking.
    harness.clock.now += timedelta(seconds=61)
    await _until(lambda: len(doc.bot_messages) == 2)
    digest = doc.bot_messages[-1].text
    assert "Pat Patient: moved from Mon 4 Mar, 14:00 to Mon 4 Mar, 15:00" in digest
    assert "(cancelled)" not in digest and "(booked)" not in digest

    await pat.send_command("/my")
    await pat.press("Mon 4 Mar, 15:00 · Dr. Test 0")
    await pat.press("✖️ Cancel")
    reply = await pat.press("Feeling better")
    assert any("The time is free for others now." in m.text for m in reply.edited)
    await _until(lambda: len(_events(harness, pat)) == 2)
    method, gone = _events(harness, pat)[1]
    assert method == "CANCEL" and str(gone["STATUS"]) == "CANCELLED"
    assert str(gone["UID"]) == f"{first.id}@careslot" and int(gone["SEQUENCE"]) == 2

    rows = await _sql(harness, "SELECT calendar_uid, calendar_sequence, status FROM appointments"
                      " ORDER BY created_at")  # fmt: skip
    assert [tuple(r) for r in rows] == [(first.id, 0, "cancelled"), (first.id, 1, "cancelled")]
    # The feed has one event for the visit (the one moved away is the same event), cancelled.
    (url,) = _links(await pat.send_command("/calendar"))
    (event,) = Calendar.from_ical((await _fetch(url))[1]).walk("VEVENT")
    assert str(event["UID"]) == f"{first.id}@careslot" and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


async def _until(check, within: float = 10.0) -> None:
    async def holds() -> bool:
        return check()

    assert await until(holds, within)


async def _slots(harness) -> list:
    return [
        r[0] for r in await _sql(harness, "SELECT id FROM appointment_slots ORDER BY starts_at")
    ]


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return (await session.execute(text(sql), params)).all()
