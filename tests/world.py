"""A small practice built through the ORM for booking and end-to-end tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from db.engine import SessionFactory, unit_of_work
from db.models import AppointmentSlot, Clinic, Doctor, Patient, Specialty, Staff, User
from services.policy import Actor, Role
from services.users import UserOut, find_by_telegram

# A Monday morning, far enough from DST changes; tests stand here unless they say otherwise.
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)


@dataclass
class World:
    factory: SessionFactory
    clinic_id: uuid.UUID
    clinic_tz: str
    specialty_id: uuid.UUID
    doctor_ids: list[uuid.UUID]
    slots: list[uuid.UUID] = field(default_factory=list)
    patients: dict[int, uuid.UUID] = field(default_factory=dict)  # telegram id -> patient id
    # telegram id -> the actor the bot would build for that person (as Actor.from_user does)
    actors: dict[int, Actor] = field(default_factory=dict)

    async def user(self, telegram_id: int) -> UserOut:
        async with unit_of_work(self.factory) as session:
            found = await find_by_telegram(session, telegram_user_id=telegram_id)
        assert found is not None
        return found


async def build_world(
    factory: SessionFactory,
    *,
    timezone: str = "Europe/London",
    doctors: int = 2,
    min_cancel_notice_minutes: int = 240,
    clinic_phone: str = "+442079460958",
) -> World:
    async with unit_of_work(factory) as session:
        clinic = Clinic(
            name="Test Clinic",
            address="1 High St",
            city="London",
            timezone=timezone,
            phone=clinic_phone,
            min_booking_notice_minutes=60,
            min_cancel_notice_minutes=min_cancel_notice_minutes,
            booking_horizon_days=60,
        )
        specialty = Specialty(name="Dermatology")
        session.add_all([clinic, specialty])
        await session.flush()
        docs = [
            Doctor(
                clinic_id=clinic.id,
                specialty_id=specialty.id,
                full_name=f"Dr. Test {i}",
                license_number=f"T-{i}",
                max_patients_per_day=20,
                visit_minutes=30,
            )
            for i in range(doctors)
        ]
        session.add_all(docs)
        await session.flush()
        return World(
            factory=factory,
            clinic_id=clinic.id,
            clinic_tz=timezone,
            specialty_id=specialty.id,
            doctor_ids=[d.id for d in docs],
        )


async def add_slot(
    world: World, *, doctor: int = 0, starts_at: datetime, minutes: int = 30, capacity: int = 1
) -> uuid.UUID:
    async with unit_of_work(world.factory) as session:
        slot = AppointmentSlot(
            doctor_id=world.doctor_ids[doctor],
            clinic_id=world.clinic_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            capacity=capacity,
        )
        session.add(slot)
        await session.flush()
        world.slots.append(slot.id)
        return slot.id


async def add_patient(world: World, telegram_id: int, name: str = "Pat Patient") -> uuid.UUID:
    async with unit_of_work(world.factory) as session:
        user = User(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            full_name=name,
            phone="+447911123456",
            privacy_accepted_at=NOW,
        )
        session.add(user)
        await session.flush()
        patient = Patient(user_id=user.id)
        session.add(patient)
        await session.flush()
        world.patients[telegram_id] = patient.id
        world.actors[telegram_id] = Actor(
            user_id=user.id,
            role=Role.patient,
            patient_id=patient.id,
            telegram_user_id=telegram_id,
        )
        return patient.id


async def add_staff(world: World, telegram_id: int, role: str = "staff") -> uuid.UUID:
    async with unit_of_work(world.factory) as session:
        user = User(
            telegram_user_id=telegram_id, chat_id=telegram_id, full_name="Front Desk", role=role
        )
        session.add(user)
        await session.flush()
        if role == "staff":
            session.add(Staff(user_id=user.id, clinic_id=world.clinic_id))
        world.actors[telegram_id] = Actor(
            user_id=user.id,
            role=Role(role),
            staff_clinic_id=world.clinic_id if role == "staff" else None,
            telegram_user_id=telegram_id,
        )
        return user.id
