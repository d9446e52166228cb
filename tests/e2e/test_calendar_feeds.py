"""/calendar: a subscribable feed of one's visits (or agenda), its reset, and refused tokens."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import aiohttp
import jwt
import pytest
from icalendar import Calendar
from sqlalchemy import text

from db.engine import unit_of_work
from services import booking
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/calendar/([A-Za-z0-9_.\-]+)\.ics)")


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    await add_slot(w, starts_at=WED)
    return w


async def _fetch(url: str) -> tuple[int, bytes, str]:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


def _links(reply) -> list[str]:
    return [m[0] for m in LINK.findall(reply.text)]


async def test_a_patient_subscribes_to_their_visits_and_resets_the_link(harness, world) -> None:
    await add_patient(world, 6001)
    appt = await booking.book_slot(
        world.factory, actor=world.actors[6001], patient_id=world.patients[6001],
        slot_id=world.slots[0], now=NOW, reason="Private <reason>",
    )  # fmt: skip
    pat = harness.sandbox.user(6001, "Pat")
    reply = await pat.send_command("/calendar")
    (url,) = _links(reply)
    assert "keep it to yourself" in reply.text
    assert reply.last.button_texts == ["🔄 Reset my visits link", "🏠 Menu"]
    again = await pat.send_command("/calendar")
    assert _links(again) == [url]  # the same link each time

    status, body, kind = await _fetch(url)
    assert status == 200 and kind.startswith("text/calendar")
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["uid"]) == f"{appt.id}@careslot"
    assert event.decoded("dtstart").astimezone(UTC) == WED
    assert "Dr. Test 0" in str(event["summary"]) and str(event["status"]) == "CONFIRMED"
    assert b"Private" not in body  # never the reason

    reply = await pat.press("🔄 Reset my visits link")
    assert "the old one no longer works" in reply.text
    (new_url,) = _links(reply)
    assert new_url != url
    assert (await _fetch(url))[0] == 404
    assert (await _fetch(new_url))[0] == 200

    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[6001], now=NOW, reason="x"
    )
    (event,) = Calendar.from_ical((await _fetch(new_url))[1]).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"  # subscribed calendars drop it


async def test_forged_expired_and_garbage_tokens_get_404(harness, world) -> None:
    await add_patient(world, 6002)
    reply = await harness.sandbox.user(6002, "Pat").send_command("/calendar")
    (url,) = _links(reply)
    token = LINK.search(url).group(2)
    claims = jwt.decode(token, options={"verify_signature": False})
    base = url.split("/calendar/")[0]
    forged = jwt.encode(claims, "not-the-secret-but-just-as-long-as-one", algorithm="HS256")
    assert (await _fetch(f"{base}/calendar/{forged}.ics"))[0] == 404
    assert (await _fetch(f"{base}/calendar/{'x' * 40}.ics"))[0] == 404
    assert (await _fetch(url))[0] == 200
    harness.clock.now = NOW + timedelta(days=366)  # past the link's expiry
    assert (await _fetch(url))[0] == 404


async def test_a_doctor_gets_an_agenda_without_patient_names(harness, world) -> None:
    await add_patient(world, 6003, name="Zelda Quixote")
    await booking.book_slot(
        world.factory, actor=world.actors[6003], patient_id=world.patients[6003],
        slot_id=world.slots[0], now=NOW,
    )  # fmt: skip
    doctor_user = await add_staff(world, 6004, role="doctor")
    async with unit_of_work(world.factory) as session:
        await session.execute(
            text("UPDATE doctors SET user_id = :u WHERE id = :d"),
            {"u": doctor_user, "d": world.doctor_ids[0]},
        )
    reply = await harness.sandbox.user(6004, "Doc").send_command("/calendar")
    (url,) = _links(reply)
    assert "no patient names" in reply.text
    status, body, _ = await _fetch(url)
    assert status == 200
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == "Patient visit" and b"Zelda" not in body


async def test_someone_unregistered_is_told_there_is_nothing_yet(harness, world) -> None:
    reply = await harness.sandbox.user(6005, "New").send_command("/calendar")
    assert "nothing to put in a calendar yet" in reply.text


async def test_a_forged_reset_for_a_feed_one_does_not_have_expires(harness, world) -> None:
    from handlers.callbacks import FeedKind, ResetFeed

    await add_patient(world, 6006)
    pat = harness.sandbox.user(6006, "Pat")
    shown = await pat.send_command("/calendar")
    reply = await pat.press_data(shown.last.message_id, ResetFeed(FeedKind.DOCTOR).pack())
    assert reply.callback_answer.text == "This button has expired."
    async with unit_of_work(world.factory) as session:
        feeds = (await session.execute(text("SELECT scope, revoked_at FROM calendar_feeds"))).all()
    assert [(scope, revoked) for scope, revoked in feeds] == [("patient", None)]
