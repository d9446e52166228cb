"""A visit's card for its doctor, and visit records: written by the doctor, editable by
their author for EDIT_HOURS, then corrected append-only; read by the patient.

A doctor sees a patient only while the patient has a visit with them (not cancelled) or
an active assignment to them; every opening of a card writes an audit row. Record text
never goes into audit rows, notifications or errors: those hold ids and field names.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import bindparam, exists, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import SessionFactory
from db.models import (
    Appointment,
    Clinic,
    Doctor,
    DoctorPatientAssignment,
    MedicalRecord,
    MedicalRecordCorrection,
    Patient,
    User,
)
from services import audit
from services.doctor_day import VisitLine, line_from, visits_select
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Action, Actor, require

EDIT_HOURS = 24
EARLIER_SHOWN = 10


class RecordField(StrEnum):
    diagnosis = "diagnosis"
    prescription = "prescription"
    notes = "notes"


LIMITS = {RecordField.diagnosis: 300, RecordField.prescription: 600, RecordField.notes: 1200}


class RecordText(BaseModel):
    diagnosis: str | None = None
    prescription: str | None = None
    notes: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.diagnosis or self.prescription or self.notes)


class RecordOut(BaseModel):
    id: uuid.UUID
    appointment_id: uuid.UUID | None
    doctor_name: str
    visit_at: datetime | None
    timezone: str
    original: RecordText
    corrections: list[tuple[datetime, RecordText]]  # oldest first
    editable_until: datetime
    author_user_id: uuid.UUID | None
    patient_id: uuid.UUID | None = None
    member_name: str | None = None  # whose record, when it is a family member's

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def current(self) -> RecordText:
        """What the record says now: its latest correction, else the original."""
        return self.corrections[-1][1] if self.corrections else self.original

    def editable_by(self, actor: Actor, now: datetime) -> bool:
        return self.author_user_id is not None and self.author_user_id == actor.user_id and (
            now < self.editable_until
        )


class EarlierVisit(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    timezone: str
    status: str
    record: RecordOut | None


class VisitCard(BaseModel):
    visit: VisitLine
    phone: str | None
    date_of_birth: date | None
    allergies: str | None
    emergency_contact: str | None
    record: RecordOut | None
    earlier: list[EarlierVisit]
    may_write: bool  # a record can be written (the visit is under way or done)
    may_edit: bool  # the record exists and the actor may still edit it
    may_correct: bool  # the record exists and is past its edit window
    assigned: bool = False  # the patient is one of this doctor's own (an active assignment)


def clean_field(field: RecordField, raw: str | None) -> str | None:
    """A record field as typed: trimmed, bounded (the error says the length, not the text)."""
    if raw is None:
        return None
    value = raw.strip()
    limit = LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(code="record-too-long", limit=limit, length=len(value))
    return value or None


def _card_query():
    """The visit's line, its patient's details, and whether its doctor may see the patient:
    a visit of theirs that is not cancelled, or an active assignment (one round trip)."""
    other = aliased(Appointment)
    visit = exists().where(
        other.doctor_id == Appointment.doctor_id,
        other.patient_id == Appointment.patient_id,
        other.status != "cancelled",
    )
    assigned = exists().where(
        DoctorPatientAssignment.doctor_id == Appointment.doctor_id,
        DoctorPatientAssignment.patient_id == Appointment.patient_id,
        DoctorPatientAssignment.is_active,
    )
    return (
        visits_select()
        .add_columns(
            User.phone,
            Patient.allergies.label("allergies_text"),
            Patient.emergency_contact,
            or_(visit, assigned).label("may_see"),
            assigned.label("assigned"),
        )
        .where(Appointment.id == bindparam("appointment_id"))
    )


# The earlier visits of a patient with a doctor, newest first (bound: doctor_id, patient_id,
# before), for the cards.
EARLIER = (
    select(Appointment.id, Appointment.starts_at, Appointment.status, Clinic.timezone)
    .join(Clinic, Clinic.id == Appointment.clinic_id)
    .where(
        Appointment.doctor_id == bindparam("doctor_id"),
        Appointment.patient_id == bindparam("patient_id"),
        Appointment.starts_at < bindparam("before"),
        Appointment.status.in_(("arrived", "completed", "no_show")),
    )
    .order_by(Appointment.starts_at.desc())
    .limit(EARLIER_SHOWN)
)


_CARD = _card_query()


async def _records(session: AsyncSession, *conditions) -> list[RecordOut]:
    rows = (
        await session.execute(
            select(MedicalRecord, Doctor.full_name, Appointment.starts_at, Clinic.timezone)
            .join(Doctor, Doctor.id == MedicalRecord.doctor_id)
            .join(Clinic, Clinic.id == Doctor.clinic_id)
            .outerjoin(Appointment, Appointment.id == MedicalRecord.appointment_id)
            .where(*conditions)
            .order_by(MedicalRecord.created_at.desc())
        )
    ).all()
    if not rows:
        return []
    fixes = (
        await session.execute(
            select(MedicalRecordCorrection)
            .where(MedicalRecordCorrection.record_id.in_([r[0].id for r in rows]))
            .order_by(MedicalRecordCorrection.created_at)
        )
    ).scalars()
    by_record: dict[uuid.UUID, list[tuple[datetime, RecordText]]] = {}
    for fix in fixes:
        by_record.setdefault(fix.record_id, []).append((fix.created_at, _text(fix)))
    return [
        RecordOut(
            id=record.id,
            appointment_id=record.appointment_id,
            doctor_name=doctor_name,
            visit_at=starts_at,
            timezone=timezone,
            original=_text(record),
            corrections=by_record.get(record.id, []),
            editable_until=record.editable_until,
            author_user_id=record.author_user_id,
            patient_id=record.patient_id,
        )
        for record, doctor_name, starts_at, timezone in rows
    ]


async def records_where(session: AsyncSession, *conditions) -> list[RecordOut]:
    """Records matching the conditions, with their corrections (the caller checked the actor)."""
    return await _records(session, *conditions)


def _text(row: MedicalRecord | MedicalRecordCorrection) -> RecordText:
    return RecordText(diagnosis=row.diagnosis, prescription=row.prescription, notes=row.notes)


async def visit_card(
    factory: SessionFactory, *, actor: Actor, appointment_id: uuid.UUID, now: datetime
) -> VisitCard:
    """The visit with its patient's details and history with this doctor (audited)."""
    async with factory() as session, session.begin():
        row = (await session.execute(_CARD, {"appointment_id": appointment_id})).first()
        if row is None:
            raise NotFound(code="appointment-not-found")
        require(actor, Action.view_patient_card, doctor_id=row.doctor_id)
        if not row.may_see:
            raise NotAllowed()
        await audit.record(
            session,
            action="patient.card_opened",
            resource_type="patient",
            resource_id=row.patient_id,
            actor_user_id=actor.user_id,
            details={"appointment_id": str(row.id)},
            at=now,
        )
        earlier_rows = (
            await session.execute(
                EARLIER,
                {"doctor_id": row.doctor_id, "patient_id": row.patient_id, "before": row.starts_at},
            )
        ).all()
        # The records of the visits shown only, not of the whole history.
        shown = [row.id, *(e.id for e in earlier_rows)]
        records = await _records(session, MedicalRecord.appointment_id.in_(shown))
    by_visit = {r.appointment_id: r for r in records}
    record = by_visit.get(row.id)
    return VisitCard(
        visit=line_from(row, now),
        phone=row.phone,
        date_of_birth=row.date_of_birth,
        allergies=row.allergies_text,
        emergency_contact=row.emergency_contact,
        record=record,
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
        may_write=record is None and row.status in ("arrived", "completed"),
        may_edit=record is not None and record.editable_by(actor, now),
        may_correct=record is not None and now >= record.editable_until,
        assigned=bool(row.assigned),
    )


