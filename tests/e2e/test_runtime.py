"""The bot runtime through the sandbox: /start, Bot API faults, restarts, many chats."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from db.engine import unit_of_work
from db.models import BotConversation, User
from tests.world import add_patient, build_world


async def test_start_for_a_new_user_shows_the_privacy_note(harness) -> None:
    ann = harness.sandbox.user(1001, "Ann")
    reply = await ann.send_command("/start")
    assert "CareSlot" in reply.text and "Do you agree?" in reply.text
    buttons = [b.text for row in reply.messages[-1].buttons for b in row]
    assert buttons == ["✅ I agree", "No, thanks"]
    # Patients' commands are published for the default scope.
    assert ("book", "Book a visit") in harness.sandbox.commands()


async def test_start_for_a_known_user_shows_the_menu(harness) -> None:
    world = await build_world(harness.factory)
    await add_patient(world, 1002, name="Bob <b>Bold</b>")
    bob = harness.sandbox.user(1002, "Bob")
    reply = await bob.send_command("/start")
    assert "Welcome back, Bob <b>Bold</b>" in reply.text  # escaped, shown literally
    assert "📅 Book a visit" in [b.text for row in reply.messages[-1].buttons for b in row]


async def test_last_seen_is_noted_at_most_every_few_minutes(harness) -> None:
    world = await build_world(harness.factory)
    await add_patient(world, 1012)
    pat = harness.sandbox.user(1012, "Pat")

    async def last_seen():
        async with unit_of_work(harness.factory) as session:
            return await session.scalar(
                select(User.last_seen_at).where(User.telegram_user_id == 1012)
            )

    assert await last_seen() is None
    await pat.send_command("/help")
    first = harness.clock.now
    assert await last_seen() == first  # written by the gatekeeper, outside any transaction
    harness.clock.now = first + timedelta(minutes=4)
    await pat.send_command("/help")
    assert await last_seen() == first  # not on every update
    harness.clock.now = first + timedelta(minutes=6)
    await pat.send_command("/help")
    assert await last_seen() == first + timedelta(minutes=6)


async def test_help_lists_commands_for_the_role(harness) -> None:
    reply = await harness.sandbox.user(1003, "Cy").send_command("/help")
    assert "/book" in reply.text and "/my" in reply.text


async def test_survives_429_by_waiting_and_retrying(harness) -> None:
    harness.sandbox.inject_fault("sendMessage", "429", retry_after=1, times=1)
    reply = await harness.sandbox.user(1004, "Dee").send_command("/start", timeout=15)
    assert "Do you agree?" in reply.text
    assert harness.sandbox.count_calls("sendMessage") >= 2  # the refused one and the retry


async def test_a_send_refused_by_5xx_is_not_repeated_but_the_user_is_told(harness) -> None:
    """A 5xx may come after Telegram delivered the message: a send is not repeated (it
    could arrive twice), and the user reads the apology instead of silence."""
    harness.sandbox.inject_fault("sendMessage", "5xx", status=502, times=1)
    reply = await harness.sandbox.user(1005, "Eve").send_command("/start", timeout=15)
    assert "something went wrong on our side" in reply.text
    assert harness.sandbox.count_calls("sendMessage") == 2  # the refused one, the apology


async def test_restart_mid_conversation_continues_it(harness) -> None:
    fay = harness.sandbox.user(1006, "Fay", "Lee")
    await fay.send_command("/start")
    await fay.press("✅ I agree")
    assert fay.current_reply_keyboard is not None
    # A new bot process: the first one shuts down (flushing its state) and another starts.
    assert harness.app is not None
    from bot.inprocess import stop_bot

    await stop_bot(harness.app)
    async with unit_of_work(harness.factory) as session:
        saved = (await session.scalars(select(BotConversation.state))).all()
    assert saved == ["reg.phone"]  # waiting for the phone number
    async with harness.restart() as app:
        harness.app = app
        reply = await fay.share_contact("+447911123456")
        assert "Is <b>Fay Lee</b> your full name?" in reply.messages[-1].html
    harness.app = None


async def test_fifty_chats_at_once_all_answered_in_order(harness) -> None:
    users = [harness.sandbox.user(2000 + i, f"User{i}") for i in range(50)]
    # Each chat sends /help then /start without waiting; every chat must see the help
    # answer before the /start answer, and all 100 answers must arrive.
    for u in users:
        await u.send_command("/help", wait=False)
        await u.send_command("/start", wait=False)

    async def answered(u) -> bool:
        return len(u.bot_messages) >= 2

    for _ in range(200):
        if all([await answered(u) for u in users]):
            break
        await asyncio.sleep(0.05)
    for u in users:
        texts = [m.text for m in u.bot_messages]
        assert len(texts) == 2, u.transcript()
        assert "What I can do" in texts[0] and "Do you agree?" in texts[1]


async def test_abandoned_flow_times_out_with_a_note(harness, monkeypatch) -> None:
    from bot.inprocess import stop_bot
    from handlers import conversation

    assert harness.app is not None
    await stop_bot(harness.app)  # a bot whose flows time out after one second
    monkeypatch.setattr(conversation, "FLOW_TIMEOUT", 1)
    async with harness.restart() as app:
        harness.app = app
        gil = harness.sandbox.user(1007, "Gil")
        await gil.send_command("/start")
        reply = await gil.wait_reply(timeout=10)
        assert "closed after a period of no activity" in reply.text
        privacy = gil.bot_messages[0]
        assert privacy.button_texts == []  # the closed flow's buttons are gone
        reply = await gil.press_data(privacy.message_id, "rg:agree")  # pressed anyway
        assert reply.callback_answer.text == "This button has expired."
    harness.app = None


async def test_one_chats_429_does_not_stall_another_chat(harness) -> None:
    """A `retry_after` for one chat used to pause every chat's answers for as long."""
    import asyncio
    import time

    ann, bob = harness.sandbox.user(1011, "Ann"), harness.sandbox.user(1012, "Bob")
    harness.sandbox.inject_fault("sendMessage", "429", retry_after=4, times=1, chat_id=1011)
    limited = asyncio.create_task(ann.send_command("/help", timeout=20))
    for _ in range(200):  # until Ann's answer has been refused with the 429
        if any(e.injected for e in harness.sandbox.errors):
            break
        await asyncio.sleep(0.02)
    started = time.monotonic()
    reply = await bob.send_command("/help")
    assert "/book" in reply.text
    assert time.monotonic() - started < 2.0  # Bob did not wait out Ann's four seconds
    assert not limited.done()  # while Ann still waits
    assert "/book" in (await limited).text  # and then gets her answer
