"""Appointment slots: generated from weekly working hours, and queried by the booking flow."""

from __future__ import annotations

import functools
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import Date, DateTime, Integer

from db.engine import Reader
from db.models import (
    AppointmentSlot,
    Clinic,
    Doctor,
    DoctorFullDay,
    DoctorSchedule,
    ScheduleBreak,
    SlotHold,
    TimeOff,
)
from services import audit, freed
from services.errors import Conflict, InvalidInput, NotFound, SlotOverlap
from services.policy import Action, Actor, require

MAX_RANGE_DAYS = 366
MAX_QUERY_LIMIT = 100
# Doctors handled per round of queries: bounds memory on large runs while keeping
# the number of round trips small (4 selects + 1 insert per batch).
_DOCTOR_BATCH = 100
_INSERT_CHUNK = 50_000

# Written exactly as the predicate of the partial indexes ix_appointment_slots_free_by_*,
# so the planner can prove that the indexes cover the query.
_FREE = and_(AppointmentSlot.is_active, AppointmentSlot.booked_count < AppointmentSlot.capacity)

_SLOT_COLUMNS = (
    AppointmentSlot.id,
    AppointmentSlot.doctor_id,
    AppointmentSlot.clinic_id,
    AppointmentSlot.starts_at,
    AppointmentSlot.ends_at,
    AppointmentSlot.capacity,
    AppointmentSlot.booked_count,
    AppointmentSlot.is_active,
)

_UUIDS = ARRAY(UUID(as_uuid=True))
_INSTANTS = ARRAY(DateTime(timezone=True))

_INSERT_SLOTS = text(
    """
    INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at, capacity)
    SELECT t.doctor_id, t.clinic_id, t.starts_at, t.ends_at, 1
    FROM unnest(CAST(:doctor_ids AS uuid[]), CAST(:clinic_ids AS uuid[]),
                CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
         AS t(doctor_id, clinic_id, starts_at, ends_at)
    ON CONFLICT (doctor_id, starts_at) DO NOTHING
    RETURNING id
    """
)
_INSERT_SLOTS = _INSERT_SLOTS.bindparams(
    bindparam("doctor_ids", type_=_UUIDS),
    bindparam("clinic_ids", type_=_UUIDS),
    bindparam("starts", type_=_INSTANTS),
    bindparam("ends", type_=_INSTANTS),
)

# The same advisory lock the overlap trigger takes per inserted slot; taking it before
# reading the existing slots makes concurrent generations for one doctor queue up
# instead of failing on the trigger. Sorted, so two runs never deadlock.
_LOCK_DOCTORS = text(
    """
    SELECT pg_advisory_xact_lock(hashtextextended('careslot.doctor:' || d::text, 0))
    FROM unnest(CAST(:ids AS uuid[])) AS d ORDER BY d
    """
).bindparams(bindparam("ids", type_=_UUIDS))


class SlotOut(BaseModel):
    """One bookable time of a doctor; `free` is the number of places left."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    doctor_id: uuid.UUID
    clinic_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked_count: int
    free: int
    is_active: bool = True


class SlotGenerationResult(BaseModel):
    """What one generation run did.

    `skipped` counts the slots the working hours describe in the range that were not
    created: in the past, in time off, clashing with an existing slot, or falling on
    a local time that a DST change skips.
    """

    model_config = ConfigDict(frozen=True)

    created: int
    skipped: int
    doctors: int


def _slot_out(row: Row[Any]) -> SlotOut:
    return SlotOut(
        id=row.id,
        doctor_id=row.doctor_id,
        clinic_id=row.clinic_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        capacity=row.capacity,
        booked_count=row.booked_count,
        free=max(row.capacity - row.booked_count, 0),
        is_active=row.is_active,
    )


_SLOT_BY_ID = select(*_SLOT_COLUMNS).where(AppointmentSlot.id == bindparam("slot_id"))


async def slot_by_id(session: Reader, *, slot_id: uuid.UUID) -> SlotOut | None:
    """One slot (None if it does not exist)."""
    row = (await session.execute(_SLOT_BY_ID, {"slot_id": slot_id})).first()
    return _slot_out(row) if row is not None else None


def require_aware(value: datetime, name: str) -> None:
    """Refuse a naive datetime: a programming error, not something a user typed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(code="range-reversed")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise InvalidInput(code="range-too-long", max_days=MAX_RANGE_DAYS)


def zone_of(name: str) -> ZoneInfo:
    """The clinic's IANA time zone, or `InvalidInput` if the stored name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(code="unknown-time-zone", zone=name) from None


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants where the local `day` begins and the next one begins."""
    lo = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    hi = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return lo, hi


def _to_utc(local: datetime, tz: tzinfo) -> datetime | None:
    """UTC of a naive wall-clock time (first occurrence if ambiguous), None if it never occurs."""
    instant = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local:
        return None  # the spring-forward gap: the clock never shows this time
    return instant


async def lock_doctor_slots(session: AsyncSession, doctor_ids: Sequence[uuid.UUID]) -> None:
    """Serialise slot writes of these doctors with others until the transaction ends."""
    if doctor_ids:
        await session.execute(_LOCK_DOCTORS, {"ids": sorted(set(doctor_ids))})


