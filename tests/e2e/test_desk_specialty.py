"""The front desk picks the doctor as a patient does when its clinic has more doctors than
one list holds: the clinic's specialties with counts, then that specialty's doctors with
their next free times, ⬅️ Back between them; or it types a doctor's name. Forged presses of
another clinic's specialty or doctor have expired and change nothing. An admin's
`/day <clinic name>` opens that board directly; an unknown name says so over the picker."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Appointment, Clinic, Doctor, Specialty, Staff, User
from handlers.desk_booking_buttons import DeskDoctor, DeskDoctorChoice, DeskSpecialty
from services import desk_booking
from services.errors import NotFound
from services.policy import Actor, Role
from tests.e2e.test_doctor_day import add_visit
from tests.world import add_patient, add_slot, add_staff, build_world

EXPIRED = "This button has expired."
DESK, DESK_B, ADMIN = 5001, 5002, 9001
CARDIOLOGY = ("Dr. Ada Heart", "Dr. Ben Pulse", "Dr. Cy Valve")
NEUROLOGY = ("Dr. Nora Nerve", "Dr. Otto Brain")


async def _specialty(w, name: str) -> uuid.UUID:
    async with unit_of_work(w.factory) as session:
        specialty = Specialty(name=name)
        session.add(specialty)
        await session.flush()
        return specialty.id


async def _doctors(w, specialty_id, names, *, clinic_id=None) -> list[uuid.UUID]:
    """More doctors (of the world's clinic unless told), appended to `w.doctor_ids`."""
    async with unit_of_work(w.factory) as session:
        docs = [
            Doctor(
                clinic_id=clinic_id or w.clinic_id,
                specialty_id=specialty_id,
                full_name=n,
                license_number=f"L-{uuid.uuid4().hex[:8]}",
                max_patients_per_day=20,
                visit_minutes=30,
            )
            for n in names
        ]
        session.add_all(docs)
        await session.flush()
        ids = [d.id for d in docs]
    if clinic_id is None:
        w.doctor_ids.extend(ids)
    return ids


async def _clinic_b(w) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID]:
    """Another clinic with its desk, a dermatologist and an orthopaedist (a specialty the
    world's clinic lacks): (clinic, orthopedics, its doctor, the dermatologist)."""
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name="Northside Clinic", address="2 Low St", city="London",
                        timezone="Europe/London")  # fmt: skip
        desk = User(telegram_user_id=DESK_B, chat_id=DESK_B, full_name="Desk B", role="staff")
        session.add_all([clinic, desk])
        await session.flush()
        session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
    ortho = await _specialty(w, "Orthopedics")
    [bones] = await _doctors(w, ortho, ["Dr. Far Bones"], clinic_id=clinic.id)
    [skin] = await _doctors(w, w.specialty_id, ["Dr. Far Skin"], clinic_id=clinic.id)
    return clinic.id, ortho, bones, skin


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)  # Dr. Test 0, 1: Dermatology
    await _doctors(w, await _specialty(w, "Cardiology"), CARDIOLOGY)
    w.neurology = await _specialty(w, "Neurology")
    await _doctors(w, w.neurology, NEUROLOGY)  # 7 doctors: more than one list holds
    await add_staff(w, DESK)
    await add_staff(w, ADMIN, role="admin")
    await add_patient(w, 1001, "John Smith")
    await add_visit(w, 1001, harness.clock.now - timedelta(days=7), status="completed")
    wed = harness.clock.now + timedelta(days=2, hours=1)  # Wednesday 6 March, 09:00 London
    for hours in (0, 1):
        await add_slot(w, doctor=3, starts_at=wed + timedelta(hours=hours))  # Ben Pulse
    await add_slot(w, doctor=5, starts_at=wed + timedelta(hours=2))  # Nora Nerve
    return w


async def _rows(harness, patient_id: uuid.UUID) -> list[Appointment]:
    async with unit_of_work(harness.factory) as session:
        found = await session.scalars(
            select(Appointment).where(Appointment.patient_id == patient_id)
            .order_by(Appointment.created_at)
        )  # fmt: skip
        return list(found)


