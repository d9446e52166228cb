"""Places that became free again: a removed time off reopened its slots, or new working
hours generated new ones."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession


async def places_freed(
    session: AsyncSession, *, slot_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """The waitlist will offer these places (called in the transaction that freed them)."""
    return None
