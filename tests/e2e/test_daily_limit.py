"""A doctor at their daily limit: the chat offers none of that day, as booking would refuse it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from db.engine import unit_of_work
from db.models import Doctor
from services import booking
from tests.world import NOW, add_patient, add_slot, build_world

# NOW is Monday 2030-03-04 08:00 UTC; London is on GMT then.
WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London
THU = WED + timedelta(days=1)
CARD = "Dr. Test 0 · Dermatology · Test Clinic"


@pytest.fixture
async def world(harness):
    """Dr. Test 0 takes two patients a day and has both on Wednesday, with four more
    free-looking times that day; Thursday 09:00 is free."""
    w = await build_world(harness.factory, doctors=1)
    async with unit_of_work(harness.factory) as session:
        await session.execute(
            update(Doctor).where(Doctor.id == w.doctor_ids[0]).values(max_patients_per_day=2)
        )
    wednesday = [await add_slot(w, starts_at=WED + timedelta(minutes=m)) for m in range(0, 180, 30)]
    await add_slot(w, starts_at=THU)
    for telegram_id, slot in ((2101, wednesday[0]), (2102, wednesday[2])):
        await add_patient(w, telegram_id)
        await booking.book_slot(
            harness.factory,
            actor=w.actors[telegram_id],
            patient_id=w.patients[telegram_id],
            slot_id=slot,
            now=NOW,
        )
    await add_patient(w, 2103)
    return w


async def test_a_full_day_is_not_offered_in_the_chat(harness, world) -> None:
    pat = harness.sandbox.user(2103, "Pat")
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    await pat.send_text("dr test 0")
    reply = await pat.press(CARD)
    assert "Next free time: Thu 7 Mar, 09:00" in reply.text, reply.text
    reply = await pat.press("📅 Choose a day")
    buttons = reply.last.button_texts
    assert "7●" in buttons
    assert "6●" not in buttons and "6" in buttons  # Wednesday: no ●, not a button to press
    reply = await pat.send_text("Wednesday")
    assert "has no free time on Wednesday 6 March" in reply.text, reply.text
    assert "Thursday 7 March" in reply.last.button_texts
    assert not any(b.endswith(":00") or b.endswith(":30") for b in reply.last.button_texts)
    reply = await pat.press("Thursday 7 March")
    assert reply.last.button_texts[0] == "09:00"


async def test_a_typed_request_skips_the_full_day(harness, world) -> None:
    pat = harness.sandbox.user(2103, "Pat")
    reply = await pat.send_text("I need a dermatologist on Wednesday")
    assert "Wed 6 Mar" not in " ".join(reply.last.button_texts), reply.last.button_texts
    reply = await pat.send_text("I need a dermatologist")
    assert reply.last.button_texts[0].startswith("Thu 7 Mar, 09:00"), reply.last.button_texts
