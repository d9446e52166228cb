"""A family member found by name at the front desk through the sandbox: the hit says whose
family member they are with the holder's phone, the card opens; another clinic's desk finds
nobody and its forged press on the card expires."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from db.engine import unit_of_work
from db.models import Clinic, Staff, User
from handlers.desk_buttons import DeskPatient
from services import family
from tests.e2e.test_doctor_day import add_visit
from tests.world import NOW, add_patient, add_staff, build_world

EXPIRED = "This button has expired."
JOHN, DESK, DESK_B = 1001, 5001, 5002
WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    await add_patient(w, JOHN, "John Smith")
    await add_staff(w, DESK)
    async with unit_of_work(w.factory) as session:
        lily = await family.add_member(
            session, actor=w.actors[JOHN], holder_id=w.patients[JOHN], full_name="Lily Smith",
            date_of_birth=date(2020, 5, 6), relation="child", allergies=None,
            today=NOW.date(), now=NOW,
        )  # fmt: skip
        clinic = Clinic(name="B", address="1 St", city="Leeds", timezone="Europe/London")
        desk_b = User(telegram_user_id=DESK_B, chat_id=DESK_B, full_name="Desk B", role="staff")
        session.add_all([clinic, desk_b])
        await session.flush()
        session.add(Staff(user_id=desk_b.id, clinic_id=clinic.id))
    w.patients["lily"] = lily.id
    await add_visit(w, "lily", WED)  # her own visit links her to the clinic
    return w


async def test_a_family_member_is_found_by_name_and_her_card_opens(harness, world) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/find", "lilly smiht")
    assert "One patient found" in reply.text
    assert "Lily Smith" in reply.text and "family member of John Smith" in reply.text
    assert "+447911123456" in reply.text and "next visit Wed 6 Mar, 09:00" in reply.text
    card = await desk.press("1. Lily Smith", reply.last)
    assert "Lily Smith" in card.text and "family member of John Smith" in card.text
    assert "Upcoming visits here" in card.text and "Dr. Test 0" in card.text

    other = harness.sandbox.user(DESK_B, "Desk B")
    reply = await other.send_command("/find", "lily smith")
    assert "Nobody found" in reply.text
    forged = await other.press_data(
        reply.last.message_id, DeskPatient(world.patients["lily"]).pack()
    )
    assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text