async def _locked_visit(session: AsyncSession, appointment_id: uuid.UUID, actor: Actor):
    appt = (
        await session.execute(
            select(Appointment).where(Appointment.id == appointment_id).with_for_update()
        )
    ).scalar_one_or_none()
    if appt is None:
        raise NotFound(code="appointment-not-found")
    require(actor, Action.write_record, doctor_id=appt.doctor_id)
    return appt


def _clean(text: RecordText) -> RecordText:
    return RecordText(**{f.value: clean_field(f, getattr(text, f.value)) for f in RecordField})


async def save_record(
    factory: SessionFactory,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    text: RecordText,
    now: datetime,
) -> RecordOut:
    """Writes the visit's record, or changes the fields given (None: unchanged) while its
    author may (EDIT_HOURS)."""
    text = _clean(text)
    async with factory() as session, session.begin():
        appt = await _locked_visit(session, appointment_id, actor)
        if appt.status not in ("arrived", "completed"):
            raise Conflict(code="record-not-yet")
        record = await session.scalar(
            select(MedicalRecord).where(MedicalRecord.appointment_id == appt.id).with_for_update()
        )
        if record is None:
            if text.empty:
                raise InvalidInput(code="record-empty")
            record = MedicalRecord(
                patient_id=appt.patient_id,
                doctor_id=appt.doctor_id,
                appointment_id=appt.id,
                author_user_id=actor.user_id,
                editable_until=now + timedelta(hours=EDIT_HOURS),
                edited_at=now,
                **text.model_dump(),
            )
            session.add(record)
            action = "medical_record.create"
        elif record.author_user_id == actor.user_id and now < record.editable_until:
            for field, value in text.model_dump().items():
                if value is not None:  # a field not retyped stays as it is
                    setattr(record, field, value)
            record.edited_at = now
            action = "medical_record.edit"
        else:
            raise Conflict(code="record-locked", hours=EDIT_HOURS)
        try:
            await session.flush()
        except DBAPIError as exc:  # the window closed between the check and the write
            raise Conflict(code="record-locked", hours=EDIT_HOURS) from exc
        await _audit(session, action, record, actor, now)
        return (await _records(session, MedicalRecord.id == record.id))[0]


