"""The patient's own data on a real PostgreSQL: the overview, the export, deleting the account."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from db.engine import unit_of_work
from db.models import MedicalRecord
from handlers.patient import export_files
from services import booking, privacy, users
from services.errors import NotAllowed, NotFound
from services.policy import Actor
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

FUTURE = NOW + timedelta(days=2)  # Wednesday 08:00 London, outside every notice
PAST = NOW - timedelta(days=7)
SQL_USER = (
    "SELECT u.full_name, u.phone, u.email, u.telegram_user_id, u.chat_id, u.is_active,"
    " u.deleted_at, p.date_of_birth, p.blood_group, p.allergies, p.emergency_contact,"
    " p.insurance FROM users u JOIN patients p ON p.user_id = u.id WHERE p.id = :patient"
)


@pytest.fixture
async def world(session_factory):
    """Ann (1001): a past completed visit with its record and an upcoming one; Bob (1002): one
    upcoming visit with the other doctor."""
    w = await build_world(session_factory, doctors=2)
    for tg, name in ((1001, "Ann Lee"), (1002, "Bob Roe")):
        await add_patient(w, tg, name=name)
    past = await add_slot(w, doctor=0, starts_at=PAST)
    w.past_visit = await _book(w, 1001, past, now=PAST - timedelta(days=1), reason="check-up")
    w.ann_visit = await _book(w, 1001, await add_slot(w, doctor=0, starts_at=FUTURE), reason="rash")
    w.bob_visit = await _book(w, 1002, await add_slot(w, doctor=1, starts_at=FUTURE))
    await _sql(
        w,
        "UPDATE appointments SET status = 'completed', status_changed_at = ends_at WHERE id = :a",
        a=w.past_visit,
    )
    await _sql(
        w,
        "UPDATE patients SET date_of_birth = '1985-03-12', blood_group = 'A+',"
        " allergies = 'Pollen', emergency_contact = 'Sam +447911000000',"
        " insurance = '{\"insurer\": \"Acme\", \"number\": \"X-1\"}' WHERE id = :p",
        p=w.patients[1001],
    )
    async with unit_of_work(w.factory) as session:
        session.add(
            MedicalRecord(
                patient_id=w.patients[1001],
                doctor_id=w.doctor_ids[0],
                appointment_id=w.past_visit,
                diagnosis="Contact dermatitis",
                prescription="Hydrocortisone 1%",
            )
        )
    return w


async def _book(w, tg: int, slot, *, now: datetime = NOW, reason: str | None = None):
    appt = await booking.book_slot(
        w.factory, actor=w.actors[tg], patient_id=w.patients[tg], slot_id=slot, now=now,
        reason=reason,
    )  # fmt: skip
    return appt.id


async def _sql(w, sql: str, **params) -> list:
    async with unit_of_work(w.factory) as session:
        result = await session.execute(text(sql), params)
        return list(result.all()) if result.returns_rows else []


async def _audit(w, action: str) -> list:
    return await _sql(
        w, "SELECT actor_user_id, resource_id, details, at FROM audit_logs WHERE action = :a",
        a=action,
    )  # fmt: skip


async def _snapshot(w) -> tuple:
    """Every row the privacy services could touch, to prove a refusal changed nothing."""
    return (
        await _sql(w, SQL_USER, patient=w.patients[1001]),
        await _sql(w, "SELECT id, status FROM appointments ORDER BY id"),
        await _sql(w, "SELECT id, booked_count FROM appointment_slots ORDER BY id"),
        await _sql(w, "SELECT count(*) FROM notifications WHERE sent_at IS NULL"),
        await _sql(w, "SELECT count(*) FROM audit_logs"),
    )


async def test_the_overview_shows_each_category_and_the_counts(world) -> None:
    ann = world.actors[1001]
    async with unit_of_work(world.factory) as session:
        seen = await privacy.overview(session, actor=ann, user_id=ann.user_id, now=NOW)
    assert (seen.full_name, seen.phone, seen.date_of_birth) == (
        "Ann Lee", "+447911123456", date(1985, 3, 12)
    )  # fmt: skip
    assert (seen.allergies, seen.emergency_contact, seen.language) == (
        "Pollen", "Sam +447911000000", "en"
    )  # fmt: skip
    assert (seen.upcoming, seen.past, seen.privacy_accepted_at) == (1, 1, NOW)


async def test_the_export_holds_exactly_the_patients_own_data(world) -> None:
    ann = world.actors[1001]
    async with unit_of_work(world.factory) as session:
        export = await privacy.export_patient_data(
            session, actor=ann, patient_id=ann.patient_id, now=NOW
        )
    assert [a.id for a in export.appointments] == [world.past_visit, world.ann_visit]
    assert world.bob_visit not in {a.id for a in export.appointments}
    past, upcoming = export.appointments
    assert (past.status, past.reason, past.doctor) == ("completed", "check-up", "Dr. Test 0")
    assert (upcoming.status, upcoming.reason) == ("scheduled", "rash")
    assert upcoming.clinic == "Test Clinic"
    assert upcoming.starts_at == FUTURE and upcoming.starts_at.utcoffset() == timedelta(0)
    assert upcoming.timezone == "Europe/London"
    assert upcoming.starts_at_local.tzinfo == ZoneInfo("Europe/London")
    assert upcoming.starts_at_local == FUTURE
    profile = export.profile
    assert (profile.full_name, profile.phone, profile.allergies) == (
        "Ann Lee", "+447911123456", "Pollen"
    )  # fmt: skip
    assert profile.insurance == {"insurer": "Acme", "number": "X-1"}
    (record,) = export.records
    assert (record.appointment_id, record.diagnosis) == (world.past_visit, "Contact dermatitis")
    # The audit row names who and when, with ids and counts only.
    ((actor, resource, details, at),) = await _audit(world, "privacy.export")
    assert (actor, resource, at) == (ann.user_id, str(ann.patient_id), NOW)
    assert details == {"appointments": 2, "records": 1}


async def test_deleting_cancels_the_future_keeps_the_past_and_erases_the_person(world) -> None:
    ann = world.actors[1001]
    when = NOW + timedelta(hours=1)
    async with unit_of_work(world.factory) as session:
        preview = await privacy.deletion_preview(session, actor=ann, user_id=ann.user_id, now=when)
    assert preview.cancels == 1
    done = await privacy.delete_account(world.factory, actor=ann, user_id=ann.user_id, now=when)
    assert (done.cancelled, done.kept_appointments) == (1, 2)
    # The upcoming visit is cancelled through the ordinary path: its place is free again.
    rows = await _sql(
        world,
        "SELECT a.id, a.status, a.cancellation_reason, s.booked_count FROM appointments a"
        " JOIN appointment_slots s ON s.id = a.slot_id WHERE a.patient_id = :p"
        " ORDER BY a.starts_at",
        p=ann.patient_id,
    )
    assert rows == [
        (world.past_visit, "completed", None, 0),  # a completed visit holds no place
        (world.ann_visit, "cancelled", "account deleted", 0),
    ]
    ((bob_status,),) = await _sql(
        world, "SELECT status FROM appointments WHERE id = :a", a=world.bob_visit
    )
    assert bob_status == "scheduled"
    # The person is erased; the account stays, detached from any chat.
    (person,) = await _sql(world, SQL_USER, patient=ann.patient_id)
    assert tuple(person) == (
        "Deleted patient", None, None, None, None, False, when, None, None, None, None, None
    )
    # The clinic's records stay: the visit record, and the audit trail.
    assert await _sql(world, "SELECT count(*) FROM medical_records") == [(1,)]
    unsent = await _sql(
        world,
        "SELECT count(*) FROM notifications WHERE user_id = :u AND sent_at IS NULL",
        u=ann.user_id,
    )
    assert unsent == [(0,)]
    ((actor, resource, details, at),) = await _audit(world, "privacy.delete")
    assert (actor, resource, at) == (ann.user_id, str(ann.user_id), when)
    assert details == {
        "patient_id": str(ann.patient_id), "cancelled": 1, "kept_appointments": 2
    }  # fmt: skip
    cancels = await _audit(world, "appointment.cancel")
    assert [r[1] for r in cancels] == [str(world.ann_visit)]
    # Nobody is behind the Telegram account any more: /start there is a new registration.
    async with unit_of_work(world.factory) as session:
        assert await users.find_by_telegram(session, telegram_user_id=1001) is None
        again = await users.register_patient(
            session, telegram_user_id=1001, chat_id=1001, full_name="Ann Lee",
            phone="+447911123456", date_of_birth=date(1985, 3, 12), now=when,
        )  # fmt: skip
    assert again.id != ann.user_id and again.patient_id != ann.patient_id


async def test_another_patient_is_refused_and_nothing_changes(world) -> None:
    ann, bob = world.actors[1001], world.actors[1002]
    before = await _snapshot(world)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await privacy.overview(session, actor=bob, user_id=ann.user_id, now=NOW)
        with pytest.raises(NotAllowed):
            await privacy.export_patient_data(
                session, actor=bob, patient_id=ann.patient_id, now=NOW
            )
        with pytest.raises(NotAllowed):
            await privacy.deletion_preview(session, actor=bob, user_id=ann.user_id, now=NOW)
    with pytest.raises(NotAllowed):
        await privacy.delete_account(world.factory, actor=bob, user_id=ann.user_id, now=NOW)
    assert await _snapshot(world) == before


async def test_the_front_desk_may_not_and_an_admin_may(world) -> None:
    await add_staff(world, 5001)
    await add_staff(world, 7001, role="admin")
    desk, admin, ann = world.actors[5001], world.actors[7001], world.actors[1001]
    before = await _snapshot(world)
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotAllowed):
            await privacy.export_patient_data(
                session, actor=desk, patient_id=ann.patient_id, now=NOW
            )
    with pytest.raises(NotAllowed):
        await privacy.delete_account(world.factory, actor=desk, user_id=ann.user_id, now=NOW)
    assert await _snapshot(world) == before
    # A practice account is not deleted here, not even by an admin.
    with pytest.raises(NotAllowed) as refused:
        await privacy.delete_account(world.factory, actor=admin, user_id=desk.user_id, now=NOW)
    assert refused.value.code == "account-not-patient"
    async with unit_of_work(world.factory) as session:
        export = await privacy.export_patient_data(
            session, actor=admin, patient_id=ann.patient_id, now=NOW
        )
    assert len(export.appointments) == 2
    done = await privacy.delete_account(world.factory, actor=admin, user_id=ann.user_id, now=NOW)
    assert done.cancelled == 1
    ((actor, _resource, _details, _at),) = await _audit(world, "privacy.delete")
    assert actor == admin.user_id


async def test_a_deleted_account_cannot_be_deleted_or_read_again(world) -> None:
    system = Actor.system()
    ann = world.actors[1001]
    await privacy.delete_account(world.factory, actor=ann, user_id=ann.user_id, now=NOW)
    audit_rows = await _sql(world, "SELECT count(*) FROM audit_logs")
    with pytest.raises(NotFound) as gone:
        await privacy.delete_account(world.factory, actor=system, user_id=ann.user_id, now=NOW)
    assert gone.value.code == "profile-not-found"
    async with unit_of_work(world.factory) as session:
        with pytest.raises(NotFound):
            await privacy.overview(session, actor=system, user_id=ann.user_id, now=NOW)
    assert await _sql(world, "SELECT count(*) FROM audit_logs") == audit_rows


async def test_the_csv_keeps_typed_text_as_text(world) -> None:
    await _sql(
        world, "UPDATE appointments SET reason = '=HYPERLINK(\"x\")' WHERE id = :a",
        a=world.ann_visit,
    )  # fmt: skip
    ann = world.actors[1001]
    async with unit_of_work(world.factory) as session:
        export = await privacy.export_patient_data(
            session, actor=ann, patient_id=ann.patient_id, now=NOW
        )
    rows = list(csv.DictReader(io.StringIO(export_files.as_csv(export).decode("utf-8-sig"))))
    assert [r["appointment_id"] for r in rows] == [str(world.past_visit), str(world.ann_visit)]
    assert rows[1]["reason"] == "'=HYPERLINK(\"x\")"  # a spreadsheet shows it, runs nothing
    assert json.loads(export_files.as_json(export))["appointments"][1]["reason"] == (
        '=HYPERLINK("x")'  # the JSON keeps the exact text
    )
