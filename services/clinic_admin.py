"""The admin's clinics: every clinic with all its settings, a setting read from what was
typed and changed (services.catalog checks the booking window and audits before → after),
a new clinic checked step by step before it is saved, and what deactivating one does.

Deactivating a clinic keeps its booked visits (patients may still cancel them, the desk
and the doctor still see them); the clinic and its doctors leave search and take no new
bookings (services.booking refuses an inactive clinic's slots)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import ACTIVE_STATUSES, Appointment, Clinic, Doctor
from services import catalog
from services.catalog import ClinicCreate, ClinicUpdate
from services.errors import Conflict, InvalidInput, NotFound
from services.phones import normalise_phone, region_for_zone
from services.policy import Action, Actor, require

MAX_NOTICE_MINUTES = 60 * 24 * 14
REMINDER_MIN, REMINDER_MAX, MAX_REMINDERS = 10, 20160, 4
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# field of the chat → the clinic's column (several fields are one number each)
COLUMNS = {
    "name": "name",
    "address": "address",
    "city": "city",
    "state": "state",
    "zip": "zip",
    "phone": "phone",
    "email": "email",
    "timezone": "timezone",
    "notice": "min_booking_notice_minutes",
    "horizon": "booking_horizon_days",
    "cancel": "min_cancel_notice_minutes",
    "reminders": "reminder_minutes",
}
_TEXT_LIMITS = {"name": (2, 200), "address": (3, 300), "city": (1, 100), "state": (2, 100)}
ZIP_LIMITS = (2, 20)  # the column's width; postcodes of every country fit
_ZIP = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*")


class ClinicCard(BaseModel):
    """A clinic with every setting an admin manages."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: uuid.UUID
    name: str
    address: str
    city: str
    state: str | None
    zip: str | None
    phone: str | None
    email: str | None
    timezone: str
    min_booking_notice_minutes: int
    min_cancel_notice_minutes: int
    booking_horizon_days: int
    reminder_minutes: list[int]
    is_active: bool

    @property
    def locks_new_visits(self) -> bool:
        """Is a visit booked at the shortest notice already inside the cancellation notice
        (the booking summary then warns the patient it cannot be changed in the chat)?"""
        return self.min_cancel_notice_minutes > self.min_booking_notice_minutes


class ClinicEffect(BaseModel):
    """What deactivating (or reactivating) a clinic touches, shown before confirming."""

    model_config = ConfigDict(frozen=True)

    clinic: ClinicCard
    future_visits: int
    doctors: int


async def clinics(session: Reader, *, actor: Actor) -> list[catalog.ClinicOut]:
    """Every clinic by name, inactive ones included."""
    require(actor, Action.manage_clinics)
    return await catalog.list_clinics(session, active_only=False)


async def clinic_card(session: Reader, *, actor: Actor, clinic_id: uuid.UUID) -> ClinicCard:
    require(actor, Action.manage_clinics, clinic_id=clinic_id)
    columns = [getattr(Clinic, name) for name in ClinicCard.model_fields]
    row = (await session.execute(select(*columns).where(Clinic.id == clinic_id))).first()
    if row is None:
        raise NotFound(code="clinic-not-found")
    return ClinicCard.model_validate(row._asdict())


async def clinic_effect(
    session: Reader, *, actor: Actor, clinic_id: uuid.UUID, now: datetime
) -> ClinicEffect:
    """The clinic, how many visits it has ahead and how many active doctors."""
    card = await clinic_card(session, actor=actor, clinic_id=clinic_id)
    visits = await session.scalar(
        select(func.count()).where(
            Appointment.clinic_id == clinic_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at > now,
        )
    )
    doctors = await session.scalar(
        select(func.count()).where(Doctor.clinic_id == clinic_id, Doctor.is_active)
    )
    return ClinicEffect(clinic=card, future_visits=visits or 0, doctors=doctors or 0)


@cache
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def read_timezone(typed: str) -> str:
    """An IANA time zone as typed ("europe/london" → "Europe/London"), or InvalidInput."""
    clean = "_".join((typed or "").strip().split())
    found = _zones().get(clean.casefold())
    if found is None or "/" not in found:
        raise InvalidInput(code="unknown-timezone", text=(typed or "").strip()[:64])
    return found


def read_phone(typed: str, *, timezone: str) -> str:
    """The clinic's number in E.164, read in the country of its time zone."""
    return normalise_phone(typed, default_region=region_for_zone(timezone))


