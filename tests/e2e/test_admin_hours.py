"""A doctor's weekly hours changed by the admin from the doctor's card (/doctors), with the
doctor's own screens and rules: the week, "Wed off" from a date with a booked Wednesday visit,
the visit listed and cancelled with the nearest free times offered to the patient; forged
presses of another clinic's front desk and of a patient refused with nothing changed; the
clinic's own front desk opens the week too; the doctor's /hours still works."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, AuditLog, Clinic, DoctorSchedule, Staff, User
from handlers.admin_hours_buttons import DoctorHours, DoctorOutsideVisit
from handlers.schedule_buttons import OutsideVisit
from services import booking, slots
from services.policy import Actor
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.e2e.test_doctor_day import link_doctor
from tests.world import NOW, add_patient, add_staff, build_world

EXPIRED = "This button has expired."
DOCTOR_TG, ADMIN_TG, DESK_TG, FAR_DESK_TG, PATIENT_TG = 7001, 9001, 9002, 9003, 2
LONDON = ZoneInfo("Europe/London")
WED = date(2030, 3, 13)


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


async def _far_desk(w) -> None:
    """A front-desk account of another clinic."""
    async with unit_of_work(w.factory) as session:
        far = Clinic(name="Far Clinic", address="9 Far Rd", city="Leeds", timezone="Europe/London")
        session.add(far)
        user = User(telegram_user_id=FAR_DESK_TG, chat_id=FAR_DESK_TG, full_name="Far Desk",
                    role="staff")  # fmt: skip
        session.add(user)
        await session.flush()
        session.add(Staff(user_id=user.id, clinic_id=far.id))


@pytest.fixture
async def practice(harness):
    """Monday 4 March 2030, 08:00 in London: Dr. Test 0 works Mon–Fri 09:00–17:00 with three
    weeks of slots; Bob has a visit on Wednesday 13 March at 10:00."""
    w = await build_world(harness.factory, doctors=2)
    w.doctor_user = await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    w.admin_user = await add_staff(w, ADMIN_TG, role="admin")
    await add_staff(w, DESK_TG, role="staff")
    await _far_desk(w)
    async with unit_of_work(w.factory) as session:
        await slots.generate_slots(
            session, actor=Actor.system(), start=NOW.date(), end=NOW.date() + timedelta(days=21),
            now=NOW,
        )  # fmt: skip
    await add_patient(w, PATIENT_TG, name="Bob Roe")
    harness.sandbox.user(PATIENT_TG, "Bob")
    async with unit_of_work(w.factory) as session:
        slot = await _slot(session, w, local(WED, 10))
    w.visit = await booking.book_slot(
        w.factory, actor=w.actors[PATIENT_TG], patient_id=w.patients[PATIENT_TG],
        slot_id=slot.id, now=NOW,
    )  # fmt: skip
    return w


async def _slot(session, w, starts_at: datetime) -> AppointmentSlot:
    return await session.scalar(
        select(AppointmentSlot).where(
            AppointmentSlot.doctor_id == w.doctor_ids[0], AppointmentSlot.starts_at == starts_at
        )
    )


async def _wednesday_blocks(w) -> list[tuple]:
    async with unit_of_work(w.factory) as session:
        rows = await session.execute(
            select(DoctorSchedule.effective_from, DoctorSchedule.effective_until).where(
                DoctorSchedule.doctor_id == w.doctor_ids[0], DoctorSchedule.weekday == 2
            )
        )
        return [tuple(r) for r in rows]


async def _forged_presses_expire(harness, w, tg: int, name: str) -> None:
    user = harness.sandbox.user(tg, name)
    await user.send_command("/start")
    mid = user.last_bot_message.message_id
    doctor = w.doctor_ids[0]
    for data in (
        DoctorHours(doctor).pack(),
        DoctorOutsideVisit(doctor, False, w.visit.id).pack(),
        DoctorOutsideVisit(doctor, True, w.visit.id).pack(),
        OutsideVisit(False, w.visit.id).pack(),
    ):
        assert (await user.press_data(mid, data)).callback_answer.text == EXPIRED, data


async def test_admin_changes_a_doctors_hours_and_cancels_a_visit_with_offers(
    harness, practice
) -> None:
    w = practice
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    clinics = await admin.send_command("/doctors")
    doctors = await admin.press("🏥 Test Clinic", clinics.last)
    card = await admin.press("Dr. Test 0 · Dermatology", doctors.last)
    assert "⏰ Working hours" in card.button_texts
    week = await admin.press("⏰ Working hours", card.last)
    assert "Dr. Test 0" in week.text and "Test Clinic" in week.text
    assert "Wednesday: 09:00–17:00" in week.text and "Saturday: day off" in week.text
    assert "Mon 9-13, 14-18" in week.text

    # Unclear text: said and asked again, nothing changes.
    again = await admin.send_text("Wednesday maybe")
    assert "could not read those hours" in again.text
    asked = await admin.send_text("Wed off")
    assert "Wednesday: day off" in asked.text and "From which date" in asked.text
    shown = await admin.send_text("13.03")
    assert "New working hours from 13 March" in shown.text
    assert len(await _wednesday_blocks(w)) == 1

    # Forged presses of another clinic's desk and of a patient: expired, nothing changes.
    await _forged_presses_expire(harness, w, FAR_DESK_TG, "Far")
    await _forged_presses_expire(harness, w, PATIENT_TG, "Bob")

    saved = await admin.press("✅ Save the new hours", shown.last)
    assert any("new working hours apply from 13 March" in m.text for m in saved.edited)
    outside = admin.last_bot_message
    assert "Bob Roe" in outside.text and "13 Mar, 10:00" in outside.text
    assert await _wednesday_blocks(w) == [(None, WED)]  # the old block ends the day before
    async with unit_of_work(w.factory) as session:
        assert (await _slot(session, w, local(date(2030, 3, 6), 10))).is_active  # this week
        assert not (await _slot(session, w, local(WED, 11))).is_active
        assert not (await _slot(session, w, local(date(2030, 3, 20), 10))).is_active
        change = await session.scalar(select(AuditLog).where(AuditLog.action == "schedule.change"))
        assert change.actor_user_id == w.admin_user
        assert str(change.resource_id) == str(w.doctor_ids[0])

    # The same presses are still refused after the save; a button naming another doctor too.
    await _forged_presses_expire(harness, w, FAR_DESK_TG, "Far")
    await _forged_presses_expire(harness, w, PATIENT_TG, "Bob")
    wrong = DoctorOutsideVisit(w.doctor_ids[1], False, w.visit.id).pack()
    assert (await admin.press_data(outside.message_id, wrong)).callback_answer.text == EXPIRED
    async with unit_of_work(w.factory) as session:
        assert (await session.get(Appointment, w.visit.id)).status == "scheduled"

    cancelled = await admin.press("↩️ Cancel and offer", outside)
    assert "offered the nearest free times" in cancelled.callback_answer.text
    async with unit_of_work(w.factory) as session:
        gone = await session.get(Appointment, w.visit.id)
        assert (gone.status, gone.cancellation_reason, gone.cancelled_by) == (
            "cancelled", "hours_changed", w.admin_user,
        )  # fmt: skip
        assert not (await _slot(session, w, local(WED, 10))).is_active
        audit = await session.scalar(
            select(AuditLog).where(AuditLog.action == "appointment.cancel_by_doctor")
        )
        assert audit.actor_user_id == w.admin_user
    again = await admin.press_data(outside.message_id, DoctorOutsideVisit(
        w.doctor_ids[0], False, w.visit.id).pack())  # fmt: skip
    assert again.callback_answer.text == EXPIRED

    patient = harness.sandbox.user(PATIENT_TG, "Bob")
    assert await until(lambda: _has(patient, "cannot see you"), within=10), patient.transcript()
    notice = next(m for m in reversed(patient.bot_messages) if "cannot see you" in m.text)
    assert "13 Mar, 10:00" in notice.text and notice.buttons

    # The doctor's own /hours still works (this week's Wednesday keeps its hours).
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    own = await doc.send_command("/hours")
    assert "Your working hours" in own.text and "Wednesday: 09:00–17:00" in own.text
    asked = await doc.send_text("Thu 9-12")
    done = await doc.press("Tomorrow, 5 March", asked.last)
    saved = await doc.press("✅ Save the new hours", done.last)
    assert "new working hours apply from 5 March" in saved.text


async def test_the_clinics_front_desk_opens_the_week_and_the_admin_keeps_a_visit(
    harness, practice
) -> None:
    w = practice
    desk = harness.sandbox.user(DESK_TG, "Dana")
    await desk.send_command("/start")
    week = await desk.press_data(
        desk.last_bot_message.message_id, DoctorHours(w.doctor_ids[0]).pack()
    )
    assert "Dr. Test 0" in week.text and "Wednesday: 09:00–17:00" in week.text

    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    await admin.send_command("/start")
    await admin.press_data(admin.last_bot_message.message_id, DoctorHours(w.doctor_ids[0]).pack())
    await admin.send_text("Wed 9-10")
    shown = await admin.send_text("13.03")
    await admin.press("✅ Save the new hours", shown.last)
    outside = admin.last_bot_message
    kept = await admin.press_data(
        outside.message_id, DoctorOutsideVisit(w.doctor_ids[0], True, w.visit.id).pack()
    )
    assert "Kept" in kept.callback_answer.text
    async with unit_of_work(w.factory) as session:
        assert (await session.get(Appointment, w.visit.id)).status == "scheduled"
        row = await session.scalar(
            select(AuditLog).where(AuditLog.action == "appointment.keep_outside_hours")
        )
        assert row.actor_user_id == w.admin_user
        assert (await _slot(session, w, local(WED, 9, 30))).is_active
        assert not (await _slot(session, w, local(WED, 11))).is_active


async def _has(user, needle: str) -> bool:
    return any(needle in m.text for m in user.bot_messages)
