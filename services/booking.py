"""Booking, cancelling and rescheduling: the rules of the brief, one transaction each.

The service checks every rule in Python to give a precise sentence, and
PostgreSQL enforces the same invariants underneath (capacity, overlaps,
idempotency), so a race that slips between the check and the write is still
refused — and mapped here to the same domain error.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import DateTime

from db.engine import SessionFactory
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentSlot,
    Clinic,
    Doctor,
    Patient,
    Specialty,
)
from services import audit, desk_booking, live_today, notifications, waitlist
from services.errors import (
    BookingWindowClosed,
    DailyLimitReached,
    InvalidInput,
    NotAllowed,
    NotFound,
    PatientBusy,
    SlotTaken,
    TooLateToCancel,
)
from services.policy import Action, Actor, allowed, require
from services.slots import (
    local_day_bounds,
)

REASON_MAX = 300
CANCEL_REASON_MAX = 300


class AppointmentAction(StrEnum):
    """What an appointment card may offer its viewer."""

    cancel = "cancel"
    reschedule = "reschedule"
    calendar = "calendar"


class AppointmentOut(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    doctor_id: uuid.UUID
    doctor_name: str
    specialty: str
    clinic_id: uuid.UUID
    clinic_name: str
    clinic_address: str
    clinic_phone: str | None
    timezone: str
    min_cancel_notice_minutes: int
    slot_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    status: str
    reason: str | None
    rescheduled_from_id: uuid.UUID | None
    series_id: uuid.UUID | None = None
    # The visit's event in calendar files: the UID of the first visit it was moved from,
    # and how many moves it has been through (migration 0015).
    calendar_uid: uuid.UUID | None = None
    calendar_sequence: int = 0
    cancelled_at: datetime | None
    cancellation_reason: str | None
    rescheduled_to: datetime | None = None  # when a moved-away visit was moved to
    # Whose visit: a family member's (their holder's patient id and their name), or None
    # for the account's own.
    holder_id: uuid.UUID | None = None
    patient_name: str | None = None
    replayed: bool = False  # True when an idempotent repeat returned the earlier booking
    # For the actor the service returned it to (`appointment_actions`): what they may do,
    # and whether cancel/reschedule are refused only because of the clinic's notice
    # (the card then says to call the clinic).
    actions: frozenset[AppointmentAction] = frozenset()
    locked_by_notice: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.tz)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


def _constraint(exc: IntegrityError) -> str | None:
    cause = getattr(exc.orig, "__cause__", None)
    return getattr(cause, "constraint_name", None)


def _map_integrity(exc: IntegrityError) -> Exception:
    name = _constraint(exc) or ""
    if name in (
        "ck_appointment_slots_within_capacity",
        "appointments_slot_active",
        "appointments_slot_held",  # held for a patient of the waitlist (migration 0014)
    ):
        return SlotTaken()
    if name in ("appointments_patient_overlap", "uq_appointments_patient_slot_active"):
        return PatientBusy()
    if name == "appointments_doctor_daily_limit":
        return DailyLimitReached()
    return exc


def clean_reason(raw: str | None, limit: int = REASON_MAX) -> str | None:
    """A free-text reason: single-spaced, bounded; empty means none."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    if len(text) > limit:
        raise InvalidInput(code="reason-too-long", limit=limit, length=len(text))
    return text or None


def _appointment_query():
    return (
        select(Appointment, Doctor, Specialty, Clinic, Patient.holder_id, Patient.full_name)
        .join(Doctor, Doctor.id == Appointment.doctor_id)
        .join(Specialty, Specialty.id == Doctor.specialty_id)
        .join(Clinic, Clinic.id == Appointment.clinic_id)
        .join(Patient, Patient.id == Appointment.patient_id)
    )


