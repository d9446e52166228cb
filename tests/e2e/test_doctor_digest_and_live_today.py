"""The morning digest and the /today that updates itself, through the sandbox with the
injected clock: the digest at its time with the day's lines, once; a changed time; off; the
doctor's /today edited in place when a patient books, confirms and cancels; an edit that
cannot be made is dropped quietly."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.application import DIGEST_JOB
from db.engine import unit_of_work
from db.models import AuditLog, Doctor, Notification
from handlers.doctor_buttons import DigestPick
from services import booking
from tests.e2e.processes import until
from tests.e2e.test_doctor_day import DOCTOR_TG, add_visit, build_day
from tests.world import NOW, add_patient, add_slot

MORNING = "Good morning!"


@pytest.fixture
async def day(harness):
    return await build_day(harness)


async def _run_job(harness) -> None:
    (job,) = harness.app.job_queue.get_jobs_by_name(DIGEST_JOB)
    await job.run(harness.app)


async def _digests(w) -> list[Notification]:
    """Dr. Test 0's digest rows, oldest first."""
    async with unit_of_work(w.factory) as session:
        rows = await session.scalars(
            select(Notification)
            .where(
                Notification.kind == "doctor.morning_digest",
                Notification.dedupe_key.startswith(f"digest:{w.doctor_ids[0]}:"),
            )
            .order_by(Notification.due_at)
        )
        return list(rows.all())


def _mornings(doc) -> list:
    return [m for m in doc.bot_messages if MORNING in m.text]


async def _settle(seconds: float = 1.5) -> None:
    await asyncio.sleep(seconds)


def _has_morning(doc):
    async def check() -> bool:
        return bool(_mornings(doc))

    return check


