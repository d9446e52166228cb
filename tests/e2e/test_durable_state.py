"""A step the user has seen survives the bot process being killed right after it.

The state used to be written up to a second later, so a SIGKILL shortly after a step
lost it and the next press on the screen the user was looking at "expired"."""

from __future__ import annotations

import asyncio
import signal

from bot.sandbox import BotApiSandbox
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import free_port, is_active, start_careslot, until
from tests.world import add_patient, build_world


async def test_a_step_survives_a_sigkill_50_ms_after_its_answer(
    database_url, session_factory
) -> None:
    world = await build_world(session_factory, doctors=1)
    await add_patient(world, 1301)
    async with BotApiSandbox(token=TOKEN, settle=0.01) as sandbox:
        port = free_port()
        bot = await start_careslot(sandbox, database_url, port)
        try:
            assert await until(lambda: is_active(port), 60)
            pat = sandbox.user(1301, "Pat")
            await pat.send_command("/book", timeout=30)
            reply = await pat.press("🩺 By specialty", timeout=30)
            assert "Dermatology (1)" in reply.last.button_texts
            await asyncio.sleep(0.05)
            bot.send_signal(signal.SIGKILL)  # no shutdown, no final flush
            await bot.wait()

            bot = await start_careslot(sandbox, database_url, port)
            assert await until(lambda: is_active(port), 60)
            reply = await pat.press("Dermatology (1)", timeout=30)
            assert reply.callback_answer is None or reply.callback_answer.text is None, (
                reply.callback_answer
            )  # not "This button has expired."
            assert "Dr. Test 0 · Dermatology · Test Clinic" in reply.last.button_texts
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
                await asyncio.wait_for(bot.communicate(), timeout=30)
