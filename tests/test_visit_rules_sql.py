"""What PostgreSQL itself enforces about a visit's status and its record (migration 0008),
proven in raw SQL, past the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

START = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


async def _exec(engine: AsyncEngine, sql: str, **params):
    async with engine.begin() as conn:
        result = await conn.execute(text(sql), params)
        return result.fetchall() if result.returns_rows else []


async def _one(engine: AsyncEngine, sql: str, **params):
    return (await _exec(engine, sql, **params))[0][0]


def _constraint(exc: DBAPIError) -> str:
    return exc.orig.__cause__.constraint_name


@pytest.fixture
async def visit(engine, session_factory) -> dict:
    """One clinic, two doctors with accounts, one patient, one visit at START with doctor 0."""
    clinic = await _one(
        engine,
        "INSERT INTO clinics (name, address, city, timezone) "
        "VALUES ('North', '1 Main St', 'Springfield', 'Europe/London') RETURNING id",
    )
    spec = await _one(engine, "INSERT INTO specialties (name) VALUES ('GP') RETURNING id")
    users, doctors = [], []
    for i in range(2):
        user = await _one(
            engine,
            "INSERT INTO users (telegram_user_id, full_name, role) VALUES (:t, :n, 'doctor')"
            " RETURNING id",
            t=500 + i, n=f"Dr {i}",
        )
        users.append(user)
        doctors.append(
            await _one(
                engine,
                "INSERT INTO doctors (user_id, clinic_id, specialty_id, full_name, license_number)"
                " VALUES (:u, :c, :s, :n, :l) RETURNING id",
                u=user, c=clinic, s=spec, n=f"Dr {i}", l=f"LIC-{i}",
            )
        )
    puser = await _one(
        engine, "INSERT INTO users (telegram_user_id, full_name) VALUES (9, 'Pat') RETURNING id"
    )
    patient = await _one(engine, "INSERT INTO patients (user_id) VALUES (:u) RETURNING id", u=puser)
    slot = await _one(
        engine,
        "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at)"
        " VALUES (:d, :c, :s, :e) RETURNING id",
        d=doctors[0], c=clinic, s=START, e=START + timedelta(minutes=30),
    )
    appt = await _one(
        engine,
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at)"
        " VALUES (:p, :d, :c, :s, :a, :b) RETURNING id",
        p=patient, d=doctors[0], c=clinic, s=slot, a=START, b=START + timedelta(minutes=30),
    )
    return {"appt": appt, "doctor_users": users, "patient_user": puser, "doctors": doctors}


async def _set(engine, appt, status: str, at: datetime | None, by=None) -> None:
    extra = ", cancelled_at = now()" if status == "cancelled" else ""
    stamp = ", status_changed_at = :at" if at is not None else ""
    await _exec(
        engine,
        f"UPDATE appointments SET status = :st{stamp}, status_changed_by = :by{extra}"
        " WHERE id = :a",
        st=status, at=at, by=by, a=appt,
    )


async def _status(engine, appt) -> tuple[str, str | None]:
    rows = await _exec(
        engine, "SELECT status, previous_status FROM appointments WHERE id = :a", a=appt
    )
    return rows[0][0], rows[0][1]


async def _refused(engine, appt, status, at, by=None, constraint="appointments_status_transition"):
    with pytest.raises(DBAPIError) as err:
        await _set(engine, appt, status, at, by)
    assert _constraint(err.value) == constraint


async def test_no_done_or_no_show_before_the_start_and_no_arrival_long_before(
    engine, visit
) -> None:
    appt = visit["appt"]
    await _refused(engine, appt, "completed", START - timedelta(minutes=1))
    await _refused(engine, appt, "no_show", START - timedelta(minutes=1))
    await _refused(engine, appt, "arrived", START - timedelta(hours=3))
    await _set(engine, appt, "arrived", START - timedelta(minutes=20))
    assert await _status(engine, appt) == ("arrived", "scheduled")
    await _refused(engine, appt, "no_show", START + timedelta(minutes=5))  # they are here
    await _refused(engine, appt, "completed", START - timedelta(minutes=5))
    await _set(engine, appt, "completed", START + timedelta(minutes=25))
    assert await _status(engine, appt) == ("completed", "arrived")


async def test_a_stamp_is_not_needed_but_then_the_database_clock_decides(engine, visit) -> None:
    # START is in 2030: by the database's own clock the visit has not begun.
    await _refused(engine, visit["appt"], "completed", None)
    await _refused(engine, visit["appt"], "no_show", None)


async def test_nothing_moves_a_cancelled_or_finished_visit(engine, visit) -> None:
    appt = visit["appt"]
    await _set(engine, appt, "cancelled", START - timedelta(days=1))
    for status in ("arrived", "completed", "no_show", "scheduled", "confirmed"):
        await _refused(engine, appt, status, START + timedelta(minutes=5))
    assert (await _status(engine, appt))[0] == "cancelled"


async def test_a_completed_visit_is_not_cancelled_and_undo_is_short_and_once(
    engine, visit
) -> None:
    appt = visit["appt"]
    done_at = START + timedelta(minutes=30)
    await _set(engine, appt, "completed", done_at)
    await _refused(engine, appt, "cancelled", done_at + timedelta(minutes=1))
    await _refused(engine, appt, "no_show", done_at + timedelta(minutes=1))
    # Back to the status before within five minutes, and only that status.
    await _refused(engine, appt, "arrived", done_at + timedelta(minutes=1))
    await _set(engine, appt, "scheduled", done_at + timedelta(minutes=4))
    assert await _status(engine, appt) == ("scheduled", None)
    await _set(engine, appt, "no_show", done_at + timedelta(minutes=5))
    await _refused(engine, appt, "scheduled", done_at + timedelta(minutes=11))
    await _refused(engine, appt, "scheduled", done_at + timedelta(minutes=4))  # before the mark
    assert (await _status(engine, appt))[0] == "no_show"


async def test_only_the_visits_doctor_marks_it(engine, visit) -> None:
    appt = visit["appt"]
    other_doctor, patient = visit["doctor_users"][1], visit["patient_user"]
    for who in (other_doctor, patient):
        await _refused(
            engine, appt, "arrived", START, by=who, constraint="appointments_status_by"
        )
    await _set(engine, appt, "arrived", START, by=visit["doctor_users"][0])
    rows = await _exec(
        engine, "SELECT status_changed_by FROM appointments WHERE id = :a", a=appt
    )
    assert rows[0][0] == visit["doctor_users"][0]


async def test_a_record_is_edited_only_in_its_window_never_deleted_and_corrections_stay(
    engine, visit
) -> None:
    record = await _one(
        engine,
        "INSERT INTO medical_records (patient_id, doctor_id, appointment_id, diagnosis,"
        " author_user_id, editable_until)"
        " SELECT patient_id, doctor_id, id, 'flu', :u, :until FROM appointments WHERE id = :a"
        " RETURNING id",
        a=visit["appt"], u=visit["doctor_users"][0], until=START + timedelta(hours=24),
    )
    # Inside the window (the writer's clock says so): fine.
    await _exec(
        engine,
        "UPDATE medical_records SET diagnosis = 'cold', edited_at = :at WHERE id = :r",
        r=record, at=START + timedelta(hours=1),
    )
    with pytest.raises(DBAPIError) as err:
        await _exec(
            engine,
            "UPDATE medical_records SET diagnosis = 'x', edited_at = :at WHERE id = :r",
            r=record, at=START + timedelta(hours=25),
        )
    assert _constraint(err.value) == "medical_records_locked"
    for sql in (
        "UPDATE medical_records SET editable_until = editable_until + interval '1 year'"
        " WHERE id = :r",
        "UPDATE medical_records SET author_user_id = NULL WHERE id = :r",
    ):
        with pytest.raises(DBAPIError):
            await _exec(engine, sql, r=record)
    with pytest.raises(DBAPIError) as err:
        await _exec(engine, "DELETE FROM medical_records WHERE id = :r", r=record)
    assert _constraint(err.value) == "medical_records_kept"
    fix = await _one(
        engine,
        "INSERT INTO medical_record_corrections (record_id, diagnosis) VALUES (:r, 'flu')"
        " RETURNING id",
        r=record,
    )
    for sql in (
        "UPDATE medical_record_corrections SET diagnosis = 'x' WHERE id = :f",
        "DELETE FROM medical_record_corrections WHERE id = :f",
    ):
        with pytest.raises(DBAPIError) as err:
            await _exec(engine, sql, f=fix)
        assert _constraint(err.value) == "medical_record_corrections_append_only"
    assert await _one(
        engine, "SELECT diagnosis FROM medical_records WHERE id = :r", r=record
    ) == "cold"
