"""The front desk booking on a patient's behalf: the clinic's doctors (by specialty first
when they are many, as the patient journey offers them), the desk's booking window, and the
message that tells the patient what the desk did.

Booking, moving and cancelling themselves are `services.booking`'s, with the desk member as
the actor (so `created_via`, `cancelled_by` and the audit rows name them); these are the
parts around them. The patient is told through the outbox, in the same transaction as the
change, only when they have a chat the bot can reach: a patient typed in by phone who never
wrote to the bot gets no row at all (nothing to send, nothing to send later by surprise).
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import Reader
from db.models import Patient, User
from services import availability, catalog, notifications, search
from services.catalog import DoctorOut, SpecialtyOut
from services.errors import NotFound
from services.notifications import Kind
from services.policy import Action, Actor, Role, allowed, require

# What a visit the desk cancels records as its reason (stored, like the patient's reasons,
# in the catalogue's default language).
CANCEL_REASON = "cancelled by the front desk"
# Up to this many bookable doctors the desk picks from one list; a clinic with more is
# offered its specialties first, then that specialty's doctors (as a patient is).
FLAT_DOCTOR_LIST_MAX = 6
_HOLDER = aliased(Patient)
# The account told of a visit: the patient's own, or a family member's holder's.
_RECIPIENT = (
    select(User.id, User.chat_id, User.unreachable_at, User.deleted_at, User.is_active)
    .select_from(Patient)
    .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
    .join(User, User.id == func.coalesce(Patient.user_id, _HOLDER.user_id))
)


async def clinic_doctors(session: Reader, *, actor: Actor) -> list[DoctorOut]:
    """The bookable doctors of the desk's clinic (every clinic's for an admin), by
    specialty and then name, so that the list reads as the clinic's departments."""
    require(actor, Action.book, clinic_id=actor.staff_clinic_id)
    clinic_id = None if actor.role is Role.admin else actor.staff_clinic_id
    doctors = await catalog.list_doctors(session, clinic_id=clinic_id)
    return sorted((d for d in doctors if d.bookable), key=lambda d: (d.specialty, d.full_name))


class DoctorChoice(BaseModel):
    """How the desk picks the doctor: one list of them (`doctors`, at most
    FLAT_DOCTOR_LIST_MAX), or the specialties they practise first (`specialties`, by name,
    each with how many of the clinic's bookable doctors practise it)."""

    doctors: list[DoctorOut] = []
    specialties: list[SpecialtyOut] = []


class SpecialtyDoctors(BaseModel):
    """A specialty's bookable doctors at the desk's clinic, by name, with the first time
    each can be booked in the desk's window (None: nothing free up to the horizon)."""

    specialty: SpecialtyOut
    doctors: list[DoctorOut]
    next_free: dict[uuid.UUID, datetime | None]


async def doctor_choice(session: Reader, *, actor: Actor) -> DoctorChoice:
    """The first step of choosing a doctor: the clinic's doctors, or its specialties when
    the doctors are more than one list holds."""
    doctors = await clinic_doctors(session, actor=actor)
    if len(doctors) <= FLAT_DOCTOR_LIST_MAX:
        return DoctorChoice(doctors=doctors)
    counts = Counter((d.specialty_id, d.specialty) for d in doctors)
    specialties = [
        SpecialtyOut(id=i, name=name, doctor_count=n)
        for (i, name), n in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0]))
    ]
    return DoctorChoice(specialties=specialties)


async def specialty_doctors(
    session: Reader, *, actor: Actor, specialty_id: uuid.UUID, now: datetime
) -> SpecialtyDoctors:
    """The desk's clinic's bookable doctors of one specialty with their next free times;
    NotFound when none of them practises it (another clinic's specialty, a forged id)."""
    found = [
        d for d in await clinic_doctors(session, actor=actor) if d.specialty_id == specialty_id
    ]
    if not found:
        raise NotFound(code="specialty-not-found")
    found.sort(key=lambda d: (d.full_name.casefold(), d.id))
    windowed = [_desk_window(actor, d) for d in found]
    free = await availability.next_free_times(session, doctors=windowed, now=now)
    specialty = SpecialtyOut(id=specialty_id, name=found[0].specialty, doctor_count=len(found))
    return SpecialtyDoctors(specialty=specialty, doctors=found, next_free=free)


async def doctors_named(session: Reader, *, actor: Actor, query: str) -> list[DoctorOut]:
    """The desk's clinic's bookable doctors whose name the desk typed (typos tolerated),
    best first; InvalidInput for a text longer than a search takes."""
    return search.doctors_named(query, await clinic_doctors(session, actor=actor))


def _desk_window(actor: Actor, doctor: DoctorOut) -> DoctorOut:
    """The doctor with the window the desk books in: a desk that may take walk-ins sees
    the times inside the clinic's minimum notice too."""
    if allowed(actor, Action.book_inside_notice, clinic_id=doctor.clinic_id):
        return doctor.model_copy(update={"min_booking_notice_minutes": 0})
    return doctor


async def desk_doctor(session: Reader, *, actor: Actor, doctor_id: uuid.UUID) -> DoctorOut:
    """A doctor the desk may book with, with the window the desk books in: a desk that may
    take walk-ins sees the times inside the clinic's minimum notice too (the booking
    service checks the same permission)."""
    doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
    require(actor, Action.book, clinic_id=doctor.clinic_id)
    if not doctor.bookable:
        raise NotFound(code="doctor-not-found")
    return _desk_window(actor, doctor)


def _for_someone_else(actor: Actor) -> bool:
    """Whether a change by this actor is the front desk's (or an admin's) on a patient's
    behalf, which the patient is told of."""
    return actor.role in (Role.staff, Role.admin) and not actor.is_system


async def tell_patient(
    session: AsyncSession,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    appointment_id: uuid.UUID,
    kind: Kind,
    now: datetime,
) -> None:
    """In the caller's transaction: the patient's message that the desk booked, moved or
    cancelled `appointment_id` — when the actor is the desk, not the patient themselves,
    and the patient has a chat that is not known to be unreachable."""
    if not _for_someone_else(actor):
        return
    row = (await session.execute(_RECIPIENT.where(Patient.id == patient_id))).first()
    if row is None or row.id == actor.user_id:
        return
    if row.chat_id is None or row.unreachable_at is not None or row.deleted_at is not None:
        return
    if not row.is_active:
        return
    await notifications.enqueue(
        session,
        user_id=row.id,
        kind=kind,
        payload={},
        due_at=now,
        dedupe_key=f"{kind.value}:{appointment_id}",
        appointment_id=appointment_id,
    )
