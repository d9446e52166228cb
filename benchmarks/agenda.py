"""The doctor's day at scale, through the real services.

Loads `--doctors` doctors (four clinics in four time zones, weekday hours) with `--days`
days of appointments around "now" — `--per-day` visits each weekday, the past ones done,
the rest booked; 1,000 doctors × 365 days × 10 a weekday is about 2.6 million
appointments — drawn from a pool of patients. One patient has 50 earlier visits with
doctor 0, each with its record. Everything is made in SQL with generate_series; as a
superuser (the embedded cluster) the row triggers are switched off for the load.

Then, on a warm pool, it times `--queries` calls of:

* today's list of a random doctor: `services.doctor_day.doctor_today`
* a week's agenda of a random doctor: `services.doctor_day.doctor_agenda`
* the card of the visit with 50 earlier visits and records: `services.visit_records.visit_card`
  (a transaction each: it writes its audit row)

and once, end to end through `services.time_off.take`: a doctor's time off over a day with
`TIME_OFF_VISITS` booked visits (each of another patient) — the time off, its slots closed
and written down, the visits cancelled with their audit rows and one outbox message queued
per patient (not sent), in one transaction.

    .venv/bin/python -m benchmarks.agenda [--doctors 1000] [--days 365] [--per-day 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import (
    Stopwatch,
    bench_database,
    column,
    emit,
    latency_ms,
    machine,
    make_bench_engine,
    note,
    run_tag,
    warm_pool,
)
from db.engine import autocommit_engine, make_session_factory, reading
from services.doctor_day import doctor_agenda, doctor_today
from services.policy import Actor, Role
from services.time_off import take as take_time_off
from services.visit_records import visit_card

TARGET_LIST_P99_MS = 5.0
TARGET_CARD_P99_MS = 10.0
TARGET_TIME_OFF_SECONDS = 1.0
TIME_OFF_VISITS = 40
ZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo")
NOW = datetime(2030, 3, 6, 11, 0, tzinfo=UTC)  # a Wednesday
EARLIER = 50


async def load(engine: AsyncEngine, *, doctors: int, days: int, per_day: int) -> dict[str, Any]:
    """The practice, its appointments and the patient with a long history."""
    tag = run_tag()
    first = (NOW - timedelta(days=days // 2)).replace(hour=0)
    factory = make_session_factory(engine)
    async with factory() as session, session.begin():
        superuser = await session.scalar(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        )
        if superuser:
            await session.execute(text("SET LOCAL session_replication_role = replica"))
        spec = (await column(session, "INSERT INTO specialties (name) VALUES (:n) RETURNING id",
                             {"n": f"Bench {tag}"}))[0]  # fmt: skip
        clinics = await column(
            session,
            "INSERT INTO clinics (name, address, city, timezone) SELECT 'Bench ' || :tag || i,"
            " '1 Main St', 'City', (CAST(:zones AS text[]))[i + 1]"
            " FROM generate_series(0, 3) AS i ORDER BY i RETURNING id",
            {"tag": tag, "zones": list(ZONES)},
        )
        doctor_ids = await column(
            session,
            "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number,"
            " max_patients_per_day) SELECT (CAST(:clinics AS uuid[]))[i % 4 + 1], :spec,"
            " 'Dr Bench ' || i, 'B-' || :tag || '-' || i, 200"
            " FROM generate_series(0, :n - 1) AS i ORDER BY i RETURNING id",
            {"clinics": clinics, "spec": spec, "tag": tag, "n": doctors},
        )
        await session.execute(
            text(
                "INSERT INTO doctor_schedules (doctor_id, weekday, start_time, end_time)"
                " SELECT d, w, '08:00', '20:00' FROM unnest(CAST(:ids AS uuid[])) AS d,"
                " generate_series(0, 4) AS w"
            ),
            {"ids": doctor_ids},
        )
        pool = max(100, doctors * 20)
        patients = await column(
            session,
            "WITH u AS (INSERT INTO users (telegram_user_id, full_name, phone)"
            " SELECT 8000000000 + i, 'Patient ' || i, '+4479110' || lpad(i::text, 5, '0')"
            " FROM generate_series(0, :n - 1) AS i RETURNING id)"
            " INSERT INTO patients (user_id, date_of_birth, allergies)"
            " SELECT id, DATE '1950-01-01' + (abs(hashtext(id::text)) % 20000),"
            " CASE WHEN abs(hashtext(id::text)) % 7 = 0 THEN 'Pollen' END FROM u RETURNING id",
            {"n": pool},
        )
        with Stopwatch() as sw:
            await session.execute(
                text(
                    "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at,"
                    " booked_count)"
                    " SELECT d.id, d.clinic_id, t, t + interval '30 minutes', 1"
                    " FROM doctors d, generate_series(0, :days - 1) AS day,"
                    " generate_series(0, :per_day - 1) AS k,"
                    " LATERAL (SELECT CAST(:first AS timestamptz) + day * interval '1 day'"
                    "   + interval '7 hours' + k * interval '40 minutes' AS t) AS ts"
                    " WHERE d.id = ANY(CAST(:ids AS uuid[])) AND extract(isodow FROM t) < 6"
                ),
                {"days": days, "per_day": per_day, "first": first, "ids": doctor_ids},
            )
            await session.execute(
                text(
                    "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id,"
                    " starts_at, ends_at, status, status_changed_at, reason)"
                    " SELECT (CAST(:patients AS uuid[]))"
                    "[1 + abs(hashtext(s.id::text)) % (:pool - 1)],"
                    " s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at,"
                    " CASE WHEN s.ends_at < :now THEN 'completed' ELSE 'scheduled' END,"
                    " CASE WHEN s.ends_at < :now THEN s.ends_at END, 'Check-up'"
                    " FROM appointment_slots s WHERE s.doctor_id = ANY(CAST(:ids AS uuid[]))"
                ),
                {"patients": patients, "pool": pool, "now": NOW, "ids": doctor_ids},
            )
        # The patient with a long history (the last of the pool, whom the random draw above
        # leaves out): weekly visits at 20:00 UTC, each with a record, and one today.
        history = await column(
            session,
            "WITH s AS (INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at,"
            " booked_count) SELECT d.id, d.clinic_id,"
            " CAST(:at AS timestamptz) - w * interval '7 days',"
            " CAST(:at AS timestamptz) - w * interval '7 days' + interval '30 minutes', 1"
            " FROM doctors d, generate_series(0, :n) AS w WHERE d.id = :doctor RETURNING *)"
            " INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at,"
            " ends_at, status, status_changed_at, reason)"
            " SELECT :patient, s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at,"
            " CASE WHEN s.starts_at < :now THEN 'completed' ELSE 'scheduled' END,"
            " CASE WHEN s.starts_at < :now THEN s.ends_at END, 'Follow-up' FROM s"
            " ORDER BY s.starts_at DESC RETURNING id",
            {"at": NOW.replace(hour=20), "n": EARLIER, "doctor": doctor_ids[0],
             "patient": patients[-1], "now": NOW},
        )  # fmt: skip
        await session.execute(
            text(
                "INSERT INTO medical_records (patient_id, doctor_id, appointment_id, diagnosis,"
                " prescription, notes, editable_until)"
                " SELECT a.patient_id, a.doctor_id, a.id, 'Diagnosis ' || a.id,"
                " 'Prescription text', repeat('note ', 50), a.ends_at + interval '24 hours'"
                " FROM appointments a"
                " WHERE a.id = ANY(CAST(:ids AS uuid[])) AND a.status = 'completed'"
            ),
            {"ids": history},
        )
        total = await session.scalar(
            text("SELECT count(*) FROM appointments WHERE doctor_id = ANY(CAST(:ids AS uuid[]))"),
            {"ids": doctor_ids},
        )
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in ("appointments", "appointment_slots", "medical_records", "patients"):
            await conn.execute(text(f"ANALYZE {table}"))
    return {
        "doctors": doctor_ids,
        "clinics": clinics,
        "appointments": int(total or 0),
        "card_visit": history[0],
        "patients": patients[:TIME_OFF_VISITS],
        "load_seconds": round(sw.seconds, 2),
    }


async def time_off_day(
    engine: AsyncEngine, *, doctor_id: uuid.UUID, patients: list[uuid.UUID]
) -> dict[str, Any]:
    """Books one patient each into `len(patients)` slots of the doctor on the Saturday after
    NOW (a day the load leaves empty), then times the doctor's time off over that day."""
    factory = make_session_factory(engine)
    day = (NOW + timedelta(days=(5 - NOW.weekday()) % 7)).replace(hour=6, minute=0)
    async with factory() as session, session.begin():
        await session.execute(
            text(
                "WITH s AS (INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at,"
                " ends_at) SELECT d.id, d.clinic_id, CAST(:day AS timestamptz)"
                " + i * interval '15 minutes', CAST(:day AS timestamptz)"
                " + (i + 1) * interval '15 minutes'"
                " FROM doctors d, generate_series(0, :n - 1) AS i WHERE d.id = :doctor"
                " RETURNING id, doctor_id, clinic_id, starts_at, ends_at)"
                " INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id,"
                " starts_at, ends_at, reason)"
                " SELECT (CAST(:patients AS uuid[]))[row_number() OVER (ORDER BY s.starts_at)],"
                " s.doctor_id, s.clinic_id, s.id, s.starts_at, s.ends_at, 'Check-up' FROM s"
            ),
            {"day": day, "n": len(patients), "doctor": doctor_id, "patients": patients},
        )
    started = perf_counter()
    out = await take_time_off(
        factory, actor=_actor(doctor_id), starts_at=day.replace(hour=0),
        ends_at=day.replace(hour=0) + timedelta(days=1), now=NOW,
    )  # fmt: skip
    seconds = perf_counter() - started
    async with factory() as session:
        queued = await session.scalar(
            text(
                "SELECT count(*) FROM notifications WHERE kind = 'appointment.cancelled_by_doctor'"
                " AND status = 'pending' AND appointment_id = ANY(CAST(:ids AS uuid[]))"
            ),
            {"ids": out.cancelled_appointment_ids},
        )
    return {
        "seconds": round(seconds, 3),
        "visits": len(out.cancelled_appointment_ids),
        "slots_closed": out.deactivated_slots,
        "messages_queued": int(queued or 0),
    }


