"""The audit trail: one append-only row per change, written in the change's transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from prometheus_client import Counter
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from db.models import AuditLog

# Bookings, cancellations, moves… as they commit: the audit action is the label.
ACTIONS = Counter("careslot_actions_total", "Committed changes, by audit action", ["action"])
_PENDING = "careslot.audited"  # key in Session.info: the actions of the open transaction


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    for action in session.info.pop(_PENDING, ()):
        ACTIONS.labels(action=action).inc()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


async def record(
    session: AsyncSession,
    *,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID | str | None,
    actor_user_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Add an audit row to the caller's transaction (never commits on its own).

    `details` must hold identifiers and field names only, never medical content.
    """
    row = AuditLog(
        action=action,
        resource_type=resource_type,
        resource_id=str(resource_id) if resource_id is not None else None,
        actor_user_id=actor_user_id,
        details=details or {},
    )
    if at is not None:
        row.at = at
    session.add(row)
    getattr(session, "sync_session", session).info.setdefault(_PENDING, []).append(action)
