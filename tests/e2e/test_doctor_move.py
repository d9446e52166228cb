"""🏥 Clinic on the admin's doctor card through the sandbox: the other clinics, the effect
first, then the doctor moved (their free times ahead gone at the old clinic, their weekly
hours cut at the new one, audited); a doctor with a visit booked ahead refused with the
count and nothing changed; forged presses and the front desk's presses expired. And a
clinic's state and postcode edited from /clinics (nonsense asked again, audited)."""

from __future__ import annotations

import uuid
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import AppointmentSlot, AuditLog, Clinic, Doctor
from handlers.doctor_move_buttons import DoctorMoveClinics, DoctorMoveConfirm, DoctorMoveTo
from services import booking, schedules, slots
from services.policy import Actor
from tests.e2e.conftest import TOKEN
from tests.world import NOW, add_patient, add_staff, build_world

ADMIN_TG, STAFF_TG, PATIENT_TG = 9001, 9002, 1
EXPIRED = "This button has expired."
NY = ZoneInfo("America/New_York")


@pytest.fixture
def settings(sandbox) -> Settings:
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
    )


@pytest.fixture
async def world(harness):
    """Test Clinic (London): both doctors work Tuesdays 09:00-10:00, slots cut 60 days
    ahead; North Clinic (New York, a 30-day horizon)."""
    w = await build_world(harness.factory, doctors=2)
    await add_staff(w, ADMIN_TG, role="admin")
    await add_staff(w, STAFF_TG, role="staff")
    await add_patient(w, PATIENT_TG, name="Pat Patient")
    system = Actor.system()
    async with unit_of_work(w.factory) as session:
        north = Clinic(
            name="North Clinic", address="5 North Rd", city="New York",
            timezone="America/New_York", booking_horizon_days=30,
        )  # fmt: skip
        session.add(north)
        for doctor_id in w.doctor_ids:
            await schedules.set_working_hours(
                session, doctor_id=doctor_id, weekday=1, start=time(9), end=time(10),
                actor=system, now=NOW,
            )  # fmt: skip
        await slots.generate_slots(
            session, actor=system, start=NOW.date(), end=NOW.date() + timedelta(days=60),
            now=NOW, doctor_ids=w.doctor_ids,
        )  # fmt: skip
        await session.flush()
        w.north = north.id  # type: ignore[attr-defined]
    return w


async def _slots(w, doctor: int, clinic_id) -> list[AppointmentSlot]:
    async with unit_of_work(w.factory) as session:
        return list(
            await session.scalars(
                select(AppointmentSlot)
                .where(
                    AppointmentSlot.doctor_id == w.doctor_ids[doctor],
                    AppointmentSlot.clinic_id == clinic_id,
                    AppointmentSlot.starts_at > NOW,
                )
                .order_by(AppointmentSlot.starts_at)
            )
        )


async def _clinic_of(w, doctor: int):
    async with unit_of_work(w.factory) as session:
        return (await session.get(Doctor, w.doctor_ids[doctor])).clinic_id


async def _card(admin, name: str):
    clinics = await admin.send_command("/doctors")
    doctors = await admin.press("🏥 Test Clinic", clinics.last)
    return await admin.press(f"{name} · Dermatology", doctors.last)