# --- generation ----------------------------------------------------------------------------


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _day_template(
    blocks: list[tuple[int, int, list[tuple[int, int]]]], visit: int
) -> list[tuple[int, int]]:
    """Slot (start, end) offsets in seconds from local midnight for one weekday.

    Each block minus its breaks is a set of working stretches; each stretch is cut
    from its own start, so slots after a lunch break begin when the break ends, and
    the piece too short for a whole visit at the end of a stretch is dropped.
    """
    slots: list[tuple[int, int]] = []
    for block_start, block_end, breaks in sorted(blocks):
        cursor = block_start
        for break_start, break_end in [*sorted(breaks), (block_end, block_end)]:
            stretch_end = min(break_start, block_end)
            while cursor + visit <= stretch_end:
                slots.append((cursor, cursor + visit))
                cursor += visit
            cursor = max(cursor, break_end)
    return slots


def _dates(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


_Block = tuple[int, int, list[tuple[int, int]], date | None, date | None]


def _in_effect(block: _Block, day: date) -> bool:
    """Whether a weekly block applies on a local date (its effective_from..until)."""
    return (block[3] is None or block[3] <= day) and (block[4] is None or day < block[4])


class _DoctorPlan:
    """Everything needed to cut one doctor's slots, loaded in bulk beforehand."""

    __slots__ = ("blocks", "clinic_id", "existing", "id", "time_off", "tz", "visit")

    def __init__(self, doctor_id: uuid.UUID, clinic_id: uuid.UUID, visit: int, tz: tzinfo):
        self.id = doctor_id
        self.clinic_id = clinic_id
        self.visit = visit * 60
        self.tz = tz
        # weekday → its blocks: (start, end, breaks, effective_from, effective_until)
        self.blocks: dict[int, list[_Block]] = defaultdict(list)
        self.time_off: list[tuple[datetime, datetime]] = []
        self.existing: list[tuple[datetime, datetime]] = []


def _utc_slots(
    day: date, template: list[tuple[timedelta, timedelta]], tz: tzinfo, visit: timedelta
) -> list[tuple[datetime, datetime]]:
    """The template's slots on a local date as UTC instants, in time order.

    Wall-clock times are kept, so across a DST change the UTC times move. A slot whose
    local start or end does not exist (spring-forward gap), or that the gap would cut
    short, is left out; an ambiguous time (fall-back) means its first occurrence.
    """
    midnight = datetime.combine(day, time.min)
    offset = midnight.replace(tzinfo=tz).utcoffset()
    if (
        offset is not None
        and offset == (midnight + timedelta(days=1)).replace(tzinfo=tz).utcoffset()
    ):
        # No clock change on this date: plain arithmetic, the hot path of large runs.
        base = (midnight - offset).replace(tzinfo=UTC)
        return [(base + s, base + e) for s, e in template]
    slots: list[tuple[datetime, datetime]] = []
    for s, e in template:
        starts_at = _to_utc(midnight + s, tz)
        ends_at = _to_utc(midnight + e, tz)
        if starts_at is not None and ends_at is not None and ends_at - starts_at >= visit:
            slots.append((starts_at, ends_at))
    return slots


def _plan_slots(
    plan: _DoctorPlan, start: date, end: date, now: datetime
) -> tuple[list[tuple[datetime, datetime]], int]:
    """The doctor's new slots (UTC, in time order) and how many candidates there were."""
    visit = timedelta(seconds=plan.visit)
    # One template per weekday and set of blocks in effect (hours change from a date).
    templates: dict[tuple[int, tuple[int, ...]], list[tuple[timedelta, timedelta]]] = {}
    existing_starts = [s for s, _ in plan.existing]
    existing_ends = [e for _, e in plan.existing]  # active slots never overlap: also sorted
    time_off = plan.time_off
    accepted: list[tuple[datetime, datetime]] = []
    last_end = now  # nothing may start before now, nor before the previous new slot ends
    candidates = 0
    for day in _dates(start, end):
        blocks = plan.blocks.get(day.weekday())
        if not blocks:
            continue
        key = (day.weekday(), tuple(i for i, b in enumerate(blocks) if _in_effect(b, day)))
        template = templates.get(key)
        if template is None:
            template = templates[key] = [
                (timedelta(seconds=s), timedelta(seconds=e))
                for s, e in _day_template([blocks[i][:3] for i in key[1]], plan.visit)
            ]
        if not template:
            continue
        candidates += len(template)
        for starts_at, ends_at in _utc_slots(day, template, plan.tz, visit):
            if starts_at < last_end:
                continue
            if time_off and any(
                starts_at < t_end and ends_at > t_start for t_start, t_end in time_off
            ):
                continue
            if existing_starts:
                i = bisect_right(existing_ends, starts_at)
                if i < len(existing_starts) and existing_starts[i] < ends_at:
                    continue
            accepted.append((starts_at, ends_at))
            last_end = ends_at
    return accepted, candidates


async def _load_plans(
    session: AsyncSession,
    doctors: Sequence[Row[Any]],
    lo: datetime,
    hi: datetime,
) -> list[_DoctorPlan]:
    ids = [d.id for d in doctors]
    plans = {
        d.id: _DoctorPlan(d.id, d.clinic_id, d.visit_minutes, zone_of(d.timezone)) for d in doctors
    }

    blocks = (
        await session.execute(
            select(
                DoctorSchedule.id,
                DoctorSchedule.doctor_id,
                DoctorSchedule.weekday,
                DoctorSchedule.start_time,
                DoctorSchedule.end_time,
                DoctorSchedule.effective_from,
                DoctorSchedule.effective_until,
            ).where(DoctorSchedule.doctor_id.in_(ids), DoctorSchedule.is_active)
        )
    ).all()
    breaks: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
    if blocks:
        rows = await session.execute(
            select(ScheduleBreak.schedule_id, ScheduleBreak.start_time, ScheduleBreak.end_time)
            .join(DoctorSchedule, DoctorSchedule.id == ScheduleBreak.schedule_id)
            .where(DoctorSchedule.doctor_id.in_(ids), DoctorSchedule.is_active)
        )
        for schedule_id, b_start, b_end in rows:
            breaks[schedule_id].append((_seconds(b_start), _seconds(b_end)))
    for b in blocks:
        plans[b.doctor_id].blocks[b.weekday].append(
            (
                _seconds(b.start_time),
                _seconds(b.end_time),
                breaks[b.id],
                b.effective_from,
                b.effective_until,
            )
        )

    time_off = await session.execute(
        select(TimeOff.doctor_id, TimeOff.starts_at, TimeOff.ends_at).where(
            TimeOff.doctor_id.in_(ids), TimeOff.starts_at < hi, TimeOff.ends_at > lo
        )
    )
    for doctor_id, off_start, off_end in time_off:
        plans[doctor_id].time_off.append((off_start, off_end))

    existing = await session.execute(
        select(AppointmentSlot.doctor_id, AppointmentSlot.starts_at, AppointmentSlot.ends_at)
        .where(
            AppointmentSlot.doctor_id.in_(ids),
            AppointmentSlot.is_active,
            AppointmentSlot.starts_at < hi,
            AppointmentSlot.ends_at > lo,
        )
        .order_by(AppointmentSlot.doctor_id, AppointmentSlot.starts_at)
    )
    for doctor_id, s_start, s_end in existing:
        plans[doctor_id].existing.append((s_start, s_end))
    return [plans[i] for i in ids]


async def _insert_slots(
    session: AsyncSession, rows: list[tuple[Any, Any, Any, Any]]
) -> list[uuid.UUID]:
    created: list[uuid.UUID] = []
    for i in range(0, len(rows), _INSERT_CHUNK):
        chunk = rows[i : i + _INSERT_CHUNK]
        params = {
            "doctor_ids": [r[0] for r in chunk],
            "clinic_ids": [r[1] for r in chunk],
            "starts": [r[2] for r in chunk],
            "ends": [r[3] for r in chunk],
        }
        try:
            result = await session.execute(_INSERT_SLOTS, params)
        except IntegrityError as exc:
            # Cannot happen while every writer takes the doctor lock; say so plainly if it does.
            if getattr(exc.orig, "sqlstate", None) == "23P01":
                raise SlotOverlap(code="new-slots-overlap") from exc
            raise
        created.extend(result.scalars())
    return created


def _doctors_query(doctor_ids: list[uuid.UUID] | None) -> Select[Any]:
    query = (
        select(Doctor.id, Doctor.clinic_id, Doctor.visit_minutes, Clinic.timezone)
        .join(Clinic, Clinic.id == Doctor.clinic_id)
        .where(Doctor.is_active, Clinic.is_active)
        .order_by(Doctor.id)
    )
    if doctor_ids is not None:
        query = query.where(Doctor.id.in_(doctor_ids))
    return query


async def generate_slots(
    session: AsyncSession,
    *,
    actor: Actor,
    start: date,
    end: date,
    now: datetime,
    doctor_ids: list[uuid.UUID] | None = None,
) -> SlotGenerationResult:
    """Create the slots of active doctors' weekly hours for local dates start..end (idempotent).

    Without `doctor_ids` every doctor of the practice: only for an actor who may do that
    anywhere; otherwise the actor must be allowed to for each doctor named.
    """
    if doctor_ids is None:
        require(actor, Action.generate_slots)
    else:
        clinics = await session.execute(
            select(Doctor.id, Doctor.clinic_id).where(Doctor.id.in_(doctor_ids))
        )
        for doctor_id, clinic_id in clinics:
            require(actor, Action.generate_slots, doctor_id=doctor_id, clinic_id=clinic_id)
    return await generate_slots_unchecked(
        session, start=start, end=end, now=now, doctor_ids=doctor_ids, actor_user_id=actor.user_id
    )


async def generate_slots_unchecked(
    session: AsyncSession,
    *,
    start: date,
    end: date,
    now: datetime,
    doctor_ids: list[uuid.UUID] | None = None,
    actor_user_id: uuid.UUID | None,
    new_ids: list[uuid.UUID] | None = None,
) -> SlotGenerationResult:
    """`generate_slots` without the permission check, for a service that made its own
    (new working hours give the doctor's slots to whoever may change them); with `new_ids`,
    the ids of the slots created are appended to it."""
    require_aware(now, "now")
    _check_range(start, end)
    doctors = (await session.execute(_doctors_query(doctor_ids))).all()

    # Wide enough for every time zone (UTC-12 .. UTC+14) around the local dates.
    lo = max(datetime.combine(start, time.min, tzinfo=UTC) - timedelta(days=1), now)
    hi = datetime.combine(end + timedelta(days=2), time.min, tzinfo=UTC)
    candidates = 0
    created_ids: list[uuid.UUID] = []
    for i in range(0, len(doctors), _DOCTOR_BATCH):
        batch = doctors[i : i + _DOCTOR_BATCH]
        await lock_doctor_slots(session, [d.id for d in batch])
        rows: list[tuple[Any, Any, Any, Any]] = []
        for plan in await _load_plans(session, batch, lo, hi):
            new, considered = _plan_slots(plan, start, end, now)
            candidates += considered
            # Latest first: the overlap trigger looks at the doctor's slots starting before
            # the new one's end, so in this order the rows of this batch are never among them.
            rows.extend((plan.id, plan.clinic_id, s, e) for s, e in reversed(new))
        created_ids += await _insert_slots(session, rows)
    created = len(created_ids)
    if new_ids is not None:
        new_ids.extend(created_ids)
    # New places may be what someone on the waitlist is waiting for.
    await freed.places_freed(session, slot_ids=created_ids, now=now)

    result = SlotGenerationResult(
        created=created, skipped=candidates - created, doctors=len(doctors)
    )
    details: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        **result.model_dump(),
    }
    if doctor_ids is not None:
        details["doctor_ids"] = [str(d) for d in doctor_ids[:50]]
    await audit.record(
        session,
        action="slots.generate",
        resource_type="appointment_slot",
        resource_id=None,
        actor_user_id=actor_user_id,
        at=now,
        details=details,
    )
    await session.flush()
    return result


