"""The outbox dispatcher on the real database, with a Sender that records what it is given
(the Telegram side is tested end to end in tests/e2e/test_notifications.py)."""

from __future__ import annotations

import asyncio
import time as clock_time
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.engine import unit_of_work
from services import booking, dispatch, notifications
from services.dispatch import DispatchConfig, Dispatcher, Outcome, Outgoing, SendResult
from services.notifications import Kind
from tests.world import NOW, add_patient, add_slot, build_world

WED_14 = datetime(2030, 3, 6, 14, 0, tzinfo=UTC)  # Wednesday 14:00 London (NOW: Monday 08:00)
THU_14 = WED_14 + timedelta(days=1)
FAST = DispatchConfig(rate=200, chat_gap=0.0, idle=0.05)


class Recorder:
    """A Sender that answers what it is told to and remembers every message."""

    def __init__(self, *answers: SendResult, delay: float = 0.0) -> None:
        self.sent: list[Outgoing] = []
        self.answers = list(answers)
        self.delay = delay

    async def send(self, message: Outgoing) -> SendResult:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.sent.append(message)
        return self.answers.pop(0) if self.answers else SendResult(Outcome.sent)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def world(session_factory):
    return await build_world(session_factory, doctors=1)


async def _rows(world, sql: str, **params) -> list:
    async with unit_of_work(world.factory) as session:
        return (await session.execute(text(sql), params)).all()


async def _book(world, tg: int, starts_at: datetime, *, now: datetime = NOW):
    slot = await add_slot(world, starts_at=starts_at)
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg], slot_id=slot, now=now
    )


async def _reminders(world, appointment_id) -> list:
    return await _rows(
        world,
        "SELECT payload->>'before_minutes' AS before, due_at, status, last_error, attempts"
        " FROM notifications WHERE appointment_id = :a AND kind = 'appointment.reminder'"
        " ORDER BY due_at",
        a=appointment_id,
    )


# --- what is written at booking -----------------------------------------------------------------


async def test_reminders_24h_and_2h_before_in_the_clinics_time(world) -> None:
    await add_patient(world, 7001)
    appt = await _book(world, 7001, WED_14)
    rows = await _reminders(world, appt.id)
    assert [(r.before, r.due_at) for r in rows] == [
        ("1440", WED_14 - timedelta(hours=24)),
        ("120", WED_14 - timedelta(hours=2)),
    ]
    assert {r.status for r in rows} == {"pending"}


async def test_quiet_hours_move_the_24h_reminder_earlier_and_drop_the_2h_one(world) -> None:
    await add_patient(world, 7002)
    thu_0730 = datetime(2030, 3, 7, 7, 30, tzinfo=UTC)
    appt = await _book(world, 7002, thu_0730)
    rows = await _reminders(world, appt.id)
    # 24 h before is Wednesday 07:30, in the quiet hours: it goes on Tuesday at 20:30; the
    # 2 h one (Thursday 05:30) is not sent at all.
    assert [(r.before, r.due_at) for r in rows] == [
        ("1440", datetime(2030, 3, 5, 20, 30, tzinfo=UTC))
    ]


async def test_quiet_hours_follow_the_clinic_not_utc(session_factory) -> None:
    w = await build_world(session_factory, doctors=1, timezone="America/New_York")
    await add_patient(w, 7003)
    # Wednesday 21:00 New York = Thursday 02:00 UTC; the 24 h reminder (Tuesday 21:00 local)
    # is quiet there: it moves to Tuesday 20:30 local = 01:30 UTC on Wednesday; the 2 h one
    # (19:00 local) is not.
    appt = await _book(w, 7003, datetime(2030, 3, 7, 2, 0, tzinfo=UTC))
    rows = await _reminders(w, appt.id)
    assert [r.due_at for r in rows] == [
        datetime(2030, 3, 6, 1, 30, tzinfo=UTC),
        datetime(2030, 3, 7, 0, 0, tzinfo=UTC),
    ]


async def test_no_reminder_for_a_visit_booked_inside_its_window(world) -> None:
    await add_patient(world, 7004)
    appt = await _book(world, 7004, NOW + timedelta(hours=10))  # Monday 18:00
    rows = await _reminders(world, appt.id)
    assert [r.before for r in rows] == ["120"]  # no 24 h one: the visit is 10 h away


