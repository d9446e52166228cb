"""The admin's /users: find an account, see it (role, status, staff record), change its role,
block and unblock it, edit its staff record (department, position, status). Every change
audited in its transaction; nobody acts on themselves (the policy), and the last active admin
is never demoted or blocked (checked here for a clear sentence, enforced by a trigger of
migration 0017 against races)."""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import ROLES, STAFF_STATUSES, Clinic, Doctor, Staff, User
from services import audit
from services.errors import Conflict, InvalidInput, NotFound
from services.phones import normalise_phone
from services.policy import Action, Actor, require

FIND_LIMIT = 10
QUERY_MAX = 100
STAFF_TEXT_MAX = 100  # staff.department and staff.position are String(100)
STAFF_TEXT_FIELDS = ("department", "position")


class AccountRow(BaseModel):
    id: uuid.UUID
    full_name: str
    role: str
    is_active: bool


class AccountOut(AccountRow):
    phone: str | None
    doctor: str | None = None  # the linked doctor record's name
    staff_clinic: str | None = None
    staff_department: str | None = None
    staff_position: str | None = None
    staff_status: str | None = None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def find(reader: Reader, *, actor: Actor, query: str) -> list[AccountRow]:
    """Accounts whose name contains the words typed, or whose phone is the one typed."""
    require(actor, Action.view_users)
    text = " ".join((query or "").split())
    if len(text) < 2 or len(text) > QUERY_MAX:
        raise InvalidInput(code="users-query-unclear")
    conditions = [User.full_name.ilike(_like(text), escape="\\")]
    if sum(c.isdigit() for c in text) >= 6:
        with contextlib.suppress(InvalidInput):
            conditions.append(User.phone == normalise_phone(text))
    rows = (
        await reader.execute(
            select(User.id, User.full_name, User.role, User.is_active)
            .where(User.deleted_at.is_(None), or_(*conditions))
            .order_by(User.full_name, User.id)
            .limit(FIND_LIMIT)
        )
    ).all()
    return [
        AccountRow(id=r.id, full_name=r.full_name, role=r.role, is_active=r.is_active) for r in rows
    ]


async def card(reader: Reader, *, actor: Actor, user_id: uuid.UUID) -> AccountOut:
    """One account as the admin sees it, with its doctor and staff records."""
    require(actor, Action.view_users)
    row = (
        await reader.execute(
            select(
                User.id,
                User.full_name,
                User.role,
                User.is_active,
                User.phone,
                Doctor.full_name.label("doctor"),
                Clinic.name.label("clinic"),
                Staff.department,
                Staff.position,
                Staff.status,
            )
            .outerjoin(Doctor, Doctor.user_id == User.id)
            .outerjoin(Staff, Staff.user_id == User.id)
            .outerjoin(Clinic, Clinic.id == Staff.clinic_id)
            .where(User.id == user_id, User.deleted_at.is_(None))
        )
    ).first()
    if row is None:
        raise NotFound(code="user-not-found")
    return AccountOut(
        id=row.id,
        full_name=row.full_name,
        role=row.role,
        is_active=row.is_active,
        phone=row.phone,
        doctor=row.doctor,
        staff_clinic=row.clinic,
        staff_department=row.department,
        staff_position=row.position,
        staff_status=row.status,
    )


async def _locked(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id, with_for_update=True)
    if user is None or user.deleted_at is not None:
        raise NotFound(code="user-not-found")
    return user


async def _other_active_admins(session: AsyncSession, user_id: uuid.UUID) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == "admin", User.is_active, User.id != user_id)
        )
    ) or 0


async def change_role(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, role: str, now: datetime
) -> AccountOut:
    """The account's new role; the last active admin stays one. Audited (from → to)."""
    require(actor, Action.set_role, user_id=user_id)
    if role not in ROLES:
        raise InvalidInput(code="unknown-role", roles=", ".join(ROLES))
    user = await _locked(session, user_id)
    old = user.role
    if old == role:
        return await card(session, actor=actor, user_id=user_id)
    if old == "admin" and user.is_active and not await _other_active_admins(session, user_id):
        raise Conflict(code="last-admin")
    user.role = role
    user.updated_at = now
    await session.flush()
    await audit.record(
        session,
        action="user.role",
        resource_type="user",
        resource_id=user.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"from": old, "to": role},
    )
    return await card(session, actor=actor, user_id=user_id)


async def set_blocked(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, blocked: bool, now: datetime
) -> AccountOut:
    """Blocks (pauses) or unblocks the account. A blocked account is refused by every
    service (`Actor.active`) and hears one sentence from the bot. Audited."""
    require(actor, Action.block_user, user_id=user_id)
    user = await _locked(session, user_id)
    if user.is_active == (not blocked):
        return await card(session, actor=actor, user_id=user_id)
    if blocked and user.role == "admin" and not await _other_active_admins(session, user_id):
        raise Conflict(code="last-admin")
    user.is_active = not blocked
    user.updated_at = now
    await session.flush()
    await audit.record(
        session,
        action="user.block" if blocked else "user.unblock",
        resource_type="user",
        resource_id=user.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"before": {"active": blocked}, "after": {"active": not blocked}},
    )
    return await card(session, actor=actor, user_id=user_id)


def clean_staff_text(value: str | None) -> str:
    """A typed department or position: one line with a letter or digit, at most STAFF_TEXT_MAX."""
    text = " ".join((value or "").split())
    if not any(c.isalnum() for c in text):
        raise InvalidInput(code="staff-field-empty")
    if len(text) > STAFF_TEXT_MAX:
        raise InvalidInput(code="staff-field-too-long", limit=STAFF_TEXT_MAX)
    return text


async def staff_card(reader: Reader, *, actor: Actor, user_id: uuid.UUID) -> AccountOut:
    """An account that has a staff record, for editing it."""
    require(actor, Action.edit_staff_record, user_id=user_id)
    found = await card(reader, actor=actor, user_id=user_id)
    if found.staff_clinic is None:
        raise NotFound(code="staff-record-not-found")
    return found


async def edit_staff(
    session: AsyncSession,
    *,
    actor: Actor,
    user_id: uuid.UUID,
    field: str,
    value: str,
    now: datetime,
) -> AccountOut:
    """Sets the staff record's department, position (typed text) or status, with its audit
    row (field, before → after) in the same transaction; the same value changes nothing."""
    require(actor, Action.edit_staff_record, user_id=user_id)
    if field in STAFF_TEXT_FIELDS:
        value = clean_staff_text(value)
    elif field != "status" or value not in STAFF_STATUSES:
        raise InvalidInput(code="staff-status-unknown")
    staff = await session.scalar(
        select(Staff)
        .join(User, User.id == Staff.user_id)
        .where(Staff.user_id == user_id, User.deleted_at.is_(None))
        .with_for_update(of=Staff)
    )
    if staff is None:
        raise NotFound(code="staff-record-not-found")
    before = getattr(staff, field)
    if before != value:
        setattr(staff, field, value)
        staff.updated_at = now
        await session.flush()
        await audit.record(
            session,
            action="staff.edit",
            resource_type="user",
            resource_id=user_id,
            actor_user_id=actor.user_id,
            at=now,
            details={"before": {field: before}, "after": {field: value}},
        )
    return await card(session, actor=actor, user_id=user_id)
