"""Clinics, specialties and doctors, and the idempotent demo seed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AuditLog
from services import catalog
from services.demo_data import seed_demo
from services.errors import Conflict, NotFound
from services.policy import Actor

SYSTEM = Actor.system()
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)


async def _clinic(session, name="North", tz="Europe/Berlin"):
    return await catalog.create_clinic(
        session,
        actor=SYSTEM,
        now=NOW,
        data=catalog.ClinicCreate(
            name=name, address="1 Main St", city="Berlin", timezone=tz, phone="+493012345678"
        ),
    )


async def test_clinic_lifecycle(session_factory) -> None:
    async with unit_of_work(session_factory) as session:
        clinic = await _clinic(session)
        assert clinic.timezone == "Europe/Berlin" and clinic.is_active
        with pytest.raises(Conflict) as caught:
            await _clinic(session)
        assert (caught.value.code, caught.value.params) == ("clinic-name-taken", {"name": "North"})
        updated = await catalog.update_clinic(
            session,
            actor=SYSTEM,
            now=NOW,
            clinic_id=clinic.id,
            data=catalog.ClinicUpdate(min_cancel_notice_minutes=60),
        )
        assert updated.min_cancel_notice_minutes == 60
        await catalog.set_clinic_active(
            session, actor=SYSTEM, now=NOW, clinic_id=clinic.id, active=False
        )
        assert await catalog.list_clinics(session) == []
    async with unit_of_work(session_factory) as session:  # committed: create, update, deactivate
        assert await session.scalar(select(func.count()).select_from(AuditLog)) == 3


def test_clinic_timezone_must_be_iana() -> None:
    with pytest.raises(ValueError, match="IANA"):
        catalog.ClinicCreate(name="X1", address="Somewhere", city="C", timezone="CET+5")


async def test_doctor_lifecycle_and_specialty_counts(session_factory) -> None:
    async with unit_of_work(session_factory) as session:
        clinic = await _clinic(session)
        spec = await catalog.create_specialty(session, actor=SYSTEM, now=NOW, name="  Cardiology ")
        with pytest.raises(Conflict):
            await catalog.create_specialty(session, actor=SYSTEM, now=NOW, name="cardiology")
        data = catalog.DoctorCreate(
            full_name="Dr. A", clinic_id=clinic.id, specialty_id=spec.id, license_number="L-1"
        )
        doctor = await catalog.create_doctor(session, actor=SYSTEM, now=NOW, data=data)
        assert doctor.specialty == "Cardiology" and doctor.clinic == "North"
        with pytest.raises(Conflict) as caught:
            await catalog.create_doctor(session, actor=SYSTEM, now=NOW, data=data)
        assert caught.value.code == "license-number-taken"
        assert caught.value.params == {"license_number": "L-1"}
        assert [(s.name, s.doctor_count) for s in await catalog.list_specialties(session)] == [
            ("Cardiology", 1)
        ]
        await catalog.update_doctor(
            session,
            actor=SYSTEM,
            now=NOW,
            doctor_id=doctor.id,
            data=catalog.DoctorUpdate(visit_minutes=45),
        )
        await catalog.set_doctor_active(
            session, actor=SYSTEM, now=NOW, doctor_id=doctor.id, active=False
        )
        assert await catalog.list_doctors(session) == []
        assert await catalog.list_specialties(session) == []
        with pytest.raises(NotFound) as caught:
            await catalog.get_doctor(session, doctor_id=clinic.id)
        assert caught.value.code == "doctor-not-found"


async def test_seed_demo_is_idempotent(session_factory) -> None:
    now = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
    async with unit_of_work(session_factory) as session:
        first = await seed_demo(session, actor=SYSTEM, now=now)
    assert (first.clinics, first.doctors, first.clinics_created, first.doctors_created) == (
        3,
        12,
        3,
        12,
    )
    assert first.slots_created == first.slots > 1000
    async with unit_of_work(session_factory) as session:
        second = await seed_demo(session, actor=SYSTEM, now=now)
    assert (
        second.clinics_created,
        second.specialties_created,
        second.doctors_created,
        second.schedules_created,
        second.slots_created,
    ) == (0, 0, 0, 0, 0)
    assert second.slots == first.slots
    async with unit_of_work(session_factory) as session:
        zones = {c.timezone for c in await catalog.list_clinics(session)}
    assert zones == {"Europe/London", "America/New_York"}