async def test_reminder_settings_are_per_clinic(world) -> None:
    await add_patient(world, 7005)
    async with unit_of_work(world.factory) as session:
        await session.execute(
            text("UPDATE clinics SET reminder_minutes = '{2880}', quiet_from = '22:00'")
        )
    appt = await _book(world, 7005, WED_14 + timedelta(days=1))
    rows = await _reminders(world, appt.id)
    assert [(r.before, r.due_at) for r in rows] == [("2880", WED_14 - timedelta(days=1))]


def test_quiet_hours_edges() -> None:
    q = (time(21, 0), time(8, 0))
    assert notifications.in_quiet_hours(time(21, 0), *q)
    assert notifications.in_quiet_hours(time(7, 59), *q)
    assert not notifications.in_quiet_hours(time(8, 0), *q)
    assert not notifications.in_quiet_hours(time(20, 59), *q)
    assert notifications.in_quiet_hours(time(13, 0), time(12, 0), time(14, 0))


# --- the database refuses what must never be ----------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        "kind = 'appointment.unknown'",
        "status = 'delivered'",
        "status = 'sent'",  # sent without sent_at
        "claimed_by = 'x'",  # a claim without its lease
    ],
)
async def test_outbox_rows_are_checked_by_the_database(world, values: str) -> None:
    await add_patient(world, 7006)
    await _book(world, 7006, WED_14)
    with pytest.raises(IntegrityError):
        async with unit_of_work(world.factory) as session:
            await session.execute(text(f"UPDATE notifications SET {values}"))


async def test_a_reminder_points_at_its_appointment_and_the_kinds_match_the_schema(world) -> None:
    from db.models import NOTIFICATION_KINDS

    assert {k.value for k in Kind} == set(NOTIFICATION_KINDS)
    await add_patient(world, 7007)
    appt = await _book(world, 7007, WED_14)
    with pytest.raises(IntegrityError):
        async with unit_of_work(world.factory) as session:
            await session.execute(
                text("UPDATE notifications SET appointment_id = gen_random_uuid()")
            )
    assert len(await _reminders(world, appt.id)) == 2


# --- sending ------------------------------------------------------------------------------------


async def test_a_due_reminder_is_sent_once_from_the_current_state(world) -> None:
    await add_patient(world, 7010)
    appt = await _book(world, 7010, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    assert (await d.run_once()).claimed == 1
    assert (await d.run_once()).claimed == 0
    (message,) = sender.sent
    assert message.kind is Kind.reminder and message.chat_id == 7010
    assert message.appointment.id == appt.id and message.appointment.doctor_name == "Dr. Test 0"
    assert message.patient_name == "Pat Patient" and not message.for_someone_else
    assert message.can_change  # 24 h ahead, outside the clinic's 4 h notice
    rows = await _reminders(world, appt.id)
    assert [(r.status, r.attempts) for r in rows] == [("sent", 1), ("pending", 0)]


async def test_a_cancelled_or_moved_visit_gets_no_reminder(world) -> None:
    await add_patient(world, 7011)
    await add_patient(world, 7012)
    cancelled = await _book(world, 7011, WED_14)
    moved = await _book(world, 7012, WED_14 + timedelta(hours=1))
    await booking.cancel_appointment(
        world.factory, appointment_id=cancelled.id, actor=world.actors[7011], now=NOW
    )
    new_slot = await add_slot(world, starts_at=WED_14 + timedelta(days=1))
    await booking.reschedule_appointment(
        world.factory,
        appointment_id=moved.id,
        new_slot_id=new_slot,
        actor=world.actors[7012],
        now=NOW,
    )
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=Clock(WED_14 - timedelta(hours=23)), config=FAST)
    await d.run_once()
    assert sender.sent == []
    assert {r.status for r in await _reminders(world, cancelled.id)} == {"skipped"}
    assert {r.status for r in await _reminders(world, moved.id)} == {"skipped"}


async def test_a_visit_cancelled_after_the_claim_is_still_not_reminded(world) -> None:
    await add_patient(world, 7013)
    appt = await _book(world, 7013, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    (claimed,) = await dispatch.claim(world.factory, worker="w1", now=clock(), config=FAST)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[7013], now=NOW
    )
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST, worker="w1")
    await d._deliver(claimed)
    assert sender.sent == []
    assert (await _reminders(world, appt.id))[0].status == "skipped"


