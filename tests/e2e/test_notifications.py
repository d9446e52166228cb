"""End to end: the outbox's dispatcher inside the running bot, sending through the sandbox
at the injected clock's times; reminders' buttons; /notifications; failures."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from handlers.callbacks import ConfirmVisit
from services import booking
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.world import add_patient, add_slot, build_world

WED_14 = datetime(2030, 3, 6, 14, 0, tzinfo=UTC)  # Wednesday 14:00 London (NOW: Monday 08:00)
DUE_24H = WED_14 - timedelta(hours=24)
THU_14 = WED_14 + timedelta(days=1)


@pytest.fixture
def settings(sandbox) -> Settings:
    """The e2e settings, with a dispatcher that looks for due rows every 0.1 s."""
    return load_settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        CARESLOT_TIMEZONE="Europe/London",
        CARESLOT_OUTBOX_POLL_SECONDS="0.1",
    )


@pytest.fixture
async def world(harness):
    return await build_world(harness.factory, doctors=1)


async def _book(world, tg: int, starts_at: datetime, now: datetime):
    slot = await add_slot(world, starts_at=starts_at)
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg], slot_id=slot, now=now
    )


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return (await session.execute(text(sql), params)).all()


async def _has_bot_message(user) -> bool:
    return bool(user.bot_messages)


async def _quiet_for(seconds: float) -> None:
    await asyncio.sleep(seconds)


def _reminders(user) -> list:
    """The reminders sent to the user (the messages themselves may have been edited since)."""
    calls = user._sandbox.calls_to("sendMessage")
    return [c for c in calls if str(c.get("chat_id")) == str(user.id) and "Reminder" in c["text"]]


def _shown(user) -> list:
    return [m for m in user.bot_messages if "Reminder" in m.text]


async def test_a_reminder_arrives_once_at_its_time_with_working_buttons(harness, world) -> None:
    await add_patient(world, 8001)
    pat = harness.sandbox.user(8001, "Pat")
    appt = await _book(world, 8001, WED_14, harness.clock.now)
    harness.clock.now = DUE_24H - timedelta(minutes=1)
    await _quiet_for(0.5)
    assert pat.bot_messages == []  # not before its time
    harness.clock.now = DUE_24H
    reminder = (await pat.wait_reply()).last
    assert "Reminder" in reminder.text and "Wed 6 Mar, 14:00" in reminder.text
    assert "Dr. Test 0" in reminder.text and "London time" in reminder.text
    assert reminder.button_texts == ["✅ I will come", "🔁 Reschedule", "✖️ Cancel"]
    await _quiet_for(0.6)
    assert len(_reminders(pat)) == 1  # once
    (row,) = await _sql(
        harness,
        "SELECT status, attempts FROM notifications WHERE appointment_id = :a"
        " AND payload->>'before_minutes' = '1440'",
        a=appt.id,
    )
    assert tuple(row) == ("sent", 1)

    answer = await pat.press("✅ I will come", reminder)
    assert "is confirmed" in answer.last.text
    assert answer.last.button_texts == ["🔁 Reschedule", "✖️ Cancel"]
    (status,) = await _sql(harness, "SELECT status FROM appointments WHERE id = :a", a=appt.id)
    assert status[0] == "confirmed"
    # Cancel asks for a reason, with the clinic's cancellation rules, and cancels.
    asked = await pat.press("✖️ Cancel")
    assert "Keep it" in " ".join(asked.last.button_texts)
    await pat.press(asked.last.button_texts[0])
    (status,) = await _sql(harness, "SELECT status FROM appointments WHERE id = :a", a=appt.id)
    assert status[0] == "cancelled"
    # The 2 h reminder of the cancelled visit never comes.
    harness.clock.now = WED_14 - timedelta(hours=2)
    await _quiet_for(0.6)
    assert len(_reminders(pat)) == 1


async def test_reschedule_from_a_reminder_opens_the_same_doctors_days(harness, world) -> None:
    await add_patient(world, 8012)
    pat = harness.sandbox.user(8012, "Pat")
    await _book(world, 8012, WED_14, harness.clock.now)
    await add_slot(world, starts_at=WED_14 + timedelta(days=1))
    harness.clock.now = DUE_24H
    reminder = (await pat.wait_reply()).last
    calendar = await pat.press("🔁 Reschedule", reminder)
    assert "Dr. Test 0 — choose a day" in calendar.last.text
    times = await pat.press("7●")
    assert "14:00" in times.last.button_texts


async def test_inside_the_cancellation_notice_the_reminder_says_whom_to_call(
    harness, world
) -> None:
    await add_patient(world, 8013)
    pat = harness.sandbox.user(8013, "Pat")
    await _book(world, 8013, WED_14, harness.clock.now)
    harness.clock.now = WED_14 - timedelta(hours=2)  # the 2 h one; the clinic needs 4 h
    reminder = (await pat.wait_reply()).last
    assert "please call the clinic: +442079460958" in reminder.text
    assert reminder.button_texts == ["✅ I will come"]


async def test_a_forged_or_stale_confirm_has_expired_and_changes_nothing(harness, world) -> None:
    await add_patient(world, 8002)
    await add_patient(world, 8003)
    pat = harness.sandbox.user(8002, "Pat")
    theirs = await _book(world, 8003, WED_14, harness.clock.now)
    await pat.send_command("/start")
    message_id = pat.last_bot_message.message_id
    reply = await pat.press_data(message_id, ConfirmVisit(theirs.id).pack())
    assert reply.callback_answer.text == "This button has expired."
    (status,) = await _sql(harness, "SELECT status FROM appointments WHERE id = :a", a=theirs.id)
    assert status[0] == "scheduled"


async def test_quiet_hours_and_catch_up_after_downtime(harness, world) -> None:
    await add_patient(world, 8004)
    pat = harness.sandbox.user(8004, "Pat")
    await _book(world, 8004, datetime(2030, 3, 7, 7, 30, tzinfo=UTC), harness.clock.now)
    # Its 24 h reminder moved to Tuesday 20:30; the bot was down then and is back at 23:00:
    # nothing in the night, the reminder at 08:00 (still before the visit).
    harness.clock.now = datetime(2030, 3, 5, 23, 0, tzinfo=UTC)
    await _quiet_for(0.6)
    assert pat.bot_messages == []
    harness.clock.now = datetime(2030, 3, 6, 8, 0, tzinfo=UTC)
    reminder = (await pat.wait_reply()).last
    assert "Thu 7 Mar, 07:30" in reminder.text


async def test_a_429_for_one_chat_delays_only_that_chat(harness, world) -> None:
    await add_patient(world, 8005)
    await add_patient(world, 8006)
    ann, bo = harness.sandbox.user(8005, "Ann"), harness.sandbox.user(8006, "Bo")
    await _book(world, 8005, WED_14, harness.clock.now)
    await _book(world, 8006, WED_14 + timedelta(minutes=30), harness.clock.now)
    harness.sandbox.inject_fault(method="sendMessage", kind="429", retry_after=3, chat_id=8005)
    # Both reminders are due: Ann's meets the 429 for her chat; Bo's goes meanwhile.
    harness.clock.now = DUE_24H + timedelta(minutes=30)
    await bo.wait_reply()
    assert len(_shown(bo)) == 1 and ann.bot_messages == []
    (row,) = await _sql(
        harness,
        "SELECT n.status, n.last_error FROM notifications n JOIN users u ON u.id = n.user_id"
        " WHERE u.telegram_user_id = 8005 AND n.payload->>'before_minutes' = '1440'",
    )
    assert tuple(row) == ("pending", "429")
    harness.clock.now += timedelta(seconds=3)
    await ann.wait_reply()
    assert len(_shown(ann)) == 1 and len(_shown(bo)) == 1


async def test_a_user_who_blocked_the_bot_is_marked_unreachable(harness, world) -> None:
    await add_patient(world, 8007)
    pat = harness.sandbox.user(8007, "Pat")
    appt = await _book(world, 8007, WED_14, harness.clock.now)
    pat.block_bot()
    harness.clock.now = DUE_24H
    for _ in range(40):
        await asyncio.sleep(0.1)
        (user,) = await _sql(
            harness, "SELECT unreachable_at FROM users WHERE telegram_user_id = 8007"
        )
        if user[0] is not None:
            break
    assert user[0] == DUE_24H
    rows = await _sql(
        harness,
        "SELECT status, last_error FROM notifications WHERE appointment_id = :a ORDER BY due_at",
        a=appt.id,
    )
    assert [tuple(r) for r in rows] == [("failed", "403"), ("skipped", "unreachable")]
    # Back a while later: writing to the bot makes them reachable again.
    pat.unblock_bot()
    harness.clock.now += timedelta(hours=1)
    await pat.send_command("/start")
    (user,) = await _sql(harness, "SELECT unreachable_at FROM users WHERE telegram_user_id = 8007")
    assert user[0] is None


async def test_notifications_list_open_and_mark_all_read(harness, world) -> None:
    await add_patient(world, 8008)
    pat = harness.sandbox.user(8008, "Pat")
    for day in range(7):
        await _book(world, 8008, WED_14 + timedelta(days=day), harness.clock.now)
    empty = await pat.send_command("/notifications")
    assert "no notifications yet" in empty.text
    # Seven 24 h reminders sent, one a day.
    for day in range(7):
        harness.clock.now = DUE_24H + timedelta(days=day)
        await pat.wait_reply()
    listing = await pat.send_command("/notifications")
    assert "7 messages, 7 unread" in listing.last.text
    labels = listing.last.button_texts
    assert labels[0].startswith("🔵 ⏰ Reminder · Tue 12 Mar, 14:00")  # newest first
    assert "Next ›" in labels and "✔️ Mark all read" in labels
    opened = await pat.press(labels[0])
    assert "Dr. Test 0" in opened.last.text and "🔵" not in opened.last.text
    back = await pat.press("⬅️ Notifications")
    assert "6 unread" in back.last.text and not back.last.button_texts[0].startswith("🔵")
    page2 = await pat.press("Next ›")
    assert len([b for b in page2.last.button_texts if "Reminder" in b]) == 2
    done = await pat.press("✔️ Mark all read")
    assert "0 unread" in done.last.text
    assert not any(b.startswith("🔵") for b in done.last.button_texts)
    (unread,) = await _sql(
        harness,
        "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id"
        " WHERE u.telegram_user_id = 8008 AND n.status = 'sent' AND n.read_at IS NULL",
    )
    assert unread[0] == 0


async def test_notifications_is_in_the_patients_menu_and_help(harness) -> None:
    commands = [c for c, _ in harness.sandbox.commands(language_code="en")]
    assert "notifications" in commands
    ann = harness.sandbox.user(8009, "Ann")
    reply = await ann.send_command("/help")
    assert "/notifications" in reply.text


async def test_a_doctor_gets_one_message_for_the_changes_of_a_minute(harness, world) -> None:
    await add_patient(world, 8010)
    await add_patient(world, 8011)
    doc = harness.sandbox.user(8019, "Doc")
    async with unit_of_work(harness.factory) as session:
        user = (
            await session.execute(
                text(
                    "INSERT INTO users (telegram_user_id, chat_id, full_name, role)"
                    " VALUES (8019, 8019, 'Dr. Test 0', 'doctor') RETURNING id"
                )
            )
        ).scalar_one()
        await session.execute(text("UPDATE doctors SET user_id = :u"), {"u": user})
    now = harness.clock.now
    await _book(world, 8010, now + timedelta(hours=6), now)
    await _book(world, 8011, now + timedelta(hours=7), now + timedelta(seconds=20))
    harness.clock.now = now + timedelta(seconds=61)
    digest = (await doc.wait_reply()).last
    assert "Changes to your list" in digest.text
    assert "Mon 4 Mar, 14:00 · Pat Patient (booked)" in digest.text
    assert "Mon 4 Mar, 15:00 · Pat Patient (booked)" in digest.text
    await _quiet_for(0.5)
    assert len(doc.bot_messages) == 1


async def _second_dispatcher(harness, stop: asyncio.Event):
    """Another process's dispatcher (as `careslot dispatch` runs it), with its own bot."""
    from bot.carebot import CareBot
    from bot.http import AiohttpRequest
    from bot.outbox import run_alone
    from bot.ratelimit import RetryingRateLimiter

    bot = CareBot(
        TOKEN,
        base_url=harness.sandbox.base_url,
        request=AiohttpRequest(connection_pool_size=8),
        rate_limiter=RetryingRateLimiter(overall_max_rate=0),
    )
    async with bot:
        return await run_alone(
            harness.settings, factory=harness.factory, bot=bot, clock=harness.clock, stop=stop
        )


