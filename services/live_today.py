"""/today that keeps itself up to date: the doctor's last /today message is remembered, and a
patient's booking, cancellation, confirmation or move of a visit of the day that message
shows writes a refresh row to the outbox in the same transaction. The dispatcher edits the
message in place from the day as it is then (services.dispatch).

Refreshes are coalesced per doctor: a change finds a refresh still waiting (not yet claimed
by a dispatcher) and writes none, since that one will read the day as it is when it is
sent. A refresh already claimed may have read the day before this change, so a new one is
written. An edit Telegram refuses (the message deleted, too old) is dropped quietly.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import Clinic, Doctor
from services.errors import NotFound
from services.notifications import Kind
from services.policy import Action, Actor, require

# One statement: a refresh for the doctor whose last /today shows the visit's day, unless one
# is already waiting unclaimed. The day is the doctor's own clinic's local day of the visit.
_REFRESH = text(
    """
    INSERT INTO notifications (user_id, kind, payload, due_at, not_before)
    SELECT d.user_id, CAST(:kind AS varchar), jsonb_build_object('day', d.today_day),
           CAST(:now AS timestamptz), CAST(:now AS timestamptz)
    FROM doctors d JOIN clinics c ON c.id = d.clinic_id
    WHERE d.id = :doctor_id AND d.user_id IS NOT NULL AND d.today_message_id IS NOT NULL
      AND d.today_day = (CAST(:starts_at AS timestamptz) AT TIME ZONE c.timezone)::date
      AND NOT EXISTS (
          SELECT 1 FROM notifications n
          WHERE n.user_id = d.user_id AND n.kind = CAST(:kind AS varchar) AND n.status = 'pending'
            AND n.claimed_by IS NULL)
    """
)


async def refresh_today(
    session: AsyncSession, *, doctor_id: uuid.UUID, starts_at: datetime, now: datetime
) -> None:
    """A visit of `doctor_id` at `starts_at` changed (the caller's transaction): their /today
    is edited if it shows that day."""
    await session.execute(
        _REFRESH,
        {
            "kind": Kind.today_refresh.value,
            "now": now,
            "doctor_id": doctor_id,
            "starts_at": starts_at,
        },
    )


async def remember_today_message(
    factory: SessionFactory,
    *,
    actor: Actor,
    chat_id: int,
    message_id: int,
    day: date,
) -> None:
    """The message that shows the actor's /today of `day` (the one later edited in place)."""
    if actor.doctor_id is None:
        raise NotFound(code="no-doctor-profile")
    require(actor, Action.view_doctor_day, doctor_id=actor.doctor_id)
    async with factory() as session, session.begin():
        await session.execute(
            update(Doctor)
            .where(Doctor.id == actor.doctor_id)
            .values(today_chat_id=chat_id, today_message_id=message_id, today_day=day)
        )


async def forget_today_message(
    factory: SessionFactory, *, actor: Actor, chat_id: int, message_id: int
) -> None:
    """The message no longer shows the list (a card or the settings took its place): it is
    not edited until /today is shown in it again."""
    if actor.doctor_id is None:
        return
    async with factory() as session, session.begin():
        await session.execute(
            update(Doctor)
            .where(
                Doctor.id == actor.doctor_id,
                Doctor.today_chat_id == chat_id,
                Doctor.today_message_id == message_id,
            )
            .values(today_chat_id=None, today_message_id=None, today_day=None)
        )


class TodayMessage(NamedTuple):
    doctor_id: uuid.UUID
    chat_id: int
    message_id: int
    day: date
    timezone: str

    def shows_today(self, now: datetime) -> bool:
        return now.astimezone(ZoneInfo(self.timezone)).date() == self.day


async def today_message(session: Reader, *, user_id: uuid.UUID) -> TodayMessage | None:
    """The last /today message of the doctor with this account, if any (for the dispatcher)."""
    row = (
        await session.execute(
            select(
                Doctor.id,
                Doctor.today_chat_id,
                Doctor.today_message_id,
                Doctor.today_day,
                Clinic.timezone,
            )
            .join(Clinic, Clinic.id == Doctor.clinic_id)
            .where(Doctor.user_id == user_id, Doctor.today_message_id.is_not(None))
        )
    ).first()
    return TodayMessage(*row) if row is not None else None