async def test_catch_up_sends_late_reminders_and_drops_those_of_begun_visits(world) -> None:
    await add_patient(world, 7014)
    await add_patient(world, 7015)
    soon = await _book(world, 7014, WED_14)
    begun = await _book(world, 7015, WED_14 - timedelta(hours=3))
    # Down from Tuesday morning until Wednesday 12:30: `soon`'s reminders are both late but
    # its visit is ahead; `begun`'s visit started at 11:00.
    clock = Clock(WED_14 - timedelta(minutes=90))
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    for _ in range(4):
        await d.run_once()
        await asyncio.sleep(dispatch.LEAD.total_seconds() + 0.06)  # the chat's pace
    # One reminder of `soon`: the 2 h one; the late 24 h one is superseded by it.
    assert [m.appointment.id for m in sender.sent] == [soon.id]
    assert [(r.status, r.last_error) for r in await _reminders(world, soon.id)] == [
        ("skipped", "superseded"),
        ("sent", None),
    ]
    assert [(r.status, r.last_error) for r in await _reminders(world, begun.id)] == [
        ("dropped", "visit-begun"),
        ("dropped", "visit-begun"),
    ]


async def test_catch_up_in_the_quiet_hours_waits_for_the_morning(world) -> None:
    await add_patient(world, 7016)
    thu_0730 = datetime(2030, 3, 7, 7, 30, tzinfo=UTC)
    appt = await _book(world, 7016, thu_0730)  # its reminder is due Tuesday 20:30
    clock = Clock(datetime(2030, 3, 5, 23, 0, tzinfo=UTC))  # back up at 23:00
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await d.run_once()
    assert sender.sent == []
    (row,) = await _rows(
        world,
        "SELECT status, not_before, attempts FROM notifications WHERE appointment_id = :a",
        a=appt.id,
    )
    assert row.status == "pending" and row.attempts == 0
    assert row.not_before == datetime(2030, 3, 6, 8, 0, tzinfo=UTC)
    clock.now = row.not_before
    await asyncio.sleep(dispatch.LEAD.total_seconds() + 0.06)  # the chat's pace
    await d.run_once()
    assert len(sender.sent) == 1


async def test_two_dispatchers_never_send_the_same_row(world) -> None:
    starts = []
    for i in range(40):
        await add_patient(world, 7100 + i)
        starts.append(await _book(world, 7100 + i, THU_14 + timedelta(minutes=30 * i)))
    clock = Clock(THU_14 - timedelta(hours=4))  # every 24 h one is due, no 2 h one
    sender = Recorder(delay=0.005)
    config = DispatchConfig(rate=400, chat_gap=0.05, batch=5, idle=0.02)
    a = Dispatcher(world.factory, sender, clock=clock, config=config)
    b = Dispatcher(world.factory, sender, clock=clock, config=config)
    for _ in range(12):
        await asyncio.gather(a.run_once(), b.run_once())
    ids = [i for m in sender.sent for i in m.ids]
    assert len(ids) == len(set(ids)) == 40
    assert a.outcomes.get("sent", 0) > 0 and b.outcomes.get("sent", 0) > 0
    (sent,) = await _rows(world, "SELECT count(*) FROM notifications WHERE status = 'sent'")
    assert sent[0] == 40


