"""Who may do what: the permission table against an expected matrix written out here,
and the services refusing (and changing nothing) on the real database."""

from __future__ import annotations

import uuid
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import (
    Appointment,
    AppointmentSlot,
    AuditLog,
    Clinic,
    Doctor,
    Notification,
    Staff,
    User,
)
from services import booking, schedules, slots, users
from services.booking import AppointmentAction
from services.errors import BookingWindowClosed, NotAllowed, TooLateToCancel
from services.policy import PERMISSIONS, Action, Actor, Role, allowed, require
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

# --- the table, role by role -------------------------------------------------------------------

CLINIC_A, CLINIC_B = uuid.uuid4(), uuid.uuid4()
MY_DOCTOR = uuid.uuid4()  # the doctor actor's own doctor record, in clinic A
DOCTOR_A, DOCTOR_B = uuid.uuid4(), uuid.uuid4()  # someone else's, in clinic A and B
OTHER_PATIENT, OTHER_USER = uuid.uuid4(), uuid.uuid4()


def _actor(role: Role) -> Actor:
    """Every actor has their own patient record (so each may be a patient too); the doctor
    works in clinic A, the front desk sits in clinic A, the admin in none."""
    return Actor(
        user_id=uuid.uuid4(),
        role=role,
        patient_id=uuid.uuid4(),
        doctor_id=MY_DOCTOR if role is Role.doctor else None,
        doctor_clinic_id=CLINIC_A if role is Role.doctor else None,
        staff_clinic_id=CLINIC_A if role is Role.staff else None,
    )


ACTORS = {role: _actor(role) for role in Role}


def _target(actor: Actor, case: str) -> dict[str, uuid.UUID]:
    """The records an action touches, for each column of the matrix."""
    mine = {"patient_id": actor.patient_id, "user_id": actor.user_id}
    someone = {"patient_id": OTHER_PATIENT, "user_id": OTHER_USER}
    return {
        # the actor's own patient record and account, at clinic A with another doctor
        "own": {**mine, "doctor_id": DOCTOR_A, "clinic_id": CLINIC_A},
        # the same, at clinic B
        "own_elsewhere": {**mine, "doctor_id": DOCTOR_B, "clinic_id": CLINIC_B},
        # another patient with the actor's own doctor record (another doctor for non-doctors)
        "as_doctor": {**someone, "doctor_id": actor.doctor_id or DOCTOR_A, "clinic_id": CLINIC_A},
        # another patient and doctor at clinic A
        "other": {**someone, "doctor_id": DOCTOR_A, "clinic_id": CLINIC_A},
        # another patient and doctor at clinic B
        "other_clinic": {**someone, "doctor_id": DOCTOR_B, "clinic_id": CLINIC_B},
    }[case]


