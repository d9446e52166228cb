"""A staff member's record on the admin's /users card, through the sandbox: department and
position typed (empty or too long said and asked again, nothing written), status by buttons,
each change audited with before → after; forged presses and non-admins expire."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from db.engine import unit_of_work
from db.models import AuditLog, Staff
from handlers.slot_buttons import StaffEdit, StaffField, StaffSetStatus, StaffStatus
from tests.world import add_patient, add_staff, build_world

ADMIN, DESK, PATIENT = 9001, 5001, 1
EXPIRED = "This button has expired."


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=1)
    await add_staff(w, ADMIN, role="admin")
    w.desk_user = await add_staff(w, DESK)
    await add_patient(w, PATIENT, "Pat Patient")
    return w


async def _staff(w) -> Staff:
    async with unit_of_work(w.factory) as session:
        return await session.scalar(select(Staff).where(Staff.user_id == w.desk_user))


async def _audit(w) -> list[AuditLog]:
    async with unit_of_work(w.factory) as session:
        return list(
            await session.scalars(
                select(AuditLog)
                .where(AuditLog.resource_id == str(w.desk_user), AuditLog.action == "staff.edit")
                .order_by(AuditLog.at, AuditLog.id)
            )
        )


async def test_the_admin_edits_a_staff_record_and_each_change_is_audited(harness, world) -> None:
    w = world
    admin = harness.sandbox.user(ADMIN, "Admin")
    found = await admin.send_command("/users", "front desk")
    card = await admin.press("Front Desk · front desk · active", found.last)
    assert "department — · position — · active" in card.text
    assert "✏️ Department" in card.button_texts and "Staff status: on leave" in card.button_texts
    reply = await admin.press("✏️ Department", card.last)
    assert "new department of Front Desk" in reply.text
    reply = await admin.send_text(" — ")
    assert "letters or digits" in reply.text and "new department" in reply.text
    reply = await admin.send_text("x" * 101)
    assert "at most 100 characters" in reply.text and "new department" in reply.text
    assert (await _staff(w)).department is None  # nothing written by bad input
    reply = await admin.send_text("Reception")
    assert "staff record is updated" in reply.text and "department Reception" in reply.text
    reply = await admin.press("✏️ Position", reply.last)
    reply = await admin.send_text("Head of the desk")
    assert "position Head of the desk" in reply.text
    reply = await admin.press("Staff status: on leave", reply.last)
    assert "· on leave" in reply.text
    staff = await _staff(w)
    assert (staff.department, staff.position, staff.status) == (
        "Reception", "Head of the desk", "on_leave",
    )  # fmt: skip
    rows = await _audit(w)
    # One frozen clock: the rows share their moment, so they are compared without an order.
    assert sorted((r.details for r in rows), key=lambda d: next(iter(d["after"]))) == [
        {"before": {"department": None}, "after": {"department": "Reception"}},
        {"before": {"position": None}, "after": {"position": "Head of the desk"}},
        {"before": {"status": "active"}, "after": {"status": "on_leave"}},
    ]
    assert all(r.actor_user_id == w.actors[ADMIN].user_id for r in rows)
    # The same status again changes nothing and writes no row.
    await admin.press_data(
        reply.last.message_id, StaffSetStatus(w.desk_user, StaffStatus.ON_LEAVE).pack()
    )
    assert len(await _audit(w)) == 3


async def test_forged_presses_and_non_admins_change_no_staff_record(harness, world) -> None:
    w = world
    admin = harness.sandbox.user(ADMIN, "Admin")
    reply = await admin.send_command("/users", "pat patient")
    screen = reply.last.message_id
    # A patient's account has no staff record: its edit buttons have expired.
    patient_user = w.actors[PATIENT].user_id
    for data in (
        StaffSetStatus(patient_user, StaffStatus.INACTIVE).pack(),
        StaffEdit(patient_user, StaffField.POSITION).pack(),
        StaffSetStatus(uuid.uuid4(), StaffStatus.INACTIVE).pack(),
        "zh:bad:on_leave",
    ):
        forged = await admin.press_data(screen, data)
        assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text, data
    for tg, name in ((DESK, "Desk"), (PATIENT, "Pat")):
        user = harness.sandbox.user(tg, name)
        reply = await user.send_command("/start")
        for data in (
            StaffSetStatus(w.desk_user, StaffStatus.INACTIVE).pack(),
            StaffEdit(w.desk_user, StaffField.DEPARTMENT).pack(),
        ):
            forged = await user.press_data(reply.last.message_id, data)
            assert forged.callback_answer is not None and EXPIRED in forged.callback_answer.text
        reply = await user.send_text("Hacked")  # no step asked for it
    staff = await _staff(w)
    assert (staff.department, staff.position, staff.status) == (None, None, "active")
    assert await _audit(w) == []
