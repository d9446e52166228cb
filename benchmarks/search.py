"""Free-slot search at scale, through the real query services.

Loads `--doctors` doctors (about 20 specialties, 10 clinics in four time zones) with
`--days` days of slots — 22 half-hour slots a weekday, 08:00–12:00 and 13:00–20:00
local time, about 1.4 million slots for 1,000 doctors over 90 days — of which about
10% are fully booked by real appointments. Every seventh doctor takes at most two
patients a day (`max_patients_per_day`), so about two thirds of their days are full
and the searches must skip those days' free-looking slots. Everything is made in SQL
with generate_series. As a superuser (the embedded cluster) the row triggers are
switched off for the load (the doctors' full days are then filled in one statement)
and every invariant they guard is checked set-wise afterwards; otherwise the rows go
through the triggers, about twice as slowly.
Then, on a warm pool, it times `--queries` random calls of each search the
patient's flow makes:

* next free slots of a specialty: `services.slots.next_free_slots(specialty_id=..., limit=10)`
* free slots of a doctor on a day: `services.slots.free_slots_for_doctor_day(...)`
* a specialty's doctors list, first page, with each doctor's next bookable time:
  `services.catalog.list_doctors(...)` + `services.availability.next_free_times(...)`
  (one batched query for the page)
* the free-text shortcut, parsing + search, as its handler calls it:
  `services.shortcut.find_offers(text=...)` on sentences such as "I need a dermatologist
  next Monday morning" or "cardiologist in Tokyo on Friday" (see SENTENCES)

and prints one plan of each query (EXPLAIN ANALYZE) to stderr, with which of the partial
indexes ix_appointment_slots_free_by_* it uses. Doctors have realistic names (2,000
distinct), and the specialties their plain names in a fresh database, so the shortcut's
matching works on a realistic catalogue.

    .venv/bin/python -m benchmarks.search [--doctors 1000] [--days 90] [--queries 500]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

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
)
from db.engine import SessionFactory, autocommit_engine, make_session_factory, reading
from db.models import ACTIVE_APPOINTMENT_SQL
from services import availability, catalog, search, shortcut
from services.slots import (
    first_free_starts_statement,
    free_slots_for_doctor_day,
    free_slots_for_doctor_day_query,
    next_free_slots,
    next_free_slots_query,
)

TARGET_P99_MS = 5.0  # the availability queries, with the daily limit applied
SHORTCUT_TARGET_P99_MS = 25.0
LIST_PAGE = 8  # doctors on a page of a list (handlers.keyboards.PER_PAGE)
READER_TZ = ZoneInfo("Europe/London")  # CARESLOT_TIMEZONE of the bot being measured
SPECIALTIES = (
    "Allergy", "Cardiology", "Dentistry", "Dermatology", "Endocrinology", "ENT",
    "Gastroenterology", "General Practice", "Gynaecology", "Haematology", "Nephrology",
    "Neurology", "Oncology", "Ophthalmology", "Orthopaedics", "Paediatrics", "Psychiatry",
    "Pulmonology", "Rheumatology", "Urology",
)  # fmt: skip
# Doctor i is FIRST_NAMES[i % 40] LAST_NAMES[i // 40 % 50]: 2,000 distinct names, and the
# name matching of the free-text shortcut works on a realistic vocabulary.
FIRST_NAMES = (
    "Emma", "Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Sophia", "Liam",
    "Mia", "Lucas", "Olivia", "Jack", "Grace", "Leo", "Lily", "Oscar", "Freya", "Arthur",
    "Ella", "Henry", "Chloe", "Theo", "Ivy", "Jacob", "Ruby", "Alfie", "Zara", "Samuel",
    "Anna", "Daniel", "Maya", "Adam", "Nora", "Elias", "Clara", "Felix", "Hanna", "Omar",
)
LAST_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell",
    "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Garcia", "Martinez", "Miller", "Moore",
    "Schmidt", "Fischer", "Weber", "Becker", "Tanaka", "Suzuki", "Sato", "Kowalski", "Novak",
    "Horvat", "Rossi", "Bianchi", "Dubois", "Laurent",
)
CLINIC_ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
CLINICS = 10
# Local start times of a weekday's slots: 08:00–12:00 and 13:00–20:00, half-hourly.
SLOT_TIMES = [time(m // 60, m % 60) for m in [*range(480, 720, 30), *range(780, 1200, 30)]]
VISIT = timedelta(minutes=30)
BOOKED_SHARE = 0.10
# Doctor i with i % LIMITED_EVERY == 0 takes at most LIMITED_MOST patients a day (the
# others the column's default, 20, never reached here); 7 is prime to the 20 specialties,
# so every specialty has some.
LIMITED_EVERY = 7
LIMITED_MOST = 2
DEFAULT_MOST = 20
PATIENTS = 10_000
_PATIENTS_PER_TRANSACTION = 2_000
INDEX_FREE_BY_TIME = "ix_appointment_slots_free_by_time"
INDEX_FREE_BY_DOCTOR = "ix_appointment_slots_free_by_doctor"


@dataclass(frozen=True)
class Practice:
    """What the loader made: ids to pick random query parameters from."""

    specialty_ids: list[uuid.UUID]
    doctor_ids: list[uuid.UUID]
    first_day: date
    days: int
    slots: int
    booked: int
    full_days: int  # doctor-days at the doctor's daily limit
    bulk: bool  # loaded with the row triggers off (then verified set-wise)
    specialty_names: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)


async def load_practice(
    engine: AsyncEngine, *, doctors: int, days: int, bulk: bool | None = None
) -> Practice:
    """Specialties, clinics, doctors, slots, patients and ~10% booked slots, all in SQL.

    `bulk` switches the row triggers off for the load; by default, when the role may.
    """
    factory = make_session_factory(engine)
    tag = run_tag()
    first_day = datetime.now(UTC).date() + timedelta(days=1)
    async with factory() as session, session.begin():
        # The specialties' own names when they are free (a fresh database), so a sentence
        # such as "a dermatologist" finds them; tagged beside an earlier run's.
        taken = await session.scalar(
            text("SELECT count(*) FROM specialties WHERE name = ANY(:names)"),
            {"names": list(SPECIALTIES)},
        )
        specialty_ids = await column(
            session,
            "INSERT INTO specialties (name) "
            "SELECT CASE WHEN :plain THEN n ELSE n || ' (' || :tag || ')' END "
            "FROM unnest(CAST(:names AS text[])) AS n RETURNING id",
            {"tag": tag, "names": list(SPECIALTIES), "plain": not taken},
        )
        clinic_ids = await column(
            session,
            "INSERT INTO clinics (name, address, city, timezone, booking_horizon_days) "
            "SELECT 'Clinic ' || i || ' (' || :tag || ')', i || ' Bench Road', "
            "       replace(split_part(z, '/', 2), '_', ' '), z, 120 "
            "FROM generate_series(0, :n - 1) AS i, "
            "     LATERAL (SELECT (CAST(:zones AS text[]))[1 + i % :nz]) AS t(z) "
            "ORDER BY i RETURNING id",
            {"tag": tag, "n": CLINICS, "zones": list(CLINIC_ZONES), "nz": len(CLINIC_ZONES)},
        )
        # Doctor i: specialty i % 20, clinic (i / 20) % 10 — every specialty has doctors
        # even in small runs, and with 200 doctors or more every clinic has every specialty.
        doctor_ids = await column(
            session,
            "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number, "
            "                     max_patients_per_day) "
            "SELECT (CAST(:clinics AS uuid[]))[1 + (i / :ns) % :nc], "
            "       (CAST(:specialties AS uuid[]))[1 + i % :ns], "
            "       'Dr. ' || (CAST(:firsts AS text[]))[1 + i % :nf] || ' ' "
            "       || (CAST(:lasts AS text[]))[1 + (i / :nf) % :nl], 'B-' || :tag || '-' || i, "
            "       CASE WHEN i % :every = 0 THEN CAST(:few AS int) ELSE CAST(:most AS int) END "
            "FROM generate_series(0, :n - 1) AS i ORDER BY i RETURNING id",
            {
                "clinics": clinic_ids,
                "specialties": specialty_ids,
                "nc": len(clinic_ids),
                "ns": len(specialty_ids),
                "tag": tag,
                "n": doctors,
                "every": LIMITED_EVERY,
                "few": LIMITED_MOST,
                "most": DEFAULT_MOST,
                "firsts": list(FIRST_NAMES),
                "lasts": list(LAST_NAMES),
                "nf": len(FIRST_NAMES),
                "nl": len(LAST_NAMES),
            },
        )
    note(f"made {len(specialty_ids)} specialties, {len(clinic_ids)} clinics, {doctors} doctors")

    if bulk is None:
        async with engine.connect() as conn:
            bulk = bool(await conn.scalar(text("SELECT current_setting('is_superuser') = 'on'")))
    if not bulk:
        note("not a superuser: loading through the row triggers (slower)")
    with Stopwatch() as sw:
        slots = await _insert_slots(engine, doctor_ids, first_day, days, bulk=bulk)
    note(f"inserted {slots} slots in {sw.seconds:.1f} s")
    with Stopwatch() as sw:
        booked = await _book_some(engine, doctor_ids, tag, bulk=bulk)
    note(f"booked {booked} slots in {sw.seconds:.1f} s")
    async with engine.begin() as conn:
        if bulk:  # what the full-day trigger would have done
            await conn.execute(
                text("SELECT careslot_rebuild_full_days(:doctors)"), {"doctors": doctor_ids}
            )
        full_days = int(
            await conn.scalar(
                text("SELECT count(*) FROM doctor_full_days WHERE doctor_id = ANY(:doctors)"),
                {"doctors": doctor_ids},
            )
            or 0
        )
    note(f"{full_days} doctor-days are full")
    async with engine.connect() as conn:
        names = await conn.execute(
            text("SELECT name FROM specialties WHERE id = ANY(:ids)"), {"ids": specialty_ids}
        )
        cities = await conn.execute(
            text("SELECT DISTINCT city FROM clinics WHERE id = ANY(:ids)"), {"ids": clinic_ids}
        )
        specialty_names = sorted(r[0] for r in names)
        city_names = sorted(r[0] for r in cities)
    return Practice(
        specialty_names=specialty_names,
        cities=city_names,
        specialty_ids=specialty_ids,
        doctor_ids=doctor_ids,
        first_day=first_day,
        days=days,
        slots=slots,
        booked=booked,
        full_days=full_days,
        bulk=bulk,
    )


async def _begin_load(conn: AsyncConnection, *, bulk: bool) -> None:
    """Settings of one loading transaction; `bulk` switches off the row triggers.

    session_replication_role = replica skips ordinary triggers (the invariant triggers
    and the foreign-key checks), which cost most of the load time; the data is made
    consistent by construction, and `verify_invariants` checks afterwards, set-wise,
    everything those triggers would have refused.
    """
    await conn.execute(text("SET LOCAL synchronous_commit = off"))
    if bulk:
        await conn.execute(text("SET LOCAL session_replication_role = replica"))


# Wall-clock times in each clinic's zone (`timestamp AT TIME ZONE zone`), so slots keep
# their local hours across DST changes, as the generator makes them. Latest first per
# doctor, as generate_slots inserts: the overlap trigger scans the doctor's slots that
# start before the new one ends, and in this order there are none.
_INSERT_SLOTS = """
    INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at)
    SELECT d.id, d.clinic_id, (day + t) AT TIME ZONE c.timezone,
           (day + t + CAST(:visit AS interval)) AT TIME ZONE c.timezone
    FROM doctors d
    JOIN clinics c ON c.id = d.clinic_id
    CROSS JOIN generate_series(CAST(:first AS timestamp),
                               CAST(:last AS timestamp), interval '1 day') AS day
    CROSS JOIN unnest(CAST(:times AS time[])) AS t
    WHERE d.id = ANY(:doctors) AND extract(isodow FROM day) < 6
    ORDER BY d.id, day DESC, t DESC