def read_text(field: str, typed: str) -> str:
    low, high = _TEXT_LIMITS[field]
    clean = " ".join((typed or "").split())
    if not low <= len(clean) <= high:
        raise InvalidInput(code="clinic-text-length", min=low, max=high)
    return clean


def _whole(typed: str, *, low: int, high: int, code: str) -> int:
    clean = (typed or "").strip()
    if not re.fullmatch(r"\d{1,6}", clean) or not low <= int(clean) <= high:
        raise InvalidInput(code=code, min=low, max=high)
    return int(clean)


def read_value(field: str, typed: str, *, timezone: str) -> Any:
    """What was typed for one setting, as its column's value, or InvalidInput."""
    if field in _TEXT_LIMITS:
        return read_text(field, typed)
    if field == "zip":
        clean = " ".join((typed or "").split()).upper()
        low, high = ZIP_LIMITS
        if not low <= len(clean) <= high or not _ZIP.fullmatch(clean):
            raise InvalidInput(code="clinic-zip-shape", min=low, max=high)
        return clean
    if field == "phone":
        return read_phone(typed, timezone=timezone)
    if field == "timezone":
        return read_timezone(typed)
    if field == "email":
        clean = (typed or "").strip()
        if len(clean) > 254 or not _EMAIL.fullmatch(clean):
            raise InvalidInput(code="bad-email")
        return clean
    if field in ("notice", "cancel"):
        return _whole(typed, low=0, high=MAX_NOTICE_MINUTES, code="bad-minutes")
    if field == "horizon":
        return _whole(typed, low=1, high=365, code="clinic-horizon-range")
    if field == "reminders":
        parts = [p for p in re.split(r"[,\s;]+", (typed or "").strip()) if p]
        if parts == ["0"]:
            return []
        if not 1 <= len(parts) <= MAX_REMINDERS:
            raise InvalidInput(code="bad-reminders", min=REMINDER_MIN, max=REMINDER_MAX)
        return [_whole(p, low=REMINDER_MIN, high=REMINDER_MAX, code="bad-reminders") for p in parts]
    raise InvalidInput(code="clinic-unknown-field")


async def edit_clinic(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    field: str,
    typed: str,
    now: datetime,
) -> ClinicCard:
    """One setting changed from what was typed (InvalidInput: nothing changes)."""
    card = await clinic_card(session, actor=actor, clinic_id=clinic_id)
    value = read_value(field, typed, timezone=card.timezone)
    column = COLUMNS[field]
    await catalog.update_clinic(
        session, actor=actor, clinic_id=clinic_id, data=ClinicUpdate(**{column: value}), now=now
    )
    return await clinic_card(session, actor=actor, clinic_id=clinic_id)


async def check_new_name(session: Reader, *, actor: Actor, typed: str) -> str:
    """A new clinic's name, free (Conflict when another clinic has it)."""
    require(actor, Action.manage_clinics)
    name = read_text("name", typed)
    taken = await session.scalar(select(Clinic.id).where(func.lower(Clinic.name) == name.lower()))
    if taken is not None:
        raise Conflict(code="clinic-name-taken", name=name)
    return name


async def add_clinic(
    session: AsyncSession,
    *,
    actor: Actor,
    name: str,
    address: str,
    city: str,
    timezone: str,
    phone: str | None,
    now: datetime,
) -> ClinicCard:
    """The new clinic, with the default booking window and reminders (edited afterwards)."""
    data = ClinicCreate(name=name, address=address, city=city, timezone=timezone, phone=phone)
    made = await catalog.create_clinic(session, actor=actor, data=data, now=now)
    return await clinic_card(session, actor=actor, clinic_id=made.id)


async def set_active(
    session: AsyncSession, *, actor: Actor, clinic_id: uuid.UUID, active: bool, now: datetime
) -> ClinicCard:
    """Deactivates or reactivates the clinic (audited); a press repeating the state it is
    in already changes nothing (Conflict)."""
    card = await clinic_card(session, actor=actor, clinic_id=clinic_id)
    if card.is_active == active:
        raise Conflict(code="clinic-already-active" if active else "clinic-already-inactive")
    await catalog.set_clinic_active(
        session, actor=actor, clinic_id=clinic_id, active=active, now=now
    )
    return await clinic_card(session, actor=actor, clinic_id=clinic_id)
