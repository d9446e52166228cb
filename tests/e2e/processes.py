"""`careslot run` as real processes for the end-to-end tests (standby, durable state)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time

import aiohttp

from bot.sandbox import BotApiSandbox
from tests.e2e.conftest import TOKEN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def ready(port: int) -> dict | None:
    """The process's /readyz answer, or None while it does not answer."""
    try:
        async with aiohttp.ClientSession() as client, client.get(
            f"http://127.0.0.1:{port}/readyz", timeout=aiohttp.ClientTimeout(total=2)
        ) as response:
            return json.loads(await response.text())
    except (aiohttp.ClientError, TimeoutError):
        return None


async def until(predicate, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(0.1)
    return False


async def is_active(port: int) -> bool:
    answer = await ready(port)
    return bool(answer and answer["ready"] and answer["checks"].get("active"))


async def is_standing_by(port: int) -> bool:
    answer = await ready(port)
    return bool(answer and not answer["ready"] and answer["checks"].get("active") is False)


async def start_careslot(sandbox: BotApiSandbox, database_url: str, port: int):
    """`python -m bot.cli run` against the sandbox and the test database."""
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
