"""Registration and profile details as a new user types them: national phone numbers,
extensions, invisible characters in names.

The harness's default time zone is Europe/London, so numbers typed without a country code
are British ones.
"""

from __future__ import annotations

from sqlalchemy import select

from db.engine import unit_of_work
from db.models import Patient, User
from tests.world import add_patient, build_world


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