CASES = ("own", "own_elsewhere", "as_doctor", "other", "other_clinic")
# One letter per case above: Y allowed, . refused. Written by hand, not derived from the table.
#                                       patient  doctor   staff    admin
EXPECTED: dict[Action, tuple[str, str, str, str]] = {
    Action.book:                        ("YY...", "YY...", "YYYY.", "YYYYY"),
    Action.cancel:                      ("YY...", "YY...", "YYYY.", "YYYYY"),
    Action.reschedule:                  ("YY...", "YY...", "YYYY.", "YYYYY"),
    Action.view_appointment:            ("YY...", "YYY..", "YYYY.", "YYYYY"),
    Action.list_appointments:           ("YY...", "YY...", "YYYY.", "YYYYY"),
    Action.view_profile:                ("YY...", "YY...", "YY...", "YYYYY"),
    Action.edit_profile:                ("YY...", "YY...", "YY...", "YYYYY"),
    Action.register_patient:            (".....", ".....", "Y.YY.", "YYYYY"),
    Action.find_patient:                (".....", ".....", "Y.YY.", "YYYYY"),
    Action.link_patient:                (".....", ".....", "Y.YY.", "YYYYY"),
    Action.set_role:                    (".....", ".....", ".....", "..YYY"),
    Action.view_users:                  (".....", ".....", ".....", "YYYYY"),
    Action.block_user:                  (".....", ".....", ".....", "..YYY"),
    Action.edit_staff_record:           (".....", ".....", ".....", "YYYYY"),
    Action.manage_clinics:              (".....", ".....", ".....", "YYYYY"),
    Action.manage_specialties:          (".....", ".....", ".....", "YYYYY"),
    Action.manage_doctors:              (".....", ".....", ".....", "YYYYY"),
    Action.manage_schedule:             (".....", "..Y..", "Y.YY.", "YYYYY"),
    Action.manage_time_off:             (".....", "..Y..", "Y.YY.", "YYYYY"),
    Action.generate_slots:              (".....", ".....", "Y.YY.", "YYYYY"),
    Action.close_slot:                  (".....", ".....", "Y.YY.", "YYYYY"),
    Action.view_doctor_day:             (".....", "..Y..", "Y.YY.", "YYYYY"),
    Action.view_clinic_day:             (".....", ".....", "Y.YY.", "YYYYY"),
    Action.view_reports:                (".....", ".....", "Y.YY.", "YYYYY"),
    Action.view_audit:                  (".....", ".....", ".....", "YYYYY"),
    Action.invite:                      (".....", ".....", ".....", "YYYYY"),
    Action.book_inside_notice:          (".....", ".....", "Y.YY.", "YYYYY"),
    Action.change_inside_cancel_notice: (".....", ".....", "Y.YY.", "YYYYY"),
    Action.export_data:                 ("YY...", ".....", ".....", "YYYYY"),
    Action.delete_account:              ("YY...", ".....", ".....", "YYYYY"),
    Action.calendar_feed:               ("YY...", "YY...", "YY...", "YYYYY"),
    Action.manage_family:               ("YY...", "YY...", "YY...", "YYYYY"),
    Action.confirm_visit:               ("YY...", "YY...", "YYYY.", "YYYYY"),
    Action.read_notifications:          ("YY...", "YY...", "YY...", "YYYYY"),
    Action.mark_visit:                  (".....", "..Y..", "Y.YY.", "YYYYY"),
    Action.view_patient_card:           (".....", "..Y..", ".....", "YYYYY"),
    Action.write_record:                (".....", "..Y..", ".....", "YYYYY"),
    Action.read_records:                ("YY...", "YY...", "YY...", "YYYYY"),
    Action.use_waitlist:                ("YY...", "YY...", "YY...", "YYYYY"),
    Action.set_digest:                  (".....", "..Y..", ".....", "YYYYY"),
    Action.manage_assignments:          (".....", "..Y..", ".....", "YYYYY"),
}  # fmt: skip

ROLE_ORDER = (Role.patient, Role.doctor, Role.staff, Role.admin)


FOR_A_FAMILY_MEMBER = (
    Action.book, Action.cancel, Action.reschedule, Action.view_appointment,
    Action.list_appointments, Action.export_data, Action.manage_family,
)  # fmt: skip


@pytest.mark.parametrize("action", FOR_A_FAMILY_MEMBER)
def test_a_patient_acts_for_their_own_family_members_and_nobody_elses(action) -> None:
    me = ACTORS[Role.patient]
    member = uuid.uuid4()
    mine = {"patient_id": member, "holder_id": me.patient_id, "clinic_id": CLINIC_A}
    theirs = {"patient_id": member, "holder_id": OTHER_PATIENT, "clinic_id": CLINIC_A}
    assert allowed(me, action, **mine)
    assert not allowed(me, action, **theirs)
    # Without the holder named, a family member is nobody's own.
    assert not allowed(me, action, patient_id=member, clinic_id=CLINIC_A)
    with pytest.raises(NotAllowed):
        require(me, action, **theirs)


