"""Doctors' weekly working hours (with breaks) and their time off.

Working hours are wall-clock times of the doctor's clinic; slots are cut from
them by `services.slots.generate_slots`. Changing the weekly hours affects the
slots generated afterwards; slots that already exist stay as they are (close
them with time off or `deactivate_slot`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    Doctor,
    DoctorSchedule,
    ScheduleBreak,
    TimeOff,
)
from services import audit, freed, rebooking
from services.errors import InvalidInput, NotFound
from services.policy import Action, Actor, require
from services.slots import lock_doctor_slots, require_aware

MAX_TIME_OFF = timedelta(days=366)
MAX_REASON_LENGTH = 300


class BreakOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: time
    end: time


class ScheduleBlockOut(BaseModel):
    """One weekly working block of a doctor, in the clinic's local time."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    doctor_id: uuid.UUID
    weekday: int  # 0 = Monday, as date.weekday()
    start: time
    end: time
    is_active: bool
    breaks: list[BreakOut]


class TimeOffOut(BaseModel):
    """A doctor's time off; after adding it, what happened to the slots in its range."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    doctor_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    reason: str | None
    deactivated_slots: int = 0
    # Slots in the range that keep active appointments, and those appointments:
    # their patients must be told (the notification issue consumes these ids).
    affected_slot_ids: list[uuid.UUID] = Field(default_factory=list)
    affected_appointment_ids: list[uuid.UUID] = Field(default_factory=list)
    cancelled_appointment_ids: list[uuid.UUID] = Field(default_factory=list)


class TimeOffRemoved(BaseModel):
    """A removed time off, and how many of the slots it closed were opened again."""

    model_config = ConfigDict(frozen=True)

    time_off: TimeOffOut
    reopened_slots: int
    reopened_slot_ids: list[uuid.UUID] = Field(default_factory=list)


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def _span(start: time, end: time) -> str:
    return f"{_hhmm(start)}–{_hhmm(end)}"


def _block_out(block: DoctorSchedule, breaks: Sequence[tuple[time, time]]) -> ScheduleBlockOut:
    return ScheduleBlockOut(
        id=block.id,
        doctor_id=block.doctor_id,
        weekday=block.weekday,
        start=block.start_time,
        end=block.end_time,
        is_active=block.is_active,
        breaks=[BreakOut(start=s, end=e) for s, e in sorted(breaks)],
    )


def _check_clock_time(t: time) -> None:
    if t.tzinfo is not None:
        raise InvalidInput(code="hours-with-time-zone")
    if t.second or t.microsecond:
        raise InvalidInput(code="hours-whole-minutes")


def _validate_block(
    weekday: int, start: time, end: time, breaks: Sequence[tuple[time, time]]
) -> list[tuple[time, time]]:
    """The breaks sorted, or `InvalidInput` saying what is wrong with the block."""
    if not 0 <= weekday <= 6:
        raise InvalidInput(code="weekday-out-of-range")
    for t in (start, end, *(t for pair in breaks for t in pair)):
        _check_clock_time(t)
    if end <= start:
        raise InvalidInput(code="hours-end-before-start", start=start, end=end)
    ordered = sorted(breaks)
    for b_start, b_end in ordered:
        if b_end <= b_start:
            raise InvalidInput(code="break-end-before-start", start=b_start, end=b_end)
        if b_start < start or b_end > end:
            raise InvalidInput(
                code="break-outside-hours",
                break_start=b_start,
                break_end=b_end,
                start=start,
                end=end,
            )
    for (a_start, a_end), (b_start, b_end) in pairwise(ordered):
        if b_start < a_end:
            raise InvalidInput(
                code="breaks-overlap",
                first_start=a_start,
                first_end=a_end,
                second_start=b_start,
                second_end=b_end,
            )
    return ordered


async def _lock_doctor(session: AsyncSession, doctor_id: uuid.UUID, actor: Actor) -> Doctor:
    """The doctor row, locked so two edits of one doctor's hours run one after the other,
    once the actor may manage this doctor's hours."""
    # NO KEY UPDATE: does not block bookings, whose foreign keys take KEY SHARE locks.
    doctor = await session.scalar(
        select(Doctor).where(Doctor.id == doctor_id).with_for_update(key_share=True)
    )
    if doctor is None:
        raise NotFound(code="doctor-not-found")
    require(actor, Action.manage_schedule, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    return doctor


async def _refuse_overlap(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID,
    weekday: int,
    start: time,
    end: time,
    exclude_id: uuid.UUID | None,
) -> None:
    query = select(DoctorSchedule.start_time, DoctorSchedule.end_time).where(
        DoctorSchedule.doctor_id == doctor_id,
        DoctorSchedule.weekday == weekday,
        DoctorSchedule.is_active,
        DoctorSchedule.start_time < end,
        DoctorSchedule.end_time > start,
    )
    if exclude_id is not None:
        query = query.where(DoctorSchedule.id != exclude_id)
    clash = (await session.execute(query.limit(1))).first()
    if clash is not None:
        raise InvalidInput(
            code="hours-overlap", weekday=weekday, start=clash.start_time, end=clash.end_time
        )


def _break_rows(breaks: Sequence[tuple[time, time]]) -> list[ScheduleBreak]:
    return [ScheduleBreak(start_time=s, end_time=e) for s, e in breaks]


async def set_working_hours(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID,
    weekday: int,
    start: time,
    end: time,
    breaks: Sequence[tuple[time, time]] = (),
    actor: Actor,
    now: datetime,
) -> ScheduleBlockOut:
    """Create, or replace, the doctor's working block starting at `start` on `weekday`."""
    ordered = _validate_block(weekday, start, end, breaks)
    await _lock_doctor(session, doctor_id, actor)
    block = await session.scalar(
        select(DoctorSchedule)
        .options(selectinload(DoctorSchedule.breaks))
        .where(
            DoctorSchedule.doctor_id == doctor_id,
            DoctorSchedule.weekday == weekday,
            DoctorSchedule.start_time == start,
        )
    )
    await _refuse_overlap(
        session,
        doctor_id=doctor_id,
        weekday=weekday,
        start=start,
        end=end,
        exclude_id=block.id if block is not None else None,
    )
    replaced = block is not None
    if block is None:
        block = DoctorSchedule(
            doctor_id=doctor_id,
            weekday=weekday,
            start_time=start,
            end_time=end,
            is_active=True,
            breaks=_break_rows(ordered),
        )
        session.add(block)
    else:
        # A removed block with the same start is brought back rather than duplicated.
        block.end_time = end
        block.is_active = True
        block.breaks = _break_rows(ordered)
    await session.flush()
    await audit.record(
        session,
        action="schedule.set",
        resource_type="doctor_schedule",
        resource_id=block.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "doctor_id": str(doctor_id),
            "weekday": weekday,
            "start": _hhmm(start),
            "end": _hhmm(end),
            "breaks": [_span(s, e) for s, e in ordered],
            "replaced": replaced,
        },
    )
    await session.flush()
    return _block_out(block, ordered)


