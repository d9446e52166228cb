"""Run the real Application inside the current event loop (tests, demo, benchmarks).

`careslot run` uses PTB's run_polling, which owns the loop and signals; here the
caller owns the loop, so the same steps are taken by hand in the same order.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Literal

from telegram.ext import Application

from bot.application import ALLOWED_UPDATES, SLOT_HORIZON_FIRST_RUN, build_application, set_webhook
from bot.runtime import Clock, Database, utc_now
from bot.settings import Settings
from bot.web import HttpConfig

Mode = Literal["polling", "webhook"]
WEBHOOK_PATH = "/telegram"


async def start_bot(app: Application, *, poll_timeout: int = 1) -> None:
    """initialize → post_init → start → then polling, as run_polling does, or (when the
    app serves a webhook) setWebhook pointing at its own server."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    runtime = app.bot_data  # a Runtime; a plain dict for the benchmark's echo bot
    http: HttpConfig | None = getattr(runtime, "http", None)
    if http is not None and http.webhook_secret:
        await set_webhook(
            app, url=runtime.web.base_url + (http.webhook_path or WEBHOOK_PATH),
            secret=http.webhook_secret, max_connections=40,
        )  # fmt: skip
        return
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
    )


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
    mode: Mode = "polling",
    http_port: int | None = None,
) -> AsyncIterator[Application]:
    """The bot polling `settings.bot_api_url` (or taking its webhook) until the block ends.

    `http_port` (0: any free port) also serves /healthz, /readyz and /metrics on loopback;
    the webhook mode always does, on a free port unless told."""
    database = Database(database_url, settings=settings)
    http = None
    if mode == "webhook" or http_port is not None:
        http = HttpConfig(
            host="127.0.0.1",
            port=http_port or 0,
            webhook_path=WEBHOOK_PATH if mode == "webhook" else None,
            webhook_secret=secrets.token_urlsafe(32) if mode == "webhook" else None,
            max_body_bytes=settings.webhook_max_body_bytes,
            metrics_token=(
                settings.metrics_token.get_secret_value() if settings.metrics_token else None
            ),
        )
    app = build_application(
        settings,
        database=database,
        clock=clock,
        overall_max_rate=overall_max_rate,
        persistence_interval=persistence_interval,
        freeze_heap=freeze_heap,
        slot_horizon_first=slot_horizon_first,
        http=http,
    )
    await start_bot(app)
    try:
        yield app
    finally:
        await stop_bot(app)