async def test_a_dispatcher_that_died_after_claiming_loses_nothing(world) -> None:
    await add_patient(world, 7020)
    appt = await _book(world, 7020, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    # The first dispatcher claims and is never heard of again.
    claimed = await dispatch.claim(world.factory, worker="dead", now=clock(), config=FAST)
    assert len(claimed) == 1
    sender = Recorder()
    alive = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await alive.run_once()
    assert sender.sent == []  # leased to the dead one
    clock.now += FAST.lease + timedelta(seconds=5)
    await asyncio.sleep(float(dispatch.LEAD.total_seconds()))  # its chat's own pace passes too
    await alive.run_once()
    assert len(sender.sent) == 1
    (first, _) = await _reminders(world, appt.id)
    assert first.status == "sent" and first.attempts == 2


async def test_a_429_makes_that_row_and_its_chat_wait(world) -> None:
    await add_patient(world, 7021)
    appt = await _book(world, 7021, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    sender = Recorder(SendResult(Outcome.retry_after, retry_after=7, error="429"))
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await d.run_once()
    (row, _) = await _reminders(world, appt.id)
    assert (row.status, row.last_error, row.attempts) == ("pending", "429", 0)
    (pace,) = await _rows(
        world,
        "SELECT n.not_before, u.outbox_next_at > clock_timestamp() + interval '6 seconds' AS waits"
        " FROM notifications n JOIN users u ON u.id = n.user_id"
        " WHERE n.appointment_id = :a ORDER BY n.due_at LIMIT 1",
        a=appt.id,
    )
    assert pace.not_before == clock.now + timedelta(seconds=7) and pace.waits


async def test_transient_failures_back_off_then_fail(world) -> None:
    await add_patient(world, 7022)
    appt = await _book(world, 7022, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    config = DispatchConfig(rate=200, chat_gap=0.0, idle=0.05, max_attempts=3)
    failing = SendResult(Outcome.transient, error="502")
    sender = Recorder(failing, failing, failing)
    d = Dispatcher(world.factory, sender, clock=clock, config=config)
    waits = []
    for _ in range(3):
        start = clock.now
        await d.run_once()
        (row, _) = await _reminders(world, appt.id)
        if row.status == "pending":
            (nb,) = await _rows(
                world,
                "SELECT not_before FROM notifications WHERE appointment_id = :a"
                " ORDER BY due_at LIMIT 1",
                a=appt.id,
            )
            waits.append(nb[0] - start)
            clock.now = nb[0]
    assert waits == [timedelta(seconds=10), timedelta(seconds=20)]
    (row, _) = await _reminders(world, appt.id)
    assert (row.status, row.last_error, row.attempts) == ("failed", "502", 3)
    assert len(sender.sent) == 3


async def test_an_unknown_outcome_is_not_repeated(world) -> None:
    await add_patient(world, 7023)
    appt = await _book(world, 7023, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    sender = Recorder(SendResult(Outcome.unknown, error="timeout"))
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await d.run_once()
    clock.now += timedelta(hours=1)
    await d.run_once()
    assert len(sender.sent) == 1
    (row, _) = await _reminders(world, appt.id)
    assert (row.status, row.last_error) == ("unknown", "timeout")


async def test_blocked_marks_the_user_unreachable_and_skips_the_rest(world) -> None:
    await add_patient(world, 7024)
    appt = await _book(world, 7024, WED_14)
    clock = Clock(WED_14 - timedelta(hours=24))
    sender = Recorder(SendResult(Outcome.blocked, error="403"))
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await d.run_once()
    rows = await _reminders(world, appt.id)
    assert [(r.status, r.last_error) for r in rows] == [
        ("failed", "403"),
        ("skipped", "unreachable"),
    ]
    (user,) = await _rows(world, "SELECT unreachable_at FROM users WHERE telegram_user_id = 7024")
    assert user.unreachable_at == clock.now
    # A later booking's reminders are skipped at their time, not sent.
    later = await _book(world, 7024, WED_14 + timedelta(days=3))
    clock.now = WED_14 + timedelta(days=2)
    await d.run_once()
    assert len(sender.sent) == 1
    assert next(r.last_error for r in await _reminders(world, later.id)) == "unreachable"


async def test_one_chat_gets_at_most_one_message_a_second(world) -> None:
    await add_patient(world, 7025)
    await _book(world, 7025, THU_14)
    await _book(world, 7025, THU_14 + timedelta(hours=2))
    clock = Clock(THU_14 - timedelta(hours=4))  # both visits' 24 h reminders are due
    sender = Recorder()
    config = DispatchConfig(rate=200, chat_gap=1.0, idle=0.05)
    d = Dispatcher(world.factory, sender, clock=clock, config=config)
    sent_at = []
    deadline = clock_time.monotonic() + 4
    while len(sent_at) < 2 and clock_time.monotonic() < deadline:
        report = await d.run_once()
        if report.outcomes.get("sent"):
            sent_at.append(clock_time.monotonic())
        await asyncio.sleep(0.05)
    assert len(sent_at) == 2 and sent_at[1] - sent_at[0] >= 0.9


async def test_a_sender_that_wakes_late_takes_a_new_moment_and_its_chat_waits_after_it(
    world,
) -> None:
    """A busy machine: the sender wakes half a second after its moment. It does not crowd
    the next moments (it takes a new one), and its chat's next message waits a full second
    after the late send, not after the moment it missed."""
    await add_patient(world, 7030)
    await _book(world, 7030, THU_14)
    clock = Clock(THU_14 - timedelta(hours=4))
    config = DispatchConfig(rate=10, chat_gap=1.0, idle=0.05)
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=clock, config=config)
    (claimed,) = await dispatch.claim(world.factory, worker=d.worker, now=clock(), config=config)
    await asyncio.sleep(0.5)
    await d._deliver_now(claimed)
    assert d.outcomes.get("late") == 1 and len(sender.sent) == 1
    ((ahead,),) = await _rows(
        world,
        "SELECT extract(epoch FROM outbox_next_at - clock_timestamp()) FROM users"
        " WHERE telegram_user_id = 7030",
    )
    assert ahead > 0.8


async def test_the_overall_rate_holds_across_dispatchers(world) -> None:
    for i in range(12):
        await add_patient(world, 7200 + i)
        await _book(world, 7200 + i, THU_14 + timedelta(minutes=30 * i))
    clock = Clock(THU_14 - timedelta(hours=4))
    config = DispatchConfig(rate=10, chat_gap=0.0, batch=3, idle=0.02)
    sender = Recorder()
    ds = [Dispatcher(world.factory, sender, clock=clock, config=config) for _ in range(2)]
    started = clock_time.monotonic()
    for _ in range(4):
        await asyncio.gather(*(d.run_once() for d in ds))
    elapsed = clock_time.monotonic() - started
    assert len(sender.sent) == 12
    assert elapsed >= 1.0  # 12 messages at 10 a second: the 12th no earlier than 1.1 s on


async def test_doctor_notices_of_one_minute_become_one_message(world) -> None:
    await add_patient(world, 7030)
    await add_patient(world, 7031)
    async with unit_of_work(world.factory) as session:
        user = (
            await session.execute(
                text(
                    "INSERT INTO users (telegram_user_id, chat_id, full_name, role)"
                    " VALUES (7039, 7039, 'Dr. Test 0', 'doctor') RETURNING id"
                )
            )
        ).scalar_one()
        await session.execute(text("UPDATE doctors SET user_id = :u"), {"u": user})
    today = NOW + timedelta(hours=6)
    a = await _book(world, 7030, today)
    b = await _book(world, 7031, today + timedelta(days=1), now=NOW + timedelta(seconds=30))
    later = await _book(world, 7031, today + timedelta(days=5), now=NOW + timedelta(seconds=40))
    await booking.cancel_appointment(
        world.factory,
        appointment_id=a.id,
        actor=world.actors[7030],
        now=NOW + timedelta(seconds=45),
    )
    sender = Recorder()
    clock = Clock(NOW + timedelta(seconds=59))
    d = Dispatcher(world.factory, sender, clock=clock, config=FAST)
    await d.run_once()
    assert sender.sent == []  # the first notice waits its minute
    clock.now = NOW + timedelta(seconds=61)
    await d.run_once()
    (message,) = sender.sent
    assert message.chat_id == 7039
    assert [(i.kind, i.appointment.id) for i in message.items] == [
        (Kind.doctor_booked, a.id),
        (Kind.doctor_cancelled, a.id),
        (Kind.doctor_booked, b.id),
    ]
    # Nothing for the visit five days ahead (it is in the agenda).
    assert not await _rows(
        world,
        "SELECT 1 FROM notifications WHERE appointment_id = :a AND kind LIKE 'doctor.%'",
        a=later.id,
    )


async def test_notices_for_a_doctor_without_a_chat_are_skipped(world) -> None:
    await add_patient(world, 7032)
    async with unit_of_work(world.factory) as session:
        user = (
            await session.execute(
                text(
                    "INSERT INTO users (full_name, role) VALUES ('Dr. Test 0', 'doctor')"
                    " RETURNING id"
                )
            )
        ).scalar_one()
        await session.execute(text("UPDATE doctors SET user_id = :u"), {"u": user})
    a = await _book(world, 7032, NOW + timedelta(hours=4))
    sender = Recorder()
    d = Dispatcher(world.factory, sender, clock=Clock(NOW + timedelta(minutes=2)), config=FAST)
    await d.run_once()
    assert sender.sent == []
    (row,) = await _rows(
        world,
        "SELECT status, last_error FROM notifications WHERE appointment_id = :a"
        " AND kind = 'doctor.appointment_booked'",
        a=a.id,
    )
    assert (row.status, row.last_error) == ("skipped", "no-chat")