def _out(
    appt: Appointment,
    doctor: Doctor,
    specialty: Specialty,
    clinic: Clinic,
    holder_id: uuid.UUID | None = None,
    patient_name: str | None = None,
) -> AppointmentOut:
    return AppointmentOut(
        id=appt.id,
        patient_id=appt.patient_id,
        doctor_id=doctor.id,
        doctor_name=doctor.full_name,
        specialty=specialty.name,
        clinic_id=clinic.id,
        clinic_name=clinic.name,
        clinic_address=f"{clinic.address}, {clinic.city}",
        clinic_phone=clinic.phone,
        timezone=clinic.timezone,
        min_cancel_notice_minutes=clinic.min_cancel_notice_minutes,
        slot_id=appt.slot_id,
        starts_at=appt.starts_at,
        ends_at=appt.ends_at,
        status=appt.status,
        reason=appt.reason,
        rescheduled_from_id=appt.rescheduled_from_id,
        series_id=appt.series_id,
        calendar_uid=appt.calendar_uid,
        calendar_sequence=appt.calendar_sequence,
        cancelled_at=appt.cancelled_at,
        cancellation_reason=appt.cancellation_reason,
        holder_id=holder_id,
        patient_name=patient_name if holder_id is not None else None,
    )


# The booking transaction's statements, built once; values are bound at execution.
_APPOINTMENT_BY_ID = _appointment_query().where(Appointment.id == bindparam("appointment_id"))
_APPOINTMENT_BY_KEY = _appointment_query().where(Appointment.idempotency_key == bindparam("key"))
_ACTIVE = Appointment.status.in_(ACTIVE_STATUSES)
_DOCTOR_DAY_COUNT = (
    select(func.count())
    .select_from(Appointment)
    .where(
        Appointment.doctor_id == bindparam("doctor_id"),
        _ACTIVE,
        Appointment.starts_at >= bindparam("day_start"),
        Appointment.starts_at < bindparam("day_end"),
    )
)
_PATIENT_OVERLAP = (
    select(Appointment.id)
    .where(
        Appointment.patient_id == bindparam("patient_id"),
        _ACTIVE,
        Appointment.starts_at < bindparam("ends_at"),
        Appointment.ends_at > bindparam("starts_at"),
        Appointment.id != bindparam("ignore"),
    )
    .limit(1)
)
_LOCK_SLOT = (
    select(AppointmentSlot, Doctor, Clinic)
    .join(Doctor, Doctor.id == AppointmentSlot.doctor_id)
    .join(Clinic, Clinic.id == AppointmentSlot.clinic_id)
    .where(AppointmentSlot.id == bindparam("slot_id"))
    .with_for_update(of=AppointmentSlot)
)
# The advisory locks of doctors' clinic-local days, with the key and the day exactly as
# the daily-limit and full-day triggers (migrations 0002, 0004) take them, in one order.
# A move takes two days' locks (leaving one, entering the other); taken in that order up
# front, two moves the other way round queue instead of deadlocking.
_LOCK_DOCTOR_DAYS = text(
    """
    SELECT pg_advisory_xact_lock(
        hashtextextended('careslot.doctor-day:' || k.doctor_id::text || ':' || k.day::text, 0))
    FROM (
        SELECT DISTINCT t.doctor_id, (t.starts_at AT TIME ZONE c.timezone)::date AS day
        FROM unnest(CAST(:doctor_ids AS uuid[]), CAST(:clinic_ids AS uuid[]),
                    CAST(:starts AS timestamptz[])) AS t(doctor_id, clinic_id, starts_at)
        JOIN clinics c ON c.id = t.clinic_id
    ) AS k
    ORDER BY k.doctor_id, k.day
    """
).bindparams(
    bindparam("doctor_ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("clinic_ids", type_=ARRAY(UUID(as_uuid=True))),
    bindparam("starts", type_=ARRAY(DateTime(timezone=True))),
)
_HOLDER = aliased(Patient)
# The person a visit is for: their holder (a family member's) and whom to tell — the
# account's own user, or a family member's holder's.
_PATIENT_WHO = (
    select(
        Patient.holder_id,
        Patient.removed_at,
        func.coalesce(Patient.user_id, _HOLDER.user_id).label("user_id"),
    )
    .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
    .where(Patient.id == bindparam("patient_id"))
)
# Never equal to an appointment id: "ignore nothing" in _PATIENT_OVERLAP.
_NO_APPOINTMENT = uuid.UUID(int=0)


async def _load(session: AsyncSession, appointment_id: uuid.UUID) -> AppointmentOut | None:
    row = (await session.execute(_APPOINTMENT_BY_ID, {"appointment_id": appointment_id})).first()
    return _out(*row) if row else None


def _notice_text(minutes: int) -> str:
    if minutes % (60 * 24) == 0 and minutes >= 60 * 24:
        days = minutes // (60 * 24)
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"


def check_booking_window(
    starts_at: datetime, clinic: Clinic, now: datetime, *, inside_notice: bool = False
) -> None:
    """Future only, at least the clinic's notice ahead (unless `inside_notice`: a walk-in
    booked by the front desk), no further than its horizon."""
    if starts_at <= now:
        raise BookingWindowClosed(code="time-passed")
    if not inside_notice and starts_at < now + timedelta(
        minutes=clinic.min_booking_notice_minutes
    ):
        raise BookingWindowClosed(
            code="booking-notice",
            clinic=clinic.name,
            notice_minutes=clinic.min_booking_notice_minutes,
        )
    if starts_at > now + timedelta(days=clinic.booking_horizon_days):
        raise BookingWindowClosed(
            code="beyond-booking-horizon",
            clinic=clinic.name,
            horizon_days=clinic.booking_horizon_days,
        )


async def _check_daily_limit(
    session: AsyncSession, doctor: Doctor, clinic: Clinic, starts_at: datetime
) -> None:
    tz = ZoneInfo(clinic.timezone)
    lo, hi = local_day_bounds(starts_at.astimezone(tz).date(), tz)
    booked = await session.scalar(
        _DOCTOR_DAY_COUNT, {"doctor_id": doctor.id, "day_start": lo, "day_end": hi}
    )
    if (booked or 0) >= doctor.max_patients_per_day:
        raise DailyLimitReached(code="doctor-fully-booked", doctor=doctor.full_name)


async def _lock_doctor_days(
    session: AsyncSession, appt: Appointment, slot: AppointmentSlot
) -> None:
    """The locks of the day the appointment leaves and the day it moves to, in order."""
    await session.execute(
        _LOCK_DOCTOR_DAYS,
        {
            "doctor_ids": [appt.doctor_id, slot.doctor_id],
            "clinic_ids": [appt.clinic_id, slot.clinic_id],
            "starts": [appt.starts_at, slot.starts_at],
        },
    )


async def _check_patient_free(
    session: AsyncSession,
    patient_id: uuid.UUID,
    slot: AppointmentSlot,
    ignore: uuid.UUID | None = None,
    *,
    member: bool = False,
) -> None:
    """PatientBusy if the person already has an active visit overlapping the slot (said of
    a family member as such: "that person", not "you")."""
    params = {
        "patient_id": patient_id,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "ignore": ignore or _NO_APPOINTMENT,
    }
    if await session.scalar(_PATIENT_OVERLAP, params) is not None:
        raise PatientBusy(code="member-busy" if member else "patient-busy")


async def _lock_slot(session: AsyncSession, slot_id: uuid.UUID):
    row = (await session.execute(_LOCK_SLOT, {"slot_id": slot_id})).first()
    if row is None:
        raise SlotTaken(code="slot-not-offered")
    slot, doctor, clinic = row
    if not (slot.is_active and doctor.is_active and clinic.is_active):
        raise SlotTaken(code="slot-not-offered")
    return slot, doctor, clinic


async def _insert_appointment(
    session: AsyncSession,
    *,
    slot: AppointmentSlot,
    doctor: Doctor,
    clinic: Clinic,
    patient_id: uuid.UUID,
    reason: str | None,
    idempotency_key: str | None,
    actor: Actor,
    now: datetime,
    rescheduled_from: uuid.UUID | None = None,
    moved_from: datetime | None = None,
    who: Any = None,
    series_id: uuid.UUID | None = None,
    hold_id: uuid.UUID | None = None,
) -> Appointment:
    """Writes the appointment, its audit row and its outbox rows (the caller's transaction).

    The appointment's INSERT comes last: its triggers take the patient's and the doctor's
    day locks, held until commit, so the other rows are written before it.
    """
    appointment_id = uuid.uuid4()
    if who is None:  # the row of _PATIENT_WHO, unless the caller has read it already
        who = (await session.execute(_PATIENT_WHO, {"patient_id": patient_id})).one()
    patient_user = who.user_id
    await live_today.refresh_today(
        session, doctor_id=doctor.id, starts_at=slot.starts_at, now=now
    )
    await notifications.notify_doctor(
        session,
        doctor_user_id=doctor.user_id,
        kind=notifications.Kind.doctor_booked,
        appointment_id=appointment_id,
        starts_at=slot.starts_at,
        timezone=clinic.timezone,
        now=now,
        moved_from=moved_from,
    )
    if patient_user is not None:
        await notifications.schedule_reminders(
            session,
            user_id=patient_user,
            appointment_id=appointment_id,
            starts_at=slot.starts_at,
            now=now,
            minutes=clinic.reminder_minutes,
            timezone=clinic.timezone,
            quiet_from=clinic.quiet_from,
            quiet_until=clinic.quiet_until,
            # A family member's visit is reminded to their holder, naming the family member.
            patient_id=patient_id if who.holder_id is not None else None,
        )
    await audit.record(
        session,
        action="appointment.reschedule" if rescheduled_from else "appointment.book",
        resource_type="appointment",
        resource_id=appointment_id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "slot_id": str(slot.id),
            "doctor_id": str(doctor.id),
            "rescheduled_from": str(rescheduled_from) if rescheduled_from else None,
        },
    )
    if hold_id is not None:
        await audit.record(
            session,
            action="waitlist.accept",
            resource_type="slot_hold",
            resource_id=hold_id,
            actor_user_id=actor.user_id,
            at=now,
            details={"appointment_id": str(appointment_id)},
        )
    # The hold trigger judges holds by this transaction's clock (migration 0014).
    await waitlist.stamp_clock(session, now)
    appt = Appointment(
        id=appointment_id,
        patient_id=patient_id,
        doctor_id=slot.doctor_id,
        clinic_id=slot.clinic_id,
        slot_id=slot.id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        reason=reason,
        idempotency_key=idempotency_key,
        created_via="waitlist" if hold_id is not None else actor.created_via,
        created_by=actor.user_id,
        rescheduled_from_id=rescheduled_from,
        series_id=series_id,
        created_at=now,  # the business clock's: a report's lead time is measured from it
    )
    session.add(appt)
    await session.flush()
    return appt


