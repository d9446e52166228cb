"""A patient joined to a front desk's clinic by their whole phone number and date of birth
(services.front_desk.link_by_birth_date, migration 0022): the rule on the real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AuditLog, Clinic, ClinicPatientLink, Patient, Staff, User
from services import front_desk
from services.errors import NotAllowed, NotFound
from services.policy import Actor, Role
from tests.world import NOW, add_patient, add_staff, build_world

PHONE = "+447911123777"
BORN = date(1979, 4, 5)


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=1)
    await add_patient(w, 1001, "Ann Lee")  # registered in the chat herself, never here
    async with unit_of_work(w.factory) as session:
        patient = await session.get_one(Patient, w.patients[1001])
        patient.date_of_birth = BORN
        (await session.get_one(User, patient.user_id)).phone = PHONE
    await add_staff(w, 5001)
    await add_staff(w, 7001, role="admin")
    return w


async def _desk_b(world) -> Actor:
    async with unit_of_work(world.factory) as session:
        clinic = Clinic(name="B", address="1 St", city="London", timezone="Europe/London")
        desk = User(telegram_user_id=5002, chat_id=5002, full_name="Desk B", role="staff")
        session.add_all([clinic, desk])
        await session.flush()
        session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
        return Actor(user_id=desk.id, role=Role.staff, staff_clinic_id=clinic.id)


async def _try(world, actor: Actor, born: date, *, patient=None, phone=PHONE, now=NOW):
    async with unit_of_work(world.factory) as session:
        return await front_desk.link_by_birth_date(
            session, actor=actor, patient_id=patient or world.patients[1001], phone=phone,
            date_of_birth=born, now=now,
        )  # fmt: skip


async def _links(world) -> list[tuple]:
    async with unit_of_work(world.factory) as session:
        rows = await session.execute(
            select(
                ClinicPatientLink.clinic_id,
                ClinicPatientLink.patient_id,
                ClinicPatientLink.linked_by,
            )
        )
        return [tuple(r) for r in rows]


async def _actions(world, action: str) -> int:
    async with unit_of_work(world.factory) as session:
        return await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == action)
        )


async def _card(world, actor: Actor):
    async with unit_of_work(world.factory) as session:
        return await front_desk.patient_card(
            session, actor=actor, patient_id=world.patients[1001], now=NOW
        )


async def test_the_right_birth_date_links_the_patient_to_the_desks_clinic(world) -> None:
    desk = world.actors[5001]
    with pytest.raises(NotAllowed):  # not linked yet: no card
        await _card(world, desk)
    candidate = await _try_candidate(world, desk)
    assert (candidate.linked, candidate.tries_left) == (False, 3)
    assert candidate.patient.full_name == "Ann Lee"
    assert candidate.patient.date_of_birth is None  # not shown: it is what the desk asks for
    wrong = await _try(world, desk, BORN + timedelta(days=1))
    assert (wrong.linked, wrong.tries_left) == (False, 2)
    assert wrong.patient.date_of_birth is None  # the refusal tells nothing of the real date
    assert await _links(world) == []
    assert await _actions(world, "patient.link_refused") == 1
    right = await _try(world, desk, BORN)
    assert right.linked and right.patient.linked and right.patient.date_of_birth == BORN
    assert await _links(world) == [(world.clinic_id, world.patients[1001], desk.user_id)]
    async with unit_of_work(world.factory) as session:
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "patient.link_clinic"))
    assert row.actor_user_id == desk.user_id and row.resource_id == str(world.patients[1001])
    assert str(BORN) not in str(row.details) and "1979" not in str(row.details)
    # Now she is the clinic's: her card opens, she is found by name, she may be booked.
    assert (await _card(world, desk)).hit.full_name == "Ann Lee"
    async with unit_of_work(world.factory) as session:
        found = await front_desk.find_patients(
            session, actor=desk, query="ann lee", region="GB", now=NOW
        )
        assert [h.patient_id for h in found.hits] == [world.patients[1001]]
        booked = await front_desk.linked_patient(
            session, actor=desk, patient_id=world.patients[1001]
        )
        assert booked.linked
    again = await _try(world, desk, BORN)  # already linked: no second row
    assert again.linked and len(await _links(world)) == 1


async def _try_candidate(world, actor: Actor, *, patient=None, phone="07911 123777"):
    async with unit_of_work(world.factory) as session:
        return await front_desk.link_candidate(
            session, actor=actor, patient_id=patient or world.patients[1001], phone=phone,
            region="GB", now=NOW,
        )  # fmt: skip


async def test_three_wrong_dates_stop_and_even_the_right_one_is_not_checked(world) -> None:
    desk = world.actors[5001]
    for left in (2, 1, 0):
        result = await _try(world, desk, date(1990, 1, left + 1))
        assert (result.linked, result.tries_left) == (False, left)
    stopped = await _try(world, desk, BORN)  # the right date, after three wrong ones
    assert (stopped.linked, stopped.tries_left) == (False, 0)
    assert await _links(world) == []
    assert (await _try_candidate(world, desk)).tries_left == 0
    # A day later the desk may try again.
    later = await _try(world, desk, BORN, now=NOW + timedelta(hours=25))
    assert later.linked


async def test_one_clinics_link_is_not_another_clinics(world) -> None:
    desk_a, desk_b = world.actors[5001], await _desk_b(world)
    assert (await _try(world, desk_a, BORN)).linked
    with pytest.raises(NotAllowed):
        await _card(world, desk_b)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await front_desk.linked_patient(session, actor=desk_b, patient_id=world.patients[1001])
        found = await front_desk.find_patients(
            session, actor=desk_b, query="ann lee", region="GB", now=NOW
        )
    assert found.total == 0
    # Clinic A's wrong tries are not clinic B's: B has its own three.
    assert (await _try(world, desk_b, BORN - timedelta(days=1))).tries_left == 2
    assert (await _try(world, desk_b, BORN)).linked
    assert sorted(c for c, _p, _u in await _links(world)) == sorted(
        [world.clinic_id, desk_b.staff_clinic_id]
    )


async def test_only_the_numbers_owner_and_only_the_front_desk(world) -> None:
    desk = world.actors[5001]
    other = await add_patient(world, 1002, "Bo Other")  # the world's default number
    with pytest.raises(NotFound):  # not this number's owner: a forged press
        await _try(world, desk, BORN, patient=other)
    with pytest.raises(NotFound):
        await _try_candidate(world, desk, patient=other)
    with pytest.raises(NotAllowed):
        await _try(world, world.actors[1002], BORN)
    admin = await _try(world, world.actors[7001], BORN)  # an admin sees everyone anyway
    assert admin.linked and await _links(world) == []
    assert await _actions(world, "patient.link_refused") == 0
