"""The process loop of `careslot run` and `careslot webhook`, with the standby lease.

PTB's run_polling initialises the Application (loading the conversations from the
persistence) before anything else. A standby must not: it may wait for hours, and what
it loaded would be stale when it takes over. So the order here is

1. the database and the HTTP server (/healthz answers; /readyz says "standing by"),
2. the lease (`bot.standby`): wait until this process is the active one,
3. the Application: initialise (fresh conversations), start, queue the updates a dead
   process received but never handled (`services.updates.unclaimed`), then poll or set
   the webhook,
4. run until SIGTERM / SIGINT, or until the lease is lost; then stop in reverse order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.application import ALLOWED_UPDATES, replay_unclaimed, set_webhook
from bot.runtime import Runtime
from bot.settings import ConfigError
from bot.standby import Lease, lease_key

log = logging.getLogger("careslot.runner")

# The exit code of a process that lost its lease (its supervisor starts it again).
LEASE_LOST = 3


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    secret: str
    max_connections: int


async def serve(app: Application, *, webhook: WebhookTarget | None = None) -> int:
    """Runs the bot until it is told to stop; returns the process's exit code."""
    runtime: Runtime = app.bot_data
    assert runtime.database is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    lease: Lease | None = None
    started = False
    try:
        await runtime.database.open()
        await _start_web(app, runtime)
        assert runtime.database.url is not None
        lease = Lease(runtime.database.url, lease_key(app.bot.token))
        runtime.lease = lease
        if not await _first(lease.acquire(), stop):
            return 0  # stopped while standing by
        lease.watch(lambda: _lost(runtime, stop))
        try:
            await app.initialize()
        except InvalidToken:
            raise ConfigError("TELEGRAM_BOT_TOKEN was refused by the Bot API.") from None
        except NetworkError as exc:
            raise ConfigError(
                f"The Bot API could not be reached ({type(exc).__name__}); "
                "check CARESLOT_BOT_API_URL and the network."
            ) from None
        started = True
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await replay_unclaimed(app)
        if webhook is not None:
            await set_webhook(
                app, url=webhook.url, secret=webhook.secret,
                max_connections=webhook.max_connections,
            )  # fmt: skip
            log.info("taking updates by webhook")
        else:
            assert app.updater is not None
            await app.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
            )
            log.info("polling for updates")
        await stop.wait()
        return LEASE_LOST if runtime.lease_lost else 0
    finally:
        if started:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)  # closes the server, the lease and the database
        elif lease is not None:
            await lease.release()


async def _start_web(app: Application, runtime: Runtime) -> None:
    if runtime.http is not None and runtime.web is None:
        from bot.web import WebServer

        runtime.web = WebServer(app, runtime.http)
        await runtime.web.start()


async def _first(acquiring, stop: asyncio.Event) -> bool:
    """Waits for the lease or for a stop; True when the lease came first."""
    lease_task = asyncio.ensure_future(acquiring)
    stop_task = asyncio.ensure_future(stop.wait())
    done, pending = await asyncio.wait(
        {lease_task, stop_task}, return_when=asyncio.FIRST_COMPLETED
    )
    for task in pending:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    if lease_task in done:
        lease_task.result()
        return True
    return False


def _lost(runtime: Runtime, stop: asyncio.Event) -> None:
    runtime.lease_lost = True
    stop.set()