async def book_slot(
    factory: SessionFactory,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    slot_id: uuid.UUID,
    now: datetime,
    reason: str | None = None,
    idempotency_key: str | None = None,
    hold_id: uuid.UUID | None = None,
) -> AppointmentOut:
    """Books one place in a slot for the patient; a repeated idempotency key returns the
    first booking. Who books decides the appointment's `created_via` and its audit actor;
    `hold_id`: the waitlist offer being accepted (services.waitlist_offers)."""
    reason = clean_reason(reason)
    try:
        async with factory() as session, session.begin():
            slot, doctor, clinic = await _lock_slot(session, slot_id)
            who = (await session.execute(_PATIENT_WHO, {"patient_id": patient_id})).first()
            if who is None or who.removed_at is not None:
                raise NotFound(code="patient-not-found")
            require(
                actor,
                Action.book,
                patient_id=patient_id,
                holder_id=who.holder_id,
                clinic_id=clinic.id,
            )
            # Checked under the slot's lock, so a double tap queued behind the first
            # press sees the first press's committed appointment here.
            if idempotency_key is not None:
                earlier = await _by_key(session, idempotency_key)
                if earlier is not None:
                    return _for(actor, earlier, now)
            walk_in = allowed(actor, Action.book_inside_notice, clinic_id=clinic.id)
            check_booking_window(slot.starts_at, clinic, now, inside_notice=walk_in)
            if slot.booked_count >= slot.capacity:
                raise SlotTaken()
            await _check_patient_free(session, patient_id, slot, member=who.holder_id is not None)
            await _check_daily_limit(session, doctor, clinic, slot.starts_at)
            appt = await _insert_appointment(
                session,
                slot=slot,
                doctor=doctor,
                clinic=clinic,
                patient_id=patient_id,
                reason=reason,
                idempotency_key=idempotency_key,
                actor=actor,
                now=now,
                who=who,
                hold_id=hold_id,
            )
            await desk_booking.tell_patient(
                session, actor=actor, patient_id=patient_id, appointment_id=appt.id,
                kind=notifications.Kind.desk_booked, now=now,
            )  # fmt: skip
            result = await _load(session, appt.id)
    except IntegrityError as exc:
        if idempotency_key is not None and _constraint(exc) == "uq_appointments_idempotency_key":
            async with factory() as session:
                earlier = await _by_key(session, idempotency_key)
            if earlier is not None:
                return _for(actor, earlier, now)
        raise _map_integrity(exc) from None
    assert result is not None
    return _for(actor, result, now)