def test_the_expected_matrix_names_every_action() -> None:
    assert set(EXPECTED) == set(Action) == set(PERMISSIONS)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLE_ORDER)
@pytest.mark.parametrize("case", CASES)
def test_allowed_matches_the_expected_matrix(action: Action, role: Role, case: str) -> None:
    actor = ACTORS[role]
    expected = EXPECTED[action][ROLE_ORDER.index(role)][CASES.index(case)] == "Y"
    assert allowed(actor, action, **_target(actor, case)) is expected
    if not expected:
        with pytest.raises(NotAllowed):
            require(actor, action, **_target(actor, case))


@pytest.mark.parametrize("action", list(Action))
def test_an_unknown_telegram_user_may_do_nothing_to_anyone(action: Action) -> None:
    anonymous = Actor.from_user(None, telegram_user_id=42)
    assert anonymous.role is Role.patient and anonymous.telegram_user_id == 42
    assert anonymous.patient_id is None and anonymous.user_id is None
    # No ids on either side must not count as "the same record".
    assert not allowed(anonymous, action)
    assert not allowed(anonymous, action, **_target(ACTORS[Role.patient], "other"))


def test_the_system_actor_may_do_anything() -> None:
    system = Actor.system()
    assert system.role is Role.admin and system.user_id is None and system.is_system
    assert system.created_via == "system"
    assert all(allowed(system, action) for action in Action)


def test_created_via_follows_the_role() -> None:
    assert [ACTORS[r].created_via for r in ROLE_ORDER] == ["patient", "doctor", "staff", "admin"]
    assert not any(ACTORS[r].is_system for r in ROLE_ORDER)


# --- the services, on the real database --------------------------------------------------------

T = NOW + timedelta(days=2)  # outside every notice


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory, doctors=2)
    for tg in (1001, 1002):
        await add_patient(w, tg)
    await add_staff(w, 5001)  # front desk of the world's clinic ("A")
    await add_staff(w, 7001, role="admin")
    return w


async def _actor_of(world, telegram_id: int) -> Actor:
    """The actor as the bot builds it: from the user the gatekeeper loads."""
    return Actor.from_user(await world.user(telegram_id), telegram_user_id=telegram_id)


async def _other_clinic(world) -> tuple[uuid.UUID, uuid.UUID, int]:
    """Clinic "B" with one doctor and its own front desk (Telegram id 5002)."""
    async with unit_of_work(world.factory) as session:
        clinic = Clinic(
            name="Other Clinic", address="2 Low St", city="London", timezone="Europe/London"
        )
        session.add(clinic)
        await session.flush()
        doctor = Doctor(
            clinic_id=clinic.id,
            specialty_id=world.specialty_id,
            full_name="Dr. Elsewhere",
            license_number="B-1",
        )
        desk = User(telegram_user_id=5002, chat_id=5002, full_name="Desk B", role="staff")
        session.add_all([doctor, desk])
        await session.flush()
        session.add(Staff(user_id=desk.id, clinic_id=clinic.id))
        return clinic.id, doctor.id, 5002


async def _slot_in(world, clinic_id: uuid.UUID, doctor_id: uuid.UUID, starts_at) -> uuid.UUID:
    async with unit_of_work(world.factory) as session:
        slot = AppointmentSlot(
            doctor_id=doctor_id,
            clinic_id=clinic_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
        )
        session.add(slot)
        await session.flush()
        return slot.id


async def _doctor_user(world, telegram_id: int, doctor: int = 0) -> Actor:
    """Links a doctor account to the world's doctor number `doctor`."""
    async with unit_of_work(world.factory) as session:
        user = User(
            telegram_user_id=telegram_id, chat_id=telegram_id, full_name="Doc", role="doctor"
        )
        session.add(user)
        await session.flush()
        (await session.get_one(Doctor, world.doctor_ids[doctor])).user_id = user.id
    return await _actor_of(world, telegram_id)


