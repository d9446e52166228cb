"""The doctor's day through the sandbox: /today with visits before, during and after "now",
marking them arrived, done and no-show with Undo, forged presses on another doctor's visit,
the visit card and its audit row."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import (
    Appointment,
    AppointmentSlot,
    AuditLog,
    Clinic,
    Doctor,
    DoctorSchedule,
    Notification,
    Patient,
    TimeOff,
    User,
)
from handlers.visit_callbacks import DoctorVisit, VisitAction
from tests.world import NOW, add_patient, add_staff, build_world

EXPIRED = "This button has expired."
DOCTOR_TG, OTHER_DOCTOR_TG = 7001, 7002


async def link_doctor(w, index: int, telegram_id: int, name: str) -> uuid.UUID:
    """A doctor account for doctor `index`, working Monday to Friday 09:00–17:00."""
    async with unit_of_work(w.factory) as session:
        user = User(telegram_user_id=telegram_id, chat_id=telegram_id, full_name=name,
                    role="doctor")  # fmt: skip
        session.add(user)
        await session.flush()
        doctor = await session.get(Doctor, w.doctor_ids[index])
        doctor.user_id = user.id
        for weekday in range(5):
            session.add(DoctorSchedule(doctor_id=doctor.id, weekday=weekday,
                                       start_time=time(9), end_time=time(17)))  # fmt: skip
        return user.id


async def add_visit(
    w, patient_tg: int, starts_at: datetime, *, doctor: int = 0, reason: str | None = None,
    status: str = "scheduled", clinic_id: uuid.UUID | None = None,
) -> uuid.UUID:  # fmt: skip
    async with unit_of_work(w.factory) as session:
        clinic = clinic_id or w.clinic_id
        slot = AppointmentSlot(
            doctor_id=w.doctor_ids[doctor], clinic_id=clinic, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
        )  # fmt: skip
        session.add(slot)
        await session.flush()
        appt = Appointment(
            patient_id=w.patients[patient_tg], doctor_id=w.doctor_ids[doctor], clinic_id=clinic,
            slot_id=slot.id, starts_at=starts_at, ends_at=slot.ends_at, reason=reason,
        )  # fmt: skip
        session.add(appt)
        await session.flush()
        if status != "scheduled":
            appt.status = status
            appt.status_changed_at = slot.ends_at
            if status == "cancelled":
                appt.cancelled_at = starts_at - timedelta(days=1)
        return appt.id


async def set_patient(w, tg: int, **fields) -> None:
    async with unit_of_work(w.factory) as session:
        patient = await session.get(Patient, w.patients[tg])
        for name, value in fields.items():
            setattr(patient, name, value)


@pytest.fixture
async def day(harness):
    """Monday 4 March 2030, 08:00 in London: Ann's 07:30 visit began, Bob's is at 08:00,
    Cy's at 09:30; Bob came once before. Dr. Test 1 has Dee at 08:00."""
    return await build_day(harness)


async def build_day(harness):
    """The world of the `day` fixture (other modules build it too)."""
    w = await build_world(harness.factory, doctors=2)
    await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    await link_doctor(w, 1, OTHER_DOCTOR_TG, "Dr. Test 1")
    for tg, name in ((1, "Ann Lee"), (2, "Bob Roe"), (3, "Cy <Ng>"), (4, "Dee Fox")):
        await add_patient(w, tg, name=name)
    await set_patient(w, 1, date_of_birth=date(1985, 3, 12), allergies="Penicillin")
    await add_visit(w, 2, NOW - timedelta(days=7), status="completed")
    w.ann = await add_visit(w, 1, NOW - timedelta(minutes=30), reason="Itchy rash")
    w.bob = await add_visit(w, 2, NOW, reason="Follow-up")
    w.cy = await add_visit(w, 3, NOW + timedelta(minutes=90))
    w.dee = await add_visit(w, 4, NOW, doctor=1)
    return w


def _press(action: VisitAction, visit: uuid.UUID, *, card: bool = False) -> str:
    return DoctorVisit(action, visit, card, False).pack()


async def _status(w, appointment_id: uuid.UUID) -> str:
    async with unit_of_work(w.factory) as session:
        return (await session.get(Appointment, appointment_id)).status


async def _audit(w, action: str) -> list[AuditLog]:
    async with unit_of_work(w.factory) as session:
        return list(
            (await session.scalars(select(AuditLog).where(AuditLog.action == action))).all()
        )


