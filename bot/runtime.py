"""What every handler reaches through the typed context: settings, database, clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from db.engine import (
    SessionFactory,
    autocommit_engine,
    make_engine,
    make_session_factory,
    resolve_database_url,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """The one engine of a bot process, opened on first use and closed at shutdown.

    The persistence loads conversations inside `Application.initialize()`, before
    `post_init` runs, so opening is idempotent and either side may do it first.
    """

    def __init__(self, url: str | None, *, settings: Settings, pool_size: int = 10) -> None:
        self._url = url
        self._settings = settings
        self._pool_size = pool_size
        self._engine: AsyncEngine | None = None
        self._factory: SessionFactory | None = None
        self._reader: AsyncEngine | None = None
        self._lock = asyncio.Lock()
        self._resolved: str | None = url

    @property
    def url(self) -> str | None:
        """The database's URL, once known (given, or the embedded one after `open`)."""
        return self._resolved

    async def open(self) -> SessionFactory:
        async with self._lock:
            if self._factory is None:
                url = self._url or await asyncio.to_thread(
                    resolve_database_url, self._settings.database_url, self._settings.data_dir
                )
                self._resolved = url
                self._engine = make_engine(url, pool_size=self._pool_size)
                self._factory = make_session_factory(self._engine)
                self._reader = autocommit_engine(self._engine)
            return self._factory

    @property
    def factory(self) -> SessionFactory:
        if self._factory is None:
            raise RuntimeError("the database is not open yet")
        return self._factory

    @property
    def reader(self) -> AsyncEngine:
        """The engine for read-only steps (`db.engine.reading`)."""
        if self._reader is None:
            raise RuntimeError("the database is not open yet")
        return self._reader

    def pool_status(self) -> tuple[int, int]:
        """(connections checked out, connections the pool keeps) — for /metrics."""
        if self._engine is None:
            return 0, 0
        pool: Any = self._engine.pool
        return pool.checkedout(), pool.size()

    async def close(self) -> None:
        async with self._lock:
            if self._engine is not None:
                await self._engine.dispose()
            self._engine = None
            self._factory = None
            self._reader = None


@dataclass
class Runtime:
    """Held as the Application's `bot_data` (never persisted): shared, process-wide."""

    settings: Settings | None = None
    database: Database | None = None
    clock: Clock = utc_now
    freeze_heap: bool = False  # see build_application
    http: Any = None  # bot.web.HttpConfig: serve /healthz, /readyz, /metrics (and a webhook)
    web: Any = None  # the running bot.web.WebServer
    standby: bool = False  # run by bot.runner: takes updates only while holding the lease
    lease: Any = None  # the bot.standby.Lease of this process
    lease_lost: bool = False
    # Further readiness checks by name (the outbox dispatcher registers its own).
    ready_checks: dict[str, Callable[[], bool]] = field(default_factory=dict)
