"""A doctor's working hours (/hours) and time off (/off) through the sandbox, with the clock
injected: hours changed from a date with booked visits outside them (keep one, cancel and
offer another, the patient rebooks in one tap), a DST week, time off over 20 patients in
one transaction, removing it reopens only its slots, forged presses, unclear input."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, text

from bot.settings import Settings, load_settings
from db.engine import unit_of_work
from db.models import (
    Appointment,
    AppointmentSlot,
    AuditLog,
    DoctorSchedule,
    Notification,
    Patient,
    TimeOff,
    TimeOffSlot,
)
from handlers.schedule_buttons import OffRemove, OutsideVisit, Rebook
from services import booking, freed, slots
from services.policy import Actor
from tests.e2e.conftest import TOKEN
from tests.e2e.processes import until
from tests.e2e.test_doctor_day import link_doctor
from tests.world import NOW, add_patient, build_world

EXPIRED = "This button has expired."
DOCTOR_TG, OTHER_DOCTOR_TG = 7001, 7002
LONDON = ZoneInfo("Europe/London")


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


def local(day: date, hh: int, mm: int = 0, tz: ZoneInfo = LONDON) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=tz).astimezone(UTC)


async def _generate(w, days: int, now: datetime = NOW) -> None:
    async with unit_of_work(w.factory) as session:
        first = now.astimezone(ZoneInfo(w.clinic_tz)).date()
        await slots.generate_slots(
            session, actor=Actor.system(), start=first, end=first + timedelta(days=days), now=now
        )


async def _slot_at(w, starts_at: datetime, doctor: int = 0) -> AppointmentSlot | None:
    async with unit_of_work(w.factory) as session:
        return await session.scalar(
            select(AppointmentSlot).where(
                AppointmentSlot.doctor_id == w.doctor_ids[doctor],
                AppointmentSlot.starts_at == starts_at,
            )
        )


async def _book(w, tg: int, starts_at: datetime, now: datetime = NOW):
    slot = await _slot_at(w, starts_at)
    assert slot is not None, starts_at
    return await booking.book_slot(
        w.factory, actor=w.actors[tg], patient_id=w.patients[tg], slot_id=slot.id, now=now
    )


async def _sql(w, sql: str, **params) -> list:
    async with unit_of_work(w.factory) as session:
        result = await session.execute(text(sql), params)
        return result.all() if result.returns_rows else []


async def _appt(w, appointment_id: uuid.UUID) -> Appointment:
    async with unit_of_work(w.factory) as session:
        return await session.get(Appointment, appointment_id)


@pytest.fixture
async def practice(harness):
    """Monday 4 March 2030, 08:00 in London: two dermatologists working Mon–Fri 09:00–17:00
    with three weeks of slots; five patients."""
    w = await build_world(harness.factory, doctors=2)
    w.doctor_user = await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    await link_doctor(w, 1, OTHER_DOCTOR_TG, "Dr. Test 1")
    await _generate(w, 21)
    for tg, name in ((1, "Ann Lee"), (2, "Bob Roe"), (3, "Cy Ng"), (4, "Dee Fox")):
        await add_patient(w, tg, name=name)
        harness.sandbox.user(tg, name.split()[0])  # their chat exists before messages come
    return w


async def test_hours_change_from_a_date_keep_one_visit_cancel_another_and_the_patient_rebooks(
    harness, practice
) -> None:
    w = practice
    tue_12 = date(2030, 3, 12)
    ann = await _book(w, 1, local(tue_12, 16))
    bob = await _book(w, 2, local(tue_12, 16, 30))
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")

    week = await doc.send_command("/hours")
    assert "Your working hours" in week.text and "Test Clinic" in week.text
    assert "Monday: 09:00–17:00" in week.text and "Saturday: day off" in week.text

    # Unclear hours: said, asked again, nothing changes.
    again = await doc.send_text("Tuesday from nine")
    assert "could not read those hours" in again.text and "Mon 9-13, 14-18" in again.text
    asked = await doc.send_text("Tue 9-12, 13-15")
    assert "Tuesday: 09:00–12:00, 13:00–15:00" in asked.text
    assert "From which date" in asked.text and "Tomorrow, 5 March" in asked.button_texts
    # An unclear or past date: said, asked again.
    bad = await doc.send_text("someday maybe")
    assert "could not read that date" in bad.text and "From which date" in bad.text
    past = await doc.send_text("yesterday")
    assert "has passed" in past.text
    shown = await doc.send_text("12.03")
    assert "New working hours from 12 March" in shown.text
    async with unit_of_work(w.factory) as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(DoctorSchedule)
                .where(DoctorSchedule.effective_from.is_not(None))
            )
            == 0
        )

    saved = await doc.press("✅ Save the new hours", shown.last)
    assert any("new working hours apply from 12 March" in m.text for m in saved.edited)
    outside = doc.last_bot_message
    assert "fall outside your new hours" in outside.text
    assert "Ann Lee" in outside.text and "Bob Roe" in outside.text

    # The week before keeps its hours; from 12 March Tuesday's free times outside are closed.
    tue_5 = date(2030, 3, 5)
    assert (await _slot_at(w, local(tue_5, 16))).is_active
    assert (await _slot_at(w, local(tue_5, 12))).is_active
    assert not (await _slot_at(w, local(tue_12, 12))).is_active
    assert not (await _slot_at(w, local(tue_12, 15, 30))).is_active
    assert not (await _slot_at(w, local(date(2030, 3, 19), 16))).is_active
    assert (await _slot_at(w, local(tue_12, 13))).is_active
    assert (await _slot_at(w, local(date(2030, 3, 13), 16))).is_active  # Wednesday unchanged
    listed = await doc.send_command("/hours")
    assert "Tuesday: 09:00–17:00" in listed.text  # this week
    assert "From 12 March" in listed.text and "09:00–12:00 (break" not in listed.text

    # Another doctor's presses on these visits have expired and change nothing.
    other = harness.sandbox.user(OTHER_DOCTOR_TG, "Olga")
    await other.send_command("/today")
    mid = other.last_bot_message.message_id
    for data in (OutsideVisit(True, ann.id).pack(), OutsideVisit(False, bob.id).pack()):
        assert (await other.press_data(mid, data)).callback_answer.text == EXPIRED
    assert (await _appt(w, bob.id)).status == "scheduled"

    kept = await doc.press_data(outside.message_id, OutsideVisit(True, ann.id).pack())
    assert "Kept" in kept.callback_answer.text
    cancelled = await doc.press_data(outside.message_id, OutsideVisit(False, bob.id).pack())
    assert "offered the nearest free times" in cancelled.callback_answer.text
    assert (await _appt(w, ann.id)).status == "scheduled"
    gone = await _appt(w, bob.id)
    assert (gone.status, gone.cancellation_reason, gone.cancelled_by) == (
        "cancelled",
        "hours_changed",
        w.doctor_user,
    )
    assert not (await _slot_at(w, local(tue_12, 16, 30))).is_active  # outside: closed
    async with unit_of_work(w.factory) as session:
        actions = list(
            await session.scalars(
                select(AuditLog.action).where(AuditLog.resource_id.in_([str(ann.id), str(bob.id)]))
            )
        )
    assert "appointment.keep_outside_hours" in actions
    assert "appointment.cancel_by_doctor" in actions
    # A second press on the cancelled one has expired.
    assert (
        await doc.press_data(outside.message_id, OutsideVisit(False, bob.id).pack())
    ).callback_answer.text == EXPIRED

    # Bob gets one message with the nearest free times and rebooks in one tap.
    patient = harness.sandbox.user(2, "Bob")
    assert await until(lambda: _has_text(patient, "cannot see you"), within=10)
    notice = _notice(patient)
    assert "Dr. Test 0" in notice.text and "12 Mar, 16:30" in notice.text
    labels = notice.button_texts
    offered = [b.callback_data for row in notice.buttons for b in row]
    assert labels[0].startswith("Mon 4 Mar, 09:30") and "Dr. Test 1" in " ".join(labels)
    # Someone else's press on Bob's offer has expired.
    ann_user = harness.sandbox.user(1, "Ann")
    await ann_user.send_command("/my")
    first_offer = notice.buttons[0][0].callback_data
    forged = await ann_user.press_data(ann_user.last_bot_message.message_id, first_offer)
    assert forged.callback_answer.text == EXPIRED
    booked = await patient.press(0, notice)
    assert "Booked: Mon 4 Mar, 09:30" in booked.text
    async with unit_of_work(w.factory) as session:
        active = list(
            await session.scalars(
                select(Appointment).where(
                    Appointment.patient_id == w.patients[2], Appointment.status == "scheduled"
                )
            )
        )
    assert [a.starts_at for a in active] == [local(date(2030, 3, 4), 9, 30)]
    # One rebooking per cancelled visit: another offer returns the booking made.
    again = await patient.press_data(notice.message_id, offered[1])
    assert "already booked another time" in again.text
    # A forged offer of another specialty's / unknown slot has expired.
    forged = await patient.press_data(notice.message_id, Rebook(bob.id, uuid.uuid4()).pack())
    assert forged.callback_answer.text == EXPIRED


async def _has_text(user, needle: str) -> bool:
    return any(needle in m.text for m in user.bot_messages)


def _notice(user):
    """The notice of the cancelled visit (its calendar file may have come after it)."""
    return next(m for m in reversed(user.bot_messages) if "cannot see you" in m.text)


async def test_a_taken_offer_says_so_and_offers_the_nearest_free_ones(harness, practice) -> None:
    w = practice
    tue_12 = date(2030, 3, 12)
    bob = await _book(w, 2, local(tue_12, 16, 30))
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/hours")
    await doc.send_text("Tue 9-12")
    shown = await doc.send_text("12.03")
    await doc.press("✅ Save the new hours", shown.last)
    outside = doc.last_bot_message
    await doc.press_data(outside.message_id, OutsideVisit(False, bob.id).pack())
    patient = harness.sandbox.user(2, "Bob")
    assert await until(lambda: _has_text(patient, "cannot see you"), within=10)
    notice = _notice(patient)
    first = notice.buttons[0][0].callback_data
    await _book(w, 3, local(date(2030, 3, 4), 9, 30))  # Cy takes it first
    taken = await patient.press(0, notice)
    assert "just taken" in taken.text
    assert not any(b.callback_data == first for row in taken.buttons for b in row)
    assert taken.button_texts[0].startswith("Mon 4 Mar, 10:00")


def _freed(monkeypatch) -> list[uuid.UUID]:
    """The places the waitlist hook is told about (services.freed.places_freed)."""
    told: list[uuid.UUID] = []

    async def places_freed(session, *, slot_ids, now):
        told.extend(slot_ids)

    monkeypatch.setattr(freed, "places_freed", places_freed)
    return told


async def test_new_hours_keep_their_wall_clock_times_across_the_dst_change(
    harness, monkeypatch
) -> None:
    """London leaves summer time on Sunday 27 October 2030: 09:00 is 08:00 UTC before it
    and 09:00 UTC after it."""
    now = datetime(2030, 10, 21, 8, 0, tzinfo=UTC)  # Monday
    harness.clock.now = now
    w = await build_world(harness.factory, doctors=1)
    await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    await _generate(w, 14, now)
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    told = _freed(monkeypatch)
    await doc.send_command("/start")
    week = await doc.press("⏰ Working hours", doc.last_bot_message)  # the menu's entry
    assert "Saturday: day off" in week.text
    await doc.send_text("Sat-Sun 9-12; Fri off")
    shown = await doc.press("Tomorrow, 22 October", doc.last_bot_message)
    saved = await doc.press("✅ Save the new hours", shown.last)
    assert "new working hours apply from 22 October" in saved.text
    sat = date(2030, 10, 26)
    async with unit_of_work(w.factory) as session:
        starts = list(
            await session.scalars(
                select(AppointmentSlot.starts_at)
                .where(
                    AppointmentSlot.doctor_id == w.doctor_ids[0],
                    AppointmentSlot.is_active,
                    AppointmentSlot.starts_at >= local(sat, 0),
                    AppointmentSlot.starts_at < local(date(2030, 10, 28), 0),
                )
                .order_by(AppointmentSlot.starts_at)
            )
        )
    assert [s.astimezone(LONDON).strftime("%a %H:%M") for s in starts] == [
        f"{d} {h}"
        for d in ("Sat", "Sun")
        for h in ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")
    ]
    assert starts[0] == datetime(2030, 10, 26, 8, 0, tzinfo=UTC)  # BST
    async with unit_of_work(w.factory) as session:
        ids = list(
            await session.scalars(
                select(AppointmentSlot.id).where(AppointmentSlot.starts_at.in_(starts))
            )
        )
    assert set(ids) <= set(told) and len(told) == len(set(told))  # new slots: the waitlist
    assert starts[6] == datetime(2030, 10, 27, 9, 0, tzinfo=UTC)  # GMT
    # Friday's free times are closed on both sides of the change; Monday's stay.
    fri, next_fri = date(2030, 10, 25), date(2030, 11, 1)
    assert not (await _slot_at(w, local(fri, 9))).is_active
    assert not (await _slot_at(w, local(next_fri, 9))).is_active
    assert (await _slot_at(w, local(date(2030, 10, 28), 9))).is_active
    assert (await _slot_at(w, local(date(2030, 10, 28), 9))).starts_at.hour == 9  # GMT


async def _many_patients(w, count: int) -> list[uuid.UUID]:
    """`count` patients booked back to back from 07:00 on Wednesday 6 March."""
    visits = []
    day = date(2030, 3, 6)
    for i in range(count):
        tg = 100 + i
        await add_patient(w, tg, name=f"Patient {i:02d}")
        w.sandbox.user(tg, "P")
        visits.append((await _book(w, tg, local(day, 7) + timedelta(minutes=30 * i))).id)
    return visits


@pytest.fixture
async def busy_day(harness):
    """Wednesday 6 March, 07:00–19:00: 20 patients booked back to back from 07:00; one of
    them is a family member (booked by her holder, patient 1)."""
    w = await build_world(harness.factory, doctors=2)
    w.doctor_user = await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    await link_doctor(w, 1, OTHER_DOCTOR_TG, "Dr. Test 1")
    async with unit_of_work(w.factory) as session:
        wed = await session.scalar(
            select(DoctorSchedule).where(
                DoctorSchedule.doctor_id == w.doctor_ids[0], DoctorSchedule.weekday == 2
            )
        )
        wed.start_time, wed.end_time = time(7), time(19)
    await _generate(w, 14)
    await add_patient(w, 1, name="Ann Lee")
    harness.sandbox.user(1, "Ann")
    w.sandbox = harness.sandbox
    w.visits = await _many_patients(w, 19)
    async with unit_of_work(w.factory) as session:
        child = Patient(
            holder_id=w.patients[1],
            relation="child",
            full_name="Mia Lee",
            date_of_birth=date(2022, 5, 1),
        )
        session.add(child)
        await session.flush()
        w.patients[99] = child.id
    w.actors[99] = w.actors[1]
    w.visits.append((await _book(w, 99, local(date(2030, 3, 6), 16, 30))).id)
    return w


async def test_time_off_over_twenty_patients_tells_each_once_in_one_transaction(
    harness, busy_day
) -> None:
    w = busy_day
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = await doc.send_command("/off")
    assert "No time off is planned" in listing.text
    unclear = await doc.send_text("whenever suits")
    assert "could not read when" in unclear.text and "Friday afternoon" in unclear.text
    plan = await doc.send_text("Wednesday")
    assert "These 20 visits will be cancelled" in plan.text
    assert "Patient 00" in plan.text and "Mia Lee" in plan.text
    async with unit_of_work(w.factory) as session:
        assert await session.scalar(select(func.count()).select_from(TimeOff)) == 0

    # A failure on the 20th cancellation (a raw-SQL trigger) leaves nothing changed.
    await _sql(
        w,
        """
        CREATE FUNCTION test_fail_20th() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT count(*) FROM appointments WHERE status = 'cancelled') >= 20 THEN
                RAISE EXCEPTION 'the 20th cancellation fails';
            END IF;
            RETURN NEW;
        END $$""",
    )
    await _sql(
        w,
        "CREATE TRIGGER test_fail_20th AFTER UPDATE OF status ON appointments"
        " FOR EACH ROW WHEN (NEW.status = 'cancelled')"
        " EXECUTE FUNCTION test_fail_20th()",
    )
    failed = await doc.press("✅ Take the time off", plan.last)
    assert "something went wrong" in failed.text and "Traceback" not in failed.text
    async with unit_of_work(w.factory) as session:
        assert await session.scalar(select(func.count()).select_from(TimeOff)) == 0
        assert await session.scalar(select(func.count()).select_from(TimeOffSlot)) == 0
        assert (
            await session.scalar(
                select(func.count())
                .select_from(Appointment)
                .where(Appointment.status == "cancelled")
            )
            == 0
        )
        assert (
            await session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.kind == "appointment.cancelled_by_doctor")
            )
            == 0
        )
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AppointmentSlot)
                .where(
                    AppointmentSlot.doctor_id == w.doctor_ids[0],
                    AppointmentSlot.is_active.is_(False),
                )
            )
            == 0
        )
    await _sql(w, "DROP TRIGGER test_fail_20th ON appointments")
    await _sql(w, "DROP FUNCTION test_fail_20th()")

    await doc.send_command("/off")
    plan = await doc.send_text("Wednesday")
    taken = await doc.press("✅ Take the time off", plan.last)
    assert "20 visits were cancelled" in taken.text
    async with unit_of_work(w.factory) as session:
        off = await session.scalar(select(TimeOff))
        cancelled = list(
            await session.scalars(select(Appointment).where(Appointment.id.in_(w.visits)))
        )
        closed = set(await session.scalars(select(TimeOffSlot.slot_id)))
        wed_slots = set(
            await session.scalars(
                select(AppointmentSlot.id).where(
                    AppointmentSlot.doctor_id == w.doctor_ids[0],
                    AppointmentSlot.starts_at >= local(date(2030, 3, 6), 0),
                    AppointmentSlot.starts_at < local(date(2030, 3, 7), 0),
                )
            )
        )
        notes = list(
            await session.scalars(
                select(Notification).where(Notification.kind == "appointment.cancelled_by_doctor")
            )
        )
        audits = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "appointment.cancel_by_doctor")
        )
    assert off is not None and closed == wed_slots and len(closed) == 24
    assert {a.status for a in cancelled} == {"cancelled"}
    assert {a.cancellation_reason for a in cancelled} == {"time_off"}
    assert {a.cancelled_by for a in cancelled} == {w.doctor_user}
    assert audits == 20 and len(notes) == 20
    assert len({n.appointment_id for n in notes}) == 20
    # Mia's visit is told to her holder, naming her; each patient gets exactly one message.
    holder_user = w.actors[1].user_id
    assert sum(1 for n in notes if n.user_id == holder_user) == 1
    assert await until(lambda: _all_told(harness), within=20)
    for i in range(19):
        user = harness.sandbox.user(100 + i, "P")
        told = [m for m in user.bot_messages if "cannot see you" in m.text]
        assert len(told) == 1 and told[0].button_texts, i
    holder = harness.sandbox.user(1, "Ann")
    told = [m for m in holder.bot_messages if "cannot see" in m.text]
    assert len(told) == 1 and "cannot see Mia Lee at Test Clinic" in told[0].text
    # After each notice, the file that takes the visit out of the patient's calendar.
    assert await until(lambda: _all_filed(harness), within=20)
    files = [f for u in _told_users(harness) for f in _cancel_files(harness, u)]
    uids = sorted(f"{a.calendar_uid}@careslot" for a in cancelled)  # the booking file's UIDs
    assert sorted(uid for uid, _ in files) == uids
    assert {status for _, status in files} == {"CANCELLED"}


def _told_users(harness) -> list:
    users = [harness.sandbox.user(100 + i, "P") for i in range(19)]
    users.append(harness.sandbox.user(1, "Ann"))
    return users


def _cancel_files(harness, user) -> list[tuple[str, str]]:
    """(UID, STATUS) of each METHOD:CANCEL calendar file the user received."""
    found = []
    for message in user.bot_messages:
        if message.document is not None and message.document.file_name.endswith(".ics"):
            cal = Calendar.from_ical(harness.sandbox.file_bytes(message.document.file_id))
            if str(cal.get("METHOD")) == "CANCEL":
                (event,) = cal.walk("VEVENT")
                found.append((str(event["UID"]), str(event["STATUS"])))
    return found


async def _all_told(harness) -> bool:
    return all(any("cannot see" in m.text for m in u.bot_messages) for u in _told_users(harness))


async def _all_filed(harness) -> bool:
    return all(_cancel_files(harness, u) for u in _told_users(harness))


async def test_removing_time_off_reopens_only_its_slots_and_forged_removes_expire(
    harness, practice, monkeypatch
) -> None:
    w = practice
    told = _freed(monkeypatch)
    thu = date(2030, 3, 7)
    # A slot closed for another reason before the time off: it stays closed.
    closed_before = await _slot_at(w, local(thu, 10))
    async with unit_of_work(w.factory) as session:
        await slots.deactivate_slot(
            session, actor=Actor.system(), slot_id=closed_before.id, now=NOW
        )
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/off")
    plan = await doc.send_text("Thursday 9-12")
    assert "No booked visits fall in it" in plan.text
    taken = await doc.press("✅ Take the time off", plan.last)
    assert "Time off saved" in taken.text and "No visits were affected" in taken.text
    async with unit_of_work(w.factory) as session:
        off = await session.scalar(select(TimeOff))
        linked = set(await session.scalars(select(TimeOffSlot.slot_id)))
    assert off.starts_at == local(thu, 9) and off.ends_at == local(thu, 12)
    assert len(linked) == 5 and closed_before.id not in linked  # 09:00–12:00 but 10:00

    listing = await doc.send_command("/off")
    assert (
        "Thu 7 Mar, 09:00 – Thu 7 Mar, 12:00" in listing.text and "5 times closed" in listing.text
    )
    # Another doctor's press on this time off has expired and removes nothing.
    other = harness.sandbox.user(OTHER_DOCTOR_TG, "Olga")
    await other.send_command("/off")
    forged = await other.press_data(other.last_bot_message.message_id, OffRemove(off.id).pack())
    assert forged.callback_answer.text == EXPIRED
    patient = harness.sandbox.user(1, "Ann")
    await patient.send_command("/my")
    forged = await patient.press_data(patient.last_bot_message.message_id, OffRemove(off.id).pack())
    assert forged.callback_answer.text == EXPIRED
    async with unit_of_work(w.factory) as session:
        assert await session.get(TimeOff, off.id) is not None

    assert told == []
    removed = await doc.press(0, listing.last)
    assert set(told) == linked  # the reopened places go to the waitlist hook
    assert "Time off removed. 5 times are open again." in removed.text
    assert "No time off is planned" in removed.text
    async with unit_of_work(w.factory) as session:
        for slot_id in linked:
            assert (await session.get(AppointmentSlot, slot_id)).is_active
        assert not (await session.get(AppointmentSlot, closed_before.id)).is_active
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.action == "time_off.remove")
            )
            == 1
        )
    again = await doc.press_data(listing.last.message_id, OffRemove(off.id).pack())
    assert again.callback_answer.text == EXPIRED


async def test_friday_afternoon_and_a_date_range_are_read_on_the_clinics_clock(
    harness, practice
) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/off")
    plan = await doc.send_text("Friday afternoon")
    assert "Time off Fri 8 Mar, 12:00 – Fri 8 Mar, 23:59" in plan.text
    cancel = await doc.press("✖️ Cancel", plan.last)
    assert "Nothing changed" in cancel.text
    await doc.send_command("/off")
    plan = await doc.send_text("24.12–02.01")
    assert "Time off Tue 24 Dec, 00:00 – Thu 2 Jan 2031, 23:59" in plan.text
