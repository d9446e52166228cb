"""One more try for an update whose database connection broke under it.

A server restart or failover drops the pool's connections; the first update that meets a
dead one used to get the apology although a fresh connection would have worked. The error
handler runs the update once more (`again`) after a short pause; the gatekeeper, seeing
the update in `RETRYING`, loads the user without claiming the update id a second time.
A second failure gets the apology. Handlers change the database before they answer, and
a booking carries its idempotency key, so running an update again does not double it.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import Application

RETRY_AFTER = 0.5  # seconds: long enough for a failover's new primary to take connections
RETRYING: set[int] = set()  # update ids being run again, in this process


def may_retry(update: Update) -> bool:
    return update.update_id not in RETRYING


async def again(application: Application, update: Update) -> None:
    """Runs `update` through the handlers once more (its chat's turn is still held)."""
    RETRYING.add(update.update_id)
    try:
        await asyncio.sleep(RETRY_AFTER)
        await application.process_update(update)
    finally:
        RETRYING.discard(update.update_id)