async def test_two_dispatchers_side_by_side_never_send_the_same_reminder(harness, world) -> None:
    users = []
    for i in range(30):
        await add_patient(world, 8100 + i)
        users.append(harness.sandbox.user(8100 + i, f"P{i}"))
        await _book(world, 8100 + i, THU_14 + timedelta(minutes=30 * i), harness.clock.now)
    stop = asyncio.Event()
    other = asyncio.create_task(_second_dispatcher(harness, stop))
    await asyncio.sleep(0.3)
    harness.clock.now = THU_14 - timedelta(hours=4)  # every 24 h one is due, no 2 h one
    for _ in range(100):
        (sent,) = await _sql(harness, "SELECT count(*) FROM notifications WHERE status = 'sent'")
        if sent[0] == 30:
            break
        await asyncio.sleep(0.1)
    stop.set()
    second = await other
    await _quiet_for(0.3)
    assert [len(_shown(u)) for u in users] == [1] * 30
    assert second.outcomes.get("sent", 0) > 0  # both did part of the work
    assert harness.app.bot_data.dispatcher.outcomes.get("sent", 0) > 0


async def test_a_dispatcher_killed_after_claiming_loses_nothing(harness, world) -> None:
    from services import dispatch

    await add_patient(world, 8020)
    pat = harness.sandbox.user(8020, "Pat")
    await _book(world, 8020, WED_14, harness.clock.now)
    # Another process claims the reminder at its time and dies before sending it: the row
    # is leased to it, so the bot's dispatcher leaves it alone until the lease is over.
    config = dispatch.DispatchConfig(lease=timedelta(seconds=60))
    (claimed,) = await dispatch.claim(harness.factory, worker="killed", now=DUE_24H, config=config)
    harness.clock.now = DUE_24H + timedelta(seconds=30)
    await _quiet_for(0.6)
    assert pat.bot_messages == []
    harness.clock.now = DUE_24H + timedelta(seconds=62)
    reminder = (await pat.wait_reply()).last
    assert "Reminder" in reminder.text
    (row,) = await _sql(
        harness, "SELECT status, attempts FROM notifications WHERE id = :i", i=claimed.ids[0]
    )
    assert tuple(row) == ("sent", 2)


