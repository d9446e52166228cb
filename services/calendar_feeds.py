"""Calendar feeds: a subscribable iCalendar link of a patient's visits or a doctor's agenda.

The link carries a JWT (PyJWT, HS256 with `CARESLOT_JWT_SECRET`): subject (the user),
scope (patient or doctor), expiry and `jti`, which names a `calendar_feeds` row. Resetting
the link revokes that row, so the old token stops working at once although its signature
and expiry are still good. Anything else — forged, expired, revoked, a scope the user no
longer has — is simply no calendar (the web layer answers 404 and says nothing more).

What a feed shows: times, doctor, clinic and status. Never the visit reason, a record or
(in a doctor's feed) a patient's name: a calendar app keeps its copy on servers the
clinic does not control.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

import jwt
from icalendar import Calendar, Event
from pydantic import BaseModel
from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import Appointment, CalendarFeed, Clinic, Doctor, Patient, Specialty, User
from services import audit
from services.calendar import PRODID, event_uid
from services.errors import NotAllowed
from services.policy import Action, Actor, require

ALGORITHM = "HS256"
LIFETIME = timedelta(days=365)
# The visits a feed carries: recent past ones (a calendar keeps history) to the horizon.
PAST = timedelta(days=90)
AHEAD = timedelta(days=400)
_INACTIVE = ("cancelled", "no_show")
_NEXT = aliased(Appointment)


class FeedScope(StrEnum):
    patient = "patient"  # the visits of the user's patient record
    doctor = "doctor"  # the agenda of the user's doctor record


class FeedLink(BaseModel):
    scope: FeedScope
    token: str
    expires_at: datetime


def scopes_for(actor: Actor) -> list[FeedScope]:
    """The feeds the actor has: their own visits (a patient record), their agenda (a doctor)."""
    scopes = []
    if actor.patient_id is not None:
        scopes.append(FeedScope.patient)
    if actor.doctor_id is not None:
        scopes.append(FeedScope.doctor)
    return scopes


async def feed_link(
    session: AsyncSession, *, actor: Actor, scope: FeedScope, secret: str, now: datetime
) -> FeedLink:
    """The actor's live link for `scope` (the same one each time), made on first use."""
    _require(actor, scope)
    row = await session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == actor.user_id,
            CalendarFeed.scope == scope.value,
            CalendarFeed.revoked_at.is_(None),
        )
    )
    if row is not None and row.expires_at <= now:  # an expired link: replaced, not renewed
        row.revoked_at = now
        await session.flush()
        row = None
    if row is None:
        row = await _create(
            session, actor=actor, scope=scope, now=now, action="calendar_feed.create"
        )
    return _link(row, secret)


