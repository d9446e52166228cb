"""End to end: the waitlist through the sandbox with the real bot, its dispatcher and the
injected clock — joining in the chat, an offer held by PostgreSQL, No thanks and expiry
passing the place on, Book it booking it, /my with Leave, forged presses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from handlers.callbacks import PickSlot
from handlers.waitlist_buttons import OfferAction, OfferAnswer, WaitLeave
from services import booking, waitlist
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.world import NOW, add_patient, add_slot, build_world

WED_9 = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW: Monday 08:00)
OFFER = "A place has freed up"
EXPIRED = "This button has expired."


@pytest.fixture
def settings(sandbox) -> Settings:
    """A dispatcher that looks for due rows every 0.1 s."""
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
        CARESLOT_OUTBOX_POLL_SECONDS="0.1",
    )


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    for tg in (8101, 8102, 8103, 8104):
        await add_patient(w, tg)
    slot = await add_slot(w, starts_at=WED_9)
    await booking.book_slot(
        w.factory, actor=w.actors[8101], patient_id=w.patients[8101], slot_id=slot, now=NOW
    )
    return w


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return (await session.execute(text(sql), params)).all()


async def _join(world, tg: int) -> None:
    await waitlist.join(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg],
        doctor_id=world.doctor_ids[0], earliest=NOW.date(), latest=date(2030, 4, 30), now=NOW,
    )  # fmt: skip


async def _cancel_the_booking(harness, world) -> None:
    (appt,) = await _sql(harness, "SELECT id FROM appointments WHERE status = 'scheduled'")
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[8101], now=harness.clock.now
    )


def _offers(user) -> list:
    return [m for m in user.bot_messages if OFFER in m.text]


async def _offer_to(user, count: int = 1):
    async def arrived() -> bool:
        return len(_offers(user)) >= count

    assert await until(arrived, 10), "no offer arrived"
    return _offers(user)[-1]


async def _to_card(user):
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    await user.press("Dermatology (1)")
    return await user.press("Dr. Test 0 · Dermatology · Test Clinic")


async def test_offer_decline_next_patient_accepts_and_a_third_is_refused(harness, world) -> None:
    ann = harness.sandbox.user(8102, "Ann")
    card = await _to_card(ann)  # the only time is booked: nothing in the next 60 days
    assert "nothing in the next 60 days" in card.text
    draft = await ann.press("🔔 Tell me when something frees up")
    assert "Dr. Test 0" in draft.text and "any time" in draft.text
    draft = await ann.press("🌅 Morning")
    assert "✓ 🌅 Morning" in draft.last.button_texts
    draft = await ann.send_text("until 20 March")
    assert "Tell me when something frees up" in draft.last.text
    joined = await ann.press("✅ Join the waitlist")
    assert "You are on the waitlist for Dr. Test 0" in joined.text
    ((status, part, latest),) = await _sql(
        harness, "SELECT status, part_of_day, latest_date FROM waitlist_entries"
    )
    assert (status, part, latest) == ("waiting", "morning", date(2030, 3, 20))
    # Asking again is refused kindly, and nothing new is written.
    await _to_card(ann)
    await ann.press("🔔 Tell me when something frees up")
    again = await ann.press("✅ Join the waitlist")
    assert "already on the waitlist" in again.text
    assert len(await _sql(harness, "SELECT id FROM waitlist_entries")) == 1

    await _join(world, 8103)  # Bob joins after Ann
    bob = harness.sandbox.user(8103, "Bob")
    await _cancel_the_booking(harness, world)
    offer = await _offer_to(ann)
    assert "Wed 6 Mar, 09:00" in offer.text and "15 min" in offer.text
    assert offer.button_texts == ["✅ Book it", "No thanks"]

    # Cy, a third patient, does not see the held time: not in a sentence's answer, not in
    # the day's times.
    cy = harness.sandbox.user(8104, "Cy")
    found = await cy.send_text("dermatologist on Wednesday morning")
    assert "I found no free time" in found.text
    await _to_card(cy)
    await cy.press("📅 Choose a day")
    day = await cy.send_text("Wednesday")
    assert "no free time" in day.last.text
    # A time button from before the hold (pressed on the flow's message): the database
    # refuses him the place at Confirm, and he reads that it was just taken.
    ((slot,),) = await _sql(harness, "SELECT id FROM appointment_slots")
    await cy.press_data(day.last.message_id, PickSlot(slot).pack())
    await cy.press("Skip")
    refused = await cy.press("✅ Confirm")
    assert "that time was just taken" in refused.text
    assert len(await _sql(harness, "SELECT id FROM appointments WHERE status = 'scheduled'")) == 0

    declined = await ann.press("No thanks", offer)
    assert "goes to the next person" in declined.text
    offer = await _offer_to(bob)
    booked = await bob.press("✅ Book it", offer)
    assert any("Booked!" in m.text for m in booked.edited)  # the offer became the booking
    ((patient, via),) = await _sql(
        harness, "SELECT patient_id, created_via FROM appointments WHERE status = 'scheduled'"
    )
    assert (patient, via) == (world.patients[8103], "waitlist")
    rows = dict(await _sql(harness, "SELECT patient_id, status FROM waitlist_entries"))
    assert rows == {world.patients[8102]: "waiting", world.patients[8103]: "booked"}


async def test_expiry_gives_the_next_patient_the_offer_and_a_late_press_is_told(
    harness, world
) -> None:
    await _join(world, 8102)
    await _join(world, 8103)
    ann, bob = harness.sandbox.user(8102, "Ann"), harness.sandbox.user(8103, "Bob")
    await _cancel_the_booking(harness, world)
    first = await _offer_to(ann)
    harness.clock.now = NOW + timedelta(minutes=15)  # the hold is over
    second = await _offer_to(bob)
    assert "Wed 6 Mar, 09:00" in second.text
    late = await ann.press("✅ Book it", first)
    assert "This offer has ended" in late.text
    assert len(await _sql(harness, "SELECT id FROM appointments WHERE status = 'scheduled'")) == 0
    # A forged press on Bob's offer, from Ann's chat: expired, nothing changes.
    ((hold,),) = await _sql(harness, "SELECT id FROM slot_holds WHERE status = 'active'")
    forged = OfferAnswer(OfferAction.BOOK, hold).pack()
    answer = await ann.press_data(late.last.message_id, forged)
    assert answer.callback_answer.text == EXPIRED
    assert len(await _sql(harness, "SELECT id FROM appointments WHERE status = 'scheduled'")) == 0
    ((status,),) = await _sql(harness, "SELECT status FROM slot_holds WHERE id = :h", h=hold)
    assert status == "active"


async def test_my_lists_the_waitlist_with_leave(harness, world) -> None:
    await _join(world, 8102)
    ann = harness.sandbox.user(8102, "Ann")
    listing = await ann.send_command("/my")
    assert "On the waitlist" in listing.text and "Dr. Test 0" in listing.text
    # Someone else's entry cannot be left from here.
    await _join(world, 8103)
    ((bobs,),) = await _sql(
        harness, "SELECT id FROM waitlist_entries WHERE patient_id = :p", p=world.patients[8103]
    )
    answer = await ann.press_data(listing.last.message_id, WaitLeave(bobs).pack())
    assert answer.callback_answer.text == EXPIRED
    left = await ann.press("✖️ Leave: Dr. Test 0", listing.last)
    assert any("You have left the waitlist" in m.text for m in left.messages)
    rows = dict(await _sql(harness, "SELECT patient_id, status FROM waitlist_entries"))
    assert rows == {world.patients[8102]: "cancelled", world.patients[8103]: "waiting"}


async def test_a_sentence_with_nothing_free_and_a_family_member(harness, world) -> None:
    from db.models import Patient

    async with unit_of_work(harness.factory) as session:
        mia = Patient(holder_id=world.patients[8103], relation="child", full_name="Mia Lee")
        session.add(mia)
        await session.flush()
        mia_id = mia.id
    bob = harness.sandbox.user(8103, "Bob")
    found = await bob.send_text("dermatologist on Friday")
    assert "I found no free time" in found.text
    draft = await bob.press("🔔 Tell me when something frees up")
    assert "Dermatology · any clinic" in draft.text
    assert {"✓ Pat Patient", "Mia Lee"} <= set(draft.last.button_texts)
    draft = await bob.press("Mia Lee")
    assert "✓ Mia Lee" in draft.last.button_texts and "Who: Mia Lee" in draft.text
    await bob.press("✅ Join the waitlist")
    ((patient, doctor, clinic),) = await _sql(
        harness, "SELECT patient_id, doctor_id, clinic_id FROM waitlist_entries"
    )
    assert (patient, doctor, clinic) == (mia_id, None, None)
    listing = await bob.send_command("/my")
    assert "Mia Lee — Dermatology · any clinic" in listing.text
    # A day without free times offers the waitlist too.
    cy = harness.sandbox.user(8104, "Cy")
    await _to_card(cy)
    await cy.press("📅 Choose a day")
    day = await cy.send_text("Wednesday")
    assert "no free time" in day.last.text
    assert "🔔 Tell me when something frees up" in day.last.button_texts

    await _cancel_the_booking(harness, world)
    offer = await _offer_to(bob)
    assert "for Mia Lee" in offer.text
    await bob.press("✅ Book it", offer)
    ((patient,),) = await _sql(
        harness, "SELECT patient_id FROM appointments WHERE status = 'scheduled'"
    )
    assert patient == mia_id
