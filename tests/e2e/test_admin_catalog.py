"""The admin's /clinics and /doctors through the sandbox: a clinic added step by step (an
unknown time zone and a bad phone asked again, nothing saved before Save), a setting
edited (audited before → after, nonsense refused), a clinic deactivated with its effect
shown first (its visits kept, search and booking refuse it); a doctor's field edited
(audited), a doctor added (a taken licence number asked again, a new specialty), a doctor
deactivated with the visit listed first, then cancelled and the patient offered other
times; forged presses and other roles refused with nothing changed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import Appointment, AuditLog, Clinic, Doctor, Specialty
from handlers.catalog_buttons import ClinicActive, ClinicOpen, DoctorActive
from services import booking
from services.errors import SlotTaken
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

ADMIN_TG, STAFF_TG, PATIENT_TG = 9001, 9002, 1
EXPIRED = "This button has expired."
NOT_ALLOWED = "You are not allowed to do that."


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


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    await add_staff(w, ADMIN_TG, role="admin")
    await add_staff(w, STAFF_TG, role="staff")
    await add_patient(w, PATIENT_TG, name="Pat Patient")
    return w


async def _count(w, model, *where) -> int:
    async with unit_of_work(w.factory) as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def _one(w, model, *where):
    async with unit_of_work(w.factory) as session:
        return (await session.scalars(select(model).where(*where))).one()


async def _book(w, *, doctor: int, hours: int):
    slot = await add_slot(w, doctor=doctor, starts_at=NOW + timedelta(hours=hours))
    return await booking.book_slot(
        w.factory, actor=w.actors[PATIENT_TG], patient_id=w.patients[PATIENT_TG],
        slot_id=slot, now=NOW,
    )  # fmt: skip


async def test_admin_adds_edits_and_deactivates_a_clinic(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    listing = await admin.send_command("/clinics")
    assert "🏥 Test Clinic · London" in listing.button_texts
    asked = await admin.press("➕ Add a clinic", listing.last)
    assert "name of the new clinic" in asked.text
    await admin.send_text("North Clinic")
    await admin.send_text("5 North Road")
    zone = await admin.send_text("Leeds")
    assert "time zone" in zone.text
    bad = await admin.send_text("Mars/Olympus")
    assert "not a time zone I know" in bad.text and "time zone" in bad.text
    phone = await admin.send_text("Europe/London")
    assert "phone number" in phone.text
    assert "does not look like a phone number" in (await admin.send_text("12")).text
    summary = await admin.send_text("020 7946 0123")
    assert "North Clinic" in summary.text and "+442079460123" in summary.text
    assert "London" in summary.text  # the time zone said as its city
    assert await _count(world, Clinic) == 1  # nothing saved before Save
    saved = await admin.press("✅ Save", summary.last)
    assert "saved" in saved.text
    north = await _one(world, Clinic, Clinic.name == "North Clinic")
    assert (north.timezone, north.phone, north.city) == ("Europe/London", "+442079460123", "Leeds")
    assert await _count(world, AuditLog, AuditLog.action == "clinic.create") == 1

    # Edit the cancellation notice of Test Clinic: nonsense refused, then saved and audited.
    listing = await admin.send_command("/clinics")
    card = await admin.press("🏥 Test Clinic · London", listing.last)
    shown_all = (
        "1 High St", "London", "+442079460958", "Minimum booking notice: 1 hour",
        "Booking horizon: 60 days", "Cancellation notice: 4 hours", "Reminders",
    )  # fmt: skip
    for shown in shown_all:
        assert shown in card.text, shown
    fields = await admin.press("✏️ Edit", card.last)
    asked = await admin.press("Cancellation notice", fields.last)
    assert "in minutes" in asked.text
    assert "whole number of minutes" in (await admin.send_text("-5")).text
    done = await admin.send_text("120")
    assert "Cancellation notice: 2 hours" in done.text
    row = await _one(world, AuditLog, AuditLog.action == "clinic.update")
    assert row.details["before"] == {"min_cancel_notice_minutes": 240}
    assert row.details["after"] == {"min_cancel_notice_minutes": 120}
    # A horizon of 0 days and a notice beyond the horizon are refused and asked again.
    fields = await admin.press("✏️ Edit", done.last)
    await admin.press("Booking horizon", fields.last)
    assert "1 to 365 days" in (await admin.send_text("0")).text
    short = await admin.send_text("1")
    assert "Booking horizon: 1 day" in short.text
    fields = await admin.press("✏️ Edit", short.last)
    await admin.press("Minimum booking notice", fields.last)
    refused = await admin.send_text("2000")
    assert "beyond the booking horizon" in refused.text
    clinic = await _one(world, Clinic, Clinic.id == world.clinic_id)
    assert (clinic.booking_horizon_days, clinic.min_booking_notice_minutes) == (1, 60)
    card = await admin.press("⬅️ Back", refused.last)
    fields = await admin.press("✏️ Edit", card.last)
    await admin.press("Booking horizon", fields.last)
    back = await admin.send_text("60")
    assert "Booking horizon: 60 days" in back.text

    # Deactivate: the effect first, then done; the visit stays, search and booking refuse.
    visit = await _book(world, doctor=0, hours=26)
    effect = await admin.press("⏸ Deactivate", back.last)
    assert "1 future visit" in effect.text and "stays booked" in effect.text
    assert (await _one(world, Clinic, Clinic.id == world.clinic_id)).is_active
    off = await admin.press("✅ Yes, deactivate", effect.last)
    assert "inactive" in off.text
    assert not (await _one(world, Clinic, Clinic.id == world.clinic_id)).is_active
    assert (await _one(world, Appointment, Appointment.id == visit.id)).status == "scheduled"
    assert await _count(world, AuditLog, AuditLog.action == "clinic.deactivate") == 1
    patient = harness.sandbox.user(PATIENT_TG, "Pat")
    how = await patient.send_command("/book")
    clinics = await patient.press("🏥 By clinic", how.last)
    assert "North Clinic · Leeds" in clinics.button_texts
    assert not [b for b in clinics.button_texts if "Test Clinic" in b]
    slot = await add_slot(world, doctor=1, starts_at=NOW + timedelta(hours=30))
    with pytest.raises(SlotTaken):
        await booking.book_slot(
            world.factory, actor=world.actors[PATIENT_TG], patient_id=world.patients[PATIENT_TG],
            slot_id=slot, now=NOW,
        )  # fmt: skip

    # Forged presses have expired and change nothing; staff and patients are refused.
    mid = admin.last_bot_message.message_id
    forged = await admin.press_data(mid, ClinicActive(uuid.uuid4(), True, True).pack())
    assert forged.callback_answer.text == EXPIRED
    staff = harness.sandbox.user(STAFF_TG, "Sam")
    assert NOT_ALLOWED in (await staff.send_command("/clinics")).text
    smid = staff.last_bot_message.message_id
    forged_all = (
        ClinicActive(world.clinic_id, True, True).pack(),
        ClinicActive(north.id, False, True).pack(),
        ClinicOpen(north.id).pack(),
    )
    for data in forged_all:
        assert (await staff.press_data(smid, data)).callback_answer.text == EXPIRED
    assert not (await _one(world, Clinic, Clinic.id == world.clinic_id)).is_active
    assert (await _one(world, Clinic, Clinic.id == north.id)).is_active
    assert NOT_ALLOWED in (await patient.send_command("/clinics")).text


async def test_admin_adds_a_doctor_and_deactivates_one_with_a_booked_visit(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    patient = harness.sandbox.user(PATIENT_TG, "Pat")
    visit = await _book(world, doctor=0, hours=26)
    await add_slot(world, doctor=1, starts_at=NOW + timedelta(hours=27))

    clinics = await admin.send_command("/doctors")
    doctors = await admin.press("🏥 Test Clinic", clinics.last)
    assert "Dr. Test 0 · Dermatology" in doctors.button_texts
    card = await admin.press("Dr. Test 0 · Dermatology", doctors.last)
    for shown in ("Test Clinic", "Dermatology", "Licence number: T-0", "Visit length: 30 min",
                  "20 patients a day", "No Telegram account linked"):  # fmt: skip
        assert shown in card.text, shown

    # Add: name → clinic → a new specialty → a taken licence (asked again) → a free one.
    # One field edited: nonsense asked again, then saved and audited before → after.
    fields = await admin.press("✏️ Edit", card.last)
    await admin.press("Visit length", fields.last)
    assert "from 5 to 480" in (await admin.send_text("3")).text
    edited = await admin.send_text("45")
    assert "Visit length: 45 min" in edited.text
    row = await _one(world, AuditLog, AuditLog.action == "doctor.update")
    assert row.details == {"before": {"visit_minutes": 30}, "after": {"visit_minutes": 45}}
    doctors = await admin.press("⬅️ Back", edited.last)
    asked = await admin.press("➕ Add a doctor", doctors.last)
    assert "full name" in asked.text
    which = await admin.send_text("Dr. Nora New")
    spec = await admin.press("🏥 Test Clinic", which.last)
    typed = await admin.press("➕ A new specialty", spec.last)
    assert "name of the new specialty" in typed.text
    licence = await admin.send_text("Cardiology")
    assert "licence number" in licence.text
    taken = await admin.send_text("T-1")
    assert "already has licence number T-1" in taken.text
    await admin.send_text("CARD-77")
    assert "whole number" in (await admin.send_text("half an hour")).text
    await admin.send_text("20")
    summary = await admin.send_text("12")
    assert "Dr. Nora New" in summary.text and "Cardiology" in summary.text
    assert await _count(world, Specialty) == 1 and await _count(world, Doctor) == 2
    saved = await admin.press("✅ Save", summary.last)
    assert "saved" in saved.text and "/invite" in saved.text
    nora = await _one(world, Doctor, Doctor.license_number == "CARD-77")
    assert (nora.visit_minutes, nora.max_patients_per_day, nora.user_id) == (20, 12, None)
    assert await _count(world, AuditLog, AuditLog.action == "specialty.create") == 1

    # Deactivate Dr. Test 0: the visit listed first, then cancelled, the patient offered more.
    doctors = await admin.press("⬅️ Back", saved.last)
    assert "Dr. Nora New · Cardiology" in doctors.button_texts
    card = await admin.press("Dr. Test 0 · Dermatology", doctors.last)
    effect = await admin.press("⏸ Deactivate", card.last)
    assert "Pat Patient" in effect.text and "will be cancelled" in effect.text
    assert (await _one(world, Appointment, Appointment.id == visit.id)).status == "scheduled"

    # Forged and other roles' presses first: expired, nothing changes.
    forged = await admin.press_data(
        effect.last.message_id, DoctorActive(uuid.uuid4(), False, True).pack()
    )
    assert forged.callback_answer.text == EXPIRED
    staff = harness.sandbox.user(STAFF_TG, "Sam")
    assert NOT_ALLOWED in (await staff.send_command("/doctors")).text
    smid = staff.last_bot_message.message_id
    data = DoctorActive(world.doctor_ids[0], False, True).pack()
    assert (await staff.press_data(smid, data)).callback_answer.text == EXPIRED
    assert NOT_ALLOWED in (await patient.send_command("/doctors")).text
    assert (await _one(world, Doctor, Doctor.id == world.doctor_ids[0])).is_active

    done = await admin.press("✅ Yes, deactivate", effect.last)
    assert "1 visit cancelled" in done.text
    gone = await _one(world, Appointment, Appointment.id == visit.id)
    assert (gone.status, gone.cancellation_reason) == ("cancelled", "doctor_inactive")
    assert not (await _one(world, Doctor, Doctor.id == world.doctor_ids[0])).is_active
    assert await _count(world, AuditLog, AuditLog.action == "doctor.deactivate") == 1

    async def told() -> bool:
        return any("cannot see you" in m.text for m in patient.bot_messages)

    assert await until(told, within=10)
    notice = next(m for m in patient.bot_messages if "cannot see you" in m.text)
    assert "Dr. Test 0" in notice.text
    assert any("Dr. Test 1" in label for label in notice.button_texts)
