"""A doctor's own patients: the active doctor–patient assignments, listed, searched by name,
each opening the patient's card; added from a visit's card, ended with a confirmation.

The pair (doctor, patient) is unique in the database, so ending an assignment keeps its row
(`is_active` false) and adding it again reactivates that row. Each change writes its audit
row, and each opening of a card one too, in the same transaction.

The list shows only patients of the doctor's practice: an assigned patient appears while
they have a visit (any status) with this doctor, or at this doctor's own clinic — a patient
known only to another clinic never reaches this doctor through an assignment.
"""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import Reader, SessionFactory
from db.models import Appointment, Doctor, DoctorPatientAssignment, MedicalRecord, Patient, User
from services import audit, search
from services.dates import local_today
from services.doctor_day import age_on
from services.errors import InvalidInput, NotAllowed, NotFound
from services.policy import Action, Actor, Role, require
from services.visit_records import EARLIER, EarlierVisit, RecordOut, records_where

PAGE_SIZE = 8
MAX_QUERY = 100
MIN_SCORE = search.MIN_SCORE
EARLIER_ON_CARD = 10
UTC = ZoneInfo("UTC")

_HOLDER = aliased(Patient)
_NAME = func.coalesce(Patient.full_name, User.full_name)


class PatientLine(BaseModel):
    id: uuid.UUID
    name: str
    age: int | None


class PatientPage(BaseModel):
    items: list[PatientLine]
    page: int
    pages: int
    total: int
    query: str | None = None  # the name searched for, if any


class PatientCard(BaseModel):
    id: uuid.UUID
    name: str
    age: int | None
    phone: str | None
    date_of_birth: date | None
    allergies: str | None
    emergency_contact: str | None
    earlier: list[EarlierVisit]  # with this doctor, newest first


class AssignmentOut(BaseModel):
    patient_id: uuid.UUID
    active: bool
    reactivated: bool = False


async def _doctor(session: Reader, actor: Actor) -> tuple[uuid.UUID, uuid.UUID]:
    """The actor's doctor record and its clinic."""
    if actor.role is not Role.doctor:
        raise NotAllowed()
    if actor.doctor_id is None:
        raise NotFound(code="no-doctor-profile")
    clinic_id = await session.scalar(select(Doctor.clinic_id).where(Doctor.id == actor.doctor_id))
    if clinic_id is None:
        raise NotFound(code="no-doctor-profile")
    require(actor, Action.manage_assignments, doctor_id=actor.doctor_id, clinic_id=clinic_id)
    return actor.doctor_id, clinic_id


async def check_doctor(session: Reader, *, actor: Actor) -> None:
    """NotAllowed / NotFound unless the actor is a doctor with a doctor record (before a
    question is asked on their behalf)."""
    await _doctor(session, actor)


def _of_practice(doctor_id, clinic_id):
    """The patient has a visit with this doctor, or at this doctor's clinic."""
    return exists().where(
        Appointment.patient_id == Patient.id,
        or_(Appointment.doctor_id == doctor_id, Appointment.clinic_id == clinic_id),
    )


def _assigned(doctor_id, clinic_id):
    return (
        select(
            Patient.id,
            _NAME.label("name"),
            Patient.date_of_birth,
            User.phone,
            Patient.allergies,
            Patient.emergency_contact,
        )
        .join(DoctorPatientAssignment, DoctorPatientAssignment.patient_id == Patient.id)
        .outerjoin(_HOLDER, _HOLDER.id == Patient.holder_id)
        .outerjoin(User, User.id == func.coalesce(Patient.user_id, _HOLDER.user_id))
        .where(
            DoctorPatientAssignment.doctor_id == doctor_id,
            DoctorPatientAssignment.is_active,
            _of_practice(doctor_id, clinic_id),
        )
    )


