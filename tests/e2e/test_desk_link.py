"""The front desk links a patient who registered in the chat themselves (never at this
clinic) by their whole phone number and date of birth, end to end: from /newpatient and
from /find; a wrong date refused without saying the right one, three wrong ones stop;
forged presses; another clinic's desk gains nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import Appointment, AuditLog, ClinicPatientLink, Patient, User
from handlers.desk_booking_buttons import DeskBook
from handlers.desk_buttons import DeskPatient
from handlers.desk_link_buttons import DeskLinkAsk
from tests.e2e.conftest import TOKEN
from tests.e2e.test_desk_booking import _clinic_b
from tests.e2e.test_log_privacy import production_logging
from tests.world import add_slot, add_staff, build_world

EXPIRED = "This button has expired."
DESK, DESK_B, ANN = 5001, 5002, 1001
MISMATCH = "does not match the patient with this number"


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
    await add_staff(w, DESK)
    wed = harness.clock.now + timedelta(days=2, hours=1)  # Wednesday 6 March, 09:00 London
    for hours in (0, 1):
        await add_slot(w, starts_at=wed + timedelta(hours=hours))
    return w


async def _ann_registers(harness):
    """Ann registers in the chat herself: her contact, her name, her birth date."""
    ann = harness.sandbox.user(ANN, "Ann", "Lee")
    await ann.send_command("/start")
    await ann.press("✅ I agree")
    await ann.share_contact("447911123456")
    await ann.press("✅ Yes, that's me")
    reply = await ann.send_text("21.07.1983")
    assert "You're all set" in reply.messages[0].text
    async with unit_of_work(harness.factory) as session:
        patient_id = await session.scalar(
            select(Patient.id).join(User, User.id == Patient.user_id)
            .where(User.telegram_user_id == ANN)
        )  # fmt: skip
    return ann, patient_id


async def _links(harness) -> list[tuple]:
    async with unit_of_work(harness.factory) as session:
        rows = await session.execute(
            select(
                ClinicPatientLink.clinic_id,
                ClinicPatientLink.patient_id,
                ClinicPatientLink.linked_by,
            )
        )
        return [tuple(r) for r in rows]


async def _until(check, within: float = 10.0) -> None:
    for _ in range(int(within / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out waiting")


async def test_newpatient_with_her_number_links_her_by_birth_date_and_books(harness, world) -> None:
    ann, ann_patient = await _ann_registers(harness)
    desk = harness.sandbox.user(DESK, "Desk")
    desk_id = world.actors[DESK].user_id
    await desk.send_command("/newpatient")
    await desk.send_text("Ann Lee")
    reply = await desk.send_text("07911 123456")
    assert "already a patient's" in reply.text and "Ann Lee" in reply.text
    assert "date of birth" in reply.text
    assert "1983" not in reply.text and "📇 Open the card" not in reply.button_texts
    reply = await desk.send_text("someday")  # unreadable: said and asked again, no try spent
    assert "could not read" in reply.text
    reply = await desk.send_text("22.07.1983")
    assert MISMATCH in reply.text and "2 more tries" in reply.text
    assert "21 July" not in reply.text and "1983" not in reply.text
    assert await _links(harness) == []
    reply = await desk.send_text("21.07.1983")
    assert "Ann Lee" in reply.text and "21 July 1983" in reply.text
    assert "📅 Book a visit" in reply.button_texts
    assert await _links(harness) == [(world.clinic_id, ann_patient, desk_id)]

    # Booked from that card: the desk's booking, audited; Ann is told in her chat.
    await desk.press("📅 Book a visit")
    await desk.press("Dr. Test 0 · Dermatology")
    await desk.press("6●")
    await desk.press("09:00")
    await desk.press("Skip")
    reply = await desk.press("✅ Confirm")
    assert "Booked for" in reply.text and "Ann Lee" in reply.text
    async with unit_of_work(harness.factory) as session:
        [visit] = (
            await session.scalars(select(Appointment).where(Appointment.patient_id == ann_patient))
        ).all()
        actions = set(
            await session.scalars(select(AuditLog.action).where(AuditLog.actor_user_id == desk_id))
        )
    assert (visit.created_via, visit.created_by, visit.status) == ("staff", desk_id, "scheduled")
    assert {"patient.link_clinic", "patient.link_refused", "appointment.book"} <= actions
    await _until(lambda: any("front desk booked" in m.text for m in ann.bot_messages))
    # From now on her number opens her card at once.
    await desk.send_command("/newpatient")
    await desk.send_text("Ann Lee")
    reply = await desk.send_text("07911 123456")
    assert "📇 Open the card" in reply.button_texts


async def test_find_by_her_number_confirm_date_of_birth_and_another_clinic(harness, world) -> None:
    _ann, ann_patient = await _ann_registers(harness)
    clinic_b, _doctor_b, _slot_b = await _clinic_b(world)
    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/find", "07911 123456")
    assert "Ann Lee" in reply.text and "no visits at this clinic yet" in reply.text
    assert "1983" not in reply.text
    assert not any(b.startswith("1. ") for b in reply.button_texts)  # no card yet
    assert "🎂 Confirm date of birth · Ann Lee" in reply.button_texts
    listing = reply.last.message_id
    # Forged: a patient who is not this number's, nobody, and her card without the link.
    for forged in (DeskLinkAsk(uuid.uuid4()), DeskPatient(ann_patient), DeskBook(ann_patient)):
        answer = await desk.press_data(listing, forged.pack())
        assert answer.callback_answer is not None and EXPIRED in answer.callback_answer.text
    reply = await desk.press("🎂 Confirm date of birth · Ann Lee")
    assert "date of birth" in reply.text and "1983" not in reply.text
    reply = await desk.send_text("1983-07-12")
    assert MISMATCH in reply.text
    reply = await desk.send_text("21 July 1983")
    assert "21 July 1983" in reply.text and "📅 Book a visit" in reply.button_texts
    assert "⬅️ Back" in reply.button_texts
    reply = await desk.press("⬅️ Back")  # to the results: she opens as a card now
    assert "1. Ann Lee" in reply.button_texts
    assert not any("Confirm date of birth" in b for b in reply.button_texts)
    assert [c for c, _p, _u in await _links(harness)] == [world.clinic_id]

    # Clinic B's desk: still not B's patient; its forged presses change nothing.
    desk_b = harness.sandbox.user(DESK_B, "Desk B")
    reply = await desk_b.send_command("/find", "07911 123456")
    assert "no visits at this clinic yet" in reply.text and "1983" not in reply.text
    listing = reply.last.message_id
    for forged in (DeskPatient(ann_patient), DeskBook(ann_patient)):
        answer = await desk_b.press_data(listing, forged.pack())
        assert EXPIRED in answer.callback_answer.text
    reply = await desk_b.send_command("/find", "ann lee")
    assert "Nobody found" in reply.text
    assert clinic_b not in [c for c, _p, _u in await _links(harness)]


async def test_three_wrong_dates_stop_the_flow(harness, world) -> None:
    await _ann_registers(harness)
    desk = harness.sandbox.user(DESK, "Desk")
    await desk.send_command("/newpatient")
    await desk.send_text("Ann Lee")
    await desk.send_text("+44 7911 123456")
    with production_logging() as logs:  # at DEBUG: no date typed reaches the logs
        for typed, left in (("01.01.1980", "2 more tries"), ("02.01.1980", "1 more try")):
            reply = await desk.send_text(typed)
            assert MISMATCH in reply.text and left in reply.text
        reply = await desk.send_text("03.01.1980")
        assert "Three dates of birth did not match" in reply.text
    assert logs.getvalue() and "1980" not in logs.getvalue() and "1983" not in logs.getvalue()
    reply = await desk.send_text("21.07.1983")  # the flow is over: the date is not checked
    assert "Book a visit" not in reply.button_texts
    assert await _links(harness) == []
    # Starting again (here or from /find) does not give three more tries today.
    reply = await desk.send_command("/find", "07911 123456")
    reply = await desk.press("🎂 Confirm date of birth · Ann Lee")
    assert "Three dates of birth did not match" in reply.text
    await desk.send_command("/newpatient")
    await desk.send_text("Ann Lee")
    reply = await desk.send_text("07911 123456")
    assert "Three dates of birth did not match" in reply.text
    assert await _links(harness) == []