async def _load_block(
    session: AsyncSession, schedule_id: uuid.UUID, actor: Actor
) -> DoctorSchedule:
    """The block with its breaks, locked after its doctor (the order `set_working_hours` uses)."""
    doctor_id = await session.scalar(
        select(DoctorSchedule.doctor_id).where(DoctorSchedule.id == schedule_id)
    )
    if doctor_id is None:
        raise NotFound(code="hours-not-found")
    await _lock_doctor(session, doctor_id, actor)
    block = await session.scalar(
        select(DoctorSchedule)
        .options(selectinload(DoctorSchedule.breaks))
        .where(DoctorSchedule.id == schedule_id)
        .with_for_update(of=DoctorSchedule)
    )
    if block is None:
        raise NotFound(code="hours-not-found")
    return block


async def update_working_hours(
    session: AsyncSession,
    *,
    schedule_id: uuid.UUID,
    start: time | None = None,
    end: time | None = None,
    breaks: Sequence[tuple[time, time]] | None = None,
    actor: Actor,
    now: datetime,
) -> ScheduleBlockOut:
    """Change the times and/or breaks of an active working block (None keeps a value)."""
    block = await _load_block(session, schedule_id, actor)
    if not block.is_active:
        raise NotFound(code="hours-removed")
    new_start = block.start_time if start is None else start
    new_end = block.end_time if end is None else end
    new_breaks = [(b.start_time, b.end_time) for b in block.breaks] if breaks is None else breaks
    ordered = _validate_block(block.weekday, new_start, new_end, new_breaks)
    await _refuse_overlap(
        session,
        doctor_id=block.doctor_id,
        weekday=block.weekday,
        start=new_start,
        end=new_end,
        exclude_id=block.id,
    )
    before = {"start": _hhmm(block.start_time), "end": _hhmm(block.end_time)}
    if new_start != block.start_time:
        # Only a removed block can still hold this start (an active one would overlap);
        # it is a template nothing refers to, and it would trip the unique key.
        await session.execute(
            delete(DoctorSchedule).where(
                DoctorSchedule.doctor_id == block.doctor_id,
                DoctorSchedule.weekday == block.weekday,
                DoctorSchedule.start_time == new_start,
                DoctorSchedule.id != block.id,
                DoctorSchedule.is_active.is_(False),
            )
        )
    block.start_time = new_start
    block.end_time = new_end
    if breaks is not None:
        block.breaks = _break_rows(ordered)
    await session.flush()
    await audit.record(
        session,
        action="schedule.update",
        resource_type="doctor_schedule",
        resource_id=block.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "doctor_id": str(block.doctor_id),
            "weekday": block.weekday,
            "before": before,
            "start": _hhmm(new_start),
            "end": _hhmm(new_end),
            "breaks": [_span(s, e) for s, e in ordered],
        },
    )
    await session.flush()
    return _block_out(block, ordered)


