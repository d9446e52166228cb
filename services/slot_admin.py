"""/slots for the front desk (their clinic) and admins (every clinic): generate the slots of
the weekly hours on demand for a doctor or a whole clinic over a typed range of days, and
close one slot.

Generation is the daily job's own (`slots.generate_slots`: idempotent, audited); the range
must lie between the clinic-local today and the end of the clinic's booking horizon.
Closing a slot is one transaction, as a time off is: the visits in it are cancelled by the
closer (`rebooking.cancel_for_doctor`: each patient told with the nearest free times, the
outbox kind `appointment.cancelled_by_doctor`), the slot is made inactive — so it is in no
list of free times and is never handed to the waitlist; a place of it already offered to a
waiting patient is taken back (their entry waits again) — and an audit row is written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Date, cast, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import ACTIVE_STATUSES, Appointment, AppointmentSlot, Clinic, Doctor
from services import audit, rebooking, slots, waitlist_offers
from services.dates import local_today
from services.doctor_day import parse_agenda_range
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Action, Actor, Role, require, role_has

MAX_DAYS_SHOWN = 14
MAX_SLOTS_SHOWN = 48


class Choice(BaseModel):
    """A clinic or a doctor to pick."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    name: str


class ClinicSlots(BaseModel):
    model_config = ConfigDict(frozen=True)

    clinic: Choice
    doctors: list[Choice]


class Target(BaseModel):
    """What slots are generated for: a doctor, or every active doctor of a clinic."""

    model_config = ConfigDict(frozen=True)

    clinic: bool
    id: uuid.UUID
    name: str
    timezone: str
    horizon_days: int
    doctor_ids: list[uuid.UUID]