async def _by_key(session: AsyncSession, key: str) -> AppointmentOut | None:
    row = (await session.execute(_APPOINTMENT_BY_KEY, {"key": key})).first()
    if row is None:
        return None
    return _out(*row).model_copy(update={"replayed": True})


async def _lock_appointment(session: AsyncSession, appointment_id: uuid.UUID):
    row = (
        await session.execute(
            _appointment_query()
            .where(Appointment.id == appointment_id)
            .with_for_update(of=Appointment)
        )
    ).first()
    if row is None:
        raise NotFound(code="appointment-not-found")
    appt, doctor, specialty, clinic, holder_id, _name = row
    return appt, doctor, specialty, clinic, holder_id


def _check_cancel_notice(appt: Appointment, clinic: Clinic, now: datetime, verb: str) -> None:
    """TooLateToCancel (to cancel, move or change, as `verb` says) inside the notice."""
    code = f"too-late-to-{verb}"
    if appt.starts_at - now < timedelta(minutes=clinic.min_cancel_notice_minutes):
        raise TooLateToCancel(
            code,
            clinic=clinic.name,
            notice_minutes=clinic.min_cancel_notice_minutes,
            phone=clinic.phone or None,
        )


def _check_change_notice(
    actor: Actor, appt: Appointment, clinic: Clinic, now: datetime, verb: str
) -> None:
    """The clinic's cancellation notice, unless the actor may change its visits inside it."""
    if not allowed(actor, Action.change_inside_cancel_notice, clinic_id=clinic.id):
        _check_cancel_notice(appt, clinic, now, verb)


