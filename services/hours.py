"""A doctor's weekly hours changed in chat, from a date on.

`parse_hours` reads "Mon 9-13, 14-18" (two stretches: a break between them), "Wed off",
"Tue 10:00-16:30", "Mon-Fri 9-17" (several statements split by ";" or new lines) in
English, Spanish or Ukrainian day names. `change_hours` applies it in one transaction:
the blocks of those weekdays end the day before the date (earlier weeks keep them) and
the new ones begin on it; future free slots from the date that fall outside the new hours
close; new slots are cut to the clinic's horizon; booked visits outside the new hours are
returned for the doctor to keep, or cancel with an offer of other times (`cancel_visit`,
the same message time off sends).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.engine import Reader
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentSlot,
    Clinic,
    Doctor,
    DoctorSchedule,
    Patient,
    ScheduleBreak,
    User,
)
from services import audit, freed, rebooking
from services.dates import MAX_DATE_TEXT, local_today, mentioned_day, parse_day
from services.errors import InvalidInput, NotAllowed, NotFound
from services.policy import Action, Actor, Role, require, role_has
from services.schedules import _lock_doctor, _validate_block
from services.slots import generate_slots_unchecked, local_day_bounds, lock_doctor_slots

MAX_HOURS_TEXT = 300

_DAYS = {
    0: ("mon", "monday", "lun", "lunes", "пн", "понеділок"),
    1: ("tue", "tues", "tuesday", "mar", "martes", "вт", "вівторок"),
    2: ("wed", "wednesday", "mié", "mie", "miércoles", "miercoles", "ср", "середа"),
    3: ("thu", "thur", "thurs", "thursday", "jue", "jueves", "чт", "четвер"),
    4: ("fri", "friday", "vie", "viernes", "пт", "пʼятниця", "п'ятниця", "пятниця"),
    5: ("sat", "saturday", "sáb", "sab", "sábado", "sabado", "сб", "субота"),
    6: ("sun", "sunday", "dom", "domingo", "нд", "неділя"),
}
_DAY = {name: weekday for weekday, names in _DAYS.items() for name in names}
_OFF = {"off", "closed", "none", "libre", "cerrado", "descanso", "вихідний", "вихідна", "ні"}
_RANGE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*-\s*(\d{1,2})(?:[:.](\d{2}))?")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "’": "ʼ"})

Ranges = list[tuple[time, time]]


class BlockOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: time
    end: time
    breaks: list[tuple[time, time]]


class DayOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    weekday: int
    blocks: list[BlockOut]


class ChangeOut(BaseModel):
    """Hours that begin on a later date than today (already decided)."""

    model_config = ConfigDict(frozen=True)

    effective_from: date
    days: list[DayOut]


class WeekOut(BaseModel):
    """The doctor's week at a glance: the hours in effect today, and changes ahead."""

    model_config = ConfigDict(frozen=True)

    doctor_id: uuid.UUID
    doctor_name: str
    clinic_name: str
    timezone: str
    today: date
    days: list[DayOut]
    upcoming: list[ChangeOut]


