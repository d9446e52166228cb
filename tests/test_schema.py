"""The schema: migrations round-trip, models and migration agree, and every
invariant of the brief is refused by PostgreSQL itself (raw SQL, no services)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from db import migrate
from db.models import Base

T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
async def scratch_url(engine: AsyncEngine, database_url: str):
    """A second, empty database on the same server, dropped afterwards."""
    name = f"careslot_scratch_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = database_url.partition("?")
    yield base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _tables(url: str) -> set[str]:
    eng = create_async_engine(url)
    try:
        async with eng.connect() as conn:
            rows = await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            return {r[0] for r in rows}
    finally:
        await eng.dispose()


async def _columns(url: str, table: str) -> set[str]:
    eng = create_async_engine(url)
    try:
        async with eng.connect() as conn:
            rows = await conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                {"t": table},
            )
            return {r[0] for r in rows}
    finally:
        await eng.dispose()


async def _indexes(url: str) -> set[str]:
    eng = create_async_engine(url)
    try:
        async with eng.connect() as conn:
            rows = await conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            )
            return {r[0] for r in rows}
    finally:
        await eng.dispose()


async def _functions(url: str, name: str) -> list[str]:
    eng = create_async_engine(url)
    try:
        async with eng.connect() as conn:
            rows = await conn.execute(
                text("SELECT proname FROM pg_proc WHERE proname = :n"), {"n": name}
            )
            return [r[0] for r in rows]
    finally:
        await eng.dispose()


async def _keys(url: str, word: str) -> set[str]:
    """The keys of `word`, and the same as kept in a user's row of that name (the row made
    here on the first call)."""
    eng = create_async_engine(url)
    try:
        async with eng.begin() as conn:
            keys = await conn.scalar(text("SELECT careslot_word_keys(:w)"), {"w": word})
            stored = await conn.scalar(
                text("SELECT name_keys FROM users WHERE full_name = :w"), {"w": word}
            )
            if stored is None:
                stored = await conn.scalar(
                    text("INSERT INTO users (full_name) VALUES (:w) RETURNING name_keys"),
                    {"w": word},
                )
            assert set(stored) == set(keys)
            return set(keys)
    finally:
        await eng.dispose()


async def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    await migrate.upgrade_async(scratch_url)
    assert set(Base.metadata.tables) <= await _tables(scratch_url)
    report_indexes = {"ix_appointments_clinic_starts", "ix_appointment_slots_clinic_starts"}
    assert report_indexes <= await _indexes(scratch_url)
    assert "clinic_patient_links" in await _tables(scratch_url)
    assert await _keys(scratch_url, "Barbenton") == {"barbe", "arbe", "brbe", "babe", "bare",
                                                     "barb", "bar"}  # fmt: skip
    assert {"ix_patients_user_cover", "ix_users_name_pairs"} <= await _indexes(scratch_url)
    await migrate.downgrade_async(scratch_url, "0025")  # 0026 takes away its index, function
    assert "ix_users_name_pairs" not in await _indexes(scratch_url)
    assert not await _functions(scratch_url, "careslot_pair_keys")
    await migrate.downgrade_async(scratch_url, "0024")  # 0025 takes away only its index
    assert "ix_patients_user_cover" not in await _indexes(scratch_url)
    await migrate.downgrade_async(scratch_url, "0022")  # 0024 changes the name keys only
    assert await _keys(scratch_url, "Barbenton") == {"barb", "arb", "brb", "bab", "bar"}
    await migrate.downgrade_async(scratch_url, "0020")  # 0022 takes away only its own table
    before_0022 = set(Base.metadata.tables) - {"clinic_patient_links"}
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0021")  # 0020 takes away only its two indexes
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    assert not report_indexes & await _indexes(scratch_url)
    await migrate.downgrade_async(scratch_url, "0018")  # 0021 adds a column and a trigger only
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    assert "name_keys" not in await _columns(scratch_url, "patients")
    await migrate.downgrade_async(scratch_url, "0016")  # 0018 changes a check only
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0017")  # 0016 adds columns and functions only
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0013")  # 0017 changes invites, adds no table
    assert await _tables(scratch_url) == before_0022 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0014")  # 0013 takes away only its columns
    assert before_0022 <= await _tables(scratch_url)
    assert not {"digest_at", "today_chat_id", "today_message_id", "today_day"} & (
        await _columns(scratch_url, "doctors")
    )
    await migrate.downgrade_async(scratch_url, "0012")  # 0014 takes away only its own table
    assert await _tables(scratch_url) == before_0022 - {"slot_holds"} | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0015")  # 0012 takes away only its own tables
    later = {"time_off_slots", "hours_closed_slots", "slot_holds"}
    without_0012 = before_0022 - later
    assert await _tables(scratch_url) == without_0012 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0008")  # 0015 adds columns, not tables
    assert await _tables(scratch_url) == without_0012 | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0011")  # 0008 takes away only its own table
    assert await _tables(scratch_url) == before_0022 - {
        "medical_record_corrections",
        "time_off_slots",
        "hours_closed_slots",
        "slot_holds",
    } | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0005")  # so do 0007 and 0010
    assert await _tables(scratch_url) == before_0022 - {
        "calendar_feeds",
        "outbox_pace",
        "medical_record_corrections",
        "time_off_slots",
        "hours_closed_slots",
        "slot_holds",
    } | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0003")  # 0004 takes away only its own table
    assert await _tables(scratch_url) == before_0022 - {
        "doctor_full_days",
        "calendar_feeds",
        "outbox_pace",
        "medical_record_corrections",
        "time_off_slots",
        "hours_closed_slots",
        "slot_holds",
    } | {"alembic_version"}
    await migrate.downgrade_async(scratch_url, "0002")  # and so does 0003
    assert await _tables(scratch_url) == before_0022 - {
        "doctor_full_days",
        "outbox_pace",
        "processed_updates",
        "calendar_feeds",
        "medical_record_corrections",
        "time_off_slots",
        "hours_closed_slots",
        "slot_holds",
    } | {"alembic_version"}
    await migrate.upgrade_async(scratch_url)
    await migrate.downgrade_async(scratch_url, "base")
    assert await _tables(scratch_url) == {"alembic_version"}
    await migrate.upgrade_async(scratch_url)
    assert set(Base.metadata.tables) <= await _tables(scratch_url)


async def test_models_and_migration_agree(engine: AsyncEngine) -> None:
    def diff(sync_conn):
        ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


# --- fixtures in raw SQL -----------------------------------------------------------------


async def _exec(engine: AsyncEngine, sql: str, **params) -> list:
    async with engine.begin() as conn:
        result = await conn.execute(text(sql), params)
        return result.fetchall() if result.returns_rows else []


async def _one(engine: AsyncEngine, sql: str, **params):
    return (await _exec(engine, sql, **params))[0][0]


@pytest.fixture
async def world(engine: AsyncEngine, session_factory) -> dict:
    """One clinic, two doctors, three patients, all in raw SQL."""
    clinic = await _one(
        engine,
        "INSERT INTO clinics (name, address, city, timezone) "
        "VALUES ('North', '1 Main St', 'Springfield', 'Europe/Berlin') RETURNING id",
    )
    spec = await _one(engine, "INSERT INTO specialties (name) VALUES ('GP') RETURNING id")
    doctors = [
        await _one(
            engine,
            "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number) "
            "VALUES (:c, :s, :n, :l) RETURNING id",
            c=clinic,
            s=spec,
            n=f"Dr {i}",
            l=f"LIC-{i}",
        )
        for i in range(2)
    ]
    patients = []
    for i in range(3):
        user = await _one(
            engine,
            "INSERT INTO users (telegram_user_id, full_name) VALUES (:t, :n) RETURNING id",
            t=1000 + i,
            n=f"Patient {i}",
        )
        patients.append(
            await _one(engine, "INSERT INTO patients (user_id) VALUES (:u) RETURNING id", u=user)
        )
    return {"clinic": clinic, "doctors": doctors, "patients": patients}


async def _slot(engine, world, *, doctor=0, start=T0, minutes=30, capacity=1):
    return await _one(
        engine,
        "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at, capacity) "
        "VALUES (:d, :c, :s, :e, :cap) RETURNING id",
        d=world["doctors"][doctor],
        c=world["clinic"],
        s=start,
        e=start + timedelta(minutes=minutes),
        cap=capacity,
    )


async def _book(engine, world, slot, *, patient=0, key=None, status="scheduled"):
    return await _one(
        engine,
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at,"
        " status, idempotency_key, cancelled_at)"
        " SELECT :p, s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at, CAST(:st AS text), :k,"
        " CASE WHEN CAST(:st AS text) = 'cancelled' THEN now() END"
        " FROM appointment_slots s WHERE s.id = :slot RETURNING id",
        p=world["patients"][patient],
        slot=slot,
        k=key,
        st=status,
    )


def _constraint(exc: DBAPIError) -> str:
    return getattr(exc.orig, "__cause__", None).constraint_name  # asyncpg's error


# --- invariant 1: capacity -----------------------------------------------------------------


async def test_slot_refuses_more_bookings_than_capacity(engine, world) -> None:
    slot = await _slot(engine, world, capacity=2)
    await _book(engine, world, slot, patient=0)
    await _book(engine, world, slot, patient=1)
    with pytest.raises(IntegrityError) as err:
        await _book(engine, world, slot, patient=2)
    assert _constraint(err.value) == "ck_appointment_slots_within_capacity"
    assert await _one(engine, "SELECT booked_count FROM appointment_slots WHERE id=:s", s=slot) == 2


async def test_cancelling_frees_the_place(engine, world) -> None:
    slot = await _slot(engine, world)
    appt = await _book(engine, world, slot, patient=0)
    await _exec(
        engine,
        "UPDATE appointments SET status='cancelled', cancelled_at=now() WHERE id=:a",
        a=appt,
    )
    assert await _one(engine, "SELECT booked_count FROM appointment_slots WHERE id=:s", s=slot) == 0
    await _book(engine, world, slot, patient=1)
    assert await _one(engine, "SELECT booked_count FROM appointment_slots WHERE id=:s", s=slot) == 1


async def test_two_concurrent_bookings_of_the_last_place_one_wins(engine, world) -> None:
    slot = await _slot(engine, world)
    results = await asyncio.gather(
        *(_book(engine, world, slot, patient=i) for i in range(3)), return_exceptions=True
    )
    assert sum(isinstance(r, uuid.UUID) for r in results) == 1
    assert all(isinstance(r, (uuid.UUID, IntegrityError)) for r in results)
    active = await _one(
        engine, "SELECT count(*) FROM appointments WHERE slot_id=:s AND status='scheduled'", s=slot
    )
    assert active == 1


async def test_booked_count_cannot_be_forged(engine, world) -> None:
    slot = await _slot(engine, world)
    with pytest.raises(IntegrityError):
        await _exec(engine, "UPDATE appointment_slots SET booked_count = 2 WHERE id=:s", s=slot)


# --- invariant 2: a patient's active appointments never overlap ---------------------------


async def test_patient_cannot_hold_overlapping_appointments(engine, world) -> None:
    a = await _slot(engine, world, doctor=0, start=T0)
    b = await _slot(engine, world, doctor=1, start=T0 + timedelta(minutes=15))
    await _book(engine, world, a, patient=0)
    with pytest.raises(IntegrityError) as err:
        await _book(engine, world, b, patient=0)
    assert _constraint(err.value) == "appointments_patient_overlap"
    # Back to back is fine, and so is overlapping a cancelled one.
    c = await _slot(engine, world, doctor=0, start=T0 + timedelta(minutes=30))
    await _book(engine, world, c, patient=0)
    await _book(engine, world, b, patient=1, status="cancelled")


async def test_patient_overlap_holds_under_concurrency(engine, world) -> None:
    slots = [
        await _slot(engine, world, doctor=d, start=T0 + timedelta(minutes=10 * d)) for d in (0, 1)
    ]
    results = await asyncio.gather(
        *(_book(engine, world, s, patient=0) for s in slots), return_exceptions=True
    )
    assert sum(isinstance(r, uuid.UUID) for r in results) == 1
    assert await _one(engine, "SELECT count(*) FROM appointments") == 1


# --- invariant 2b: a doctor's daily limit of patients ----------------------------------------


async def _limit(engine, world, most: int, *, doctor=0) -> None:
    await _exec(
        engine,
        "UPDATE doctors SET max_patients_per_day = :m WHERE id = :d",
        m=most,
        d=world["doctors"][doctor],
    )


async def test_doctor_takes_no_more_patients_a_day_than_the_limit(engine, world) -> None:
    await _limit(engine, world, 2)
    slots = [await _slot(engine, world, start=T0 + timedelta(hours=h)) for h in range(4)]
    await _book(engine, world, slots[0], patient=0)
    await _book(engine, world, slots[1], patient=1)
    with pytest.raises(IntegrityError) as err:
        await _book(engine, world, slots[2], patient=2)
    assert _constraint(err.value) == "appointments_doctor_daily_limit"
    # A cancelled visit frees a place; cancelled ones are not counted.
    await _exec(
        engine,
        "UPDATE appointments SET status='cancelled', cancelled_at=now() WHERE slot_id=:s",
        s=slots[0],
    )
    await _book(engine, world, slots[2], patient=2)
    await _book(engine, world, slots[3], patient=0, status="cancelled")
    # Re-activating the cancelled one would make three.
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "UPDATE appointments SET status='scheduled', cancelled_at=NULL WHERE slot_id=:s",
            s=slots[0],
        )
    assert _constraint(err.value) == "appointments_doctor_daily_limit"
    # Another doctor, or the same doctor on another day, is not affected.
    other = await _slot(engine, world, doctor=1, start=T0)
    await _book(engine, world, other, patient=1, status="scheduled")


async def test_daily_limit_counts_the_clinics_local_day(engine, world) -> None:
    # The clinic is in Berlin: 23:30 UTC on 7 January is already 8 January there.
    await _limit(engine, world, 1)
    late = await _slot(engine, world, start=datetime(2030, 1, 7, 23, 30, tzinfo=UTC))
    early = await _slot(engine, world, start=datetime(2030, 1, 7, 12, 0, tzinfo=UTC))
    next_morning = await _slot(engine, world, start=datetime(2030, 1, 8, 8, 0, tzinfo=UTC))
    await _book(engine, world, late, patient=0)
    await _book(engine, world, early, patient=1)  # 7 January in Berlin: its own day
    with pytest.raises(IntegrityError) as err:  # 8 January in Berlin, like `late`
        await _book(engine, world, next_morning, patient=2)
    assert _constraint(err.value) == "appointments_doctor_daily_limit"


async def test_daily_limit_holds_under_concurrency(engine, world) -> None:
    await _limit(engine, world, 1)
    slots = [await _slot(engine, world, start=T0 + timedelta(hours=h)) for h in range(3)]
    results = await asyncio.gather(
        *(_book(engine, world, s, patient=i) for i, s in enumerate(slots)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, uuid.UUID) for r in results) == 1
    assert all(isinstance(r, (uuid.UUID, IntegrityError)) for r in results)
    assert await _one(engine, "SELECT count(*) FROM appointments") == 1


_FULL_DAYS_NOW = """
    SELECT a.doctor_id, (a.starts_at AT TIME ZONE c.timezone)::date AS day
    FROM appointments a JOIN clinics c ON c.id = a.clinic_id JOIN doctors d ON d.id = a.doctor_id
    WHERE a.status IN ('scheduled', 'confirmed', 'arrived')
    GROUP BY 1, 2, d.max_patients_per_day HAVING count(*) >= d.max_patients_per_day
