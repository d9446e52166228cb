"""My patients through the sandbox: added from a visit's card, listed and searched (typos
tolerated), a card each (audited), ended with a question and added again (the same row,
reactivated); forged presses on another doctor's patient or assignment; another clinic's
patient never listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AuditLog, Clinic, Doctor, DoctorPatientAssignment
from handlers.doctor_buttons import AssignEnd, AssignVisit, PatientOpen
from tests.e2e.test_doctor_day import (
    DOCTOR_TG,
    OTHER_DOCTOR_TG,
    add_visit,
    build_day,
)
from tests.world import NOW, add_patient

EXPIRED = "This button has expired."


@pytest.fixture
async def day(harness):
    return await build_day(harness)


async def _assignments(w) -> list[DoctorPatientAssignment]:
    async with unit_of_work(w.factory) as session:
        rows = await session.scalars(
            select(DoctorPatientAssignment).order_by(DoctorPatientAssignment.created_at)
        )
        return list(rows.all())


async def _actions(w, prefix: str) -> list[str]:
    async with unit_of_work(w.factory) as session:
        rows = await session.scalars(
            select(AuditLog.action)
            .where(AuditLog.action.startswith(prefix))
            .order_by(AuditLog.at, AuditLog.id)
        )
        return list(rows.all())


async def test_add_list_search_open_end_and_add_again(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/today")
    card = await doc.press("07:30 Ann Lee")
    assert "➕ Add to my patients" in card.button_texts
    added = await doc.press("➕ Add to my patients")
    assert "⭐ In my patients" in added.button_texts
    (mine,) = await _assignments(day)
    assert (mine.doctor_id, mine.patient_id, mine.is_active) == (
        day.doctor_ids[0], day.patients[1], True
    )  # fmt: skip
    assert await _actions(day, "assignment.") == ["assignment.add"]
    # The menu's entry and /patients show the list; a patient opens their card (audited).
    menu = await doc.send_command("/start")
    assert "👥 My patients" in menu.button_texts
    listing = await doc.press("👥 My patients")
    assert "My patients</b> (1)" in listing.last.html
    assert listing.button_texts[:1] == ["Ann Lee, 44 years"]
    opened = await doc.press("Ann Lee, 44 years")
    assert "👤 Ann Lee" in opened.text and "Penicillin" in opened.text
    assert "➖ End assignment" in opened.button_texts
    async with unit_of_work(day.factory) as session:
        audit = (
            await session.scalars(
                select(AuditLog).where(
                    AuditLog.action == "patient.card_opened",
                    AuditLog.resource_id == str(day.patients[1]),
                )
            )
        ).all()
    assert any((a.details or {}).get("via") == "my_patients" for a in audit)
    # Search by name, typos tolerated; a name that is not there says so.
    found = await doc.send_command("/patients", "Ann Lea")
    assert "matching “Ann Lea”</b>: 1" in found.last.html
    assert "Ann Lee, 44 years" in found.button_texts
    none = await doc.send_command("/patients", "Zed")
    assert "None of your patients matches “Zed”" in none.text
    await doc.press("🔎 Search", none.last)
    typed = await doc.send_text("ann")
    assert "Ann Lee, 44 years" in typed.button_texts
    # End, with a question first; the list is empty then.
    await doc.press("Ann Lee, 44 years")
    question = await doc.press("➖ End assignment")
    assert "End your assignment of <b>Ann Lee</b>?" in question.last.html
    harness.clock.now = NOW + timedelta(minutes=1)
    ended = await doc.press("✅ Yes, end it")
    assert "The assignment has ended." in ended.text and "no patients of your own" in ended.text
    (mine,) = await _assignments(day)
    assert mine.is_active is False
    # Added again from the card: the same row, active again.
    harness.clock.now = NOW + timedelta(minutes=2)
    await doc.send_command("/today")
    await doc.press("07:30 Ann Lee")
    await doc.press("➕ Add to my patients")
    (again,) = await _assignments(day)
    assert again.id == mine.id and again.is_active is True
    assert await _actions(day, "assignment.") == [
        "assignment.add", "assignment.end", "assignment.reactivate"
    ]  # fmt: skip


async def test_forged_presses_on_another_doctors_patient_or_assignment_expire(harness, day) -> None:
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    await doc.send_command("/today")
    await doc.press("07:30 Ann Lee")
    await doc.press("➕ Add to my patients")
    other = harness.sandbox.user(OTHER_DOCTOR_TG, "Olga")
    shown = await other.send_command("/patients")
    assert "no patients of your own" in shown.text
    at = shown.last.message_id
    for data in (
        PatientOpen(day.patients[1], 0),  # Ann is Dr. Test 0's, not theirs
        AssignEnd(day.patients[1], False, 0),
        AssignEnd(day.patients[1], True, 0),
        AssignVisit(day.ann, False),  # Dr. Test 0's visit
    ):
        reply = await other.press_data(at, data.pack())
        assert reply.callback_answer.text == EXPIRED, data
    (mine,) = await _assignments(day)
    assert mine.doctor_id == day.doctor_ids[0] and mine.is_active
    # A patient presses them too: expired, nothing changes.
    ann = harness.sandbox.user(1, "Ann")
    home = await ann.send_command("/start")
    reply = await ann.press_data(home.last.message_id, AssignEnd(day.patients[1], True, 0).pack())
    assert reply.callback_answer.text == EXPIRED
    assert (await _assignments(day))[0].is_active
    assert await _actions(day, "assignment.") == ["assignment.add"]


async def test_another_clinics_patient_is_never_listed_and_pages_of_eight(harness, day) -> None:
    # Zoe was seen only at clinic B by its doctor; an assignment to Dr. Test 0 (written by
    # hand) does not bring her into Dr. Test 0's list or card.
    async with unit_of_work(day.factory) as session:
        clinic_b = Clinic(name="Other Clinic", address="2 Low St", city="Leeds",
                          timezone="Europe/London")  # fmt: skip
        session.add(clinic_b)
        await session.flush()
        doctor_b = Doctor(clinic_id=clinic_b.id, specialty_id=day.specialty_id,
                          full_name="Dr. Bee", license_number="B-1")  # fmt: skip
        session.add(doctor_b)
        await session.flush()
    day.doctor_ids.append(doctor_b.id)
    await add_patient(day, 60, name="Zoe Quinn")
    await add_visit(day, 60, NOW - timedelta(days=3), doctor=2, clinic_id=clinic_b.id,
                    status="completed")  # fmt: skip
    for i in range(9):  # nine patients of Dr. Test 0, each seen once
        await add_patient(day, 100 + i, name=f"Pat {chr(65 + i)}son")
        await add_visit(day, 100 + i, NOW - timedelta(days=10 + i), status="completed")
    async with unit_of_work(day.factory) as session:
        for tg in (60, *range(100, 109)):
            session.add(DoctorPatientAssignment(doctor_id=day.doctor_ids[0],
                                                patient_id=day.patients[tg]))  # fmt: skip
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    first = await doc.send_command("/patients")
    assert "My patients</b> (9)" in first.last.html and "Page 1 of 2" in first.text
    assert first.button_texts[:8] == [f"Pat {chr(65 + i)}son" for i in range(8)]
    assert "Zoe Quinn" not in " ".join(first.button_texts)
    second = await doc.press("Next ›")
    assert second.button_texts[0] == "Pat Ison" and "Page 2 of 2" in second.text
    searched = await doc.send_command("/patients", "Zoe Quinn")
    assert "None of your patients matches “Zoe Quinn”" in searched.text
    forged = await doc.press_data(second.last.message_id,
                                  PatientOpen(day.patients[60], 0).pack())  # fmt: skip
    assert forged.callback_answer.text == EXPIRED
    async with unit_of_work(day.factory) as session:
        opened = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(
                AuditLog.action == "patient.card_opened",
                AuditLog.resource_id == str(day.patients[60]),
            )
        )
    assert opened == 0


async def test_patients_and_digest_are_a_doctors_and_the_menu_opens_both(harness, day) -> None:
    ann = harness.sandbox.user(1, "Ann")
    for command in ("/patients", "/digest"):
        reply = await ann.send_command(command)
        assert "You are not allowed to do that." in reply.text, command
    doc = harness.sandbox.user(DOCTOR_TG, "Emma")
    menu = await doc.send_command("/start")
    settings = await doc.press("🔔 Morning digest", menu.last)
    assert "at <b>07:30</b> (London time)" in settings.last.html
    assert "🏠 Menu" in settings.button_texts
    assert await _actions(day, "assignment.") == []