# --- single slots and queries ----------------------------------------------------------------


async def deactivate_slot(
    session: AsyncSession, *, actor: Actor, slot_id: uuid.UUID, now: datetime
) -> SlotOut:
    """Close a slot for booking; refused while it still has active bookings."""
    row = (
        await session.execute(
            select(*_SLOT_COLUMNS).where(AppointmentSlot.id == slot_id).with_for_update()
        )
    ).first()
    if row is None:
        raise NotFound(code="slot-not-found")
    require(actor, Action.close_slot, doctor_id=row.doctor_id, clinic_id=row.clinic_id)
    if row.booked_count > 0:
        raise Conflict(code="slot-has-bookings", count=row.booked_count)
    if not row.is_active:
        return _slot_out(row)
    await session.execute(
        update(AppointmentSlot).where(AppointmentSlot.id == slot_id).values(is_active=False)
    )
    await audit.record(
        session,
        action="slot.deactivate",
        resource_type="appointment_slot",
        resource_id=slot_id,
        actor_user_id=actor.user_id,
        at=now,
        details={"doctor_id": str(row.doctor_id), "starts_at": row.starts_at.isoformat()},
    )
    await session.flush()
    return _slot_out(row).model_copy(update={"is_active": False, "free": 0})


# Every zone's offset lies within UTC-12..UTC+14, so a local date D starts no earlier than
# D 00:00 UTC - 14 h and ends no later than D+1 00:00 UTC + 12 h. Queries take this rough
# range together with the clinic's zone in one round trip; the exact local day is cut
# here, with the same tz database the slots were generated with.
_EARLIEST_OFFSET = timedelta(hours=14)
_LATEST_OFFSET = timedelta(hours=12)