async def test_today_lists_the_day_with_age_reason_first_or_returning_allergies_and_status(
    harness, day
) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    reply = await doc.send_command("/today")
    text = reply.text
    assert "Today, Monday 4 March" in text and "Test Clinic (London time)" in text
    assert "07:30 · Ann Lee, 44 years · Itchy rash · first visit · ⚠️ allergies — ⚪ booked" in text
    assert "08:00 · Bob Roe · Follow-up · returning — ⚪ booked" in text
    assert "09:30 · Cy &lt;Ng&gt; · first visit — ⚪ booked" in text or (
        "09:30 · Cy <Ng> · first visit — ⚪ booked" in text
    )
    assert "Dee Fox" not in text  # another doctor's patient
    assert "3 visits still to see" in text
    labels = reply.button_texts
    assert "07:30 Ann Lee" in labels and "🔄 Refresh" in labels
    assert labels.count("🟡 Arrived") == 3 and labels.count("❌ No-show") == 2  # Cy's not begun
    # The menu's Today shows the same list.
    await doc.send_command("/start")
    shown = await doc.press("📋 Today")
    assert "07:30 · Ann Lee" in shown.text


async def test_arrived_done_no_show_and_undo_edit_the_one_message_and_are_audited(
    harness, day
) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = (await doc.send_command("/today")).last
    reply = await doc.press_data(listing.message_id, _press(VisitAction.ARRIVED, day.bob))
    assert reply.new_messages == () and reply.last.message_id == listing.message_id
    assert "08:00 · Bob Roe · Follow-up · returning — 🟡 checked in" in reply.text
    assert await _status(day, day.bob) == "arrived"
    # A second tap (or a stale copy of the button) changes nothing and is no error.
    again = await doc.press_data(listing.message_id, _press(VisitAction.ARRIVED, day.bob))
    assert again.callback_answer.text is None  # no alert; the list is already right
    assert await _status(day, day.bob) == "arrived"  # and one audit row (counted below)
    assert "↩️ Undo" in reply.button_texts
    # Done is refused by the clock for Cy (09:30), and by PostgreSQL too (raw check below).
    refused = await doc.press_data(listing.message_id, _press(VisitAction.DONE, day.cy))
    assert "cannot be marked yet" in refused.callback_answer.text
    assert await _status(day, day.cy) == "scheduled"
    # Ann did not come: the patient is told through the outbox, after the undo window.
    harness.clock.now = NOW + timedelta(minutes=10)
    await doc.press_data(listing.message_id, _press(VisitAction.NO_SHOW, day.ann))
    assert await _status(day, day.ann) == "no_show"
    async with unit_of_work(day.factory) as session:
        note = await session.scalar(select(Notification).where(
            Notification.kind == "appointment.no_show"))  # fmt: skip
        ann_user = await session.scalar(
            select(Patient.user_id).where(Patient.id == day.patients[1])
        )
    assert note.user_id == ann_user and note.payload == {"appointment_id": str(day.ann)}
    assert note.due_at == NOW + timedelta(minutes=15)
    # Undo within five minutes puts it back and withdraws the message.
    harness.clock.now = NOW + timedelta(minutes=13)
    undone = await doc.press_data(listing.message_id, _press(VisitAction.UNDO, day.ann))
    assert "07:30 · Ann Lee" in undone.text and await _status(day, day.ann) == "scheduled"
    async with unit_of_work(day.factory) as session:
        assert await session.scalar(select(func.count()).select_from(Notification).where(
            Notification.kind == "appointment.no_show")) == 0  # fmt: skip
    # Bob's arrival is past its undo window now.
    late = await doc.press_data(listing.message_id, _press(VisitAction.UNDO, day.bob))
    assert "too late to undo" in late.callback_answer.text
    assert await _status(day, day.bob) == "arrived"
    done = await doc.press_data(listing.message_id, _press(VisitAction.DONE, day.bob))
    assert "Bob Roe · Follow-up · returning — ✅ completed" in done.text
    doctor_user = (await day.user(DOCTOR_TG)).id
    for action, count in (("appointment.arrived", 1), ("appointment.no_show", 1),
                          ("appointment.undo", 1), ("appointment.completed", 1)):  # fmt: skip
        rows = await _audit(day, action)
        assert len(rows) == count, action
        assert all(r.actor_user_id == doctor_user for r in rows)
    arrived = (await _audit(day, "appointment.arrived"))[0]
    assert arrived.at == NOW and arrived.details == {"from": "scheduled", "to": "arrived"}


