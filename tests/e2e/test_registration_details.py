"""Registration and profile details as a new user types them: national phone numbers,
extensions, invisible characters in names, day/month dates that read both ways.

The harness's default time zone is Europe/London, so numbers typed without a country code
are British ones.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Patient, User
from tests.world import add_patient, build_world

EXPIRED = "This button has expired."


async def _stored(factory, telegram_id: int) -> tuple[User, Patient | None]:
    async with unit_of_work(factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == telegram_id))
        patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
    return user, patient


async def _to_phone_step(user) -> str:
    await user.send_command("/start")
    reply = await user.press("✅ I agree")
    assert "share your phone number" in reply.text
    return reply.text


async def test_the_example_number_is_one_kept_for_drama(harness) -> None:
    prompt = await _to_phone_step(harness.sandbox.user(1200, "Ann", "Lee"))
    assert "+44 7700 900123" in prompt and "7946" not in prompt


async def _to_birth_step(user, phone: str = "+447911123400") -> None:
    await _to_phone_step(user)
    await user.send_text(phone)
    reply = await user.press("✅ Yes, that's me")
    assert "date of birth" in reply.text


async def test_a_london_number_typed_without_the_country_code(harness) -> None:
    ann = harness.sandbox.user(1201, "Ann", "Lee")
    await _to_phone_step(ann)
    reply = await ann.send_text("07911 123456")
    assert "+447911123456" in reply.messages[0].text
    assert "Is <b>Ann Lee</b> your full name?" in reply.last.html
    await ann.press("✅ Yes, that's me")
    reply = await ann.send_text("12.03.1985")
    assert "You're all set" in reply.messages[0].text
    user, _ = await _stored(harness.factory, 1201)
    assert user.phone == "+447911123456"


async def test_an_extension_is_refused_and_the_number_asked_again(harness) -> None:
    ann = harness.sandbox.user(1202, "Ann", "Lee")
    await _to_phone_step(ann)
    reply = await ann.send_text("+44 20 7946 0958 ext. 12")
    assert "extension" in reply.text and "does not look like" not in reply.text
    assert ann.current_reply_keyboard.texts == ["📱 Share my phone number", "⬅️ Back"]
    reply = await ann.send_text("020 7946 0958 x12")
    assert "extension" in reply.text
    reply = await ann.send_text("020 7946 0958")  # the same step takes the plain number
    assert "Is <b>Ann Lee</b> your full name?" in reply.last.html
    await ann.press("✅ Yes, that's me")
    await ann.send_text("12.03.1985")
    user, _ = await _stored(harness.factory, 1202)
    assert user.phone == "+442079460958"


async def test_a_name_of_invisible_characters_is_refused(harness) -> None:
    ann = harness.sandbox.user(1203, "\u200b")  # nothing to suggest: the name is asked
    await _to_phone_step(ann)
    reply = await ann.send_text("+447911123456")
    assert "Please type your full name" in reply.last.text
    for invisible in ("\u200b\u200b\u200b", "\u202e\u2066\u200d\ufeff", "\u200e\u200f"):
        reply = await ann.send_text(invisible)
        assert "at least 2 letters" in reply.text, reply.text
    reply = await ann.send_text("An\u200bna \u202eLee\u202c")
    assert "date of birth" in reply.text
    await ann.send_text("12.03.1985")
    user, _ = await _stored(harness.factory, 1203)
    assert user.full_name == "Anna Lee"


async def test_invisible_characters_leave_the_suggested_telegram_name(harness) -> None:
    ann = harness.sandbox.user(1211, "\u2067Ann\u200f", "\u202eLee\u202c")
    await _to_phone_step(ann)
    reply = await ann.send_text("+447911123456")
    assert "Is <b>Ann Lee</b> your full name?" in reply.last.html
    await ann.press("✅ Yes, that's me")
    await ann.send_text("12.03.1985")
    user, _ = await _stored(harness.factory, 1211)
    assert user.full_name == "Ann Lee"


async def test_a_date_that_reads_both_ways_is_echoed_with_both_readings(harness) -> None:
    ann = harness.sandbox.user(1204, "Ann", "Lee")
    await _to_birth_step(ann)
    reply = await ann.send_text("1/2/1990")
    assert "Did you mean 1 February 1990?" in reply.text
    assert reply.last.button_texts == ["1 February 1990", "2 January 1990", "⬅️ Back"]
    reply = await ann.press("2 January 1990")
    assert reply.edited[0].text == "🎂 2 January 1990" and reply.edited[0].button_texts == []
    assert "You're all set" in reply.texts[0]
    _, patient = await _stored(harness.factory, 1204)
    assert patient.date_of_birth == date(1990, 1, 2)


async def test_the_first_reading_can_be_chosen_and_back_asks_again(harness) -> None:
    ann = harness.sandbox.user(1205, "Ann", "Lee")
    await _to_birth_step(ann)
    confirm = (await ann.send_text("3/4/1980")).last
    assert "Did you mean 3 April 1980?" in confirm.text
    reply = await ann.press("⬅️ Back")
    assert "Please send your date of birth" in reply.text
    # The readings offered before are gone with Back: their data on that screen expires.
    stale = await ann.press_data(confirm.message_id, "bd:19800304")
    assert stale.callback_answer.text == EXPIRED
    reply = await ann.send_text("3/4/1980")
    # Not offered: another date in a well-formed button of this kind.
    forged = await ann.press_data(reply.last.message_id, "bd:19800305")
    assert forged.callback_answer.text == EXPIRED
    reply = await ann.press("3 April 1980")
    assert "You're all set" in reply.texts[0]
    _, patient = await _stored(harness.factory, 1205)
    assert patient.date_of_birth == date(1980, 4, 3)


async def test_unambiguous_dates_are_stored_directly(harness) -> None:
    for telegram_id, typed, born in [
        (1206, "13/02/1990", date(1990, 2, 13)),
        (1207, "12.03.1985", date(1985, 3, 12)),  # dots: day first, as in every clinic
        (1208, "5/5/1990", date(1990, 5, 5)),  # both readings are one day
    ]:
        user = harness.sandbox.user(telegram_id, "Ann", "Lee")
        await _to_birth_step(user)
        reply = await user.send_text(typed)
        assert "You're all set" in reply.messages[0].text, typed
        _, patient = await _stored(harness.factory, telegram_id)
        assert patient.date_of_birth == born


async def test_profile_phone_in_the_national_format(harness) -> None:
    await add_patient(await build_world(harness.factory), 1209)
    pat = harness.sandbox.user(1209, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Phone")
    reply = await pat.send_text("07911 234567 ext 9")
    assert "extension" in reply.text
    reply = await pat.send_text("07911 234567")
    assert "+447911234567" in reply.text
    user, _ = await _stored(harness.factory, 1209)
    assert user.phone == "+447911234567"


async def test_profile_birth_date_that_reads_both_ways(harness) -> None:
    await add_patient(await build_world(harness.factory), 1210)
    pat = harness.sandbox.user(1210, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Date of birth")
    reply = await pat.send_text("1/2/1990")
    assert "Did you mean 1 February 1990?" in reply.text
    assert reply.last.button_texts == ["1 February 1990", "2 January 1990", "⬅️ Back"]
    forged = await pat.press_data(reply.last.message_id, "bd:19900103")
    assert forged.callback_answer.text == EXPIRED
    reply = await pat.press("1 February 1990")
    assert "01.02.1990" in reply.text
    _, patient = await _stored(harness.factory, 1210)
    assert patient.date_of_birth == date(1990, 2, 1)