class Generated(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    first: date
    last: date
    created: int


class SlotLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    doctor_id: uuid.UUID
    doctor_name: str
    starts_at: datetime
    timezone: str
    booked: int  # active visits in it
    capacity: int


class DoctorDays(BaseModel):
    model_config = ConfigDict(frozen=True)

    doctor: Choice
    days: list[date]


class Closed(BaseModel):
    model_config = ConfigDict(frozen=True)

    slot: SlotLine
    cancelled: int


async def clinics(reader: Reader, *, actor: Actor) -> list[Choice]:
    """The clinics whose slots the actor manages: every active one for an admin, the desk's
    own for a front desk."""
    if not role_has(actor, Action.generate_slots):
        raise NotAllowed()
    query = select(Clinic.id, Clinic.name).where(Clinic.is_active).order_by(Clinic.name)
    if actor.role is not Role.admin:
        require(actor, Action.generate_slots, clinic_id=actor.staff_clinic_id)
        query = query.where(Clinic.id == actor.staff_clinic_id)
    return [Choice(id=r.id, name=r.name) for r in await reader.execute(query)]


async def clinic_slots(reader: Reader, *, actor: Actor, clinic_id: uuid.UUID) -> ClinicSlots:
    """A clinic and its active doctors."""
    clinic = (
        await reader.execute(select(Clinic.id, Clinic.name).where(Clinic.id == clinic_id))
    ).first()
    if clinic is None:
        raise NotFound(code="clinic-not-found")
    require(actor, Action.generate_slots, clinic_id=clinic_id)
    doctors = await reader.execute(
        select(Doctor.id, Doctor.full_name)
        .where(Doctor.clinic_id == clinic_id, Doctor.is_active)
        .order_by(Doctor.full_name, Doctor.id)
    )
    return ClinicSlots(
        clinic=Choice(id=clinic.id, name=clinic.name),
        doctors=[Choice(id=d.id, name=d.full_name) for d in doctors],
    )


async def target(reader: Reader, *, actor: Actor, clinic: bool, target_id: uuid.UUID) -> Target:
    """The doctor (or clinic) to generate for, if the actor may."""
    query = select(
        Clinic.id.label("clinic_id"), Clinic.name, Clinic.timezone, Clinic.booking_horizon_days
    )
    if clinic:
        row = (await reader.execute(query.where(Clinic.id == target_id))).first()
    else:
        query = query.add_columns(Doctor.full_name.label("doctor_name")).join(
            Doctor, Doctor.clinic_id == Clinic.id
        )
        row = (await reader.execute(query.where(Doctor.id == target_id))).first()
    if row is None:
        raise NotFound(code="slots-target-not-found")
    if clinic:
        require(actor, Action.generate_slots, clinic_id=row.clinic_id)
        ids = list(
            await reader.scalars(
                select(Doctor.id).where(Doctor.clinic_id == row.clinic_id, Doctor.is_active)
            )
        )
    else:
        require(actor, Action.generate_slots, doctor_id=target_id, clinic_id=row.clinic_id)
        ids = [target_id]
    return Target(
        clinic=clinic, id=target_id, name=row.name if clinic else row.doctor_name,
        timezone=row.timezone, horizon_days=row.booking_horizon_days, doctor_ids=ids,
    )  # fmt: skip


def read_range(typed: str, *, target: Target, now: datetime) -> tuple[date, date]:
    """The local days typed ("next week", "1.02–28.02"), from today to the horizon's end."""
    tz = ZoneInfo(target.timezone)
    try:
        first, last = parse_agenda_range(typed or "", tz=tz, now=now)
    except InvalidInput:
        raise InvalidInput(code="slots-range-unclear") from None
    today = local_today(now, tz)
    if last < today:
        raise InvalidInput(code="slots-range-past")
    horizon = today + timedelta(days=target.horizon_days)
    if last > horizon:
        raise InvalidInput(
            code="slots-range-past-horizon", horizon_days=target.horizon_days, last=horizon
        )
    return max(first, today), last


async def generate(
    factory: SessionFactory,
    *,
    actor: Actor,
    clinic: bool,
    target_id: uuid.UUID,
    typed: str,
    now: datetime,
) -> Generated:
    """Generates the target's slots over the typed range (one transaction, audited); how many
    were created — 0 when they all existed."""
    async with factory() as session, session.begin():
        found = await target(session, actor=actor, clinic=clinic, target_id=target_id)
        first, last = read_range(typed, target=found, now=now)
        # A clinic without active doctors too: nothing to make, and its audit row says so.
        result = await slots.generate_slots(
            session, actor=actor, start=first, end=last, now=now, doctor_ids=found.doctor_ids
        )
    return Generated(name=found.name, first=first, last=last, created=result.created)


# --- closing one slot ------------------------------------------------------------------------

_BOOKED = (
    select(func.count())
    .where(Appointment.slot_id == AppointmentSlot.id, Appointment.status.in_(ACTIVE_STATUSES))
    .correlate(AppointmentSlot)
    .scalar_subquery()
)
_LINE = (
    select(
        AppointmentSlot.id,
        AppointmentSlot.doctor_id,
        Doctor.full_name.label("doctor_name"),
        Doctor.clinic_id,
        AppointmentSlot.starts_at,
        Clinic.timezone,
        _BOOKED.label("booked"),
        AppointmentSlot.capacity,
    )
    .join(Doctor, Doctor.id == AppointmentSlot.doctor_id)
    .join(Clinic, Clinic.id == Doctor.clinic_id)
)


def _line(row) -> SlotLine:
    return SlotLine(
        id=row.id, doctor_id=row.doctor_id, doctor_name=row.doctor_name,
        starts_at=row.starts_at, timezone=row.timezone, booked=row.booked, capacity=row.capacity,
    )  # fmt: skip


async def _doctor(reader: Reader, actor: Actor, doctor_id: uuid.UUID):
    row = (
        await reader.execute(
            select(Doctor.id, Doctor.full_name, Doctor.clinic_id, Clinic.timezone)
            .join(Clinic, Clinic.id == Doctor.clinic_id)
            .where(Doctor.id == doctor_id)
        )
    ).first()
    if row is None:
        raise NotFound(code="doctor-not-found")
    require(actor, Action.close_slot, doctor_id=row.id, clinic_id=row.clinic_id)
    return row


async def doctor_days(
    reader: Reader, *, actor: Actor, doctor_id: uuid.UUID, now: datetime
) -> DoctorDays:
    """The next clinic-local days on which the doctor has open slots still to come."""
    doctor = await _doctor(reader, actor, doctor_id)
    day = cast(func.timezone(doctor.timezone, AppointmentSlot.starts_at), Date)
    days = await reader.scalars(
        select(day)
        .where(
            AppointmentSlot.doctor_id == doctor_id,
            AppointmentSlot.is_active,
            AppointmentSlot.starts_at > now,
        )
        .group_by(day)
        .order_by(day)
        .limit(MAX_DAYS_SHOWN)
    )
    return DoctorDays(doctor=Choice(id=doctor.id, name=doctor.full_name), days=list(days))


async def day_slots(
    reader: Reader, *, actor: Actor, doctor_id: uuid.UUID, day: date, now: datetime
) -> list[SlotLine]:
    """The doctor's open slots still to come on that local day, booked or not."""
    doctor = await _doctor(reader, actor, doctor_id)
    lo, hi = slots.local_day_bounds(day, ZoneInfo(doctor.timezone))
    rows = await reader.execute(
        _LINE.where(
            AppointmentSlot.doctor_id == doctor_id,
            AppointmentSlot.is_active,
            AppointmentSlot.starts_at >= max(lo, now),
            AppointmentSlot.starts_at < hi,
        )
        .order_by(AppointmentSlot.starts_at)
        .limit(MAX_SLOTS_SHOWN)
    )
    return [_line(r) for r in rows]


async def open_slot(reader: Reader, *, actor: Actor, slot_id: uuid.UUID, now: datetime) -> SlotLine:
    """One open slot still to come that the actor may close (for the question)."""
    row = (
        await reader.execute(
            _LINE.add_columns(AppointmentSlot.is_active).where(AppointmentSlot.id == slot_id)
        )
    ).first()
    if row is None or not row.is_active or row.starts_at <= now:
        raise NotFound(code="slot-not-found")
    require(actor, Action.close_slot, doctor_id=row.doctor_id, clinic_id=row.clinic_id)
    return _line(row)


async def close(
    factory: SessionFactory, *, actor: Actor, slot_id: uuid.UUID, now: datetime
) -> Closed:
    """Closes the slot in ONE transaction: its visits cancelled (each patient told and offered
    the nearest free times), the slot inactive, an audit row. A checked-in visit keeps it."""
    async with factory() as session, session.begin():
        line = await open_slot(session, actor=actor, slot_id=slot_id, now=now)
        # Behind a generation or time off of this doctor; then the slot itself, re-read.
        await slots.lock_doctor_slots(session, [line.doctor_id])
        active = await session.scalar(
            select(AppointmentSlot.is_active).where(AppointmentSlot.id == slot_id).with_for_update()
        )
        if not active:
            raise NotFound(code="slot-not-found")
        visits = await _visits(session, slot_id)
        if any(v.status == "arrived" for v in visits):
            raise Conflict(code="slot-has-arrived")
        cancelled = await rebooking.cancel_for_doctor(
            session, appointments=visits, actor=actor, reason=rebooking.SLOT_CLOSED, now=now
        )
        await session.execute(
            update(AppointmentSlot)
            .where(AppointmentSlot.id == slot_id)
            .values(is_active=False, updated_at=now)
        )
        # A place of it offered to a waiting patient is no longer theirs to book.
        ended_offers = await waitlist_offers.slot_closed(session, slot_id=slot_id, now=now)
        await audit.record(
            session,
            action="slot.close",
            resource_type="appointment_slot",
            resource_id=slot_id,
            actor_user_id=actor.user_id,
            at=now,
            details={
                "doctor_id": str(line.doctor_id),
                "starts_at": line.starts_at.isoformat(),
                "before": {"is_active": True},
                "after": {"is_active": False},
                "cancelled_appointments": [str(i) for i in cancelled],
                "ended_waitlist_offers": ended_offers,
            },
        )
    return Closed(slot=line, cancelled=len(cancelled))


async def _visits(session: AsyncSession, slot_id: uuid.UUID) -> list[Appointment]:
    return list(
        await session.scalars(
            select(Appointment)
            .where(Appointment.slot_id == slot_id, Appointment.status.in_(ACTIVE_STATUSES))
            .order_by(Appointment.starts_at, Appointment.id)
            .with_for_update()
        )
    )
