"""Injected faults: flood control, server errors, slow answers."""

from __future__ import annotations

import asyncio
import datetime as dtm

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.sandbox import BotApiSandbox

from .conftest import TOKEN


async def test_429_with_retry_after(
    sandbox: BotApiSandbox, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB's opt-in, else RetryAfter warns
    ann = sandbox.user(1001)
    sandbox.inject_fault(method="sendMessage", kind="429", retry_after=3, times=1)
    with pytest.raises(RetryAfter) as error:
        await bot.send_message(ann.id, "hello")
    assert error.value.retry_after == dtm.timedelta(seconds=3)
    assert ann.messages == []  # refused before anything was sent
    assert (await bot.send_message(ann.id, "hello")).message_id == 1  # consumed: next one passes
    assert sandbox.count_calls("sendMessage") == 2
    assert sandbox.errors[0].injected and sandbox.errors[0].error_code == 429


async def test_429_wire_shape(sandbox: BotApiSandbox) -> None:
    sandbox.inject_fault(kind="429", retry_after=7)
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{sandbox.base_url}{TOKEN}/getMe")
    assert answer.status_code == 429
    assert answer.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


@pytest.mark.parametrize(("status", "text"), [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_5xx(sandbox: BotApiSandbox, bot: Bot, status: int, text: str) -> None:
    ann = sandbox.user(1001)
    sandbox.inject_fault(method="sendMessage", kind="5xx", status=status)
    with pytest.raises(NetworkError, match=text):
        await bot.send_message(ann.id, "hello")
    sandbox.inject_fault(kind="5xx", status=status)
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{sandbox.base_url}{TOKEN}/getMe")
    assert answer.status_code == status
    assert answer.json() == {"ok": False, "error_code": status, "description": text}


async def test_5xx_after_the_work_was_done(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sandbox.inject_fault(method="sendMessage", kind="5xx", status=502, after=True)
    with pytest.raises(NetworkError):
        await bot.send_message(ann.id, "did it arrive?")
    assert [m.text for m in ann.messages] == ["did it arrive?"]


async def test_slow_answer(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sandbox.inject_fault(method="sendMessage", kind="slow", delay=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.send_message(ann.id, "slowly")
    assert loop.time() - started >= 0.3
    started = loop.time()
    await bot.send_message(ann.id, "quickly")
    assert loop.time() - started < 0.3


async def test_matching_counting_and_clearing(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sandbox.inject_fault(method="deleteMessage", kind="5xx", times=2)
    await bot.send_message(ann.id, "not affected")
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.delete_message(ann.id, 1)
    assert await bot.delete_message(ann.id, 1)
    sandbox.inject_fault(
        kind="error", status=403, description="Forbidden: bot was blocked by the user", times=None
    )
    for _ in range(3):  # times=None: until cleared
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(ann.id, "x")
    assert len(sandbox.faults) == 1
    sandbox.clear_faults()
    assert len(sandbox.faults) == 0
    await bot.get_me()


async def test_unknown_kind_is_refused(sandbox: BotApiSandbox) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.inject_fault(kind="boom")  # type: ignore[arg-type]


async def test_error_kind(sandbox: BotApiSandbox, bot: Bot) -> None:
    sandbox.user(1001)
    sandbox.inject_fault(
        method="sendMessage", kind="error", status=400, description="Bad Request: chat not found"
    )
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(1001, "x")