async def test_the_digest_comes_once_at_its_time_with_the_days_lines(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    harness.clock.now = NOW - timedelta(hours=2)  # Monday 06:00 in London
    await _run_job(harness)
    await _run_job(harness)  # a second process, or the next run: still one row
    (row,) = await _digests(day)
    assert row.due_at == NOW - timedelta(minutes=30) and row.status == "pending"
    harness.clock.now = NOW - timedelta(minutes=31)  # 07:29: not yet
    await _settle()
    assert _mornings(doc) == []
    harness.clock.now = NOW - timedelta(minutes=30)  # 07:30
    assert await until(_has_morning(doc), 10), doc.transcript()
    (digest,) = _mornings(doc)
    assert "Today, Monday 4 March" in digest.text
    assert "07:30 · Ann Lee, 44 years · Itchy rash · first visit · ⚠️ allergies — ⚪ booked" in (
        digest.text
    )
    assert "08:00 · Bob Roe · Follow-up · returning — ⚪ booked" in digest.text
    assert "Dee Fox" not in digest.text  # another doctor's patient
    assert digest.button_texts == ["📋 Open today's list"]
    # Later that morning the job runs again: Monday's is not sent again, Tuesday's waits.
    harness.clock.now = NOW
    await _run_job(harness)
    await _settle()
    assert len(_mornings(doc)) == 1
    monday, tuesday = await _digests(day)
    assert monday.status == "sent" and tuesday.status == "pending"
    assert tuesday.due_at == NOW + timedelta(days=1, minutes=-30)
    # Tuesday has no visits: nothing is sent (a digest with nothing in it is noise).
    harness.clock.now = NOW + timedelta(days=1, minutes=-30)
    assert await until(lambda: _status_is(day, tuesday.id, "dropped"), 10)
    assert len(_mornings(doc)) == 1
    opened = await doc.press("📋 Open today's list", digest)
    assert "Today, Tuesday 5 March" in opened.text


async def _status_is(w, row_id, status: str) -> bool:
    async with unit_of_work(w.factory) as session:
        row = await session.get(Notification, row_id)
        return row is not None and row.status == status


async def test_a_changed_time_is_honoured_and_off_sends_nothing(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    harness.clock.now = NOW - timedelta(hours=2)  # Monday 06:00
    await _run_job(harness)
    unclear = await doc.send_command("/digest", "25:00")
    assert "Please write a time such as 07:00" in unclear.text
    assert "at <b>07:30</b>" in unclear.last.html or "at 07:30" in unclear.text
    moved = await doc.send_command("/digest", "07:00")
    assert "Done: the digest comes at 07:00 (London time)" in moved.text
    (row,) = await _digests(day)  # the 07:30 row was taken back, the 07:00 one written
    assert row.due_at == NOW - timedelta(hours=1) and row.status == "pending"
    harness.clock.now = NOW - timedelta(hours=1)  # 07:00
    assert await until(_has_morning(doc), 10), doc.transcript()
    # From /today's 🔔 button: another time, then off.
    harness.clock.now = NOW
    listing = await doc.send_command("/today")
    assert "🔔 Digest" in listing.button_texts
    settings = await doc.press("🔔 Digest")
    assert "Morning digest" in settings.text and "✓ 07:00" in settings.button_texts
    picked = await doc.press("08:30")
    assert "Done: the digest comes at 08:30" in picked.text
    assert "✓ 08:30" in picked.button_texts
    await add_visit(day, 2, NOW + timedelta(days=1, hours=2))  # Tuesday 10:00: a day to send
    harness.clock.now = NOW + timedelta(minutes=1)
    off = await doc.press("🔕 Turn it off")
    assert "the morning digest is off" in off.text
    async with unit_of_work(day.factory) as session:
        doctor = await session.get(Doctor, day.doctor_ids[0])
        assert doctor.digest_at is None
        actions = (
            await session.scalars(
                select(AuditLog.details)
                .where(AuditLog.action == "doctor.digest_set")
                .order_by(AuditLog.at, AuditLog.id)
            )
        ).all()
    assert [(a["from"], a["to"]) for a in actions] == [
        ("07:30", "07:00"), ("07:00", "08:30"), ("08:30", None)
    ]  # fmt: skip
    harness.clock.now = NOW + timedelta(hours=22)  # Tuesday 06:00: the job writes nothing
    await _run_job(harness)
    assert [r.status for r in await _digests(day)] == ["sent"]
    harness.clock.now = NOW + timedelta(days=1, hours=1)  # Tuesday 09:00
    await _settle()
    assert len(_mornings(doc)) == 1
    # A forged pick outside the day's minutes has expired and changes nothing.
    forged = await doc.press_data(off.last.message_id, DigestPick(False, 5000, True).pack())
    assert forged.callback_answer.text == "This button has expired."
    async with unit_of_work(day.factory) as session:
        assert (await session.get(Doctor, day.doctor_ids[0])).digest_at is None


async def test_today_edits_itself_when_a_patient_books_confirms_and_cancels(
    harness, day, caplog
) -> None:
    caplog.set_level(logging.INFO)
    await add_patient(day, 5, name="Eve Park")
    slot = await add_slot(day, starts_at=NOW + timedelta(hours=6))  # 14:00 today
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    shown = await doc.send_command("/today")
    message_id = shown.last.message_id
    assert "Eve Park" not in shown.text

    def text_has(part: str):
        async def check() -> bool:
            return part in doc.message(message_id).text

        return check

    appt = await booking.book_slot(
        day.factory, actor=day.actors[5], patient_id=day.patients[5], slot_id=slot, now=NOW
    )
    assert await until(text_has("14:00 · Eve Park · first visit — ⚪ booked"), 10), doc.transcript()
    assert "4 visits still to see" in doc.message(message_id).text
    await booking.confirm_appointment(
        day.factory, appointment_id=appt.id, actor=day.actors[5], now=NOW
    )
    assert await until(text_has("14:00 · Eve Park · first visit — 🔵"), 10), doc.transcript()
    await booking.cancel_appointment(
        day.factory, appointment_id=appt.id, actor=day.actors[5], now=NOW
    )
    assert await until(text_has("14:00 · Eve Park · first visit — ➖"), 10), doc.transcript()
    assert "3 visits still to see" in doc.message(message_id).text
    # Edited in place: the /today is still one message (the booked/cancelled notices aside).
    assert doc.message(message_id).edited
    # An edit that cannot be made (the message is gone) is dropped quietly.
    async with unit_of_work(day.factory) as session:
        await session.execute(
            update(Doctor).where(Doctor.id == day.doctor_ids[0]).values(today_message_id=999_999)
        )
    before = len(doc.bot_messages)
    slot2 = await add_slot(day, starts_at=NOW + timedelta(hours=7))
    await booking.book_slot(
        day.factory, actor=day.actors[5], patient_id=day.patients[5], slot_id=slot2, now=NOW
    )

    async def refused() -> bool:
        async with unit_of_work(day.factory) as session:
            found = await session.execute(
                select(Notification.status, Notification.last_error).where(
                    Notification.kind == "doctor.today_refresh",
                    Notification.status == "dropped",
                )
            )
            return any(r.last_error == "edit-refused" for r in found)

    assert await until(refused, 10)
    await _settle()
    # No new message from the refresh (a booking notice may come a minute later, not yet).
    assert len(doc.bot_messages) == before
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    # A visit of another day does not touch today's list: no refresh is written.
    refreshes = await _refresh_count(day)
    tomorrow = await add_slot(day, starts_at=NOW + timedelta(days=1, hours=6))
    await booking.book_slot(
        day.factory, actor=day.actors[5], patient_id=day.patients[5], slot_id=tomorrow, now=NOW
    )
    assert await _refresh_count(day) == refreshes


async def _refresh_count(w) -> int:
    async with unit_of_work(w.factory) as session:
        rows = await session.scalars(
            select(Notification.id).where(Notification.kind == "doctor.today_refresh")
        )
        return len(rows.all())


async def test_a_card_shown_in_place_of_today_is_not_overwritten(harness, day) -> None:
    await add_patient(day, 5, name="Eve Park")
    slots = [await add_slot(day, starts_at=NOW + timedelta(hours=h)) for h in (6, 7)]
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    shown = await doc.send_command("/today")
    message_id = shown.last.message_id
    card = await doc.press("09:30 Cy <Ng>")
    assert "Visit" in card.text or "09:30" in card.text

    async def forgotten() -> bool:  # the card took the list's place (just after the press)
        async with unit_of_work(day.factory) as session:
            return (await session.get(Doctor, day.doctor_ids[0])).today_message_id is None

    assert await until(forgotten, 10)
    await booking.book_slot(
        day.factory, actor=day.actors[5], patient_id=day.patients[5], slot_id=slots[0], now=NOW
    )
    await _settle()
    assert "Eve Park" not in doc.message(message_id).text
    assert doc.message(message_id).text == card.edited[-1].text
    back = await doc.press("⬅️ Today's list")
    assert "14:00 · Eve Park" in back.text  # drawn afresh, and remembered again
    await booking.book_slot(
        day.factory, actor=day.actors[5], patient_id=day.patients[5], slot_id=slots[1], now=NOW
    )

    async def both() -> bool:
        return "15:00 · Eve Park" in doc.message(message_id).text

    assert await until(both, 10), doc.transcript()