async def deactivate_working_hours(
    session: AsyncSession, *, schedule_id: uuid.UUID, actor: Actor, now: datetime
) -> ScheduleBlockOut:
    """Remove a weekly working block from future slot generation (existing slots stay)."""
    block = await _load_block(session, schedule_id, actor)
    breaks = [(b.start_time, b.end_time) for b in block.breaks]
    if block.is_active:
        block.is_active = False
        await session.flush()
        await audit.record(
            session,
            action="schedule.deactivate",
            resource_type="doctor_schedule",
            resource_id=block.id,
            actor_user_id=actor.user_id,
            at=now,
            details={"doctor_id": str(block.doctor_id), "weekday": block.weekday},
        )
        await session.flush()
    return _block_out(block, breaks)


async def list_working_hours(
    session: AsyncSession, *, doctor_id: uuid.UUID, include_inactive: bool = False
) -> list[ScheduleBlockOut]:
    """The doctor's weekly working blocks with their breaks, by weekday and start."""
    query = (
        select(DoctorSchedule)
        .options(selectinload(DoctorSchedule.breaks))
        .where(DoctorSchedule.doctor_id == doctor_id)
        .order_by(DoctorSchedule.weekday, DoctorSchedule.start_time)
    )
    if not include_inactive:
        query = query.where(DoctorSchedule.is_active)
    blocks = await session.scalars(query)
    return [_block_out(b, [(x.start_time, x.end_time) for x in b.breaks]) for b in blocks]


# --- time off --------------------------------------------------------------------------------

