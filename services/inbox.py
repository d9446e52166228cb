"""/notifications: what the outbox sent a user, newest first, read and unread."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Notification
from services import booking
from services.booking import AppointmentOut
from services.errors import NotFound
from services.policy import Action, Actor, require


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str
    sent_at: datetime
    read_at: datetime | None
    appointment: AppointmentOut | None = None  # as it is now

    @property
    def unread(self) -> bool:
        return self.read_at is None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    total: int
    unread: int
    offset: int
    limit: int


def _mine(user_id: uuid.UUID):
    # A live /today's edit is not a message of its own.
    return (
        Notification.user_id == user_id,
        Notification.status == "sent",
        Notification.kind != "doctor.today_refresh",
    )


async def _with_visits(session: AsyncSession, rows: list[Notification]) -> list[NotificationOut]:
    visits = await booking.appointments_by_id(
        session, appointment_ids=[r.appointment_id for r in rows if r.appointment_id]
    )
    return [
        NotificationOut(
            id=r.id,
            kind=r.kind,
            sent_at=r.sent_at,
            read_at=r.read_at,
            appointment=visits.get(r.appointment_id) if r.appointment_id else None,
        )
        for r in rows
    ]


async def list_notifications(
    session: AsyncSession,
    *,
    actor: Actor,
    user_id: uuid.UUID,
    offset: int = 0,
    limit: int = 5,
) -> NotificationPage:
    """A page of the user's sent notifications, newest first, with how many are unread."""
    require(actor, Action.read_notifications, user_id=user_id)
    counts = (
        await session.execute(
            select(func.count(), func.count().filter(Notification.read_at.is_(None))).where(
                *_mine(user_id)
            )
        )
    ).one()
    rows = (
        await session.scalars(
            select(Notification)
            .where(*_mine(user_id))
            .order_by(Notification.sent_at.desc(), Notification.id)
            .offset(offset)
            .limit(limit)
        )
    ).all()
    return NotificationPage(
        items=await _with_visits(session, list(rows)),
        total=counts[0],
        unread=counts[1],
        offset=offset,
        limit=limit,
    )


async def open_notification(
    session: AsyncSession, *, actor: Actor, notification_id: uuid.UUID, now: datetime
) -> NotificationOut:
    """One of the user's notifications, marked read (the caller's transaction)."""
    row = await session.get(Notification, notification_id)
    if row is None or row.status != "sent":
        raise NotFound()
    require(actor, Action.read_notifications, user_id=row.user_id)
    if row.read_at is None:
        row.read_at = now
        await session.flush()
    (out,) = await _with_visits(session, [row])
    return out


async def mark_all_read(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, now: datetime
) -> int:
    """Marks every unread notification of the user read; returns how many."""
    require(actor, Action.read_notifications, user_id=user_id)
    result = await session.execute(
        update(Notification)
        .where(*_mine(user_id), Notification.read_at.is_(None))
        .values(read_at=now)
    )
    return result.rowcount or 0
