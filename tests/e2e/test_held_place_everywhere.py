"""End to end: a place held for a waitlist patient is free nowhere for a third patient —
no ● on its day in the calendar, no next free time in the doctors list nor on the card,
nothing for a sentence — and everything shows it again once the hold has ended."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.settings import Settings, load_settings
from services import booking, waitlist
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.world import NOW, add_patient, add_slot, build_world

WED_9 = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW: Monday 08:00)
OFFER = "A place has freed up"


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


async def _calendar(user):
    """The doctor's list line and card, then the calendar's day buttons."""
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    listing = await user.press("Dermatology (1)")
    card = await user.press("Dr. Test 0 · Dermatology · Test Clinic")
    calendar = await user.press("📅 Choose a day")
    return listing.text, card.text, calendar.last.button_texts


async def test_a_day_whose_only_free_place_is_held_has_no_dot_for_a_third_patient(
    harness,
) -> None:
    w = await build_world(harness.factory, doctors=1)
    for tg in (8201, 8202, 8203):
        await add_patient(w, tg)
    slot = await add_slot(w, starts_at=WED_9)
    appt = await booking.book_slot(
        w.factory, actor=w.actors[8201], patient_id=w.patients[8201], slot_id=slot, now=NOW
    )
    await waitlist.join(
        w.factory, actor=w.actors[8202], patient_id=w.patients[8202],
        doctor_id=w.doctor_ids[0], earliest=NOW.date(), latest=date(2030, 4, 30), now=NOW,
    )  # fmt: skip
    await booking.cancel_appointment(
        w.factory, appointment_id=appt.id, actor=w.actors[8201], now=NOW
    )
    ann = harness.sandbox.user(8202, "Ann")

    async def offered() -> bool:
        return any(OFFER in m.text for m in ann.bot_messages)

    assert await until(offered, 10), "no offer arrived"

    cy = harness.sandbox.user(8203, "Cy")
    listing, card, days = await _calendar(cy)
    assert "Dr. Test 0 — nothing free in the next" in listing
    assert "nothing in the next 60 days" in card
    assert "6●" not in days and not any("●" in d for d in days)
    await cy.send_command("/stop")
    found = await cy.send_text("dermatologist on Wednesday morning")
    assert "I found no free time" in found.text

    harness.clock.now = NOW + timedelta(minutes=16)  # the hold is over, nobody else waits
    listing, card, days = await _calendar(cy)
    assert "Dr. Test 0 — next free: Wed 6 Mar, 09:00" in listing
    assert "6●" in days
