"""What readiness checks and metrics read from the database: the schema revision and the
outbox backlog. Counts and times only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import Notification


async def schema_revision(connection: AsyncConnection) -> str | None:
    """The Alembic revision the database is at (None before the first migration)."""
    return await connection.scalar(text("SELECT version_num FROM alembic_version"))


async def outbox_backlog(connection: AsyncConnection, *, now: datetime) -> tuple[int, float]:
    """How many notifications are due and unsent, and how long the oldest has waited (s)."""
    count, oldest = (
        await connection.execute(
            select(func.count(), func.min(Notification.due_at)).where(
                Notification.sent_at.is_(None), Notification.due_at <= now
            )
        )
    ).one()
    waited = (now - oldest).total_seconds() if oldest is not None else 0.0
    return count, max(waited, 0.0)
