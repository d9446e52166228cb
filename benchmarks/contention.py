"""Many patients racing for few places, through the real `book_slot`.

`--attempts` distinct patients try to book `--slots` slots of capacity 1, several
attempts per slot, all at once over a pool of `--pool` connections. Attempts on one
slot are launched next to each other, so they really are in flight together and
queue on the slot's row lock. Afterwards SQL checks the invariants: exactly one
appointment per slot, no slot over capacity, `booked_count` equal to the slot's
active appointments, and no patient with overlapping active appointments.

    .venv/bin/python -m benchmarks.contention [--attempts 500] [--slots 50] [--pool 20]

Exits 1 when an invariant fails or an attempt ends in an unexpected error.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
from db.engine import SessionFactory, make_session_factory
from db.models import ACTIVE_APPOINTMENT_SQL
from services.booking import book_slot
from services.errors import SlotTaken
from services.policy import Actor, Role

SLOTS_PER_DOCTOR = 10  # under the doctors' daily limit, so only the slot race can refuse
VISIT = timedelta(minutes=30)


@dataclass(frozen=True)
class Arena:
    slot_ids: list[uuid.UUID]
    patient_ids: list[uuid.UUID]
    now: datetime


async def prepare(factory: SessionFactory, *, slots: int, patients: int) -> Arena:
    """One clinic, enough doctors for `slots` capacity-1 slots two days ahead, and patients."""
    tag = run_tag()
    now = datetime.now(UTC).replace(microsecond=0)
    day = datetime.combine(now.date() + timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    doctors = -(-slots // SLOTS_PER_DOCTOR)
    async with factory() as session, session.begin():
        clinic_id = await session.scalar(
            text(
                "INSERT INTO clinics (name, address, city, timezone) "
                "VALUES (:name, '1 Bench St', 'London', 'Europe/London') RETURNING id"
            ),
            {"name": f"Contention Clinic {tag}"},
        )
        specialty_id = await session.scalar(
            text("INSERT INTO specialties (name) VALUES (:name) RETURNING id"),
            {"name": f"Contention {tag}"},
        )
        doctor_ids = await column(
            session,
            "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number) "
            "SELECT :clinic, :specialty, 'Dr. Bench ' || i, :tag || '-' || i "
            "FROM generate_series(1, :n) AS i ORDER BY i RETURNING id",
            {"clinic": clinic_id, "specialty": specialty_id, "tag": tag, "n": doctors},
        )
        slot_ids = await column(
            session,
            "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at) "
            "SELECT d.id, :clinic, "
            "       CAST(:first AS timestamptz) + j * CAST(:visit AS interval), "
            "       CAST(:first AS timestamptz) + (j + 1) * CAST(:visit AS interval) "
            "FROM unnest(CAST(:doctors AS uuid[])) WITH ORDINALITY AS d(id, k), "
            "     generate_series(0, :per_doctor - 1) AS j "
            "WHERE (d.k - 1) * :per_doctor + j < :slots "
            "ORDER BY d.k, j RETURNING id",
            {
                "clinic": clinic_id,
                "first": day + timedelta(hours=9),
                "visit": VISIT,
                "doctors": doctor_ids,
                "per_doctor": SLOTS_PER_DOCTOR,
                "slots": slots,
            },
        )
        patient_ids = await column(
            session,
            "WITH u AS ("
            "  INSERT INTO users (full_name, phone, privacy_accepted_at) "
            "  SELECT 'Bench Patient ' || i, '+4479' || lpad(i::text, 8, '0'), :now "
            "  FROM generate_series(1, :n) AS i RETURNING id) "
            "INSERT INTO patients (user_id) SELECT id FROM u RETURNING id",
            {"n": patients, "now": now},
        )
    return Arena(slot_ids=slot_ids, patient_ids=patient_ids, now=now)


# Each check counts rows that break an invariant, limited to this run's slots and patients.
_CHECKS = {
    "slots_over_capacity": f"""
        SELECT count(*) FROM appointment_slots s
        WHERE s.id = ANY(:slots) AND (s.booked_count > s.capacity OR s.capacity < (
            SELECT count(*) FROM appointments a
            WHERE a.slot_id = s.id AND a.{ACTIVE_APPOINTMENT_SQL}))
    """,
    "booked_count_mismatches": f"""
        SELECT count(*) FROM appointment_slots s
        WHERE s.id = ANY(:slots) AND s.booked_count <> (
            SELECT count(*) FROM appointments a
            WHERE a.slot_id = s.id AND a.{ACTIVE_APPOINTMENT_SQL})
    """,
    "patient_overlaps": f"""
        SELECT count(*) FROM appointments a JOIN appointments b
          ON b.patient_id = a.patient_id AND a.id < b.id
         AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
        WHERE a.patient_id = ANY(:patients)
          AND a.{ACTIVE_APPOINTMENT_SQL} AND b.{ACTIVE_APPOINTMENT_SQL}
    """,
}


async def check_invariants(factory: SessionFactory, arena: Arena) -> tuple[int, dict[str, int]]:
    """(active appointments in the run's slots, violations by kind)."""
    params = {"slots": arena.slot_ids, "patients": arena.patient_ids}
    async with factory() as session:
        created = await session.scalar(
            text(
                "SELECT count(*) FROM appointments "
                f"WHERE slot_id = ANY(:slots) AND {ACTIVE_APPOINTMENT_SQL}"
            ),
            params,
        )
        found = {
            name: int(await session.scalar(text(sql), params) or 0) for name, sql in _CHECKS.items()
        }
    return int(created or 0), found


async def run_contention(
    engine: AsyncEngine, *, attempts: int = 500, slots: int = 50, pool: int = 20
) -> dict[str, Any]:
    """Runs the race on `engine` (at most `pool` attempts in flight) and returns the report."""
    if attempts < 1 or slots < 1 or pool < 1:
        raise ValueError("attempts, slots and pool must be positive")
    factory = make_session_factory(engine)
    arena = await prepare(factory, slots=slots, patients=attempts)
    # Attempt i goes to slot i * slots // attempts: one slot's attempts are adjacent.
    plan = [(arena.patient_ids[i], arena.slot_ids[i * slots // attempts]) for i in range(attempts)]
    await warm_pool(engine, pool)
    gate = asyncio.Semaphore(pool)
    service: list[float] = []
    end_to_end: list[float] = []
    outcomes: Counter[str] = Counter()

    async def attempt(patient_id: uuid.UUID, slot_id: uuid.UUID) -> None:
        queued = time.perf_counter()
        async with gate:
            started = time.perf_counter()
            try:
                # Each attempt is the patient booking for themselves (no account needed).
                me = Actor(user_id=None, role=Role.patient, patient_id=patient_id)
                await book_slot(
                    factory, actor=me, patient_id=patient_id, slot_id=slot_id, now=arena.now
                )
                outcomes["booked"] += 1
            except SlotTaken:
                outcomes["slot_taken"] += 1
            except Exception as exc:  # counted and reported, never hidden
                outcomes[f"error:{type(exc).__name__}"] += 1
            done = time.perf_counter()
        service.append(done - started)
        end_to_end.append(done - queued)

    note(f"{attempts} attempts on {slots} slots, {pool} at a time")
    with Stopwatch() as wall:
        await asyncio.gather(*(attempt(p, s) for p, s in plan))

    created, violations = await check_invariants(factory, arena)
    errors = {k.removeprefix("error:"): v for k, v in outcomes.items() if k.startswith("error:")}
    expected = min(slots, attempts)  # distinct patients: every slot has a winner
    overlaps = sum(violations.values())
    seconds = wall.seconds
    return {
        "benchmark": "contention",
        "attempts": attempts,
        "slots": slots,
        "pool": pool,
        "appointments_created": created,
        "successful_attempts": outcomes["booked"],
        "slot_taken": outcomes["slot_taken"],
        "other_errors": sum(errors.values()),
        "other_error_kinds": errors,
        "overlaps": overlaps,
        "overlap_checks": violations,
        "invariants_ok": created == expected == outcomes["booked"] and overlaps == 0,
        "wall_seconds": round(seconds, 3),
        "attempts_per_second": round(attempts / seconds, 1),
        "bookings_per_second": round(outcomes["booked"] / seconds, 1),
        # Inside the pool's gate (connection + transaction), and including the wait for it.
        "latency_ms": latency_ms(service),
        "latency_with_queue_ms": latency_ms(end_to_end),
        "machine": machine(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=500, help="booking attempts (patients)")
    parser.add_argument("--slots", type=int, default=50, help="capacity-1 slots to fight over")
    parser.add_argument("--pool", type=int, default=20, help="database connections")
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=args.pool)
    try:
        return await run_contention(
            engine, attempts=args.attempts, slots=args.slots, pool=args.pool
        )
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database() as url:
        result = asyncio.run(_main(url, args))
    emit(result)
    if not result["invariants_ok"] or result["other_errors"]:
        note("FAILED: invariants broken or unexpected errors (see the JSON)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
