"""The front desk books, moves and cancels on a patient's behalf, end to end: a patient
typed in by phone (no chat: nobody is messaged), who later links their chat and from then
on is told in their own language with the calendar file; a walk-in inside the minimum
notice; forged presses and another clinic's patients, visits and doctors refused."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select, text

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog, Clinic, Doctor, Notification, User
from handlers.callbacks import PickSlot
from handlers.desk_booking_buttons import DeskBook, DeskCancel, DeskCancelYes, DeskDoctor, DeskMove
from services import booking
from services.errors import BookingWindowClosed, NotAllowed
from tests.e2e.conftest import TOKEN
from tests.e2e.test_doctor_day import add_visit
from tests.world import add_patient, add_slot, add_staff, build_world

EXPIRED = "This button has expired."
DESK, DESK_B, ZOE = 5001, 5002, 2001
DESK_KINDS = ("appointment.desk_booked", "appointment.desk_moved", "appointment.desk_cancelled")


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
    w = await build_world(harness.factory, doctors=2)
    await add_staff(w, DESK)
    wed = harness.clock.now + timedelta(days=2, hours=1)  # Wednesday 6 March, 09:00 London
    for hours in (0, 1, 2, 5):
        await add_slot(w, starts_at=wed + timedelta(hours=hours))
    await add_slot(w, starts_at=wed + timedelta(hours=5, minutes=30))
    return w


async def _clinic_b(w) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A second clinic with its own front desk, doctor and free slot: (clinic, doctor, slot)."""
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name="Other Clinic", address="2 Low St", city="London",
                        timezone="Europe/London")  # fmt: skip
        desk = User(telegram_user_id=DESK_B, chat_id=DESK_B, full_name="Desk B", role="staff")
        session.add_all([clinic, desk])
        await session.flush()
        await session.execute(
            text("INSERT INTO staff (user_id, clinic_id) VALUES (:u, :c)"),
            {"u": desk.id, "c": clinic.id},
        )
        doctor = Doctor(clinic_id=clinic.id, specialty_id=w.specialty_id, full_name="Dr. Far",
                        license_number="B-1", max_patients_per_day=20,
                        visit_minutes=30)  # fmt: skip
        session.add(doctor)
        await session.flush()
        start = (await session.get_one(AppointmentSlot, w.slots[0])).starts_at
        slot = AppointmentSlot(doctor_id=doctor.id, clinic_id=clinic.id, starts_at=start,
                               ends_at=start + timedelta(minutes=30))  # fmt: skip
        session.add(slot)
        await session.flush()
        return clinic.id, doctor.id, slot.id


async def _rows(harness, patient_id: uuid.UUID) -> list[Appointment]:
    async with unit_of_work(harness.factory) as session:
        found = await session.scalars(
            select(Appointment).where(Appointment.patient_id == patient_id)
            .order_by(Appointment.created_at, Appointment.starts_at)
        )  # fmt: skip
        return list(found)


async def _audit(harness, action: str, appointment_id: uuid.UUID) -> AuditLog:
    async with unit_of_work(harness.factory) as session:
        return await session.scalar(
            select(AuditLog).where(
                AuditLog.action == action, AuditLog.resource_id == str(appointment_id)
            )
        )


async def _desk_notices(harness) -> list[str]:
    async with unit_of_work(harness.factory) as session:
        kinds = select(Notification.kind).where(Notification.kind.in_(DESK_KINDS))
        return list(await session.scalars(kinds))


def _files(harness, user) -> list[tuple[str, object]]:
    """Every .ics the user received, parsed: (METHOD, its VEVENT)."""
    found = []
    for message in user.bot_messages:
        if message.document is not None and message.document.file_name.endswith(".ics"):
            cal = Calendar.from_ical(harness.sandbox.file_bytes(message.document.file_id))
            found.append((str(cal["METHOD"]), cal.walk("VEVENT")[0]))
    return found