"""


async def _insert_slots(
    engine: AsyncEngine, doctor_ids: list[uuid.UUID], first_day: date, days: int, *, bulk: bool
) -> int:
    """The slots of the given doctors, in two halves on two connections (two cores)."""
    params = {
        "visit": VISIT,
        "first": datetime.combine(first_day, time.min),
        "last": datetime.combine(first_day + timedelta(days=days - 1), time.min),
        "times": SLOT_TIMES,
    }

    async def insert(part: list[uuid.UUID]) -> int:
        async with engine.begin() as conn:
            await _begin_load(conn, bulk=bulk)
            result = await conn.execute(text(_INSERT_SLOTS), {**params, "doctors": part})
            return int(result.rowcount)

    half = len(doctor_ids) // 2
    parts = [doctor_ids[:half], doctor_ids[half:]]
    return sum(await asyncio.gather(*(insert(p) for p in parts if p)))


# All slots sit on one half-hour grid (whole-hour zones), so two slots overlap only when
# they start together; at each start time every booking gets a different patient. A
# doctor's picks of one local day stop at their daily limit, as the limit trigger would.
_PICK_BOOKED = """
    CREATE TEMP TABLE bench_booked ON COMMIT PRESERVE ROWS AS
    WITH pool AS (
        SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS n
        FROM patients p JOIN users u ON u.id = p.user_id
        WHERE u.full_name LIKE 'Bench Patient ' || :tag || ' %'
    ), drawn AS (
        SELECT s.id, s.doctor_id, s.clinic_id, s.starts_at, s.ends_at, d.max_patients_per_day,
               row_number() OVER (
                   PARTITION BY s.doctor_id, (s.starts_at AT TIME ZONE c.timezone)::date
                   ORDER BY s.starts_at) AS nth
        FROM appointment_slots s
        JOIN doctors d ON d.id = s.doctor_id JOIN clinics c ON c.id = s.clinic_id
        WHERE s.doctor_id = ANY(:doctors) AND random() < :share
    ), picked AS (
        SELECT id, doctor_id, clinic_id, starts_at, ends_at,
               row_number() OVER (PARTITION BY starts_at ORDER BY doctor_id) AS k
        FROM drawn WHERE nth <= max_patients_per_day
    )
    SELECT picked.*, pool.id AS patient_id, pool.n
    FROM picked JOIN pool
      ON pool.n = (picked.k + extract(epoch FROM picked.starts_at)::bigint / 1800) % :patients
