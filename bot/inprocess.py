"""Run the real Application inside the current event loop (tests, demo, benchmarks).

`careslot run` uses PTB's run_polling, which owns the loop and signals; here the
caller owns the loop, so the same steps are taken by hand in the same order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from telegram.ext import Application

from bot.application import SLOT_HORIZON_FIRST_RUN, build_application
from bot.runtime import Clock, Database, utc_now
from bot.settings import Settings


async def start_bot(app: Application, *, poll_timeout: int = 1) -> None:
    """initialize → post_init → start → polling, as run_polling does."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)


async def stop_bot(app: Application) -> None:
    """The reverse, flushing persistence before the engine is disposed."""
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    database_url: str | None = None,
    clock: Clock = utc_now,
    overall_max_rate: float = 0,
    persistence_interval: float = 1.0,
    freeze_heap: bool = False,
    slot_horizon_first: timedelta | None = SLOT_HORIZON_FIRST_RUN,
) -> AsyncIterator[Application]:
    """The bot polling `settings.bot_api_url` until the block ends."""
    database = Database(database_url, settings=settings)
    app = build_application(
        settings,
        database=database,
        clock=clock,
        overall_max_rate=overall_max_rate,
        persistence_interval=persistence_interval,
        freeze_heap=freeze_heap,
        slot_horizon_first=slot_horizon_first,
    )
    await start_bot(app)
    try:
        yield app
    finally:
        await stop_bot(app)