async def _book(world, telegram_id: int, starts_at=T, doctor: int = 0) -> booking.AppointmentOut:
    slot = await add_slot(world, doctor=doctor, starts_at=starts_at)
    return await booking.book_slot(
        world.factory,
        actor=world.actors[telegram_id],
        patient_id=world.patients[telegram_id],
        slot_id=slot,
        now=NOW,
    )


async def _snapshot(factory) -> tuple:
    async with unit_of_work(factory) as s:
        appointments = (
            await s.execute(
                select(
                    Appointment.id,
                    Appointment.status,
                    Appointment.slot_id,
                    Appointment.cancelled_at,
                ).order_by(Appointment.id)
            )
        ).all()
        places = (
            await s.execute(
                select(AppointmentSlot.id, AppointmentSlot.booked_count).order_by(
                    AppointmentSlot.id
                )
            )
        ).all()
        audit_rows = await s.scalar(select(func.count()).select_from(AuditLog))
        outbox = await s.scalar(select(func.count()).select_from(Notification))
    return appointments, places, audit_rows, outbox


async def test_the_actor_from_the_gatekeepers_user_query(world) -> None:
    doctor = await _doctor_user(world, 3001)
    assert doctor.role is Role.doctor and doctor.doctor_id == world.doctor_ids[0]
    assert doctor.doctor_clinic_id == world.clinic_id and doctor.telegram_user_id == 3001
    staff = await _actor_of(world, 5001)
    assert staff.staff_clinic_id == world.clinic_id and staff.created_via == "staff"
    patient = await _actor_of(world, 1001)
    assert patient == world.actors[1001] and patient.created_via == "patient"


async def test_a_patient_cannot_touch_another_patients_appointment(world) -> None:
    appt = await _book(world, 1001)
    new_slot = await add_slot(world, starts_at=T + timedelta(hours=2))
    before = await _snapshot(world.factory)
    thief = await _actor_of(world, 1002)
    with pytest.raises(NotAllowed):
        await booking.cancel_appointment(
            world.factory, appointment_id=appt.id, actor=thief, now=NOW
        )
    with pytest.raises(NotAllowed):
        await booking.reschedule_appointment(
            world.factory, appointment_id=appt.id, new_slot_id=new_slot, actor=thief, now=NOW
        )
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await booking.get_appointment(session, appointment_id=appt.id, actor=thief, now=NOW)
        with pytest.raises(NotAllowed):
            await booking.ensure_cancellable(session, appointment_id=appt.id, actor=thief, now=NOW)
        with pytest.raises(NotAllowed):
            await booking.list_patient_appointments(
                session, actor=thief, patient_id=world.patients[1001], now=NOW
            )
    # Nor book in someone else's name.
    with pytest.raises(NotAllowed):
        await booking.book_slot(
            world.factory,
            actor=thief,
            patient_id=world.patients[1001],
            slot_id=new_slot,
            now=NOW,
        )
    assert await _snapshot(world.factory) == before


async def test_front_desk_cancels_inside_the_notice_in_its_own_clinic_only(world) -> None:
    clinic_b, doctor_b, desk_b = await _other_clinic(world)
    soon = NOW + timedelta(hours=3)  # inside the 4-hour cancellation notice
    in_a = await _book(world, 1001, starts_at=soon)
    slot_b = await _slot_in(world, clinic_b, doctor_b, soon + timedelta(hours=1))
    in_b = await booking.book_slot(
        world.factory,
        actor=world.actors[1002],
        patient_id=world.patients[1002],
        slot_id=slot_b,
        now=NOW,
    )
    with pytest.raises(TooLateToCancel):  # the patient is told to call
        await booking.cancel_appointment(
            world.factory, appointment_id=in_a.id, actor=world.actors[1001], now=NOW
        )
    desk_a = await _actor_of(world, 5001)
    before = await _snapshot(world.factory)
    with pytest.raises(NotAllowed):
        await booking.cancel_appointment(
            world.factory, appointment_id=in_b.id, actor=desk_a, now=NOW
        )
    assert await _snapshot(world.factory) == before
    done = await booking.cancel_appointment(
        world.factory, appointment_id=in_a.id, actor=desk_a, now=NOW
    )
    assert done.status == "cancelled"
    async with unit_of_work(world.factory) as session:
        row = await session.get_one(Appointment, in_a.id)
        assert row.cancelled_by == desk_a.user_id and row.cancelled_at == NOW
    # Clinic B's own desk may cancel its visit.
    done_b = await booking.cancel_appointment(
        world.factory, appointment_id=in_b.id, actor=await _actor_of(world, desk_b), now=NOW
    )
    assert done_b.status == "cancelled"