_CLOSE_FOR_TIME_OFF = text(
    """
    WITH closed AS (
        UPDATE appointment_slots SET is_active = false, updated_at = now()
        WHERE doctor_id = :doctor_id AND starts_at < :ends_at AND ends_at > :starts_at
          AND ends_at > :now AND is_active AND booked_count = 0
        RETURNING id)
    INSERT INTO time_off_slots (time_off_id, slot_id) SELECT :time_off_id, id FROM closed
    RETURNING slot_id
    """
)
_IN_OTHER_TIME_OFF = """
    EXISTS (SELECT 1 FROM time_off o WHERE o.doctor_id = :doctor_id AND o.id <> :time_off_id
            AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at)"""
_REOPEN = text(
    f"""
    UPDATE appointment_slots s SET is_active = true, updated_at = now()
    FROM time_off_slots l
    WHERE l.time_off_id = :time_off_id AND l.slot_id = s.id
      AND NOT s.is_active AND s.starts_at > :now AND NOT {_IN_OTHER_TIME_OFF}
      -- outside the doctor's hours since: the hours keep it closed (hours_closed_slots)
      AND NOT EXISTS (SELECT 1 FROM hours_closed_slots h WHERE h.slot_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM appointment_slots a
                      WHERE a.doctor_id = s.doctor_id AND a.is_active AND a.id <> s.id
                        AND a.starts_at < s.ends_at AND a.ends_at > s.starts_at)
    RETURNING s.id
    """
)
_HAND_OVER = text(
    f"""
    UPDATE time_off_slots l SET time_off_id = (
        SELECT o.id FROM time_off o
        WHERE o.doctor_id = :doctor_id AND o.id <> :time_off_id
          AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at
        ORDER BY o.starts_at, o.id LIMIT 1)
    FROM appointment_slots s
    WHERE l.time_off_id = :time_off_id AND l.slot_id = s.id AND NOT s.is_active
      AND {_IN_OTHER_TIME_OFF}
    """
)


def _time_off_out(row: TimeOff) -> TimeOffOut:
    return TimeOffOut(
        id=row.id,
        doctor_id=row.doctor_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        reason=row.reason,
    )


async def add_time_off(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    reason: str | None = None,
    actor: Actor,
    now: datetime,
    cancel_visits: bool = False,
) -> TimeOffOut:
    """Record time off, close the doctor's free slots in it and list the bookings it hits;
    with `cancel_visits`, first cancel the visits in it that have not begun, each patient
    offered other times (services.rebooking), all in the caller's transaction."""
    for value, name in ((starts_at, "starts_at"), (ends_at, "ends_at"), (now, "now")):
        require_aware(value, name)
    if ends_at <= starts_at:
        raise InvalidInput(code="time-off-end-before-start")
    if ends_at <= now:
        raise InvalidInput(code="time-off-over")
    if ends_at - starts_at > MAX_TIME_OFF:
        raise InvalidInput(code="time-off-too-long")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(code="time-off-reason-too-long", limit=MAX_REASON_LENGTH)
    doctor = await session.get(Doctor, doctor_id)
    if doctor is None:
        raise NotFound(code="doctor-not-found")
    require(actor, Action.manage_time_off, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    # Queue behind a slot generation of this doctor, so it cannot add slots in the range
    # that this transaction does not see.
    await lock_doctor_slots(session, [doctor_id])

    row = TimeOff(doctor_id=doctor_id, starts_at=starts_at, ends_at=ends_at, reason=reason)
    session.add(row)
    await session.flush()

    in_range = (
        Appointment.doctor_id == doctor_id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.starts_at < ends_at,
        Appointment.ends_at > starts_at,
    )
    cancelled: list[uuid.UUID] = []
    if cancel_visits:
        # The visits not begun yet are cancelled first (each patient is told once), so
        # their slots are free and close with the others below. A patient already checked
        # in is in the waiting room: their visit is kept, as one in progress is.
        visits = list(
            await session.scalars(
                select(Appointment)
                .where(*in_range, Appointment.starts_at > now, Appointment.status != "arrived")
                .order_by(Appointment.starts_at, Appointment.id)
                .with_for_update()
            )
        )
        cancelled = await rebooking.cancel_for_doctor(
            session, appointments=visits, actor=actor, reason=rebooking.TIME_OFF, now=now
        )
    # `booked_count = 0` is re-checked on the locked row, so a booking committed meanwhile
    # keeps its slot and shows up among the affected appointments below. Which slots this
    # time off closed is written down: removing it reopens those and no others.
    closed = await session.execute(
        _CLOSE_FOR_TIME_OFF,
        {"time_off_id": row.id, "doctor_id": doctor_id, "starts_at": starts_at,
         "ends_at": ends_at, "now": now},
    )  # fmt: skip
    deactivated = len(closed.all())
    affected = (
        await session.execute(
            select(Appointment.id, Appointment.slot_id)
            .where(*in_range, Appointment.ends_at > now)
            .order_by(Appointment.starts_at, Appointment.id)
        )
    ).all()
    appointment_ids = [a.id for a in affected]
    slot_ids = list(dict.fromkeys(a.slot_id for a in affected))

    await audit.record(
        session,
        action="time_off.add",
        resource_type="time_off",
        resource_id=row.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "doctor_id": str(doctor_id),
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "deactivated_slots": deactivated,
            "affected_appointments": [str(i) for i in appointment_ids],
            "cancelled_appointments": [str(i) for i in cancelled],
        },
    )
    await session.flush()
    return _time_off_out(row).model_copy(
        update={
            "deactivated_slots": deactivated,
            "affected_slot_ids": slot_ids,
            "affected_appointment_ids": appointment_ids,
            "cancelled_appointment_ids": cancelled,
        }
    )