class VisitLine(BaseModel):
    """A booked visit outside the new hours: the doctor keeps it or cancels it."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    starts_at: datetime
    timezone: str
    patient_name: str

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))


class HoursChanged(BaseModel):
    model_config = ConfigDict(frozen=True)

    effective_from: date
    closed_slots: int
    new_slots: int
    outside: list[VisitLine]


# --- reading what the doctor typed --------------------------------------------------------


def _day_set(part: str) -> list[int]:
    days: list[int] = []
    for token in [t for t in re.split(r"[,\s]+", part) if t]:
        ends = [e.strip(".") for e in token.split("-")]
        if len(ends) > 2 or any(e not in _DAY for e in ends):
            raise InvalidInput(code="hours-unclear")
        first, last = _DAY[ends[0]], _DAY[ends[-1]]
        span = (last - first) % 7
        days.extend((first + i) % 7 for i in range(span + 1))
    if not days:
        raise InvalidInput(code="hours-unclear")
    return list(dict.fromkeys(days))


def _clock(hour: str, minute: str | None) -> time:
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return time(23, 59)
    if h > 23 or m > 59:
        raise InvalidInput(code="hours-unclear")
    return time(h, m)


def _ranges(part: str) -> Ranges:
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    found: Ranges = []
    for piece in pieces:
        match = _RANGE.fullmatch(piece)
        if match is None:
            raise InvalidInput(code="hours-unclear")
        start, end = _clock(*match.group(1, 2)), _clock(*match.group(3, 4))
        if end <= start:
            raise InvalidInput(code="hours-end-before-start", start=start, end=end)
        found.append((start, end))
    found.sort()
    for (_a, a_end), (b_start, b_end) in pairwise(found):
        if b_start < a_end:
            raise InvalidInput(code="hours-stretches-overlap", start=b_start, end=min(a_end, b_end))
    return found


def parse_hours(typed: str) -> dict[int, Ranges]:
    """weekday → its working stretches in time order ([] for a day off), from what the
    doctor typed; InvalidInput ("hours-unclear") for anything else."""
    phrase = " ".join((typed or "").casefold().translate(_DASHES).split())
    if not phrase or len(phrase) > MAX_HOURS_TEXT:
        raise InvalidInput(code="hours-unclear")
    changes: dict[int, Ranges] = {}
    for statement in [s.strip() for s in re.split(r"[;\n]", phrase) if s.strip()]:
        digit = re.search(r"\d", statement)
        if digit is None:
            words = statement.rsplit(" ", 1)
            if len(words) != 2 or words[1] not in _OFF:
                raise InvalidInput(code="hours-unclear")
            days, ranges = _day_set(words[0]), []
        else:
            days, ranges = _day_set(statement[: digit.start()]), _ranges(statement[digit.start() :])
        for weekday in days:
            changes[weekday] = ranges
    return changes


def as_block(ranges: Ranges) -> tuple[time, time, list[tuple[time, time]]] | None:
    """Stretches as one working block with the gaps between them as breaks."""
    if not ranges:
        return None
    merged: Ranges = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    breaks = [(a_end, b_start) for (_a, a_end), (b_start, _b) in pairwise(merged)]
    return merged[0][0], merged[-1][1], breaks


def parse_from_date(typed: str, *, tz: ZoneInfo, now: datetime, language: str = "en") -> date:
    """The date new hours begin on: today or later (words also in the doctor's language)."""
    phrase = " ".join((typed or "").split())
    if not phrase or len(phrase) > MAX_DATE_TEXT:
        raise InvalidInput(code="hours-from-unclear")
    day = mentioned_day(phrase, tz=tz, now=now)
    if day is None and language != "en":
        try:
            day = parse_day(phrase, tz=tz, now=now, horizon_days=366, language=language)
        except InvalidInput:
            day = None
    if day is None:
        raise InvalidInput(code="hours-from-unclear")
    if day < local_today(now, tz):
        raise InvalidInput(code="hours-from-passed", day=day)
    return day


# --- the week --------------------------------------------------------------------------------


async def _doctor_of(
    session: Reader, actor: Actor, action: Action, doctor_id: uuid.UUID | None = None
):
    """The doctor whose hours these are: the actor's own (`doctor_id` None: a doctor's
    /hours), or the one named, once the policy lets the actor manage their hours (an admin
    any doctor, the front desk its clinic's)."""
    if doctor_id is None:
        if actor.role is not Role.doctor or not role_has(actor, action):
            raise NotAllowed()
        if actor.doctor_id is None:
            raise NotFound(code="no-doctor-profile")
    elif not role_has(actor, action):
        raise NotAllowed()
    row = (
        await session.execute(
            select(
                Doctor.id,
                Doctor.clinic_id,
                Doctor.visit_minutes,
                Doctor.full_name,
                Clinic.name,
                Clinic.timezone,
                Clinic.booking_horizon_days,
            )
            .join(Clinic, Clinic.id == Doctor.clinic_id)
            .where(Doctor.id == (doctor_id or actor.doctor_id))
        )
    ).first()
    if row is None:
        raise NotFound(code="no-doctor-profile" if doctor_id is None else "doctor-not-found")
    require(actor, action, doctor_id=row.id, clinic_id=row.clinic_id)
    return row


async def timezone_of(session: Reader, *, actor: Actor, doctor_id: uuid.UUID | None = None) -> str:
    """The time zone of the doctor's clinic (the dates typed for their hours are read in it)."""
    return (await _doctor_of(session, actor, Action.manage_schedule, doctor_id)).timezone


def _in_effect(block: DoctorSchedule, day: date) -> bool:
    return (block.effective_from is None or block.effective_from <= day) and (
        block.effective_until is None or day < block.effective_until
    )


def _block_out(block: DoctorSchedule) -> BlockOut:
    return BlockOut(
        start=block.start_time,
        end=block.end_time,
        breaks=[(b.start_time, b.end_time) for b in block.breaks],
    )


def _days(blocks: Sequence[DoctorSchedule], day_of: dict[int, date]) -> list[DayOut]:
    by_day: dict[int, list[BlockOut]] = defaultdict(list)
    for b in sorted(blocks, key=lambda b: b.start_time):
        if _in_effect(b, day_of[b.weekday]):
            by_day[b.weekday].append(_block_out(b))
    return [DayOut(weekday=w, blocks=by_day.get(w, [])) for w in range(7)]


async def week(
    session: AsyncSession, *, actor: Actor, now: datetime, doctor_id: uuid.UUID | None = None
) -> WeekOut:
    """The hours of each weekday in effect this week (from today), and changes decided:
    the actor's own, or those of the doctor named (see `_doctor_of`)."""
    doctor = await _doctor_of(session, actor, Action.manage_schedule, doctor_id)
    tz = ZoneInfo(doctor.timezone)
    today = local_today(now, tz)
    blocks = list(
        await session.scalars(
            select(DoctorSchedule)
            .options(selectinload(DoctorSchedule.breaks))
            .where(DoctorSchedule.doctor_id == doctor.id, DoctorSchedule.is_active)
        )
    )
    # Each weekday on its next date from today: the week the doctor is about to work.
    next_date = {(today + timedelta(days=i)).weekday(): today + timedelta(days=i) for i in range(7)}
    starts = sorted(
        {b.effective_from for b in blocks if b.effective_from and b.effective_from > today}
    )
    upcoming = []
    for start in starts:
        changed = {b.weekday for b in blocks if b.effective_from == start}
        on = {w: start + timedelta(days=(w - start.weekday()) % 7) for w in range(7)}
        days = [d for d in _days(blocks, on) if d.weekday in changed]
        upcoming.append(ChangeOut(effective_from=start, days=days))
    return WeekOut(
        doctor_id=doctor.id,
        doctor_name=doctor.full_name,
        clinic_name=doctor.name,
        timezone=doctor.timezone,
        today=today,
        days=_days(blocks, next_date),
        upcoming=upcoming,
    )


# --- the change ------------------------------------------------------------------------------


def _stretches(blocks: Sequence[DoctorSchedule], day: date) -> list[tuple[int, int]]:
    """The working stretches (seconds from local midnight) in effect on a local date."""
    out = []
    for b in blocks:
        if b.weekday != day.weekday() or not _in_effect(b, day):
            continue
        cursor = _sec(b.start_time)
        for br in sorted(b.breaks, key=lambda x: x.start_time):
            out.append((cursor, _sec(br.start_time)))
            cursor = _sec(br.end_time)
        out.append((cursor, _sec(b.end_time)))
    return out


def _sec(t: time) -> int:
    return t.hour * 3600 + t.minute * 60


def _inside(stretches: list[tuple[int, int]], start: datetime, end: datetime) -> bool:
    """Whether a slot (local times) lies within one working stretch of its day."""
    if end.date() != start.date() and not (end.date() > start.date() and _sec(end.time()) == 0):
        return False
    s = _sec(start.time())
    e = _sec(end.time()) if end.date() == start.date() else 24 * 3600
    return any(a <= s and e <= b for a, b in stretches)


async def _close(session: AsyncSession, slot_ids: list[uuid.UUID]) -> None:
    """Closes free slots outside the hours, writing down that the hours closed them."""
    if slot_ids:
        await session.execute(_CLOSE_OUTSIDE, {"ids": slot_ids})


_IDS = ARRAY(UUID(as_uuid=True))
_CLOSE_OUTSIDE = text(
    """
    WITH closed AS (
        UPDATE appointment_slots SET is_active = false, updated_at = now()
        WHERE id = ANY(:ids) AND is_active AND booked_count = 0 RETURNING id)
    INSERT INTO hours_closed_slots (slot_id) SELECT id FROM closed ON CONFLICT DO NOTHING
    """
).bindparams(bindparam("ids", type_=_IDS))
_ALSO_OUTSIDE = text(
    """
    INSERT INTO hours_closed_slots (slot_id)
    SELECT slot_id FROM time_off_slots WHERE slot_id = ANY(:ids) ON CONFLICT DO NOTHING
    """
).bindparams(bindparam("ids", type_=_IDS))
_COVERED = """EXISTS (SELECT 1 FROM time_off o WHERE o.doctor_id = s.doctor_id
                      AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at)"""
# Back inside the hours but in a time off: the hours no longer hold it, the time off does
# (the first one covering it, so that removing that time off reopens it).
_HELD_BY_TIME_OFF = text(
    f"""
    WITH held AS (
        DELETE FROM hours_closed_slots h USING appointment_slots s
        WHERE h.slot_id = s.id AND s.id = ANY(:ids) AND {_COVERED}
        RETURNING s.id, s.doctor_id, s.starts_at, s.ends_at)
    INSERT INTO time_off_slots (time_off_id, slot_id)
    SELECT (SELECT o.id FROM time_off o WHERE o.doctor_id = held.doctor_id
              AND o.starts_at < held.ends_at AND o.ends_at > held.starts_at
            ORDER BY o.starts_at, o.id LIMIT 1), held.id
    FROM held
    ON CONFLICT DO NOTHING
    """
).bindparams(bindparam("ids", type_=_IDS))
_REOPEN_INSIDE = text(
    f"""
    WITH opened AS (
    UPDATE appointment_slots s SET is_active = true, updated_at = now()
    FROM hours_closed_slots h
    WHERE h.slot_id = s.id AND s.id = ANY(:ids) AND NOT s.is_active
      AND NOT {_COVERED}
      AND NOT EXISTS (SELECT 1 FROM appointment_slots a
                      WHERE a.doctor_id = s.doctor_id AND a.is_active AND a.id <> s.id
                        AND a.starts_at < s.ends_at AND a.ends_at > s.starts_at)
    RETURNING s.id)
    DELETE FROM hours_closed_slots h USING opened WHERE h.slot_id = opened.id
    RETURNING h.slot_id
    """
).bindparams(bindparam("ids", type_=_IDS))


async def _version_blocks(
    session: AsyncSession, doctor_id: uuid.UUID, changes: dict[int, Ranges], first: date
) -> None:
    """The changed weekdays' blocks end before `first` (or go, if they had not begun by
    then); the new ones begin on it."""
    old = await session.scalars(
        select(DoctorSchedule).where(
            DoctorSchedule.doctor_id == doctor_id,
            DoctorSchedule.weekday.in_(list(changes)),
            DoctorSchedule.is_active,
            (DoctorSchedule.effective_until.is_(None)) | (DoctorSchedule.effective_until > first),
        )
    )
    for block in old:
        if block.effective_from is not None and block.effective_from >= first:
            await session.delete(block)
        else:
            block.effective_until = first
    await session.flush()
    for weekday, ranges in sorted(changes.items()):
        shaped = as_block(ranges)
        if shaped is None:
            continue
        start, end, breaks = shaped
        _validate_block(weekday, start, end, breaks)
        session.add(
            DoctorSchedule(
                doctor_id=doctor_id,
                weekday=weekday,
                start_time=start,
                end_time=end,
                effective_from=first,
                breaks=[ScheduleBreak(start_time=s, end_time=e) for s, e in breaks],
            )
        )
    await session.flush()


async def change_hours(
    session: AsyncSession,
    *,
    actor: Actor,
    changes: dict[int, Ranges],
    effective_from: date,
    now: datetime,
    doctor_id: uuid.UUID | None = None,
) -> HoursChanged:
    """New hours for the weekdays named, from `effective_from` on (see the module): the
    actor's own, or those of the doctor named (see `_doctor_of`)."""
    if not changes:
        raise InvalidInput(code="hours-unclear")
    doctor = await _doctor_of(session, actor, Action.manage_schedule, doctor_id)
    await _lock_doctor(session, doctor.id, actor)
    await lock_doctor_slots(session, [doctor.id])
    tz = ZoneInfo(doctor.timezone)
    today = local_today(now, tz)
    if effective_from < today:
        raise InvalidInput(code="hours-from-passed", day=effective_from)
    await _version_blocks(session, doctor.id, changes, effective_from)
    blocks = list(
        await session.scalars(
            select(DoctorSchedule)
            .options(selectinload(DoctorSchedule.breaks))
            .where(DoctorSchedule.doctor_id == doctor.id, DoctorSchedule.is_active)
            .execution_options(populate_existing=True)
        )
    )
    lo = max(local_day_bounds(effective_from, tz)[0], now)
    rows = (
        await session.execute(
            select(
                AppointmentSlot.id,
                AppointmentSlot.starts_at,
                AppointmentSlot.ends_at,
                AppointmentSlot.is_active,
                AppointmentSlot.booked_count,
            ).where(AppointmentSlot.doctor_id == doctor.id, AppointmentSlot.starts_at >= lo)
        )
    ).all()
    close, unlink, reopen, booked = [], [], [], []
    for r in rows:
        start, end = r.starts_at.astimezone(tz), r.ends_at.astimezone(tz)
        if start.weekday() not in changes:
            continue
        inside = _inside(_stretches(blocks, start.date()), start, end)
        if inside:
            if not r.is_active:
                reopen.append(r.id)
        elif not r.is_active:
            unlink.append(r.id)
        elif r.booked_count == 0:
            close.append(r.id)
        else:
            booked.append(r.id)
    await _close(session, close)
    if unlink:  # a time off's slots now outside the hours too: removing it must not reopen them
        await session.execute(_ALSO_OUTSIDE, {"ids": unlink})
    # Slots earlier hours closed that are back inside the hours (a day off taken back) open
    # again unless a time off still holds them (it reopens them when removed); slots closed
    # for other reasons stay closed.
    reopened: list[uuid.UUID] = []
    if reopen:
        reopened = list(await session.scalars(_REOPEN_INSIDE, {"ids": reopen}))
        await session.execute(_HELD_BY_TIME_OFF, {"ids": reopen})
    new_ids: list[uuid.UUID] = []
    last = today + timedelta(days=doctor.booking_horizon_days)
    if effective_from <= last:
        await generate_slots_unchecked(
            session,
            start=effective_from,
            end=last,
            now=now,
            doctor_ids=[doctor.id],
            actor_user_id=actor.user_id,
            new_ids=new_ids,
        )
    # The new slots were offered to the waitlist as they were made; the reopened ones now.
    await freed.places_freed(session, slot_ids=reopened, now=now)
    outside = await _visits_on(session, booked, now, doctor.timezone)
    await audit.record(
        session,
        action="schedule.change",
        resource_type="doctor",
        resource_id=doctor.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "effective_from": effective_from.isoformat(),
            "days": {
                str(w): [f"{s:%H:%M}-{e:%H:%M}" for s, e in r] for w, r in sorted(changes.items())
            },
            "closed_slots": len(close),
            "new_slots": len(new_ids) + len(reopened),
            "outside_visits": [str(v.id) for v in outside],
        },
    )
    await session.flush()
    return HoursChanged(
        effective_from=effective_from,
        closed_slots=len(close),
        new_slots=len(new_ids) + len(reopened),
        outside=outside,
    )


