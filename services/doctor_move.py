"""Moving a doctor to another clinic (/doctors → a doctor → 🏥 Clinic), admins only.

What the move does is shown first (`move_effect`): how many visits the doctor has booked
ahead at their clinic and how many free times. A doctor with booked visits ahead is not
moved — those visits must be moved or cancelled first (the same count is checked again,
under locks, when the move is confirmed, since a booking may arrive between the screens).

Otherwise `move_doctor` does, in ONE transaction:
- the doctor's clinic changed (services.catalog.update_doctor: the `doctor.update` audit
  row with the clinic before → after);
- the doctor's slots ahead at the old clinic with nobody booked in them closed, a waitlist
  offer of one of them ended (services.waitlist_offers.slot_closed, as /slots does: the
  entry waits again), and then removed. A slot a cancelled visit still points at cannot be
  removed (the visit is history of the old clinic): it stays closed, and is no longer
  written down as closed by a time off or by the hours, so nothing reopens it at the old
  clinic (a `slots.remove` audit row counts them);
- the doctor's weekly hours cut into slots at the new clinic from its local today to the
  end of its booking horizon (services.slots.generate_slots: wall-clock times read in the
  new clinic's time zone; the new places are offered to the waitlist as they are made).

Waitlist entries for the doctor name the doctor only (the database refuses a clinic on
them), so they follow the doctor to the new clinic unchanged; entries for a specialty at
the old clinic keep waiting for that clinic.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentSlot,
    Clinic,
    Doctor,
    HoursClosedSlot,
    SlotHold,
    TimeOffSlot,
)
from services import audit, catalog, slots, waitlist_offers
from services.catalog import ClinicOut, DoctorOut, DoctorUpdate
from services.errors import Conflict, NotFound
from services.policy import Action, Actor, require


class MoveEffect(BaseModel):
    """What moving the doctor to `clinic` would do, shown before confirming."""

    model_config = ConfigDict(frozen=True)

    doctor: DoctorOut
    clinic: ClinicOut
    booked_ahead: int  # active visits ahead at the doctor's clinic: the move waits for none
    free_ahead: int  # free times ahead there, removed by the move

    @property
    def movable(self) -> bool:
        return self.booked_ahead == 0


class Moved(BaseModel):
    model_config = ConfigDict(frozen=True)

    doctor: DoctorOut
    removed: int  # free times ahead at the old clinic taken away
    created: int  # new times at the new clinic


async def _doctor(session: Reader, actor: Actor, doctor_id: uuid.UUID) -> DoctorOut:
    doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
    require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    return doctor


async def move_targets(
    session: Reader, *, actor: Actor, doctor_id: uuid.UUID
) -> tuple[DoctorOut, list[ClinicOut]]:
    """The doctor and the active clinics they could move to (all but their own)."""
    doctor = await _doctor(session, actor, doctor_id)
    found = await catalog.list_clinics(session, active_only=True)
    return doctor, [c for c in found if c.id != doctor.clinic_id]


async def _target(
    session: Reader, actor: Actor, doctor: DoctorOut, clinic_id: uuid.UUID
) -> ClinicOut:
    """The clinic to move to: another one, active (NotFound otherwise: a stale button)."""
    require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=clinic_id)
    columns = [getattr(Clinic, name) for name in ClinicOut.model_fields]
    row = (await session.execute(select(*columns).where(Clinic.id == clinic_id))).first()
    if row is None or not row.is_active or row.id == doctor.clinic_id:
        raise NotFound(code="clinic-not-found")
    return ClinicOut.model_validate(row._asdict())


def _booked_ahead(doctor_id: uuid.UUID, clinic_id: uuid.UUID, now: datetime):
    return (
        Appointment.doctor_id == doctor_id,
        Appointment.clinic_id == clinic_id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.starts_at > now,
    )


def _free_ahead(doctor_id: uuid.UUID, clinic_id: uuid.UUID, now: datetime):
    return (
        AppointmentSlot.doctor_id == doctor_id,
        AppointmentSlot.clinic_id == clinic_id,
        AppointmentSlot.starts_at > now,
        AppointmentSlot.booked_count == 0,
    )


async def move_effect(
    session: Reader, *, actor: Actor, doctor_id: uuid.UUID, clinic_id: uuid.UUID, now: datetime
) -> MoveEffect:
    """The doctor, the clinic, and what the move would touch at the doctor's clinic."""
    doctor = await _doctor(session, actor, doctor_id)
    clinic = await _target(session, actor, doctor, clinic_id)
    booked = await session.scalar(
        select(func.count()).where(*_booked_ahead(doctor.id, doctor.clinic_id, now))
    )
    free = await session.scalar(
        select(func.count()).where(
            *_free_ahead(doctor.id, doctor.clinic_id, now), AppointmentSlot.is_active
        )
    )
    return MoveEffect(doctor=doctor, clinic=clinic, booked_ahead=booked or 0, free_ahead=free or 0)


