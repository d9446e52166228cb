"""Standby failover: how long until a standby `careslot run` answers after the active one
is killed (SIGKILL).

Two real `careslot run` processes share the token and the database; the active one is
killed, and two times are taken from the kill: until the other's /readyz says it is
active (`takeover_s`), and until a /help sent right after the kill is answered
(`answer_s`). A fresh standby replaces the killed process before the next kill. Part of
`benchmarks.throughput`'s report (its "failover" section); on its own:

    .venv/bin/python -m benchmarks.failover [--kills 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import sys
import time
from typing import Any

import aiohttp

from benchmarks.common import bench_database, emit, note
from bot.sandbox import BotApiSandbox

TOKEN = "123457:BENCH-FAILOVER-TOKEN"
START_TIMEOUT = 90.0  # a process start: imports, migrations check, getMe
TARGET_S = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _state(port: int) -> str | None:
    """"active", "standby", or None (not answering yet)."""
    try:
        async with aiohttp.ClientSession() as client, client.get(
            f"http://127.0.0.1:{port}/readyz", timeout=aiohttp.ClientTimeout(total=2)
        ) as response:
            checks = json.loads(await response.text())["checks"]
    except (aiohttp.ClientError, TimeoutError, ValueError, KeyError):
        return None
    return "active" if checks.get("active") and response.status == 200 else "standby"


async def _wait_for(port: int, wanted: str, within: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if await _state(port) == wanted:
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    raise RuntimeError(f"the process on port {port} was not {wanted} within {within:.0f}s")


class Process:
    def __init__(self, sandbox: BotApiSandbox, database_url: str) -> None:
        self.sandbox, self.database_url = sandbox, database_url
        self.port = _free_port()
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARESLOT_")}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            DATABASE_URL=self.database_url.replace("postgresql+asyncpg://", "postgresql://"),
            CARESLOT_BOT_API_URL=self.sandbox.base_url,
            CARESLOT_BOT_API_FILE_URL=self.sandbox.base_file_url,
            CARESLOT_HTTP_PORT=str(self.port),
            CARESLOT_LOG_LEVEL="WARNING",
        )
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(30):
                await self.proc.wait()
        except TimeoutError:
            await self.kill()


async def measure_failover(database_url: str, *, kills: int = 5) -> dict[str, Any]:
    """`kills` SIGKILLs of the active process; the times until the standby took over."""
    takeovers: list[float] = []
    answers: list[float] = []
    async with BotApiSandbox(token=TOKEN, settle=0.01, reply_timeout=60) as sandbox:
        active, standby = Process(sandbox, database_url), Process(sandbox, database_url)
        try:
            await active.start()
            await _wait_for(active.port, "active", START_TIMEOUT)
            await standby.start()
            await _wait_for(standby.port, "standby", START_TIMEOUT)
            for round_ in range(kills):
                user = sandbox.user(2_000_000 + round_, "Failover")
                await active.kill()
                killed = time.monotonic()
                asking = asyncio.ensure_future(user.send_command("/help", timeout=60))
                await _wait_for(standby.port, "active", 60)
                takeovers.append(round(time.monotonic() - killed, 2))
                await asking
                answers.append(round(time.monotonic() - killed, 2))
                note(f"failover {round_ + 1}/{kills}: active after {takeovers[-1]}s, "
                     f"answered after {answers[-1]}s")  # fmt: skip
                active, standby = standby, Process(sandbox, database_url)
                await standby.start()
                await _wait_for(standby.port, "standby", START_TIMEOUT)
        finally:
            for process in (active, standby):
                with contextlib.suppress(Exception):
                    await process.stop()
    return {
        "kills": kills,
        "takeover_s": takeovers,
        "answer_s": answers,
        "median_s": statistics.median(takeovers) if takeovers else None,
        "answer_median_s": statistics.median(answers) if answers else None,
        "target_s": TARGET_S,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args(argv)
    with bench_database() as url:
        result = asyncio.run(measure_failover(url, kills=args.kills))
    emit({"benchmark": "failover", **result})
    return 0 if result["median_s"] is not None and result["median_s"] <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