async def _card(desk):
    await desk.send_command("/find", "john smith")
    return await desk.press(0)


async def test_specialties_first_then_doctors_with_next_free_times_and_back(harness, world) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    await _card(desk)
    reply = await desk.press("📅 Book a visit")
    listing = reply.last
    assert "Which specialty" in listing.text and "John Smith" in listing.text
    assert listing.button_texts == [
        "Cardiology (3)", "Dermatology (2)", "Neurology (2)", "⬅️ Back"
    ]  # fmt: skip
    reply = await desk.press("Cardiology (3)", listing)
    assert reply.last.message_id == listing.message_id  # edited in place
    assert reply.last.button_texts == [*CARDIOLOGY, "⬅️ Back"]
    assert "Dr. Ben Pulse — next free: Wed 6 Mar, 09:00 (London time)" in reply.text
    assert "Dr. Ada Heart — nothing free" in reply.text
    reply = await desk.press("⬅️ Back", listing)
    assert "Which specialty" in reply.text and "Neurology (2)" in reply.last.button_texts
    await desk.press("Cardiology (3)", listing)
    reply = await desk.press("Dr. Ben Pulse", listing)
    assert "Dr. Ben Pulse" in reply.text and "6●" in reply.last.button_texts
    reply = await desk.press("⬅️ Back", listing)  # the calendar's Back: that specialty's doctors
    assert reply.last.button_texts == [*CARDIOLOGY, "⬅️ Back"]
    await desk.press("Dr. Ben Pulse", listing)
    await desk.press("6●", listing)
    await desk.press("10:00", listing)
    await desk.press("Skip")
    reply = await desk.press("✅ Confirm")
    assert "Booked for" in reply.text and "Dr. Ben Pulse" in reply.text
    [_past, booked] = await _rows(harness, world.patients[1001])
    assert booked.doctor_id == world.doctor_ids[3] and booked.created_via == "staff"
    assert booked.created_by == world.actors[DESK].user_id


async def test_the_desk_types_a_doctors_name(harness, world) -> None:
    desk = harness.sandbox.user(DESK, "Desk")
    await _card(desk)
    await desk.press("📅 Book a visit")
    reply = await desk.send_text("nobody like this")  # no doctor of the clinic: said, re-asked
    assert "No doctor of this clinic" in reply.text and "Which specialty" in reply.text
    assert "Cardiology (3)" in reply.last.button_texts
    reply = await desk.send_text("test")  # two doctors match: both offered
    assert reply.last.button_texts == ["Dr. Test 0 · Dermatology", "Dr. Test 1 · Dermatology",
                                       "⬅️ Back"]  # fmt: skip
    reply = await desk.press("⬅️ Back")
    assert "Which specialty" in reply.text
    reply = await desk.send_text("nora nerv")  # one doctor, typo and all: her calendar
    assert "Dr. Nora Nerve" in reply.text and "6●" in reply.last.button_texts
    await desk.press("6●")
    await desk.press("11:00")
    await desk.press("Skip")
    reply = await desk.press("✅ Confirm")
    assert "Booked for" in reply.text and "Dr. Nora Nerve" in reply.text
    [_past, booked] = await _rows(harness, world.patients[1001])
    assert booked.doctor_id == world.doctor_ids[5]


