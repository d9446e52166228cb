"""Two `careslot run` processes on one token and database: one active, one standing by,
and the standby takes over within seconds when the active one is killed (SIGKILL)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time

import aiohttp
from sqlalchemy import func, select

from bot.sandbox import BotApiSandbox
from db.engine import unit_of_work
from db.models import ProcessedUpdate
from tests.e2e.conftest import TOKEN

TAKEOVER_LIMIT = 10.0  # seconds, the bound


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _ready(port: int) -> dict | None:
    try:
        async with aiohttp.ClientSession() as client, client.get(
            f"http://127.0.0.1:{port}/readyz", timeout=aiohttp.ClientTimeout(total=2)
        ) as response:
            return json.loads(await response.text())
    except (aiohttp.ClientError, TimeoutError):
        return None


async def _until(predicate, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(0.1)
    return False


async def _start(sandbox: BotApiSandbox, database_url: str, port: int):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARESLOT_")}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        DATABASE_URL=database_url.replace("postgresql+asyncpg://", "postgresql://"),
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_HTTP_PORT=str(port),
    )
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_the_standby_takes_over_when_the_active_process_is_killed(
    database_url, session_factory
) -> None:
    async with BotApiSandbox(token=TOKEN) as sandbox:
        port_a, port_b = _free_port(), _free_port()
        first = await _start(sandbox, database_url, port_a)
        try:
            assert await _until(lambda: _is_active(port_a), 60), "the first never became active"
            second = await _start(sandbox, database_url, port_b)
            try:
                assert await _until(lambda: _is_standing_by(port_b), 60)
                reply = await sandbox.user(1201, "Ann").send_command("/start", timeout=30)
                assert "Do you agree?" in reply.text
                assert (await _ready(port_b))["checks"]["active"] is False  # still waiting

                first.send_signal(signal.SIGKILL)
                killed = time.monotonic()
                await first.wait()
                # An update sent while nobody is active is not lost: the standby gets it.
                reply = await sandbox.user(1202, "Bob").send_command("/start", timeout=30)
                assert "Do you agree?" in reply.text
                assert await _until(lambda: _is_active(port_b), TAKEOVER_LIMIT)
                assert time.monotonic() - killed < TAKEOVER_LIMIT
            finally:
                second.send_signal(signal.SIGTERM)
                _, stderr = await asyncio.wait_for(second.communicate(), timeout=30)
            assert second.returncode == 0, stderr.decode()
            assert "Traceback" not in stderr.decode()
        finally:
            if first.returncode is None:
                first.kill()
                await first.wait()
        ann = [m for m in sandbox.user(1201, "Ann").bot_messages if "Do you agree?" in m.text]
        assert len(ann) == 1  # handled once, by the first process only
    async with unit_of_work(session_factory) as session:
        handled = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    assert handled == 2


async def _is_active(port: int) -> bool:
    ready = await _ready(port)
    return bool(ready and ready["ready"] and ready["checks"].get("active"))


async def _is_standing_by(port: int) -> bool:
    ready = await _ready(port)
    return bool(ready and not ready["ready"] and ready["checks"].get("active") is False)
