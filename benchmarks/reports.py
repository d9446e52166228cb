"""/report at scale, through the real services (`services.reports.report_for`,
`services.report_export.export_csv`).

Loads `--doctors` doctors in `--clinics` clinics (four time zones) with a year of
weekday slots (`--per-day` each, 30 minutes) and an appointment in nearly every one
(1,000 doctors × 261 weekdays × 10 ≈ 2.5 million): past ones done, missed or cancelled —
by each kind of user, for each kind of reason — the rest booked, made through each channel,
booked up to two months ahead. All in SQL with generate_series; as a superuser (the
embedded cluster) the row triggers are switched off for the load.

Then, on a warm pool, it times `--queries` reports of a random clinic over a random quarter
(each one transaction with its audit row, as in the bot), exports one clinic's whole year as
CSV into a spooled temporary file (as the bot does) and reads the process's peak RSS
(`resource.getrusage`) and the export's peak Python allocation (`tracemalloc`), and draws
the chart of one quarter. Finally it runs the audit log's and the patient search's
benchmarks (benchmarks/audit_log.py, benchmarks/patient_search.py) in the same database at
`--audit-rows` and `--patients` (smaller than their own defaults, to keep the run short).

    .venv/bin/python -m benchmarks.reports [--doctors 1000] [--clinics 20] [--per-day 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import tempfile
import tracemalloc
from datetime import UTC, date, datetime
from time import perf_counter
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks import audit_log, patient_search
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
from db.engine import make_session_factory
from services.policy import Actor, Role
from services.report_export import export_csv
from services.reports import Report, report_for

TARGET_REPORT_P99_MS = 300.0
TARGET_CSV_PEAK_RSS_MB = 150.0
ZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo")
YEAR = 2029
NOW = datetime(YEAR + 1, 1, 15, 10, 0, tzinfo=UTC)
REASONS = ("Feeling better", "Can't make it", "Booked another time", "rescheduled",
           "time_off", None, "a sentence the patient typed")  # fmt: skip
VIA = ("patient", "patient", "patient", "staff", "admin", "doctor", "waitlist")

_APPOINTMENTS = """
INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at,
    status, status_changed_at, cancelled_at, cancelled_by, cancellation_reason, created_via,
    created_at, reason)
SELECT (CAST(:patients AS uuid[]))[1 + x.h % :pool], s.doctor_id, s.clinic_id, s.id,
    s.starts_at, s.ends_at, x.status,
    CASE WHEN x.status IN ('completed', 'no_show') THEN s.ends_at END,
    CASE WHEN x.status = 'cancelled' THEN s.starts_at - interval '1 day' END,
    CASE WHEN x.status = 'cancelled' THEN (CAST(:cancellers AS uuid[]))[1 + x.h / 7 % 5] END,
    CASE WHEN x.status = 'cancelled' THEN (CAST(:reasons AS text[]))[1 + x.h / 11 % 7] END,
    (CAST(:via AS text[]))[1 + x.h / 13 % 7],
    s.starts_at - (x.h / 17 % 60) * interval '1 day' - (x.h % 24) * interval '1 hour',
    'Check-up'
FROM appointment_slots s,
LATERAL (SELECT abs(hashtext(s.id::text)) AS h) AS hh,
LATERAL (SELECT hh.h, CASE
    WHEN hh.h % 100 < 8 THEN 'cancelled'
    WHEN s.ends_at >= :now THEN 'scheduled'
    WHEN hh.h % 100 < 13 THEN 'no_show'
    ELSE 'completed' END AS status) AS x
