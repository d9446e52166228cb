"""The audit trail: one append-only row per change, written in the change's transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditLog


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
