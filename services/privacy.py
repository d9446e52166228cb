"""The patient's own data: what CareSlot keeps about them, a copy of it, deleting the account.

A clinic must let a patient see and take away the data it holds about them, and erase what
it need not keep. What it must keep — past visits, visit records, the audit trail — stays,
attached to a pseudonymised account that no chat reaches any more.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import SessionFactory
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    Clinic,
    Doctor,
    MedicalRecord,
    MedicalRecordCorrection,
    Patient,
    Specialty,
    User,
)
from services import audit, booking, family, notifications, waitlist
from services.errors import NotAllowed, NotFound
from services.policy import Action, Actor, require

# What a deleted account is called wherever a kept record still names it.
DELETED_NAME = "Deleted patient"
# The cancellation reason of the visits the deletion cancels (stored in one language, as
# the other reasons are, so that staff and reports read the same words).
CANCEL_REASON = "account deleted"


class PrivacyOverview(BaseModel):
    """What /privacy shows: each category CareSlot keeps about the patient, with its value."""

    user_id: uuid.UUID
    patient_id: uuid.UUID | None
    full_name: str
    phone: str | None
    date_of_birth: date | None
    allergies: str | None
    emergency_contact: str | None
    language: str
    upcoming: int  # active visits that have not ended (family members' included)
    past: int  # every other visit: over, cancelled, moved, missed
    privacy_accepted_at: datetime | None
    family: list[str] = []  # the names of the family members the patient holds


class ExportedProfile(BaseModel):
    full_name: str
    phone: str | None
    email: str | None
    language: str
    date_of_birth: date | None
    blood_group: str | None
    allergies: str | None
    emergency_contact: str | None
    insurance: dict[str, Any] | None
    registered_at: datetime
    privacy_accepted_at: datetime | None


class ExportedAppointment(BaseModel):
    id: uuid.UUID
    doctor: str
    specialty: str
    clinic: str
    clinic_address: str
    timezone: str  # the clinic's IANA zone
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    starts_at_local: datetime  # the same instants in the clinic's zone
    ends_at_local: datetime
    status: str
    reason: str | None
    cancelled_at: datetime | None
    cancellation_reason: str | None
    booked_at: datetime


class ExportedCorrection(BaseModel):
    """A correction of a visit record past its edit window: the record as it read from then."""

    id: uuid.UUID
    written_at: datetime
    diagnosis: str | None
    prescription: str | None
    notes: str | None


class ExportedRecord(BaseModel):
    """A visit record a doctor wrote, with its corrections (oldest first)."""

    id: uuid.UUID
    appointment_id: uuid.UUID | None
    doctor: str
    written_at: datetime
    diagnosis: str | None
    prescription: str | None
    notes: str | None
    corrections: list[ExportedCorrection] = []


class ExportedFamilyMember(BaseModel):
    """A family member the patient holds, with their own visits and records."""

    patient_id: uuid.UUID
    full_name: str
    relation: str
    date_of_birth: date | None
    blood_group: str | None
    allergies: str | None
    added_at: datetime
    appointments: list[ExportedAppointment]
    records: list[ExportedRecord]


class PatientExport(BaseModel):
    """Everything CareSlot stores about one patient (and the family members they hold), as
    plain values."""

    generated_at: datetime
    user_id: uuid.UUID
    patient_id: uuid.UUID
    profile: ExportedProfile
    appointments: list[ExportedAppointment]
    records: list[ExportedRecord]
    family: list[ExportedFamilyMember] = []


class DeletionPreview(BaseModel):
    """What deleting the account would do, said before the patient confirms."""

    user_id: uuid.UUID
    cancels: int  # active visits not started yet (the family members' included)
    family: int = 0  # family members erased with the account


class DeletionOut(BaseModel):
    user_id: uuid.UUID
    patient_id: uuid.UUID | None
    cancelled: int
    kept_appointments: int


async def _user_and_patient(
    session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False
) -> tuple[User, Patient | None]:
    query = select(User).where(User.id == user_id)
    user = await session.scalar(query.with_for_update() if lock else query)
    if user is None or user.deleted_at is not None:
        raise NotFound(code="profile-not-found")
    query = select(Patient).where(Patient.user_id == user_id)
    patient = await session.scalar(query.with_for_update() if lock else query)
    return user, patient


async def _counts(
    session: AsyncSession, patient_ids: list[uuid.UUID], now: datetime
) -> tuple[int, int]:
    """(upcoming, all) visits of the patients; upcoming as /my counts them."""
    upcoming = Appointment.status.in_(ACTIVE_STATUSES) & (Appointment.ends_at > now)
    row = (
        await session.execute(
            select(func.count().filter(upcoming), func.count()).where(
                Appointment.patient_id.in_(patient_ids)
            )
        )
    ).one()
    return row[0], row[1]


async def _members(
    session: AsyncSession, holder_id: uuid.UUID, *, lock: bool = False
) -> list[Patient]:
    """The family members the patient holds (not those already removed)."""
    query = (
        select(Patient)
        .where(Patient.holder_id == holder_id, Patient.removed_at.is_(None))
        .order_by(Patient.created_at, Patient.id)
    )
    return list((await session.scalars(query.with_for_update() if lock else query)).all())


async def overview(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, now: datetime
) -> PrivacyOverview:
    """What CareSlot keeps about the account's patient (their own; an admin anyone's)."""
    require(actor, Action.export_data, user_id=user_id)
    user, patient = await _user_and_patient(session, user_id)
    members = await _members(session, patient.id) if patient else []
    ids = [patient.id, *(m.id for m in members)] if patient else []
    upcoming, total = await _counts(session, ids, now) if patient else (0, 0)
    return PrivacyOverview(
        user_id=user.id,
        patient_id=patient.id if patient else None,
        full_name=user.full_name,
        phone=user.phone,
        date_of_birth=patient.date_of_birth if patient else None,
        allergies=patient.allergies if patient else None,
        emergency_contact=patient.emergency_contact if patient else None,
        language=user.language,
        upcoming=upcoming,
        past=total - upcoming,
        privacy_accepted_at=user.privacy_accepted_at,
        family=[m.full_name or "" for m in members],
    )


def _exported_appointment(
    appt: Appointment, doctor: Doctor, specialty: Specialty, clinic: Clinic
) -> ExportedAppointment:
    tz = ZoneInfo(clinic.timezone)
    return ExportedAppointment(
        id=appt.id,
        doctor=doctor.full_name,
        specialty=specialty.name,
        clinic=clinic.name,
        clinic_address=f"{clinic.address}, {clinic.city}",
        timezone=clinic.timezone,
        starts_at=appt.starts_at,
        ends_at=appt.ends_at,
        starts_at_local=appt.starts_at.astimezone(tz),
        ends_at_local=appt.ends_at.astimezone(tz),
        status=appt.status,
        reason=appt.reason,
        cancelled_at=appt.cancelled_at,
        cancellation_reason=appt.cancellation_reason,
        booked_at=appt.created_at,
    )


async def export_patient_data(
    session: AsyncSession, *, actor: Actor, patient_id: uuid.UUID, now: datetime
) -> PatientExport:
    """A copy of everything CareSlot stores about the patient: profile, every appointment,
    every visit record. Writes its audit row (ids and counts only) in the caller's
    transaction."""
    require(actor, Action.export_data, patient_id=patient_id)
    patient = await session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(code="profile-not-found")
    if patient.user_id is None:  # a family member's data goes out with their holder's
        raise NotFound(code="profile-not-found")
    user = await session.get(User, patient.user_id)
    if user is None:
        raise NotFound(code="profile-not-found")
    visits, records = await _visits_and_records(session, patient_id)
    members = []
    for member in await _members(session, patient.id):
        member_visits, member_records = await _visits_and_records(session, member.id)
        members.append(
            ExportedFamilyMember(
                patient_id=member.id,
                full_name=member.full_name or "",
                relation=member.relation or "",
                date_of_birth=member.date_of_birth,
                blood_group=member.blood_group,
                allergies=member.allergies,
                added_at=member.created_at,
                appointments=member_visits,
                records=member_records,
            )
        )
    result = PatientExport(
        generated_at=now,
        user_id=user.id,
        patient_id=patient.id,
        profile=ExportedProfile(
            full_name=user.full_name,
            phone=user.phone,
            email=user.email,
            language=user.language,
            date_of_birth=patient.date_of_birth,
            blood_group=patient.blood_group,
            allergies=patient.allergies,
            emergency_contact=patient.emergency_contact,
            insurance=patient.insurance,
            registered_at=user.created_at,
            privacy_accepted_at=user.privacy_accepted_at,
        ),
        appointments=visits,
        records=records,
        family=members,
    )
    await audit.record(
        session,
        action="privacy.export",
        resource_type="patient",
        resource_id=patient.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "appointments": len(result.appointments),
            "records": len(result.records),
            **({"family": len(members)} if members else {}),
        },
    )
    return result


async def _visits_and_records(
    session: AsyncSession, patient_id: uuid.UUID
) -> tuple[list[ExportedAppointment], list[ExportedRecord]]:
    visits = (
        await session.execute(
            select(Appointment, Doctor, Specialty, Clinic)
            .join(Doctor, Doctor.id == Appointment.doctor_id)
            .join(Specialty, Specialty.id == Doctor.specialty_id)
            .join(Clinic, Clinic.id == Appointment.clinic_id)
            .where(Appointment.patient_id == patient_id)
            .order_by(Appointment.starts_at, Appointment.created_at)
        )
    ).all()
    records = (
        await session.execute(
            select(MedicalRecord, Doctor.full_name)
            .join(Doctor, Doctor.id == MedicalRecord.doctor_id)
            .where(MedicalRecord.patient_id == patient_id)
            .order_by(MedicalRecord.created_at)
        )
    ).all()
    fixes: dict[uuid.UUID, list[ExportedCorrection]] = {}
    if records:
        rows = await session.scalars(
            select(MedicalRecordCorrection)
            .where(MedicalRecordCorrection.record_id.in_([r.id for r, _ in records]))
            .order_by(MedicalRecordCorrection.created_at, MedicalRecordCorrection.id)
        )
        for fix in rows:
            fixes.setdefault(fix.record_id, []).append(
                ExportedCorrection(
                    id=fix.id,
                    written_at=fix.created_at,
                    diagnosis=fix.diagnosis,
                    prescription=fix.prescription,
                    notes=fix.notes,
                )
            )
    return [_exported_appointment(*row) for row in visits], [
        ExportedRecord(
            id=record.id,
            appointment_id=record.appointment_id,
            doctor=doctor_name,
            written_at=record.created_at,
            diagnosis=record.diagnosis,
            prescription=record.prescription,
            notes=record.notes,
            corrections=fixes.get(record.id, []),
        )
        for record, doctor_name in records
    ]


def _require_deletable(user: User) -> None:
    # Doctors', staff members' and admins' accounts belong to the practice: their admin
    # changes them, not this.
    if user.role != "patient":
        raise NotAllowed(code="account-not-patient")


async def deletion_preview(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, now: datetime
) -> DeletionPreview:
    """What `delete_account` would cancel, for the confirmation question."""
    require(actor, Action.delete_account, user_id=user_id)
    user, patient = await _user_and_patient(session, user_id)
    _require_deletable(user)
    cancels = 0
    members = await _members(session, patient.id) if patient else []
    if patient is not None:
        for patient_id in [patient.id, *(m.id for m in members)]:
            cancels += await booking.count_future_active(session, patient_id=patient_id, now=now)
    return DeletionPreview(user_id=user.id, cancels=cancels, family=len(members))


async def delete_account(
    factory: SessionFactory, *, actor: Actor, user_id: uuid.UUID, now: datetime
) -> DeletionOut:
    """Deletes a patient's account in one transaction.

    Visits not started yet are cancelled through the ordinary cancellation (each place
    given back, reminders dropped, the doctor told); every unsent notification and open
    waitlist entry goes; name, phone, email, date of birth, blood group, allergies,
    emergency contact and insurance are erased; the Telegram account and chat are detached,
    so the next /start from that account is a new registration. Past visits, visit records
    and audit rows stay, pointing at the pseudonymised account. The family members the
    patient holds go the same way (`family.erase_member`): their upcoming visits cancelled,
    their personal fields erased, their past visits kept.
    """
    require(actor, Action.delete_account, user_id=user_id)
    async with factory() as session, session.begin():
        user, patient = await _user_and_patient(session, user_id, lock=True)
        _require_deletable(user)
        cancelled = kept = 0
        members: list[Patient] = []
        if patient is not None:
            cancelled = await booking.cancel_future_active(
                session, patient_id=patient.id, actor=actor, now=now, reason=CANCEL_REASON
            )
            members = await _members(session, patient.id, lock=True)
            for member in members:
                cancelled += await family.erase_member(
                    session, member=member, actor=actor, now=now, reason=CANCEL_REASON
                )
            _, kept = await _counts(session, [patient.id, *(m.id for m in members)], now)
            await waitlist.close_entries(session, patient_id=patient.id, now=now)
            patient.date_of_birth = None
            patient.blood_group = None
            patient.allergies = None
            patient.emergency_contact = None
            patient.insurance = None
        await notifications.drop_unsent(session, user_id=user.id)
        user.full_name = DELETED_NAME
        user.phone = None
        user.email = None
        user.telegram_user_id = None
        user.chat_id = None
        user.last_seen_at = None
        user.is_active = False
        user.deleted_at = now
        await session.flush()
        await audit.record(
            session,
            action="privacy.delete",
            resource_type="user",
            resource_id=user.id,
            actor_user_id=actor.user_id,
            at=now,
            details={
                "patient_id": str(patient.id) if patient else None,
                "cancelled": cancelled,
                "kept_appointments": kept,
                **({"family": [str(m.id) for m in members]} if members else {}),
            },
        )
    return DeletionOut(
        user_id=user_id,
        patient_id=patient.id if patient else None,
        cancelled=cancelled,
        kept_appointments=kept,
    )
