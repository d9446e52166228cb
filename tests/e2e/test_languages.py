"""Every role speaks English, Spanish or Ukrainian: from Telegram's language at first contact,
changeable in the profile, with the command menus published per language."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Appointment, Patient, User
from handlers.i18n import plain
from tests.world import add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    for minutes in (0, 30):
        await add_slot(w, doctor=0, starts_at=WED + timedelta(minutes=minutes))
    return w


async def test_registration_and_booking_in_spanish(harness, world) -> None:
    es = lambda key, **args: plain("es", key, **args)  # noqa: E731
    ana = harness.sandbox.user(3001, "Ana", "<b>García</b>", language_code="es-ES")
    reply = await ana.send_command("/start")
    assert "Antes de empezar" in reply.text
    await ana.press(es("agree"))
    reply = await ana.send_text("12345")  # a bad number: re-asked in Spanish, nothing lost
    assert "teléfono" in reply.text.lower()
    reply = await ana.share_contact("34612345678")
    assert "<b>Ana &lt;b&gt;García&lt;/b&gt;</b>" in reply.last.html  # escaped after translation
    await ana.press(es("yes-thats-me"))
    reply = await ana.send_text("12.03.1985")
    assert "Todo listo" in reply.messages[0].text
    async with unit_of_work(harness.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == 3001))
        patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
    assert user.language == "es" and user.phone == "+34612345678"
    assert patient.date_of_birth == date(1985, 3, 12)

    await ana.send_command("/book")
    await ana.press(es("by-specialty"))
    await ana.press("Dermatology (1)")
    reply = await ana.press("Dr. Test 0 · Dermatology · Test Clinic")
    assert "mié 6 mar" in reply.text  # the next free time, said the Spanish way
    reply = await ana.press(es("pick-day-button"))
    assert "Marzo de 2030" in reply.last.button_texts  # a title: sentence case
    assert reply.last.button_texts[3:10] == ["Lu", "Ma", "Mi", "Ju", "Vi", "Sa", "Do"]
    reply = await ana.press("6●")
    assert "miércoles 6 de marzo" in reply.text
    await ana.press("09:00")
    await ana.press(es("skip"))
    reply = await ana.press(es("confirm"))
    (booked,) = reply.edited
    assert "Cita reservada" in booked.text
    for _ in range(100):  # the .ics follows, its caption in Spanish too
        if any(m.document for m in ana.bot_messages):
            break
        await asyncio.sleep(0.05)
    document = next(m for m in ana.bot_messages if m.document is not None)
    assert "Su cita con" in document.text
    async with unit_of_work(harness.factory) as session:
        (appt,) = (await session.scalars(select(Appointment))).all()
    assert appt.starts_at == WED


async def test_ukrainian_at_first_contact_and_unsupported_languages_get_english(harness) -> None:
    olena = harness.sandbox.user(3002, "Olena", language_code="uk")
    reply = await olena.send_command("/start")
    assert "Перш ніж почати" in reply.text
    pierre = harness.sandbox.user(3003, "Pierre", language_code="fr")
    reply = await pierre.send_command("/start")
    assert "Before we start" in reply.text


async def test_language_changed_in_the_profile(harness, world) -> None:
    await add_patient(world, 3004)
    pat = harness.sandbox.user(3004, "Pat", language_code="en")
    await pat.send_command("/profile")
    reply = await pat.press("✏️ Language")
    assert reply.last.button_texts[:3] == ["English", "Español", "Українська"]
    reply = await pat.press("Українська")
    assert "українською" in reply.callback_answer.text.lower()
    assert "Ваш профіль" in reply.text
    reply = await pat.send_command("/help")
    assert "/book" in reply.text and "Що я вмію" in reply.text
    async with unit_of_work(harness.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == 3004))
    assert user.language == "uk"
    # Its own chat's command menu follows the chosen language.
    await pat.send_command("/start")
    assert ("book", plain("uk", "command-patient-book")) in pat.commands


async def test_command_menus_are_published_in_every_language(harness) -> None:
    for lang in ("es", "uk"):
        published = harness.sandbox.commands(language_code=lang)
        assert ("book", plain(lang, "command-patient-book")) in published
        assert published != harness.sandbox.commands()
    assert ("book", "Book a visit") in harness.sandbox.commands()
