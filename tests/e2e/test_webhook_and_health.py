"""Webhook mode, /healthz, /readyz and /metrics, through the sandbox and real HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import text

from bot.application import ALLOWED_UPDATES
from bot.inprocess import WEBHOOK_PATH, running_bot
from bot.settings import load_settings
from db.engine import unit_of_work
from tests.e2e.conftest import TOKEN


@pytest.fixture
async def webhook_bot(sandbox, settings, clock, session_factory, database_url) -> AsyncIterator:
    async with running_bot(
        settings, database_url=database_url, clock=clock, mode="webhook", slot_horizon_first=None
    ) as app:
        yield app


def _update(update_id: int, chat_id: int, text_: str) -> dict:
    person = {"id": chat_id, "is_bot": False, "first_name": "Zelda"}
    return {"update_id": update_id, "message": {
        "message_id": update_id % 100000, "date": 1_900_000_000, "text": text_,
        "chat": {"id": chat_id, "type": "private", "first_name": "Zelda"}, "from": person,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text_)}],
    }}  # fmt: skip


async def _post(url: str, *, json=None, data=None, headers=None) -> int:
    async with aiohttp.ClientSession() as client, client.post(
        url, json=json, data=data, headers=headers or {}
    ) as response:
        return response.status


async def _get(url: str, headers=None) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(url, headers=headers or {}) as r:
        return r.status, await r.text()


async def test_webhook_mode_answers_without_polling(webhook_bot, sandbox) -> None:
    info = sandbox.state.webhook
    assert info["url"].endswith(WEBHOOK_PATH) and len(info["secret_token"]) >= 32
    assert sandbox.state.allowed_updates == ALLOWED_UPDATES
    reply = await sandbox.user(9101, "Ann").send_command("/help")
    assert "/book" in reply.text
    assert sandbox.count_calls("getUpdates") == 0  # pushed, not polled


async def test_a_wrong_secret_is_refused_and_its_body_not_logged(
    webhook_bot, sandbox, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    url = webhook_bot.bot_data.web.base_url + WEBHOOK_PATH
    user = sandbox.user(9102, "Zelda")
    body = _update(555001, 9102, "/help Quixote-secret-text")
    assert await _post(url, json=body) == 403  # no secret at all
    assert await _post(url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": "x" * 43}) == 403
    await asyncio.sleep(0.3)
    assert user.bot_messages == []  # nothing was handled
    assert "Quixote" not in caplog.text and "webhook request refused" in caplog.text


async def test_oversized_and_malformed_bodies_are_refused(webhook_bot, sandbox) -> None:
    url = webhook_bot.bot_data.web.base_url + WEBHOOK_PATH
    secret = {"X-Telegram-Bot-Api-Secret-Token": sandbox.state.webhook["secret_token"]}
    limit = load_settings().webhook_max_body_bytes
    assert await _post(url, data=b"{" + b" " * limit + b"}", headers=secret) == 413
    assert await _post(url, data=b"not json", headers=secret) == 400
    assert await _post(url, json={"no": "update"}, headers=secret) == 400


async def test_an_update_posted_twice_is_handled_once(webhook_bot, sandbox) -> None:
    url = webhook_bot.bot_data.web.base_url + WEBHOOK_PATH
    secret = {"X-Telegram-Bot-Api-Secret-Token": sandbox.state.webhook["secret_token"]}
    user = sandbox.user(9103, "Zelda")
    body = _update(555002, 9103, "/help")
    assert await _post(url, json=body, headers=secret) == 200
    assert await _post(url, json=body, headers=secret) == 200  # Telegram retrying
    for _ in range(100):
        if user.bot_messages:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    assert len(user.bot_messages) == 1, user.transcript()


async def test_health_readiness_and_metrics(webhook_bot, sandbox, database_url) -> None:
    base = webhook_bot.bot_data.web.base_url
    assert (await _get(base + "/healthz"))[0] == 200
    status, body = await _get(base + "/readyz")
    assert status == 200, body
    assert '"database": true' in body and '"migrations": true' in body and '"bot_api": true' in body
    await sandbox.user(9104, "Ann").send_command("/help")
    status, metrics = await _get(base + "/metrics")
    assert status == 200
    for name in ('careslot_updates_total{kind="message"}',
                 'careslot_bot_api_calls_total{method="sendMessage"}',
                 "careslot_update_seconds_bucket", "careslot_outbox_backlog",
                 "careslot_db_pool_in_use", "careslot_webhook_refused_total"):  # fmt: skip
        assert name in metrics, name


async def test_readyz_says_not_ready_when_the_schema_is_behind(
    webhook_bot, session_factory
) -> None:
    base = webhook_bot.bot_data.web.base_url
    async with unit_of_work(session_factory) as session:
        head = await session.scalar(text("SELECT version_num FROM alembic_version"))
        await session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        status, body = await _get(base + "/readyz")
    finally:
        async with unit_of_work(session_factory) as session:
            await session.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": head}
            )
    assert status == 503 and '"migrations": false' in body and '"database": true' in body


async def test_metrics_ask_for_the_bearer_token_when_one_is_set(
    sandbox, clock, database_url
) -> None:
    settings = load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN, CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url, CARESLOT_METRICS_TOKEN="s3cret-token",
    )  # fmt: skip
    async with running_bot(
        settings, database_url=database_url, clock=clock, http_port=0, slot_horizon_first=None
    ) as app:
        base = app.bot_data.web.base_url
        assert (await _get(base + "/metrics"))[0] == 401
        assert (await _get(base + "/metrics", {"Authorization": "Bearer wrong"}))[0] == 401
        status, _ = await _get(base + "/metrics", {"Authorization": "Bearer s3cret-token"})
        assert status == 200
        status, body = await _get(base + "/readyz")  # polling mode serves the checks too
        assert status == 200 and '"updates": true' in body
