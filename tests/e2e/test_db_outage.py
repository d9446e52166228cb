"""A database connection that breaks in the middle of a step: one more try, then the
apology — and what the user is told matches what the database holds."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from db.engine import unit_of_work
from db.models import Patient
from tests.world import add_patient, build_world

APOLOGY = "something went wrong on our side"


@pytest.fixture
async def world(harness):
    return await build_world(harness.factory, doctors=1)


async def _kill_writes(harness, times: int) -> None:
    """The first `times` updates of a patient row end their own connection (as a server
    restart or failover does); a sequence counts them, outside any transaction."""
    async with unit_of_work(harness.factory) as session:
        await session.execute(text("CREATE SEQUENCE test_kills"))
        await session.execute(text(f"""
            CREATE FUNCTION test_kill() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('test_kills') <= {times} THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN NEW;
            END $$"""))
        await session.execute(text(
            "CREATE TRIGGER test_kill BEFORE UPDATE ON patients "
            "FOR EACH ROW EXECUTE FUNCTION test_kill()"
        ))  # fmt: skip


async def _heal(harness) -> int:
    async with unit_of_work(harness.factory) as session:
        tried = await session.scalar(text("SELECT last_value FROM test_kills"))
        await session.execute(text("DROP TRIGGER test_kill ON patients"))
        await session.execute(text("DROP FUNCTION test_kill()"))
        await session.execute(text("DROP SEQUENCE test_kills"))
    return tried


async def _allergies(harness, telegram_id: int, world) -> str | None:
    async with unit_of_work(harness.factory) as session:
        return await session.scalar(
            select(Patient.allergies).where(Patient.id == world.patients[telegram_id])
        )


async def test_a_connection_dropped_mid_write_is_tried_once_more(harness, world) -> None:
    await add_patient(world, 5001)
    pat = harness.sandbox.user(5001, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Allergies")
    await _kill_writes(harness, times=1)
    try:
        reply = await pat.send_text("Peanuts", timeout=20)
    finally:
        tried = await _heal(harness)
    assert tried == 2  # the write that died, and the one that went through
    assert APOLOGY not in reply.text and "Peanuts" in reply.text
    assert await _allergies(harness, 5001, world) == "Peanuts"


async def test_a_second_break_gets_the_apology_and_changes_nothing(harness, world) -> None:
    await add_patient(world, 5002)
    pat = harness.sandbox.user(5002, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Allergies")
    await _kill_writes(harness, times=2)
    try:
        reply = await pat.send_text("Peanuts", timeout=20)
    finally:
        tried = await _heal(harness)
    assert tried == 2 and APOLOGY in reply.text
    assert await _allergies(harness, 5002, world) is None
