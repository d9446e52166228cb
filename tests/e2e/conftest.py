"""End-to-end: the real Application polling the sandbox over HTTP, on the test database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from telegram.ext import Application

from bot.inprocess import running_bot
from bot.sandbox import BotApiSandbox
from bot.settings import Settings, load_settings
from db.engine import SessionFactory
from tests.world import NOW

TOKEN = "123456:SANDBOX-TEST-TOKEN"


class FakeClock:
    """The bot's clock; tests move it explicitly."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Harness:
    sandbox: BotApiSandbox
    settings: Settings
    clock: FakeClock
    factory: SessionFactory
    database_url: str
    app: Application | None = None
    mode: str = "polling"

    def restart(self, **options):
        """A context manager running a fresh bot process against the same database.

        The slot-horizon job does not run by itself shortly after start (its first run is one
        interval away): a test that wants it triggers it, or passes `slot_horizon_first`.
        """
        options.setdefault("slot_horizon_first", None)
        options.setdefault("mode", self.mode)
        options.setdefault("http_port", 0)  # /healthz, /metrics, calendar feeds on loopback
        return running_bot(
            self.settings, database_url=self.database_url, clock=self.clock, **options
        )


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(token=TOKEN, settle=0.1, reply_timeout=10) as sb:
        yield sb


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def settings(sandbox: BotApiSandbox) -> Settings:
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
    )


# The suite runs in both ways a bot takes updates; CARESLOT_E2E_MODE picks one.
MODES = [os.environ["CARESLOT_E2E_MODE"]] if os.environ.get("CARESLOT_E2E_MODE") else [
    "polling", "webhook"
]  # fmt: skip


@pytest.fixture(params=MODES)
async def harness(
    request: pytest.FixtureRequest,
    sandbox: BotApiSandbox,
    settings: Settings,
    clock: FakeClock,
    session_factory: SessionFactory,
    database_url: str,
) -> AsyncIterator[Harness]:
    h = Harness(sandbox, settings, clock, session_factory, database_url, mode=request.param)
    async with h.restart() as app:
        h.app = app
        yield h
