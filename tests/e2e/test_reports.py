"""/report through the sandbox: the summary, the chart and the CSV of a clinic's period,
the CSV's totals equal to what the database holds, no patient in it; the front desk scoped
to its clinic, patients and doctors refused, an unreadable period answered with a sentence
and nothing else, the picker's buttons re-checked (a forged press changes nothing)."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from db.engine import unit_of_work
from db.models import Appointment, AppointmentSlot, Clinic, Doctor, Patient, User
from handlers.report_buttons import ReportClinic, ReportPeriod
from tests.world import add_patient, add_staff, build_world

ADMIN_TG, STAFF_TG, PATIENT_TG, DOCTOR_TG = 9101, 9102, 9104, 9105
EXPIRED = "This button has expired."
NOT_ALLOWED = "You are not allowed to do that."
SECRET_NAME, SECRET_PHONE, SECRET_REASON = "Zelda Secretname", "+447911987654", "Itchy rash"
FEB = datetime(2030, 2, 1, tzinfo=UTC)  # "last month" at NOW (London is on GMT in February)


async def _visit(session, *, doctor_id, clinic_id, patient_id, at, status="completed",
                 cancelled_by=None, reason=None, created_via="patient", ahead_days=3):  # fmt: skip
    slot = AppointmentSlot(doctor_id=doctor_id, clinic_id=clinic_id, starts_at=at,
                           ends_at=at + timedelta(minutes=30))  # fmt: skip
    session.add(slot)
    await session.flush()
    session.add(
        Appointment(
            patient_id=patient_id, doctor_id=doctor_id, clinic_id=clinic_id, slot_id=slot.id,
            starts_at=at, ends_at=at + timedelta(minutes=30), status=status,
            cancelled_at=at - timedelta(days=1) if status == "cancelled" else None,
            cancelled_by=cancelled_by, cancellation_reason=reason, created_via=created_via,
            reason=SECRET_REASON, created_at=at - timedelta(days=ahead_days),
        )
    )  # fmt: skip
    await session.flush()


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    admin_user = await add_staff(w, ADMIN_TG, role="admin")
    staff_user = await add_staff(w, STAFF_TG, role="staff")
    await add_patient(w, PATIENT_TG, name="Pat Patient")
    patient_user = w.actors[PATIENT_TG].user_id
    async with unit_of_work(w.factory) as session:
        other = Clinic(name="Other Clinic", address="2 Main St", city="Boston",
                       timezone="America/New_York")  # fmt: skip
        session.add(other)
        await session.flush()
        other_doctor = Doctor(clinic_id=other.id, specialty_id=w.specialty_id,
                              full_name="Dr. Elsewhere", license_number="T-X")  # fmt: skip
        secret = User(telegram_user_id=9199, chat_id=9199, full_name=SECRET_NAME,
                      phone=SECRET_PHONE)  # fmt: skip
        session.add_all([other_doctor, secret])
        await session.flush()
        patient = Patient(user_id=secret.id)
        session.add(patient)
        await session.flush()
        d0, d1, c = w.doctor_ids[0], w.doctor_ids[1], w.clinic_id
        day = FEB + timedelta(days=9, hours=9)  # Sunday 10 February, 09:00
        plan = [
            (d0, day, "completed", None, None, "patient"),
            (d0, day + timedelta(minutes=30), "no_show", None, None, "staff"),
            (d0, day + timedelta(days=1), "cancelled", patient_user, "Feeling better", "patient"),
            (d0, day + timedelta(days=2), "cancelled", staff_user, None, "staff"),
            (d0, day + timedelta(days=3), "cancelled", admin_user, SECRET_REASON, "admin"),
            (d0, day + timedelta(days=4), "cancelled", None, "time_off", "patient"),
            (d1, day + timedelta(days=5), "completed", None, None, "patient"),
            (d1, day + timedelta(days=6), "no_show", None, None, "waitlist"),
            (d1, day + timedelta(days=7, hours=5), "completed", None, None, "patient"),
            # outside the period: the last minute of January and the first of March
            (d0, FEB - timedelta(minutes=30), "completed", None, None, "patient"),
            (d1, datetime(2030, 3, 1, 0, 0, tzinfo=UTC), "completed", None, None, "patient"),
        ]
        for doctor, at, status, by, reason, via in plan:
            await _visit(
                session, doctor_id=doctor, clinic_id=c, patient_id=patient.id, at=at,
                status=status, cancelled_by=by, reason=reason, created_via=via,
            )  # fmt: skip
        # the other clinic's February
        for k in range(3):
            await _visit(session, doctor_id=other_doctor.id, clinic_id=other.id,
                         patient_id=patient.id, at=day + timedelta(days=k, hours=5))  # fmt: skip
    w.other_clinic_id = other.id
    return w


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return list((await session.execute(text(sql), params)).all())


async def _files(user, count: int) -> list:
    """The photos and documents the bot sent, once `count` have arrived."""
    for _ in range(300):
        found = [m for m in user.bot_messages if m.document is not None or m.photo is not None]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} files:\n{user.transcript()}")


async def _said(user, needle: str) -> str:
    """The latest bot message saying `needle` (sent or edited), once it is there."""
    for _ in range(300):
        found = [m.text for m in user.bot_messages if needle in m.text]
        if found:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {needle!r}:\n{user.transcript()}")


async def _audit_count(harness, action: str) -> int:
    (row,) = await _sql(harness, "SELECT count(*) FROM audit_logs WHERE action = :a", a=action)
    return row[0]


async def test_admin_gets_the_summary_a_chart_and_a_csv_matching_the_database(
    harness, world
) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    reply = await admin.send_command("/report", "Test Clinic last month")
    summary = reply.messages[0].text
    assert "Test Clinic" in summary and "01.02.2030" in summary and "28.02.2030" in summary
    assert "Bookings: 9" in summary and "cancelled: 4" in summary, summary
    assert "No-shows: 2" in summary and "Dr. Test 0" in summary and "Dr. Test 1" in summary
    photo, document = await _files(admin, 2)
    assert photo.photo is not None and photo.photo.file_size > 1000
    png = harness.sandbox.file_bytes(photo.photo.file_id)
    assert png.startswith(b"\x89PNG")
    assert document.document.file_name == "careslot-report-test-clinic-2030-02-01-2030-02-28.csv"
    raw = harness.sandbox.file_bytes(document.document.file_id).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))

    # The CSV's totals are the database's, counted here independently.
    counts = await _sql(
        harness,
        "SELECT count(*), count(*) FILTER (WHERE status = 'cancelled'),"
        " count(*) FILTER (WHERE status = 'no_show') FROM appointments"
        " WHERE clinic_id = :c AND starts_at >= :a AND starts_at < :b",
        c=world.clinic_id, a=FEB, b=datetime(2030, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    bookings, cancelled, no_shows = counts[0]
    assert (bookings, cancelled, no_shows) == (9, 4, 2)
    assert len(rows) == bookings
    assert sum(r["status"] == "cancelled" for r in rows) == cancelled
    assert sum(r["status"] == "no_show" for r in rows) == no_shows
    assert {r["clinic"] for r in rows} == {"Test Clinic"}
    assert list(rows[0]) == [
        "date", "local_time", "clinic", "doctor", "specialty", "status", "created_via",
        "cancelled_by", "cancel_reason", "lead_days",
    ]  # fmt: skip
    assert (rows[0]["date"], rows[0]["local_time"], rows[0]["doctor"]) == (
        "2030-02-10", "09:00", "Dr. Test 0",
    )  # fmt: skip
    assert rows[0]["specialty"] == "Dermatology" and rows[0]["lead_days"] == "3.0"
    cancellations = sorted((r["cancelled_by"], r["cancel_reason"]) for r in rows
                           if r["status"] == "cancelled")  # fmt: skip
    assert cancellations == [
        ("admin", "other"), ("patient", "feeling_better"), ("staff", "none"),
        ("system", "time_off"),
    ]  # fmt: skip
    # Privacy: no patient in the file, nor what anyone wrote.
    for secret in (SECRET_NAME, "Zelda", SECRET_PHONE, "7911987654", SECRET_REASON, "Pat"):
        assert secret not in raw, secret
    assert await _audit_count(harness, "report.view") == 1
    assert await _audit_count(harness, "report.export") == 1


async def test_the_front_desk_reads_its_own_clinic_only(harness, world) -> None:
    desk = harness.sandbox.user(STAFF_TG, "Sam")
    reply = await desk.send_command("/report", "Other Clinic last month")
    assert NOT_ALLOWED in reply.text
    reply = await desk.send_command("/report", "last month")  # its own clinic, unnamed
    assert "Test Clinic" in reply.messages[0].text and "Bookings: 9" in reply.messages[0].text
    await _files(desk, 2)
    await asyncio.sleep(0.3)
    assert len([m for m in desk.bot_messages if m.document or m.photo]) == 2
    assert await _audit_count(harness, "report.view") == 1

    # The picker offers the period only, for its own clinic; a forged press for the other
    # clinic has expired and sends nothing.
    picker = await desk.send_command("/report")
    assert picker.last.button_texts == ["This week", "Last month", "This quarter"]
    forged = ReportPeriod(clinic=world.other_clinic_id, period="m").pack()
    answer = await desk.press_data(picker.last.message_id, forged)
    assert answer.callback_answer.text == EXPIRED
    stale = ReportClinic(clinic=uuid.uuid4()).pack()
    assert (await desk.press_data(picker.last.message_id, stale)).callback_answer.text == EXPIRED
    await asyncio.sleep(0.3)
    assert len([m for m in desk.bot_messages if m.document or m.photo]) == 2
    assert await _audit_count(harness, "report.view") == 1
    # The real button works.
    await desk.press("Last month", picker.last)
    assert "Bookings: 9" in await _said(desk, "Bookings:")
    await _files(desk, 4)
    # 📊 Reports in the desk's menu asks the same question.
    await desk.send_command("/start")
    asked = await desk.press("📊 Reports", desk.last_bot_message)
    assert "Test Clinic" in asked.text and asked.last.button_texts[1] == "Last month"


async def test_admin_picks_a_clinic_then_a_period(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    await admin.send_command("/start")
    picker = await admin.press("📊 Reports", admin.last_bot_message)
    assert picker.last.button_texts == ["Other Clinic", "Test Clinic"]
    periods = await admin.press("Test Clinic", picker.last)
    assert periods.last.button_texts == ["This week", "Last month", "This quarter"]
    await admin.press("Last month", periods.last)
    assert "Bookings: 9" in await _said(admin, "Bookings:")
    await _files(admin, 2)
    # A period typed at the picker's question is read too.
    await admin.send_command("/report", "Other Clinic")
    reply = await admin.send_text("February 2030")
    assert "Other Clinic" in reply.messages[0].text and "Bookings: 3" in reply.messages[0].text
    await _files(admin, 4)


@pytest.mark.parametrize("role", ["patient", "doctor"])
async def test_patients_and_doctors_are_refused(harness, world, role) -> None:
    tg = PATIENT_TG if role == "patient" else DOCTOR_TG
    if role == "doctor":
        await add_staff(world, tg, role="doctor")
    user = harness.sandbox.user(tg, "Pat")
    reply = await user.send_command("/report", "Test Clinic last month")
    assert NOT_ALLOWED in reply.text
    reply = await user.send_command("/report")
    assert NOT_ALLOWED in reply.text
    await asyncio.sleep(0.3)
    assert [m for m in user.bot_messages if m.document or m.photo] == []
    assert await _audit_count(harness, "report.view") == 0


async def test_an_unreadable_period_is_a_sentence_and_nothing_is_sent(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    reply = await admin.send_command("/report", "Test Clinic whenever")
    assert "I could not read that period" in reply.text
    assert reply.last.button_texts == ["This week", "Last month", "This quarter"]
    reply = await admin.send_text("1.1.2028 – 1.6.2029")
    assert "at most 367 days" in reply.text
    reply = await admin.send_command("/report", "Narnia last month")
    assert "Which clinic? Start with its name" in reply.text
    assert reply.last.button_texts == ["Other Clinic", "Test Clinic"]
    await asyncio.sleep(0.3)
    assert [m for m in admin.bot_messages if m.document or m.photo] == []
    assert await _audit_count(harness, "report.view") == 0