WHERE s.clinic_id = :clinic AND hh.h % 25 <> 0
"""


async def load(engine: AsyncEngine, *, doctors: int, clinics: int, per_day: int) -> dict:
    """The practice, a year of slots and their appointments; returns what the queries use."""
    tag = run_tag()
    factory = make_session_factory(engine)
    with Stopwatch() as sw:
        async with factory() as session, session.begin():
            if await session.scalar(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ):
                await session.execute(text("SET LOCAL session_replication_role = replica"))
            spec = (await column(session, "INSERT INTO specialties (name) VALUES (:n) RETURNING id",
                                 {"n": f"Bench {tag}"}))[0]  # fmt: skip
            clinic_ids = await column(
                session,
                "INSERT INTO clinics (name, address, city, timezone) SELECT"
                " 'Bench ' || :tag || ' ' || i, '1 Main St', 'City', (CAST(:zones AS text[]))"
                "[i % 4 + 1] FROM generate_series(0, :n - 1) AS i ORDER BY i RETURNING id",
                {"tag": tag, "zones": list(ZONES), "n": clinics},
            )
            await session.execute(
                text(
                    "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number,"
                    " max_patients_per_day) SELECT (CAST(:clinics AS uuid[]))[i % :c + 1],"
                    " :spec, 'Dr Bench ' || i, 'R-' || :tag || '-' || i, 200"
                    " FROM generate_series(0, :n - 1) AS i"
                ),
                {"clinics": clinic_ids, "c": clinics, "spec": spec, "tag": tag, "n": doctors},
            )
            cancellers = await column(
                session,
                "INSERT INTO users (full_name, role) SELECT 'Bench ' || :tag || ' ' || r, r"
                " FROM unnest(ARRAY['patient', 'doctor', 'staff', 'admin']) AS r RETURNING id",
                {"tag": tag},
            )
            pool = max(100, doctors * 20)
            patients = await column(
                session,
                "WITH u AS (INSERT INTO users (full_name) SELECT 'Patient ' || i"
                " FROM generate_series(1, :n) AS i RETURNING id)"
                " INSERT INTO patients (user_id) SELECT id FROM u RETURNING id",
                {"n": pool},
            )
        for n, clinic in enumerate(clinic_ids):  # a transaction per clinic: smaller WAL bursts
            async with factory() as session, session.begin():
                if await session.scalar(
                    text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                ):
                    await session.execute(text("SET LOCAL session_replication_role = replica"))
                await session.execute(
                    text(
                        "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at,"
                        " booked_count) SELECT d.id, d.clinic_id, t,"
                        " t + interval '30 minutes', 1 FROM doctors d,"
                        " generate_series(CAST(:first AS date), CAST(:last AS date),"
                        "   interval '1 day') AS day,"
                        " generate_series(0, :per_day - 1) AS k,"
                        " LATERAL (SELECT (day::date + time '08:00' + k * interval '40 minutes')"
                        "   AT TIME ZONE c.timezone AS t FROM clinics c WHERE c.id = d.clinic_id)"
                        "   AS ts"
                        " WHERE d.clinic_id = :clinic AND extract(isodow FROM day) < 6"
                    ),
                    {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31),
                     "per_day": per_day, "clinic": clinic},
                )  # fmt: skip
                await session.execute(
                    text(_APPOINTMENTS),
                    {"patients": patients, "pool": pool, "cancellers": [*cancellers, None],
                     "reasons": list(REASONS), "via": list(VIA), "now": NOW, "clinic": clinic},
                )  # fmt: skip
            note(f"clinic {n + 1} of {clinics} loaded")
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in ("appointments", "appointment_slots", "users", "doctors"):
            await conn.execute(text(f"VACUUM ANALYZE {table}"))
        total = await conn.scalar(
            text("SELECT count(*) FROM appointments WHERE clinic_id = ANY(CAST(:c AS uuid[]))"),
            {"c": clinic_ids},
        )
    return {"clinics": clinic_ids, "appointments": int(total or 0), "load_seconds": sw.seconds}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


async def time_reports(
    engine: AsyncEngine, clinics: list, queries: int, seed: int
) -> tuple[dict[str, Any], Report | None]:
    factory = make_session_factory(engine)
    admin = Actor(user_id=None, role=Role.admin)
    rng = random.Random(seed)
    took: list[float] = []
    report = None
    for _ in range(queries):
        clinic, quarter = rng.choice(clinics), rng.randint(1, 4)
        started = perf_counter()
        async with factory() as session, session.begin():
            report = await report_for(session, actor=admin, clinic_id=clinic,
                                      period=f"Q{quarter} {YEAR}", now=NOW)  # fmt: skip
        took.append(perf_counter() - started)
    ms = latency_ms(took)
    out = {"p50_ms": ms["p50"], "p99_ms": ms["p99"], "max_ms": ms["max"], "queries": queries,
           "bookings_last": report.bookings if report else 0}  # fmt: skip
    return out, report


async def time_export(engine: AsyncEngine, clinic) -> dict[str, Any]:
    factory = make_session_factory(engine)
    admin = Actor(user_id=None, role=Role.admin)
    before = _peak_rss_mb()
    tracemalloc.start()
    started = perf_counter()
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as out:
        rows = await export_csv(factory, actor=admin, clinic_id=clinic, first=date(YEAR, 1, 1),
                                last=date(YEAR, 12, 31), out=out, now=NOW)  # fmt: skip
        size = out.tell()
    seconds = perf_counter() - started
    _current, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "bytes": size, "seconds": round(seconds, 2),
            "peak_rss_mb": _peak_rss_mb(), "peak_rss_before_mb": before,
            "python_peak_mb": round(python_peak / 2**20, 1)}  # fmt: skip


async def run_reports(
    engine: AsyncEngine, *, doctors: int, clinics: int, per_day: int, queries: int,
    audit_rows: int, patients: int, seed: int = 7,
) -> dict[str, Any]:  # fmt: skip
    practice = await load(engine, doctors=doctors, clinics=clinics, per_day=per_day)
    note(f"loaded {practice['appointments']:,} appointments in {practice['load_seconds']:.0f} s")
    await warm_pool(engine, 2)
    timed, report = await time_reports(engine, practice["clinics"], queries, seed)
    csv_export = await time_export(engine, practice["clinics"][0])
    from handlers.admin.report_chart import bookings_per_day

    started = perf_counter()
    png = bookings_per_day("en", report) if report else b""
    chart_ms = round((perf_counter() - started) * 1000, 1)
    note("the audit log's pages")
    audit = await audit_log.run_audit(engine, rows=audit_rows, users=100, queries=50)
    note("the patient search")
    search = await patient_search.run_patient_search(engine, patients=patients, queries=50)
    return {
        "benchmark": "reports",
        "doctors": doctors,
        "clinics": clinics,
        "appointments": practice["appointments"],
        "load_seconds": round(practice["load_seconds"], 1),
        "report": timed,
        "csv_export": csv_export,
        "chart": {"ms": chart_ms, "png_bytes": len(png)},
        "audit_page": {"p99_ms": audit["audit_page"]["p99_ms"], "rows": audit_rows},
        "patient_search": {
            "p99_ms": max(search[k]["p99"] for k in search if k.startswith("by_")),
            "patients": patients,
        },
        "targets": {
            "report_p99_ms": TARGET_REPORT_P99_MS,
            "csv_peak_rss_mb": TARGET_CSV_PEAK_RSS_MB,
        },
        "target_met": timed["p99_ms"] <= TARGET_REPORT_P99_MS
        and csv_export["peak_rss_mb"] <= TARGET_CSV_PEAK_RSS_MB,
        "machine": machine(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctors", type=int, default=1000)
    parser.add_argument("--clinics", type=int, default=20)
    parser.add_argument("--per-day", type=int, default=10)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--audit-rows", type=int, default=1_000_000)
    parser.add_argument("--patients", type=int, default=200_000)
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=2)
    try:
        return await run_reports(
            engine, doctors=args.doctors, clinics=args.clinics, per_day=args.per_day,
            queries=args.queries, audit_rows=args.audit_rows, patients=args.patients,
        )  # fmt: skip
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database() as url:
        emit(asyncio.run(_main(url, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
