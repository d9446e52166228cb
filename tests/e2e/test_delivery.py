"""What the patient is told matches what the database holds, when the Bot API misbehaves.

A booking that is made is confirmed even when editing the summary keeps failing, and a
failing .ics (an extra) never turns into an apology. A call that may have been delivered
is not repeated: a 502 after Telegram sent the file must not produce a second file.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment
from tests.world import add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (GMT)
APOLOGY = "something went wrong on our side"


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    await add_slot(w, starts_at=WED)
    return w


async def _to_summary(user) -> None:
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    await user.press("Dermatology (1)")
    await user.press("Dr. Test 0 · Dermatology · Test Clinic")
    await user.press("📅 Choose a day")
    await user.press("6●")
    await user.press("09:00")
    reply = await user.press("Skip")
    assert "Please check your appointment" in reply.text


async def _booked_count(factory) -> int:
    async with unit_of_work(factory) as session:
        return await session.scalar(select(func.count()).select_from(Appointment))


async def test_booked_is_said_when_the_edit_and_the_ics_keep_failing(harness, world) -> None:
    await add_patient(world, 8001)
    pat = harness.sandbox.user(8001, "Pat")
    await _to_summary(pat)
    harness.sandbox.inject_fault("editMessageText", "5xx", status=502, times=None)
    harness.sandbox.inject_fault("sendDocument", "5xx", status=502, times=None)
    await pat.press("✅ Confirm", timeout=15)
    for _ in range(100):  # the edit is retried first, then the confirmation sent anew
        texts = [m.text or "" for m in pat.bot_messages]
        if any("Booked!" in t for t in texts):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # let the (failing) .ics go by
    harness.sandbox.clear_faults()
    texts = [m.text or "" for m in pat.bot_messages]
    assert any("Booked!" in t for t in texts), pat.transcript()
    assert not any(APOLOGY in t for t in texts), pat.transcript()
    assert await _booked_count(harness.factory) == 1


async def test_a_502_after_the_file_was_sent_does_not_send_it_twice(harness, world) -> None:
    await add_patient(world, 8002)
    pat = harness.sandbox.user(8002, "Pat")
    await _to_summary(pat)
    harness.sandbox.inject_fault("sendDocument", "5xx", status=502, times=1, after=True)
    reply = await pat.press("✅ Confirm")
    assert "Booked!" in reply.edited[0].text
    await asyncio.sleep(1.0)  # a retry would come within the backoff's first second
    documents = [m for m in pat.bot_messages if m.document is not None]
    assert len(documents) == 1, pat.transcript()
    assert harness.sandbox.count_calls("sendDocument") == 1
    texts = [m.text or "" for m in pat.bot_messages]
    assert not any(APOLOGY in t for t in texts)


async def test_an_edit_refused_by_5xx_is_retried_and_lands(harness, world) -> None:
    await add_patient(world, 8003)
    pat = harness.sandbox.user(8003, "Pat")
    await pat.send_command("/book")
    harness.sandbox.inject_fault("editMessageText", "5xx", status=502, times=2)
    await pat.press("🩺 By specialty", timeout=15)
    for _ in range(100):  # the edit lands on the third try, after the backoff
        if harness.sandbox.count_calls("editMessageText") >= 3:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    shown = [m for m in pat.bot_messages if "Dermatology (1)" in m.button_texts]
    assert len(shown) == 1, pat.transcript()
    assert harness.sandbox.count_calls("editMessageText") == 3
