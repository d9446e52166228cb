"""/privacy through the sandbox: the data shown, downloaded as files, the account deleted."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from db.engine import unit_of_work
from handlers.callbacks import AskDelete, ConfirmDelete, ExportData
from services import booking
from tests.world import NOW, add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (GMT)
EXPIRED = "This button has expired."


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    await add_slot(w, starts_at=WED)
    return w


async def _booked(world, tg: int, name: str = "Ann Lee"):
    """A registered patient with the Wednesday 09:00 visit."""
    await add_patient(world, tg, name=name)
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg],
        slot_id=world.slots[0], now=NOW, reason="Itchy <rash>",
    )  # fmt: skip


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return list((await session.execute(text(sql), params)).all())


async def _documents(user, count: int) -> list:
    for _ in range(200):  # the files follow the press; wait for them on a busy machine
        found = [m.document for m in user.bot_messages if m.document is not None]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} documents:\n{user.transcript()}")


async def test_privacy_shows_the_data_and_sends_it_as_json_and_csv(harness, world) -> None:
    appt = await _booked(world, 3001)
    ann = harness.sandbox.user(3001, "Ann")
    reply = await ann.send_command("/privacy")
    assert "What CareSlot stores about you" in reply.text
    for shown in ("Name: Ann Lee", "Phone: +447911123456", "Language: English",
                  "Appointments: 1 upcoming, 0 past or cancelled",
                  "Privacy note accepted: 04.03.2030"):  # fmt: skip
        assert shown in reply.text, shown
    assert reply.last.button_texts == ["⬇️ Download my data", "🗑 Delete my account", "🏠 Menu"]
    await ann.press("⬇️ Download my data")
    as_json, as_csv = await _documents(ann, 2)
    assert as_json.file_name == "careslot-my-data-2030-03-04.json"
    data = json.loads(harness.sandbox.file_bytes(as_json.file_id))
    assert data["profile"]["full_name"] == "Ann Lee"
    assert data["profile"]["phone"] == "+447911123456"
    (visit,) = data["appointments"]
    assert visit["id"] == str(appt.id) and visit["status"] == "scheduled"
    assert (visit["doctor"], visit["clinic"]) == ("Dr. Test 0", "Test Clinic")
    assert visit["reason"] == "Itchy <rash>" and visit["timezone"] == "Europe/London"
    assert datetime.fromisoformat(visit["starts_at"]) == WED
    assert datetime.fromisoformat(visit["starts_at_local"]) == WED
    assert data["records"] == []
    rows = list(csv.DictReader(io.StringIO(harness.sandbox.file_bytes(as_csv.file_id).decode(
        "utf-8-sig"
    ))))  # fmt: skip
    assert [(r["appointment_id"], r["status"], r["doctor"]) for r in rows] == [
        (str(appt.id), "scheduled", "Dr. Test 0")
    ]
    assert datetime.fromisoformat(rows[0]["starts_at_utc"]) == WED
    captions = [m.text for m in ann.bot_messages if m.document is not None]
    assert "everything it stores about you (JSON)" in captions[0]
    assert await _sql(
        harness, "SELECT details FROM audit_logs WHERE action = 'privacy.export'"
    ) == [({"appointments": 1, "records": 0},)]


async def test_deleting_the_account_cancels_the_visit_and_starts_anew(
    harness, world, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    appt = await _booked(world, 3002)
    ann = harness.sandbox.user(3002, "Ann")
    await ann.send_command("/privacy")
    reply = await ann.press("🗑 Delete my account")
    assert "Delete your CareSlot account?" in reply.text
    assert "Your upcoming visit will be cancelled" in reply.text
    assert "This cannot be undone" in reply.text
    assert reply.last.button_texts == ["🗑 Yes, delete my account", "⬅️ Keep my account"]
    reply = await ann.press("⬅️ Keep my account")  # nothing happens, the data is shown again
    assert "What CareSlot stores about you" in reply.text
    await ann.press("🗑 Delete my account")
    reply = await ann.press("🗑 Yes, delete my account")
    assert "Your account has been deleted. Your upcoming visit was cancelled." in reply.text
    assert reply.last.button_texts == []
    assert await _sql(
        harness,
        "SELECT a.status, s.booked_count FROM appointments a"
        " JOIN appointment_slots s ON s.id = a.slot_id WHERE a.id = :a",
        a=appt.id,
    ) == [("cancelled", 0)]
    ((name, phone, telegram_id, chat_id, deleted_at),) = await _sql(
        harness,
        "SELECT u.full_name, u.phone, u.telegram_user_id, u.chat_id, u.deleted_at FROM users u"
        " JOIN patients p ON p.user_id = u.id WHERE p.id = :p",
        p=world.patients[3002],
    )
    assert (name, phone, telegram_id, chat_id, deleted_at) == (
        "Deleted patient", None, None, None, NOW
    )  # fmt: skip
    # The bot's own state of the chat keeps nothing either.
    for _ in range(100):
        if not await _sql(harness, "SELECT 1 FROM bot_user_data WHERE user_id = 3002"):
            break
        await asyncio.sleep(0.05)
    assert await _sql(harness, "SELECT data FROM bot_user_data WHERE user_id = 3002") == []
    reply = await ann.send_command("/start")
    assert "Before we start" in reply.text  # a new registration
    reply = await ann.send_command("/privacy")
    assert "you have not registered" in reply.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_forged_presses_for_another_patients_data_expire(harness, world, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    victim = await _booked(world, 3003, name="Vic Tim")
    await add_patient(world, 3004, name="Theo Thief")
    user_id = world.actors[3003].user_id
    thief = harness.sandbox.user(3004, "Theo")
    reply = await thief.send_command("/privacy")
    screen = reply.last.message_id
    for forged in (ExportData(world.patients[3003]), AskDelete(user_id), ConfirmDelete(user_id)):
        reply = await thief.press_data(screen, forged.pack())
        assert reply.callback_answer.text == EXPIRED, forged
    # On the thief's own confirmation question, the victim's account named instead.
    reply = await thief.press("🗑 Delete my account")
    reply = await thief.press_data(reply.last.message_id, ConfirmDelete(user_id).pack())
    assert reply.callback_answer.text == EXPIRED
    assert [m for m in thief.bot_messages if m.document is not None] == []
    assert await _sql(
        harness, "SELECT status FROM appointments WHERE id = :a", a=victim.id
    ) == [("scheduled",)]
    phones = await _sql(
        harness, "SELECT telegram_user_id, phone FROM users WHERE deleted_at IS NULL ORDER BY 1"
    )
    assert phones == [(3003, "+447911123456"), (3004, "+447911123456")]
    assert await _sql(harness, "SELECT 1 FROM audit_logs WHERE action LIKE 'privacy.%'") == []
    # The thief's own question still works: the forged press changed nothing.
    reply = await thief.press("🗑 Yes, delete my account")
    assert "Your account has been deleted." in reply.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_privacy_in_help_and_command_menu_and_for_strangers(harness) -> None:
    assert ("privacy", "My data and privacy") in harness.sandbox.commands()
    stranger = harness.sandbox.user(3005, "Sam")
    reply = await stranger.send_command("/privacy")
    assert "CareSlot stores nothing about you" in reply.text
    reply = await stranger.send_command("/help")
    assert "/privacy – what I store about you" in reply.text
