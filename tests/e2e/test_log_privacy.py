"""No personal or medical data in the logs: a whole journey at DEBUG, and a failed write.

The logs are those of the production set-up (`bot.logs.configure_logging`), written to a
buffer and searched for the journey's own name, phone, date of birth, allergies and reason.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.logs import QUIET, configure_logging
from db.engine import unit_of_work
from tests.world import build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (GMT)
# The birth date in the forms it is typed, stored or shown: a bare "1979" also turns up in
# timings and ids (CI once saw it in a JSON line of a journey that typed no date).
PERSONAL = ("Zelda", "Quixote", "7911123987", "17.08.1979", "1979-08-17", "17 August 1979",
            "Quince", "itching", "Walnut")  # fmt: skip


@contextlib.contextmanager
def production_logging(**options) -> Iterator[io.StringIO]:
    """The production logging at DEBUG into a buffer; pytest's own handlers put back after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in QUIET})
    buffer = io.StringIO()
    configure_logging("DEBUG", secrets=["123456:SANDBOX-TEST-TOKEN"], stream=buffer, **options)
    try:
        yield buffer
    finally:
        handlers, level, quiet = saved
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    with production_logging() as buffer:
        yield buffer


def _leaks(logs: str) -> list[str]:
    return [word for word in PERSONAL if word in logs]


async def test_a_whole_journey_at_debug_logs_ids_not_data(debug_logs, harness) -> None:
    from tests.world import add_slot

    world = await build_world(harness.factory, doctors=1)
    await add_slot(world, starts_at=WED)
    zelda = harness.sandbox.user(7001, "Zelda", "Quixote")
    await zelda.send_command("/start")
    await zelda.press("✅ I agree")
    reply = await zelda.share_contact("+447911123987")
    assert "your full name" in reply.text, reply.text
    await zelda.press("✅ Yes, that's me")
    reply = await zelda.send_text("17.08.1979")
    assert "You're all set" in reply.messages[0].text
    await zelda.send_command("/profile")
    await zelda.press("✏️ Allergies")
    reply = await zelda.send_text("Quince pollen")
    assert "Quince pollen" in reply.text
    await zelda.send_command("/book")
    await zelda.press("🩺 By specialty")
    await zelda.press("Dermatology (1)")
    await zelda.press("Dr. Test 0 · Dermatology · Test Clinic")
    await zelda.press("📅 Choose a day")
    await zelda.press("6●")
    await zelda.press("09:00")
    await zelda.send_text("Quietly itching elbow")
    reply = await zelda.press("✅ Confirm")
    assert "Booked!" in reply.edited[0].text
    logs = debug_logs.getvalue()
    assert "sendMessage" in logs and "DEBUG" in logs  # DEBUG really was on, with method names
    assert _leaks(logs) == [], logs
    assert "SANDBOX-TEST-TOKEN" not in logs


async def test_a_failed_write_logs_the_constraint_not_the_row(debug_logs, harness) -> None:
    from tests.world import add_patient

    world = await build_world(harness.factory, doctors=1)
    await add_patient(world, 7002, name="Zelda Quixote")
    async with unit_of_work(harness.factory) as session:  # the database refuses this write
        await session.execute(text(
            "ALTER TABLE patients"
            " ADD CONSTRAINT test_no_walnut CHECK (allergies NOT LIKE 'Walnut%')"
        ))  # fmt: skip
    try:
        zelda = harness.sandbox.user(7002, "Zelda")
        await zelda.send_command("/profile")
        await zelda.press("✏️ Allergies")
        reply = await zelda.send_text("Walnut and Quince")
        assert "something went wrong on our side" in reply.text
    finally:
        async with unit_of_work(harness.factory) as session:
            await session.execute(text("ALTER TABLE patients DROP CONSTRAINT test_no_walnut"))
    logs = debug_logs.getvalue()
    assert "unexpected error" in logs and "test_no_walnut" in logs  # the fault is findable
    assert "[parameters:" not in logs and "Failing row" not in logs
    assert _leaks(logs) == [], logs


async def test_json_lines_carry_the_updates_ids_and_no_data(harness) -> None:
    import json

    with production_logging(json_lines=True) as buffer:
        zelda = harness.sandbox.user(7003, "Zelda", "Quixote")
        await zelda.send_command("/start")
        await zelda.press("✅ I agree")
    entries = [json.loads(line) for line in buffer.getvalue().splitlines()]
    handled = [e for e in entries if e["message"] == "update handled" and e["chat_id"] == 7003]
    assert len(handled) == 2  # the command and the press
    assert {e["kind"] for e in handled} == {"message", "callback_query"}
    assert [e.get("handler") for e in handled] == ["start", "privacy_answer"]
    for entry in handled:
        assert entry["user_id"] == 7003 and entry["update_id"] > 0
        assert entry["duration_ms"] >= 0 and entry["level"] == "DEBUG" and "time" in entry
    assert _leaks(buffer.getvalue()) == []


async def test_an_invite_code_never_reaches_the_logs(debug_logs, harness) -> None:
    import re

    from tests.world import add_staff

    world = await build_world(harness.factory, doctors=1)
    await add_staff(world, 9001, role="admin")
    admin = harness.sandbox.user(9001, "Ada")
    listing = await admin.send_command("/invite", "doctor")
    reply = await admin.press("Dr. Test 0", listing.last)
    code = re.search(r"\?start=([A-Za-z0-9_-]+)", reply.text).group(1)
    doctor = harness.sandbox.user(7001, "Emma")
    assert "linked as doctor" in (await doctor.send_command("/start", code)).text
    assert "already been used" in (await doctor.send_command("/start", code)).text
    logs = debug_logs.getvalue()
    assert "DEBUG" in logs and "sendMessage" in logs
    assert code not in logs
