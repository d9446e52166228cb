"""An update Telegram saw delivered but no process handled (the process died in between)
is handled by the next active process, once."""

from __future__ import annotations

import asyncio
import signal

from bot.sandbox import BotApiSandbox
from db.engine import autocommit_engine, reading
from services import updates
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import free_port, is_active, start_careslot, until
from tests.world import NOW


def _help_update(update_id: int, chat_id: int) -> dict:
    person = {"id": chat_id, "is_bot": False, "first_name": "Ann"}
    return {"update_id": update_id, "message": {
        "message_id": 7, "date": 1_900_000_000, "text": "/help", "from": person,
        "chat": {"id": chat_id, "type": "private", "first_name": "Ann"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }}  # fmt: skip


async def test_an_update_received_but_never_handled_is_handled_by_the_next_process(
    database_url, engine, session_factory
) -> None:
    async with BotApiSandbox(token=TOKEN, settle=0.05) as sandbox:
        ann = sandbox.user(1401, "Ann")
        # As a process leaves it that fetched the update (confirming it to Telegram) and died.
        async with reading(autocommit_engine(engine)) as connection:
            await updates.journal(
                connection, updates=[(424242, _help_update(424242, 1401))], now=NOW
            )
        port = free_port()
        bot = await start_careslot(sandbox, database_url, port)
        try:
            assert await until(lambda: is_active(port), 60)
            for _ in range(200):
                if ann.bot_messages:
                    break
                await asyncio.sleep(0.05)
            texts = [m.text or "" for m in ann.bot_messages]
            assert len(texts) == 1 and "/book" in texts[0], texts  # /help's answer, once
            async with reading(autocommit_engine(engine)) as connection:
                assert await updates.unclaimed(connection) == []
        finally:
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.communicate(), timeout=30)
