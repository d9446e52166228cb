"""What PostgreSQL itself holds for my patients, the morning digest and the live /today
(migration 0013 and the tables before it), proven in raw SQL past the services; and the
live /today's refreshes coalescing per doctor."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from services import digest, live_today
from tests import test_visit_rules_sql as rules
from tests.test_visit_rules_sql import START, _constraint, _exec, _one

visit = rules.visit  # the fixture: one clinic, two doctors with accounts, a patient's visit


async def test_an_assignment_pair_is_unique_and_reactivating_keeps_the_row(engine, visit) -> None:
    (patient,) = await _exec(engine, "SELECT patient_id FROM appointments")
    doctor, p = visit["doctors"][0], patient[0]
    first = await _one(
        engine,
        "INSERT INTO doctor_patient_assignments (doctor_id, patient_id) VALUES (:d, :p)"
        " RETURNING id",
        d=doctor, p=p,
    )  # fmt: skip
    with pytest.raises(IntegrityError) as err:
        await _exec(
            engine,
            "INSERT INTO doctor_patient_assignments (doctor_id, patient_id, is_active)"
            " VALUES (:d, :p, false)",
            d=doctor, p=p,
        )  # fmt: skip
    assert _constraint(err.value) == "uq_doctor_patient_assignments_doctor_id_patient_id"
    assert await _one(engine, "SELECT count(*) FROM doctor_patient_assignments") == 1
    assert first is not None


@pytest.mark.parametrize(
    "values",
    [
        "today_chat_id = 1",
        "today_message_id = 5",
        "today_chat_id = 1, today_message_id = 5",
        "today_day = '2030-03-04'",
    ],
)
async def test_the_today_message_is_whole_or_none(engine, visit, values) -> None:
    with pytest.raises(IntegrityError) as err:
        await _exec(engine, f"UPDATE doctors SET {values} WHERE id = :d", d=visit["doctors"][0])
    assert _constraint(err.value) == "ck_doctors_today_message_whole"
    await _exec(
        engine,
        "UPDATE doctors SET today_chat_id = 1, today_message_id = 5, today_day = '2030-03-04'"
        " WHERE id = :d",
        d=visit["doctors"][0],
    )


async def test_the_digest_defaults_to_0730_and_one_a_doctor_a_day(engine, visit) -> None:
    assert await _one(
        engine, "SELECT digest_at FROM doctors WHERE id = :d", d=visit["doctors"][0]
    ) == time(7, 30)  # fmt: skip
    insert = (
        "INSERT INTO notifications (user_id, kind, payload, due_at, not_before, dedupe_key)"
        " VALUES (:u, 'doctor.morning_digest', '{}', :t, :t, 'digest:x:2030-03-04')"
    )
    await _exec(engine, insert, u=visit["doctor_users"][0], t=START)
    with pytest.raises(IntegrityError):
        await _exec(engine, insert, u=visit["doctor_users"][0], t=START + timedelta(hours=1))
    with pytest.raises(IntegrityError):
        await _exec(
            engine,
            "INSERT INTO notifications (user_id, kind, payload, due_at, not_before)"
            " VALUES (:u, 'doctor.digest', '{}', :t, :t)",
            u=visit["doctor_users"][0], t=START,
        )  # fmt: skip


async def test_the_job_writes_each_doctors_next_digest_once(
    engine, visit, session_factory, monkeypatch
) -> None:
    monkeypatch.setattr(digest, "BATCH", 1)  # a transaction a doctor: the batches join up
    six = datetime(2030, 3, 4, 6, 0, tzinfo=START.tzinfo)  # Monday 06:00 London (GMT)
    assert await digest.enqueue_digests(session_factory, now=six) == 2
    assert await digest.enqueue_digests(session_factory, now=six) == 2
    rows = await _exec(
        engine, "SELECT due_at FROM notifications WHERE kind = 'doctor.morning_digest'"
    )
    assert sorted(r[0] for r in rows) == [six + timedelta(minutes=90)] * 2
    await _exec(engine, "UPDATE doctors SET digest_at = NULL WHERE id = :d", d=visit["doctors"][1])
    await _exec(engine, "DELETE FROM notifications")
    assert await digest.enqueue_digests(session_factory, now=six) == 1


async def test_refreshes_coalesce_per_doctor_until_one_is_claimed(
    engine, visit, session_factory
) -> None:
    doctor = visit["doctors"][0]
    await _exec(
        engine,
        "UPDATE doctors SET today_chat_id = 500, today_message_id = 7, today_day = :day"
        " WHERE id = :d",
        d=doctor, day=START.date(),
    )  # fmt: skip

    async def refresh(starts_at: datetime) -> None:
        async with session_factory() as session, session.begin():
            await live_today.refresh_today(
                session, doctor_id=doctor, starts_at=starts_at, now=START
            )

    async def count() -> int:
        return await _one(
            engine, "SELECT count(*) FROM notifications WHERE kind = 'doctor.today_refresh'"
        )

    await refresh(START)
    await refresh(START + timedelta(hours=2))
    assert await count() == 1  # the waiting one will read the day as it is then
    await refresh(START + timedelta(days=1))  # another day than the one shown
    assert await count() == 1
    await _exec(
        engine,
        "UPDATE notifications SET claimed_by = 'w', claimed_until = :t"
        " WHERE kind = 'doctor.today_refresh'",
        t=START + timedelta(minutes=1),
    )
    await refresh(START)  # the claimed one may have read the day before this change
    assert await count() == 2
    await refresh(START)
    assert await count() == 2
