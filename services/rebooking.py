"""A visit the doctor cancels (time off, new working hours, a slot closed by the front desk
or an admin) and the patient's one-tap rebooking.

`cancel_for_doctor` is the one way a doctor's change cancels a visit: the visit is cancelled
(by the doctor's user, with the reason), its reminders go, an audit row is written, and the
patient — or the holder of a family member — gets one outbox message
(`appointment.cancelled_by_doctor`). What the message offers is decided when it is sent
(`nearest_offers`): the nearest free times of the same doctor, then of the same specialty
at the same clinic. `rebook_offer` books one of them through the normal booking rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import Reader, SessionFactory
from db.models import ACTIVE_STATUSES, Appointment, AppointmentSlot, Clinic, Doctor, Patient
from services import audit, booking, notifications
from services.booking import AppointmentOut
from services.errors import NotAllowed, NotFound
from services.policy import Action, Actor, require
from services.slots import next_free_slots

# Why the doctor cancelled (appointments.cancellation_reason).
TIME_OFF = "time_off"
HOURS_CHANGED = "hours_changed"
SLOT_CLOSED = "slot_closed"  # the front desk or an admin closed the slot (/slots)
DOCTOR_INACTIVE = "doctor_inactive"  # an admin deactivated the doctor (services.doctor_admin)
REASONS = (TIME_OFF, HOURS_CHANGED, SLOT_CLOSED, DOCTOR_INACTIVE)
SAME_DOCTOR_OFFERS = 3
OTHER_DOCTOR_OFFERS = 3

_HOLDER = aliased(Patient)


class OfferOut(BaseModel):
    """A free time offered instead of a cancelled visit."""

    model_config = ConfigDict(frozen=True)

    slot_id: uuid.UUID
    starts_at: datetime
    timezone: str
    doctor_id: uuid.UUID
    doctor_name: str
    same_doctor: bool


async def _recipients(
    session: AsyncSession, patient_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID | None, bool]]:
    """patient → (the account told about their visits, whether it is a family member's)."""
    rows = await session.execute(
        select(
            Patient.id,
            func.coalesce(Patient.user_id, _HOLDER.user_id),
            Patient.holder_id.is_not(None),
        )
        .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
        .where(Patient.id.in_(set(patient_ids)))
    )
    return {pid: (user_id, member) for pid, user_id, member in rows}


async def cancel_for_doctor(
    session: AsyncSession,
    *,
    appointments: Sequence[Appointment],
    actor: Actor,
    reason: str,
    now: datetime,
) -> list[uuid.UUID]:
    """Cancels the doctor's locked, active visits in the caller's transaction, each with its
    audit row and one message to its patient offering other times; returns the ids."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    if not appointments:
        return []
    told = await _recipients(session, [a.patient_id for a in appointments])
    for appt in appointments:
        if appt.status not in ACTIVE_STATUSES:
            raise ValueError("only active visits are cancelled")
        appt.status = "cancelled"
        appt.cancelled_at = now
        appt.cancelled_by = actor.user_id
        appt.cancellation_reason = reason
    await session.flush()  # the trigger gives each place back to its slot
    for appt in appointments:
        await notifications.cancel_reminders(session, appointment_id=appt.id)
        await audit.record(
            session,
            action="appointment.cancel_by_doctor",
            resource_type="appointment",
            resource_id=appt.id,
            actor_user_id=actor.user_id,
            at=now,
            details={"doctor_id": str(appt.doctor_id), "reason": reason},
        )
        user_id, member = told.get(appt.patient_id, (None, False))
        if user_id is None:
            continue
        payload = {"appointment_id": str(appt.id)}
        if member:
            payload["patient_id"] = str(appt.patient_id)
        await notifications.enqueue(
            session,
            user_id=user_id,
            kind=notifications.Kind.cancelled_by_doctor,
            appointment_id=appt.id,
            payload=payload,
            due_at=now,
            dedupe_key=f"cancelled-by-doctor:{appt.id}",
        )
    return [a.id for a in appointments]


async def nearest_offers(
    session: Reader, *, appointment: AppointmentOut, now: datetime, exclude: uuid.UUID | None = None
) -> list[OfferOut]:
    """The nearest free times bookable now instead of a visit the doctor cancelled: the same
    doctor's first, then other doctors of the specialty at the same clinic."""
    window = (
        await session.execute(
            select(
                Clinic.min_booking_notice_minutes,
                Clinic.booking_horizon_days,
                Doctor.specialty_id,
            )
            .join(Doctor, Doctor.id == appointment.doctor_id)
            .where(Clinic.id == appointment.clinic_id)
        )
    ).first()
    if window is None:
        return []
    after = now + timedelta(minutes=window.min_booking_notice_minutes)
    before = now + timedelta(days=window.booking_horizon_days)
    own = await next_free_slots(
        session,
        doctor_id=appointment.doctor_id,
        after=after,
        before=before,
        limit=SAME_DOCTOR_OFFERS + 1,
        held_at=now,
        viewer=appointment.patient_id,
    )
    others = await next_free_slots(
        session,
        specialty_id=window.specialty_id,
        clinic_id=appointment.clinic_id,
        after=after,
        before=before,
        limit=OTHER_DOCTOR_OFFERS + SAME_DOCTOR_OFFERS + 1,
        held_at=now,
        viewer=appointment.patient_id,
    )
    own = [s for s in own if s.id != exclude][:SAME_DOCTOR_OFFERS]
    others = [s for s in others if s.doctor_id != appointment.doctor_id and s.id != exclude]
    others = others[:OTHER_DOCTOR_OFFERS]
    names = dict(
        (
            await session.execute(
                select(Doctor.id, Doctor.full_name).where(
                    Doctor.id.in_({s.doctor_id for s in [*own, *others]} or {appointment.doctor_id})
                )
            )
        ).all()
    )
    return [
        OfferOut(
            slot_id=s.id,
            starts_at=s.starts_at,
            timezone=appointment.timezone,
            doctor_id=s.doctor_id,
            doctor_name=names.get(s.doctor_id, ""),
            same_doctor=s.doctor_id == appointment.doctor_id,
        )
        for s in [*own, *others]
    ]


async def _cancelled_visit(session: AsyncSession, actor: Actor, appointment_id: uuid.UUID):
    """The visit the doctor cancelled, for someone who may book instead of it."""
    appts = await booking.appointments_by_id(session, appointment_ids=[appointment_id])
    appt = appts.get(appointment_id)
    if appt is None or appt.status != "cancelled" or appt.cancellation_reason not in REASONS:
        raise NotFound(code="appointment-not-found")
    require(
        actor,
        Action.book,
        patient_id=appt.patient_id,
        holder_id=appt.holder_id,
        clinic_id=appt.clinic_id,
    )
    return appt


async def offers_for(
    session: AsyncSession, *, actor: Actor, appointment_id: uuid.UUID, now: datetime
) -> tuple[AppointmentOut, list[OfferOut]]:
    """The cancelled visit and the times offered instead, as they stand now."""
    appt = await _cancelled_visit(session, actor, appointment_id)
    return appt, await nearest_offers(session, appointment=appt, now=now)


async def rebook_offer(
    factory: SessionFactory,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    slot_id: uuid.UUID,
    now: datetime,
) -> AppointmentOut:
    """Books an offered time instead of the cancelled visit, by the normal booking rules
    (SlotTaken when it was just taken). One rebooking per cancelled visit: a second press
    returns the first booking (`replayed`)."""
    async with factory() as session:
        appt = await _cancelled_visit(session, actor, appointment_id)
        slot = (
            await session.execute(
                select(AppointmentSlot.doctor_id, AppointmentSlot.clinic_id, Doctor.specialty_id)
                .join(Doctor, Doctor.id == AppointmentSlot.doctor_id)
                .where(AppointmentSlot.id == slot_id)
            )
        ).first()
        specialty = await session.scalar(
            select(Doctor.specialty_id).where(Doctor.id == appt.doctor_id)
        )
    # Only what such a message can offer: the same doctor, or the specialty at that clinic.
    if slot is None or not (
        slot.doctor_id == appt.doctor_id
        or (slot.clinic_id == appt.clinic_id and slot.specialty_id == specialty)
    ):
        raise NotAllowed()
    return await booking.book_slot(
        factory,
        actor=actor,
        patient_id=appt.patient_id,
        slot_id=slot_id,
        now=now,
        idempotency_key=f"rebook:{appointment_id}",
    )
