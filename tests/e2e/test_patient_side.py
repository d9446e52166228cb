"""The patient side as a new user finds it: what the summary warns about, how times and
visits are said, searching again, and Back keeping what was typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.world import add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW is Monday 08:00)


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1, min_cancel_notice_minutes=240)
    for minutes in (0, 30, 60):
        await add_slot(w, doctor=0, starts_at=WED + timedelta(minutes=minutes))
    return w


async def _to_summary(user, time: str = "09:00", day: str = "6●") -> str:
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    await user.press("Dermatology (1)")
    card = await user.press("Dr. Test 0 · Dermatology · Test Clinic")
    assert "⏳ 30 minutes" in card.text  # the visit's length on the card
    await user.press("📅 Choose a day")
    await user.press(day)
    await user.press(time)
    return (await user.press("Skip")).text


async def test_the_summary_warns_when_the_visit_could_not_be_changed_in_the_chat(
    harness, world
) -> None:
    await add_patient(world, 4001)
    pat = harness.sandbox.user(4001, "Pat")
    summary = await _to_summary(pat)
    assert "will not be able to cancel or move" not in summary  # two days ahead: fine
    assert "(London time)" in summary and "Europe/London" not in summary
    assert "⏳ 30 minutes" in summary
    await pat.send_command("/stop")
    harness.clock.now = WED - timedelta(hours=2)  # now inside the clinic's 4 hours' notice
    summary = await _to_summary(pat, time="10:00")
    assert "will not be able to cancel or move this visit in the chat" in summary
    assert "4 hours" in summary


async def test_the_year_is_said_when_the_visit_is_in_another_year(harness) -> None:
    harness.clock.now = datetime(2030, 12, 30, 9, 0, tzinfo=UTC)
    w = await build_world(harness.factory, doctors=1)
    await add_slot(w, starts_at=datetime(2031, 1, 3, 10, 0, tzinfo=UTC))
    await add_patient(w, 4002)
    pat = harness.sandbox.user(4002, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (1)")
    card = await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    assert "Fri 3 Jan 2031, 10:00" in card.text


async def test_no_welcome_back_right_after_registering(harness) -> None:
    ann = harness.sandbox.user(4003, "Ann", "Lee")
    await ann.send_command("/start")
    await ann.press("✅ I agree")
    await ann.share_contact("447911123456")
    await ann.press("✅ Yes, that's me")
    reply = await ann.send_text("12.03.1985")
    texts = [m.text for m in reply.messages]
    assert any("You're all set" in t for t in texts)
    assert not any("Welcome back" in t for t in texts)


async def test_back_from_the_birth_date_keeps_the_typed_name(harness) -> None:
    bo = harness.sandbox.user(4004, "B")
    await bo.send_command("/start")
    await bo.press("✅ I agree")
    await bo.share_contact("447911123457")
    await bo.send_text("Bo Typed-Name")
    reply = await bo.press("⬅️ Back")
    assert "Is <b>Bo Typed-Name</b> your full name?" in reply.last.html


async def test_after_nothing_found_another_spelling_searches_again(harness, world) -> None:
    await add_patient(world, 4005)
    pat = harness.sandbox.user(4005, "Pat")
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    reply = await pat.send_text("zzzzqqq")
    assert "found no doctor" in reply.text
    reply = await pat.send_text("dermatolgy")
    assert "Dr. Test 0 · Dermatology · Test Clinic" in reply.last.button_texts


async def test_a_moved_visit_is_shown_as_moved_not_cancelled(harness, world) -> None:
    await add_patient(world, 4006)
    pat = harness.sandbox.user(4006, "Pat")
    await _to_summary(pat)
    await pat.press("✅ Confirm")
    await pat.send_command("/my")
    await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    await pat.press("🔁 Reschedule")
    await pat.press("6●")
    await pat.press("10:00")
    await pat.press("✅ Confirm")
    await pat.send_command("/my")
    reply = await pat.press("🕓 Past visits")
    (label,) = [b for b in reply.last.button_texts if "09:00" in b]
    assert "moved to Wed 6 Mar, 10:00" in label and "cancelled" not in label


async def test_shortcut_offers_name_doctor_and_clinic_and_back_returns_to_them(
    harness, world
) -> None:
    await add_patient(world, 4010)
    pat = harness.sandbox.user(4010, "Pat")
    reply = await pat.send_text("I need a dermatologist on Wednesday morning")
    assert reply.last.button_texts[0] == "Wed 6 Mar, 09:00 · Dr. Test 0 · Test Clinic"
    results = reply.last.message_id
    reply = await pat.press(0)
    assert "What is the visit about?" in reply.text
    reply = await pat.press("⬅️ Back")
    assert "Free times for Dermatology, Wednesday 6 March" in reply.text
    assert reply.last.message_id == results


async def test_a_follow_up_sentence_is_a_new_search(harness, world) -> None:
    await add_patient(world, 4011)
    pat = harness.sandbox.user(4011, "Pat")
    await pat.send_text("I need a dermatologist on Wednesday")
    reply = await pat.send_text("actually a dermatologist on Thursday")
    assert "Thursday 7 March" in reply.text  # searched again, not read as a day
    assert "could not understand" not in reply.text


async def test_a_past_or_too_far_day_in_a_sentence_is_said_not_ignored(harness, world) -> None:
    await add_patient(world, 4012)
    pat = harness.sandbox.user(4012, "Pat")
    reply = await pat.send_text("a dermatologist on 01.03.2030")
    assert "already passed" in reply.text
    reply = await pat.send_text("a dermatologist in 200 days")
    assert "up to 60 days ahead" in reply.text


async def test_a_city_in_the_sentence_offers_only_that_city(harness, world) -> None:
    from db.engine import unit_of_work
    from db.models import AppointmentSlot, Clinic, Doctor

    async with unit_of_work(harness.factory) as session:
        boston = Clinic(
            name="Harbor Health",
            address="1 Main St",
            city="Boston",
            timezone="America/New_York",
            min_booking_notice_minutes=60,
            min_cancel_notice_minutes=60,
            booking_horizon_days=60,
        )
        session.add(boston)
        await session.flush()
        doctor = Doctor(
            clinic_id=boston.id,
            specialty_id=world.specialty_id,
            full_name="Dr. Boston",
            license_number="B-1",
            max_patients_per_day=20,
            visit_minutes=30,
        )
        session.add(doctor)
        await session.flush()
        start = datetime(2030, 3, 6, 14, 0, tzinfo=UTC)  # Wednesday 09:00 in Boston
        session.add(
            AppointmentSlot(
                doctor_id=doctor.id,
                clinic_id=boston.id,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
            )
        )
    await add_patient(world, 4013)
    pat = harness.sandbox.user(4013, "Pat")
    reply = await pat.send_text("a dermatologist in Boston on Wednesday")
    assert reply.last.button_texts[:1] == ["Wed 6 Mar, 09:00 · Dr. Boston · Harbor Health"]
    assert not any("Test Clinic" in b for b in reply.last.button_texts)
    reply = await pat.send_text("a dermatologist on Wednesday")  # both cities, local order
    offers = [b for b in reply.last.button_texts if "·" in b]
    assert offers[:2] == [
        "Wed 6 Mar, 09:00 · Dr. Test 0 · Test Clinic",
        "Wed 6 Mar, 09:00 · Dr. Boston · Harbor Health",
    ] or offers[:2] == [
        "Wed 6 Mar, 09:00 · Dr. Boston · Harbor Health",
        "Wed 6 Mar, 09:00 · Dr. Test 0 · Test Clinic",
    ]


async def test_a_left_flow_keeps_no_personal_text_in_the_bot_state(harness, world) -> None:
    """A visit reason typed into a booking that was then abandoned is not kept anywhere."""
    from sqlalchemy import select

    from bot.inprocess import stop_bot
    from db.engine import unit_of_work
    from db.models import BotConversation, BotUserData

    await add_patient(world, 4020)
    pat = harness.sandbox.user(4020, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (1)")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    await pat.press("6●")
    await pat.press("09:00")
    reply = await pat.send_text("Private rash on my back")
    assert "Please check your appointment" in reply.text
    await pat.send_command("/stop")
    assert harness.app is not None
    await stop_bot(harness.app)  # flushes the bot state to PostgreSQL
    harness.app = None
    async with unit_of_work(harness.factory) as session:
        stored = [r.data for r in (await session.scalars(select(BotUserData))).all()]
        states = (await session.scalars(select(BotConversation.state))).all()
    assert "Private rash" not in repr(stored) + repr(states)
    assert all("flow" not in data for data in stored)