async def _until(check, within: float = 10.0) -> None:
    for _ in range(int(within / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out waiting")


async def _book(desk, day: str, time: str, reason: str | None = None, doctor="Dr. Test 0"):
    """From the patient's card shown last: 📅 Book a visit → doctor → day → time → reason."""
    reply = await desk.press("📅 Book a visit")
    assert "Which doctor" in reply.text
    await desk.press(f"{doctor} · Dermatology")
    await desk.press(day)
    reply = await desk.press(time)
    assert "What is the visit about" in reply.text
    if reason is None:
        return await desk.press("Skip")
    return await desk.send_text(reason)


async def _card(desk, query: str):
    await desk.send_command("/find", query)
    return await desk.press(0)


async def test_the_desk_books_moves_and_cancels_for_a_phone_patient_who_later_links(
    harness, world
) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    desk_id = world.actors[DESK].user_id
    await desk.send_command("/newpatient")
    await desk.send_text("Zoe Quinn")
    await desk.send_text("07911 123999")
    await desk.send_text("12.03.1985")
    await desk.press("✅ Save")
    card = await desk.press("📇 Open the card")
    assert "📅 Book a visit" in card.button_texts
    zoe_sql = "SELECT p.id FROM patients p JOIN users u ON u.id = p.user_id WHERE u.phone = :p"
    async with unit_of_work(harness.factory) as session:
        zoe_patient = (await session.execute(text(zoe_sql), {"p": "+447911123999"})).scalar_one()

    # Booked: the summary names the patient; a reason too long is refused and asked again.
    reply = await _book(desk, "6●", "09:00", "x" * 301)
    assert "300" in reply.text
    reply = await desk.send_text("Rash on the arm")
    assert "Zoe Quinn" in reply.text and "Dr. Test 0" in reply.text and "Rash" in reply.text
    assert await _rows(harness, zoe_patient) == []  # nothing before Confirm
    reply = await desk.press("✅ Confirm")
    assert "Booked for" in reply.text and "Zoe Quinn" in reply.text
    [first] = await _rows(harness, zoe_patient)
    assert (first.status, first.created_via, first.created_by) == ("scheduled", "staff", desk_id)
    assert first.reason == "Rash on the arm"
    assert (await _audit(harness, "appointment.book", first.id)).actor_user_id == desk_id

    # Moved: the same doctor, another time.
    card = await _card(desk, "zoe quinn")
    assert "Wed 6 Mar, 09:00" in card.text
    await desk.press("🔁 Move Wed 6 Mar, 09:00")
    await desk.press("6●")
    reply = await desk.press("10:00")
    assert "Instead of Wed 6 Mar, 09:00" in reply.text and "Zoe Quinn" in reply.text
    reply = await desk.press("✅ Confirm")
    assert "Moved" in reply.text and "10:00" in reply.text
    old, moved = await _rows(harness, zoe_patient)
    assert (old.status, moved.status, moved.created_via) == ("cancelled", "scheduled", "staff")
    assert moved.rescheduled_from_id == old.id and moved.created_by == desk_id
    assert (await _audit(harness, "appointment.reschedule", moved.id)).actor_user_id == desk_id

    # Cancelled, after a question; Keep it changes nothing.
    card = await _card(desk, "zoe quinn")
    reply = await desk.press("✖️ Cancel Wed 6 Mar, 10:00")
    assert "Cancel" in reply.text and "Zoe Quinn" in reply.text
    reply = await desk.press("✅ Yes, cancel it")
    assert "Cancelled" in reply.text
    _old, gone = await _rows(harness, zoe_patient)
    assert (gone.status, gone.cancelled_by) == ("cancelled", desk_id)
    assert gone.cancellation_reason == "cancelled by the front desk"
    assert (await _audit(harness, "appointment.cancel", gone.id)).actor_user_id == desk_id
    # A visit that stays, booked before Zoe has a chat: nobody is messaged (no row at all).
    await _card(desk, "zoe quinn")
    await _book(desk, "6●", "11:00")
    await desk.press("✅ Confirm")
    assert await _desk_notices(harness) == []

    # Zoe writes to the bot: her chat joins the record, /my shows what the desk booked.
    zoe = harness.sandbox.user(ZOE, "Zoe", "Q")
    await zoe.send_command("/start")
    await zoe.press("✅ I agree")
    reply = await zoe.share_contact("447911123999")
    assert "already registered you" in reply.texts[0]
    reply = await zoe.send_command("/my")
    assert any("Wed 6 Mar, 11:00 · Dr. Test 0" in b for b in reply.button_texts)
    async with unit_of_work(harness.factory) as session:
        await session.execute(text("UPDATE users SET language = 'es' WHERE telegram_user_id = :t"),
                              {"t": ZOE})  # fmt: skip

    # From now on she is told, in Spanish, with the calendar file.
    await _card(desk, "zoe quinn")
    await _book(desk, "6●", "14:00", doctor="Dr. Test 0")
    await desk.press("✅ Confirm")
    await _until(lambda: len(_files(harness, zoe)) == 1)
    assert any("La recepción" in m.text for m in zoe.bot_messages)
    method, event = _files(harness, zoe)[0]
    booked = (await _rows(harness, zoe_patient))[-1]
    assert method == "REQUEST" and str(event["UID"]) == f"{booked.id}@careslot"
    assert int(event["SEQUENCE"]) == 0

    await _card(desk, "zoe quinn")
    await desk.press("🔁 Move Wed 6 Mar, 14:00")
    await desk.press("6●")
    await desk.press("14:30")
    await desk.press("✅ Confirm")
    await _until(lambda: len(_files(harness, zoe)) == 2)
    method, event = _files(harness, zoe)[1]
    assert method == "REQUEST" and str(event["UID"]) == f"{booked.id}@careslot"
    assert int(event["SEQUENCE"]) == 1

    await _card(desk, "zoe quinn")
    await desk.press("✖️ Cancel Wed 6 Mar, 14:30")
    await desk.press("✅ Yes, cancel it")
    await _until(lambda: len(_files(harness, zoe)) == 3)
    method, event = _files(harness, zoe)[2]
    assert method == "CANCEL" and str(event["UID"]) == f"{booked.id}@careslot"
    assert int(event["SEQUENCE"]) == 2
    assert sorted(await _desk_notices(harness)) == sorted(DESK_KINDS)


async def test_a_walk_in_inside_the_notice_books_for_the_desk_only(harness, world) -> None:
    await add_patient(world, 1001, "John Smith")
    await add_visit(world, 1001, harness.clock.now - timedelta(days=7), status="completed")
    soon = await add_slot(world, starts_at=harness.clock.now + timedelta(minutes=30))
    with pytest.raises(BookingWindowClosed):  # the patient himself: inside the notice
        await booking.book_slot(
            harness.factory, actor=world.actors[1001], patient_id=world.patients[1001],
            slot_id=soon, now=harness.clock.now,
        )  # fmt: skip
    desk = harness.sandbox.user(DESK, "Desk")
    # A lost race: the time is taken between the summary and Confirm; nothing is written
    # for John and the nearest free times are offered.
    await _card(desk, "john smith")
    await _book(desk, "6●", "09:00")
    await add_patient(world, 1002, "Ann Other")
    await booking.book_slot(
        harness.factory, actor=world.actors[1002], patient_id=world.patients[1002],
        slot_id=world.slots[0], now=harness.clock.now,
    )  # fmt: skip
    reply = await desk.press("✅ Confirm")
    assert "that time was just taken" in reply.text and "Wed 6 Mar, 10:00" in reply.button_texts
    assert len(await _rows(harness, world.patients[1001])) == 1  # the past visit only
    await _card(desk, "john smith")
    await _book(desk, "4●", "08:30")
    reply = await desk.press("✅ Confirm")
    assert "Booked for" in reply.text
    [_past, walk_in] = await _rows(harness, world.patients[1001])
    assert (walk_in.slot_id, walk_in.status, walk_in.created_via) == (soon, "scheduled", "staff")
    # John has a chat: he is told (a row of the outbox for him).
    assert await _desk_notices(harness) == ["appointment.desk_booked"]


async def test_forged_presses_and_another_clinics_things_are_refused(harness, world) -> None:
    await add_patient(world, 1001, "John Smith")
    await add_patient(world, 1003, "Mary Jones")
    mine = await add_visit(world, 1001, harness.clock.now + timedelta(days=3))
    clinic_b, doctor_b, slot_b = await _clinic_b(world)
    theirs = await add_visit(world, 1003, harness.clock.now + timedelta(days=3), doctor=1,
                             clinic_id=clinic_b)  # fmt: skip
    desk = harness.sandbox.user(DESK, "Desk")
    card = await _card(desk, "john smith")
    message = card.last.message_id

    before = [(a.id, a.status) for a in await _rows(harness, world.patients[1003])]
    for forged in (
        DeskBook(world.patients[1003]),  # clinic B's patient (never at this clinic)
        DeskBook(uuid.uuid4()),
        DeskMove(theirs),  # clinic B's visit
        DeskCancel(theirs),
        DeskCancelYes(theirs),
        DeskCancelYes(mine),  # never asked
    ):
        reply = await desk.press_data(message, forged.pack())
        assert reply.callback_answer is not None and EXPIRED in reply.callback_answer.text
    assert [(a.id, a.status) for a in await _rows(harness, world.patients[1003])] == before
    assert (await _rows(harness, world.patients[1001]))[0].status == "scheduled"

    # Inside the flow: another clinic's doctor, and a slot of theirs, are expired too.
    await desk.press("📅 Book a visit", message)
    listing = desk.last_bot_message.message_id
    reply = await desk.press_data(listing, DeskDoctor(doctor_b).pack())
    assert EXPIRED in reply.callback_answer.text
    await desk.press("Dr. Test 0 · Dermatology")
    calendar = desk.last_bot_message.message_id
    await desk.press("6●")
    times = desk.last_bot_message.message_id
    assert times == calendar
    reply = await desk.press_data(times, PickSlot(slot_b).pack())
    assert reply.callback_answer is not None and EXPIRED in reply.callback_answer.text

    # Desk B on clinic A's visit; a patient on the desk's buttons.
    desk_b = harness.sandbox.user(DESK_B, "Desk B")
    found = (await desk_b.send_command("/find", "john smith")).last.message_id
    for forged in (DeskCancel(mine), DeskMove(mine), DeskBook(world.patients[1001])):
        reply = await desk_b.press_data(found, forged.pack())
        assert EXPIRED in reply.callback_answer.text
    john = harness.sandbox.user(1001, "John")
    reply = await john.send_command("/my")
    reply = await john.press_data(reply.last.message_id, DeskCancelYes(mine).pack())
    assert EXPIRED in reply.callback_answer.text
    assert (await _rows(harness, world.patients[1001]))[0].status == "scheduled"

    # The services themselves refuse desk A on clinic B.
    with pytest.raises(NotAllowed):
        await booking.book_slot(
            harness.factory, actor=world.actors[DESK], patient_id=world.patients[1001],
            slot_id=slot_b, now=harness.clock.now,
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        await booking.cancel_appointment(
            harness.factory, appointment_id=theirs, actor=world.actors[DESK],
            now=harness.clock.now,
        )  # fmt: skip