async def _clear_old_slots(
    session: AsyncSession,
    doctor_id: uuid.UUID,
    clinic_id: uuid.UUID,
    now: datetime,
    actor_user_id: uuid.UUID | None,
) -> int:
    """Closes, then removes where nothing points at it, each slot ahead of the doctor at
    the old clinic with nobody booked in it. Returns how many of them were open."""
    rows = (
        await session.execute(
            select(AppointmentSlot.id, AppointmentSlot.is_active)
            .where(*_free_ahead(doctor_id, clinic_id, now))
            .order_by(AppointmentSlot.starts_at)
            .with_for_update()
        )
    ).all()
    ids = [r.id for r in rows]
    if not ids:
        return 0
    await session.execute(
        update(AppointmentSlot)
        .where(AppointmentSlot.id.in_(ids), AppointmentSlot.is_active)
        .values(is_active=False, updated_at=now)
    )
    offered = await session.scalars(
        select(SlotHold.slot_id)
        .where(SlotHold.slot_id.in_(ids), SlotHold.status == "active")
        .distinct()
    )
    for slot_id in list(offered):
        await waitlist_offers.slot_closed(session, slot_id=slot_id, now=now)
    # Kept ones (a cancelled visit points at them) must not reopen at the old clinic when
    # a time off is removed or the hours take their time back.
    await session.execute(delete(TimeOffSlot).where(TimeOffSlot.slot_id.in_(ids)))
    await session.execute(delete(HoursClosedSlot).where(HoursClosedSlot.slot_id.in_(ids)))
    referenced = exists().where(Appointment.slot_id == AppointmentSlot.id)
    deleted = await session.execute(
        delete(AppointmentSlot)
        .where(AppointmentSlot.id.in_(ids), ~referenced)
        .returning(AppointmentSlot.id)
    )
    gone = len(deleted.all())
    open_ones = sum(1 for r in rows if r.is_active)
    await audit.record(
        session, action="slots.remove", resource_type="appointment_slot", resource_id=None,
        actor_user_id=actor_user_id, at=now,
        details={"doctor_id": str(doctor_id), "clinic_id": str(clinic_id), "open": open_ones,
                 "removed": gone, "kept_closed": len(ids) - gone, "reason": "doctor.move"},
    )  # fmt: skip
    return open_ones


async def move_doctor(
    factory: SessionFactory,
    *,
    actor: Actor,
    doctor_id: uuid.UUID,
    clinic_id: uuid.UUID,
    now: datetime,
) -> Moved:
    """Moves the doctor to the clinic in ONE transaction (see the module); Conflict
    `doctor-move-has-visits` with the count, and nothing changed, while they have visits
    booked ahead at their clinic."""
    slots.require_aware(now, "now")
    async with factory() as session, session.begin():
        row = await session.get(Doctor, doctor_id, with_for_update=True)
        if row is None:
            raise NotFound(code="doctor-not-found")
        doctor = await _doctor(session, actor, doctor_id)
        target = await _target(session, actor, doctor, clinic_id)
        old = doctor.clinic_id
        # Behind a generation, time off or slot close of this doctor; then their free slots
        # locked, so a booking in flight on one either committed (and is counted next) or
        # waits and then finds its slot gone.
        await slots.lock_doctor_slots(session, [doctor_id])
        removed = await _clear_old_slots(session, doctor_id, old, now, actor.user_id)
        booked = await session.scalar(
            select(func.count()).where(*_booked_ahead(doctor_id, old, now))
        )
        if booked:
            raise Conflict(code="doctor-move-has-visits", count=booked)
        await catalog.update_doctor(
            session, actor=actor, doctor_id=doctor_id,
            data=DoctorUpdate(clinic_id=target.id), now=now,
        )  # fmt: skip
        today = now.astimezone(ZoneInfo(target.timezone)).date()
        made = await slots.generate_slots(
            session, actor=actor, start=today,
            end=today + timedelta(days=target.booking_horizon_days), now=now,
            doctor_ids=[doctor_id],
        )  # fmt: skip
        moved = await catalog.get_doctor(session, doctor_id=doctor_id)
    return Moved(doctor=moved, removed=removed, created=made.created)
