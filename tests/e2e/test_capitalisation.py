"""Buttons and titles are in sentence case in every language, also when they begin with a
weekday or a month, which Spanish and Ukrainian write in lower case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from db.engine import unit_of_work
from db.models import User
from handlers.i18n import plain
from services import booking
from tests.world import add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW: Monday 08:00)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    for minutes in (0, 30):
        await add_slot(w, starts_at=WED + timedelta(minutes=minutes))
    for telegram_id, lang in ((5301, "es"), (5302, "uk")):
        await add_patient(w, telegram_id)
        async with unit_of_work(harness.factory) as session:
            await session.execute(
                update(User).where(User.telegram_user_id == telegram_id).values(language=lang)
            )
    return w


async def _to_calendar(user, lang: str):
    await user.send_command("/book")
    await user.press(plain(lang, "by-specialty"))
    await user.press("Dermatology (1)")
    await user.press("Dr. Test 0 · Dermatology · Test Clinic")
    return await user.press(plain(lang, "pick-day-button"))


async def test_spanish_labels_and_titles_that_begin_with_a_date_start_with_a_capital(
    harness, world
) -> None:
    ana = harness.sandbox.user(5301, "Ana")
    reply = await _to_calendar(ana, "es")
    assert "Marzo de 2030" in reply.last.button_texts  # the calendar's title
    reply = await ana.send_text("jueves")  # nothing that day: the nearest days offered
    assert "Miércoles 6 de marzo" in reply.last.button_texts, reply.last.button_texts
    assert "jueves 7 de marzo" in reply.text  # inside a sentence: lower case, as written
    await ana.send_command("/stop")
    reply = await ana.send_text("dermatologist on Wednesday")
    assert reply.last.button_texts[0] == "Mié 6 mar, 09:00 · Dr. Test 0 · Test Clinic"
    assert "miércoles 6 de marzo" in reply.text
    await booking.book_slot(
        harness.factory,
        actor=world.actors[5301],
        patient_id=world.patients[5301],
        slot_id=world.slots[0],
        now=harness.clock.now,
    )
    reply = await ana.send_command("/my")
    assert "Mié 6 mar, 09:00 · Dr. Test 0" in reply.last.button_texts, reply.last.button_texts
    reply = await ana.press("Mié 6 mar, 09:00 · Dr. Test 0")
    assert reply.last.html.startswith("<b>Mié 6 mar, 09:00</b>"), reply.last.html


async def test_ukrainian_calendar_title_starts_with_a_capital(harness, world) -> None:
    olena = harness.sandbox.user(5302, "Olena")
    reply = await _to_calendar(olena, "uk")
    assert "Березень 2030" in reply.last.button_texts, reply.last.button_texts
