"""Invites: one-time deep links that give a Telegram account a doctor's or staff record.

The link carries a random code (`secrets.token_urlsafe`, 192 bits, 32 characters of
`A–Z a–z 0–9 _ -`: Telegram's start parameter takes at most 64 of those); only its sha256
is stored. A code is used once: the claim is one conditional UPDATE (… WHERE used_at IS
NULL AND revoked_at IS NULL AND expires_at > now), and the database refuses any change to
an invite once it is used or revoked (migration 0017). A doctor's invite links the doctor
record that has no account yet; a staff invite creates the staff record in its clinic.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import INVITE_ROLES, Clinic, Doctor, Invite, Staff, User
from services import audit
from services.errors import Conflict, InvalidInput, NotFound
from services.policy import Action, Actor, require
from services.users import UserOut, user_out

CODE_BYTES = 24  # 192 bits of randomness
CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")
DEFAULT_TTL = timedelta(hours=72)


class TargetOut(BaseModel):
    """A record an invite can be for: a doctor without an account, or a clinic."""

    id: uuid.UUID
    name: str


class InviteOut(BaseModel):
    id: uuid.UUID
    role: str
    target: str  # the doctor's or the clinic's name
    expires_at: datetime


class Created(BaseModel):
    invite: InviteOut
    code: str  # shown once, in the link; never stored


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _check_role(role: str) -> str:
    if role not in INVITE_ROLES:
        raise InvalidInput(code="invite-role-unknown", roles=", ".join(INVITE_ROLES))
    return role


async def targets(reader: Reader, *, actor: Actor, role: str) -> list[TargetOut]:
    """Who an invite of `role` can be for: active doctors not yet linked to an account, or
    the active clinics (a new staff member's)."""
    require(actor, Action.invite)
    if _check_role(role) == "doctor":
        query = (
            select(Doctor.id, Doctor.full_name.label("name"))
            .where(Doctor.user_id.is_(None), Doctor.is_active)
            .order_by(Doctor.full_name, Doctor.id)
        )
    else:
        query = (
            select(Clinic.id, Clinic.name.label("name"))
            .where(Clinic.is_active)
            .order_by(Clinic.name, Clinic.id)
        )
    rows = (await reader.execute(query.limit(50))).all()
    return [TargetOut(id=r.id, name=r.name) for r in rows]


async def create(
    session: AsyncSession,
    *,
    actor: Actor,
    role: str,
    target_id: uuid.UUID,
    now: datetime,
    ttl: timedelta = DEFAULT_TTL,
) -> Created:
    """A new invite for the doctor (role doctor) or into the clinic (role staff); its code
    is returned once and only its hash kept. Audited."""
    require(actor, Action.invite)
    _check_role(role)
    if role == "doctor":
        doctor = await session.get(Doctor, target_id)
        if doctor is None or not doctor.is_active:
            raise NotFound(code="invite-target-gone")
        if doctor.user_id is not None:
            raise Conflict(code="invite-doctor-linked")
        name, doctor_id, clinic_id = doctor.full_name, doctor.id, None
    else:
        clinic = await session.get(Clinic, target_id)
        if clinic is None or not clinic.is_active:
            raise NotFound(code="invite-target-gone")
        name, doctor_id, clinic_id = clinic.name, None, clinic.id
    code = secrets.token_urlsafe(CODE_BYTES)
    invite = Invite(
        code_hash=code_hash(code),
        role=role,
        doctor_id=doctor_id,
        clinic_id=clinic_id,
        created_by=actor.user_id,
        expires_at=now + ttl,
        created_at=now,
        updated_at=now,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session,
        action="invite.create",
        resource_type="invite",
        resource_id=invite.id,
        actor_user_id=actor.user_id,
        at=now,
        details={
            "role": role,
            "target": str(target_id),
            "after": {"expires_at": invite.expires_at.isoformat()},
        },
    )
    out = InviteOut(id=invite.id, role=role, target=name, expires_at=invite.expires_at)
    return Created(invite=out, code=code)


def _open_query(now: datetime):
    return (
        select(Invite.id, Invite.role, Invite.expires_at, Doctor.full_name, Clinic.name)
        .outerjoin(Doctor, Doctor.id == Invite.doctor_id)
        .outerjoin(Clinic, Clinic.id == Invite.clinic_id)
        .where(Invite.used_at.is_(None), Invite.revoked_at.is_(None), Invite.expires_at > now)
    )


async def open_invites(reader: Reader, *, actor: Actor, now: datetime) -> list[InviteOut]:
    """The invites nobody has used, revoked or let expire yet, the soonest to expire first."""
    require(actor, Action.invite)
    rows = (await reader.execute(_open_query(now).order_by(Invite.expires_at).limit(50))).all()
    return [
        InviteOut(id=r.id, role=r.role, target=r.full_name or r.name or "", expires_at=r.expires_at)
        for r in rows
    ]


async def revoke(
    session: AsyncSession, *, actor: Actor, invite_id: uuid.UUID, now: datetime
) -> InviteOut:
    """Closes an open invite for good; one already used, revoked or expired is NotFound."""
    require(actor, Action.invite)
    row = (await session.execute(_open_query(now).where(Invite.id == invite_id))).first()
    if row is None:
        raise NotFound(code="invite-not-open")
    done = await session.execute(
        update(Invite)
        .where(Invite.id == invite_id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=now, updated_at=now)
        .returning(Invite.id)
    )
    if done.first() is None:
        raise NotFound(code="invite-not-open")
    await audit.record(
        session,
        action="invite.revoke",
        resource_type="invite",
        resource_id=invite_id,
        actor_user_id=actor.user_id,
        at=now,
        details={"before": {"status": "open"}, "after": {"status": "revoked"}},
    )
    return InviteOut(
        id=row.id, role=row.role, target=row.full_name or row.name or "", expires_at=row.expires_at
    )


async def redeem(
    session: AsyncSession,
    *,
    code: str,
    telegram_user_id: int,
    chat_id: int,
    full_name: str,
    language: str,
    now: datetime,
) -> UserOut:
    """Opens an invite: the Telegram account (a new user if it has none) gets the invite's
    role and its doctor or staff record, in one transaction with the claim and its audit row.

    A forged, used, revoked or expired code raises its own NotFound/Conflict and changes
    nothing."""
    if not CODE_SHAPE.fullmatch(code or ""):
        raise NotFound(code="invite-forged")
    hashed = code_hash(code)
    invite = await session.scalar(
        select(Invite).where(Invite.code_hash == hashed).with_for_update()
    )
    if invite is None:
        raise NotFound(code="invite-forged")
    if invite.used_at is not None:
        raise Conflict(code="invite-used")
    if invite.revoked_at is not None:
        raise Conflict(code="invite-revoked")
    if invite.expires_at <= now:
        raise Conflict(code="invite-expired")
    user = await session.scalar(select(User).where(User.telegram_user_id == telegram_user_id))
    if user is None:
        user = User(
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            full_name=(full_name or "").strip()[:200] or "—",
            language=(language or "en")[:8],
            role="patient",
            last_seen_at=now,
        )
        session.add(user)
        await session.flush()
    before_role = user.role
    claimed = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite.id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .values(used_at=now, used_by=user.id, updated_at=now)
        .returning(Invite.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.first() is None:  # lost to a concurrent opening
        raise Conflict(code="invite-used")
    if invite.role == "doctor":
        doctor = await session.get(Doctor, invite.doctor_id, with_for_update=True)
        if doctor is None or doctor.user_id is not None or not doctor.is_active:
            raise Conflict(code="invite-target-taken")
        if await session.scalar(select(Doctor.id).where(Doctor.user_id == user.id)):
            raise Conflict(code="invite-already-doctor")
        doctor.user_id = user.id
        record_type, record_id = "doctor", doctor.id
    else:
        staff = await session.scalar(select(Staff).where(Staff.user_id == user.id))
        if staff is None:
            staff = Staff(user_id=user.id, clinic_id=invite.clinic_id, status="active")
            session.add(staff)
        else:
            staff.clinic_id = invite.clinic_id
            staff.status = "active"
        await session.flush()
        record_type, record_id = "staff", staff.id
    if user.role != "admin":  # an admin keeps their role and gains the record
        user.role = invite.role
    user.chat_id = chat_id
    await session.flush()
    await audit.record(
        session,
        action="invite.use",
        resource_type="invite",
        resource_id=invite.id,
        actor_user_id=user.id,
        at=now,
        details={
            "record": f"{record_type}:{record_id}",
            "before": {"role": before_role},
            "after": {"role": user.role},
        },
    )
    return await user_out(session, user)