async def reset_feed(
    session: AsyncSession, *, actor: Actor, scope: FeedScope, secret: str, now: datetime
) -> FeedLink:
    """Revokes the actor's link for `scope` and makes a new one."""
    _require(actor, scope)
    await session.execute(
        update(CalendarFeed)
        .where(
            CalendarFeed.user_id == actor.user_id,
            CalendarFeed.scope == scope.value,
            CalendarFeed.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    row = await _create(session, actor=actor, scope=scope, now=now, action="calendar_feed.reset")
    return _link(row, secret)


async def feed_calendar(
    session: AsyncSession, *, token: str, secret: str, now: datetime
) -> bytes | None:
    """The iCalendar of a valid, live token; None for anything else."""
    claims = _claims(token, secret, now)
    if claims is None:
        return None
    row = await session.scalar(
        select(CalendarFeed)
        .join(User, User.id == CalendarFeed.user_id)
        .where(
            CalendarFeed.jti == claims["jti"],
            CalendarFeed.user_id == claims["sub"],
            CalendarFeed.scope == claims["scope"],
            CalendarFeed.revoked_at.is_(None),
            CalendarFeed.expires_at > now,
            User.is_active,
        )
    )
    if row is None:
        return None
    scope = FeedScope(row.scope)
    query = (
        select(Appointment, Doctor, Specialty, Clinic, Patient.full_name)
        .join(Doctor, Doctor.id == Appointment.doctor_id)
        .join(Specialty, Specialty.id == Doctor.specialty_id)
        .join(Clinic, Clinic.id == Appointment.clinic_id)
        .join(Patient, Patient.id == Appointment.patient_id)
        .where(Appointment.starts_at >= now - PAST, Appointment.starts_at < now + AHEAD)
        # A visit moved away is the same event as the visit it became (one UID): only the
        # latest of each is in the feed.
        .where(~exists().where(_NEXT.rescheduled_from_id == Appointment.id))
        .order_by(Appointment.starts_at)
    )
    if scope is FeedScope.patient:  # the holder's own visits and their family members'
        own = select(Patient.id).where(Patient.user_id == row.user_id).scalar_subquery()
        query = query.where(or_(Patient.user_id == row.user_id, Patient.holder_id == own))
    else:
        query = query.where(Doctor.user_id == row.user_id)
    rows = (await session.execute(query)).all()
    return _calendar(scope, rows, now)


def _require(actor: Actor, scope: FeedScope) -> None:
    require(actor, Action.calendar_feed, user_id=actor.user_id)
    if actor.user_id is None or scope not in scopes_for(actor):
        raise NotAllowed()


async def _create(
    session: AsyncSession, *, actor: Actor, scope: FeedScope, now: datetime, action: str
) -> CalendarFeed:
    row = CalendarFeed(
        user_id=actor.user_id, scope=scope.value, jti=uuid.uuid4(), created_at=now,
        expires_at=now + LIFETIME,
    )  # fmt: skip
    session.add(row)
    await session.flush()
    await audit.record(
        session, action=action, resource_type="calendar_feed", resource_id=row.id,
        actor_user_id=actor.user_id, details={"scope": scope.value}, at=now,
    )  # fmt: skip
    return row


def _link(row: CalendarFeed, secret: str) -> FeedLink:
    """The row's token: the same claims each time, so the link shown never changes."""
    claims = {
        "sub": str(row.user_id),
        "scope": row.scope,
        "jti": str(row.jti),
        "iat": int(row.created_at.timestamp()),
        "exp": int(row.expires_at.timestamp()),
    }
    token = jwt.encode(claims, secret, algorithm=ALGORITHM)
    return FeedLink(scope=FeedScope(row.scope), token=token, expires_at=row.expires_at)


def _claims(token: str, secret: str, now: datetime) -> dict | None:
    try:
        # Times are checked against the injected clock below, not the machine's.
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                     "require": ["sub", "scope", "jti", "exp"]},
        )  # fmt: skip
        if int(claims["exp"]) <= now.timestamp():
            return None
        return {
            "sub": uuid.UUID(str(claims["sub"])),
            "jti": uuid.UUID(str(claims["jti"])),
            "scope": FeedScope(str(claims["scope"])).value,
        }
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def _calendar(scope: FeedScope, rows, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "CareSlot" if scope is FeedScope.patient else "CareSlot agenda")
    for appt, doctor, specialty, clinic, member in rows:
        event = Event()
        event.add("uid", event_uid(str(appt.calendar_uid)))  # as in the chat's .ics files
        # A cancellation is one change more than the last file the chat sent.
        cancelled = appt.status in _INACTIVE
        event.add("sequence", appt.calendar_sequence + (1 if appt.status == "cancelled" else 0))
        event.add("dtstamp", now)
        event.add("dtstart", appt.starts_at)
        event.add("dtend", appt.ends_at)
        if scope is FeedScope.patient:
            # A family member's visit says whose it is, by first name: it is the holder's
            # own calendar, and two visits at once would otherwise look like a mistake.
            whose = f" · {member.split()[0]}" if member else ""
            event.add("summary", f"{doctor.full_name} ({specialty.name}){whose}")
        else:
            event.add("summary", "Patient visit")
        event.add("location", f"{clinic.name}, {clinic.address}, {clinic.city}")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