async def test_the_day_is_all_done_when_every_visit_is_closed(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    harness.clock.now = NOW + timedelta(hours=3)
    listing = (await doc.send_command("/today")).last
    for visit in (day.ann, day.bob, day.cy):
        reply = await doc.press_data(listing.message_id, _press(VisitAction.DONE, visit,
                                                                card=True))  # fmt: skip
    assert await _status(day, day.cy) == "completed"
    reply = await doc.send_command("/today")
    assert "All done" in reply.text and "still to see" not in reply.text


async def test_an_empty_day_a_day_off_and_time_off_have_their_own_words(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    harness.clock.now = NOW + timedelta(days=1)  # Tuesday: hours, no visits
    assert "No visits are booked for this day." in (await doc.send_command("/today")).text
    harness.clock.now = NOW + timedelta(days=5)  # Saturday: no hours
    assert "It's your day off" in (await doc.send_command("/today")).text
    async with unit_of_work(day.factory) as session:
        session.add(TimeOff(doctor_id=day.doctor_ids[0], starts_at=NOW + timedelta(days=2),
                            ends_at=NOW + timedelta(days=3)))  # fmt: skip
    harness.clock.now = NOW + timedelta(days=2, hours=1)  # Wednesday, on leave
    assert "It's your day off" in (await doc.send_command("/today")).text


async def test_a_doctor_at_two_clinics_sees_each_clinics_part_in_its_own_time(
    harness, day
) -> None:
    async with unit_of_work(day.factory) as session:
        boston = Clinic(name="Harbor", address="2 Bay St", city="Boston",
                        timezone="America/New_York")  # fmt: skip
        session.add(boston)
        await session.flush()
        boston_id = boston.id
    # 14:00 UTC is 09:00 in Boston, still Monday there.
    await add_visit(day, 4, NOW + timedelta(hours=6), clinic_id=boston_id)
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    text = (await doc.send_command("/today")).text
    assert "Test Clinic (London time)" in text and "Harbor (" in text
    assert text.index("Test Clinic") < text.index("07:30 · Ann") < text.index("Harbor")
    assert "09:00 · Dee Fox" in text
    assert "4 visits still to see" in text


async def test_presses_on_another_doctors_visit_expire_and_change_nothing(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = (await doc.send_command("/today")).last
    before = len(await _audit(day, "patient.card_opened"))
    for action in VisitAction:
        for card in (False, True):
            reply = await doc.press_data(listing.message_id, _press(action, day.dee, card=card))
            assert reply.callback_answer.text == EXPIRED, action
    assert await _status(day, day.dee) == "scheduled"
    assert len(await _audit(day, "patient.card_opened")) == before
    assert await _audit(day, "appointment.arrived") == []
    # A patient pressing a doctor's button: expired too.
    pat = harness.sandbox.user(1, "Ann")
    await pat.send_command("/my")
    reply = await pat.press_data(pat.last_bot_message.message_id,
                                 _press(VisitAction.ARRIVED, day.ann))  # fmt: skip
    assert reply.callback_answer.text == EXPIRED
    assert await _status(day, day.ann) == "scheduled"
    assert "not allowed" in (await pat.send_command("/today")).text


async def test_a_doctor_role_without_a_doctor_profile_is_told_so(harness, day) -> None:
    async with unit_of_work(day.factory) as session:
        session.add(User(telegram_user_id=7100, chat_id=7100, full_name="New Doc", role="doctor"))
    newcomer = harness.sandbox.user(7100, "New")
    for command in ("/today", "/agenda"):
        reply = await newcomer.send_command(command)
        assert "not linked to a doctor's profile" in reply.text
    # The front desk's view of a doctor's day comes with its own part, not here.
    await add_staff(day, 7101)
    desk = harness.sandbox.user(7101, "Desk")
    for command in ("/today", "/agenda"):
        assert "not allowed" in (await desk.send_command(command)).text


# --- the visit card and its record ----------------------------------------------------------


async def test_the_card_shows_the_patient_and_earlier_visits_and_every_opening_is_audited(
    harness, day
) -> None:
    await set_patient(day, 2, date_of_birth=date(1990, 6, 1), allergies="Latex",
                      emergency_contact="Jo Roe +447911000111")  # fmt: skip
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/today")
    card = await doc.press("08:00 Bob Roe")
    text = card.text
    assert "Visit on Mon 4 Mar, 08:00" in text
    assert "📱 Phone: +447911123456" in text and "🎂 Date of birth: 01.06.1990" in text
    assert "⚠️ Allergies: Latex" in text and "Jo Roe +447911000111" in text
    assert "The earlier visit with you" in text and "25.02.2030 — completed" in text
    assert {"🟡 Arrived", "✅ Done", "❌ No-show", "⬅️ Today's list"} <= set(card.button_texts)
    await doc.press("08:00 Bob Roe", (await doc.press("⬅️ Today's list")).last)
    rows = await _audit(day, "patient.card_opened")
    doctor_user = (await day.user(DOCTOR_TG)).id
    assert len(rows) == 2
    assert {(r.actor_user_id, r.resource_type, r.resource_id) for r in rows} == {
        (doctor_user, "patient", str(day.patients[2]))
    }
    assert all(r.details == {"appointment_id": str(day.bob)} for r in rows)


async def test_a_doctor_sees_a_patient_only_while_a_visit_or_an_assignment_links_them(
    harness, day
) -> None:
    from db.models import DoctorPatientAssignment

    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = (await doc.send_command("/today")).last
    async with unit_of_work(day.factory) as session:
        appt = await session.get(Appointment, day.cy)
        appt.status, appt.cancelled_at = "cancelled", NOW
    # Cy's only visit is cancelled: the card is closed to the doctor.
    reply = await doc.press_data(listing.message_id, _press(VisitAction.OPEN, day.cy))
    assert reply.callback_answer.text == EXPIRED
    assert await _audit(day, "patient.card_opened") == []
    async with unit_of_work(day.factory) as session:
        session.add(DoctorPatientAssignment(doctor_id=day.doctor_ids[0],
                                            patient_id=day.patients[3]))  # fmt: skip
    reply = await doc.press_data(listing.message_id, _press(VisitAction.OPEN, day.cy))
    assert "Cy &lt;Ng&gt;" in reply.text or "Cy <Ng>" in reply.text
    assert "🟡 Arrived" not in reply.button_texts  # a cancelled visit is not marked
    assert len(await _audit(day, "patient.card_opened")) == 1


async def test_a_record_after_done_is_edited_for_a_day_then_corrected_and_read_by_the_patient(
    harness, day, caplog
) -> None:
    from db.models import MedicalRecord, MedicalRecordCorrection

    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/today")
    await doc.press("07:30 Ann Lee")
    card = await doc.press("✅ Done")
    assert "✅ completed" in card.text and "📝 Write the record" in card.button_texts
    ask = await doc.press("📝 Write the record")
    assert "diagnosis" in ask.text and "300" in ask.text
    too_long = await doc.send_text("x" * 301)
    assert "That is 301 characters" in too_long.text and "diagnosis" in too_long.text
    assert "x" * 50 not in too_long.text
    await doc.send_text("Contact dermatitis")
    await doc.press("Skip")  # no prescription
    saved = await doc.send_text("Avoid <nickel> & wool")
    assert "The visit record is saved" in saved.texts[0]
    text = saved.text
    assert "Diagnosis:</b> Contact dermatitis" in text or "Diagnosis: Contact dermatitis" in text
    assert "Avoid &lt;nickel&gt; &amp; wool" in text or "Avoid <nickel> & wool" in text
    assert "✏️ Edit the record" in saved.button_texts
    # Within a day its author edits it; the fields not retyped stay.
    harness.clock.now = NOW + timedelta(hours=20)
    await doc.press("✏️ Edit the record")
    await doc.press("Keep as it is")
    await doc.send_text("Hydrocortisone 1% twice daily")
    done = await doc.press("Keep as it is")
    assert "Hydrocortisone" in done.text and "Contact dermatitis" in done.text
    async with unit_of_work(day.factory) as session:
        record = await session.scalar(select(MedicalRecord))
        assert record.prescription == "Hydrocortisone 1% twice daily"
        assert record.editable_until == NOW + timedelta(hours=24)
    # A day later: only a correction, and the original stays as written.
    harness.clock.now = NOW + timedelta(hours=30)
    card = await doc.send_command("/today")
    await doc.press_data(card.last.message_id, _press(VisitAction.RECORD, day.ann, card=True))
    await doc.send_text("Allergic contact dermatitis")
    await doc.press("Keep as it is")
    refused = await doc.press("Keep as it is")
    assert "can no longer be edited" in " ".join(refused.texts)
    await doc.send_command("/today")
    await doc.press_data(doc.last_bot_message.message_id,
                         _press(VisitAction.CORRECT, day.ann, card=True))  # fmt: skip
    await doc.send_text("Allergic contact dermatitis")
    await doc.press("Keep as it is")
    fixed = await doc.press("Keep as it is")
    assert "Allergic contact dermatitis" in fixed.text and "Corrected on" in fixed.text
    async with unit_of_work(day.factory) as session:
        record = await session.scalar(select(MedicalRecord))
        assert record.diagnosis == "Contact dermatitis"
        fix = await session.scalar(select(MedicalRecordCorrection))
        assert fix.diagnosis == "Allergic contact dermatitis" and fix.record_id == record.id
    actions = [r.action for r in await _audit_all(day) if r.resource_type == "medical_record"]
    assert actions == ["medical_record.create", "medical_record.edit", "medical_record.correct"]
    # The patient reads their own record, corrected; nobody else's.
    ann = harness.sandbox.user(1, "Ann")
    mine = await ann.send_command("/records")
    assert "Your visit with Dr. Test 0" in mine.text and "Allergic contact dermatitis" in mine.text
    assert "Hydrocortisone" in mine.text and "Record 1 of 1" in mine.text
    await ann.send_command("/start")
    assert ("records", "Your visit records") in ann.commands  # in the patient's menu
    bob = harness.sandbox.user(2, "Bob")
    assert "no visit records" in (await bob.send_command("/records")).text
    # Record text reaches no log and no notification.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "dermatitis" not in logged and "Hydrocortisone" not in logged
    async with unit_of_work(day.factory) as session:
        payloads = [n.payload for n in await session.scalars(select(Notification))]
    assert "dermatitis" not in str(payloads)
    # Nor the bot's stored state, once the flows are over.
    from bot.inprocess import stop_bot
    from db.models import BotConversation, BotUserData

    await stop_bot(harness.app)  # flushes the bot state to PostgreSQL
    harness.app = None
    async with unit_of_work(day.factory) as session:
        stored = [r.data for r in (await session.scalars(select(BotUserData))).all()]
        states = (await session.scalars(select(BotConversation.state))).all()
    assert "dermatitis" not in repr(stored) + repr(states)
    assert "Hydrocortisone" not in repr(stored) + repr(states)


async def _audit_all(w) -> list[AuditLog]:
    async with unit_of_work(w.factory) as session:
        return list((await session.scalars(select(AuditLog).order_by(AuditLog.at))).all())


# --- /agenda --------------------------------------------------------------------------------


async def test_agenda_reads_a_day_or_a_range_and_pages_by_day(harness, day) -> None:
    await add_visit(day, 3, NOW + timedelta(days=1, hours=2))  # Tuesday 10:00
    await add_visit(day, 2, NOW + timedelta(days=4, hours=1))  # Friday 09:00
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    reply = await doc.send_command("/agenda", "tomorrow")
    assert "Tuesday 5 March" in reply.text and "10:00 · Cy" in reply.text
    ask = await doc.send_command("/agenda")
    assert "Which day or days?" in ask.text
    unclear = await doc.send_text("someday maybe")
    assert "could not read that day" in unclear.text and "Which day or days?" in unclear.text
    week = await doc.send_text("4.03-8.03")
    assert "Monday 4 March" in week.text and "07:30 · Ann Lee" in week.text
    assert "Day 1 of 5 (4 March – 8 March)" in week.text
    page = await doc.press("Next ›")
    assert "Tuesday 5 March" in page.text and "10:00 · Cy" in page.text
    for _ in range(3):
        page = await doc.press("Next ›")
    assert "Friday 8 March" in page.text and "09:00 · Bob Roe" in page.text
    assert "Next ›" not in page.button_texts
    card = await doc.press("09:00 Bob Roe")
    assert "⬅️ The agenda" in card.button_texts
    back = await doc.press("⬅️ The agenda")
    assert "Friday 8 March" in back.text
    too_long = await doc.send_command("/agenda", "1.03-30.04")
    assert "at most 31 days" in too_long.text


async def test_the_list_speaks_the_doctors_language(harness, day) -> None:
    async with unit_of_work(day.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == DOCTOR_TG))
        user.language = "uk"
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    text = (await doc.send_command("/today")).text
    assert "Сьогодні," in text and "44 роки" in text and "перший візит" in text
    assert "повторний візит" in text and "⚠️ алергії" in text and "Ще 3 прийоми." in text
    assert "🟡 Прийшов" in doc.last_bot_message.button_texts


# --- running late ---------------------------------------------------------------------------


async def test_running_late_tells_the_patients_still_to_come_once(harness, day) -> None:
    from handlers.visit_callbacks import RunningLate

    later = await add_visit(day, 4, NOW + timedelta(hours=3))  # Dee at 11:00 with doctor 0
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = (await doc.send_command("/today")).last
    assert {"⏱ Running 15 min late", "⏱ Running 30 min late"} <= set(listing.button_texts)
    reply = await doc.press("⏱ Running 15 min late", listing)
    assert reply.callback_answer.text == "2 patients still to come were told you are running late."
    async with unit_of_work(day.factory) as session:
        rows = (await session.scalars(select(Notification).where(
            Notification.kind == "appointment.running_late"))).all()  # fmt: skip
        users = {p: u for p, u in (await session.execute(select(Patient.id, Patient.user_id)))}
    # Cy (09:30) and Dee (11:00); not Ann (began) or Bob (begins now), nor doctor 1's Dee.
    told = {r.payload["appointment_id"]: r for r in rows}
    assert set(told) == {str(day.cy), str(later)}
    assert told[str(day.cy)].user_id == users[day.patients[3]]
    assert all(r.payload["minutes"] == 15 and r.due_at == NOW for r in rows)
    # Once: a second press, even with another delay, tells nobody again.
    reply = await doc.press_data(listing.message_id, RunningLate(30).pack())
    assert "Nobody new to tell" in reply.callback_answer.text
    async with unit_of_work(day.factory) as session:
        assert await session.scalar(select(func.count()).select_from(Notification).where(
            Notification.kind == "appointment.running_late")) == 2  # fmt: skip
    audits = await _audit(day, "doctor.running_late")
    # Both presses share the frozen clock's moment, so the rows are compared without an order.
    details = sorted((a.details for a in audits), key=lambda d: d["minutes"])
    assert details == [{"minutes": 15, "told": 2}, {"minutes": 30, "told": 0}]
    # Forged delays and other people's presses expire.
    for data in (RunningLate(45).pack(), RunningLate(0).pack()):
        assert (await doc.press_data(listing.message_id, data)).callback_answer.text == EXPIRED
    pat = harness.sandbox.user(1, "Ann")
    await pat.send_command("/my")
    forged = await pat.press_data(pat.last_bot_message.message_id, RunningLate(15).pack())
    assert forged.callback_answer.text == EXPIRED
    assert len(await _audit(day, "doctor.running_late")) == 2


async def test_a_family_members_visit_shows_their_name_and_a_no_show_reaches_their_holder(
    harness, day
) -> None:
    async with unit_of_work(day.factory) as session:
        child = Patient(holder_id=day.patients[2], relation="child", full_name="Mia Roe",
                        date_of_birth=date(2022, 5, 1), allergies="Peanuts")  # fmt: skip
        session.add(child)
        await session.flush()
        day.patients[20] = child.id
        bob_user = await session.scalar(
            select(Patient.user_id).where(Patient.id == day.patients[2])
        )
    mia = await add_visit(day, 20, NOW - timedelta(minutes=60), reason="Fever")
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    listing = (await doc.send_command("/today")).last
    assert "07:00 · Mia Roe, 7 years · Fever · first visit · ⚠️ allergies" in listing.text
    card = await doc.press("07:00 Mia Roe", listing)
    assert "📱 Phone: +447911123456" in card.text  # her holder's account's contact
    await doc.press_data(listing.message_id, _press(VisitAction.NO_SHOW, mia, card=True))
    async with unit_of_work(day.factory) as session:
        note = await session.scalar(select(Notification).where(
            Notification.kind == "appointment.no_show"))  # fmt: skip
    assert note.user_id == bob_user and note.payload == {"appointment_id": str(mia)}
