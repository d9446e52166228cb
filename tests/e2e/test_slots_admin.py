"""/slots through the sandbox: the admin generates a doctor's slots for a typed range (a count,
then 0 the second time), a range past the clinic's horizon or in the past is said and asked
again; the front desk closes a booked slot of its clinic (the patient is told with one-tap
rebooking, the closed time is offered to nobody), a desk of another clinic and forged presses
expire, and patients and doctors are refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog, Clinic, Doctor, Staff, User
from handlers.slot_buttons import SlotsClose, SlotsDay, SlotsDoctor, SlotsGenerate, SlotsPick
from services import booking, freed, slots
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.e2e.test_doctor_day import link_doctor
from tests.world import NOW, add_patient, add_staff, build_world

EXPIRED = "This button has expired."
ADMIN, DESK, DESK_B, DOCTOR_TG, ANN = 9001, 5001, 5002, 7001, 1
LONDON = ZoneInfo("Europe/London")
NEXT_MON, NEXT_SUN = date(2030, 3, 11), date(2030, 3, 17)  # NOW is Monday 4 March 2030


@pytest.fixture
def settings(sandbox) -> Settings:
    """The e2e settings, with a dispatcher that looks for due rows every 0.1 s."""
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
        CARESLOT_OUTBOX_POLL_SECONDS="0.1",
    )


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=LONDON).astimezone(UTC)


async def _count_slots(w, doctor: int, first: date, last: date, *, active=None) -> int:
    stmt = (
        select(func.count())
        .select_from(AppointmentSlot)
        .where(
            AppointmentSlot.doctor_id == w.doctor_ids[doctor],
            AppointmentSlot.starts_at >= local(first, 0),
            AppointmentSlot.starts_at < local(last + timedelta(days=1), 0),
        )
    )
    if active is not None:
        stmt = stmt.where(AppointmentSlot.is_active.is_(active))
    async with unit_of_work(w.factory) as session:
        return await session.scalar(stmt) or 0


async def _other_clinic(w) -> tuple[uuid.UUID, uuid.UUID]:
    """Clinic B with one doctor, and its front desk (DESK_B)."""
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name="Other Clinic", address="2 Low St", city="Leeds",
                        timezone="Europe/London", phone="+442079460000",
                        booking_horizon_days=60)  # fmt: skip
        session.add(clinic)
        await session.flush()
        doctor = Doctor(
            clinic_id=clinic.id, specialty_id=w.specialty_id, full_name="Dr. Far",
            license_number="F-1", max_patients_per_day=20, visit_minutes=30,
        )  # fmt: skip
        user = User(telegram_user_id=DESK_B, chat_id=DESK_B, full_name="Desk B", role="staff")
        session.add_all([doctor, user])
        await session.flush()
        session.add(Staff(user_id=user.id, clinic_id=clinic.id))
        return clinic.id, doctor.id


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    await link_doctor(w, 1, DOCTOR_TG + 1, "Dr. Test 1")
    await add_staff(w, ADMIN, role="admin")
    await add_staff(w, DESK)
    await add_patient(w, ANN, "Ann Lee")
    harness.sandbox.user(ANN, "Ann")
    w.clinic_b, w.doctor_b = await _other_clinic(w)
    return w


async def test_the_admin_generates_a_doctors_slots_once_and_a_range_past_the_horizon_is_re_asked(
    harness, world
) -> None:
    w = world
    admin = harness.sandbox.user(ADMIN, "Admin")
    reply = await admin.send_command("/slots")
    assert "Which clinic" in reply.text and "Other Clinic" in reply.button_texts
    reply = await admin.press("Test Clinic")
    assert "⚙️ Generate: Dr. Test 0" in reply.button_texts
    reply = await admin.press("⚙️ Generate: Dr. Test 0")
    assert "next week" in reply.text and "60 days" in reply.text
    # Past the clinic's 60-day horizon, then in the past: said, and asked again.
    reply = await admin.send_text("1.06–10.06")
    assert "60 days" in reply.text and "3 May" in reply.text and "next week" in reply.text
    reply = await admin.send_text("last week")
    assert "already over" in reply.text and "next week" in reply.text
    reply = await admin.send_text("whenever")
    assert "next week" in reply.text
    assert await _count_slots(w, 0, NEXT_MON, NEXT_SUN) == 0
    reply = await admin.send_text("next week")
    assert "80 new slots" in reply.text and "Dr. Test 0" in reply.text  # 5 days × 16
    assert await _count_slots(w, 0, NEXT_MON, NEXT_SUN, active=True) == 80
    assert await _count_slots(w, 1, NEXT_MON, NEXT_SUN) == 0  # only the doctor asked for
    # A second run creates nothing.
    await admin.send_command("/slots")
    await admin.press("Test Clinic")
    await admin.press("⚙️ Generate: Dr. Test 0")
    reply = await admin.send_text("11.03–17.03")
    assert "No new slots" in reply.text
    assert await _count_slots(w, 0, NEXT_MON, NEXT_SUN) == 80
    # The whole clinic: the other doctor's 80.
    await admin.send_command("/slots")
    await admin.press("Test Clinic")
    await admin.press("⚙️ Generate: whole clinic")
    reply = await admin.send_text("next week")
    assert "80 new slots" in reply.text
    assert await _count_slots(w, 1, NEXT_MON, NEXT_SUN) == 80
    admin_id = w.actors[ADMIN].user_id
    async with unit_of_work(w.factory) as session:
        audited = list(
            await session.scalars(
                select(AuditLog.details).where(
                    AuditLog.action == "slots.generate", AuditLog.actor_user_id == admin_id
                )
            )
        )
    assert sorted(d["created"] for d in audited) == [0, 80, 80]


async def _generate_next_week(w) -> None:
    async with unit_of_work(w.factory) as session:
        await slots.generate_slots(
            session, actor=w.actors[ADMIN], start=NEXT_MON, end=NEXT_SUN, now=NOW,
            doctor_ids=w.doctor_ids,
        )  # fmt: skip


async def _slot(w, starts_at: datetime, doctor: int = 0) -> AppointmentSlot:
    async with unit_of_work(w.factory) as session:
        return await session.scalar(
            select(AppointmentSlot).where(
                AppointmentSlot.doctor_id == w.doctor_ids[doctor],
                AppointmentSlot.starts_at == starts_at,
            )
        )


async def test_the_desk_closes_a_booked_slot_the_patient_rebooks_and_nobody_is_offered_it(
    harness, world, monkeypatch
) -> None:
    w = world
    await _generate_next_week(w)
    tue_10 = local(date(2030, 3, 12), 10)
    slot = await _slot(w, tue_10)
    visit = await booking.book_slot(
        w.factory, actor=w.actors[ANN], patient_id=w.patients[ANN], slot_id=slot.id, now=NOW
    )
    offered_to_waitlist: list[uuid.UUID] = []
    real = freed.places_freed

    async def spy(session, *, slot_ids, now):
        offered_to_waitlist.extend(slot_ids)
        await real(session, slot_ids=slot_ids, now=now)

    monkeypatch.setattr(freed, "places_freed", spy)

    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/slots")  # a desk goes straight to its clinic
    assert "Test Clinic" in reply.text and "Other Clinic" not in " ".join(reply.button_texts)
    reply = await desk.press("🚫 Close a slot: Dr. Test 0")
    reply = await desk.press("Tuesday 12 March")
    assert "10:00 · booked" in reply.button_texts and "10:30 · free" in reply.button_texts
    reply = await desk.press("10:00 · booked")
    assert "will be told" in reply.text and "Tue 12 Mar, 10:00" in reply.text
    reply = await desk.press("🚫 Close the slot")
    assert "closed" in reply.text and "1 visit cancelled" in reply.text

    closed = await _slot(w, tue_10)
    assert not closed.is_active and closed.booked_count == 0
    async with unit_of_work(w.factory) as session:
        appt = await session.get(Appointment, visit.id)
        actions = list(
            await session.scalars(
                select(AuditLog.action).where(AuditLog.actor_user_id == w.actors[DESK].user_id)
            )
        )
    assert appt.status == "cancelled" and appt.cancellation_reason == "slot_closed"
    assert "slot.close" in actions and "appointment.cancel_by_doctor" in actions
    assert slot.id not in offered_to_waitlist
    # The closed time is no longer free for anyone.
    async with unit_of_work(w.factory) as session:
        free = await slots.free_slots_for_doctor_day(
            session, doctor_id=w.doctor_ids[0], day=date(2030, 3, 12), now=NOW
        )
    assert tue_10 not in [s.starts_at for s in free] and len(free) == 15

    # Ann is told with the nearest free times; one tap rebooks.
    ann = harness.sandbox.user(ANN, "Ann")
    assert await until(lambda: _has(ann, "cannot see you"), within=10), [
        m.text for m in ann.bot_messages
    ]
    notice = next(m for m in reversed(ann.bot_messages) if "cannot see you" in m.text)
    assert "Dr. Test 0" in notice.text and "12 Mar, 10:00" in notice.text
    assert not any("12 Mar, 10:00" in b for b in notice.button_texts)
    booked = await ann.press(0, notice)
    assert "Booked: Mon 11 Mar, 09:00" in booked.text
    async with unit_of_work(w.factory) as session:
        active = list(
            await session.scalars(
                select(Appointment.starts_at).where(
                    Appointment.patient_id == w.patients[ANN], Appointment.status == "scheduled"
                )
            )
        )
    assert active == [local(NEXT_MON, 9)]
    # The confirm again (a double tap) has expired: the slot is closed already.
    again = await desk.press_data(reply.last.message_id, SlotsClose(slot.id, True).pack())
    assert again.callback_answer is not None and EXPIRED in again.callback_answer.text
    # Generating that week again neither recreates nor reopens the closed slot.
    reply = await desk.send_command("/slots")
    await desk.press("⚙️ Generate: Dr. Test 0", reply.last)
    reply = await desk.send_text("next week")
    assert "No new slots" in reply.text
    assert not (await _slot(w, tue_10)).is_active


async def _has(user, needle: str) -> bool:
    return any(needle in m.text for m in user.bot_messages)


async def test_a_desk_of_another_clinic_and_forged_presses_expire_and_change_nothing(
    harness, world
) -> None:
    w = world
    await _generate_next_week(w)
    tue_10 = local(date(2030, 3, 12), 10)
    slot = await _slot(w, tue_10)
    visit = await booking.book_slot(
        w.factory, actor=w.actors[ANN], patient_id=w.patients[ANN], slot_id=slot.id, now=NOW
    )
    desk_b = harness.sandbox.user(DESK_B, "Desk B")
    reply = await desk_b.send_command("/slots")
    assert "Other Clinic" in reply.text and "Dr. Test 0" not in " ".join(reply.button_texts)
    screen = reply.last.message_id
    for data in (
        SlotsDoctor(w.doctor_ids[0]).pack(),
        SlotsDay(w.doctor_ids[0], date(2030, 3, 12)).pack(),
        SlotsPick(slot.id).pack(),
        SlotsClose(slot.id, True).pack(),
        SlotsGenerate(False, w.doctor_ids[0]).pack(),
        SlotsGenerate(True, w.clinic_id).pack(),
        SlotsClose(uuid.uuid4(), True).pack(),
        "zf:garbage",
    ):
        forged = await desk_b.press_data(screen, data)
        assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text, data
    assert (await _slot(w, tue_10)).is_active
    async with unit_of_work(w.factory) as session:
        assert (await session.get(Appointment, visit.id)).status == "scheduled"
        closes = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "slot.close")
        )
    assert closes == 0
    # Its own doctor is fine; typed text without an open step is not a range.
    reply = await desk_b.press("⚙️ Generate: Dr. Far", reply.last)
    reply = await desk_b.send_text("next week")
    assert "No new slots" in reply.text  # Dr. Far has no weekly hours


async def test_patients_and_doctors_may_not_manage_slots(harness, world) -> None:
    w = world
    await _generate_next_week(w)
    slot = await _slot(w, local(date(2030, 3, 12), 10))
    for tg, name in ((ANN, "Ann"), (DOCTOR_TG, "Doc")):
        user = harness.sandbox.user(tg, name)
        reply = await user.send_command("/slots")
        assert "not allowed" in reply.text
        forged = await user.press_data(reply.last.message_id, SlotsClose(slot.id, True).pack())
        assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text
        forged = await user.press_data(reply.last.message_id, SlotsDoctor(w.doctor_ids[0]).pack())
        assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text
    assert (await _slot(w, local(date(2030, 3, 12), 10))).is_active