def _require_on(
    actor: Actor,
    action: Action,
    appt: Appointment | AppointmentOut,
    holder_id: uuid.UUID | None = None,
) -> None:
    require(
        actor,
        action,
        patient_id=appt.patient_id,
        holder_id=holder_id if isinstance(appt, Appointment) else appt.holder_id,
        doctor_id=appt.doctor_id,
        clinic_id=appt.clinic_id,
    )


def _allowed_on(actor: Actor, action: Action, appt: AppointmentOut) -> bool:
    return allowed(
        actor,
        action,
        patient_id=appt.patient_id,
        holder_id=appt.holder_id,
        doctor_id=appt.doctor_id,
        clinic_id=appt.clinic_id,
    )


def _inside_cancel_notice(appt: AppointmentOut, now: datetime) -> bool:
    return appt.starts_at - now < timedelta(minutes=appt.min_cancel_notice_minutes)


def _changes_allowed(actor: Actor, appt: AppointmentOut) -> set[AppointmentAction]:
    changes = set()
    if _allowed_on(actor, Action.cancel, appt):
        changes.add(AppointmentAction.cancel)
    if _allowed_on(actor, Action.reschedule, appt):
        changes.add(AppointmentAction.reschedule)
    return changes


def _is_upcoming(appt: AppointmentOut, now: datetime) -> bool:
    return appt.is_active and appt.ends_at > now


def locked_once_booked(
    actor: Actor,
    *,
    clinic_id: uuid.UUID,
    starts_at: datetime,
    now: datetime,
    cancel_notice_minutes: int,
) -> bool:
    """Would a visit booked now at `starts_at` be impossible for the actor to cancel or
    move in the chat (inside the clinic's cancellation notice from the start)? The summary
    says so before Confirm."""
    if allowed(actor, Action.change_inside_cancel_notice, clinic_id=clinic_id):
        return False
    return starts_at - now < timedelta(minutes=cancel_notice_minutes)


def appointment_actions(
    actor: Actor, appt: AppointmentOut, *, now: datetime
) -> frozenset[AppointmentAction]:
    """What the actor may still do to the appointment: nothing once it is over or
    cancelled; cancel and reschedule only outside the clinic's cancellation notice,
    unless the actor may change visits inside it."""
    if not _is_upcoming(appt, now) or not _allowed_on(actor, Action.view_appointment, appt):
        return frozenset()
    actions = {AppointmentAction.calendar}
    if not _inside_cancel_notice(appt, now) or allowed(
        actor, Action.change_inside_cancel_notice, clinic_id=appt.clinic_id
    ):
        actions |= _changes_allowed(actor, appt)
    return frozenset(actions)


