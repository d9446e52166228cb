"""An admin's /day through the sandbox: the active clinics to pick from, the picked clinic's
board with its arrival mark and refresh (the clinic carried in the buttons), and forged
presses of the clinic's buttons (a desk on another clinic, a visit not on the board)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Appointment, AuditLog, Clinic, Staff, User
from handlers.desk_buttons import BoardChange, BoardOf, BoardOfMark
from tests.e2e.test_doctor_day import add_visit
from tests.world import add_patient, add_staff, build_world

EXPIRED = "This button has expired."
ADMIN, DESK_A, DESK_B = 9001, 5001, 5002


async def _clinic(w, name: str, *, desk_tg: int | None = None, active: bool = True) -> uuid.UUID:
    """Another clinic, with its own front desk if `desk_tg` is given."""
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name=name, address="2 Low St", city="London", timezone="Europe/London",
                        is_active=active)  # fmt: skip
        session.add(clinic)
        await session.flush()
        if desk_tg is not None:
            desk = User(telegram_user_id=desk_tg, chat_id=desk_tg, full_name="Desk B",
                        role="staff")  # fmt: skip
            session.add(desk)
            await session.flush()
            session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
        return clinic.id


async def _status(factory, visit_id: uuid.UUID) -> Appointment:
    async with unit_of_work(factory) as session:
        return await session.get_one(Appointment, visit_id)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    await add_patient(w, 1001, "John Smith")
    await add_patient(w, 1003, "Mary Jones")
    await add_staff(w, ADMIN, role="admin")
    await add_staff(w, DESK_A)
    w.clinic_b = await _clinic(w, "Other Clinic", desk_tg=DESK_B)
    await _clinic(w, "Closed Clinic", active=False)
    return w


async def test_an_admin_picks_a_clinic_and_marks_an_arrival(harness, world) -> None:
    now = harness.clock.now  # Monday 08:00 in London
    soon = await add_visit(world, 1001, now + timedelta(hours=1), reason="checkup")
    other = await add_visit(world, 1003, now + timedelta(hours=2), doctor=1,
                            clinic_id=world.clinic_b)  # fmt: skip
    admin = harness.sandbox.user(ADMIN, "Ada")
    reply = await admin.send_command("/day")
    picker = reply.last
    assert "Which clinic's day?" in picker.text
    assert picker.button_texts == ["Other Clinic", "Test Clinic"]  # active ones, by name
    reply = await admin.press("Test Clinic", picker)
    board = reply.last
    assert board.message_id == picker.message_id  # edited in place
    assert "Test Clinic" in board.text and "John Smith" in board.text
    assert "Mary Jones" not in board.text and "1 visit still to see" in board.text
    reply = await admin.press("🟡 Arrived · 09:00 John Smith", board)
    assert reply.last.message_id == board.message_id and "checked in" in reply.text
    row = await _status(harness.factory, soon)
    assert row.status == "arrived" and row.status_changed_by == world.actors[ADMIN].user_id
    async with unit_of_work(harness.factory) as session:
        marks = (await session.scalars(
            select(AuditLog.action).where(AuditLog.actor_user_id == world.actors[ADMIN].user_id)
        )).all()  # fmt: skip
    assert marks == ["appointment.arrived"]
    await add_visit(world, 1003, now + timedelta(hours=3))  # booked meanwhile, at clinic A
    reply = await admin.press("🔄 Refresh", board)
    assert reply.last.message_id == board.message_id
    assert "Test Clinic" in reply.text and "Mary Jones" in reply.text  # the same clinic
    assert "2 visits still to see" in reply.text
    # A visit of clinic B pressed on clinic A's board is not on it: nothing changes.
    forged = await admin.press_data(
        board.message_id, BoardOfMark(BoardChange.ARRIVED, other, world.clinic_id).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    assert (await _status(harness.factory, other)).status == "scheduled"
    forged = await admin.press_data(board.message_id, BoardOf(uuid.uuid4()).pack())
    assert EXPIRED in forged.callback_answer.text
    # Clinic B's board from the same picker's data.
    reply = await admin.press_data(board.message_id, BoardOf(world.clinic_b).pack())
    assert "Other Clinic" in reply.text and "Mary Jones" in reply.text
    assert "John Smith" not in reply.text


async def test_a_desk_cannot_open_or_mark_another_clinics_board(harness, world) -> None:
    now = harness.clock.now
    mine = await add_visit(world, 1001, now + timedelta(hours=1))
    theirs = await add_visit(world, 1003, now + timedelta(hours=1), doctor=1,
                             clinic_id=world.clinic_b)  # fmt: skip
    desk = harness.sandbox.user(DESK_A, "Desk")
    reply = await desk.send_command("/day")  # a desk goes straight to its own clinic
    board = reply.last
    assert "Test Clinic" in board.text and "Which clinic" not in board.text
    forged = await desk.press_data(board.message_id, BoardOf(world.clinic_b).pack())
    assert EXPIRED in forged.callback_answer.text
    assert "Mary Jones" not in desk.last_bot_message.text
    forged = await desk.press_data(
        board.message_id, BoardOfMark(BoardChange.ARRIVED, theirs, world.clinic_b).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    forged = await desk.press_data(
        board.message_id, BoardOfMark(BoardChange.ARRIVED, theirs, world.clinic_id).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    assert (await _status(harness.factory, theirs)).status == "scheduled"
    # Desk B on clinic A's visit, through clinic A's board data.
    desk_b = harness.sandbox.user(DESK_B, "Desk B")
    reply = await desk_b.send_command("/day")
    assert "Other Clinic" in reply.text and "Mary Jones" in reply.text
    forged = await desk_b.press_data(
        reply.last.message_id, BoardOfMark(BoardChange.ARRIVED, mine, world.clinic_id).pack()
    )
    assert EXPIRED in forged.callback_answer.text
    assert (await _status(harness.factory, mine)).status == "scheduled"
    # Its own clinic's data works as its board does.
    reply = await desk_b.press_data(
        reply.last.message_id, BoardOfMark(BoardChange.ARRIVED, theirs, world.clinic_b).pack()
    )
    assert "checked in" in reply.text
    assert (await _status(harness.factory, theirs)).status == "arrived"
    john = harness.sandbox.user(1001, "John")
    reply = await john.send_command("/day")
    assert "not allowed" in reply.text
