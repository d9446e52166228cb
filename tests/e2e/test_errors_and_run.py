"""Unexpected errors, role command menus, and `careslot run` / `webhook` as real processes."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys

import aiohttp
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.sandbox import BotApiSandbox
from db.engine import unit_of_work
from db.models import User
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import free_port, start_careslot
from tests.world import add_patient, build_world


async def test_unexpected_error_apologises_with_a_reference_and_logs_no_content(
    harness, caplog
) -> None:
    async def explode(update: Update, context) -> None:
        raise RuntimeError("handler bug")

    assert harness.app is not None
    harness.app.add_handler(MessageHandler(filters.Regex("^boom"), explode), group=-2)
    caplog.set_level(logging.ERROR, logger="careslot.errors")
    reply = await harness.sandbox.user(1101, "Ann").send_text("boom: my diagnosis is private")
    apology = next(m for m in reply.messages if "Sorry, something went wrong" in m.text)
    ref = apology.entities_of("code")[0]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"ref={ref}" in logged
    assert "diagnosis" not in logged and TOKEN not in logged


async def test_staff_and_admin_get_their_own_commands(harness) -> None:
    world = await build_world(harness.factory)
    await add_patient(world, 1102)
    async with unit_of_work(harness.factory) as session:
        session.add(User(telegram_user_id=1103, chat_id=1103, full_name="Ada Admin", role="admin"))
    admin = harness.sandbox.user(1103, "Ada")
    reply = await admin.send_command("/start")
    assert "🏥 Clinics" in reply.last.button_texts
    assert ("audit", "Audit log") in admin.commands
    patient = harness.sandbox.user(1102, "Pat")
    await patient.send_command("/start")
    assert ("audit", "Audit log") not in patient.commands
    assert ("book", "Book a visit") in patient.commands


async def test_careslot_run_polls_the_configured_api_and_stops_on_sigterm(
    database_url, session_factory
) -> None:
    async with BotApiSandbox(token=TOKEN) as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARESLOT_")}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            DATABASE_URL=database_url.replace("postgresql+asyncpg://", "postgresql://"),
            CARESLOT_BOT_API_URL=sandbox.base_url,
            CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
            CARESLOT_LOG_LEVEL="INFO",
            CARESLOT_HTTP_PORT=str(port := free_port()),
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            reply = await sandbox.user(1104, "Ann").send_command("/start", timeout=60)
            assert "Do you agree?" in reply.text
            assert await _status(f"http://127.0.0.1:{port}/healthz") == 200
            assert await _status(f"http://127.0.0.1:{port}/readyz") == 200
        finally:
            proc.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(proc.communicate(), timeout=30)
        log = stderr.decode()
        assert proc.returncode == 0, log
        assert TOKEN not in log and TOKEN.split(":")[1] not in log
        assert "Traceback" not in log


async def _status(url: str) -> int:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status


async def test_careslot_webhook_takes_updates_by_webhook_and_stops_on_sigterm(
    database_url, session_factory
) -> None:
    async with BotApiSandbox(token=TOKEN) as sandbox:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARESLOT_")}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            DATABASE_URL=database_url.replace("postgresql+asyncpg://", "postgresql://"),
            CARESLOT_BOT_API_URL=sandbox.base_url,
            CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
            CARESLOT_HTTP_PORT=str(port),
            CARESLOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg-hook",
            CARESLOT_WEBHOOK_SECRET="a-webhook-secret_1234",
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "webhook", env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            reply = await sandbox.user(1105, "Ann").send_command("/start", timeout=60)
            assert "Do you agree?" in reply.text
            assert sandbox.state.webhook["url"] == f"http://127.0.0.1:{port}/tg-hook"
            assert sandbox.state.webhook["secret_token"] == "a-webhook-secret_1234"
            assert sandbox.count_calls("getUpdates") == 0
            assert await _status(f"http://127.0.0.1:{port}/readyz") == 200
        finally:
            proc.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(proc.communicate(), timeout=30)
        log = stderr.decode()
        assert proc.returncode == 0, log
        assert "a-webhook-secret_1234" not in log and TOKEN.split(":")[1] not in log
        assert "Traceback" not in log


async def test_a_taken_http_port_stops_start_up_with_a_sentence(database_url) -> None:
    async with BotApiSandbox(token=TOKEN) as sandbox:
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            proc = await start_careslot(sandbox, database_url, taken.getsockname()[1])
            _, stderr = await asyncio.wait_for(proc.communicate(), timeout=60)
    log = stderr.decode()
    assert proc.returncode == 2, log
    assert "Cannot listen on 127.0.0.1" in log and "CARESLOT_HTTP_PORT" in log
    assert "Traceback" not in log