"""


async def test_full_days_follow_concurrent_bookings_and_cancellations(engine, world) -> None:
    # doctor_full_days (read by the free-slot queries) is kept by a trigger under the
    # daily-limit trigger's lock. A day with one of two places taken: the second is booked
    # while the first is cancelled. Unserialised, the booking would count two and mark
    # the day full while the cancellation, not seeing it, counts none; the day stays
    # marked full with one patient.
    await _limit(engine, world, 2)
    for day in range(8):
        start = T0 + timedelta(days=day)
        slots = [await _slot(engine, world, start=start + timedelta(hours=h)) for h in range(2)]
        first = await _book(engine, world, slots[0], patient=0)

        async def cancel(appointment=first):
            await _exec(
                engine,
                "UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE id = :a",
                a=appointment,
            )

        await asyncio.gather(cancel(), _book(engine, world, slots[1], patient=1))
        assert await _exec(engine, "SELECT doctor_id, day FROM doctor_full_days") == []
        assert await _exec(engine, _FULL_DAYS_NOW) == []


# --- invariant 3: a doctor's active slots never overlap ------------------------------------


async def test_doctor_slots_cannot_overlap(engine, world) -> None:
    await _slot(engine, world, start=T0, minutes=30)
    with pytest.raises(IntegrityError) as err:
        await _slot(engine, world, start=T0 + timedelta(minutes=20), minutes=30)
    assert _constraint(err.value) == "appointment_slots_doctor_overlap"
    with pytest.raises(IntegrityError):  # the same start: unique index
        await _slot(engine, world, start=T0, minutes=15)
    await _slot(engine, world, start=T0 + timedelta(minutes=30))  # adjacent: fine
    await _slot(engine, world, doctor=1, start=T0)  # another doctor: fine


async def test_doctor_slot_overlap_holds_under_concurrency(engine, world) -> None:
    starts = [T0 + timedelta(minutes=m) for m in (0, 5, 10, 15)]
    results = await asyncio.gather(
        *(_slot(engine, world, start=s) for s in starts), return_exceptions=True
    )
    assert sum(isinstance(r, uuid.UUID) for r in results) == 1
    assert await _one(engine, "SELECT count(*) FROM appointment_slots") == 1


async def test_reactivating_an_overlapping_slot_is_refused(engine, world) -> None:
    first = await _slot(engine, world, start=T0)
    await _exec(engine, "UPDATE appointment_slots SET is_active=false WHERE id=:s", s=first)
    await _slot(engine, world, start=T0 + timedelta(minutes=10))
    with pytest.raises(IntegrityError):
        await _exec(engine, "UPDATE appointment_slots SET is_active=true WHERE id=:s", s=first)


# --- invariant 4: checked values -------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE appointment_slots SET ends_at = starts_at",
        "UPDATE appointments SET status = 'lost'",
        "UPDATE appointments SET status = 'cancelled'",  # without cancelled_at
        "UPDATE users SET role = 'superuser'",
        "INSERT INTO doctor_schedules (doctor_id, weekday, start_time, end_time)"
        " SELECT id, 7, '09:00', '12:00' FROM doctors LIMIT 1",
        "INSERT INTO doctor_schedules (doctor_id, weekday, start_time, end_time)"
        " SELECT id, 1, '12:00', '09:00' FROM doctors LIMIT 1",
        "INSERT INTO time_off (doctor_id, starts_at, ends_at)"
        " SELECT id, now(), now() - interval '1 hour' FROM doctors LIMIT 1",
        "UPDATE appointment_slots SET capacity = 0",
    ],
)
async def test_checked_values_are_refused(engine, world, sql) -> None:
    slot = await _slot(engine, world)
    await _book(engine, world, slot)
    with pytest.raises(IntegrityError):
        await _exec(engine, sql)


async def test_appointment_must_match_its_slot(engine, world) -> None:
    slot = await _slot(engine, world)
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at,"
            " ends_at) VALUES (:p, :d, :c, :s, :a, :b)",
            p=world["patients"][0],
            d=world["doctors"][1],
            c=world["clinic"],
            s=slot,
            a=T0,
            b=T0 + timedelta(minutes=30),
        )
    assert _constraint(err.value) == "appointments_match_slot"


# --- invariant 5: one appointment per confirmation -------------------------------------------


async def test_repeated_idempotency_key_is_refused(engine, world) -> None:
    first = await _slot(engine, world, start=T0, capacity=3)
    await _book(engine, world, first, patient=0, key="confirm:1001:abc")
    with pytest.raises(IntegrityError) as err:
        await _book(engine, world, first, patient=1, key="confirm:1001:abc")
    assert _constraint(err.value) == "uq_appointments_idempotency_key"
    assert await _one(engine, "SELECT count(*) FROM appointments") == 1


# --- audit log is append-only ------------------------------------------------------------------


async def test_audit_log_is_append_only(engine, session_factory) -> None:
    await _exec(engine, "INSERT INTO audit_logs (action, resource_type) VALUES ('x.test', 'thing')")
    for sql in ("UPDATE audit_logs SET action = 'y'", "DELETE FROM audit_logs"):
        with pytest.raises(DBAPIError):
            await _exec(engine, sql)
    assert await _one(engine, "SELECT count(*) FROM audit_logs") == 1


# --- a deleted account reaches nobody ----------------------------------------------------------


DETACHED = {
    "telegram_user_id": "NULL",
    "chat_id": "NULL",
    "phone": "NULL",
    "email": "NULL",
    "is_active": "false",
}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("telegram_user_id", "1000"),
        ("chat_id", "1000"),
        ("phone", "'+447911123456'"),
        ("email", "'ann@example.org'"),
        ("is_active", "true"),
    ],
)
async def test_a_deleted_account_keeps_no_way_to_reach_the_person(
    engine, world, column, value
) -> None:
    def deleting(values: dict[str, str]) -> str:
        assigned = ", ".join(f"{c} = {v}" for c, v in values.items())
        return f"UPDATE users SET deleted_at = now(), {assigned} WHERE full_name = 'Patient 0'"

    with pytest.raises(IntegrityError) as err:
        await _exec(engine, deleting({**DETACHED, column: value}))
    assert _constraint(err.value) == "ck_users_deleted_detached"
    await _exec(engine, deleting(DETACHED))
    assert await _one(engine, "SELECT count(*) FROM users WHERE deleted_at IS NOT NULL") == 1