async def test_front_desk_lists_a_patients_visits_at_its_clinic_only(world) -> None:
    clinic_b, doctor_b, _desk_b = await _other_clinic(world)
    await _book(world, 1001)
    slot_b = await _slot_in(world, clinic_b, doctor_b, T + timedelta(days=1))
    await booking.book_slot(
        world.factory,
        actor=world.actors[1001],
        patient_id=world.patients[1001],
        slot_id=slot_b,
        now=NOW,
    )
    async with unit_of_work(world.factory) as session:
        mine = await booking.list_patient_appointments(
            session, actor=world.actors[1001], patient_id=world.patients[1001], now=NOW
        )
        desk = await booking.list_patient_appointments(
            session, actor=await _actor_of(world, 5001), patient_id=world.patients[1001], now=NOW
        )
    assert mine.total == 2
    assert desk.total == 1 and [a.clinic_id for a in desk.items] == [world.clinic_id]


async def test_a_doctor_sees_their_own_visit_but_cannot_cancel_another_doctors(world) -> None:
    doctor = await _doctor_user(world, 3001, doctor=0)
    mine = await _book(world, 1001, doctor=0)
    theirs = await _book(world, 1002, starts_at=T + timedelta(hours=1), doctor=1)
    async with unit_of_work(world.factory) as session:
        seen = await booking.get_appointment(session, appointment_id=mine.id, actor=doctor, now=NOW)
        assert seen.id == mine.id
        assert seen.actions == {AppointmentAction.calendar}  # a doctor's visit, not theirs to move
        with pytest.raises(NotAllowed):
            await booking.get_appointment(session, appointment_id=theirs.id, actor=doctor, now=NOW)
    before = await _snapshot(world.factory)
    for appointment_id in (theirs.id, mine.id):
        with pytest.raises(NotAllowed):
            await booking.cancel_appointment(
                world.factory, appointment_id=appointment_id, actor=doctor, now=NOW
            )
    assert await _snapshot(world.factory) == before


async def test_only_the_front_desk_books_inside_the_minimum_notice(world) -> None:
    walk_in = await add_slot(world, starts_at=NOW + timedelta(minutes=30))  # notice is 1 hour
    with pytest.raises(BookingWindowClosed) as caught:
        await booking.book_slot(
            world.factory,
            actor=world.actors[1001],
            patient_id=world.patients[1001],
            slot_id=walk_in,
            now=NOW,
        )
    assert caught.value.code == "booking-notice"
    assert caught.value.params["notice_minutes"] == 60
    desk = await _actor_of(world, 5001)
    appt = await booking.book_slot(
        world.factory, actor=desk, patient_id=world.patients[1001], slot_id=walk_in, now=NOW
    )
    assert appt.patient_id == world.patients[1001]
    async with unit_of_work(world.factory) as session:
        row = await session.get_one(Appointment, appt.id)
        assert row.created_via == "staff" and row.created_by == desk.user_id
        audit_row = await session.scalar(
            select(AuditLog).where(AuditLog.action == "appointment.book")
        )
        assert audit_row.actor_user_id == desk.user_id and audit_row.at == NOW
    # Still never in the past.
    gone = await add_slot(world, starts_at=NOW - timedelta(minutes=30))
    with pytest.raises(BookingWindowClosed, match=r"^time-passed$"):
        await booking.book_slot(
            world.factory, actor=desk, patient_id=world.patients[1002], slot_id=gone, now=NOW
        )