def _for(actor: Actor, appt: AppointmentOut, now: datetime) -> AppointmentOut:
    """The appointment with what this actor may do to it."""
    actions = appointment_actions(actor, appt, now=now)
    locked = (
        _is_upcoming(appt, now)
        and _inside_cancel_notice(appt, now)
        and not (actions & {AppointmentAction.cancel, AppointmentAction.reschedule})
        and bool(_changes_allowed(actor, appt))
    )
    return appt.model_copy(update={"actions": actions, "locked_by_notice": locked})


async def get_appointment(
    session: AsyncSession, *, appointment_id: uuid.UUID, actor: Actor, now: datetime
) -> AppointmentOut:
    """One appointment, for someone allowed to see it (the patient, their clinic, the doctor)."""
    appt = await _load(session, appointment_id)
    if appt is None:
        raise NotFound(code="appointment-not-found")
    _require_on(actor, Action.view_appointment, appt)
    return _for(actor, appt, now)


async def cancel_appointment(
    factory: SessionFactory,
    *,
    appointment_id: uuid.UUID,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> AppointmentOut:
    """Cancels an active appointment; inside the clinic's notice only its front desk may."""
    reason = clean_reason(reason, CANCEL_REASON_MAX)
    async with factory() as session, session.begin():
        appt, doctor, _specialty, clinic, holder = await _lock_appointment(
            session, appointment_id
        )
        _require_on(actor, Action.cancel, appt, holder)
        if appt.status not in ACTIVE_STATUSES:
            raise NotAllowed(code="appointment-not-active")
        _check_change_notice(actor, appt, clinic, now, "cancel")
        await _cancel(session, appt, doctor, actor_user_id=actor.user_id, reason=reason, now=now)
        await desk_booking.tell_patient(
            session, actor=actor, patient_id=appt.patient_id, appointment_id=appt.id,
            kind=notifications.Kind.desk_cancelled, now=now,
        )  # fmt: skip
        await waitlist.places_freed(session, slot_ids=[appt.slot_id], now=now)
        result = await _load(session, appt.id)
    assert result is not None
    return _for(actor, result, now)


async def _cancel(
    session: AsyncSession,
    appt: Appointment,
    doctor: Doctor,
    *,
    actor_user_id: uuid.UUID | None,
    reason: str | None,
    now: datetime,
    action: str = "appointment.cancel",
    told_of_move: bool | None = None,
) -> None:
    """Cancels in the caller's transaction. A visit moved away (`action`) is told to its
    doctor by the new visit's "moved" line — unless it went to another doctor
    (`told_of_move=False`), whose list it then leaves as a cancellation."""
    appt.status = "cancelled"
    appt.cancelled_at = now
    appt.cancelled_by = actor_user_id
    appt.cancellation_reason = reason
    await session.flush()  # the trigger gives the place back to the slot
    await notifications.cancel_reminders(session, appointment_id=appt.id)
    await live_today.refresh_today(
        session, doctor_id=appt.doctor_id, starts_at=appt.starts_at, now=now
    )
    await audit.record(
        session,
        action=action,
        resource_type="appointment",
        resource_id=appt.id,
        actor_user_id=actor_user_id,
        at=now,
    )
    if action == "appointment.cancel" or told_of_move is False:
        await notifications.notify_doctor(
            session,
            doctor_user_id=doctor.user_id,
            kind=notifications.Kind.doctor_cancelled,
            appointment_id=appt.id,
            starts_at=appt.starts_at,
            timezone=await _clinic_timezone(session, appt.clinic_id),
            now=now,
        )


async def _clinic_timezone(session: AsyncSession, clinic_id: uuid.UUID) -> str:
    return (await session.scalar(select(Clinic.timezone).where(Clinic.id == clinic_id))) or "UTC"


def _future_active(patient_id: uuid.UUID, now: datetime):
    return (Appointment.patient_id == patient_id, _ACTIVE, Appointment.starts_at > now)


async def count_future_active(
    session: AsyncSession, *, patient_id: uuid.UUID, now: datetime
) -> int:
    """How many of the patient's active visits have not started yet (what
    `cancel_future_active` would cancel). The caller has checked the actor."""
    found = await session.scalar(
        select(func.count()).select_from(Appointment).where(*_future_active(patient_id, now))
    )
    return found or 0


async def cancel_future_active(
    session: AsyncSession,
    *,
    patient_id: uuid.UUID,
    actor: Actor,
    now: datetime,
    reason: str,
) -> int:
    """Cancels every active visit of the patient that has not started, in the caller's
    transaction, the way a single cancellation does (the trigger gives each place back, its
    reminders go, the doctor is told, an audit row each); returns how many.

    For the patient's account going away: the clinic's cancellation notice does not apply
    (nobody is left to come), and the caller has checked the actor for that action.
    """
    rows = (
        await session.execute(
            select(Appointment, Doctor)
            .join(Doctor, Doctor.id == Appointment.doctor_id)
            .where(*_future_active(patient_id, now))
            .order_by(Appointment.starts_at)
            .with_for_update(of=Appointment)
        )
    ).all()
    for appt, doctor in rows:
        await _cancel(session, appt, doctor, actor_user_id=actor.user_id, reason=reason, now=now)
    await waitlist.places_freed(session, slot_ids=[a.slot_id for a, _ in rows], now=now)
    return len(rows)


async def reschedule_appointment(
    factory: SessionFactory,
    *,
    appointment_id: uuid.UUID,
    new_slot_id: uuid.UUID,
    actor: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> AppointmentOut:
    """Moves an appointment to another slot in one transaction; on any failure the old one stays."""
    try:
        async with factory() as session, session.begin():
            appt, doctor, _specialty, clinic, holder = await _lock_appointment(
                session, appointment_id
            )
            _require_on(actor, Action.reschedule, appt, holder)
            if idempotency_key is not None:
                earlier = await _by_key(session, idempotency_key)
                if earlier is not None:
                    return _for(actor, earlier, now)
            if appt.status not in ACTIVE_STATUSES:
                raise NotAllowed(code="appointment-not-active")
            if appt.slot_id == new_slot_id:
                raise InvalidInput(code="same-time")
            _check_change_notice(actor, appt, clinic, now, "move")
            slot, new_doctor, new_clinic = await _lock_slot(session, new_slot_id)
            # Moving into another clinic needs a say there too.
            require(
                actor,
                Action.reschedule,
                patient_id=appt.patient_id,
                holder_id=holder,
                clinic_id=new_clinic.id,
            )
            walk_in = allowed(actor, Action.book_inside_notice, clinic_id=new_clinic.id)
            check_booking_window(slot.starts_at, new_clinic, now, inside_notice=walk_in)
            if slot.booked_count >= slot.capacity:
                raise SlotTaken()
            await _check_patient_free(
                session, appt.patient_id, slot, ignore=appt.id, member=holder is not None
            )
            await _lock_doctor_days(session, appt, slot)
            await _check_daily_limit(session, new_doctor, new_clinic, slot.starts_at)
            same_doctor = new_doctor.id == doctor.id
            await _cancel(
                session,
                appt,
                doctor,
                actor_user_id=actor.user_id,
                reason="rescheduled",
                now=now,
                action="appointment.moved_away",
                told_of_move=same_doctor,
            )
            new = await _insert_appointment(
                session,
                slot=slot,
                doctor=new_doctor,
                clinic=new_clinic,
                patient_id=appt.patient_id,
                reason=appt.reason,
                idempotency_key=idempotency_key,
                actor=actor,
                now=now,
                rescheduled_from=appt.id,
                moved_from=appt.starts_at if same_doctor else None,
                series_id=appt.series_id if same_doctor else None,
            )
            await desk_booking.tell_patient(
                session, actor=actor, patient_id=appt.patient_id, appointment_id=new.id,
                kind=notifications.Kind.desk_moved, now=now,
            )  # fmt: skip
            await waitlist.places_freed(session, slot_ids=[appt.slot_id], now=now)
            result = await _load(session, new.id)
    except IntegrityError as exc:
        raise _map_integrity(exc) from None
    assert result is not None
    return _for(actor, result, now)


class AppointmentPage(BaseModel):
    items: list[AppointmentOut]
    total: int
    offset: int
    limit: int
    family: bool = False  # the list holds family members' visits too (each is labelled)


async def list_patient_appointments(
    session: AsyncSession,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    now: datetime,
    upcoming: bool = True,
    offset: int = 0,
    limit: int = 5,
    family: bool = False,
) -> AppointmentPage:
    """Upcoming (active, soonest first) or past (latest first, any status) appointments.

    The patient (and an admin) see all of them; the front desk those at its clinic. With
    `family`, those of the family members the patient holds too (the page says whether
    there are any, so each visit can be labelled with whose it is).
    """
    if upcoming:
        cond = [Appointment.status.in_(ACTIVE_STATUSES), Appointment.ends_at > now]
        order = Appointment.starts_at.asc()
    else:
        cond = [(Appointment.ends_at <= now) | Appointment.status.not_in(ACTIVE_STATUSES)]
        order = Appointment.starts_at.desc()
    if not allowed(actor, Action.list_appointments, patient_id=patient_id):
        clinic_id = actor.staff_clinic_id or actor.doctor_clinic_id
        require(actor, Action.list_appointments, patient_id=patient_id, clinic_id=clinic_id)
        cond.append(Appointment.clinic_id == clinic_id)
    whose = Appointment.patient_id == patient_id
    members: list[uuid.UUID] = []
    if family:
        members = list(
            (
                await session.scalars(
                    select(Patient.id).where(
                        Patient.holder_id == patient_id, Patient.removed_at.is_(None)
                    )
                )
            ).all()
        )
        if members:
            whose = or_(whose, Appointment.patient_id.in_(members))
    base = _appointment_query().where(whose, *cond)
    total = await session.scalar(
        select(func.count()).select_from(Appointment).where(whose, *cond)
    )
    rows = (await session.execute(base.order_by(order).offset(offset).limit(limit))).all()
    items = [_for(actor, _out(*r), now) for r in rows]
    if not upcoming:
        items = await _with_successors(session, items)
    return AppointmentPage(
        items=items,
        total=total or 0,
        offset=offset,
        limit=limit,
        family=bool(members),
    )


async def _with_successors(
    session: AsyncSession, items: list[AppointmentOut]
) -> list[AppointmentOut]:
    """Moved-away visits carry when they were moved to (one query for the page)."""
    moved = [a.id for a in items if a.rescheduled_to is None and a.status == "cancelled"]
    if not moved:
        return items
    found = dict(
        (
            await session.execute(
                select(Appointment.rescheduled_from_id, Appointment.starts_at).where(
                    Appointment.rescheduled_from_id.in_(moved)
                )
            )
        ).all()
    )
    return [
        a.model_copy(update={"rescheduled_to": found[a.id]}) if a.id in found else a for a in items
    ]


async def ensure_cancellable(
    session: AsyncSession, *, appointment_id: uuid.UUID, actor: Actor, now: datetime
) -> AppointmentOut:
    """The appointment if the actor may still cancel or move it, else the reason why not."""
    row = (await session.execute(_APPOINTMENT_BY_ID, {"appointment_id": appointment_id})).first()
    if row is None:
        raise NotFound(code="appointment-not-found")
    appt, _doctor, _specialty, clinic, _holder, _name = row
    out = _out(*row)
    if not _changes_allowed(actor, out):
        raise NotAllowed()
    if appt.status not in ACTIVE_STATUSES:
        raise NotAllowed(code="appointment-not-active")
    _check_change_notice(actor, appt, clinic, now, "change")
    return _for(actor, out, now)


async def appointments_by_id(
    session: AsyncSession, *, appointment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, AppointmentOut]:
    """Appointments as they are now, for the outbox's messages (whoever gets those was
    decided when they were written)."""
    if not appointment_ids:
        return {}
    rows = (
        await session.execute(_appointment_query().where(Appointment.id.in_(appointment_ids)))
    ).all()
    return {row[0].id: _out(*row) for row in rows}


async def confirm_appointment(
    factory: SessionFactory, *, appointment_id: uuid.UUID, actor: Actor, now: datetime
) -> AppointmentOut:
    """The patient will come: a booked visit that has not begun becomes confirmed (the
    doctor's list shows it). Confirming again changes nothing."""
    async with factory() as session, session.begin():
        appt, _doctor, _specialty, _clinic, holder = await _lock_appointment(
            session, appointment_id
        )
        _require_on(actor, Action.confirm_visit, appt, holder)
        if appt.status not in ("scheduled", "confirmed") or appt.starts_at <= now:
            raise NotAllowed(code="appointment-not-active")
        if appt.status == "scheduled":
            appt.status = "confirmed"
            await session.flush()
            await live_today.refresh_today(
                session, doctor_id=appt.doctor_id, starts_at=appt.starts_at, now=now
            )
            await audit.record(
                session,
                action="appointment.confirm",
                resource_type="appointment",
                resource_id=appt.id,
                actor_user_id=actor.user_id,
                at=now,
            )
        result = await _load(session, appt.id)
    assert result is not None
    return _for(actor, result, now)
