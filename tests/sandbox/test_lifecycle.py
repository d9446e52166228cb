"""Starting, stopping and resetting the sandbox, and transport edge cases."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram import Bot

from bot.sandbox import BotApiSandbox

from .conftest import TOKEN


async def test_stop_answers_a_pending_long_poll() -> None:
    sandbox = BotApiSandbox()
    await sandbox.start()
    async with httpx.AsyncClient() as client:
        poll = asyncio.create_task(
            client.post(f"{sandbox.base_url}{TOKEN}/getUpdates", data={"timeout": "30"})
        )
        await asyncio.sleep(0.1)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await sandbox.stop()
        answer = await poll
        assert loop.time() - started < 1.0
        assert answer.json() == {"ok": True, "result": []}
    await sandbox.stop()  # idempotent
    with pytest.raises(RuntimeError, match="not running"):
        _ = sandbox.base_url


async def test_port_before_start() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = BotApiSandbox().port


async def test_reset_keeps_update_ids_increasing(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    await ann.send_text("before", wait=False)
    (before,) = await bot.get_updates()
    sandbox.inject_fault(kind="5xx")
    sandbox.reset()
    assert sandbox.users == [] and sandbox.calls == [] and len(sandbox.faults) == 0
    ann = sandbox.user(1001)
    assert ann.messages == []
    await ann.send_text("after", wait=False)
    (after,) = await bot.get_updates(offset=before.update_id + 1)
    assert after.update_id > before.update_id
    assert after.message is not None and after.message.message_id == 1


async def test_bad_bodies(sandbox: BotApiSandbox) -> None:
    url = f"{sandbox.base_url}{TOKEN}/sendMessage"
    async with httpx.AsyncClient() as client:
        broken = await client.post(
            url, content=b"{not json", headers={"Content-Type": "application/json"}
        )
        markup = await client.post(url, data={"chat_id": "1", "text": "x", "reply_markup": "{"})
    assert broken.status_code == 400 and broken.json()["description"].startswith("Bad Request")
    assert markup.status_code == 400 and "reply_markup" in markup.json()["description"]


async def test_sandbox_level_redeliver_and_negative_offset(
    sandbox: BotApiSandbox, bot: Bot
) -> None:
    ann = sandbox.user(1001)
    for text in ("a", "b", "c"):
        await ann.send_text(text, wait=False)
    updates = await bot.get_updates()
    last = updates[-1].update_id
    assert [u.message.text for u in await bot.get_updates(offset=-1) if u.message] == ["c"]
    assert await bot.get_updates(offset=last + 1) == ()
    sandbox.redeliver(updates[0].update_id)
    (again,) = await bot.get_updates(offset=last + 1)
    assert again.update_id == updates[0].update_id and again.message is not None
    assert again.message.text == "a"
    assert await bot.get_updates(offset=last + 1) == ()
    with pytest.raises(KeyError):
        sandbox.redeliver(10**9)


async def test_webhook_elsewhere_is_not_contacted(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    await bot.set_webhook("https://example.org/hook")
    await ann.send_text("hello", wait=False)
    await asyncio.sleep(0.05)
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message is not None and "loopback" in info.last_error_message
    await bot.delete_webhook()


async def test_edit_caption(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sent = await bot.send_document(ann.id, b"data", filename="a.txt", caption="old")
    edited = await bot.edit_message_caption(ann.id, sent.message_id, caption="<b>new</b>",
                                            parse_mode="HTML")  # fmt: skip
    assert not isinstance(edited, bool) and edited.caption == "new"
    assert ann.messages[0].text == "new" and ann.messages[0].entities_of("bold") == ["new"]
