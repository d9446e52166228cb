"""What a doctor types for working hours and time off, read in each language; and the
schema's new rules refused by PostgreSQL itself (raw SQL, no services)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import AppointmentSlot
from services.errors import InvalidInput
from services.hours import as_block, parse_from_date, parse_hours
from services.policy import Actor, Role
from services.time_off import parse_time_off

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # Monday


def h(a: int, b: int, c: int = 0, d: int = 0) -> tuple[time, time]:
    return time(a, c), time(b, d)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Mon 9-13, 14-18", {0: [h(9, 13), h(14, 18)]}),
        ("Wed off", {2: []}),
        ("Tue 10:00-16:30", {1: [h(10, 16, 0, 30)]}),
        ("Mon-Fri 9-17", {d: [h(9, 17)] for d in range(5)}),
        ("mon, wed 8–12; sat off", {0: [h(8, 12)], 2: [h(8, 12)], 5: []}),
        ("Sat-Mon 9-12", {5: [h(9, 12)], 6: [h(9, 12)], 0: [h(9, 12)]}),
        ("lun-vie 9-17", {d: [h(9, 17)] for d in range(5)}),
        ("mié libre", {2: []}),
        ("пн 9-13, 14-18", {0: [h(9, 13), h(14, 18)]}),
        ("пʼятниця вихідний", {4: []}),
    ],
)
def test_hours_are_read_in_every_language(typed: str, expected: dict) -> None:
    assert parse_hours(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "hours-unclear"),
        ("Mon 9", "hours-unclear"),
        ("Funday 9-17", "hours-unclear"),
        ("Mon closed for lunch", "hours-unclear"),
        ("Mon 25-26", "hours-unclear"),
        ("Mon 17-9", "hours-end-before-start"),
        ("Mon 9-13, 12-18", "hours-stretches-overlap"),
    ],
)
def test_unclear_hours_are_refused_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_hours(typed)
    assert caught.value.code == code


def test_stretches_become_one_block_with_its_breaks() -> None:
    assert as_block([h(9, 13), h(14, 18)]) == (time(9), time(18), [(time(13), time(14))])
    assert as_block([h(9, 13), h(13, 18)]) == (time(9), time(18), [])
    assert as_block([]) is None


def test_the_date_new_hours_begin_is_today_or_later() -> None:
    assert parse_from_date("tomorrow", tz=LONDON, now=NOW) == date(2030, 3, 5)
    assert parse_from_date("12.03", tz=LONDON, now=NOW) == date(2030, 3, 12)
    with pytest.raises(InvalidInput) as caught:
        parse_from_date("yesterday", tz=LONDON, now=NOW)
    assert caught.value.code == "hours-from-passed"
    with pytest.raises(InvalidInput):
        parse_from_date("whenever", tz=LONDON, now=NOW)


def _local(typed: str, language: str) -> tuple[str, str]:
    start, end = parse_time_off(typed, tz=LONDON, now=NOW, language=language)
    return start.strftime("%a %d.%m %H:%M"), end.strftime("%a %d.%m %H:%M")


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("tomorrow", "en", ("Tue 05.03 00:00", "Wed 06.03 00:00")),
        ("24.12–02.01", "en", ("Tue 24.12 00:00", "Fri 03.01 00:00")),
        ("Friday afternoon", "en", ("Fri 08.03 12:00", "Sat 09.03 00:00")),
        ("Friday 14-18", "en", ("Fri 08.03 14:00", "Fri 08.03 18:00")),
        ("friday in the morning", "en", ("Fri 08.03 00:00", "Fri 08.03 12:00")),
        ("viernes por la tarde", "es", ("Fri 08.03 12:00", "Sat 09.03 00:00")),
        ("завтра", "uk", ("Tue 05.03 00:00", "Wed 06.03 00:00")),
        ("пʼятниця після обіду", "uk", ("Fri 08.03 12:00", "Sat 09.03 00:00")),
    ],
)
def test_time_off_is_read_on_the_clinics_clock(
    typed: str, language: str, expected: tuple[str, str]
) -> None:
    assert _local(typed, language) == expected


@pytest.mark.parametrize("typed", ["", "soon-ish", "Friday 18-14"])
def test_unclear_time_off_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_time_off(typed, tz=LONDON, now=NOW)


# --- the database's own rules --------------------------------------------------------------


async def _one(engine: AsyncEngine, sql: str, **params):
    async with engine.begin() as conn:
        result = await conn.execute(text(sql), params)
        return result.scalar() if result.returns_rows else None


@pytest.fixture
async def doctor(engine: AsyncEngine, session_factory):  # the factory empties the tables
    clinic = await _one(
        engine,
        "INSERT INTO clinics (name, address, city, timezone)"
        " VALUES ('C', '1 St', 'X', 'Europe/London') RETURNING id",
    )
    spec = await _one(engine, "INSERT INTO specialties (name) VALUES ('GP') RETURNING id")
    return await _one(
        engine,
        "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number)"
        " VALUES (:c, :s, 'Dr', 'L-1') RETURNING id",
        c=clinic,
        s=spec,
    )


_BLOCK = (
    "INSERT INTO doctor_schedules (doctor_id, weekday, start_time, end_time, effective_from,"
    " effective_until) VALUES (:d, 0, :s, :e, :f, :u)"
)


async def test_a_doctors_blocks_in_effect_together_never_overlap(engine, doctor) -> None:
    await _one(engine, _BLOCK, d=doctor, s=time(9), e=time(17), f=None, u=date(2030, 3, 11))
    # From the day the old block ends, a new one may take the same hours.
    await _one(engine, _BLOCK, d=doctor, s=time(9), e=time(12), f=date(2030, 3, 11), u=None)
    with pytest.raises(DBAPIError, match="overlap"):
        await _one(engine, _BLOCK, d=doctor, s=time(11), e=time(14), f=date(2030, 4, 1), u=None)
    with pytest.raises(DBAPIError, match="overlap"):
        await _one(engine, _BLOCK, d=doctor, s=time(16), e=time(18), f=None, u=None)
    with pytest.raises(IntegrityError, match="effective_range"):
        await _one(
            engine,
            _BLOCK,
            d=doctor,
            s=time(18),
            e=time(19),
            f=date(2030, 3, 11),
            u=date(2030, 3, 11),
        )


async def test_a_slot_is_closed_by_one_time_off_at_most(engine, doctor) -> None:
    slot = await _one(
        engine,
        "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at, is_active)"
        " SELECT id, clinic_id, :s, :e, false FROM doctors WHERE id = :d RETURNING id",
        d=doctor,
        s=datetime(2030, 3, 5, 9, tzinfo=UTC),
        e=datetime(2030, 3, 5, 9, 30, tzinfo=UTC),
    )
    offs = [
        await _one(
            engine,
            "INSERT INTO time_off (doctor_id, starts_at, ends_at) VALUES (:d, :s, :e) RETURNING id",
            d=doctor,
            s=datetime(2030, 3, 5, tzinfo=UTC),
            e=datetime(2030, 3, 6, tzinfo=UTC),
        )
        for _ in range(2)
    ]
    link = "INSERT INTO time_off_slots (time_off_id, slot_id) VALUES (:t, :s)"
    await _one(engine, link, t=offs[0], s=slot)
    with pytest.raises(IntegrityError, match="uq_time_off_slots_slot_id"):
        await _one(engine, link, t=offs[1], s=slot)
    # Removing the time off takes its record of closed slots with it.
    await _one(engine, "DELETE FROM time_off WHERE id = :t", t=offs[0])
    assert await _one(engine, "SELECT count(*) FROM time_off_slots") == 0


# --- which reason keeps a slot closed ------------------------------------------------------


async def _doctor_world(session_factory):
    from db.engine import unit_of_work
    from db.models import DoctorSchedule
    from services import slots
    from tests.world import build_world

    w = await build_world(session_factory, doctors=1)
    async with unit_of_work(session_factory) as session:
        for weekday in range(5):
            session.add(
                DoctorSchedule(
                    doctor_id=w.doctor_ids[0],
                    weekday=weekday,
                    start_time=time(9),
                    end_time=time(17),
                )
            )
    async with unit_of_work(session_factory) as session:
        await slots.generate_slots(
            session, actor=Actor.system(), start=date(2030, 3, 4), end=date(2030, 3, 24), now=NOW
        )
    return w


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=LONDON).astimezone(UTC)


async def _active(session_factory, w, day: date, hh: int, mm: int = 0) -> bool:
    from db.engine import unit_of_work

    async with unit_of_work(session_factory) as session:
        return await session.scalar(
            select(AppointmentSlot.is_active).where(
                AppointmentSlot.doctor_id == w.doctor_ids[0],
                AppointmentSlot.starts_at == _at(day, hh, mm),
            )
        )


async def test_a_slot_reopens_only_once_no_reason_keeps_it_closed(session_factory) -> None:
    """Wed 13 March: 10:00 closed by the front desk, 14:00–15:00 by a time off, 11:00 by a
    time off taken after "Wed off". Wednesdays off from 13 March, then back to 9-17: only
    the slots the hours closed open again; removing the time off then opens its slots."""
    from db.engine import unit_of_work
    from services import hours, schedules, slots

    w = await _doctor_world(session_factory)
    wed = date(2030, 3, 13)
    doctor = Actor(
        user_id=None, role=Role.doctor, doctor_id=w.doctor_ids[0], doctor_clinic_id=w.clinic_id
    )
    async with unit_of_work(session_factory) as session:
        slot_id = await session.scalar(
            select(AppointmentSlot.id).where(
                AppointmentSlot.doctor_id == w.doctor_ids[0],
                AppointmentSlot.starts_at == _at(wed, 10),
            )
        )
        await slots.deactivate_slot(session, actor=Actor.system(), slot_id=slot_id, now=NOW)
        first = await schedules.add_time_off(
            session,
            doctor_id=w.doctor_ids[0],
            starts_at=_at(wed, 14),
            ends_at=_at(wed, 15),
            actor=doctor,
            now=NOW,
        )
    async with unit_of_work(session_factory) as session:
        off = await hours.change_hours(
            session, actor=doctor, changes={2: []}, effective_from=wed, now=NOW
        )
    # 13 March (10:00, 14:00 and 14:30 were closed already) and 20 March
    assert off.closed_slots == (16 - 3) + 16
    assert not await _active(session_factory, w, wed, 9)
    assert await _active(session_factory, w, date(2030, 3, 6), 9)  # the week before
    async with unit_of_work(session_factory) as session:
        later = await schedules.add_time_off(
            session,
            doctor_id=w.doctor_ids[0],
            starts_at=_at(wed, 11),
            ends_at=_at(wed, 12),
            actor=doctor,
            now=NOW,
        )
    assert later.deactivated_slots == 0  # closed already, by the hours
    async with unit_of_work(session_factory) as session:
        back = await hours.change_hours(
            session, actor=doctor, changes={2: [(time(9), time(17))]}, effective_from=wed, now=NOW
        )
    assert back.new_slots > 16 - 5  # 13 March but five, 20 March, later Wednesdays
    for hh, mm in ((9, 0), (12, 0), (16, 30)):
        assert await _active(session_factory, w, wed, hh, mm)
    for hh, mm in ((10, 0), (11, 0), (11, 30), (14, 0), (14, 30)):
        assert not await _active(session_factory, w, wed, hh, mm)
    async with unit_of_work(session_factory) as session:
        gone = await schedules.remove_time_off(session, time_off_id=first.id, now=NOW, actor=doctor)
        gone_later = await schedules.remove_time_off(
            session, time_off_id=later.id, now=NOW, actor=doctor
        )
    assert (gone.reopened_slots, gone_later.reopened_slots) == (2, 2)
    for hh, mm in ((11, 0), (11, 30), (14, 0), (14, 30)):
        assert await _active(session_factory, w, wed, hh, mm)
    assert not await _active(session_factory, w, wed, 10)  # the front desk's stays closed


async def test_time_off_keeps_a_visit_whose_patient_has_checked_in(session_factory) -> None:
    """Monday 4 March, the rest of the day off at 09:35: the 10:00 patient is already in the
    waiting room (arrived) and keeps the visit; the 11:00 one is cancelled and told."""
    from db.engine import unit_of_work
    from db.models import Appointment
    from services import booking, doctor_day, time_off
    from tests.world import add_patient

    w = await _doctor_world(session_factory)
    mon = date(2030, 3, 4)
    booked = {}
    for tg, hh in ((7101, 10), (7102, 11)):
        await add_patient(w, tg)
        async with unit_of_work(session_factory) as session:
            slot_id = await session.scalar(
                select(AppointmentSlot.id).where(
                    AppointmentSlot.doctor_id == w.doctor_ids[0],
                    AppointmentSlot.starts_at == _at(mon, hh),
                )
            )
        appt = await booking.book_slot(
            session_factory, actor=w.actors[tg], patient_id=w.patients[tg], slot_id=slot_id,
            now=NOW,
        )  # fmt: skip
        booked[hh] = appt.id
    await doctor_day.mark_visit(
        session_factory, actor=Actor.system(), appointment_id=booked[10],
        change=doctor_day.VisitChange.arrived, now=_at(mon, 9, 30),
    )  # fmt: skip
    doctor = Actor(
        user_id=None, role=Role.doctor, doctor_id=w.doctor_ids[0], doctor_clinic_id=w.clinic_id
    )
    now = _at(mon, 9, 35)
    async with session_factory() as reader:
        shown = await time_off.plan(
            reader, actor=doctor, starts_at=now, ends_at=_at(mon, 23), now=now
        )
    assert [v.id for v in shown.visits] == [booked[11]]
    await time_off.take(session_factory, actor=doctor, starts_at=now, ends_at=_at(mon, 23), now=now)
    async with unit_of_work(session_factory) as session:
        statuses = dict(
            (await session.execute(
                select(Appointment.id, Appointment.status).where(
                    Appointment.id.in_(list(booked.values()))
                )
            )).all()
        )  # fmt: skip
    assert statuses == {booked[10]: "arrived", booked[11]: "cancelled"}
