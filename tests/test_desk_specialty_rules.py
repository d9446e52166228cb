"""The desk's doctor choice in the services: one list up to FLAT_DOCTOR_LIST_MAX bookable
doctors, the specialties with counts above it; a specialty's doctors only of the desk's own
clinic; typed doctor and clinic names matched with typos; an admin's /day by clinic name."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from db.engine import unit_of_work
from db.models import Clinic, Doctor, Specialty
from services import clinic_day, desk_booking, search
from services.catalog import ClinicOut
from services.errors import InvalidInput, NotAllowed, NotFound
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

DESK, ADMIN = 5001, 9001


async def _add(w, specialty: str, names: list[str], clinic_id=None) -> list:
    async with unit_of_work(w.factory) as session:
        spec = Specialty(name=specialty)
        session.add(spec)
        await session.flush()
        docs = [
            Doctor(
                clinic_id=clinic_id or w.clinic_id,
                specialty_id=spec.id,
                full_name=n,
                license_number=f"{specialty[:3]}-{i}-{n[-3:]}",
                max_patients_per_day=20,
                visit_minutes=30,
            )
            for i, n in enumerate(names)
        ]
        session.add_all(docs)
        await session.flush()
        ids = [d.id for d in docs]
        if clinic_id is None:
            w.doctor_ids.extend(ids)
        return [spec.id, *ids]


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=3)  # Dermatology
    await add_staff(w, DESK)
    await add_staff(w, ADMIN, role="admin")
    await add_patient(w, 1001)
    return w


async def _other_clinic(w, name: str = "Northside Clinic", *, active: bool = True):
    async with unit_of_work(w.factory) as session:
        clinic = Clinic(name=name, address="2 Low St", city="London", timezone="Europe/London",
                        is_active=active)  # fmt: skip
        session.add(clinic)
        await session.flush()
        return clinic.id


async def test_six_doctors_one_list_seven_specialties_first(world) -> None:
    await _add(world, "Cardiology", ["Dr. Ada Heart", "Dr. Ben Pulse", "Dr. Cy Valve"])
    desk = world.actors[DESK]
    async with unit_of_work(world.factory) as session:
        choice = await desk_booking.doctor_choice(session, actor=desk)
    assert len(choice.doctors) == desk_booking.FLAT_DOCTOR_LIST_MAX and choice.specialties == []
    [neuro, _nora] = await _add(world, "Neurology", ["Dr. Nora Nerve"])
    async with unit_of_work(world.factory) as session:
        choice = await desk_booking.doctor_choice(session, actor=desk)
        assert choice.doctors == []
        assert [(s.name, s.doctor_count) for s in choice.specialties] == [
            ("Cardiology", 3),
            ("Dermatology", 3),
            ("Neurology", 1),
        ]
        # An inactive doctor does not count, nor is listed.
        (await session.get_one(Doctor, world.doctor_ids[0])).is_active = False
    async with unit_of_work(world.factory) as session:
        choice = await desk_booking.doctor_choice(session, actor=desk)
        assert len(choice.doctors) == 6
        found = await desk_booking.specialty_doctors(
            session, actor=desk, specialty_id=neuro, now=NOW
        )
        assert [d.full_name for d in found.doctors] == ["Dr. Nora Nerve"]


async def test_a_specialty_only_of_another_clinic_is_not_found_for_the_desk(world) -> None:
    clinic_b = await _other_clinic(world)
    [ortho, bones] = await _add(world, "Orthopedics", ["Dr. Far Bones"], clinic_id=clinic_b)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotFound):
            await desk_booking.specialty_doctors(
                session, actor=world.actors[DESK], specialty_id=ortho, now=NOW
            )
        # An admin books everywhere: the specialty is theirs to see.
        found = await desk_booking.specialty_doctors(
            session, actor=world.actors[ADMIN], specialty_id=ortho, now=NOW
        )
        assert [d.id for d in found.doctors] == [bones]
        assert (
            await desk_booking.doctors_named(session, actor=world.actors[DESK], query="far bones")
            == []
        )
        with pytest.raises(NotAllowed):  # a patient has no doctor choice of the desk's
            await desk_booking.doctor_choice(session, actor=world.actors[1001])


async def test_next_free_times_use_the_desks_window(world) -> None:
    """A walk-in inside the clinic's minimum notice is the desk's next free time."""
    soon = NOW + timedelta(minutes=30)  # inside the clinic's 60 minutes' notice
    await add_slot(world, doctor=1, starts_at=soon)
    async with unit_of_work(world.factory) as session:
        found = await desk_booking.specialty_doctors(
            session, actor=world.actors[DESK], specialty_id=world.specialty_id, now=NOW
        )
    assert found.next_free[world.doctor_ids[1]] == soon
    assert found.next_free[world.doctor_ids[0]] is None


async def test_typed_doctor_names(world) -> None:
    await _add(world, "Neurology", ["Dr. Nora Nerve", "Dr. Otto Brain"])
    async with unit_of_work(world.factory) as session:
        named = await desk_booking.doctors_named(
            session, actor=world.actors[DESK], query="dr nora nerv"
        )
        assert [d.full_name for d in named] == ["Dr. Nora Nerve"]
        with pytest.raises(InvalidInput):
            await desk_booking.doctors_named(session, actor=world.actors[DESK], query="x" * 101)
        assert await desk_booking.doctors_named(session, actor=world.actors[DESK], query="x") == []


def _clinic(name: str) -> ClinicOut:
    return ClinicOut(
        id=uuid.uuid4(), name=name, address="1 St", city="London", timezone="Europe/London",
        phone=None, min_booking_notice_minutes=60, min_cancel_notice_minutes=240,
        booking_horizon_days=60, is_active=True,
    )  # fmt: skip


def test_clinic_names() -> None:
    central, river, test = (
        _clinic("CareSlot Central"),
        _clinic("CareSlot Riverside"),
        _clinic("Test Clinic"),
    )
    clinics = [central, river, test]
    assert search.clinics_named("central", clinics) == [central]
    assert search.clinics_named("centrl", clinics) == [central]
    assert search.clinics_named("test clnic", clinics) == [test]
    assert search.clinics_named("careslot riverside", clinics) == [river]
    assert set(map(id, search.clinics_named("careslot", clinics))) == {id(central), id(river)}
    assert search.clinics_named("atlantis", clinics) == []


async def test_an_admins_board_by_name_and_a_desks_own(world) -> None:
    clinic_b = await _other_clinic(world)
    await _other_clinic(world, "Closed Northside", active=False)
    admin, desk = world.actors[ADMIN], world.actors[DESK]
    async with unit_of_work(world.factory) as session:
        board = await clinic_day.board_or_clinics(
            session, actor=admin, now=NOW, clinic_name="northside"
        )
        assert isinstance(board, clinic_day.ClinicBoard) and board.clinic_id == clinic_b
        picker = await clinic_day.board_or_clinics(
            session, actor=admin, now=NOW, clinic_name="closed northside"
        )  # an inactive clinic is not offered
        assert isinstance(picker, clinic_day.BoardClinics)
        assert picker.asked == "closed northside" and not picker.several
        picker = await clinic_day.board_or_clinics(
            session, actor=admin, now=NOW, clinic_name="clinic"
        )
        assert isinstance(picker, clinic_day.BoardClinics) and picker.several
        picker = await clinic_day.board_or_clinics(
            session, actor=admin, now=NOW, clinic_name="y" * 500
        )
        assert isinstance(picker, clinic_day.BoardClinics) and len(picker.asked) <= 60
        own = await clinic_day.board_or_clinics(
            session, actor=desk, now=NOW, clinic_name="northside"
        )  # a desk's name is not read: its own clinic
        assert isinstance(own, clinic_day.ClinicBoard) and own.clinic_id == world.clinic_id
        with pytest.raises(NotAllowed):
            await clinic_day.board_or_clinics(
                session, actor=world.actors[1001], now=NOW, clinic_name="northside"
            )
