"""The doctor's day: the visits of a day (or a range) and marking them arrived, done or
no-show, with a short Undo.

A doctor's visits are grouped by the clinic they take place in, each clinic's day in its
own time zone. Status changes are checked here for a clear sentence and enforced again by
PostgreSQL (migration 0008: the allowed transitions, the undo window, who may mark a
visit); each change writes its audit row, and a no-show its message to the patient, in
the same transaction.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import and_, bindparam, delete, exists, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import Reader, SessionFactory
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    Clinic,
    Doctor,
    DoctorSchedule,
    MedicalRecord,
    Notification,
    Patient,
    TimeOff,
    User,
)
from services import audit, notifications
from services.dates import MAX_DATE_TEXT, local_today, mentioned_day
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Action, Actor, Role, require, role_has
from services.slots import local_day_bounds

UNDO_MINUTES = 5  # the same window as the trigger of migration 0008
UNDO = timedelta(minutes=UNDO_MINUTES)
ARRIVE_EARLY = timedelta(hours=2)  # a patient may be checked in this long before the start
MAX_RANGE_DAYS = 31
NO_SHOW_KIND = "appointment.no_show"


class VisitChange(StrEnum):
    """What the doctor marks a visit as (the values are appointment statuses)."""

    arrived = "arrived"
    completed = "completed"
    no_show = "no_show"


class VisitLine(BaseModel):
    """One visit as the doctor's lists show it."""

    id: uuid.UUID
    patient_id: uuid.UUID
    clinic_id: uuid.UUID
    timezone: str
    starts_at: datetime
    ends_at: datetime
    patient_name: str
    age: int | None
    reason: str | None
    returning: bool  # an earlier visit with this doctor took place
    allergies: bool  # the patient has allergies recorded
    status: str
    has_record: bool
    changes: frozenset[VisitChange] = frozenset()  # what may be marked now
    undo_until: datetime | None = None  # the last mark can be undone until then

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def is_active(self) -> bool:
        """Still to see: booked, confirmed or arrived."""
        return self.status in ACTIVE_STATUSES


class ClinicDay(BaseModel):
    """A doctor's visits in one clinic on one of its local days."""

    clinic_id: uuid.UUID
    clinic_name: str
    timezone: str
    day: date
    visits: list[VisitLine]


class DayState(StrEnum):
    busy = "busy"  # visits still to see
    done = "done"  # every visit is over (done, no-show or cancelled)
    empty = "empty"  # a working day without visits
    off = "off"  # no working hours, or time off, and no visits


class DoctorDay(BaseModel):
    doctor_id: uuid.UUID
    day: date  # the day in the doctor's own clinic
    parts: list[ClinicDay]  # clinics with visits that day, the doctor's own first
    state: DayState


class AgendaOut(BaseModel):
    doctor_id: uuid.UUID
    first: date
    last: date
    days: list[DoctorDay]  # every day of the range, in order


