"""Places that became free: a cancellation or a move gave one back, a removed time off or
new working hours reopened slots, or slot generation made new ones. The one door through
which they reach the waitlist (tests replace it to see what was freed)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services import waitlist


async def places_freed(
    session: AsyncSession, *, slot_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """Offers these places to the waitlist, in the transaction that freed them."""
    if slot_ids:
        await waitlist.places_freed(session, slot_ids=slot_ids, now=now)
