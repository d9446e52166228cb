"""Demo data: three clinics in two time zones, a dozen doctors, schedules and slots.

Idempotent: every record is looked up by its natural key first, and slot
generation skips what exists, so a second run creates nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AppointmentSlot, Clinic, Doctor, DoctorSchedule, Specialty, Staff, User
from services import catalog, demo_day, demo_waitlist, schedules, slots
from services.policy import Actor

CLINICS = [
    dict(
        name="CareSlot Central",
        address="12 King Street",
        city="London",
        zip="EC2V 8AB",
        phone="+442079460958",
        timezone="Europe/London",
    ),
    dict(
        name="CareSlot Riverside",
        address="3 Riverside Walk",
        city="Manchester",
        zip="M3 4LZ",
        phone="+441614960000",
        timezone="Europe/London",
    ),
    dict(
        name="CareSlot Harbor",
        address="200 Harbor Ave",
        city="Boston",
        state="MA",
        zip="02110",
        phone="+16175550142",
        timezone="America/New_York",
    ),
]
SPECIALTIES = [
    "General Practice",
    "Cardiology",
    "Dermatology",
    "Pediatrics",
    "Orthopedics",
    "Neurology",
]
# name, clinic index, specialty, experience years, visit minutes
DOCTORS = [
    ("Dr. Emma Smith", 0, "General Practice", 12, 20),
    ("Dr. Oliver Brown", 0, "Cardiology", 18, 30),
    ("Dr. Amelia Jones", 0, "Dermatology", 9, 20),
    ("Dr. Harry Taylor", 0, "Pediatrics", 7, 30),
    ("Dr. Isla Wilson", 1, "General Practice", 5, 20),
    ("Dr. George Davies", 1, "Orthopedics", 21, 30),
    ("Dr. Ava Evans", 1, "Neurology", 14, 40),
    ("Dr. Noah Thomas", 1, "Dermatology", 6, 20),
    ("Dr. Sophia Miller", 2, "Cardiology", 16, 30),
    ("Dr. Liam Johnson", 2, "Pediatrics", 11, 30),
    ("Dr. Mia Garcia", 2, "Orthopedics", 8, 30),
    ("Dr. Lucas Martinez", 2, "General Practice", 4, 20),
]
WEEKDAY_HOURS = (time(9, 0), time(17, 0))
LUNCH = (time(12, 30), time(13, 30))
SATURDAY_HOURS = (time(9, 0), time(12, 0))

# Demo people the terminal chat can switch to with /as (Telegram ids of the sandbox).
DEMO_ADMIN = (900001, "Alex Admin", "+442079460001")
DEMO_DOCTOR = (900002, "Dr. Emma Smith", "+442079460002")
DEMO_STAFF = (900003, "Sam Frontdesk", "+442079460003")


class SeedReport(BaseModel):
    clinics_created: int
    specialties_created: int
    doctors_created: int
    schedules_created: int
    slots_created: int
    clinics: int
    doctors: int
    slots: int
    admin_telegram_id: int


async def _user(session: AsyncSession, tg_id: int, name: str, phone: str, role: str) -> User:
    user = await session.scalar(select(User).where(User.telegram_user_id == tg_id))
    if user is None:
        user = User(telegram_user_id=tg_id, chat_id=tg_id, full_name=name, phone=phone, role=role)
        session.add(user)
        await session.flush()
    return user


async def seed_demo(
    session: AsyncSession, *, actor: Actor, now: datetime, days: int = 30
) -> SeedReport:
    """Creates whatever of the demo practice is missing and slots for the next `days` days
    (as `actor`: the seeding job's `Actor.system()`)."""
    counts = dict(clinics=0, specialties=0, doctors=0, schedules=0)
    await _user(session, *DEMO_ADMIN, role="admin")

    clinic_ids = []
    for spec in CLINICS:
        found = await session.scalar(select(Clinic.id).where(Clinic.name == spec["name"]))
        if found is None:
            found = (
                await catalog.create_clinic(
                    session, actor=actor, data=catalog.ClinicCreate(**spec), now=now
                )
            ).id
            counts["clinics"] += 1
        clinic_ids.append(found)

    specialty_ids = {}
    for name in SPECIALTIES:
        found = await session.scalar(select(Specialty.id).where(Specialty.name == name))
        if found is None:
            found = (
                await catalog.create_specialty(session, actor=actor, name=name, now=now)
            ).id
            counts["specialties"] += 1
        specialty_ids[name] = found

    for index, (name, clinic, specialty, years, minutes) in enumerate(DOCTORS, start=1):
        license_number = f"DEMO-{index:04d}"
        doctor_id = await session.scalar(
            select(Doctor.id).where(Doctor.license_number == license_number)
        )
        if doctor_id is None:
            doctor_id = (
                await catalog.create_doctor(
                    session,
                    data=catalog.DoctorCreate(
                        full_name=name,
                        clinic_id=clinic_ids[clinic],
                        specialty_id=specialty_ids[specialty],
                        license_number=license_number,
                        experience_years=years,
                        visit_minutes=minutes,
                        qualifications="MD",
                        max_patients_per_day=16,
                    ),
                    actor=actor,
                    now=now,
                )
            ).id
            counts["doctors"] += 1
        has_hours = await session.scalar(
            select(func.count())
            .select_from(DoctorSchedule)
            .where(DoctorSchedule.doctor_id == doctor_id)
        )
        if not has_hours:
            for weekday in range(5):
                await schedules.set_working_hours(
                    session,
                    doctor_id=doctor_id,
                    weekday=weekday,
                    start=WEEKDAY_HOURS[0],
                    end=WEEKDAY_HOURS[1],
                    breaks=[LUNCH],
                    actor=actor,
                    now=now,
                )
                counts["schedules"] += 1
            if index % 3 == 0:
                await schedules.set_working_hours(
                    session,
                    doctor_id=doctor_id,
                    weekday=5,
                    start=SATURDAY_HOURS[0],
                    end=SATURDAY_HOURS[1],
                    actor=actor,
                    now=now,
                )
                counts["schedules"] += 1
        if index == 1:  # the demo doctor the chat can act as
            demo_doctor_id = doctor_id
            doctor_user = await _user(session, *DEMO_DOCTOR, role="doctor")
            doctor = await session.get(Doctor, doctor_id)
            assert doctor is not None
            doctor.user_id = doctor_user.id

    staff_user = await _user(session, *DEMO_STAFF, role="staff")
    if await session.scalar(select(Staff.id).where(Staff.user_id == staff_user.id)) is None:
        session.add(Staff(user_id=staff_user.id, clinic_id=clinic_ids[0], position="Reception"))

    today = now.date()
    generated = await slots.generate_slots(
        session, actor=actor, start=today, end=today + timedelta(days=days), now=now
    )
    await session.flush()
    day_slots = await demo_day.seed_doctor_day(session, doctor_id=demo_doctor_id, now=now)
    # A doctor with one free time left, for the waitlist's demo (demo/waitlist.txt).
    await demo_waitlist.seed_fully_booked_doctor(session, now=now)
    return SeedReport(
        clinics_created=counts["clinics"],
        specialties_created=counts["specialties"],
        doctors_created=counts["doctors"],
        schedules_created=counts["schedules"],
        slots_created=generated.created + day_slots,
        clinics=await session.scalar(select(func.count()).select_from(Clinic)) or 0,
        doctors=await session.scalar(select(func.count()).select_from(Doctor)) or 0,
        slots=await session.scalar(select(func.count()).select_from(AppointmentSlot)) or 0,
        admin_telegram_id=DEMO_ADMIN[0],
    )

