"""The doctor's morning digest: today's list at a time of day each doctor sets (default
07:30 in their clinic's time zone), or never (off).

A repeating job (`enqueue_digests`) writes each doctor's next digest to the outbox ahead of
time, with a dedupe key per doctor and clinic-local day, so any number of processes may run
it and a day's digest is written — and sent — once. The dispatcher renders it when it is
sent, from the day as it is then, with the lines of /today; a day without visits sends
nothing. Changing the time (or turning it off) takes back the waiting row and writes the
next one in the same transaction; a day whose digest has gone out is not sent again.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import Clinic, Doctor, Notification
from services import audit, notifications
from services.errors import InvalidInput, NotAllowed, NotFound
from services.notifications import Kind
from services.policy import Action, Actor, require, role_has

DEFAULT_AT = time(7, 30)
_OFF = frozenset({"off", "no", "none", "apagado", "apagar", "вимк", "вимкнути", "ні"})
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?$")


class DigestOut(BaseModel):
    at: time | None  # None: off
    timezone: str


def parse_digest_time(text: str) -> time | None:
    """What a doctor typed after /digest: "07:00", "7.15", "8", or "off" (None)."""
    phrase = " ".join(text.casefold().split())
    if phrase in _OFF:
        return None
    found = _TIME.match(phrase)
    if found is None:
        raise InvalidInput(code="digest-time-unclear")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(code="digest-time-unclear")
    return time(hour, minute)


def _key(doctor_id: uuid.UUID, day: date) -> str:
    return f"digest:{doctor_id}:{day.isoformat()}"


def next_moment(at: time, timezone: str, now: datetime) -> tuple[date, datetime]:
    """The clinic-local day and the instant of the next digest at `at` after `now`."""
    tz = ZoneInfo(timezone)
    day = now.astimezone(tz).date()
    moment = datetime.combine(day, at, tzinfo=tz)
    if moment <= now:
        day += timedelta(days=1)
        moment = datetime.combine(day, at, tzinfo=tz)
    return day, moment


async def _enqueue_next(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID,
    user_id: uuid.UUID,
    at: time,
    timezone: str,
    now: datetime,
) -> None:
    day, moment = next_moment(at, timezone, now)
    await notifications.enqueue(
        session,
        user_id=user_id,
        kind=Kind.morning_digest,
        payload={"doctor_id": str(doctor_id), "day": day.isoformat(), "at": _hm(at)},
        due_at=moment,
        dedupe_key=_key(doctor_id, day),
    )


# Doctors per transaction of the job: their rows are share-locked until it commits.
BATCH = 100

_DOCTORS = (
    select(Doctor.id, Doctor.user_id, Doctor.digest_at, Clinic.timezone)
    .join(Clinic, Clinic.id == Doctor.clinic_id)
    .where(
        Doctor.is_active,
        Clinic.is_active,
        Doctor.user_id.is_not(None),
        Doctor.digest_at.is_not(None),
    )
    .order_by(Doctor.id)
    .with_for_update(read=True, of=Doctor)
)


async def enqueue_digests(factory: SessionFactory, *, now: datetime) -> int:
    """The job: every doctor's next digest written to the outbox (idempotent), BATCH
    doctors a transaction. Their rows are share-locked meanwhile, so a change of a doctor's
    time waits for the batch and then takes back what it wrote."""
    count, after = 0, None
    while True:
        async with factory() as session, session.begin():
            query = _DOCTORS if after is None else _DOCTORS.where(Doctor.id > after)
            rows = (await session.execute(query.limit(BATCH))).all()
            for row in rows:
                await _enqueue_next(
                    session,
                    doctor_id=row.id,
                    user_id=row.user_id,
                    at=row.digest_at,
                    timezone=row.timezone,
                    now=now,
                )
        count += len(rows)
        if len(rows) < BATCH:
            return count
        after = rows[-1].id


async def still_wanted(session: Reader, *, doctor_id: uuid.UUID, payload: dict) -> str | None:
    """Why a waiting digest is no longer wanted (the dispatcher asks before sending it):
    turned off, or its time changed since it was written; None: send it."""
    at = await session.scalar(select(Doctor.digest_at).where(Doctor.id == doctor_id))
    if at is None:
        return "digest-off"
    if payload.get("at") not in (None, _hm(at)):
        return "time-changed"
    return None


def _hm(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


async def _own_doctor(session: Reader, actor: Actor, *, lock: bool = False):
    """The actor's doctor record: id, account, clinic, digest time, clinic time zone."""
    if not role_has(actor, Action.set_digest):
        raise NotAllowed()
    if actor.doctor_id is None:
        raise NotFound(code="no-doctor-profile")
    query = (
        select(Doctor.id, Doctor.user_id, Doctor.clinic_id, Doctor.digest_at, Clinic.timezone)
        .join(Clinic, Clinic.id == Doctor.clinic_id)
        .where(Doctor.id == actor.doctor_id)
    )
    row = (await session.execute(query.with_for_update(of=Doctor) if lock else query)).first()
    if row is None:
        raise NotFound(code="no-doctor-profile")
    require(actor, Action.set_digest, doctor_id=row.id, clinic_id=row.clinic_id)
    return row


async def digest_setting(session: Reader, *, actor: Actor) -> DigestOut:
    """The actor's digest time (None: off) and their clinic's time zone."""
    row = await _own_doctor(session, actor)
    return DigestOut(at=row.digest_at, timezone=row.timezone)


async def set_digest(
    factory: SessionFactory, *, actor: Actor, at: time | None, now: datetime
) -> DigestOut:
    """Sets the actor's digest time, or turns it off (None); the waiting digest follows."""
    async with factory() as session, session.begin():
        doctor = await _own_doctor(session, actor, lock=True)
        await session.execute(update(Doctor).where(Doctor.id == doctor.id).values(digest_at=at))
        if doctor.user_id is not None:
            await session.execute(
                delete(Notification).where(
                    Notification.user_id == doctor.user_id,
                    Notification.kind == Kind.morning_digest.value,
                    Notification.status == "pending",
                    Notification.claimed_by.is_(None),
                )
            )
            if at is not None:
                await _enqueue_next(
                    session,
                    doctor_id=doctor.id,
                    user_id=doctor.user_id,
                    at=at,
                    timezone=doctor.timezone,
                    now=now,
                )
        await audit.record(
            session,
            action="doctor.digest_set",
            resource_type="doctor",
            resource_id=doctor.id,
            actor_user_id=actor.user_id,
            details={
                "from": doctor.digest_at.strftime("%H:%M") if doctor.digest_at else None,
                "to": at.strftime("%H:%M") if at else None,
            },
            at=now,
        )
        return DigestOut(at=at, timezone=doctor.timezone)
