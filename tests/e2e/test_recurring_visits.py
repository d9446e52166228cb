"""Recurring visits end to end: a weekly series with one occurrence taken → its alternative
chosen → all booked in one transaction (a race meanwhile books nothing), each with its
reminders; a double tap books once; cancel this and all following (a METHOD:CANCEL file);
move this and all following."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import text

from db.engine import unit_of_work
from services import booking
from tests.world import NOW, add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (GMT until 31 March)
WEEK = timedelta(weeks=1)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    for week in range(4):
        await add_slot(w, starts_at=WED + week * WEEK)
    for extra in (WED + 2 * WEEK + timedelta(hours=1), WED + 3 * WEEK + timedelta(hours=1)):
        await add_slot(w, starts_at=extra)  # the alternatives of weeks 3 and 4
    for week in range(2):  # where the first two can move to
        await add_slot(w, starts_at=WED + week * WEEK + timedelta(minutes=30))
    return w


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        result = await session.execute(text(sql), params)
        return result.all() if result.returns_rows else []


async def _slot_at(harness, starts_at: datetime):
    rows = await _sql(harness, "SELECT id FROM appointment_slots WHERE starts_at = :s", s=starts_at)
    return rows[0][0]


async def _mine(harness, patient_id) -> list:
    return await _sql(
        harness,
        "SELECT id, starts_at, status, series_id FROM appointments WHERE patient_id = :p"
        " ORDER BY starts_at",
        p=patient_id,
    )


async def _files(harness, user, count: int) -> list[Calendar]:
    for _ in range(100):
        docs = [m.document for m in user.bot_messages if m.document is not None]
        if len(docs) >= count:
            return [Calendar.from_ical(harness.sandbox.file_bytes(d.file_id)) for d in docs]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} calendar files did not arrive")


async def test_a_weekly_series_with_a_taken_week_books_its_alternative_in_one_go(
    harness, world
) -> None:
    me = await add_patient(world, 8201)
    rival = await add_patient(world, 8202, "Rita Rival")
    await booking.book_slot(
        world.factory, actor=world.actors[8202], patient_id=rival,
        slot_id=await _slot_at(harness, WED + 2 * WEEK), now=NOW,
    )  # fmt: skip
    pat = harness.sandbox.user(8201, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (1)")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    await pat.press("6●")
    await pat.press("09:00")
    reply = await pat.press("Skip")
    assert reply.last.button_texts[:2] == ["✅ Confirm", "🔁 Repeat"]
    reply = await pat.press("🔁 Repeat")
    assert "how often?" in reply.text
    reply = await pat.press("Every week")
    assert "How many visits in all" in reply.text
    reply = await pat.send_text("13")  # typed, and too many: said, and asked again
    assert "A series has 2 to 12 visits." in reply.text and "How many visits" in reply.text
    reply = await pat.press("4")
    plan = reply.text
    assert "Nothing is booked yet" in plan
    assert "✅ Wed 6 Mar, 09:00" in plan and "✅ Wed 13 Mar, 09:00" in plan
    assert "⚠️ Wed 20 Mar, 09:00 — that time is taken" in plan
    assert "✅ Wed 27 Mar, 09:00" in plan
    assert "Wed 20 Mar, 10:00 instead" in reply.last.button_texts
    assert "✅ Book all 4 visits" not in reply.last.button_texts  # week 3 is not decided yet
    assert await _mine(harness, me) == []
    reply = await pat.press("Wed 20 Mar, 10:00 instead")
    assert "🔄 Wed 20 Mar, 10:00 (instead of Wed 20 Mar, 09:00)" in reply.text

    # Week 4 is taken while the plan is on screen: nothing is written, the plan is shown again.
    await booking.book_slot(
        world.factory, actor=world.actors[8202], patient_id=rival,
        slot_id=await _slot_at(harness, WED + 3 * WEEK), now=NOW,
    )  # fmt: skip
    reply = await pat.press("✅ Book all 4 visits")
    assert "Something changed while you were looking, so nothing was booked" in reply.text
    assert "⚠️ Wed 27 Mar, 09:00 — that time is taken" in reply.text
    assert await _mine(harness, me) == []
    shown = (await pat.press("Wed 27 Mar, 10:00 instead")).last
    book = next(b for row in shown.buttons for b in row if b.text == "✅ Book all 4 visits")
    reply = await pat.press("✅ Book all 4 visits")
    booked = next(m for m in reply.edited if "Booked!" in m.text)
    assert "4 visits with Dr. Test 0" in booked.text
    mine = await _mine(harness, me)
    assert [r.starts_at for r in mine] == [
        WED,
        WED + WEEK,
        WED + 2 * WEEK + timedelta(hours=1),
        WED + 3 * WEEK + timedelta(hours=1),
    ]
    assert {r.status for r in mine} == {"scheduled"}
    assert len({r.series_id for r in mine}) == 1 and mine[0].series_id is not None
    # Each has its own reminders and its audit row; one series row.
    reminders = await _sql(
        harness, "SELECT appointment_id, count(*) FROM notifications"
        " WHERE kind = 'appointment.reminder' AND appointment_id = ANY(:ids)"
        " GROUP BY appointment_id", ids=[r.id for r in mine],
    )  # fmt: skip
    # (how many each, after the clinic's quiet hours, is the reminders' own rule)
    assert len(reminders) == 4 and all(n >= 1 for _, n in reminders)
    audits = await _sql(harness, "SELECT action, count(*) FROM audit_logs GROUP BY action")
    assert dict(audits)["appointment.series_book"] == 1
    (ics,) = await _files(harness, pat, 1)
    assert len(ics.walk("VEVENT")) == 4

    # A second press of the same Book button (a double tap) books nothing more.
    again = await pat.press_data(shown.message_id, book.callback_data)
    assert again.callback_answer.text == "This visit is already booked."
    assert len(await _mine(harness, me)) == 4

    # Cancel this and all following, from week 3.
    await pat.send_command("/my")
    await pat.press("Wed 20 Mar, 10:00 · Dr. Test 0")
    reply = await pat.press("✖️ Cancel this and all following")
    assert "and the following ones of its series — 2 visits in all?" in reply.text
    reply = await pat.press("✖️ Yes, cancel 2 visits")
    assert "Cancelled 2 visits from Wed 20 Mar, 10:00 on." in reply.edited[0].text
    assert [r.status for r in await _mine(harness, me)] == [
        "scheduled",
        "scheduled",
        "cancelled",
        "cancelled",
    ]
    _, cancel = await _files(harness, pat, 2)
    assert str(cancel["METHOD"]) == "CANCEL"
    events = cancel.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {f"{r.id}@careslot" for r in mine[2:]}
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED"}
    assert {int(e["SEQUENCE"]) for e in events} == {1}

    # Move this and all following: weeks 1 and 2 to 09:30.
    await pat.send_command("/my")
    await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    await pat.press("🔁 Move this and all following")
    await pat.press("6●")
    reply = await pat.press("09:30")
    assert "The following visits of the series move by the same number of days" in reply.text
    reply = await pat.press("✅ Confirm")
    moved = next(m for m in reply.edited if "Moved!" in m.text)
    assert "2 visits of the series are now" in moved.text
    active = [r for r in await _mine(harness, me) if r.status == "scheduled"]
    half = timedelta(minutes=30)
    assert [r.starts_at for r in active] == [WED + half, WED + WEEK + half]
    assert {r.series_id for r in active} == {mine[0].series_id}
    *_, moved_ics = await _files(harness, pat, 3)
    assert {str(e["UID"]) for e in moved_ics.walk("VEVENT")} == {
        f"{r.id}@careslot" for r in mine[:2]
    }
    assert {int(e["SEQUENCE"]) for e in moved_ics.walk("VEVENT")} == {1}


async def test_until_a_typed_day_and_a_week_the_patient_is_busy(harness, world) -> None:
    me = await add_patient(world, 8211)
    # The patient already holds a place at the time of week 2 (a slot for two).
    other = await _slot_at(harness, WED + WEEK + timedelta(minutes=30))
    await _sql(harness, "UPDATE appointment_slots SET capacity = 2 WHERE id = :s", s=other)
    await booking.book_slot(
        world.factory, actor=world.actors[8211], patient_id=me, slot_id=other, now=NOW
    )
    pat = harness.sandbox.user(8211, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (1)")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    await pat.press("6●")
    await pat.press("09:30")
    await pat.press("Skip")
    await pat.press("🔁 Repeat")
    await pat.press("Every week")
    reply = await pat.send_text("whenever")  # neither a number nor a day: said, asked again
    assert "How many visits in all" in reply.text
    reply = await pat.send_text("13.03")
    assert "✅ Wed 6 Mar, 09:30" in reply.text
    assert "⚠️ Wed 13 Mar, 09:30 — you have another visit then" in reply.text
    assert "Wed 20 Mar" not in reply.text  # until 13 March
    reply = await pat.press("⏭ Skip Wed 13 Mar, 09:30")
    assert "⏭ Wed 13 Mar, 09:30 — left out" in reply.text
    assert "A series needs at least 2 visits" in reply.text
    reply = await pat.press("⬅️ Back")
    assert "How many visits in all" in reply.text
