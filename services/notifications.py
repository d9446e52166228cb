"""The outbox: notifications written in the transaction of the change that causes them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Notification

REMINDER_OFFSETS = {"24h": timedelta(hours=24), "2h": timedelta(hours=2)}

# Written with every booking: built once, values bound at execution.
_ENQUEUE = (
    insert(Notification)
    .values(
        user_id=bindparam("user_id"),
        kind=bindparam("kind"),
        payload=bindparam("payload"),
        due_at=bindparam("due_at"),
        dedupe_key=bindparam("dedupe_key"),
    )
    .on_conflict_do_nothing(index_elements=["dedupe_key"])
)


async def enqueue(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    due_at: datetime,
    dedupe_key: str | None = None,
) -> None:
    """Adds a notification; a repeated dedupe key is ignored (the first one stands).

    The payload holds identifiers and times only, never the visit reason or records.
    """
    await session.execute(
        _ENQUEUE,
        {
            "user_id": user_id,
            "kind": kind,
            "payload": payload,
            "due_at": due_at,
            "dedupe_key": dedupe_key,
        },
    )


async def schedule_reminders(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    appointment_id: uuid.UUID,
    starts_at: datetime,
    now: datetime,
    dependant_id: uuid.UUID | None = None,
) -> int:
    """Reminders 24 h and 2 h before the visit, those still in the future.

    A family member's visit is reminded to their holder (`user_id`), and the payload names
    the family member by id (`dependant_id`) so that the message can say whose visit it is."""
    count = 0
    payload: dict[str, Any] = {"appointment_id": str(appointment_id)}
    if dependant_id is not None:
        payload["dependant_id"] = str(dependant_id)
    for label, offset in REMINDER_OFFSETS.items():
        due = starts_at - offset
        if due > now:
            await enqueue(
                session,
                user_id=user_id,
                kind="appointment.reminder",
                payload={**payload, "before": label},
                due_at=due,
                dedupe_key=f"reminder:{appointment_id}:{label}",
            )
            count += 1
    return count


async def cancel_reminders(session: AsyncSession, *, appointment_id: uuid.UUID) -> None:
    """Drops the unsent reminders of an appointment that will not happen."""
    await session.execute(
        delete(Notification).where(
            Notification.dedupe_key.like(f"reminder:{appointment_id}:%"),
            Notification.sent_at.is_(None),
        )
    )


async def drop_unsent(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    """Drops every notification not yet sent to a user who can no longer be reached."""
    result = await session.execute(
        delete(Notification).where(Notification.user_id == user_id, Notification.sent_at.is_(None))
    )
    return result.rowcount or 0