def age_on(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def allowed_changes(status: str, starts_at: datetime, now: datetime) -> frozenset[VisitChange]:
    """What a visit in `status` may be marked as at `now` (the trigger's rules)."""
    found = set()
    if status in ("scheduled", "confirmed"):
        if now >= starts_at - ARRIVE_EARLY:
            found.add(VisitChange.arrived)
        if now >= starts_at:
            found |= {VisitChange.completed, VisitChange.no_show}
    elif status == "arrived" and now >= starts_at:
        found.add(VisitChange.completed)
    return frozenset(found)


def _undo_until(
    status: str, previous: str | None, changed_at: datetime | None, now: datetime
) -> datetime | None:
    if previous is None or changed_at is None or status not in set(VisitChange):
        return None
    until = changed_at + UNDO
    return until if now <= until else None


def _doctor_query():
    # Each weekday with hours and the dates they are in effect (migration 0012: hours
    # change from a date on), as [weekday, from, until] triples, until exclusive.
    blocks = (
        select(
            func.json_agg(
                func.json_build_array(
                    DoctorSchedule.weekday,
                    DoctorSchedule.effective_from,
                    DoctorSchedule.effective_until,
                )
            )
        )
        .where(DoctorSchedule.doctor_id == Doctor.id, DoctorSchedule.is_active)
        .scalar_subquery()
    )
    return (
        select(Doctor.id, Doctor.clinic_id, Clinic.timezone, blocks.label("blocks"))
        .join(Clinic, Clinic.id == Doctor.clinic_id)
        .where(Doctor.id == bindparam("doctor_id"))
    )


_Hours = tuple[int, date | None, date | None]  # weekday, effective from, until (exclusive)


def _hours(raw: list | None) -> frozenset[_Hours]:
    return frozenset(
        (
            weekday,
            date.fromisoformat(start) if start else None,
            date.fromisoformat(until) if until else None,
        )
        for weekday, start, until in raw or ()
    )


class _Doctor(NamedTuple):
    id: uuid.UUID
    clinic_id: uuid.UUID
    timezone: str
    hours: frozenset[_Hours]  # the weekdays with working hours, and when they apply

    def works_on(self, day: date) -> bool:
        """Whether the doctor has working hours on that local date (as slots are cut)."""
        weekday = day.weekday()
        return any(
            w == weekday and (start is None or start <= day) and (until is None or day < until)
            for w, start, until in self.hours
        )


async def _doctor(session: Reader, actor: Actor) -> _Doctor:
    """The actor's doctor record: id, own clinic, its time zone, their working weekdays
    (one round trip)."""
    # A doctor's own day; the front desk's and admins' views of it come with their parts.
    if actor.role is not Role.doctor or not role_has(actor, Action.view_doctor_day):
        raise NotAllowed()
    if actor.doctor_id is None:
        raise NotFound(code="no-doctor-profile")
    row = (await session.execute(_DOCTOR, {"doctor_id": actor.doctor_id})).first()
    if row is None:
        raise NotFound(code="no-doctor-profile")
    require(actor, Action.view_doctor_day, doctor_id=row.id, clinic_id=row.clinic_id)
    return _Doctor(row.id, row.clinic_id, row.timezone, _hours(row.blocks))


# A family member (a patient with a holder) has no account: their name is their own, their
# contact (and whom a message reaches) their holder's account.
_HOLDER = aliased(Patient)
_ACCOUNT_OF_PATIENT = func.coalesce(Patient.user_id, _HOLDER.user_id)


async def _account_of(session: AsyncSession, patient_id: uuid.UUID) -> uuid.UUID | None:
    """Whom a message about the patient reaches: their account, a family member's holder's;
    None when that account was deleted."""
    return await session.scalar(
        select(User.id)
        .select_from(Patient)
        .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
        .join(User, User.id == _ACCOUNT_OF_PATIENT)
        .where(Patient.id == patient_id, User.chat_id.is_not(None))
    )


def visits_select():
    """The columns of a visit line (`line_from`), for the lists and the card."""
    earlier = aliased(Appointment)
    returning = exists().where(
        earlier.doctor_id == Appointment.doctor_id,
        earlier.patient_id == Appointment.patient_id,
        earlier.starts_at < Appointment.starts_at,
        earlier.status.in_(("arrived", "completed")),
    )
    has_record = exists().where(MedicalRecord.appointment_id == Appointment.id)
    allergies = and_(
        Patient.allergies.is_not(None), func.length(func.btrim(Patient.allergies)) > 0
    )
    return (
        select(
            Appointment.id,
            Appointment.patient_id,
            Appointment.doctor_id,
            Appointment.clinic_id,
            Appointment.starts_at,
            Appointment.ends_at,
            Appointment.status,
            Appointment.previous_status,
            Appointment.status_changed_at,
            Appointment.reason,
            Clinic.name.label("clinic_name"),
            Clinic.timezone,
            func.coalesce(Patient.full_name, User.full_name).label("full_name"),
            Patient.date_of_birth,
            allergies.label("allergies"),
            returning.label("returning"),
            has_record.label("has_record"),
        )
        .join(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
        .join(User, User.id == _ACCOUNT_OF_PATIENT)
        .join(Clinic, Clinic.id == Appointment.clinic_id)
    )


# Built once (each call binds its values): making these statements costs more than
# running them.
_VISITS_BETWEEN = (
    visits_select()
    .where(
        Appointment.doctor_id == bindparam("doctor_id"),
        Appointment.starts_at >= bindparam("lo"),
        Appointment.starts_at < bindparam("hi"),
    )
    .order_by(Appointment.starts_at)
)
_VISIT = visits_select().where(Appointment.id == bindparam("appointment_id"))
_DOCTOR = _doctor_query()
_TIME_OFF = select(TimeOff.starts_at, TimeOff.ends_at).where(
    TimeOff.doctor_id == bindparam("doctor_id"),
    TimeOff.starts_at < bindparam("hi"),
    TimeOff.ends_at > bindparam("lo"),
)


def line_from(row, now: datetime) -> VisitLine:
    tz = ZoneInfo(row.timezone)
    return VisitLine(
        id=row.id,
        patient_id=row.patient_id,
        clinic_id=row.clinic_id,
        timezone=row.timezone,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        patient_name=row.full_name,
        age=age_on(row.date_of_birth, local_today(row.starts_at, tz)),
        reason=row.reason,
        returning=bool(row.returning),
        allergies=bool(row.allergies),
        status=row.status,
        has_record=bool(row.has_record),
        changes=allowed_changes(row.status, row.starts_at, now),
        undo_until=_undo_until(row.status, row.previous_status, row.status_changed_at, now),
    )


async def _days_away(
    session: Reader, doctor: _Doctor, days: list[date]
) -> set[date]:
    """Which of the (working) days the doctor has time off in, in one query."""
    if not days:
        return set()
    tz = ZoneInfo(doctor.timezone)
    lo, hi = local_day_bounds(min(days), tz)[0], local_day_bounds(max(days), tz)[1]
    ranges = (await session.execute(_TIME_OFF, {"doctor_id": doctor.id, "lo": lo, "hi": hi})).all()
    away = set()
    for day in days:
        day_lo, day_hi = local_day_bounds(day, tz)
        if any(start < day_hi and end > day_lo for start, end in ranges):
            away.add(day)
    return away


def _state(parts: list[ClinicDay], off: bool) -> DayState:
    visits = [v for p in parts for v in p.visits]
    if not visits:
        return DayState.off if off else DayState.empty
    if all(v.status not in ACTIVE_STATUSES for v in visits):
        return DayState.done
    return DayState.busy


async def _days(
    session: Reader,
    doctor: _Doctor,
    first: date,
    last: date,
    now: datetime,
) -> AgendaOut:
    """The doctor's days `first`..`last` (each day read in each clinic's own time zone)."""
    doctor_id, home_clinic = doctor.id, doctor.clinic_id
    # Wide enough for every time zone: each clinic's local days are picked out below.
    lo = datetime.combine(first, datetime.min.time(), ZoneInfo("UTC")) - timedelta(hours=14)
    hi = datetime.combine(last + timedelta(days=1), datetime.min.time(), ZoneInfo("UTC"))
    hi += timedelta(hours=14)
    params = {"doctor_id": doctor_id, "lo": lo, "hi": hi}
    rows = (await session.execute(_VISITS_BETWEEN, params)).all()
    by_day: dict[date, dict[uuid.UUID, ClinicDay]] = defaultdict(dict)
    for row in rows:
        line = line_from(row, now)
        local = line.local_start.date()
        if not first <= local <= last:
            continue
        part = by_day[local].get(row.clinic_id)
        if part is None:
            part = by_day[local][row.clinic_id] = ClinicDay(
                clinic_id=row.clinic_id,
                clinic_name=row.clinic_name,
                timezone=row.timezone,
                day=local,
                visits=[],
            )
        part.visits.append(line)
    every = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    # Time off matters only for a working day without visits: a query only if there is one.
    quiet = [d for d in every if d not in by_day and doctor.works_on(d)]
    away = await _days_away(session, doctor, quiet)
    days = []
    for day in every:
        parts = sorted(
            by_day.get(day, {}).values(), key=lambda p: (p.clinic_id != home_clinic, p.clinic_name)
        )
        off = not doctor.works_on(day) or day in away
        days.append(DoctorDay(doctor_id=doctor_id, day=day, parts=parts, state=_state(parts, off)))
    return AgendaOut(doctor_id=doctor_id, first=first, last=last, days=days)


async def doctor_today(session: Reader, *, actor: Actor, now: datetime) -> DoctorDay:
    """Today's visits of the actor's doctor record, today being their clinic's local day."""
    doctor = await _doctor(session, actor)
    today = local_today(now, ZoneInfo(doctor.timezone))
    return (await _days(session, doctor, today, today, now)).days[0]


async def day_of_doctor(session: Reader, *, doctor_id: uuid.UUID, now: datetime) -> DoctorDay:
    """Today's visits of a doctor, for the outbox's messages to that doctor (the morning
    digest, the live /today): whoever gets those was decided when they were written."""
    row = (await session.execute(_DOCTOR, {"doctor_id": doctor_id})).first()
    if row is None:
        raise NotFound(code="no-doctor-profile")
    doctor = _Doctor(row.id, row.clinic_id, row.timezone, _hours(row.blocks))
    today = local_today(now, ZoneInfo(doctor.timezone))
    return (await _days(session, doctor, today, today, now)).days[0]


async def doctor_agenda(
    session: Reader, *, actor: Actor, first: date, last: date, now: datetime
) -> AgendaOut:
    """The actor's visits day by day from `first` to `last` (at most MAX_RANGE_DAYS)."""
    if last < first:
        first, last = last, first
    if (last - first).days >= MAX_RANGE_DAYS:
        raise Conflict(code="agenda-range-too-long", max_days=MAX_RANGE_DAYS)
    return await _days(session, await _doctor(session, actor), first, last, now)


async def home_timezone(session: Reader, *, actor: Actor) -> str:
    """The time zone of the doctor's own clinic (free-text days are read in it)."""
    return (await _doctor(session, actor)).timezone


# --- marking a visit ------------------------------------------------------------------------


async def _lock(session: AsyncSession, appointment_id: uuid.UUID, actor: Actor) -> Appointment:
    appt = (
        await session.execute(
            select(Appointment).where(Appointment.id == appointment_id).with_for_update()
        )
    ).scalar_one_or_none()
    if appt is None:
        raise NotFound(code="appointment-not-found")
    require(
        actor,
        Action.mark_visit,
        doctor_id=appt.doctor_id,
        clinic_id=appt.clinic_id,
    )
    return appt


async def visit_line(session: Reader, appointment_id: uuid.UUID, now: datetime) -> VisitLine:
    """One visit as the lists show it (the caller has checked the actor)."""
    return line_from((await session.execute(_VISIT, {"appointment_id": appointment_id})).one(), now)


async def _flush_transition(session: AsyncSession) -> None:
    try:
        await session.flush()
    except DBAPIError as exc:  # the trigger refused: a race with another change
        raise Conflict(code="visit-status-refused") from exc


async def mark_visit(
    factory: SessionFactory,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    change: VisitChange,
    now: datetime,
    clinic_id: uuid.UUID | None = None,
) -> VisitLine:
    """Marks the visit arrived, done or no-show; a no-show's patient is told (after the undo
    window, so an Undo withdraws the message). Marking it what it already is changes
    nothing. With `clinic_id` (a clinic's board) the visit must be that clinic's."""
    async with factory() as session, session.begin():
        appt = await _lock(session, appointment_id, actor)
        if clinic_id is not None and appt.clinic_id != clinic_id:
            raise NotFound(code="appointment-not-found")
        if appt.status == change.value:  # a double tap, or a second device: already so
            return await visit_line(session, appt.id, now)
        if appt.status == "cancelled":
            raise Conflict(code="visit-cancelled")
        if change not in allowed_changes(appt.status, appt.starts_at, now):
            raise Conflict(code="visit-not-now")
        before = appt.status
        appt.status = change.value
        appt.status_changed_at = now
        appt.status_changed_by = actor.user_id
        await _flush_transition(session)
        await notifications.cancel_reminders(session, appointment_id=appt.id)
        await audit.record(
            session,
            action=f"appointment.{change.value}",
            resource_type="appointment",
            resource_id=appt.id,
            actor_user_id=actor.user_id,
            details={"from": before, "to": change.value},
            at=now,
        )
        if change is VisitChange.no_show:
            await _tell_no_show(session, appt, now)
        return await visit_line(session, appt.id, now)


async def _tell_no_show(session: AsyncSession, appt: Appointment, now: datetime) -> None:
    user_id = await _account_of(session, appt.patient_id)
    if user_id is None:  # a deleted account reaches nobody
        return
    await notifications.enqueue(
        session,
        user_id=user_id,
        kind=NO_SHOW_KIND,
        appointment_id=appt.id,
        payload={"appointment_id": str(appt.id)},
        due_at=now + UNDO,
        dedupe_key=_no_show_key(appt.id),
    )


def _no_show_key(appointment_id: uuid.UUID) -> str:
    return f"no-show:{appointment_id}"


async def undo_visit(
    factory: SessionFactory, *, actor: Actor, appointment_id: uuid.UUID, now: datetime
) -> VisitLine:
    """Puts the visit back to its status before the last mark, within UNDO_MINUTES."""
    async with factory() as session, session.begin():
        appt = await _lock(session, appointment_id, actor)
        until = _undo_until(appt.status, appt.previous_status, appt.status_changed_at, now)
        if until is None or appt.previous_status is None:
            raise Conflict(code="undo-expired", minutes=UNDO_MINUTES)
        before = appt.status
        appt.status = appt.previous_status
        appt.status_changed_at = now
        appt.status_changed_by = actor.user_id
        await _flush_transition(session)
        await audit.record(
            session,
            action="appointment.undo",
            resource_type="appointment",
            resource_id=appt.id,
            actor_user_id=actor.user_id,
            details={"from": before, "to": appt.status},
            at=now,
        )
        if before == VisitChange.no_show:
            await session.execute(
                delete(Notification).where(
                    Notification.dedupe_key == _no_show_key(appt.id),
                    Notification.sent_at.is_(None),
                    Notification.status == "pending",
                )
            )
        return await visit_line(session, appt.id, now)


# --- the agenda's free text -----------------------------------------------------------------

_RANGE = re.compile(r"\s*(?:–|—|\.\.|\bto\b|\buntil\b|\s-\s)\s*")
_DAY = r"(\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)"
_DATED_RANGE = re.compile(rf"^{_DAY}\s*-\s*{_DAY}$")
_WEEK = re.compile(r"^(this|next|last)\s+week$")


def parse_agenda_range(text: str, *, tz: ZoneInfo, now: datetime) -> tuple[date, date]:
    """The day or range a doctor typed: "tomorrow", "Friday", "next week", "12.05–16.05"."""
    phrase = " ".join(text.casefold().split())
    if not phrase or len(phrase) > MAX_DATE_TEXT:
        raise InvalidInput(code="agenda-unclear")
    today = local_today(now, tz)
    week = _WEEK.match(phrase)
    if week:
        monday = today - timedelta(days=today.weekday())
        monday += timedelta(weeks={"this": 0, "next": 1, "last": -1}[week.group(1)])
        return monday, monday + timedelta(days=6)
    if phrase == "week":
        return today, today + timedelta(days=6)
    dated = _DATED_RANGE.match(phrase)
    sides = list(dated.groups()) if dated else _RANGE.split(phrase, maxsplit=1)
    days = [mentioned_day(side, tz=tz, now=now) for side in sides if side.strip()]
    if not days or any(d is None for d in days):
        raise InvalidInput(code="agenda-unclear")
    first, last = days[0], days[-1]
    if last < first:
        # "28.12–03.01" runs into the next year; "8.03–5.03" is the same days either way.
        wrapped = last.replace(year=last.year + 1) if (last.month, last.day) != (2, 29) else last
        if (wrapped - first).days < MAX_RANGE_DAYS:
            last = wrapped
        else:
            first, last = last, first
    if (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidInput(code="agenda-range-too-long", max_days=MAX_RANGE_DAYS)
    return first, last


async def visit_day(session: Reader, *, actor: Actor, appointment_id: uuid.UUID) -> date:
    """The clinic-local day of one of the actor's visits."""
    row = (
        await session.execute(
            select(Appointment.doctor_id, Appointment.starts_at, Clinic.timezone)
            .join(Clinic, Clinic.id == Appointment.clinic_id)
            .where(Appointment.id == appointment_id)
        )
    ).first()
    if row is None:
        raise NotFound(code="appointment-not-found")
    require(actor, Action.view_doctor_day, doctor_id=row.doctor_id)
    return row.starts_at.astimezone(ZoneInfo(row.timezone)).date()


# --- running late ---------------------------------------------------------------------------

LATE_MINUTES = (15, 30)
LATE_KIND = "appointment.running_late"


class LateOut(BaseModel):
    told: int  # patients told now
    already: int  # remaining patients who had been told before


async def running_late(
    factory: SessionFactory, *, actor: Actor, minutes: int, now: datetime
) -> LateOut:
    """Tells the patients of the doctor's visits still to begin today (each clinic's today)
    that the doctor runs `minutes` late — each visit's patient once, through the outbox."""
    if minutes not in LATE_MINUTES:
        raise InvalidInput(code="late-minutes")
    async with factory() as session, session.begin():
        doctor = await _doctor(session, actor)
        today = local_today(now, ZoneInfo(doctor.timezone))
        agenda = await _days(session, doctor, today, today, now)
        waiting = [
            v for p in agenda.days[0].parts for v in p.visits
            if v.status in ("scheduled", "confirmed") and v.starts_at > now
        ]  # fmt: skip
        keys = {v.id: f"late:{v.id}" for v in waiting}
        told_before = set(
            (
                await session.scalars(
                    select(Notification.dedupe_key).where(
                        Notification.dedupe_key.in_(list(keys.values()))
                    )
                )
            ).all()
        ) if keys else set()  # fmt: skip
        fresh = [v for v in waiting if keys[v.id] not in told_before]
        told = 0
        for visit in fresh:
            user_id = await _account_of(session, visit.patient_id)
            if user_id is None:  # a deleted account reaches nobody
                continue
            await notifications.enqueue(
                session,
                user_id=user_id,
                kind=LATE_KIND,
                appointment_id=visit.id,
                payload={"appointment_id": str(visit.id), "minutes": minutes},
                due_at=now,
                dedupe_key=keys[visit.id],
            )
            told += 1
        await audit.record(
            session,
            action="doctor.running_late",
            resource_type="doctor",
            resource_id=doctor.id,
            actor_user_id=actor.user_id,
            details={"minutes": minutes, "told": told},
            at=now,
        )
    return LateOut(told=told, already=len(waiting) - len(fresh))