async def test_a_5xx_is_retried_after_a_backoff(harness, world) -> None:
    await add_patient(world, 8030)
    pat = harness.sandbox.user(8030, "Pat")
    appt = await _book(world, 8030, WED_14, harness.clock.now)
    harness.sandbox.inject_fault(method="sendMessage", kind="5xx", status=502)
    harness.clock.now = DUE_24H
    for _ in range(40):
        await asyncio.sleep(0.1)
        (row,) = await _sql(
            harness,
            "SELECT status, last_error, not_before FROM notifications WHERE appointment_id = :a"
            " ORDER BY due_at LIMIT 1",
            a=appt.id,
        )
        if row.last_error:
            break
    assert (row.status, row.last_error) == ("pending", "502")
    assert row.not_before == DUE_24H + timedelta(seconds=10)
    assert pat.bot_messages == []
    harness.clock.now = row.not_before
    await pat.wait_reply()
    assert len(_shown(pat)) == 1


async def test_a_timeout_after_the_request_went_out_is_not_sent_again(harness, world) -> None:
    await add_patient(world, 8031)
    harness.sandbox.user(8031, "Pat")
    appt = await _book(world, 8031, WED_14, harness.clock.now)
    # Telegram answers after the bot's 5 s read timeout: the bot cannot know whether the
    # reminder was shown, and does not send it again.
    harness.sandbox.inject_fault(method="sendMessage", kind="slow", delay=6)
    harness.clock.now = DUE_24H
    for _ in range(100):
        await asyncio.sleep(0.1)
        (row,) = await _sql(
            harness,
            "SELECT status, last_error FROM notifications WHERE appointment_id = :a"
            " ORDER BY due_at LIMIT 1",
            a=appt.id,
        )
        if row.status != "pending":
            break
    assert tuple(row) == ("unknown", "timeout")
    harness.clock.now += timedelta(hours=1)
    await _quiet_for(1.5)
    reminders = [c for c in harness.sandbox.calls_to("sendMessage") if c["chat_id"] == 8031]
    assert len(reminders) == 1


