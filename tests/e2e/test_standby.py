"""Two `careslot run` processes on one token and database: one active, one standing by,
and the standby takes over within seconds when the active one is killed (SIGKILL)."""

from __future__ import annotations

import asyncio
import signal
import time

from sqlalchemy import func, select

from bot.sandbox import BotApiSandbox
from db.engine import unit_of_work
from db.models import ProcessedUpdate
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import (
    free_port,
    is_active,
    is_standing_by,
    ready,
    start_careslot,
    until,
)

TAKEOVER_LIMIT = 10.0  # seconds, the bound


async def test_the_standby_takes_over_when_the_active_process_is_killed(
    database_url, session_factory
) -> None:
    async with BotApiSandbox(token=TOKEN) as sandbox:
        port_a, port_b = free_port(), free_port()
        first = await start_careslot(sandbox, database_url, port_a)
        try:
            assert await until(lambda: is_active(port_a), 60), "the first never became active"
            second = await start_careslot(sandbox, database_url, port_b)
            try:
                assert await until(lambda: is_standing_by(port_b), 60)
                reply = await sandbox.user(1201, "Ann").send_command("/start", timeout=30)
                assert "Do you agree?" in reply.text
                assert (await ready(port_b))["checks"]["active"] is False  # still waiting

                first.send_signal(signal.SIGKILL)
                killed = time.monotonic()
                await first.wait()
                # An update sent while nobody is active is not lost: the standby gets it.
                reply = await sandbox.user(1202, "Bob").send_command("/start", timeout=30)
                assert "Do you agree?" in reply.text
                took_over = await until(lambda: is_active(port_b), TAKEOVER_LIMIT)
                assert took_over, str(await ready(port_b))
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

