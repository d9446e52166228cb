"""Each update_id is handled once: Telegram's redeliveries change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.application import PRUNE_UPDATE_IDS_EVERY
from bot.inprocess import running_bot
from bot.sandbox import BotApiSandbox
from db.engine import unit_of_work
from db.models import ProcessedUpdate, User
from tests.e2e.conftest import TOKEN

# A redelivered update gets no reaction at all; waiting this long for one proves it.
QUIET = 1.0


async def _to_phone_step(user) -> None:
    await user.send_command("/start")
    reply = await user.press("✅ I agree")
    assert "share your phone number" in reply.text


async def _finish_and_check_name(harness, user, name: str) -> None:
    reply = await user.send_text(name)
    assert "date of birth" in reply.text
    reply = await user.send_text("12.03.1985")
    assert f"You're all set, {name}" in reply.messages[0].text
    async with unit_of_work(harness.factory) as session:
        stored = await session.scalar(select(User).where(User.telegram_user_id == user.id))
    assert stored.full_name == name and stored.phone == "+447911123456"


async def test_redelivered_typed_phone_is_not_taken_for_the_name(harness) -> None:
    # Once handled, a redelivered text would reach the next step: the phone number would be
    # taken for the name, and the name typed next for the date of birth.
    ann = harness.sandbox.user(1040, "A")
    await _to_phone_step(ann)
    reply = await ann.send_text("+447911123456")
    assert reply.texts[0] == "📱 +447911123456" and "type your full name" in reply.text
    shown = len(ann.messages)
    with pytest.raises(TimeoutError):  # Telegram sends it again, unchanged: no reaction
        await ann.redeliver(timeout=QUIET)
    assert len(ann.messages) == shown
    await _finish_and_check_name(harness, ann, "Ann Smith")


async def test_redelivered_contact_during_registration_is_ignored(harness) -> None:
    bob = harness.sandbox.user(1041, "B")
    await _to_phone_step(bob)
    reply = await bob.share_contact("447911123456")
    assert reply.texts[0] == "📱 +447911123456" and "type your full name" in reply.text
    shown = len(bob.messages)
    with pytest.raises(TimeoutError):
        await bob.redeliver(timeout=QUIET)
    assert len(bob.messages) == shown
    await _finish_and_check_name(harness, bob, "Bob Stone")


async def _stored_ids(factory) -> list[int]:
    async with unit_of_work(factory) as session:
        return list((await session.scalars(select(ProcessedUpdate.update_id))).all())


async def test_the_bot_forgets_update_ids_after_the_window(harness) -> None:
    (job,) = harness.app.job_queue.get_jobs_by_name("prune-update-ids")
    assert job.job.trigger.interval == PRUNE_UPDATE_IDS_EVERY == timedelta(minutes=10)
    cat = harness.sandbox.user(1042, "Cat")
    reply = await cat.send_command("/start")
    assert await _stored_ids(harness.factory) == [reply.update_id]
    harness.clock.now += timedelta(hours=23)
    await job.run(harness.app)  # as the job queue runs it
    assert await _stored_ids(harness.factory) == [reply.update_id]  # still within the window
    harness.clock.now += timedelta(hours=1, seconds=1)
    await job.run(harness.app)
    assert await _stored_ids(harness.factory) == []


async def test_a_new_sandbox_on_a_database_that_remembers_ids_is_answered(harness) -> None:
    # The demo keeps its database across runs, each with a new sandbox: update ids must not
    # start again where the last run's did, or the bot would take the new updates for old ones.
    dan = harness.sandbox.user(1043, "Dan")
    first = await dan.send_command("/start")
    async with BotApiSandbox(token=TOKEN, settle=0.1, reply_timeout=10) as other:
        settings = harness.settings.model_copy(
            update={"bot_api_url": other.base_url, "bot_api_file_url": other.base_file_url}
        )
        async with running_bot(settings, database_url=harness.database_url, clock=harness.clock):
            eve = other.user(1044, "Eve")
            reply = await eve.send_command("/start")
    assert reply.update_id != first.update_id
    assert "Before we start" in reply.text
