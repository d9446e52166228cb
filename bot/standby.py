"""One active process per bot: the holder of a PostgreSQL advisory lock takes the updates.

Any number of `careslot run` / `careslot webhook` processes may share a token and a
database. Each waits for a session-level advisory lock on a connection of its own; the
one that holds it is active (polls, or answers the webhook, and runs the jobs), the others
stand by and say so on /readyz. When the active process dies, its connection closes and
PostgreSQL releases the lock at once; a standby asks every `poll` seconds, so it takes
over within about that long. A process whose lock connection breaks (the database
restarted) can no longer know it is the only active one: it stops, and its supervisor
starts it again as a standby. Updates are never handled twice across the switch: the
gatekeeper's update_id claim is in the same database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import make_engine

log = logging.getLogger("careslot.standby")

# The high half of the advisory lock key ("CS"), the bot's numeric id below it, so that
# bots sharing a database do not stand by for each other.
_KEY_PREFIX = 0x4353 << 40
POLL_SECONDS = 1.0
CHECK_SECONDS = 2.0


def lease_key(token: str) -> int:
    """The lock key of a bot: its numeric id (the token's part before the colon)."""
    bot_id = int(token.split(":", 1)[0])
    return _KEY_PREFIX | (bot_id & ((1 << 40) - 1))


class Lease:
    """The advisory lock of one bot, held on a connection outside the pool."""

    def __init__(self, url: str, key: int, *, poll: float = POLL_SECONDS) -> None:
        self._url = url
        self._key = key
        self._poll = poll
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self._watch: asyncio.Task[None] | None = None
        self.active = False

    async def acquire(self) -> None:
        """Waits until this process holds the lock (at once when nobody else does)."""
        waited = False
        while True:
            try:
                if await self._try():
                    break
            except Exception as exc:  # the database is away: keep waiting, say why once
                log.warning("standby: cannot ask for the lease (%s)", type(exc).__name__)
                await self._close()
            if not waited:
                log.info("standby: another process is active; waiting to take over")
                waited = True
            await asyncio.sleep(self._poll)
        self.active = True
        log.info("standby: this process is now the active one")

    def watch(self, on_lost: Callable[[], None]) -> None:
        """Checks the lock's connection every few seconds; calls `on_lost` when it broke."""
        self._watch = asyncio.get_running_loop().create_task(self._watching(on_lost))

    async def release(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
            self._watch = None
        if self._connection is not None and self.active:
            with contextlib.suppress(Exception):
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
        self.active = False
        await self._close()

    async def _try(self) -> bool:
        if self._connection is None:
            # Autocommit: the connection holds the lock without an open transaction.
            self._engine = make_engine(self._url, pool_size=1, max_overflow=0)
            engine = self._engine.execution_options(isolation_level="AUTOCOMMIT")
            self._connection = await engine.connect()
        got = await self._connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
        )
        return bool(got)

    async def _watching(self, on_lost: Callable[[], None]) -> None:
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                assert self._connection is not None
                async with asyncio.timeout(CHECK_SECONDS * 2):
                    await self._connection.execute(text("SELECT 1"))
            except Exception as exc:
                log.error("standby: the lease's connection broke (%s); stepping down",
                          type(exc).__name__)  # fmt: skip
                self.active = False
                on_lost()
                return

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        engine, self._engine = self._engine, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()
        if engine is not None:
            with contextlib.suppress(Exception):
                await engine.dispose()