async def test_set_role_is_for_admins_and_never_on_oneself(world) -> None:
    target = (await world.user(1002)).id
    admin = await _actor_of(world, 7001)
    async with unit_of_work(world.factory) as session:
        for who in (1001, 5001):
            with pytest.raises(NotAllowed):
                await users.set_role(
                    session,
                    actor=await _actor_of(world, who),
                    user_id=target,
                    role="staff",
                    now=NOW,
                )
        with pytest.raises(NotAllowed):
            await users.set_role(
                session, actor=admin, user_id=admin.user_id, role="patient", now=NOW
            )
        changed = await users.set_role(session, actor=admin, user_id=target, role="staff", now=NOW)
        assert changed.role == "staff"
    async with unit_of_work(world.factory) as session:
        rows = (await session.scalars(select(AuditLog).where(AuditLog.action == "user.role"))).all()
        assert [(r.actor_user_id, r.at) for r in rows] == [(admin.user_id, NOW)]
        assert (await session.get_one(User, admin.user_id)).role == "admin"


async def test_a_profile_is_its_owners(world) -> None:
    owner = (await world.user(1001)).id
    async with unit_of_work(world.factory) as session:
        assert (await users.get_profile(session, actor=world.actors[1001], user_id=owner)).phone
        for who in (1002, 5001):
            with pytest.raises(NotAllowed):
                await users.get_profile(session, actor=world.actors[who], user_id=owner)
            with pytest.raises(NotAllowed):
                await users.update_profile_field(
                    session,
                    actor=world.actors[who],
                    user_id=owner,
                    field="allergies",
                    raw="none",
                    today=NOW.date(),
                    now=NOW,
                )
        await users.update_profile_field(
            session,
            actor=world.actors[1001],
            user_id=owner,
            field="allergies",
            raw="Penicillin",
            today=NOW.date(),
            now=NOW,
        )
    async with unit_of_work(world.factory) as session:
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "profile.update"))
        assert row.actor_user_id == owner and row.at == NOW


async def test_actions_inside_the_notice_depend_on_who_is_asking(world) -> None:
    soon = await _book(world, 1001, starts_at=NOW + timedelta(hours=3))  # 4-hour notice
    later = await _book(world, 1002)
    desk = await _actor_of(world, 5001)
    everything = {
        AppointmentAction.cancel,
        AppointmentAction.reschedule,
        AppointmentAction.calendar,
    }
    async with unit_of_work(world.factory) as session:
        patient_view = await booking.get_appointment(
            session, appointment_id=soon.id, actor=world.actors[1001], now=NOW
        )
        desk_view = await booking.get_appointment(
            session, appointment_id=soon.id, actor=desk, now=NOW
        )
        outside = await booking.get_appointment(
            session, appointment_id=later.id, actor=world.actors[1002], now=NOW
        )
        listed = await booking.list_patient_appointments(
            session, actor=world.actors[1001], patient_id=world.patients[1001], now=NOW
        )
    assert patient_view.actions == {AppointmentAction.calendar} and patient_view.locked_by_notice
    assert patient_view.min_cancel_notice_minutes == 240
    assert desk_view.actions == everything and not desk_view.locked_by_notice
    assert outside.actions == everything and not outside.locked_by_notice
    assert listed.items[0].actions == patient_view.actions


async def test_a_past_or_cancelled_visit_offers_nothing(world) -> None:
    appt = await _book(world, 1001)
    after = appt.ends_at + timedelta(minutes=1)
    async with unit_of_work(world.factory) as session:
        for actor in (world.actors[1001], await _actor_of(world, 5001)):
            past = await booking.get_appointment(
                session, appointment_id=appt.id, actor=actor, now=after
            )
            assert past.actions == frozenset() and not past.locked_by_notice
    cancelled = await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    assert cancelled.actions == frozenset() and not cancelled.locked_by_notice
    assert booking.appointment_actions(world.actors[1001], cancelled, now=NOW) == frozenset()