async def list_time_off(
    session: AsyncSession, *, doctor_id: uuid.UUID, after: datetime | None = None
) -> list[TimeOffOut]:
    """The doctor's time off in time order; with `after`, only what ends after it."""
    query = select(TimeOff).where(TimeOff.doctor_id == doctor_id).order_by(TimeOff.starts_at)
    if after is not None:
        query = query.where(TimeOff.ends_at > after)
    return [_time_off_out(r) for r in await session.scalars(query)]


async def remove_time_off(
    session: AsyncSession,
    *,
    time_off_id: uuid.UUID,
    now: datetime,
    actor: Actor,
) -> TimeOffRemoved:
    """Delete a time off and open again the future slots it closed (and only those)."""
    require_aware(now, "now")
    found = (
        await session.execute(
            select(TimeOff, Doctor.clinic_id)
            .join(Doctor, Doctor.id == TimeOff.doctor_id)
            .where(TimeOff.id == time_off_id)
            .with_for_update(of=TimeOff)
        )
    ).first()
    if found is None:
        raise NotFound(code="time-off-not-found")
    row, clinic_id = found
    require(actor, Action.manage_time_off, doctor_id=row.doctor_id, clinic_id=clinic_id)
    removed = _time_off_out(row)
    doctor_id = row.doctor_id
    await lock_doctor_slots(session, [doctor_id])
    # Exactly the slots this time off closed, still closed and ahead: those in another
    # time off stay closed and are that one's now; the rest open again (unless an active
    # slot took their time meanwhile). Slots closed for other reasons are not touched.
    reopened = list(
        await session.scalars(_REOPEN, {"time_off_id": time_off_id, "doctor_id": doctor_id,
                                        "now": now})
    )  # fmt: skip
    await session.execute(_HAND_OVER, {"time_off_id": time_off_id, "doctor_id": doctor_id})
    await session.delete(row)
    await session.flush()
    await freed.places_freed(session, slot_ids=reopened, now=now)

    await audit.record(
        session,
        action="time_off.remove",
        resource_type="time_off",
        resource_id=time_off_id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "doctor_id": str(doctor_id),
            "starts_at": removed.starts_at.isoformat(),
            "ends_at": removed.ends_at.isoformat(),
            "reopened_slots": len(reopened),
        },
    )
    await session.flush()
    return TimeOffRemoved(
        time_off=removed, reopened_slots=len(reopened), reopened_slot_ids=reopened
    )
