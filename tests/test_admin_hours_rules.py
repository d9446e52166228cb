"""services.hours for a doctor named by `doctor_id`: the policy decides who may see and
change their week (the doctor their own, an admin any, the front desk its clinic's), and a
visit changed "of that doctor" must be theirs; refused calls change nothing."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AuditLog, DoctorSchedule
from services import hours
from services.errors import NotAllowed, NotFound
from services.policy import Actor, Role
from tests.test_hours_and_time_off_rules import NOW, _doctor_world
from tests.world import add_staff

WED = date(2030, 3, 13)


async def _actors(w) -> dict[str, Actor]:
    """Accounts that exist (the audit row names its actor); the refused ones need none."""
    await add_staff(w, 9001, role="admin")
    await add_staff(w, 9002, role="staff")
    other_clinic = uuid.uuid4()
    return {
        "admin": w.actors[9001],
        "desk": w.actors[9002],
        "far desk": Actor(user_id=uuid.uuid4(), role=Role.staff, staff_clinic_id=other_clinic),
        "other doctor": Actor(
            user_id=uuid.uuid4(),
            role=Role.doctor,
            doctor_id=uuid.uuid4(),
            doctor_clinic_id=other_clinic,
        ),
        "patient": Actor(user_id=uuid.uuid4(), role=Role.patient, patient_id=uuid.uuid4()),
    }


async def _blocks(session_factory) -> int:
    async with unit_of_work(session_factory) as session:
        return await session.scalar(select(func.count()).select_from(DoctorSchedule))


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("admin", True),
        ("desk", True),
        ("far desk", False),
        ("other doctor", False),
        ("patient", False),
    ],
)
async def test_who_may_see_and_change_a_named_doctors_hours(session_factory, who, may) -> None:
    w = await _doctor_world(session_factory)
    actor = (await _actors(w))[who]
    doctor_id = w.doctor_ids[0]
    before = await _blocks(session_factory)
    if not may:
        with pytest.raises(NotAllowed):
            async with unit_of_work(session_factory) as session:
                await hours.week(session, actor=actor, now=NOW, doctor_id=doctor_id)
        with pytest.raises(NotAllowed):
            async with unit_of_work(session_factory) as session:
                await hours.change_hours(
                    session,
                    actor=actor,
                    changes={2: []},
                    effective_from=WED,
                    now=NOW,
                    doctor_id=doctor_id,
                )
        assert await _blocks(session_factory) == before
        return
    async with unit_of_work(session_factory) as session:
        out = await hours.week(session, actor=actor, now=NOW, doctor_id=doctor_id)
    assert out.doctor_id == doctor_id and out.doctor_name
    assert out.days[2].blocks[0].start == time(9)
    async with unit_of_work(session_factory) as session:
        changed = await hours.change_hours(
            session, actor=actor, changes={2: []}, effective_from=WED, now=NOW, doctor_id=doctor_id
        )
    assert changed.closed_slots > 0
    async with unit_of_work(session_factory) as session:
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "schedule.change"))
    assert row.actor_user_id == actor.user_id


async def test_an_unknown_doctor_and_a_visit_of_another_doctor_are_not_found(
    session_factory,
) -> None:
    w = await _doctor_world(session_factory)
    admin = (await _actors(w))["admin"]
    with pytest.raises(NotFound):
        async with unit_of_work(session_factory) as session:
            await hours.week(session, actor=admin, now=NOW, doctor_id=uuid.uuid4())
    with pytest.raises(NotFound):
        async with unit_of_work(session_factory) as session:
            await hours.keep_visit(
                session,
                actor=admin,
                appointment_id=uuid.uuid4(),
                now=NOW,
                doctor_id=w.doctor_ids[0],
            )