async def _doctor_actor(harness, world, tg: int):
    from services.policy import Actor, Role
    from tests.world import add_staff

    user_id = await add_staff(world, tg, role="doctor")
    async with unit_of_work(harness.factory) as session:
        await session.execute(text("UPDATE doctors SET user_id = :u WHERE id = :d"),
                              {"u": user_id, "d": world.doctor_ids[0]})  # fmt: skip
    return Actor(user_id=user_id, role=Role.doctor, doctor_id=world.doctor_ids[0],
                 doctor_clinic_id=world.clinic_id, telegram_user_id=tg)  # fmt: skip


async def test_a_no_show_reaches_the_patient_after_the_undo_window_and_an_undone_one_never(
    harness, world
) -> None:
    from services.doctor_day import VisitChange, mark_visit, undo_visit

    await add_patient(world, 8101)
    await add_patient(world, 8103)
    missed = await _book(world, 8101, WED_14, harness.clock.now)
    undone = await _book(world, 8103, THU_14, harness.clock.now)
    doctor = await _doctor_actor(harness, world, 8102)
    pat, other = harness.sandbox.user(8101, "Pat"), harness.sandbox.user(8103, "Oli")
    harness.clock.now = WED_14 + timedelta(minutes=10)
    await mark_visit(world.factory, actor=doctor, appointment_id=missed.id,
                     change=VisitChange.no_show, now=harness.clock.now)  # fmt: skip
    harness.clock.now = THU_14 + timedelta(minutes=10)
    await mark_visit(world.factory, actor=doctor, appointment_id=undone.id,
                     change=VisitChange.no_show, now=harness.clock.now)  # fmt: skip
    await undo_visit(world.factory, actor=doctor, appointment_id=undone.id,
                     now=harness.clock.now + timedelta(minutes=1))  # fmt: skip
    harness.clock.now += timedelta(minutes=6)  # past both undo windows
    # The first no-show's window ended when the clock moved to Thursday, so its
    # notice may already be in the chat: wait for it to be there, not for a new one.
    assert await until(lambda: _has_bot_message(pat), within=10)
    notice = pat.last_bot_message
    assert "We missed you" in notice.text and "Dr. Test 0" in notice.text
    assert notice.button_texts == ["📅 Book a new time"]
    await _quiet_for(0.5)
    assert other.bot_messages == []  # the undone no-show is not sent
    rows = await _sql(harness, "SELECT status FROM notifications WHERE kind = "
                      "'appointment.no_show' ORDER BY status")  # fmt: skip
    assert [r.status for r in rows] == ["sent"]  # the undone one's row was taken back
