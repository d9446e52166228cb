"""The front desk through the sandbox: finding a patient by phone in any format and by a
misspelt name, their card, a new patient typed in by phone whose later /start with the
same contact links their chat to that record, forged presses and bad input re-asked."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, AuditLog, Clinic, Patient, Staff, User
from handlers.desk_buttons import BoardChange, BoardMark, DeskPatient
from services import booking
from tests.e2e.test_doctor_day import add_visit
from tests.world import add_patient, add_slot, add_staff, build_world

EXPIRED = "This button has expired."
DESK, OTHER_DESK_ADMIN = 5001, 7001
WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW is Monday)


async def _set_user(w, tg: int, *, phone: str, born: date, unreachable: bool = False) -> None:
    async with unit_of_work(w.factory) as session:
        patient = await session.get_one(Patient, w.patients[tg])
        patient.date_of_birth = born
        user = await session.get_one(User, patient.user_id)
        user.phone = phone
        if unreachable:
            user.unreachable_at = WED - timedelta(days=3)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    await add_patient(w, 1001, "John Smith")
    await _set_user(w, 1001, phone="+447911123123", born=date(1980, 1, 2))
    await add_patient(w, 1002, "John Smith")
    await _set_user(w, 1002, phone="+447911123456", born=date(1992, 5, 6), unreachable=True)
    await add_patient(w, 1003, "Mary Jones")  # never at this clinic
    await _set_user(w, 1003, phone="+447911123789", born=date(1975, 7, 8))
    await add_visit(w, 1001, WED)
    await add_visit(w, 1002, WED - timedelta(days=20), status="completed")
    await add_staff(w, DESK)
    return w


async def test_find_by_phone_in_any_format_and_by_a_misspelt_name(harness, world) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    await desk.send_command("/start")
    reply = await desk.press("🔎 Find patient", desk.last_bot_message)
    assert "phone number (any format) or name" in reply.text
    reply = await desk.send_command("/find")
    assert "phone number (any format) or name" in reply.text
    for typed in ("07911 123123", "+44 7911 123123", "+44-7911-123-123"):
        reply = await desk.send_text(typed)
        assert "One patient found" in reply.text, typed
        assert "John Smith" in reply.text and "2 January 1980" in reply.text
        assert "+447911123123" in reply.text and "next visit Wed 6 Mar, 09:00" in reply.text
    reply = await desk.send_text("jhon smiht")  # a typo in each word
    assert "2 patients found" in reply.text
    assert "2 January 1980" in reply.text and "6 May 1992" in reply.text
    assert "unreachable in the chat: phone them" in reply.text  # the second John Smith
    assert "no upcoming visit" in reply.text
    # By name only the patients this clinic knows; by their whole number anyone.
    reply = await desk.send_text("Mary Jones")
    assert "Nobody found" in reply.text and "➕ New patient" in reply.button_texts
    reply = await desk.send_text("07911 123789")
    assert "Mary Jones" in reply.text and "no visits at this clinic yet" in reply.text
    assert not any(b.startswith("1. ") for b in reply.button_texts)  # no card to open
    assert "8 July 1975" not in reply.text  # her birth date is what the desk must be told
    assert "🎂 Confirm date of birth · Mary Jones" in reply.button_texts
    # A card: contact and this clinic's upcoming visits; opening it is audited.
    await desk.send_text("john smith")
    reply = await desk.press("1. John Smith")
    assert "Upcoming visits here" in reply.text and "Dr. Test 0" in reply.text
    async with unit_of_work(harness.factory) as session:
        opened = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(
                AuditLog.action == "patient.card_opened",
                AuditLog.resource_id == str(world.patients[1001]),
            )
        )
    assert opened == 1
    reply = await desk.press("⬅️ Back")
    assert "2 patients found" in reply.text
    # A forged press on a patient the clinic does not know, and on nobody at all.
    listing = reply.last.message_id
    for target in (world.patients[1003], uuid.uuid4()):
        reply = await desk.press_data(listing, DeskPatient(target).pack())
        assert reply.callback_answer is not None and EXPIRED in reply.callback_answer.text


async def test_a_patient_may_not_use_the_front_desk(harness, world) -> None:
    john = harness.sandbox.user(1001, "John")
    reply = await john.send_command("/find", "Mary")
    assert "not allowed" in reply.text
    reply = await john.send_command("/newpatient")
    assert "not allowed" in reply.text
    forged = await john.press_data(reply.last.message_id, DeskPatient(world.patients[1002]).pack())
    assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text


async def _patients_with(factory, phone: str) -> list[tuple[User, Patient]]:
    async with unit_of_work(factory) as session:
        rows = await session.execute(
            select(User, Patient)
            .join(Patient, Patient.user_id == User.id)
            .where(User.phone == phone)
        )
        return [(u, p) for u, p in rows]


async def test_a_new_patient_by_phone_later_links_their_chat(harness, world) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/newpatient")
    assert "full name" in reply.text
    reply = await desk.send_text("1")  # bad input: said, asked again, nothing written
    assert "name" in reply.text.lower()
    reply = await desk.send_text("Zoe Quinn")
    assert "phone number" in reply.text
    reply = await desk.send_text("12345")
    assert "does not look like a phone number" in reply.text
    reply = await desk.send_text("07911 123123")  # John Smith's
    assert "already a patient's" in reply.text and "John Smith" in reply.text
    card = await desk.press("📇 Open the card")
    assert "Upcoming visits here" in card.text and "John Smith" in card.text
    assert "⬅️ Back" not in card.button_texts  # opened outside a search: no Back to results
    reply = await desk.send_text("07911 123999")  # the flow still waits for a number
    assert "date of birth" in reply.text
    reply = await desk.send_text("someday")
    assert "could not read" in reply.text
    reply = await desk.send_text("12.03.1985")
    assert "Zoe Quinn" in reply.text and "+447911123999" in reply.text
    assert "12 March 1985" in reply.text
    assert await _patients_with(harness.factory, "+447911123999") == []
    reply = await desk.press("✅ Save")
    assert "Saved" in reply.text
    [(user, patient)] = await _patients_with(harness.factory, "+447911123999")
    assert user.telegram_user_id is None and user.chat_id is None
    assert patient.registered_clinic_id == world.clinic_id
    assert patient.date_of_birth == date(1985, 3, 12)
    desk_id = world.actors[DESK].user_id
    async with unit_of_work(harness.factory) as session:
        audit = await session.scalar(
            select(AuditLog).where(AuditLog.action == "patient.register_by_staff")
        )
    assert audit.actor_user_id == desk_id and audit.resource_id == str(patient.id)
    # The desk books for her (booking on a patient's behalf in the chat is not built yet).
    slot = await add_slot(world, starts_at=WED + timedelta(hours=2))
    await booking.book_slot(
        harness.factory, actor=world.actors[DESK], patient_id=patient.id, slot_id=slot,
        now=harness.clock.now,
    )  # fmt: skip
    reply = await desk.send_command("/find", "zoe quin")
    assert "Zoe Quinn" in reply.text and "no chat: phone them" in reply.text
    # A second desk registration of the same number is refused at once.
    await desk.send_command("/newpatient")
    await desk.send_text("Zoe Q")
    reply = await desk.send_text("+447911123999")
    assert "already a patient's" in reply.text

    zoe = harness.sandbox.user(2001, "Zoe", "Q")
    await zoe.send_command("/start")
    await zoe.press("✅ I agree")
    reply = await zoe.send_text("07911 123999")  # typed: anyone could type it
    assert "share it with the button" in reply.text
    reply = await zoe.share_contact("447911123999")
    assert "already registered you" in reply.texts[0] and "Zoe Quinn" in reply.texts[0]
    [(linked, same)] = await _patients_with(harness.factory, "+447911123999")
    assert (linked.id, same.id) == (user.id, patient.id)  # no second patient
    assert linked.telegram_user_id == 2001 and linked.chat_id is not None
    reply = await zoe.send_command("/my")
    assert "Dr. Test 0" in reply.text or any("Dr. Test 0" in b for b in reply.button_texts)


async def _clinic_b(w, desk_tg: int) -> uuid.UUID:
    """A second clinic with its own front desk."""
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name="Other Clinic", address="2 Low St", city="London",
                        timezone="Europe/London")  # fmt: skip
        desk = User(telegram_user_id=desk_tg, chat_id=desk_tg, full_name="Desk B", role="staff")
        session.add_all([clinic, desk])
        await session.flush()
        session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
        return clinic.id


async def _visit(factory, visit_id: uuid.UUID) -> Appointment:
    async with unit_of_work(factory) as session:
        return await session.get_one(Appointment, visit_id)


async def test_the_clinic_day_board_with_an_arrival_and_refused_presses(harness, world) -> None:
    now = harness.clock.now  # Monday 08:00 in London
    soon = await add_visit(world, 1001, now + timedelta(hours=1), reason="checkup")
    late = await add_visit(world, 1002, now - timedelta(minutes=30), doctor=1)
    clinic_b = await _clinic_b(world, 5002)
    elsewhere = await add_visit(world, 1003, now + timedelta(hours=2), doctor=1, clinic_id=clinic_b)
    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/board")
    board = reply.last
    assert "Test Clinic" in board.text and "Dr. Test 0" in board.text and "Dr. Test 1" in board.text
    assert (
        board.text.index("Dr. Test 0") < board.text.index("09:00") < board.text.index("Dr. Test 1")
    )
    assert "Mary Jones" not in board.text  # clinic B's visit
    assert "2 visits still to see" in board.text
    reply = await desk.press("🟡 Arrived · 09:00 John Smith", board)
    assert reply.last.message_id == board.message_id  # edited in place
    assert "checked in" in reply.text
    row = await _visit(harness.factory, soon)
    assert row.status == "arrived" and row.status_changed_by == world.actors[DESK].user_id
    reply = await desk.press("❌ No-show · 07:30 John Smith", board)
    assert "missed" in reply.text and "1 visit still to see" in reply.text
    assert (await _visit(harness.factory, late)).status == "no_show"
    async with unit_of_work(harness.factory) as session:
        marks = (await session.scalars(
            select(AuditLog.action).where(AuditLog.actor_user_id == world.actors[DESK].user_id)
        )).all()  # fmt: skip
    assert sorted(marks) == ["appointment.arrived", "appointment.no_show"]
    # A forged press of desk A on clinic B's visit, and desk B's on clinic A's.
    forged = await desk.press_data(
        board.message_id, BoardMark(BoardChange.ARRIVED, elsewhere).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    assert (await _visit(harness.factory, elsewhere)).status == "scheduled"
    desk_b = harness.sandbox.user(5002, "Desk B")
    reply = await desk_b.send_command("/day")
    assert "Other Clinic" in reply.text and "Mary Jones" in reply.text
    assert "John Smith" not in reply.text
    forged = await desk_b.press_data(
        reply.last.message_id, BoardMark(BoardChange.NO_SHOW, soon).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    assert (await _visit(harness.factory, soon)).status == "arrived"
    await add_visit(world, 1003, now + timedelta(hours=3))  # booked meanwhile
    reply = await desk.press("🔄 Refresh", board)
    assert reply.last.message_id == board.message_id
    assert "Mary Jones" in reply.text and "2 visits still to see" in reply.text
    # The menu's entry opens it too; a patient may not.
    john = harness.sandbox.user(1001, "John")
    reply = await john.send_command("/board")
    assert "not allowed" in reply.text