async def my_patients(
    session: Reader, *, actor: Actor, now: datetime, page: int = 0, query: str | None = None
) -> PatientPage:
    """The actor's assigned patients by name, PAGE_SIZE a page; with `query`, those whose
    name matches it (typos tolerated), best first."""
    doctor_id, clinic_id = await _doctor(session, actor)
    if query is not None:
        query = " ".join(query.split())
        if not query or len(query) > MAX_QUERY:
            raise InvalidInput(code="patients-query-unclear", max=MAX_QUERY)
    rows = (await session.execute(_assigned(doctor_id, clinic_id))).all()
    today = local_today(now, UTC)
    lines = [
        PatientLine(id=r.id, name=r.name or "", age=age_on(r.date_of_birth, today)) for r in rows
    ]
    if query is not None:
        scored = [(search.person_score(query, line.name), line) for line in lines]
        scored = [(s, line) for s, line in scored if s >= MIN_SCORE]
        scored.sort(key=lambda p: (-p[0], p[1].name.casefold(), str(p[1].id)))
        lines = [line for _s, line in scored]
    else:
        lines.sort(key=lambda line: (line.name.casefold(), str(line.id)))
    pages = max(1, math.ceil(len(lines) / PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return PatientPage(
        items=lines[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
        page=page,
        pages=pages,
        total=len(lines),
        query=query,
    )


async def patient_card(
    factory: SessionFactory, *, actor: Actor, patient_id: uuid.UUID, now: datetime
) -> PatientCard:
    """One of the actor's assigned patients with their details and history with this doctor
    (the opening audited); anyone else's has expired (NotAllowed)."""
    async with factory() as session, session.begin():
        doctor_id, clinic_id = await _doctor(session, actor)
        require(actor, Action.view_patient_card, doctor_id=doctor_id)
        row = (
            await session.execute(_assigned(doctor_id, clinic_id).where(Patient.id == patient_id))
        ).first()
        if row is None:
            raise NotAllowed()
        await audit.record(
            session,
            action="patient.card_opened",
            resource_type="patient",
            resource_id=row.id,
            actor_user_id=actor.user_id,
            details={"via": "my_patients"},
            at=now,
        )
        earlier_rows = (
            await session.execute(
                EARLIER.limit(EARLIER_ON_CARD),
                {"doctor_id": doctor_id, "patient_id": row.id, "before": now},
            )
        ).all()
        records: list[RecordOut] = await records_where(
            session, MedicalRecord.appointment_id.in_([e.id for e in earlier_rows])
        ) if earlier_rows else []  # fmt: skip
    by_visit = {r.appointment_id: r for r in records}
    return PatientCard(
        id=row.id,
        name=row.name or "",
        age=age_on(row.date_of_birth, local_today(now, UTC)),
        phone=row.phone,
        date_of_birth=row.date_of_birth,
        allergies=row.allergies,
        emergency_contact=row.emergency_contact,
        earlier=[
            EarlierVisit(
                id=e.id,
                starts_at=e.starts_at,
                timezone=e.timezone,
                status=e.status,
                record=by_visit.get(e.id),
            )
            for e in earlier_rows
        ],
    )


_UPSERT = (
    insert(DoctorPatientAssignment)
    .values(doctor_id=bindparam("doctor_id"), patient_id=bindparam("patient_id"), is_active=True)
    .on_conflict_do_update(
        index_elements=["doctor_id", "patient_id"],
        set_={"is_active": True, "updated_at": func.now()},
    )
)


async def add_from_visit(
    factory: SessionFactory, *, actor: Actor, appointment_id: uuid.UUID, now: datetime
) -> AssignmentOut:
    """ "Add to my patients" on a visit's card: the visit's patient assigned to its doctor
    (the actor); an ended assignment is reactivated, an active one stays as it is."""
    async with factory() as session, session.begin():
        appt = (
            await session.execute(
                select(Appointment.doctor_id, Appointment.patient_id, Appointment.status).where(
                    Appointment.id == appointment_id
                )
            )
        ).first()
        if appt is None:
            raise NotFound(code="appointment-not-found")
        doctor_id, _clinic = await _doctor(session, actor)
        if appt.doctor_id != doctor_id:
            raise NotAllowed()
        if appt.status == "cancelled":  # the card of a cancelled visit no longer opens
            raise NotAllowed()
        before = await _lock(session, doctor_id, appt.patient_id)
        if before is not None and before.is_active:
            return AssignmentOut(patient_id=appt.patient_id, active=True)
        await session.execute(_UPSERT, {"doctor_id": doctor_id, "patient_id": appt.patient_id})
        await audit.record(
            session,
            action="assignment.reactivate" if before is not None else "assignment.add",
            resource_type="patient",
            resource_id=appt.patient_id,
            actor_user_id=actor.user_id,
            details={"doctor_id": str(doctor_id), "appointment_id": str(appointment_id)},
            at=now,
        )
    return AssignmentOut(patient_id=appt.patient_id, active=True, reactivated=before is not None)


async def _lock(
    session: AsyncSession, doctor_id: uuid.UUID, patient_id: uuid.UUID
) -> DoctorPatientAssignment | None:
    return await session.scalar(
        select(DoctorPatientAssignment)
        .where(
            DoctorPatientAssignment.doctor_id == doctor_id,
            DoctorPatientAssignment.patient_id == patient_id,
        )
        .with_for_update()
    )


async def end_assignment(
    factory: SessionFactory, *, actor: Actor, patient_id: uuid.UUID, now: datetime
) -> AssignmentOut:
    """Ends the actor's active assignment of the patient (its row is kept, inactive); a
    patient not assigned to the actor has expired (NotFound)."""
    async with factory() as session, session.begin():
        doctor_id, _clinic = await _doctor(session, actor)
        found = await _lock(session, doctor_id, patient_id)
        if found is None or not found.is_active:
            raise NotFound(code="assignment-not-found")
        found.is_active = False
        found.updated_at = now
        await audit.record(
            session,
            action="assignment.end",
            resource_type="patient",
            resource_id=patient_id,
            actor_user_id=actor.user_id,
            details={"doctor_id": str(doctor_id)},
            at=now,
        )
    return AssignmentOut(patient_id=patient_id, active=False)


async def patient_name(session: Reader, *, actor: Actor, patient_id: uuid.UUID) -> str:
    """The name of one of the actor's assigned patients (the question before ending it)."""
    doctor_id, clinic_id = await _doctor(session, actor)
    row = (
        await session.execute(_assigned(doctor_id, clinic_id).where(Patient.id == patient_id))
    ).first()
    if row is None:
        raise NotFound(code="assignment-not-found")
    return row.name or ""
