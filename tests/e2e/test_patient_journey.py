"""The patient journey through the sandbox with the real bot and a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, Patient, User
from handlers.callbacks import Appt
from tests.world import NOW, add_patient, add_slot, build_world

# NOW is Monday 2030-03-04 08:00 UTC; London is on GMT then.
WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    for minutes in (0, 30, 60):
        await add_slot(w, doctor=0, starts_at=WED + timedelta(minutes=minutes))
    await add_slot(w, doctor=1, starts_at=WED + timedelta(days=1))
    return w


async def _appointments(factory) -> list[Appointment]:
    async with unit_of_work(factory) as session:
        return list(
            (await session.scalars(select(Appointment).order_by(Appointment.created_at))).all()
        )


async def _to_reason_step(user) -> None:
    """Drives the flow by specialty up to the reason question for Wednesday 09:00."""
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    await user.press("Dermatology (2)")
    await user.press("Dr. Test 0 · Dermatology · Test Clinic")
    reply = await user.press("📅 Choose a day")
    assert "6●" in reply.last.button_texts
    reply = await user.press("6●")
    assert reply.last.button_texts[:3] == ["09:00", "09:30", "10:00"]
    reply = await user.press("09:00")
    assert "What is the visit about?" in reply.text


async def _book_wednesday_0900(user, *, reason: str | None = None) -> None:
    """Drives the flow by specialty up to the summary."""
    await _to_reason_step(user)
    if reason is None:
        reply = await user.press("Skip")
    else:
        reply = await user.send_text(reason)
    assert "Please check your appointment" in reply.text
    assert "Wed 6 Mar, 09:00" in reply.text


async def test_new_user_registers(harness) -> None:
    ann = harness.sandbox.user(1001, "Ann", "Lee")
    await ann.send_command("/start")
    reply = await ann.press("✅ I agree")
    assert "share your phone number" in reply.text
    assert ann.current_reply_keyboard.texts == ["📱 Share my phone number", "⬅️ Back"]
    reply = await ann.send_text("12345")  # typed and wrong: re-asked, nothing lost
    assert "does not look like a phone number" in reply.text
    reply = await ann.share_contact("447911123456")  # Telegram sends it without the plus
    assert "Is <b>Ann Lee</b> your full name?" in reply.last.html
    reply = await ann.press("✅ Yes, that's me")
    assert "date of birth" in reply.text
    for bad, message in [("someday", "could not read"), ("12.03.2099", "in the future")]:
        reply = await ann.send_text(bad)
        assert message in reply.text
    reply = await ann.send_text("12.03.1985")
    assert "You're all set" in reply.messages[0].text
    async with unit_of_work(harness.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == 1001))
        patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
    assert user.phone == "+447911123456" and user.full_name == "Ann Lee"
    assert patient.date_of_birth == date(1985, 3, 12)


async def test_typed_name_is_escaped(harness) -> None:
    bob = harness.sandbox.user(1002, "B")
    await bob.send_command("/start")
    await bob.press("✅ I agree")
    reply = await bob.share_contact("+447911123457")
    reply = await bob.send_text("Bob <b>Bold</b>")
    assert "date of birth" in reply.text
    reply = await bob.send_text("March 12 1985")
    assert "You're all set, Bob <b>Bold</b>!" in reply.messages[0].text  # literal, not bold
    assert reply.messages[0].entities_of("bold") == ["Bob <b>Bold</b>"]


async def test_book_by_specialty_with_ics(harness, world) -> None:
    await add_patient(world, 1003)
    pat = harness.sandbox.user(1003, "Pat")
    await _book_wednesday_0900(pat, reason="Itchy <rash> & spots")
    reply = await pat.press("✅ Confirm")
    # The summary turns into the confirmation, which stays in the chat.
    (booked,) = reply.edited
    assert "Booked!" in booked.text
    assert booked.button_texts == ["🗂 My appointments", "📅 Book another"]
    assert "Dr. Test 0" in booked.text and "Wed 6 Mar, 09:00 (London time)" in booked.text
    for _ in range(100):  # the .ics follows the confirmation; wait for it on a busy machine
        if any(m.document for m in pat.bot_messages):
            break
        await asyncio.sleep(0.05)
    document = next(m for m in pat.bot_messages if m.document is not None).document
    ics = Calendar.from_ical(harness.sandbox.file_bytes(document.file_id))
    event = ics.walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(UTC) == WED
    (appt,) = await _appointments(harness.factory)
    assert appt.status == "scheduled" and appt.reason == "Itchy <rash> & spots"
    assert appt.starts_at == WED


async def test_search_with_a_typo_and_free_text_days(harness, world) -> None:
    await add_patient(world, 1004)
    pat = harness.sandbox.user(1004, "Pat")
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    reply = await pat.send_text("dermatolgy")
    assert "Dr. Test 0 · Dermatology · Test Clinic" in reply.last.button_texts
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    for text, message in [
        ("blah blah", "could not understand"),
        ("01.03.2030", "already passed"),
        ("in 200 days", "only book up to"),
    ]:
        reply = await pat.send_text(text)
        assert message in reply.text, reply.text
        assert "choose a day" in reply.text  # the calendar again: same step
    reply = await pat.send_text("Wednesday")
    assert "Wednesday 6 March" in reply.text and "09:00" in reply.last.button_texts
    reply = await pat.send_text("tomorrow")  # another day, typed at the times step
    assert "no free time on Tuesday 5 March" in reply.text
    assert "Wednesday 6 March" in reply.last.button_texts


async def test_day_without_times_offers_nearest(harness, world) -> None:
    await add_patient(world, 1005)
    pat = harness.sandbox.user(1005, "Pat")
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    await pat.send_text("dr test 0")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    reply = await pat.send_text("Tuesday")
    assert "no free time on Tuesday 5 March" in reply.text
    assert "Wednesday 6 March" in reply.last.button_texts


async def test_overlong_reason_is_reasked(harness, world) -> None:
    await add_patient(world, 1006)
    pat = harness.sandbox.user(1006, "Pat")
    await _to_reason_step(pat)
    reply = await pat.send_text("x" * 400)
    assert "under 300 characters" in reply.text
    reply = await pat.send_text("short reason")
    assert "Please check your appointment" in reply.text
    assert await _appointments(harness.factory) == []


async def test_double_tap_makes_one_appointment(harness, world) -> None:
    await add_patient(world, 1007)
    pat = harness.sandbox.user(1007, "Pat")
    await _book_wednesday_0900(pat)
    summary = pat.last_bot_message
    await pat.press("✅ Confirm", summary, wait=False)
    await pat.press("✅ Confirm", summary, wait=False)
    await pat.wait_reply()
    await asyncio.sleep(0.3)
    assert len(await _appointments(harness.factory)) == 1
    assert "This visit is already booked." in [a.text for a in pat.callback_answers]
    assert sum("Booked!" in m.text for m in pat.bot_messages) == 1


async def test_redelivered_confirm_makes_one_appointment(harness, world) -> None:
    await add_patient(world, 1020)
    pat = harness.sandbox.user(1020, "Pat")
    await _book_wednesday_0900(pat)
    reply = await pat.press("✅ Confirm")
    assert reply.update_id is not None
    answered = harness.sandbox.count_calls("answerCallbackQuery")
    with pytest.raises(TimeoutError):  # Telegram did not see it acknowledged: sent again
        await pat.redeliver(reply.update_id, timeout=1.0)
    # Its update_id was handled already: ignored before any handler, the press not answered
    # twice (the confirmation's idempotency key would still have booked once).
    assert harness.sandbox.count_calls("answerCallbackQuery") == answered
    assert len(await _appointments(harness.factory)) == 1
    assert sum("Booked!" in m.text for m in pat.bot_messages) == 1


async def test_two_patients_race_for_the_last_place(harness, world) -> None:
    await add_patient(world, 1008)
    await add_patient(world, 1009)
    a, b = harness.sandbox.user(1008, "A"), harness.sandbox.user(1009, "B")
    await _book_wednesday_0900(a)
    await _book_wednesday_0900(b)
    await asyncio.gather(a.press("✅ Confirm", wait=False), b.press("✅ Confirm", wait=False))
    replies = await asyncio.gather(a.wait_reply(), b.wait_reply())
    texts = [r.text for r in replies]
    assert sum("Booked!" in "".join(m.text for m in r.edited) for r in replies) == 1
    assert any("that time was just taken" in t for t in texts), texts
    loser = replies[0] if "just taken" in replies[0].text else replies[1]
    assert "Wed 6 Mar, 09:30" in loser.last.button_texts  # the nearest free ones offered
    assert len(await _appointments(harness.factory)) == 1


async def test_forged_button_for_someone_elses_appointment(harness, world) -> None:
    owner = await add_patient(world, 1010)
    await add_patient(world, 1011)
    del owner
    pat = harness.sandbox.user(1010, "Owner")
    await _book_wednesday_0900(pat)
    await pat.press("✅ Confirm")
    (appt,) = await _appointments(harness.factory)
    thief = harness.sandbox.user(1011, "Thief")
    await thief.send_command("/my")
    for action in ("cancel", "open", "resched", "ics"):
        reply = await thief.press_data(
            thief.last_bot_message.message_id, Appt(action, appt.id).pack()
        )
        assert reply.callback_answer.text == "This button has expired.", action
    reply = await thief.press_data(thief.last_bot_message.message_id, "cx:garbage:9")
    assert reply.callback_answer.text == "This button has expired."
    (still,) = await _appointments(harness.factory)
    assert still.status == "scheduled"


async def test_my_appointments_cancel(harness, world) -> None:
    await add_patient(world, 1012)
    pat = harness.sandbox.user(1012, "Pat")
    await _book_wednesday_0900(pat)
    await pat.press("✅ Confirm")
    reply = await pat.send_command("/my")
    assert "Your upcoming appointments</b> (1 visit)" in reply.last.html
    reply = await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    assert "Status: booked" in reply.text
    reply = await pat.press("✖️ Cancel")
    reply = await pat.press("Feeling better")
    (edited,) = reply.edited  # the question becomes the answer; a METHOD:CANCEL .ics follows
    assert "Cancelled: Wed 6 Mar, 09:00" in edited.text
    (appt,) = await _appointments(harness.factory)
    assert appt.status == "cancelled" and appt.cancellation_reason == "Feeling better"
    async with unit_of_work(harness.factory) as session:
        assert (await session.get(AppointmentSlot, appt.slot_id)).booked_count == 0


async def test_cancel_inside_notice_is_refused(harness, world) -> None:
    await add_patient(world, 1013)
    pat = harness.sandbox.user(1013, "Pat")
    await _book_wednesday_0900(pat)
    await pat.press("✅ Confirm")
    harness.clock.now = WED - timedelta(hours=2)
    await pat.send_command("/my")
    reply = await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    # The card offers no Cancel or Reschedule inside the notice, only the clinic's phone.
    assert "call the clinic" in reply.text and "+442079460958" in reply.text
    assert "✖️ Cancel" not in reply.last.button_texts
    assert "🔁 Reschedule" not in reply.last.button_texts
    # A press from an older card is still refused by the service.
    (appt,) = await _appointments(harness.factory)
    reply = await pat.press_data(pat.last_bot_message.message_id, Appt("cancel", appt.id).pack())
    assert reply.callback_answer.show_alert
    assert (
        "too late" in reply.callback_answer.text and "+442079460958" in reply.callback_answer.text
    )
    (appt,) = await _appointments(harness.factory)
    assert appt.status == "scheduled"


async def test_reschedule(harness, world) -> None:
    await add_patient(world, 1014)
    pat = harness.sandbox.user(1014, "Pat")
    await _book_wednesday_0900(pat)
    await pat.press("✅ Confirm")
    await pat.send_command("/my")
    await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    reply = await pat.press("🔁 Reschedule")
    assert "choose a day" in reply.text
    await pat.press("6●")
    reply = await pat.press("10:00")
    assert "Instead of Wed 6 Mar, 09:00" in reply.text
    reply = await pat.press("✅ Confirm")
    assert any("Moved!" in m.text for m in reply.edited)
    old, new = await _appointments(harness.factory)
    assert old.status == "cancelled" and new.status == "scheduled"
    assert new.rescheduled_from_id == old.id and new.starts_at == WED + timedelta(hours=1)


async def test_reschedule_losing_its_race_keeps_the_old_visit(harness, world) -> None:
    await add_patient(world, 1015)
    rival = await add_patient(world, 1016)
    pat = harness.sandbox.user(1015, "Pat")
    await _book_wednesday_0900(pat)
    await pat.press("✅ Confirm")
    await pat.send_command("/my")
    await pat.press("Wed 6 Mar, 09:00 · Dr. Test 0")
    await pat.press("🔁 Reschedule")
    await pat.press("6●")
    await pat.press("10:00")
    # Someone else takes 10:00 while the summary is on screen.
    from services import booking

    async with unit_of_work(harness.factory) as session:
        ten = await session.scalar(
            select(AppointmentSlot.id).where(AppointmentSlot.starts_at == WED + timedelta(hours=1))
        )
    await booking.book_slot(
        harness.factory, actor=world.actors[1016], patient_id=rival, slot_id=ten, now=NOW
    )
    reply = await pat.press("✅ Confirm")
    assert "that time was just taken" in reply.text
    appts = await _appointments(harness.factory)
    mine = [a for a in appts if a.patient_id == world.patients[1015]]
    assert [a.status for a in mine] == ["scheduled"] and mine[0].starts_at == WED


async def test_natural_request(harness, world) -> None:
    await add_patient(world, 1017)
    pat = harness.sandbox.user(1017, "Pat")
    reply = await pat.send_text("I need a dermatologist on Wednesday morning")
    assert "Free times for Dermatology, Wednesday 6 March" in reply.text
    assert reply.last.button_texts[0].startswith("Wed 6 Mar, 09:00")
    reply = await pat.press(0)
    assert "What is the visit about?" in reply.text
    reply = await pat.press("Skip")
    reply = await pat.press("✅ Confirm")
    assert any("Booked!" in m.text for m in reply.edited)


async def test_profile_edit(harness, world) -> None:
    await add_patient(world, 1018)
    pat = harness.sandbox.user(1018, "Pat")
    reply = await pat.send_command("/profile")
    assert "Allergies: —" in reply.text
    await pat.press("✏️ Allergies")
    reply = await pat.send_text("Penicillin")
    assert "Allergies: Penicillin" in reply.text
    await pat.press("✏️ Date of birth")
    reply = await pat.send_text("next year")
    assert "date" in reply.text.lower()
    reply = await pat.send_text("01.02.1990")
    assert "01.02.1990" in reply.text


async def test_stop_leaves_the_flow(harness, world) -> None:
    await add_patient(world, 1019)
    pat = harness.sandbox.user(1019, "Pat")
    await pat.send_command("/book")
    reply = await pat.send_command("/stop")
    assert "Stopped" in reply.text
    reply = await pat.press("🩺 By specialty", pat.bot_messages[-2])
    assert reply.callback_answer.text == "This button has expired."