async def test_another_clinics_specialty_or_doctor_has_expired(harness, world) -> None:
    clinic_b, ortho, bones, skin = await _clinic_b(world)
    desk = harness.sandbox.user(DESK, "Desk")
    await _card(desk)
    listing = (await desk.press("📅 Book a visit")).last
    for forged in (DeskSpecialty(ortho), DeskSpecialty(uuid.uuid4()), DeskDoctor(bones),
                   DeskDoctor(skin)):  # fmt: skip
        reply = await desk.press_data(listing.message_id, forged.pack())
        assert reply.callback_answer is not None and EXPIRED in reply.callback_answer.text
    assert desk.last_bot_message.text == listing.text  # nothing changed on the screen
    reply = await desk.press("Dermatology (2)", listing)  # the flow goes on as it was
    assert reply.last.button_texts == ["Dr. Test 0", "Dr. Test 1", "⬅️ Back"]
    assert "Dr. Far Skin" not in reply.text
    reply = await desk.press_data(listing.message_id, DeskDoctor(skin).pack())
    assert EXPIRED in reply.callback_answer.text
    reply = await desk.send_text("far bones")  # typed: another clinic's doctor is not found
    assert "No doctor of this clinic" in reply.text
    assert len(await _rows(harness, world.patients[1001])) == 1  # the past visit only
    # Clinic B's desk sees only its own two doctors: the flat list, no specialty step.
    async with unit_of_work(harness.factory) as session:
        desk_b = (await session.scalars(select(User).where(User.telegram_user_id == DESK_B))).one()
    actor_b = Actor(user_id=desk_b.id, role=Role.staff, staff_clinic_id=clinic_b,
                    telegram_user_id=DESK_B)  # fmt: skip
    async with unit_of_work(harness.factory) as session:
        choice = await desk_booking.doctor_choice(session, actor=actor_b)
        assert [d.full_name for d in choice.doctors] == ["Dr. Far Skin", "Dr. Far Bones"]
        assert choice.specialties == []
        with pytest.raises(NotFound):  # clinic A's neurology is not clinic B's
            await desk_booking.specialty_doctors(
                session, actor=actor_b, specialty_id=world.neurology, now=harness.clock.now
            )
    # A Back of the doctor choice outside the flow has expired too.
    john = harness.sandbox.user(1001, "John")
    reply = await john.send_command("/my")
    reply = await john.press_data(reply.last.message_id, DeskDoctorChoice().pack())
    assert EXPIRED in reply.callback_answer.text


async def test_six_doctors_keep_the_flat_list(harness, world) -> None:
    async with unit_of_work(harness.factory) as session:
        otto = await session.get_one(Doctor, world.doctor_ids[6])
        otto.is_active = False  # six active doctors now
    desk = harness.sandbox.user(DESK, "Desk")
    await _card(desk)
    reply = await desk.press("📅 Book a visit")
    assert desk_booking.FLAT_DOCTOR_LIST_MAX == 6
    assert "Which doctor" in reply.text and "Cardiology (3)" not in reply.last.button_texts
    assert len(reply.last.button_texts) == 7  # six doctors and Back
    assert "Dr. Nora Nerve · Neurology" in reply.last.button_texts


async def test_an_admins_day_with_a_clinic_name(harness, world) -> None:
    await _clinic_b(world)
    await add_visit(world, 1001, harness.clock.now + timedelta(hours=1))
    admin = harness.sandbox.user(ADMIN, "Ada")
    reply = await admin.send_command("/day", "northside")
    assert "Northside Clinic" in reply.text and "Which clinic" not in reply.text
    assert "John Smith" not in reply.text
    reply = await admin.send_command("/day", "test clnic")  # a typo
    assert "Test Clinic" in reply.text and "John Smith" in reply.text
    assert "🔄 Refresh" in reply.last.button_texts
    reply = await admin.send_command("/day", "atlantis")
    assert "No active clinic is called “atlantis”" in reply.text
    assert "Which clinic's day?" in reply.text
    assert reply.last.button_texts == ["Northside Clinic", "Test Clinic"]
    reply = await admin.send_command("/day", "clinic")  # says nothing about which
    assert "Which clinic's day?" in reply.text and "“clinic”" in reply.text
    # A desk's /day is always its own clinic: a name typed after it is not read.
    desk = harness.sandbox.user(DESK, "Desk")
    reply = await desk.send_command("/day", "northside")
    assert "Test Clinic" in reply.text and "John Smith" in reply.text
    assert "Northside" not in reply.text
    desk_b = harness.sandbox.user(DESK_B, "Desk B")
    reply = await desk_b.send_command("/day", "test clinic")
    assert "Northside Clinic" in reply.text and "John Smith" not in reply.text