_NAME = func.coalesce(Patient.full_name, User.full_name)


async def _visits_on(
    session: AsyncSession, slot_ids: list[uuid.UUID], now: datetime, timezone: str
) -> list[VisitLine]:
    if not slot_ids:
        return []
    rows = await session.execute(
        select(Appointment.id, Appointment.starts_at, _NAME.label("name"))
        .join(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(User, User.id == Patient.user_id)
        .where(
            Appointment.slot_id.in_(slot_ids),
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at > now,
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    return [
        VisitLine(id=r.id, starts_at=r.starts_at, timezone=timezone, patient_name=r.name or "")
        for r in rows
    ]


async def _own_visit(
    session: AsyncSession,
    actor: Actor,
    appointment_id: uuid.UUID,
    now: datetime,
    doctor_id: uuid.UUID | None,
) -> Appointment:
    """The visit, locked, once the actor may manage its doctor's hours; with `doctor_id`,
    only a visit of that doctor."""
    appt = await session.scalar(
        select(Appointment).where(Appointment.id == appointment_id).with_for_update()
    )
    if appt is None or (doctor_id is not None and appt.doctor_id != doctor_id):
        raise NotFound(code="appointment-not-found")
    require(actor, Action.manage_schedule, doctor_id=appt.doctor_id, clinic_id=appt.clinic_id)
    if appt.status not in ACTIVE_STATUSES or appt.starts_at <= now:
        raise NotFound(code="appointment-not-found")
    return appt


async def keep_visit(
    session: AsyncSession,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    now: datetime,
    doctor_id: uuid.UUID | None = None,
) -> None:
    """The doctor (or who manages their hours) keeps a booked visit that falls outside the
    new hours (audited)."""
    appt = await _own_visit(session, actor, appointment_id, now, doctor_id)
    await audit.record(
        session,
        action="appointment.keep_outside_hours",
        resource_type="appointment",
        resource_id=appt.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"doctor_id": str(appt.doctor_id)},
    )


async def cancel_visit(
    session: AsyncSession,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    now: datetime,
    doctor_id: uuid.UUID | None = None,
) -> None:
    """The doctor (or who manages their hours) cancels a visit outside the new hours: the
    patient is offered the nearest free times (services.rebooking), and its slot, outside
    the hours, closes."""
    appt = await _own_visit(session, actor, appointment_id, now, doctor_id)
    await lock_doctor_slots(session, [appt.doctor_id])
    await rebooking.cancel_for_doctor(
        session, appointments=[appt], actor=actor, reason=rebooking.HOURS_CHANGED, now=now
    )
    await _close(session, [appt.slot_id])
    await session.flush()
