"""Family members in the services: the holder books, sees, moves and cancels for them, the
reminders go to the holder naming them, nobody else may; removing one and deleting the
holder's account; the holder's data export carries them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from db.engine import unit_of_work
from db.models import Appointment, Notification, Patient
from services import booking, family, privacy
from services.errors import AmbiguousDate, InvalidInput, NotAllowed, NotFound, PatientBusy
from tests.world import NOW, add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=2)
    await add_slot(w, doctor=0, starts_at=WED)
    await add_slot(w, doctor=1, starts_at=WED)
    await add_slot(w, doctor=1, starts_at=WED + timedelta(hours=2))
    await add_patient(w, 1, name="Ann Holder")
    await add_patient(w, 2, name="Theo Other")
    return w


async def _add(world, tg=1, name="Mia", relation="child", born=date(2020, 5, 1)):
    async with unit_of_work(world.factory) as session:
        return await family.add_member(
            session, actor=world.actors[tg], holder_id=world.patients[tg], full_name=name,
            date_of_birth=born, relation=relation, allergies="  peanuts ", today=TODAY, now=NOW,
        )  # fmt: skip


async def _book(world, tg, patient_id, slot=0):
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=patient_id,
        slot_id=world.slots[slot], now=NOW,
    )  # fmt: skip


async def test_adding_and_listing_family_members(world) -> None:
    mia = await _add(world)
    assert (mia.full_name, mia.relation, mia.allergies) == ("Mia", "child", "peanuts")
    await _add(world, name="Old Pa", relation="parent", born=date(1950, 1, 1))
    async with unit_of_work(world.factory) as session:
        names = [m.full_name for m in await family.list_members(
            session, actor=world.actors[1], holder_id=world.patients[1]
        )]  # fmt: skip
        assert names == ["Old Pa", "Mia"]  # oldest first
        with pytest.raises(NotAllowed):  # another account's family is not listed to Theo
            await family.list_members(session, actor=world.actors[2], holder_id=world.patients[1])
        with pytest.raises(NotAllowed):
            await family.get_member(session, actor=world.actors[2], member_id=mia.id)
    with pytest.raises(InvalidInput):
        await _add(world, relation="cousin")
    with pytest.raises(InvalidInput):
        await _add(world, name="\u200b\u200b")
    with pytest.raises(AmbiguousDate):
        family.check_birth("1/2/2019", today=TODAY)
    assert [family.clean_allergies(v) for v in ("-", " — ", "", "  pollen   dust ")] == [
        None, None, None, "pollen dust"
    ]  # fmt: skip
    with pytest.raises(InvalidInput):
        family.clean_allergies("x" * 501)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):  # Theo cannot add to Ann's family
            await family.add_member(
                session, actor=world.actors[2], holder_id=world.patients[1],
                full_name="X Y", date_of_birth=date(2020, 1, 1), relation="child",
                allergies=None, today=TODAY, now=NOW,
            )  # fmt: skip


async def test_a_visit_for_a_family_member_is_theirs_and_reminds_the_holder(world) -> None:
    mia = await _add(world)
    appt = await _book(world, 1, mia.id)
    assert (appt.patient_id, appt.holder_id, appt.patient_name) == (
        mia.id, world.patients[1], "Mia"
    )  # fmt: skip
    assert booking.AppointmentAction.cancel in appt.actions
    async with unit_of_work(world.factory) as session:
        rows = (await session.execute(
            select(Notification.user_id, Notification.payload)
            .where(Notification.kind == "appointment.reminder")
        )).all()  # fmt: skip
    holder_user = world.actors[1].user_id
    assert {u for u, _ in rows} == {holder_user}
    assert {p["dependant_id"] for _, p in rows} == {str(mia.id)}
    assert all(set(p) == {"appointment_id", "dependant_id", "before"} for _, p in rows)


async def test_the_overlap_rule_is_per_person_in_the_service(world) -> None:
    mia = await _add(world)
    await _book(world, 1, mia.id, slot=0)
    with pytest.raises(PatientBusy):  # Mia at two doctors at once
        await _book(world, 1, mia.id, slot=1)
    mine = await _book(world, 1, world.patients[1], slot=1)  # Ann herself, the same time
    assert mine.patient_name is None


async def test_nobody_else_books_sees_moves_or_cancels_for_a_family_member(world) -> None:
    mia = await _add(world)
    with pytest.raises(NotAllowed):
        await _book(world, 2, mia.id)
    appt = await _book(world, 1, mia.id)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await booking.get_appointment(
                session, appointment_id=appt.id, actor=world.actors[2], now=NOW
            )
        theo = await booking.list_patient_appointments(
            session, actor=world.actors[2], patient_id=world.patients[2], now=NOW, family=True
        )
        assert theo.items == [] and not theo.family
    with pytest.raises(NotAllowed):
        await booking.cancel_appointment(
            world.factory, appointment_id=appt.id, actor=world.actors[2], now=NOW
        )
    with pytest.raises(NotAllowed):
        await booking.reschedule_appointment(
            world.factory, appointment_id=appt.id, new_slot_id=world.slots[2],
            actor=world.actors[2], now=NOW,
        )  # fmt: skip
    async with unit_of_work(world.factory) as session:
        assert await session.scalar(select(func.count()).select_from(Appointment)) == 1
    moved = await booking.reschedule_appointment(
        world.factory, appointment_id=appt.id, new_slot_id=world.slots[2],
        actor=world.actors[1], now=NOW,
    )  # fmt: skip
    assert moved.patient_id == mia.id
    done = await booking.cancel_appointment(
        world.factory, appointment_id=moved.id, actor=world.actors[1], now=NOW
    )
    assert done.status == "cancelled"


async def test_the_holders_list_has_the_family_members_visits(world) -> None:
    mia = await _add(world)
    await _book(world, 1, mia.id, slot=0)
    await _book(world, 1, world.patients[1], slot=2)
    async with unit_of_work(world.factory) as session:
        page = await booking.list_patient_appointments(
            session, actor=world.actors[1], patient_id=world.patients[1], now=NOW, family=True
        )
        alone = await booking.list_patient_appointments(
            session, actor=world.actors[1], patient_id=world.patients[1], now=NOW
        )
    assert page.family and page.total == 2
    assert [a.patient_name for a in page.items] == ["Mia", None]
    assert alone.total == 1 and not alone.family


async def test_removing_a_family_member_cancels_their_visits_and_erases_them(world) -> None:
    mia = await _add(world)
    appt = await _book(world, 1, mia.id)
    async with unit_of_work(world.factory) as session:
        assert await family.upcoming_count(
            session, actor=world.actors[1], member_id=mia.id, now=NOW
        ) == 1
    with pytest.raises(NotAllowed):
        await family.remove_member(world.factory, actor=world.actors[2], member_id=mia.id, now=NOW)
    assert await family.remove_member(
        world.factory, actor=world.actors[1], member_id=mia.id, now=NOW
    ) == 1
    async with unit_of_work(world.factory) as session:
        row = (await session.execute(text(
            "SELECT p.full_name, p.date_of_birth, p.allergies, p.removed_at, a.status,"
            " s.booked_count FROM patients p JOIN appointments a ON a.patient_id = p.id"
            " JOIN appointment_slots s ON s.id = a.slot_id WHERE p.id = :p"
        ), {"p": mia.id})).one()  # fmt: skip
        assert tuple(row) == (family.REMOVED_NAME, None, None, NOW, "cancelled", 0)
        assert await family.list_members(
            session, actor=world.actors[1], holder_id=world.patients[1]
        ) == []
        with pytest.raises(NotFound):
            await family.get_member(session, actor=world.actors[1], member_id=mia.id)
    with pytest.raises(NotFound):  # a removed member is booked for no more
        await _book(world, 1, mia.id, slot=1)
    assert appt.id


async def test_the_export_and_the_overview_carry_the_family(world) -> None:
    mia = await _add(world)
    appt = await _book(world, 1, mia.id)
    async with unit_of_work(world.factory) as session:
        seen = await privacy.overview(
            session, actor=world.actors[1], user_id=world.actors[1].user_id, now=NOW
        )
        export = await privacy.export_patient_data(
            session, actor=world.actors[1], patient_id=world.patients[1], now=NOW
        )
        # A family member's data goes out with the holder's, not on its own.
        with pytest.raises((NotAllowed, NotFound)):
            await privacy.export_patient_data(
                session, actor=world.actors[1], patient_id=mia.id, now=NOW
            )
    assert (seen.upcoming, seen.family) == (1, ["Mia"])
    (member,) = export.family
    assert (member.full_name, member.relation, member.allergies) == ("Mia", "child", "peanuts")
    assert [a.id for a in member.appointments] == [appt.id]
    assert export.appointments == []


async def test_deleting_the_account_takes_the_family_with_it(world) -> None:
    mia = await _add(world)
    appt = await _book(world, 1, mia.id)
    async with unit_of_work(world.factory) as session:
        preview = await privacy.deletion_preview(
            session, actor=world.actors[1], user_id=world.actors[1].user_id, now=NOW
        )
    assert (preview.cancels, preview.family) == (1, 1)
    done = await privacy.delete_account(
        world.factory, actor=world.actors[1], user_id=world.actors[1].user_id, now=NOW
    )
    assert done.cancelled == 1
    async with unit_of_work(world.factory) as session:
        member = await session.get(Patient, mia.id)
        status = await session.scalar(select(Appointment.status).where(Appointment.id == appt.id))
        reminders = await session.scalar(select(func.count()).select_from(Notification))
    assert (member.full_name, member.date_of_birth, member.allergies) == (
        family.REMOVED_NAME, None, None
    )  # fmt: skip
    assert member.removed_at == NOW and status == "cancelled" and reminders == 0