def _rough_range(start: date, end: date) -> tuple[datetime, datetime]:
    lo = datetime.combine(start, time(), UTC) - _EARLIEST_OFFSET
    hi = datetime.combine(end + timedelta(days=1), time(), UTC) + _LATEST_OFFSET
    return lo, hi


# The statements below run on most booking steps. They are built once with bound
# parameters (:doctor_id, :after, ...), so each execution skips building the statement
# and computing its cache key; the values are passed at execution.
_P_DOCTOR = bindparam("doctor_id", type_=UUID(as_uuid=True))
_P_SPECIALTY = bindparam("specialty_id", type_=UUID(as_uuid=True))
_P_CLINIC = bindparam("clinic_id", type_=UUID(as_uuid=True))
_P_AFTER = bindparam("after", type_=DateTime(timezone=True))
_P_BEFORE = bindparam("before", type_=DateTime(timezone=True))
_P_LIMIT = bindparam("limit", type_=Integer)
_P_HELD_AT = bindparam("held_at", type_=DateTime(timezone=True))
_P_VIEWER = bindparam("viewer", type_=UUID(as_uuid=True))


# --- places held for the waitlist ---
# A place held for a waitlist patient (slot_holds, migration 0014) is bookable by its holder
# only: the booking trigger refuses it to anyone else while the hold is active and not
# expired on the business clock. Every query below leaves out a slot whose free places are
# all held for others than `:viewer` (NULL: for anyone) at `:held_at`, written so that it
# costs next to nothing when few places are held (the usual case):
#   s.id NOT IN (the slots with such a hold)             -- one hashed set per statement,
#   OR s.capacity - s.booked_count > (its such holds)    -- counted only for a held slot
# The set is uncorrelated, so PostgreSQL builds it once per execution (`NOT (hashed
# SubPlan)`, from the partial index ix_slot_holds_live) and probes it per slot; the count
# runs only for the slots in it. (The trigger also asks that the hold's entry be
# `offered`; the services end a hold whenever its entry leaves `offered`, so it is not
# joined here: that would cost planning time on every search for no difference.)
_HELD_SLOTS_SQL = """
    SELECT h.slot_id FROM slot_holds h
    WHERE h.status = 'active' AND h.expires_at > :held_at
      AND h.patient_id IS DISTINCT FROM :viewer"""
_NOT_HELD_SQL = f"""(s.id NOT IN ({_HELD_SLOTS_SQL})
               OR s.capacity - s.booked_count > (
                   SELECT count(*) FROM slot_holds h2
                   WHERE h2.slot_id = s.id AND h2.status = 'active'
                     AND h2.expires_at > :held_at AND h2.patient_id IS DISTINCT FROM :viewer))"""


