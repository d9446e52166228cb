"""The HTTP side of a bot process: the webhook, /healthz, /readyz and /metrics.

One aiohttp server (the stack the bot already uses for its Bot API calls). The webhook
only checks the secret, reads the update and puts it on the Application's queue, so
Telegram gets its answer at once; the update then takes the same road as a polled one
(the gatekeeper's update_id claim, one chat in order).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from telegram import Update
from telegram.ext import Application

from bot.metrics import (
    DB_POOL_IN_USE,
    DB_POOL_SIZE,
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_DUE,
    WEBHOOK_REFUSED,
)
from bot.runtime import Runtime
from bot.settings import ConfigError
from db.engine import unit_of_work
from db.migrate import head_revision
from services import calendar_feeds, health

log = logging.getLogger("careslot.web")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHECK_TIMEOUT = 3.0  # seconds a readiness check may take before it counts as failed
BOT_API_FRESH = 30.0  # a getMe that succeeded this recently still counts
MAX_TOKEN = 2048  # a calendar token is ~250 characters; longer is not one


@dataclass(frozen=True)
class HttpConfig:
    """Where the server listens, and the webhook it serves (None: health and metrics only)."""

    host: str
    port: int
    webhook_path: str | None = None
    webhook_secret: str | None = None
    max_body_bytes: int = 256 * 1024
    metrics_token: str | None = None


class WebServer:
    """Started in the Application's post_init, stopped in its post_shutdown."""

    def __init__(self, app: Application, config: HttpConfig) -> None:
        self._app = app
        self._config = config
        self._runner: web.AppRunner | None = None
        self._bot_api_ok_at = 0.0
        self._head = head_revision()
        self.port: int | None = None
        web_app = web.Application(client_max_size=config.max_body_bytes)
        web_app.router.add_get("/healthz", self._healthz)
        web_app.router.add_get("/readyz", self._readyz)
        web_app.router.add_get("/metrics", self._metrics)
        web_app.router.add_get(r"/calendar/{token:[A-Za-z0-9_.\-]+}.ics", self._calendar)
        if config.webhook_path is not None and config.webhook_secret:
            web_app.router.add_post(config.webhook_path, self._webhook)
        self._web_app = web_app

    @property
    def base_url(self) -> str:
        host = self._config.host if ":" not in self._config.host else f"[{self._config.host}]"
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        # No access log: request lines are noise here, and a proxy keeps its own.
        self._runner = web.AppRunner(self._web_app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._config.host, self._config.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            raise ConfigError(
                f"Cannot listen on {self._config.host}:{self._config.port} "
                f"({exc.strerror or type(exc).__name__}): set CARESLOT_HTTP_HOST and "
                "CARESLOT_HTTP_PORT to an address and a free port."
            ) from None
        addresses = self._runner.addresses  # the real port when 0 asked for any free one
        self.port = addresses[0][1] if addresses else self._config.port
        log.info("HTTP server listening on %s:%s", self._config.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- the webhook ---------------------------------------------------------------------

    async def _webhook(self, request: web.Request) -> web.Response:
        """Checks the secret (constant time), reads one update, queues it, answers 200."""
        secret = self._config.webhook_secret or ""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return self._refuse(403, "secret", "missing or wrong secret token")
        length = request.content_length
        if length is not None and length > self._config.max_body_bytes:
            return self._refuse(413, "size", f"a body of {length} bytes")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(413, "size", "a body over the limit")
        try:
            update = Update.de_json(json.loads(body), self._app.bot)
        except Exception:  # not JSON, or not an update: its content is not logged
            update = None
        if update is None:
            return self._refuse(400, "malformed", "a body that is not an update")
        journal = getattr(self._app.bot, "journal", None)
        if journal is not None:
            try:  # written down before the 200 tells Telegram it arrived
                await journal([update])
            except Exception as exc:
                log.warning("webhook update not written down (%s): answering 503 so that "
                            "Telegram sends it again", type(exc).__name__)  # fmt: skip
                return web.Response(status=503)
        await self._app.update_queue.put(update)
        return web.Response(text="ok")

    @staticmethod
    def _refuse(status: int, reason: str, what: str) -> web.Response:
        WEBHOOK_REFUSED.labels(reason=reason).inc()
        log.warning("webhook request refused (%s): %s", status, what)  # never the body
        return web.Response(status=status)

    # --- health --------------------------------------------------------------------------

    async def _healthz(self, _request: web.Request) -> web.Response:
        """Alive: the event loop answers."""
        return web.json_response({"status": "alive"})

    async def _readyz(self, _request: web.Request) -> web.Response:
        """Ready: database reachable, schema at this code's head, Bot API reachable,
        updates being taken, and whatever else the process registered (its dispatcher)."""
        checks: dict[str, bool] = {}
        runtime: Runtime = self._app.bot_data
        revision = await self._bounded(self._revision)
        checks["database"] = revision is not False
        checks["migrations"] = revision == self._head
        checks["bot_api"] = await self._bounded(self._bot_api) is True
        checks["updates"] = self._taking_updates()
        if runtime.standby:  # False while another process is the active one
            checks["active"] = runtime.lease is not None and runtime.lease.active
        for name, check in runtime.ready_checks.items():
            checks[name] = _safe_check(check)
        ready = all(checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)

    async def _bounded(self, check: Callable[[], object]) -> object:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                return await check()  # type: ignore[misc]
        except Exception as exc:
            log.warning("readiness check %s failed: %s", check.__name__, type(exc).__name__)
            return False

    async def _revision(self) -> str | None:
        runtime: Runtime = self._app.bot_data
        assert runtime.database is not None
        async with runtime.database.reader.connect() as connection:
            return await health.schema_revision(connection)

    async def _bot_api(self) -> bool:
        if time.monotonic() - self._bot_api_ok_at < BOT_API_FRESH:
            return True
        await self._app.bot.get_me()
        self._bot_api_ok_at = time.monotonic()
        return True

    def _taking_updates(self) -> bool:
        if not self._app.running:
            return False
        if self._config.webhook_path is not None and self._config.webhook_secret:
            return True
        return self._app.updater is not None and self._app.updater.running

    # --- calendar feeds ------------------------------------------------------------------

    async def _calendar(self, request: web.Request) -> web.Response:
        """A calendar feed by its token; 404 for any token that is not live (no detail)."""
        runtime: Runtime = self._app.bot_data
        assert runtime.database is not None and runtime.settings is not None
        if len(request.match_info["token"]) > MAX_TOKEN:
            return web.Response(status=404)
        async with unit_of_work(runtime.database.factory) as session:
            body = await calendar_feeds.feed_calendar(
                session, token=request.match_info["token"],
                secret=runtime.settings.jwt_secret.get_secret_value(), now=runtime.clock(),
            )  # fmt: skip
        if body is None:
            log.info("calendar feed refused: not a live token")  # never the token itself
            return web.Response(status=404)
        return web.Response(
            body=body,
            headers={
                "Content-Type": "text/calendar; charset=utf-8",
                "Cache-Control": "private, max-age=300",
            },
        )

    # --- metrics -------------------------------------------------------------------------

    async def _metrics(self, request: web.Request) -> web.Response:
        """Prometheus text; with a token set, only for its bearer; else loopback only."""
        token = self._config.metrics_token
        if token:
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return web.Response(status=401, headers={"WWW-Authenticate": "Bearer"})
        elif not _is_loopback(request.remote):
            return web.Response(status=403)
        await self._bounded(self._refresh_gauges)
        return web.Response(
            body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def _refresh_gauges(self) -> bool:
        runtime: Runtime = self._app.bot_data
        assert runtime.database is not None
        in_use, size = runtime.database.pool_status()
        DB_POOL_IN_USE.set(in_use)
        DB_POOL_SIZE.set(size)
        async with runtime.database.reader.connect() as connection:
            count, waited = await health.outbox_backlog(connection, now=runtime.clock())
        OUTBOX_BACKLOG.set(count)
        OUTBOX_OLDEST_DUE.set(waited)
        return True


def _safe_check(check: Callable[[], bool]) -> bool:
    try:
        return bool(check())
    except Exception:
        return False


def _is_loopback(remote: str | None) -> bool:
    try:
        return remote is not None and ipaddress.ip_address(remote).is_loopback
    except ValueError:
        return False