async def correct_record(
    factory: SessionFactory,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    text: RecordText,
    now: datetime,
) -> RecordOut:
    """Adds a correction to a record past its edit window (the record itself stays): the
    record as it reads now with the fields given (None: unchanged)."""
    text = _clean(text)
    async with factory() as session, session.begin():
        appt = await _locked_visit(session, appointment_id, actor)
        record = await session.scalar(
            select(MedicalRecord).where(MedicalRecord.appointment_id == appt.id)
        )
        if record is None:
            raise NotFound(code="record-not-found")
        if now < record.editable_until:
            raise Conflict(code="record-still-editable")
        current = (await _records(session, MedicalRecord.id == record.id))[0].current
        merged = RecordText(
            **{f: v if v is not None else getattr(current, f) for f, v in text.model_dump().items()}
        )
        if merged == current:
            raise InvalidInput(code="record-unchanged")
        session.add(
            MedicalRecordCorrection(
                record_id=record.id, author_user_id=actor.user_id, created_at=now,
                **merged.model_dump(),
            )
        )
        await session.flush()
        await _audit(session, "medical_record.correct", record, actor, now)
        return (await _records(session, MedicalRecord.id == record.id))[0]


async def _audit(
    session: AsyncSession, action: str, record: MedicalRecord, actor: Actor, now: datetime
) -> None:
    await audit.record(
        session,
        action=action,
        resource_type="medical_record",
        resource_id=record.id,
        actor_user_id=actor.user_id,
        details={"appointment_id": str(record.appointment_id)},
        at=now,
    )


async def visit_record(
    session: AsyncSession, *, actor: Actor, appointment_id: uuid.UUID
) -> RecordOut | None:
    """The visit's record for its doctor (what an edit starts from)."""
    doctor_id = await session.scalar(
        select(Appointment.doctor_id).where(Appointment.id == appointment_id)
    )
    if doctor_id is None:
        raise NotFound(code="appointment-not-found")
    require(actor, Action.write_record, doctor_id=doctor_id)
    found = await _records(session, MedicalRecord.appointment_id == appointment_id)
    return found[0] if found else None


async def patient_records(
    session: AsyncSession, *, actor: Actor, patient_id: uuid.UUID
) -> list[RecordOut]:
    """A patient's own visit records and those of the family members they hold, newest
    first; a member's record names the member. A member's records reach their holder only."""
    require(actor, Action.read_records, patient_id=patient_id)
    rows = await session.execute(
        select(Patient.id, Patient.full_name).where(
            Patient.holder_id == patient_id, Patient.removed_at.is_(None)
        )
    )
    members = {member_id: name for member_id, name in rows}
    for member_id in members:  # each of them checked like the holder's own
        require(actor, Action.read_records, patient_id=member_id, holder_id=patient_id)
    found = await _records(session, MedicalRecord.patient_id.in_([patient_id, *members]))
    return [
        r.model_copy(update={"member_name": members[r.patient_id] or ""})
        if r.patient_id in members
        else r
        for r in found
    ]

