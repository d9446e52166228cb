"""A doctor's own time off from the chat (/off): read what they typed, show the visits it
would cancel, take it (one transaction: the time off, its closed slots, the cancelled
visits, one message per patient), list what is ahead, remove it.

What was typed is a day or range of days ("tomorrow", "24.12–02.01", "Friday"), optionally
followed by a part of the day ("afternoon") or clock times ("14-18"), read on the clinic's
clock.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import ACTIVE_STATUSES, Appointment, Patient, TimeOff, TimeOffSlot, User
from services import schedules
from services.dates import parse_day
from services.doctor_day import parse_agenda_range
from services.errors import InvalidInput, NotFound
from services.hours import VisitLine, _doctor_of
from services.policy import Action, Actor, require
from services.schedules import TimeOffOut, TimeOffRemoved

MAX_TEXT = 100
MAX_AHEAD_DAYS = 366
# Parts of a day, on the clinic's clock (end None: midnight after).
_PARTS = {
    ("morning", "mañana", "manana", "вранці", "зранку", "ранок"): (time(0), time(12)),
    ("afternoon", "tarde", "після обіду", "по обіді", "вдень", "пообідні"): (time(12), None),
    ("evening", "noche", "ввечері", "вечір"): (time(17), None),
}
_PART = {word: span for words, span in _PARTS.items() for word in words}
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*-\s*(\d{1,2})(?:[:.](\d{2}))?$")
_FILLER = re.compile(r"\b(in the|the|por la|por|la|de|від|з)$")


class TimeOffPlan(BaseModel):
    """What a time off would do: its range and the visits it would cancel."""

    model_config = ConfigDict(frozen=True)

    starts_at: datetime
    ends_at: datetime
    timezone: str
    visits: list[VisitLine]


def _at(day: date, moment: time | None, tz: ZoneInfo) -> datetime:
    if moment is None:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, moment, tzinfo=tz)


def _days(phrase: str, *, tz: ZoneInfo, now: datetime, language: str) -> tuple[date, date]:
    """A day or range as /agenda reads it; one day also in the doctor's language."""
    try:
        return parse_agenda_range(phrase, tz=tz, now=now)
    except InvalidInput:
        if language == "en":
            raise
    day = parse_day(phrase, tz=tz, now=now, horizon_days=MAX_AHEAD_DAYS, language=language)
    return day, day


def parse_time_off(
    typed: str, *, tz: ZoneInfo, now: datetime, language: str = "en"
) -> tuple[datetime, datetime]:
    """The (start, end) a doctor typed, as aware datetimes of the clinic's zone."""
    phrase = " ".join((typed or "").casefold().replace("–", "-").replace("—", "-").split())
    if not phrase or len(phrase) > MAX_TEXT:
        raise InvalidInput(code="time-off-unclear")
    span: tuple[time, time | None] = (time(0), None)
    clock = _CLOCK.search(phrase)
    if clock and clock.start() > 0:
        h1, m1, h2, m2 = (int(x or 0) for x in clock.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise InvalidInput(code="time-off-unclear")
        end = None if h2 == 24 else time(h2, m2)
        if end is not None and end <= time(h1, m1):
            raise InvalidInput(code="time-off-end-before-start")
        span, phrase = (time(h1, m1), end), phrase[: clock.start()].strip()
    else:
        for word in sorted(_PART, key=len, reverse=True):
            if phrase.endswith(" " + word):
                span, phrase = _PART[word], phrase[: -len(word)].strip()
                break
    phrase = _FILLER.sub("", phrase).strip()
    try:
        first, last = _days(phrase, tz=tz, now=now, language=language)
    except InvalidInput:
        raise InvalidInput(code="time-off-unclear") from None
    return _at(first, span[0], tz), _at(last, span[1], tz)


_NAME = func.coalesce(Patient.full_name, User.full_name)


async def plan(
    session: Reader, *, actor: Actor, starts_at: datetime, ends_at: datetime, now: datetime
) -> TimeOffPlan:
    """The visits a time off over this range would cancel (those not begun), for the doctor
    to see before confirming."""
    doctor = await _doctor_of(session, actor, Action.manage_time_off)
    if ends_at <= starts_at:
        raise InvalidInput(code="time-off-end-before-start")
    if ends_at <= now:
        raise InvalidInput(code="time-off-over")
    rows = await session.execute(
        select(Appointment.id, Appointment.starts_at, _NAME.label("name"))
        .join(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(User, User.id == Patient.user_id)
        .where(
            Appointment.doctor_id == doctor.id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at < ends_at,
            Appointment.ends_at > starts_at,
            Appointment.starts_at > now,
            Appointment.status != "arrived",  # checked in: kept (services.schedules)
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    visits = [
        VisitLine(
            id=r.id, starts_at=r.starts_at, timezone=doctor.timezone, patient_name=r.name or ""
        )
        for r in rows
    ]
    return TimeOffPlan(
        starts_at=starts_at, ends_at=ends_at, timezone=doctor.timezone, visits=visits
    )


async def take(
    factory: SessionFactory,
    *,
    actor: Actor,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
) -> TimeOffOut:
    """The doctor's time off, in ONE transaction: the row, its closed slots (written down),
    the visits in it cancelled by the doctor (audited) and one message per patient."""
    async with factory() as session, session.begin():
        doctor = await _doctor_of(session, actor, Action.manage_time_off)
        return await schedules.add_time_off(
            session,
            doctor_id=doctor.id,
            starts_at=starts_at,
            ends_at=ends_at,
            actor=actor,
            now=now,
            cancel_visits=True,
        )


class TimeOffLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    timezone: str
    closed_slots: int


async def upcoming(session: Reader, *, actor: Actor, now: datetime) -> list[TimeOffLine]:
    """The doctor's time off that is not over yet, in time order."""
    doctor = await _doctor_of(session, actor, Action.manage_time_off)
    closed = (
        select(func.count())
        .where(TimeOffSlot.time_off_id == TimeOff.id)
        .correlate(TimeOff)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(TimeOff.id, TimeOff.starts_at, TimeOff.ends_at, closed.label("closed"))
        .where(TimeOff.doctor_id == doctor.id, TimeOff.ends_at > now)
        .order_by(TimeOff.starts_at)
        .limit(20)
    )
    return [
        TimeOffLine(
            id=r.id,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            timezone=doctor.timezone,
            closed_slots=r.closed,
        )
        for r in rows
    ]


async def remove(
    session: AsyncSession, *, actor: Actor, time_off_id: uuid.UUID, now: datetime
) -> TimeOffRemoved:
    """Removes one of the doctor's own time off (reopening only the slots it closed);
    another doctor's is not found."""
    owner = await session.scalar(select(TimeOff.doctor_id).where(TimeOff.id == time_off_id))
    if owner is None:
        raise NotFound(code="time-off-not-found")
    require(actor, Action.manage_time_off, doctor_id=owner)
    return await schedules.remove_time_off(session, time_off_id=time_off_id, now=now, actor=actor)