"""


async def _book_some(
    engine: AsyncEngine, doctor_ids: list[uuid.UUID], tag: str, *, bulk: bool
) -> int:
    """Books ~10% of the slots with real appointments of 10,000 patients.

    Through the triggers, the appointments go in batches of patients: the overlap
    trigger takes an advisory lock per patient until the transaction ends, and all
    10,000 in one transaction would overflow PostgreSQL's lock table.
    """
    async with engine.connect() as conn:
        async with conn.begin():
            await _begin_load(conn, bulk=bulk)
            await conn.execute(
                text(
                    "WITH u AS ("
                    "  INSERT INTO users (full_name) SELECT 'Bench Patient ' || :tag || ' ' || i "
                    "  FROM generate_series(1, :n) AS i RETURNING id) "
                    "INSERT INTO patients (user_id) SELECT id FROM u"
                ),
                {"tag": tag, "n": PATIENTS},
            )
            await conn.execute(
                text(_PICK_BOOKED),
                {"tag": tag, "doctors": doctor_ids, "share": BOOKED_SHARE, "patients": PATIENTS},
            )
        batch = PATIENTS if bulk else _PATIENTS_PER_TRANSACTION
        booked = 0
        for lo in range(0, PATIENTS, batch):
            async with conn.begin():
                await _begin_load(conn, bulk=bulk)
                result = await conn.execute(
                    text(
                        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, "
                        "                          starts_at, ends_at, created_via) "
                        "SELECT patient_id, doctor_id, clinic_id, id, starts_at, ends_at, "
                        "       'system' "
                        "FROM bench_booked WHERE n >= :lo AND n < :hi"
                    ),
                    {"lo": lo, "hi": lo + batch},
                )
                booked += int(result.rowcount)
                if bulk:  # what the counting trigger would have done
                    await conn.execute(
                        text(
                            "UPDATE appointment_slots s SET booked_count = s.booked_count + 1 "
                            "FROM bench_booked b WHERE s.id = b.id AND b.n >= :lo AND b.n < :hi"
                        ),
                        {"lo": lo, "hi": lo + batch},
                    )
        async with conn.begin():
            await conn.execute(text("DROP TABLE bench_booked"))
    return booked


# Each counts what an invariant trigger (or foreign key) would have refused, for this run.
# An interval overlaps an earlier one exactly when it starts before the latest end so far.
_VERIFY = {
    "slot_overlaps": """
        SELECT count(*) FROM (
            SELECT starts_at, max(ends_at) OVER (PARTITION BY doctor_id ORDER BY starts_at, id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end
            FROM appointment_slots WHERE doctor_id = ANY(:doctors) AND is_active) AS x
        WHERE latest_end > starts_at
    """,
    "slots_of_unknown_doctor_or_clinic": """
        SELECT count(*) FROM appointment_slots s
        LEFT JOIN doctors d ON d.id = s.doctor_id AND d.clinic_id = s.clinic_id
        WHERE s.doctor_id = ANY(:doctors) AND d.id IS NULL
    """,
    "booked_count_mismatches": f"""
        SELECT count(*) FROM appointment_slots s
        LEFT JOIN (SELECT slot_id, count(*) AS n FROM appointments
                   WHERE {ACTIVE_APPOINTMENT_SQL} GROUP BY slot_id) AS a ON a.slot_id = s.id
        WHERE s.doctor_id = ANY(:doctors)
          AND (s.booked_count <> coalesce(a.n, 0) OR s.booked_count > s.capacity)
    """,
    "appointments_not_matching_slot": """
        SELECT count(*) FROM appointments a
        LEFT JOIN appointment_slots s ON s.id = a.slot_id AND s.doctor_id = a.doctor_id
             AND s.clinic_id = a.clinic_id AND s.starts_at = a.starts_at AND s.ends_at = a.ends_at
        LEFT JOIN patients p ON p.id = a.patient_id
        WHERE a.doctor_id = ANY(:doctors) AND (s.id IS NULL OR p.id IS NULL)
    """,
    "patient_overlaps": f"""
        SELECT count(*) FROM (
            SELECT starts_at, max(ends_at) OVER (PARTITION BY patient_id ORDER BY starts_at, id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end
            FROM appointments WHERE {ACTIVE_APPOINTMENT_SQL}) AS x
        WHERE latest_end > starts_at
    """,
    "doctor_days_over_limit": f"""
        SELECT count(*) FROM (
            SELECT a.doctor_id, (a.starts_at AT TIME ZONE c.timezone)::date AS day,
                   count(*) AS n, min(d.max_patients_per_day) AS most
            FROM appointments a
            JOIN clinics c ON c.id = a.clinic_id JOIN doctors d ON d.id = a.doctor_id
            WHERE a.doctor_id = ANY(:doctors) AND {ACTIVE_APPOINTMENT_SQL}
            GROUP BY a.doctor_id, day) AS per_day
        WHERE n > most
    """,
    # doctor_full_days against the count it stands for, both ways.
    "full_days_mismatches": f"""
        WITH counted AS (
            SELECT a.doctor_id, (a.starts_at AT TIME ZONE c.timezone)::date AS day
            FROM appointments a
            JOIN clinics c ON c.id = a.clinic_id JOIN doctors d ON d.id = a.doctor_id
            WHERE a.doctor_id = ANY(:doctors) AND {ACTIVE_APPOINTMENT_SQL}
            GROUP BY 1, 2, d.max_patients_per_day HAVING count(*) >= d.max_patients_per_day
        ), kept AS (
            SELECT doctor_id, day FROM doctor_full_days WHERE doctor_id = ANY(:doctors)
        )
        SELECT count(*) FROM ((TABLE counted EXCEPT TABLE kept)
                              UNION ALL (TABLE kept EXCEPT TABLE counted)) AS x
    """,
}


async def verify_invariants(engine: AsyncEngine, practice: Practice) -> dict[str, int]:
    """Rows that break a schema invariant (all zero when the load is sound)."""
    async with engine.connect() as conn:
        return {
            name: int(await conn.scalar(text(sql), {"doctors": practice.doctor_ids}) or 0)
            for name, sql in _VERIFY.items()
        }


async def vacuum_analyze(engine: AsyncEngine) -> None:
    """Fresh statistics and visibility map, as a database that has lived a while has."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        tables = ("appointment_slots", "appointments", "doctor_full_days", "doctors", "clinics")
        for table in (*tables, "specialties"):
            await conn.execute(text(f"VACUUM (ANALYZE) {table}"))


# --- the measurements ----------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """The random parameters of one call of each search."""

    specialty_id: uuid.UUID
    after: datetime
    doctor_id: uuid.UUID
    day: date
    sentence: str = ""
    search: str = ""  # what a patient types at "Type a name or specialty"


def draw(rng: random.Random, practice: Practice, count: int) -> list[Draw]:
    """Specialty and an instant in the first ~90% of the range; doctor and a weekday."""
    start = datetime.combine(practice.first_day, time.min, tzinfo=UTC)
    span = max(1, int(practice.days * 0.9)) * 86_400
    weekdays = [
        practice.first_day + timedelta(days=i)
        for i in range(practice.days)
        if (practice.first_day + timedelta(days=i)).weekday() < 5
    ] or [practice.first_day]
    return [
        Draw(
            specialty_id=rng.choice(practice.specialty_ids),
            after=start + timedelta(seconds=rng.randrange(span)),
            doctor_id=rng.choice(practice.doctor_ids),
            day=rng.choice(weekdays),
            sentence=sentence(rng, practice),
            search=search_query(k, practice),
        )
        for k in range(count)
    ]


# What patients write to the shortcut; {what} is a specialty in their words.
SENTENCES = (
    "I need a {what} next Monday morning",
    "{what} in {city} on Friday",
    "can I see a {what} tomorrow afternoon",
    "a {what} in 2 weeks",
    "{what} please, as soon as possible",
    "I'd like to see dr {first} {last} on Thursday",
    "{what} on {date}",
    "{what} in {city} next week on Tuesday, in the evening",
)


# What patients type at "Type a name or specialty" (a name with or without its title, a
# typo, a patient's word for a specialty, a clinic's city); from the draw's number, not the
# random generator, so the other draws stay those of earlier runs.
SEARCHES = ("dr {last}", "{first} {last}", "{last}", "{what}", "{what}y", "{city}")


def search_query(k: int, practice: Practice) -> str:
    """The k-th search of the run."""
    i = (k * 7919) % max(len(practice.doctor_ids), 1)
    names = practice.specialty_names or list(SPECIALTIES)
    return SEARCHES[k % len(SEARCHES)].format(
        first=FIRST_NAMES[i % len(FIRST_NAMES)],
        last=LAST_NAMES[i // len(FIRST_NAMES) % len(LAST_NAMES)],
        what=_patient_word(names[k % len(names)]),
        city=(practice.cities or ["London"])[k % len(practice.cities or ["London"])],
    )


def _patient_word(name: str) -> str:
    """"dermatologist" for Dermatology; other names (and tagged ones) as they are."""
    return name[:-1].lower() + "ist" if name.endswith("ology") else name.lower()


def sentence(rng: random.Random, practice: Practice) -> str:
    """One request to the free-text shortcut about this practice."""
    i = rng.randrange(len(practice.doctor_ids))
    day = practice.first_day + timedelta(days=rng.randrange(practice.days))
    return rng.choice(SENTENCES).format(
        what=_patient_word(rng.choice(practice.specialty_names or list(SPECIALTIES))),
        city=rng.choice(practice.cities or ["London"]),
        first=FIRST_NAMES[i % len(FIRST_NAMES)],
        last=LAST_NAMES[i // len(FIRST_NAMES) % len(LAST_NAMES)],
        date=f"{day.day}.{day.month:02d}",
    )


@dataclass
class Timings:
    """Durations in seconds of each kind of call, and how many slots the searches found."""

    baseline: list[float] = field(default_factory=list)
    by_specialty: list[float] = field(default_factory=list)
    by_doctor: list[float] = field(default_factory=list)
    found_by_specialty: int = 0
    found_by_doctor: int = 0
    shortcut: list[float] = field(default_factory=list)
    list_page: list[float] = field(default_factory=list)
    next_free_per_page: list[float] = field(default_factory=list)
    found_by_shortcut: int = 0
    next_free_found: int = 0
    search_doctors: list[float] = field(default_factory=list)
    found_by_search: int = 0


async def time_searches(reader: AsyncEngine, now: datetime, draws: list[Draw]) -> Timings:
    """Each search once per draw, interleaved, each on its own pooled connection from
    `db.engine.reading` (autocommit), as the bot's handlers make them.

    The baseline — such a connection running `SELECT 1` — is what any call costs before
    its query does any work (pool checkout, the round trip, the event loop).
    """
    timings = Timings()
    for d in draws:
        started = perf_counter()
        async with reading(reader) as connection:
            await connection.execute(text("SELECT 1"))
        timings.baseline.append(perf_counter() - started)

        started = perf_counter()
        async with reading(reader) as connection:
            found = await next_free_slots(
                connection, specialty_id=d.specialty_id, after=d.after, limit=10
            )
        timings.by_specialty.append(perf_counter() - started)
        timings.found_by_specialty += len(found)

        started = perf_counter()
        async with reading(reader) as connection:
            free = await free_slots_for_doctor_day(
                connection, doctor_id=d.doctor_id, day=d.day, now=now
            )
        timings.by_doctor.append(perf_counter() - started)
        timings.found_by_doctor += len(free)

        # A specialty's doctors list as the chat shows its first page: the doctors, then
        # each one's next bookable time in one batched query.
        started = perf_counter()
        async with reading(reader) as connection:
            doctors = await catalog.list_doctors(connection, specialty_id=d.specialty_id)
            listed = perf_counter()
            times = await availability.next_free_times(
                connection, doctors=doctors[:LIST_PAGE], now=now
            )
        done = perf_counter()
        timings.list_page.append(done - started)
        timings.next_free_per_page.append(done - listed)
        timings.next_free_found += sum(1 for t in times.values() if t is not None)

        # The free-text shortcut as its handler calls it: the sentence read (specialty,
        # doctor, clinic or city, day on each clinic's clock, part of the day) and searched.
        started = perf_counter()
        async with reading(reader) as connection:
            offers = await shortcut.find_offers(connection, text=d.sentence, now=now, tz=READER_TZ)
        timings.shortcut.append(perf_counter() - started)
        timings.found_by_shortcut += len(offers.slots)

        # What a patient types at "Type a name or specialty" (services.search).
        started = perf_counter()
        async with reading(reader) as connection:
            found_doctors = await search.search_doctors(connection, query=d.search)
        timings.search_doctors.append(perf_counter() - started)
        timings.found_by_search += len(found_doctors)
    return timings


async def _explain(session: AsyncSession, query: Select[Any], options: str) -> Any:
    """EXPLAIN of a service's own query builder, with its real parameters bound."""
    conn = await session.connection()
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.construct_params()
    positional = tuple(params[name] for name in compiled.positiontup or ())
    rows = await conn.exec_driver_sql(f"EXPLAIN ({options}) {compiled}", positional)
    return [r[0] for r in rows]


def _queries(d: Draw, now: datetime) -> tuple[Select[Any], Select[Any]]:
    """The two searches' SQL for a draw, with the values the services bind."""
    return (
        next_free_slots_query(after=d.after, specialty_id=d.specialty_id, limit=10),
        free_slots_for_doctor_day_query(d.doctor_id, d.day, now),
    )


async def _page_query(session: AsyncSession, d: Draw, now: datetime) -> Any:
    """The batched next-free-time query of the draw's specialty's first list page."""
    doctors = (await catalog.list_doctors(session, specialty_id=d.specialty_id))[:LIST_PAGE]
    windows = []
    for doctor in doctors:
        w = availability.window(doctor, now)
        windows.append((doctor.id, w.earliest, w.latest))
    statement, params = first_free_starts_statement(windows)
    return statement.bindparams(**params)


async def db_side(
    factory: SessionFactory, now: datetime, draws: list[Draw]
) -> tuple[list[float], list[float]]:
    """Planning + execution time inside PostgreSQL of each draw's queries, in seconds.

    EXPLAIN (ANALYZE, TIMING OFF) of the services' own query builders: what the server
    spends, without the client, the socket or the scheduler of a busy machine.
    """
    by_specialty: list[float] = []
    by_doctor: list[float] = []
    async with factory() as session:
        for d in draws:
            for query, into in zip(_queries(d, now), (by_specialty, by_doctor), strict=True):
                plan = (await _explain(session, query, "ANALYZE, TIMING OFF, FORMAT JSON"))[0]
                top = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                into.append((top["Planning Time"] + top["Execution Time"]) / 1000)
    return by_specialty, by_doctor


async def explain_both(factory: SessionFactory, now: datetime, d: Draw) -> dict[str, str | None]:
    """Prints one plan of each search to stderr; returns the free-slot index each one uses."""
    async with factory() as session:
        plans = [
            "\n".join(await _explain(session, query, "ANALYZE, BUFFERS, COSTS OFF"))
            for query in _queries(d, now)
        ]
        page = await _page_query(session, d, now)
        plans.append("\n".join(await _explain(session, page, "ANALYZE, BUFFERS, COSTS OFF")))
    note("-- EXPLAIN next_free_slots (specialty):\n" + plans[0])
    note("-- EXPLAIN free_slots_for_doctor_day (doctor, day):\n" + plans[1])
    note("-- EXPLAIN next_free_times (a specialty's list page):\n" + plans[2])

    def used(plan: str) -> str | None:
        return next((i for i in (INDEX_FREE_BY_TIME, INDEX_FREE_BY_DOCTOR) if i in plan), None)

    return {
        "next_free_for_specialty": used(plans[0]),
        "free_for_doctor_day": used(plans[1]),
        "next_free_per_list_page": used(plans[2]),
    }


async def run_search(
    engine: AsyncEngine,
    *,
    doctors: int = 1000,
    days: int = 90,
    queries: int = 500,
    seed: int = 7,
    bulk: bool | None = None,
) -> dict[str, Any]:
    """Loads the practice into `engine`'s database, then times both searches."""
    if doctors < 1 or days < 1 or queries < 1:
        raise ValueError("doctors, days and queries must be positive")
    factory = make_session_factory(engine)
    rng = random.Random(seed)
    with Stopwatch() as load:
        practice = await load_practice(engine, doctors=doctors, days=days, bulk=bulk)
    with Stopwatch() as analyze:
        await vacuum_analyze(engine)
    with Stopwatch() as verify:
        violations = await verify_invariants(engine, practice)
    note(
        f"load {load.seconds:.1f} s, vacuum/analyze {analyze.seconds:.1f} s, "
        f"verify {verify.seconds:.1f} s, violations {violations}"
    )

    now = datetime.combine(practice.first_day, time.min, tzinfo=UTC)  # before every slot
    indexes = await explain_both(factory, now, draw(rng, practice, 1)[0])
    reader = autocommit_engine(engine)
    await time_searches(reader, now, draw(rng, practice, min(queries, 100)))  # warm-up
    draws = draw(rng, practice, queries)
    # As `careslot run` does once started (bot.application, freeze_heap): what is loaded so
    # far leaves the collector's sight, so its full collections stop walking the libraries'
    # long-lived objects (dateparser's, pydantic's, SQLAlchemy's) in the middle of a call.
    gc.collect()
    gc.freeze()
    try:
        timings = await time_searches(reader, now, draws)
    finally:
        gc.unfreeze()
    server_specialty, server_doctor = await db_side(factory, now, draws)
    specialty_ms = latency_ms(timings.by_specialty)
    doctor_ms = latency_ms(timings.by_doctor)
    shortcut_ms = latency_ms(timings.shortcut)
    return {
        "benchmark": "search",
        "doctors": doctors,
        "specialties": len(practice.specialty_ids),
        "clinics": CLINICS,
        "days": days,
        "first_day": practice.first_day.isoformat(),
        "slots": practice.slots,
        "booked_slots": practice.booked,
        "booked_share": round(practice.booked / practice.slots, 3) if practice.slots else 0.0,
        "limited_doctors": {
            "every": LIMITED_EVERY,
            "max_patients_per_day": LIMITED_MOST,
            "full_doctor_days": practice.full_days,
        },
        "load_seconds": round(load.seconds, 2),
        "load_mode": "bulk, row triggers off, verified after" if practice.bulk else "row triggers",
        "vacuum_analyze_seconds": round(analyze.seconds, 2),
        "verify_seconds": round(verify.seconds, 2),
        "invariant_violations": violations,
        "queries": queries,
        # Through the services, one pooled autocommit connection per call, as the bot's
        # handlers call them (db.engine.reading).
        "next_free_for_specialty_ms": specialty_ms,
        "free_for_doctor_day_ms": doctor_ms,
        # A specialty's doctors list, first page (8) with each one's next free time: the
        # whole page, and the one batched next-free-time query of it.
        "list_page_with_next_free_ms": latency_ms(timings.list_page),
        "next_free_per_list_page_ms": latency_ms(timings.next_free_per_page),
        # The free-text shortcut: parsing + search (services.shortcut.find_offers).
        "shortcut_ms": shortcut_ms,
        "shortcut_sentences": list(SENTENCES),
        # "Type a name or specialty": services.search.search_doctors, scored from the
        # doctors' index (read again only when the doctors change).
        "search_doctors_ms": latency_ms(timings.search_doctors),
        "found_by_search_doctors": timings.found_by_search,
        "empty_call_baseline_ms": latency_ms(timings.baseline),
        # The same queries' planning + execution inside PostgreSQL only.
        "server_side_ms": {
            "next_free_for_specialty": latency_ms(server_specialty),
            "free_for_doctor_day": latency_ms(server_doctor),
        },
        "mean_results": {
            "next_free_for_specialty": round(timings.found_by_specialty / queries, 2),
            "free_for_doctor_day": round(timings.found_by_doctor / queries, 2),
            "next_free_per_list_page": round(timings.next_free_found / queries, 2),
            "shortcut": round(timings.found_by_shortcut / queries, 2),
        },
        "index_used": indexes,
        "heap_frozen_as_in_careslot_run": True,
        "target_p99_ms": TARGET_P99_MS,
        "target_met": max(specialty_ms["p99"], doctor_ms["p99"]) <= TARGET_P99_MS,
        "shortcut_target_p99_ms": SHORTCUT_TARGET_P99_MS,
        "shortcut_target_met": shortcut_ms["p99"] <= SHORTCUT_TARGET_P99_MS,
        "machine": machine(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doctors", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--queries", type=int, default=500, help="timed queries of each kind")
    parser.add_argument("--seed", type=int, default=7, help="seed of the random parameters")
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=4)
    try:
        return await run_search(
            engine, doctors=args.doctors, days=args.days, queries=args.queries, seed=args.seed
        )
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database() as url:
        result = asyncio.run(_main(url, args))
    emit(result)
    if any(result["invariant_violations"].values()):
        note("FAILED: the loaded data breaks a schema invariant (see the JSON)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