def _not_held(slot: Any) -> ColumnElement[bool]:
    """The condition above for `slot` (the AppointmentSlot entity of the query)."""
    live = (
        SlotHold.status == "active",
        SlotHold.expires_at > _P_HELD_AT,
        SlotHold.patient_id.is_distinct_from(_P_VIEWER),
    )
    held = select(SlotHold.slot_id).where(*live).correlate(None)
    here = aliased(SlotHold, name="held_here")
    count = (
        select(func.count())
        .select_from(here)
        .where(
            here.slot_id == slot.id,
            here.status == "active",
            here.expires_at > _P_HELD_AT,
            here.patient_id.is_distinct_from(_P_VIEWER),
        )
        .correlate(slot)
        .scalar_subquery()
    )
    return or_(slot.id.not_in(held), slot.capacity - slot.booked_count > count)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # (no window: any instant)


def _held_params(held_at: datetime, viewer: uuid.UUID | None) -> dict[str, Any]:
    require_aware(held_at, "held_at")
    return {"held_at": held_at, "viewer": viewer}


# --- the doctor's daily limit ---
# A doctor's day is full once their active appointments on that clinic-local day reach
# max_patients_per_day (migration 0002 refuses one more); triggers keep those days in
# doctor_full_days (migration 0004). Every query below leaves out the slots on them.
def _local_day(zone: ColumnElement[Any]) -> ColumnElement[date]:
    """The slot's date on the clinic's wall clock (`starts_at AT TIME ZONE zone`)."""
    return cast(func.timezone(zone, AppointmentSlot.starts_at), Date)


# A full day of a slot after :after lies no earlier than the day before :after's UTC
# date (no zone is more than 12 hours behind UTC); older full days are not read.
_FIRST_FULL_DAY = cast(func.timezone(literal_column("'UTC'"), _P_AFTER), Date) - literal_column(
    "1", Integer
)


def _not_on_full_day_of(doctor_id: ColumnElement[Any], zone: ColumnElement[Any]) -> Any:
    """The slot's local day is not a full day of `doctor_id`, which stands for one doctor
    per execution (a bound value, or the doctor of a LATERAL): PostgreSQL reads that
    doctor's few full days once, into a hash (`NOT (hashed SubPlan)`), and tests each
    slot against it."""
    full_days = (
        select(DoctorFullDay.day)
        .where(DoctorFullDay.doctor_id == doctor_id, DoctorFullDay.day >= _FIRST_FULL_DAY)
        .correlate_except(DoctorFullDay)
    )
    return _local_day(zone).not_in(full_days)


def _not_on_its_doctors_full_day(zone: ColumnElement[Any]) -> Any:
    """The same for slots of any doctors (the walk along the time index): an anti-join
    that looks up, for each slot the walk reaches, its doctor's full days by primary key."""
    return ~exists().where(
        DoctorFullDay.doctor_id == AppointmentSlot.doctor_id,
        DoctorFullDay.day == _local_day(zone),
    )


def _free_for_doctor_template(columns: Sequence[Any]) -> Select[Any]:
    return (
        select(
            Clinic.timezone,
            Doctor.is_active.label("doctor_active"),
            Clinic.is_active.label("clinic_active"),
            *columns,
        )
        .select_from(Doctor)
        .join(Clinic, Clinic.id == Doctor.clinic_id)
        .outerjoin(
            AppointmentSlot,
            and_(
                AppointmentSlot.doctor_id == Doctor.id,
                _FREE,
                AppointmentSlot.starts_at > _P_AFTER,
                AppointmentSlot.starts_at < _P_BEFORE,
                _not_on_full_day_of(_P_DOCTOR, Clinic.timezone),
                _not_held(AppointmentSlot),
            ),
        )
        .where(Doctor.id == _P_DOCTOR)
        .order_by(AppointmentSlot.starts_at)
    )


_FREE_FOR_DOCTOR = _free_for_doctor_template(_SLOT_COLUMNS)
_FREE_STARTS_FOR_DOCTOR = _free_for_doctor_template((AppointmentSlot.starts_at,))