async def test_admin_moves_a_doctor_without_booked_visits(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    old = await _slots(world, 0, world.clinic_id)
    assert len(old) == 18  # nine Tuesdays, two times each
    card = await _card(admin, "Dr. Test 0")
    where = await admin.press("🏥 Clinic", card.last)
    assert "🏥 North Clinic" in where.button_texts
    assert "🏥 Test Clinic" not in where.button_texts  # not their own
    effect = await admin.press("🏥 North Clinic", where.last)
    for shown in ("from Test Clinic to North Clinic", "no visits booked ahead",
                  "18 free times ahead", "New York (America/New_York)", "30 days"):  # fmt: skip
        assert shown in effect.text, shown
    assert await _clinic_of(world, 0) == world.clinic_id  # nothing done before confirming

    # Forged presses and the front desk's have expired; nothing changes.
    mid = effect.last.message_id
    for data in (
        DoctorMoveConfirm(uuid.uuid4(), world.north).pack(),
        DoctorMoveConfirm(world.doctor_ids[0], uuid.uuid4()).pack(),
        DoctorMoveTo(world.doctor_ids[0], world.clinic_id).pack(),  # their own clinic
        "ho:not-a-button",
    ):
        assert (await admin.press_data(mid, data)).callback_answer.text == EXPIRED, data
    staff = harness.sandbox.user(STAFF_TG, "Sam")
    await staff.send_command("/doctors")
    smid = staff.last_bot_message.message_id
    for data in (
        DoctorMoveClinics(world.doctor_ids[1]).pack(),
        DoctorMoveTo(world.doctor_ids[1], world.north).pack(),
        DoctorMoveConfirm(world.doctor_ids[1], world.north).pack(),
    ):
        assert (await staff.press_data(smid, data)).callback_answer.text == EXPIRED, data
    assert await _clinic_of(world, 1) == world.clinic_id
    assert len(await _slots(world, 1, world.clinic_id)) == 18
    assert await _clinic_of(world, 0) == world.clinic_id

    done = await admin.press("✅ Yes, move", effect.last)
    assert "works at North Clinic now" in done.text
    assert "18 free times removed" in done.text and "10 new times opened" in done.text
    assert "North Clinic · Dermatology" in done.text  # the card, at its new clinic
    assert await _clinic_of(world, 0) == world.north
    assert await _slots(world, 0, world.clinic_id) == []
    new = await _slots(world, 0, world.north)
    local = [s.starts_at.astimezone(NY) for s in new]
    assert [(t.month, t.day, t.hour, t.minute) for t in local] == [
        (m, d, 9, mm) for m, d in ((3, 5), (3, 12), (3, 19), (3, 26), (4, 2)) for mm in (0, 30)
    ]
    async with unit_of_work(world.factory) as session:
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "doctor.update"))
    assert row.details == {
        "before": {"clinic_id": str(world.clinic_id)},
        "after": {"clinic_id": str(world.north)},
    }
    # The other doctor is untouched; the moved one's list now lives at North Clinic.
    assert len(await _slots(world, 1, world.clinic_id)) == 18
    back = await admin.press("⬅️ Back", done.last)
    assert "Dr. Test 0 · Dermatology" in back.button_texts and "North Clinic" in back.text


async def test_a_doctor_with_a_booked_visit_is_not_moved(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    before = await _slots(world, 0, world.clinic_id)
    await booking.book_slot(
        world.factory, actor=world.actors[PATIENT_TG], patient_id=world.patients[PATIENT_TG],
        slot_id=before[2].id, now=NOW,
    )  # fmt: skip
    card = await _card(admin, "Dr. Test 0")
    where = await admin.press("🏥 Clinic", card.last)
    effect = await admin.press("🏥 North Clinic", where.last)
    assert "1 visit booked ahead" in effect.text and "move or cancel it first" in effect.text
    assert "✅ Yes, move" not in effect.button_texts
    # The confirmation pressed anyway (an old message, a forged press): the same sentence.
    forced = await admin.press_data(
        effect.last.message_id, DoctorMoveConfirm(world.doctor_ids[0], world.north).pack()
    )
    assert "1 visit booked ahead" in admin.last_bot_message.text
    assert forced.callback_answer is not None
    assert await _clinic_of(world, 0) == world.clinic_id
    after = await _slots(world, 0, world.clinic_id)
    assert [(s.id, s.is_active) for s in after] == [(s.id, s.is_active) for s in before]
    assert await _slots(world, 0, world.north) == []
    async with unit_of_work(world.factory) as session:
        audits = await session.scalar(
            select(func.count()).where(AuditLog.action.in_(("doctor.update", "slots.remove")))
        )
    assert audits == 0
    # Back: the clinics again, then the card.
    again = await admin.press("⬅️ Back", effect.last)
    assert "🏥 North Clinic" in again.button_texts


async def test_admin_edits_a_clinics_state_and_postcode(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    listing = await admin.send_command("/clinics")
    card = await admin.press("🏥 Test Clinic · London", listing.last)
    assert "State / region: —" in card.text and "Postcode: —" in card.text
    fields = await admin.press("✏️ Edit", card.last)
    asked = await admin.press("Postcode", fields.last)
    assert "postcode" in asked.text
    refused = await admin.send_text("SW1A_1AA!")
    assert "A postcode has 2 to 20 letters" in refused.text and "postcode" in refused.text
    saved = await admin.send_text(" sw1a   1aa ")
    assert "Postcode: SW1A 1AA" in saved.text
    fields = await admin.press("✏️ Edit", saved.last)
    await admin.press("State / region", fields.last)
    assert "2 to 100 characters" in (await admin.send_text("x")).text
    done = await admin.send_text("Greater London")
    assert "State / region: Greater London" in done.text
    async with unit_of_work(world.factory) as session:
        clinic = await session.get(Clinic, world.clinic_id)
        rows = list(
            await session.scalars(
                select(AuditLog.details).where(AuditLog.action == "clinic.update")
            )
        )
    assert (clinic.zip, clinic.state) == ("SW1A 1AA", "Greater London")
    # Both rows carry the test clock's one instant: compared without an order.
    assert sorted(rows, key=lambda d: sorted(d["after"])) == [
        {"before": {"state": None}, "after": {"state": "Greater London"}},
        {"before": {"zip": None}, "after": {"zip": "SW1A 1AA"}},
    ]