async def test_schedules_and_slots_follow_the_table(world) -> None:
    _clinic_b, doctor_b, desk_b = await _other_clinic(world)
    doctor = await _doctor_user(world, 3001, doctor=0)
    desk_a, desk_b_actor = await _actor_of(world, 5001), await _actor_of(world, desk_b)
    day = T.date()
    async with unit_of_work(world.factory) as session:
        block = await schedules.set_working_hours(
            session,
            actor=doctor,
            doctor_id=world.doctor_ids[0],
            weekday=day.weekday(),
            start=time(9),
            end=time(12),
            now=NOW,
        )
        for actor, doctor_id in (
            (doctor, world.doctor_ids[1]),  # a colleague's hours
            (desk_b_actor, world.doctor_ids[0]),  # another clinic's doctor
            (world.actors[1001], world.doctor_ids[0]),  # a patient
        ):
            with pytest.raises(NotAllowed):
                await schedules.set_working_hours(
                    session,
                    actor=actor,
                    doctor_id=doctor_id,
                    weekday=day.weekday(),
                    start=time(13),
                    end=time(14),
                    now=NOW,
                )
        with pytest.raises(NotAllowed):
            await schedules.deactivate_working_hours(
                session, actor=desk_b_actor, schedule_id=block.id, now=NOW
            )
        with pytest.raises(NotAllowed):
            await schedules.add_time_off(
                session,
                actor=doctor,
                doctor_id=world.doctor_ids[1],
                starts_at=T,
                ends_at=T + timedelta(hours=1),
                now=NOW,
            )
        # Slots: the whole practice only for an admin; a desk for its own clinic's doctors.
        with pytest.raises(NotAllowed):
            await slots.generate_slots(session, actor=desk_a, start=day, end=day, now=NOW)
        with pytest.raises(NotAllowed):
            await slots.generate_slots(
                session, actor=desk_a, start=day, end=day, now=NOW, doctor_ids=[doctor_b]
            )
        with pytest.raises(NotAllowed):
            await slots.generate_slots(
                session, actor=doctor, start=day, end=day, now=NOW, doctor_ids=[doctor.doctor_id]
            )
        made = await slots.generate_slots(
            session, actor=desk_a, start=day, end=day, now=NOW, doctor_ids=[world.doctor_ids[0]]
        )
        assert made.created == 6
        first = await session.scalar(
            select(AppointmentSlot.id)
            .where(AppointmentSlot.doctor_id == world.doctor_ids[0])
            .order_by(AppointmentSlot.starts_at)
        )
        with pytest.raises(NotAllowed):
            await slots.deactivate_slot(session, actor=desk_b_actor, slot_id=first, now=NOW)
        closed = await slots.deactivate_slot(session, actor=desk_a, slot_id=first, now=NOW)
        assert not closed.is_active
        # The doctor's own time off, removed again by the doctor: their slots come back.
        off = await schedules.add_time_off(
            session,
            actor=doctor,
            doctor_id=doctor.doctor_id,
            starts_at=T.replace(hour=10),
            ends_at=T.replace(hour=11),
            now=NOW,
        )
        assert off.deactivated_slots == 2
        removed = await schedules.remove_time_off(
            session, actor=doctor, time_off_id=off.id, now=NOW
        )
        assert removed.reopened_slots == 2
    async with unit_of_work(world.factory) as session:
        rows = (await session.execute(select(AuditLog.actor_user_id, AuditLog.at))).all()
        assert {actor for actor, _ in rows} == {doctor.user_id, desk_a.user_id}
        assert {at for _, at in rows} == {NOW}
