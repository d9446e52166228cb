"""Family members through the sandbox: adding a child from /profile, booking Pediatrics for
them, the overlap rule per person, /my labelled, cancelling for them, forged presses on
another account's family, and the data export carrying them."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from db.engine import unit_of_work
from db.models import Doctor, Specialty
from handlers.callbacks import Appt, ApptAction, ForWhom, Member, MemberAction
from services import booking, family
from tests.world import NOW, add_patient, add_slot, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW: Monday 08:00)
EXPIRED = "This button has expired."


@pytest.fixture
async def world(harness):
    """Dr. Test 0 (Dermatology) and Dr. Kid (Pediatrics), each free on Wednesday at 09:00
    and 10:00."""
    w = await build_world(harness.factory, doctors=1)
    async with unit_of_work(harness.factory) as session:
        kids = Specialty(name="Pediatrics")
        session.add(kids)
        await session.flush()
        doctor = Doctor(
            clinic_id=w.clinic_id, specialty_id=kids.id, full_name="Dr. Kid",
            license_number="K-1", max_patients_per_day=20, visit_minutes=30,
        )  # fmt: skip
        session.add(doctor)
        await session.flush()
        w.doctor_ids.append(doctor.id)
    for doctor in (0, 1):
        for hours in (0, 1):
            await add_slot(w, doctor=doctor, starts_at=WED + timedelta(hours=hours))
    return w


async def _sql(harness, sql: str, **params) -> list:
    async with unit_of_work(harness.factory) as session:
        return list((await session.execute(text(sql), params)).all())


async def _add_child(user, name: str = "Mia Lee") -> None:
    """/profile → Family → Add: name, an ambiguous date of birth chosen, Child, no allergies."""
    await user.send_command("/profile")
    reply = await user.press("👨‍👩‍👧 Family")
    assert "You have not added anyone yet." in reply.text
    reply = await user.press("➕ Add a family member")
    assert "What is your family member's full name?" in reply.text
    reply = await user.send_text(name)
    assert f"What is {name}'s date of birth?" in reply.text
    reply = await user.send_text("1/2/2020")  # 1 February or 2 January: asked back
    assert "Did you mean" in reply.text
    assert reply.last.button_texts[:2] == ["1 February 2020", "2 January 2020"]
    await user.press("1 February 2020")
    reply = await user.press("👶 Child")
    assert f"Does {name} have any allergies?" in reply.text
    reply = await user.press("Skip")
    assert f"✅ {name} has been added to your family." in reply.text
    assert f"👤 {name}" in reply.last.button_texts


async def _to_whom(user, specialty: str, doctor: str, time: str = "09:00") -> str:
    await user.send_command("/book")
    await user.press("🩺 By specialty")
    await user.press(f"{specialty} (1)")
    await user.press(f"{doctor} · {specialty} · Test Clinic")
    await user.press("📅 Choose a day")
    await user.press("6●")
    return (await user.press(time)).text


def _all(reply) -> str:
    """Every text of a reply (the booked message is followed by its .ics file)."""
    return "\n".join(m.text for m in (*reply.edited, *reply.new_messages))


async def _documents(user, count: int) -> list:
    for _ in range(200):
        found = [m.document for m in user.bot_messages if m.document is not None]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} documents:\n{user.transcript()}")


async def test_a_child_is_added_booked_seen_cancelled_and_exported(
    harness, world, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    await add_patient(world, 5001, name="Ann Lee")
    ann = harness.sandbox.user(5001, "Ann")
    await _add_child(ann)
    ((mia, relation, born, holder),) = await _sql(
        harness, "SELECT id, relation, date_of_birth, holder_id FROM patients"
        " WHERE full_name = 'Mia Lee' AND user_id IS NULL",
    )  # fmt: skip
    assert (relation, born, holder) == ("child", date(2020, 2, 1), world.patients[5001])

    # Pediatrics for Mia: asked whom it is for, the summary and the booking name her.
    question = await _to_whom(ann, "Pediatrics", "Dr. Kid")
    assert "Who is this visit for?" in question
    assert ann.bot_messages[-1].button_texts == [
        "🙋 Me (Ann Lee)", "👤 Mia Lee", "➕ Add a family member", "⬅️ Back"
    ]  # fmt: skip
    await ann.press("👤 Mia Lee")
    summary = await ann.press("Skip")
    assert "👤 For: Mia Lee" in summary.text and "Dr. Kid" in summary.text
    booked = _all(await ann.press("✅ Confirm"))
    assert "✅ Booked!" in booked and "👤 For: Mia Lee" in booked
    ((kid_visit, patient_id),) = await _sql(
        harness, "SELECT id, patient_id FROM appointments WHERE status = 'scheduled'"
    )
    assert patient_id == mia
    reminders = await _sql(
        harness, "SELECT n.payload, u.telegram_user_id FROM notifications n"
        " JOIN users u ON u.id = n.user_id WHERE n.kind = 'appointment.reminder'",
    )  # fmt: skip
    assert reminders and {tg for _, tg in reminders} == {5001}
    assert {p["patient_id"] for p, _ in reminders} == {str(mia)}

    # Mia cannot be at the dermatologist at the same time; Ann herself can.
    await _to_whom(ann, "Dermatology", "Dr. Test 0")
    await ann.press("👤 Mia Lee")
    await ann.press("Skip")
    refused = await ann.press("✅ Confirm")
    assert refused.callback_answer.text == "That person already has an appointment at that time."
    await ann.press("09:00")
    await ann.press("🙋 Me (Ann Lee)")
    summary = await ann.press("Skip")
    assert "For:" not in summary.text
    booked = _all(await ann.press("✅ Confirm"))
    assert "✅ Booked!" in booked and "For:" not in booked
    assert await _sql(
        harness, "SELECT p.full_name, u.full_name FROM appointments a"
        " JOIN patients p ON p.id = a.patient_id LEFT JOIN users u ON u.id = p.user_id"
        " WHERE a.status = 'scheduled' ORDER BY p.full_name NULLS FIRST",
    ) == [(None, "Ann Lee"), ("Mia Lee", None)]  # fmt: skip

    # /my shows both, each labelled with whose it is.
    listed = await ann.send_command("/my")
    labels = listed.last.button_texts
    assert "Mia Lee: Wed 6 Mar, 09:00 · Dr. Kid" in labels, labels
    assert "Me: Wed 6 Mar, 09:00 · Dr. Test 0" in labels, labels

    # Cancelling Mia's visit from /my.
    card = await ann.press("Mia Lee: Wed 6 Mar, 09:00 · Dr. Kid")
    assert "👤 For: Mia Lee" in card.text
    await ann.press("✖️ Cancel")
    (done,) = (await ann.press("Feeling better")).edited  # a METHOD:CANCEL .ics follows
    assert "The time is free for others now." in done.text and "For: Mia Lee" in done.text
    assert await _sql(
        harness, "SELECT a.status, s.booked_count FROM appointments a"
        " JOIN appointment_slots s ON s.id = a.slot_id WHERE a.id = :a", a=kid_visit,
    ) == [("cancelled", 0)]  # fmt: skip

    # The export carries Mia, her visit and her details.
    overview = await ann.send_command("/privacy")
    assert "Family members (1): Mia Lee" in overview.text
    assert "Appointments: 1 upcoming, 1 past or cancelled" in overview.text
    before = len([m for m in ann.bot_messages if m.document is not None])  # the .ics files
    await ann.press("⬇️ Download my data")
    as_json, as_csv = (await _documents(ann, before + 2))[before:]
    data = json.loads(harness.sandbox.file_bytes(as_json.file_id))
    (member,) = data["family"]
    assert (member["full_name"], member["relation"], member["date_of_birth"]) == (
        "Mia Lee", "child", "2020-02-01"
    )  # fmt: skip
    assert [(v["id"], v["status"]) for v in member["appointments"]] == [
        (str(kid_visit), "cancelled")
    ]
    rows = list(csv.DictReader(io.StringIO(
        harness.sandbox.file_bytes(as_csv.file_id).decode("utf-8-sig")
    )))  # fmt: skip
    assert sorted((r["patient"], r["doctor"]) for r in rows) == [
        ("Ann Lee", "Dr. Test 0"), ("Mia Lee", "Dr. Kid")
    ]  # fmt: skip
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_pediatrics_without_a_child_offers_to_add_one_and_books_for_them(
    harness, world
) -> None:
    await add_patient(world, 5002, name="Bo Diaz")
    bo = harness.sandbox.user(5002, "Bo")
    question = await _to_whom(bo, "Pediatrics", "Dr. Kid", time="10:00")
    assert "Pediatrics sees children: add your child first" in question
    assert bo.bot_messages[-1].button_texts == ["🙋 Me (Bo Diaz)", "➕ Add a child", "⬅️ Back"]
    reply = await bo.press("➕ Add a child")
    assert "What is your family member's full name?" in reply.text
    reply = await bo.press("⬅️ Back")  # back to the question, the booking kept
    assert "Who is this visit for?" in reply.text
    await bo.press("➕ Add a child")
    reply = await bo.send_text("Leo Dias")
    assert "What is Leo Dias's date of birth?" in reply.text
    reply = await bo.press("⬅️ Back")  # back to the name, to put it right
    assert "What is your family member's full name?" in reply.text
    await bo.send_text("Leo Diaz")
    await bo.send_text("12.03.2021")
    await bo.press("👶 Child")
    reply = await bo.press("Skip")
    assert "✅ Leo Diaz has been added to your family." in reply.texts[0]
    assert "What is the visit about?" in reply.text  # back in the booking, at the reason
    summary = await bo.press("Skip")
    assert "👤 For: Leo Diaz" in summary.text and "10:00" in summary.text
    booked = _all(await bo.press("✅ Confirm"))
    assert "👤 For: Leo Diaz" in booked
    assert await _sql(
        harness, "SELECT p.full_name, p.holder_id FROM appointments a"
        " JOIN patients p ON p.id = a.patient_id",
    ) == [("Leo Diaz", world.patients[5002])]  # fmt: skip


async def test_removing_a_family_member_says_their_visit_goes_and_cancels_it(
    harness, world
) -> None:
    await add_patient(world, 5003, name="Cy Ray")
    cy = harness.sandbox.user(5003, "Cy")
    await _add_child(cy, name="Ivy Ray")
    await _to_whom(cy, "Pediatrics", "Dr. Kid")
    await cy.press("👤 Ivy Ray")
    await cy.press("Skip")
    await cy.press("✅ Confirm")
    await cy.send_command("/profile")
    await cy.press("👨‍👩‍👧 Family")
    card = await cy.press("👤 Ivy Ray")
    assert "👶 Child" in card.text and "01.02.2020" in card.text
    question = await cy.press("🗑 Remove from my family")
    assert "Ivy Ray's upcoming visit will be cancelled" in question.text
    done = await cy.press("🗑 Yes, remove")
    assert "Ivy Ray has been removed from your family." in done.text
    assert "The upcoming visit was cancelled." in done.text
    assert "You have not added anyone yet." in done.text
    assert await _sql(
        harness, "SELECT a.status, p.full_name, p.date_of_birth FROM appointments a"
        " JOIN patients p ON p.id = a.patient_id",
    ) == [("cancelled", family.REMOVED_NAME, None)]  # fmt: skip


async def test_forged_presses_on_another_accounts_family_member_expire(harness, world) -> None:
    await add_patient(world, 5004, name="Vic Tim")
    await add_patient(world, 5005, name="Theo Thief")
    async with unit_of_work(harness.factory) as session:
        leo = await family.add_member(
            session, actor=world.actors[5004], holder_id=world.patients[5004],
            full_name="Leo Tim", date_of_birth=date(2021, 1, 1), relation="child",
            allergies=None, today=NOW.date(), now=NOW,
        )  # fmt: skip
    visit = await booking.book_slot(
        world.factory, actor=world.actors[5004], patient_id=leo.id,
        slot_id=world.slots[2], now=NOW,
    )  # fmt: skip
    thief = harness.sandbox.user(5005, "Theo")
    # At "Who is this visit for?", the victim's child named instead.
    await _to_whom(thief, "Pediatrics", "Dr. Kid", time="10:00")
    screen = thief.bot_messages[-1].message_id
    reply = await thief.press_data(screen, ForWhom(leo.id).pack())
    assert reply.callback_answer.text == EXPIRED
    # The thief's own flow goes on untouched: booking for himself still works.
    await thief.press("🙋 Me (Theo Thief)")
    await thief.press("Skip")
    booked = await thief.press("✅ Confirm")
    assert "✅ Booked!" in _all(booked) and "For:" not in _all(booked)
    for forged in (
        Member(MemberAction.OPEN, leo.id),
        Member(MemberAction.REMOVE_YES, leo.id),
        Member(MemberAction.NAME, leo.id),
        Appt(ApptAction.OPEN, visit.id),
        Appt(ApptAction.CANCEL, visit.id),
        Appt(ApptAction.RESCHEDULE, visit.id),
    ):
        reply = await thief.press_data(booked.last.message_id, forged.pack())
        assert reply.callback_answer.text == EXPIRED, forged
    assert await _sql(
        harness, "SELECT p.full_name, p.removed_at, a.status FROM patients p"
        " JOIN appointments a ON a.patient_id = p.id WHERE p.id = :p", p=leo.id,
    ) == [("Leo Tim", None, "scheduled")]  # fmt: skip
    assert await _sql(
        harness, "SELECT 1 FROM audit_logs WHERE action LIKE 'family.%'"
        " AND actor_user_id = :u", u=world.actors[5005].user_id,
    ) == []  # fmt: skip


async def test_editing_a_member_moving_their_visit_and_deleting_the_account(
    harness, world
) -> None:
    await add_patient(world, 5006, name="Dee Dee")
    async with unit_of_work(harness.factory) as session:
        kim = await family.add_member(
            session, actor=world.actors[5006], holder_id=world.patients[5006],
            full_name="Kim Dee", date_of_birth=date(2019, 5, 5), relation="child",
            allergies=None, today=NOW.date(), now=NOW,
        )  # fmt: skip
    await booking.book_slot(
        world.factory, actor=world.actors[5006], patient_id=kim.id,
        slot_id=world.slots[2], now=NOW,
    )  # fmt: skip
    dee = harness.sandbox.user(5006, "Dee")
    await dee.send_command("/profile")
    await dee.press("👨‍👩‍👧 Family")
    await dee.press("👤 Kim Dee")
    reply = await dee.press("✏️ Name")
    assert "Send Kim Dee's full name as it should be:" in reply.text
    reply = await dee.send_text("Kim Lee-Dee")
    assert "Saved." in reply.text and "Kim Lee-Dee" in reply.text
    await dee.press("✏️ Date of birth")
    reply = await dee.send_text("3/4/2019")
    assert "Did you mean" in reply.text
    reply = await dee.press("3 April 2019")
    assert "03.04.2019" in reply.text
    await dee.press("✏️ Relation")
    reply = await dee.press("👫 Brother or sister")
    assert "👫 Brother or sister" in reply.text
    assert await _sql(
        harness, "SELECT full_name, date_of_birth, relation FROM patients WHERE id = :p", p=kim.id
    ) == [("Kim Lee-Dee", date(2019, 4, 3), "sibling")]

    # Moving Kim's visit from /my: the summary and the result still name Kim.
    await dee.send_command("/my")
    await dee.press("Kim Lee-Dee: Wed 6 Mar, 09:00 · Dr. Kid")
    await dee.press("🔁 Reschedule")
    await dee.press("6●")
    summary = await dee.press("10:00")
    assert "👤 For: Kim Lee-Dee" in summary.text
    moved = _all(await dee.press("✅ Confirm"))
    assert "Moved!" in moved and "👤 For: Kim Lee-Dee" in moved
    assert await _sql(
        harness, "SELECT a.status, to_char(a.starts_at AT TIME ZONE 'UTC', 'HH24:MI')"
        " FROM appointments a WHERE a.patient_id = :p ORDER BY a.starts_at", p=kim.id,
    ) == [("cancelled", "09:00"), ("scheduled", "10:00")]  # fmt: skip

    # Deleting the account says Kim goes too, and takes Kim's visit and details with it.
    await dee.send_command("/privacy")
    question = await dee.press("🗑 Delete my account")
    assert "Your upcoming visit will be cancelled" in question.text
    assert "Your family member goes with the account" in question.text
    done = await dee.press("🗑 Yes, delete my account")
    assert "Your upcoming visit was cancelled." in done.text
    assert await _sql(
        harness, "SELECT p.full_name, p.date_of_birth, p.removed_at IS NOT NULL, a.status"
        " FROM patients p JOIN appointments a ON a.patient_id = p.id"
        " WHERE p.id = :p AND a.starts_at = :t", p=kim.id, t=WED + timedelta(hours=1),
    ) == [(family.REMOVED_NAME, None, True, "cancelled")]  # fmt: skip
