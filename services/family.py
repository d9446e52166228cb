"""Family members: the dependants (a child, a parent) a patient books for from their own chat.

A family member is a patient record with a holder — the account holder's own patient
record — a relation and its own name, and no account: reminders and messages about their
visits go to the holder. The holder acts for them as for themselves (the permission table's
"own", `services.policy`), nobody else does; every function here checks that again.

Removing a family member takes them off the holder's list the way deleting an account does
for the holder: their upcoming visits are cancelled (each place given back, the doctor
told), their personal fields are erased, and their past visits stay with the clinic.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import RELATIONS, Patient
from services import audit, booking, waitlist
from services.errors import InvalidInput, NotFound
from services.policy import Action, Actor, require
from services.users import FREE_TEXT_MAX, check_birth_date, clean_name, parse_birth_date

MAX_MEMBERS = 10
# What a removed family member is called wherever a kept record still names them.
REMOVED_NAME = "Removed family member"
CANCEL_REASON = "family member removed"
MEMBER_FIELDS = ("full_name", "date_of_birth", "allergies")
# Specialties whose booking always asks whom the visit is for (the children's doctors).
_PEDIATRIC = ("pediatric", "paediatric")


class MemberOut(BaseModel):
    id: uuid.UUID
    holder_id: uuid.UUID
    full_name: str
    date_of_birth: date | None
    relation: str
    allergies: str | None


def is_pediatric(specialty: str) -> bool:
    """Is this the specialty of children's doctors (whose booking always asks for whom)?"""
    return specialty.strip().lower().startswith(_PEDIATRIC)


def check_name(raw: str) -> str:
    """A family member's name, as a patient's own is checked (`users.clean_name`)."""
    return clean_name(raw)


def check_birth(raw: str, *, today: date) -> date:
    """A family member's date of birth; an ambiguous one raises AmbiguousDate as for the
    patient's own (`users.parse_birth_date`)."""
    return parse_birth_date(raw, today=today)


def check_relation(relation: str) -> str:
    if relation not in RELATIONS:
        raise InvalidInput(code="relation-unknown")
    return relation


NONE_TYPED = frozenset({"-", "–", "—"})  # "none", as the edit question suggests


def clean_allergies(raw: str | None) -> str | None:
    """Allergies as typed, single-spaced and bounded; empty or a dash means none."""
    value = " ".join((raw or "").split())
    if len(value) > FREE_TEXT_MAX:
        raise InvalidInput(code="profile-text-too-long", limit=FREE_TEXT_MAX)
    return None if value in NONE_TYPED else value or None


def _out(patient: Any) -> MemberOut:
    """A family member from a Patient or a row of `_COLUMNS`."""
    return MemberOut(
        id=patient.id,
        holder_id=patient.holder_id,
        full_name=patient.full_name,
        date_of_birth=patient.date_of_birth,
        relation=patient.relation,
        allergies=patient.allergies,
    )


# Plain columns, so that a reading connection (`db.engine.reading`) will do.
_COLUMNS = (
    Patient.id,
    Patient.holder_id,
    Patient.full_name,
    Patient.date_of_birth,
    Patient.relation,
    Patient.allergies,
)
_LISTED = (Patient.holder_id.is_not(None), Patient.removed_at.is_(None))


async def list_members(session: Reader, *, actor: Actor, holder_id: uuid.UUID) -> list[MemberOut]:
    """The family members the patient holds, oldest first (ties by name)."""
    require(actor, Action.manage_family, patient_id=holder_id)
    rows = await session.execute(
        select(*_COLUMNS)
        .where(Patient.holder_id == holder_id, *_LISTED)
        .order_by(Patient.date_of_birth.asc().nulls_last(), Patient.full_name, Patient.id)
    )
    return [_out(row) for row in rows]


async def _member(
    session: AsyncSession, actor: Actor, member_id: uuid.UUID, *, lock: bool = False
) -> Patient:
    query = select(Patient).where(Patient.id == member_id, *_LISTED)
    patient = await session.scalar(query.with_for_update() if lock else query)
    if patient is None:
        raise NotFound(code="family-member-not-found")
    require(actor, Action.manage_family, patient_id=patient.id, holder_id=patient.holder_id)
    return patient


async def get_member(session: Reader, *, actor: Actor, member_id: uuid.UUID) -> MemberOut:
    """One family member of the actor's (NotFound when gone, NotAllowed when not theirs)."""
    query = select(*_COLUMNS).where(Patient.id == member_id, *_LISTED)
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFound(code="family-member-not-found")
    require(actor, Action.manage_family, patient_id=row.id, holder_id=row.holder_id)
    return _out(row)


