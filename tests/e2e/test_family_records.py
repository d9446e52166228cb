"""A holder reads their family members' visit records in /records, each labelled with whose
it is; nobody else does; the privacy export carries the records' corrections, the family
members' included."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from db.engine import unit_of_work
from handlers.visit_callbacks import RecordsPage
from services import family, visit_records
from services.policy import Actor, Role
from services.visit_records import RecordText
from tests.e2e.test_doctor_day import DOCTOR_TG, add_visit, link_doctor
from tests.e2e.test_privacy import _documents
from tests.world import NOW, add_patient, build_world

ANN, BOB, MIA = 1, 2, 50  # MIA: the key of Ann's daughter in `world.patients`


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    doctor_user = await link_doctor(w, 0, DOCTOR_TG, "Dr. Test 0")
    w.doctor = Actor(user_id=doctor_user, role=Role.doctor, doctor_id=w.doctor_ids[0],
                     doctor_clinic_id=w.clinic_id, telegram_user_id=DOCTOR_TG)  # fmt: skip
    await add_patient(w, ANN, name="Ann Lee")
    await add_patient(w, BOB, name="Bob Roe")
    async with unit_of_work(harness.factory) as session:
        mia = await family.add_member(
            session, actor=w.actors[ANN], holder_id=w.patients[ANN], full_name="Mia Lee",
            date_of_birth=date(2020, 6, 1), relation="child", allergies=None,
            today=NOW.date(), now=NOW,
        )  # fmt: skip
    w.patients[MIA] = mia.id
    # One record each, written in this order (Mia's is the newest), Ann's and Mia's corrected.
    for key, days, diagnosis in ((BOB, 4, "Bob's eczema"), (ANN, 3, "Ann's rash"),
                                 (MIA, 2, "Mia's cough")):  # fmt: skip
        visit = await add_visit(w, key, NOW - timedelta(days=days), status="completed")
        await visit_records.save_record(
            w.factory, actor=w.doctor, appointment_id=visit,
            text=RecordText(diagnosis=diagnosis), now=NOW - timedelta(days=days, hours=-1),
        )  # fmt: skip
        if key != BOB:
            await visit_records.correct_record(
                w.factory, actor=w.doctor, appointment_id=visit,
                text=RecordText(diagnosis=f"{diagnosis}, corrected"), now=NOW,
            )  # fmt: skip
    return w


async def test_a_holder_reads_their_family_members_records_labelled(harness, world) -> None:
    ann = harness.sandbox.user(ANN, "Ann")
    first = await ann.send_command("/records")
    assert "Mia Lee: visit with Dr. Test 0" in first.text and "Record 1 of 2" in first.text
    assert "Mia's cough, corrected" in first.text
    second = await ann.press("Next ›")
    assert "Your visit with Dr. Test 0" in second.text and "Record 2 of 2" in second.text
    assert "Ann's rash, corrected" in second.text
    assert "Bob" not in first.text + second.text
    # Bob reads his own only; a press for another page stays within his.
    bob = harness.sandbox.user(BOB, "Bob")
    his = await bob.send_command("/records")
    assert "Your visit with Dr. Test 0" in his.text and "Record 1 of 1" in his.text
    assert "Mia" not in his.text and "Ann" not in his.text
    await bob.press_data(his.last.message_id, RecordsPage(1).pack())
    shown = bob.message(his.last.message_id).text
    assert "Mia" not in shown and "Ann" not in shown


async def test_the_export_has_the_corrections_of_own_and_family_records(harness, world) -> None:
    ann = harness.sandbox.user(ANN, "Ann")
    await ann.send_command("/privacy")
    await ann.press("⬇️ Download my data")
    as_json, _as_csv = await _documents(ann, 2)
    data = json.loads(harness.sandbox.file_bytes(as_json.file_id))
    (own,) = data["records"]
    assert own["diagnosis"] == "Ann's rash"
    assert [c["diagnosis"] for c in own["corrections"]] == ["Ann's rash, corrected"]
    (mia,) = data["family"]
    (mias,) = mia["records"]
    assert mias["diagnosis"] == "Mia's cough"
    assert [c["diagnosis"] for c in mias["corrections"]] == ["Mia's cough, corrected"]
    assert "Bob" not in json.dumps(data)