def _actor(doctor_id: uuid.UUID, clinic_id: uuid.UUID | None = None) -> Actor:
    return Actor(user_id=None, role=Role.doctor, doctor_id=doctor_id, doctor_clinic_id=clinic_id)


async def run_agenda(
    engine: AsyncEngine, *, doctors: int, days: int, per_day: int, queries: int, seed: int = 7
) -> dict[str, Any]:
    practice = await load(engine, doctors=doctors, days=days, per_day=per_day)
    note(f"loaded {practice['appointments']} appointments in {practice['load_seconds']} s")
    rng = random.Random(seed)
    reader = autocommit_engine(engine)
    factory = make_session_factory(engine)
    await warm_pool(engine, 2)
    today_s, week_s, card_s, empty_s = [], [], [], []
    week_first = NOW.date() - timedelta(days=NOW.weekday())
    for _ in range(queries):
        actor = _actor(rng.choice(practice["doctors"]))
        async with reading(reader) as conn:
            started = perf_counter()
            await conn.execute(text("SELECT 1"))  # what a round trip costs on this machine
            empty_s.append(perf_counter() - started)
            started = perf_counter()
            await doctor_today(conn, actor=actor, now=NOW)
            today_s.append(perf_counter() - started)
            actor = _actor(rng.choice(practice["doctors"]))
            started = perf_counter()
            await doctor_agenda(conn, actor=actor, first=week_first,
                                last=week_first + timedelta(days=6), now=NOW)  # fmt: skip
            week_s.append(perf_counter() - started)
        started = perf_counter()
        card = await visit_card(factory, actor=_actor(practice["doctors"][0]),
                                appointment_id=practice["card_visit"], now=NOW)  # fmt: skip
        card_s.append(perf_counter() - started)
    today, week, card_ms = latency_ms(today_s), latency_ms(week_s), latency_ms(card_s)
    time_off = await time_off_day(
        engine, doctor_id=practice["doctors"][1 % len(practice["doctors"])],
        patients=practice["patients"],
    )  # fmt: skip
    return {
        "benchmark": "agenda",
        "doctors": doctors,
        "days": days,
        "per_day": per_day,
        "appointments": practice["appointments"],
        "load_seconds": practice["load_seconds"],
        "queries": queries,
        "today": {"p50_ms": today["p50"], "p99_ms": today["p99"], "max_ms": today["max"]},
        "agenda_week": {"p50_ms": week["p50"], "p99_ms": week["p99"], "max_ms": week["max"]},
        "visit_card": {
            "p50_ms": card_ms["p50"],
            "p99_ms": card_ms["p99"],
            "max_ms": card_ms["max"],
            "earlier_visits": len(card.earlier),
            "records": sum(1 for e in card.earlier if e.record),
        },
        "time_off": time_off,
        "empty_call_baseline_ms": latency_ms(empty_s),
        "targets": {"list_p99_ms": TARGET_LIST_P99_MS, "card_p99_ms": TARGET_CARD_P99_MS,
                    "time_off_seconds": TARGET_TIME_OFF_SECONDS},
        "target_met": today["p99"] <= TARGET_LIST_P99_MS and week["p99"] <= TARGET_LIST_P99_MS
        and card_ms["p99"] <= TARGET_CARD_P99_MS
        and time_off["seconds"] <= TARGET_TIME_OFF_SECONDS,
        "machine": machine(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=10)
    parser.add_argument("--queries", type=int, default=500)
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=4)
    try:
        return await run_agenda(engine, doctors=args.doctors, days=args.days,
                                per_day=args.per_day, queries=args.queries)  # fmt: skip
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database() as url:
        emit(asyncio.run(_main(url, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