async def add_member(
    session: AsyncSession,
    *,
    actor: Actor,
    holder_id: uuid.UUID,
    full_name: str,
    date_of_birth: date,
    relation: str,
    allergies: str | None,
    today: date,
    now: datetime,
) -> MemberOut:
    """Adds a family member to the holder's account, every field checked again."""
    require(actor, Action.manage_family, patient_id=holder_id)
    holder = await session.scalar(
        select(Patient).where(Patient.id == holder_id).with_for_update()
    )
    if holder is None or holder.holder_id is not None:
        raise NotFound(code="profile-not-found")
    count = await session.scalar(
        select(func.count())
        .select_from(Patient)
        .where(Patient.holder_id == holder_id, Patient.removed_at.is_(None))
    )
    if (count or 0) >= MAX_MEMBERS:
        raise InvalidInput(code="family-full", limit=MAX_MEMBERS)
    member = Patient(
        holder_id=holder_id,
        full_name=check_name(full_name),
        date_of_birth=check_birth_date(date_of_birth, today=today),
        relation=check_relation(relation),
        allergies=clean_allergies(allergies),
    )
    session.add(member)
    await session.flush()
    await _audit(session, actor, "family.add", member, now)
    return _out(member)


async def update_member(
    session: AsyncSession,
    *,
    actor: Actor,
    member_id: uuid.UUID,
    field: str,
    raw: str,
    today: date,
    now: datetime,
) -> MemberOut:
    """Stores one field of a family member from what the holder typed."""
    if field not in MEMBER_FIELDS:
        raise InvalidInput(code="profile-field-not-editable")
    member = await _member(session, actor, member_id, lock=True)
    if field == "full_name":
        member.full_name = check_name(raw)
    elif field == "date_of_birth":
        member.date_of_birth = check_birth(raw, today=today)
    else:
        member.allergies = clean_allergies(raw)
    return await _changed(session, actor, member, field, now)


async def set_member_birth(
    session: AsyncSession,
    *,
    actor: Actor,
    member_id: uuid.UUID,
    born: date,
    today: date,
    now: datetime,
) -> MemberOut:
    """Stores a date of birth chosen as a date (one reading of an ambiguous one)."""
    member = await _member(session, actor, member_id, lock=True)
    member.date_of_birth = check_birth_date(born, today=today)
    return await _changed(session, actor, member, "date_of_birth", now)


async def set_relation(
    session: AsyncSession, *, actor: Actor, member_id: uuid.UUID, relation: str, now: datetime
) -> MemberOut:
    member = await _member(session, actor, member_id, lock=True)
    member.relation = check_relation(relation)
    return await _changed(session, actor, member, "relation", now)


async def _changed(
    session: AsyncSession, actor: Actor, member: Patient, field: str, now: datetime
) -> MemberOut:
    await session.flush()
    await _audit(session, actor, "family.update", member, now, {"field": field})
    return _out(member)


async def _audit(
    session: AsyncSession,
    actor: Actor,
    action: str,
    member: Patient,
    now: datetime,
    details: dict | None = None,
) -> None:
    await audit.record(
        session,
        action=action,
        resource_type="patient",
        resource_id=member.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"holder_id": str(member.holder_id), **(details or {})},
    )


async def upcoming_count(
    session: AsyncSession, *, actor: Actor, member_id: uuid.UUID, now: datetime
) -> int:
    """How many visits removing the family member would cancel (for the question)."""
    member = await _member(session, actor, member_id)
    return await booking.count_future_active(session, patient_id=member.id, now=now)


async def remove_member(
    factory: SessionFactory, *, actor: Actor, member_id: uuid.UUID, now: datetime
) -> int:
    """Takes a family member off the holder's account in one transaction; returns how many
    upcoming visits were cancelled. See the module's note for what stays."""
    async with factory() as session, session.begin():
        member = await _member(session, actor, member_id, lock=True)
        cancelled = await erase_member(session, member=member, actor=actor, now=now)
        await _audit(session, actor, "family.remove", member, now, {"cancelled": cancelled})
    return cancelled


async def erase_member(
    session: AsyncSession, *, member: Patient, actor: Actor, now: datetime, reason: str = ""
) -> int:
    """In the caller's transaction: the member's upcoming visits cancelled the ordinary way
    (`booking.cancel_future_active`), open waitlist entries closed, personal fields erased,
    the member marked removed. The caller has checked the actor; returns the cancellations."""
    cancelled = await booking.cancel_future_active(
        session, patient_id=member.id, actor=actor, now=now, reason=reason or CANCEL_REASON
    )
    await waitlist.close_entries(session, patient_id=member.id, now=now)
    member.full_name = REMOVED_NAME
    member.date_of_birth = None
    member.blood_group = None
    member.allergies = None
    member.emergency_contact = None
    member.insurance = None
    member.removed_at = now
    await session.flush()
    return cancelled

