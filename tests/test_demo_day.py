"""`careslot demo` seeds a real day for the demo doctor, around whatever "now" is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, Doctor, MedicalRecord, User
from services.demo_data import DEMO_DOCTOR, seed_demo
from services.doctor_day import doctor_today
from services.policy import Actor
from services.users import find_by_telegram


@pytest.mark.parametrize(
    "now",
    [
        datetime(2030, 3, 4, 11, 0, tzinfo=UTC),  # a Monday morning in London
        datetime(2030, 3, 9, 15, 0, tzinfo=UTC),  # a Saturday: no working hours
        datetime(2030, 3, 5, 23, 50, tzinfo=UTC),  # ten minutes to midnight
        datetime(2030, 3, 6, 0, 10, tzinfo=UTC),  # just after midnight
    ],
)
async def test_the_demo_doctor_has_a_day_around_now_and_a_second_seed_adds_nothing(
    session_factory, now
) -> None:
    async with unit_of_work(session_factory) as session:
        await seed_demo(session, actor=Actor.system(), now=now)
    async with unit_of_work(session_factory) as session:
        again = await seed_demo(session, actor=Actor.system(), now=now)
        assert again.slots_created == 0
        user = await find_by_telegram(session, telegram_user_id=DEMO_DOCTOR[0])
        day = await doctor_today(session, actor=Actor.from_user(user), now=now)
        records = await session.scalar(select(func.count()).select_from(MedicalRecord))
        doctor = await session.scalar(
            select(Doctor).join(User, User.id == Doctor.user_id).where(User.id == user.id)
        )
        total = await session.scalar(
            select(func.count()).select_from(Appointment).where(
                Appointment.doctor_id == doctor.id
            )
        )
    visits = [v for part in day.parts for v in part.visits]
    # The visit about to begin is always there, and can be checked in now.
    soon = [v for v in visits if v.patient_name == "Olivia Clarke"]
    assert len(soon) == 1 and "arrived" in soon[0].changes and soon[0].returning
    assert soon[0].allergies and soon[0].reason == "Itchy rash"
    assert {v.status for v in visits} <= {"completed", "no_show", "scheduled"}
    if now.hour == 11:  # a full day: two over, one now, two later
        assert [v.status for v in visits] == [
            "completed", "no_show", "scheduled", "scheduled", "scheduled"
        ]
    assert total == len(visits) + 1  # and Olivia's earlier visit
    assert records == 1 + (1 if any(v.status == "completed" for v in visits) else 0)