def free_slots_for_doctor_query(
    doctor_id: uuid.UUID,
    after: datetime,
    before: datetime,
    *,
    starts_only: bool = False,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> Select[Any]:
    """The doctor's clinic zone and whether doctor and clinic take bookings, with each of
    the doctor's free active slots starting in (after, before) in time order, except on
    the doctor's full days and the places held for others than `viewer` at `held_at`
    (default: `after`): one row with empty slot columns when there are none, no row
    when the doctor does not exist.
    (The executed statement with its values bound, e.g. for EXPLAIN.)"""
    template = _FREE_STARTS_FOR_DOCTOR if starts_only else _FREE_FOR_DOCTOR
    return template.params(
        doctor_id=doctor_id, after=after, before=before,
        **_held_params(held_at or after, viewer),
    )  # fmt: skip


def free_slots_for_doctor_day_query(doctor_id: uuid.UUID, day: date, now: datetime) -> Select[Any]:
    """What free_slots_for_doctor_day executes, with its values bound (e.g. for EXPLAIN)."""
    lo, hi = _rough_range(day, day)
    return free_slots_for_doctor_query(doctor_id, max(lo, now), hi, held_at=now)


async def _doctor_slot_rows(
    session: Reader,
    doctor_id: uuid.UUID,
    start: date,
    end: date,
    now: datetime,
    *,
    starts_only: bool = False,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> tuple[ZoneInfo, list[Row[Any]]]:
    """The clinic's zone and the doctor's free slots after `now` on local dates start..end
    that are not held for another patient at `held_at` (default `now`); none when doctor
    or clinic takes no bookings; in one round trip."""
    lo, hi = _rough_range(start, end)
    template = _FREE_STARTS_FOR_DOCTOR if starts_only else _FREE_FOR_DOCTOR
    params = {"doctor_id": doctor_id, "after": max(lo, now), "before": hi}
    params.update(_held_params(held_at or now, viewer))
    rows = (await session.execute(template, params)).all()
    if not rows:
        raise NotFound(code="doctor-not-found")
    tz = zone_of(rows[0].timezone)
    if not (rows[0].doctor_active and rows[0].clinic_active):
        return tz, []
    first = local_day_bounds(start, tz)[0]
    last = local_day_bounds(end, tz)[1]
    return tz, [r for r in rows if r.starts_at is not None and first <= r.starts_at < last]


async def free_slots_for_doctor_day(
    session: Reader,
    *,
    doctor_id: uuid.UUID,
    day: date,
    now: datetime,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """The doctor's free future slots on a local date of the clinic ([] if not bookable,
    or if the doctor is fully booked that day), without the places held for a waitlist
    patient other than `viewer` (at `held_at`, default `now`)."""
    require_aware(now, "now")
    # A slot starting this very instant is already too late (the range is exclusive).
    _tz, rows = await _doctor_slot_rows(
        session, doctor_id, day, day, now, held_at=held_at, viewer=viewer
    )
    return [_slot_out(r) for r in rows]


@functools.cache
def _next_free_template(
    *, per_doctor_of_specialty: bool, specialty: bool, doctor: bool, clinic: bool, bounded: bool
) -> Select[Any]:
    """next_free_slots' statement for one combination of filters (built on first use)."""
    before = _P_BEFORE if bounded else None
    if per_doctor_of_specialty:
        return _next_free_of_specialty(clinic_id=_P_CLINIC if clinic else None, before=before)
    query = (
        select(*_SLOT_COLUMNS)
        .join(Doctor, Doctor.id == AppointmentSlot.doctor_id)
        .join(Clinic, Clinic.id == AppointmentSlot.clinic_id)
        .where(
            _FREE,
            AppointmentSlot.starts_at > _P_AFTER,
            Doctor.is_active,
            Clinic.is_active,
            _not_on_full_day_of(_P_DOCTOR, Clinic.timezone)
            if doctor
            else _not_on_its_doctors_full_day(Clinic.timezone),
            _not_held(AppointmentSlot),
        )
        .order_by(AppointmentSlot.starts_at, AppointmentSlot.doctor_id)
        .limit(_P_LIMIT)
    )
    if before is not None:
        query = query.where(AppointmentSlot.starts_at < before)
    if specialty:
        query = query.where(Doctor.specialty_id == _P_SPECIALTY)
    if doctor:
        query = query.where(AppointmentSlot.doctor_id == _P_DOCTOR)
    if clinic:
        query = query.where(AppointmentSlot.clinic_id == _P_CLINIC)
    return query


def _next_free(
    *,
    after: datetime,
    before: datetime | None,
    specialty_id: uuid.UUID | None,
    doctor_id: uuid.UUID | None,
    clinic_id: uuid.UUID | None,
    limit: int,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> tuple[Select[Any], dict[str, Any]]:
    template = _next_free_template(
        per_doctor_of_specialty=specialty_id is not None and doctor_id is None,
        specialty=specialty_id is not None,
        doctor=doctor_id is not None,
        clinic=clinic_id is not None,
        bounded=before is not None,
    )
    params: dict[str, Any] = {"after": after, "limit": limit}
    params.update(_held_params(held_at or after, viewer))
    for name, value in (
        ("before", before),
        ("specialty_id", specialty_id),
        ("doctor_id", doctor_id),
        ("clinic_id", clinic_id),
    ):
        if value is not None:
            params[name] = value
    return template, params


def next_free_slots_query(
    *,
    after: datetime,
    before: datetime | None = None,
    specialty_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    limit: int = 10,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> Select[Any]:
    """The earliest free active slots of active doctors in active clinics after `after`,
    on days their doctors are not fully booked, not held for another patient.
    (The executed statement with its values bound, e.g. for EXPLAIN.)"""
    template, params = _next_free(
        after=after,
        before=before,
        specialty_id=specialty_id,
        doctor_id=doctor_id,
        clinic_id=clinic_id,
        limit=limit,
        held_at=held_at,
        viewer=viewer,
    )
    return template.params(**params)


def _next_free_of_specialty(*, clinic_id: Any, before: Any) -> Select[Any]:
    # Walking the time index and discarding other specialties' doctors degrades for a
    # rare specialty (thousands of entries skipped); instead take the first `limit` free
    # slots of each of the specialty's doctors from the per-doctor index, then merge.
    # Each doctor's full days are read once, at that doctor's turn of the LATERAL.
    doctors = (
        select(Doctor.id, Clinic.timezone)
        .join(Clinic, Clinic.id == Doctor.clinic_id)
        .where(Doctor.specialty_id == _P_SPECIALTY, Doctor.is_active, Clinic.is_active)
    )
    if clinic_id is not None:
        doctors = doctors.where(Doctor.clinic_id == clinic_id)
    doctors_sub = doctors.subquery("spec_doctors")
    per_doctor = (
        select(*_SLOT_COLUMNS)
        .where(
            AppointmentSlot.doctor_id == doctors_sub.c.id,
            _FREE,
            AppointmentSlot.starts_at > _P_AFTER,
            _not_on_full_day_of(doctors_sub.c.id, doctors_sub.c.timezone),
            _not_held(AppointmentSlot),
        )
        .order_by(AppointmentSlot.starts_at)
        .limit(_P_LIMIT)
    )
    if before is not None:
        per_doctor = per_doctor.where(AppointmentSlot.starts_at < before)
    lateral = per_doctor.lateral("first_free")
    return (
        select(*lateral.c)
        .select_from(doctors_sub.join(lateral, true()))
        .order_by(lateral.c.starts_at, lateral.c.doctor_id)
        .limit(_P_LIMIT)
    )


async def next_free_slots(
    session: Reader,
    *,
    specialty_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    after: datetime,
    before: datetime | None = None,
    limit: int = 10,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """The earliest free slots after `after` (optionally before `before`), in time order,
    none of them on a day its doctor is fully booked nor held for a waitlist patient other
    than `viewer` at `held_at` (the business clock; default `after`)."""
    require_aware(after, "after")
    if not 1 <= limit <= MAX_QUERY_LIMIT:
        raise InvalidInput(code="slot-query-limit", max=MAX_QUERY_LIMIT)
    template, params = _next_free(
        after=after,
        before=before,
        specialty_id=specialty_id,
        doctor_id=doctor_id,
        clinic_id=clinic_id,
        limit=limit,
        held_at=held_at,
        viewer=viewer,
    )
    return [_slot_out(r) for r in await session.execute(template, params)]


async def days_with_free_slots(
    session: Reader,
    *,
    doctor_id: uuid.UUID,
    start: date,
    end: date,
    now: datetime,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> set[date]:
    """The local dates in start..end with a free future slot of the doctor, other than the
    days the doctor is fully booked (none if unbookable); a place held for a waitlist
    patient other than `viewer` (at `held_at`, default `now`) is not free."""
    require_aware(now, "now")
    _check_range(start, end)
    tz, rows = await _doctor_slot_rows(
        session, doctor_id, start, end, now, starts_only=True, held_at=held_at, viewer=viewer
    )
    return {r.starts_at.astimezone(tz).date() for r in rows}


# --- the first free time of each doctor of a list ---
# One statement for a whole page of doctors: each doctor's window (minimum notice to
# horizon, which differ by clinic) comes in as arrays, and a LATERAL takes that doctor's
# first free slot from the per-doctor partial index (its predicate written exactly as the
# index's), leaving out the doctor's full days as every query above does.
_FIRST_FREE_PER_DOCTOR = text(
    f"""
    SELECT w.doctor_id, first_free.starts_at
    FROM unnest(CAST(:doctor_ids AS uuid[]), CAST(:afters AS timestamptz[]),
                CAST(:befores AS timestamptz[])) AS w(doctor_id, after_at, before_at)
    JOIN doctors d ON d.id = w.doctor_id
    JOIN clinics c ON c.id = d.clinic_id
    CROSS JOIN LATERAL (
        SELECT s.starts_at
        FROM appointment_slots s
        WHERE s.doctor_id = w.doctor_id
          AND s.is_active AND s.booked_count < s.capacity
          AND s.starts_at > w.after_at AND s.starts_at < w.before_at
          AND CAST(timezone(c.timezone, s.starts_at) AS date) NOT IN (
              SELECT fd.day FROM doctor_full_days fd
              WHERE fd.doctor_id = w.doctor_id
                AND fd.day >= CAST(timezone('UTC', w.after_at) AS date) - 1)
          AND {_NOT_HELD_SQL}
        ORDER BY s.starts_at
        LIMIT 1
    ) AS first_free
    WHERE d.is_active AND c.is_active
    """
).bindparams(
    bindparam("held_at", type_=DateTime(timezone=True)),
    bindparam("viewer", type_=UUID(as_uuid=True)),
    bindparam("doctor_ids", type_=_UUIDS),
    bindparam("afters", type_=_INSTANTS),
    bindparam("befores", type_=_INSTANTS),
)


def first_free_starts_statement(
    windows: Sequence[tuple[uuid.UUID, datetime, datetime]],
    *,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> tuple[Any, dict[str, Any]]:
    """What first_free_starts executes and its values (e.g. for EXPLAIN); `held_at`
    defaults to the earliest window's start."""
    return _FIRST_FREE_PER_DOCTOR, {
        "doctor_ids": [w[0] for w in windows],
        "afters": [w[1] for w in windows],
        "befores": [w[2] for w in windows],
        **_held_params(held_at or min((w[1] for w in windows), default=_EPOCH), viewer),
    }


async def first_free_starts(
    session: Reader,
    *,
    windows: Sequence[tuple[uuid.UUID, datetime, datetime]],
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> dict[uuid.UUID, datetime]:
    """For each (doctor, after, before): the start of the doctor's first free active slot
    in (after, before) that is not on one of the doctor's full days nor held for a
    waitlist patient other than `viewer` at `held_at`, in one round trip.
    Doctors with none, or who (or whose clinic) take no bookings, are left out."""
    if not windows:
        return {}
    if len(windows) > MAX_QUERY_LIMIT:
        raise InvalidInput(code="slot-query-limit", max=MAX_QUERY_LIMIT)
    for _doctor, after, before in windows:
        require_aware(after, "after")
        require_aware(before, "before")
    statement, params = first_free_starts_statement(windows, held_at=held_at, viewer=viewer)
    rows = await session.execute(statement, params)
    return {doctor_id: starts_at for doctor_id, starts_at in rows.all()}


# --- the free-text shortcut: free slots of a specialty (or a doctor) in several clinics ---
# Each clinic has its own window (its notice and horizon, the day asked on its clock), so
# they come in as arrays; each doctor's first `limit` free slots are read from the
# per-doctor index (a LATERAL, as in _next_free_of_specialty), and every clinic keeps its
# own first `limit`, for the caller to balance. `from_time`/`to_time` keep only slots that
# start in that part of the clinic's day (any day: "in the evening").
_FREE_PER_CLINIC_SQL = """
    SELECT picked.id, picked.doctor_id, picked.clinic_id, picked.starts_at, picked.ends_at,
           picked.capacity, picked.booked_count, picked.is_active
    FROM (
        SELECT f.*, row_number() OVER (
                   PARTITION BY f.clinic_id ORDER BY f.starts_at, f.doctor_id) AS nth
        FROM unnest(CAST(:clinic_ids AS uuid[]), CAST(:afters AS timestamptz[]),
                    CAST(:befores AS timestamptz[])) AS w(clinic_id, after_at, before_at)
        JOIN clinics c ON c.id = w.clinic_id AND c.is_active
        JOIN doctors d ON d.clinic_id = w.clinic_id AND d.is_active AND {doctors}
        CROSS JOIN LATERAL (
            SELECT s.id, s.doctor_id, s.clinic_id, s.starts_at, s.ends_at, s.capacity,
                   s.booked_count, s.is_active
            FROM appointment_slots s
            WHERE s.doctor_id = d.id
              AND s.is_active AND s.booked_count < s.capacity
              AND s.starts_at > w.after_at AND s.starts_at < w.before_at
              {part_of_day}
              AND CAST(timezone(c.timezone, s.starts_at) AS date) NOT IN (
                  SELECT fd.day FROM doctor_full_days fd
                  WHERE fd.doctor_id = d.id
                    AND fd.day >= CAST(timezone('UTC', w.after_at) AS date) - 1)
              AND {held}
            ORDER BY s.starts_at
            LIMIT :limit
        ) AS f
    ) AS picked
    WHERE picked.nth <= :limit
    ORDER BY picked.clinic_id, picked.starts_at, picked.doctor_id
"""
_PART_OF_DAY = """
              AND CAST(timezone(c.timezone, s.starts_at) AS time) >= :from_time
              AND CAST(timezone(c.timezone, s.starts_at) AS time) < :to_time"""


@functools.cache
def _free_per_clinic(*, by_doctor: bool, part_of_day: bool) -> Any:
    statement = text(
        _FREE_PER_CLINIC_SQL.format(
            doctors="d.id = :doctor_id" if by_doctor else "d.specialty_id = :specialty_id",
            part_of_day=_PART_OF_DAY if part_of_day else "",
            held=_NOT_HELD_SQL,
        )
    ).bindparams(
        bindparam("held_at", type_=DateTime(timezone=True)),
        bindparam("viewer", type_=UUID(as_uuid=True)),
        bindparam("clinic_ids", type_=_UUIDS),
        bindparam("afters", type_=_INSTANTS),
        bindparam("befores", type_=_INSTANTS),
        bindparam("doctor_id" if by_doctor else "specialty_id", type_=UUID(as_uuid=True)),
        bindparam("limit", type_=Integer),
    )
    return statement


async def free_slots_per_clinic(
    session: Reader,
    *,
    windows: Sequence[tuple[uuid.UUID, datetime, datetime]],
    specialty_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    part_of_day: tuple[time, time] | None = None,
    limit: int = 10,
    held_at: datetime | None = None,
    viewer: uuid.UUID | None = None,
) -> list[SlotOut]:
    """For each (clinic, after, before): the earliest `limit` free slots in (after, before)
    of the specialty's (or the doctor's) active doctors there, none on a full day of its
    doctor, optionally only those starting in `part_of_day` on the clinic's clock; by
    clinic, then time; places held for a waitlist patient other than `viewer` at `held_at`
    (default: the earliest window's start) are not free. One round trip for all the
    clinics."""
    if (specialty_id is None) == (doctor_id is None):
        raise ValueError("give exactly one of specialty_id and doctor_id")
    if not 1 <= limit <= MAX_QUERY_LIMIT:
        raise InvalidInput(code="slot-query-limit", max=MAX_QUERY_LIMIT)
    if not windows:
        return []
    for _clinic, after, before in windows:
        require_aware(after, "after")
        require_aware(before, "before")
    statement = _free_per_clinic(by_doctor=doctor_id is not None, part_of_day=bool(part_of_day))
    params: dict[str, Any] = {
        "clinic_ids": [w[0] for w in windows],
        "afters": [w[1] for w in windows],
        "befores": [w[2] for w in windows],
        "limit": limit,
        **_held_params(held_at or min(w[1] for w in windows), viewer),
    }
    if doctor_id is not None:
        params["doctor_id"] = doctor_id
    else:
        params["specialty_id"] = specialty_id
    if part_of_day:
        params["from_time"], params["to_time"] = part_of_day
    return [_slot_out(r) for r in await session.execute(statement, params)]
