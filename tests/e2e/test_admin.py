"""The admin through the sandbox: an invite link opened once (and refused when used,
expired, revoked or forged), /users with role changes and blocking (a blocked account hears
one sentence and cannot book), /audit with its pages and its own viewing, and non-admins
refused everywhere with nothing changed."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import AuditLog, Doctor, Invite, Staff, User
from handlers.admin_buttons import (
    AuditMore,
    InviteRevoke,
    InviteRole,
    InviteTarget,
    UserBlock,
    UserOpen,
    UserRole,
)
from services import booking
from services.errors import NotAllowed
from services.policy import Actor
from tests.world import NOW, add_patient, add_slot, add_staff, build_world

ADMIN_TG, DOCTOR_TG, STRANGER_TG, PATIENT_TG = 9001, 7001, 7002, 1
EXPIRED = "This button has expired."
NOT_ALLOWED = "You are not allowed to do that."
PAUSED = "Your access has been paused — please contact the clinic."
LINK = re.compile(r"https://t\.me/careslot_bot\?start=([A-Za-z0-9_-]+)")


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    await add_staff(w, ADMIN_TG, role="admin")
    await add_patient(w, PATIENT_TG, name="Pat Patient")
    return w


async def _invite(admin, doctor_name: str) -> str:
    listing = await admin.send_command("/invite", "doctor")
    assert doctor_name in listing.button_texts
    reply = await admin.press(doctor_name, listing.last)
    found = LINK.search(reply.text)
    assert found, reply.text
    return found.group(1)


async def _rows(w, model, *where):
    async with unit_of_work(w.factory) as session:
        return list((await session.scalars(select(model).where(*where))).all())


async def _count(w, model, *where) -> int:
    async with unit_of_work(w.factory) as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_an_invited_doctor_opens_the_link_once_and_gets_the_doctor_menu(
    harness, world
) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    chooser = await admin.send_command("/invite")
    assert chooser.button_texts == ["👩‍⚕️ A doctor", "🧑‍💼 A front-desk member"]
    code = await _invite(admin, "Dr. Test 0")
    assert 32 <= len(code) <= 64
    (invite,) = await _rows(world, Invite)
    assert invite.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert invite.expires_at == NOW + timedelta(hours=72) and invite.used_at is None

    doctor = harness.sandbox.user(DOCTOR_TG, "Emma")
    reply = await doctor.send_command("/start", code)
    assert "Your account is now linked as doctor" in reply.text
    assert "📋 Today" in reply.button_texts
    (user,) = await _rows(world, User, User.telegram_user_id == DOCTOR_TG)
    assert user.role == "doctor"
    linked = await _rows(world, Doctor, Doctor.user_id == user.id)
    assert [d.id for d in linked] == [world.doctor_ids[0]]
    today = await doctor.send_command("/today")
    assert "Today" in today.text

    # The second opening, by another account or the same one, is refused and changes nothing.
    stranger = harness.sandbox.user(STRANGER_TG, "Mallory")
    again = await stranger.send_command("/start", code)
    assert "already been used" in again.text
    assert await _count(world, User, User.telegram_user_id == STRANGER_TG) == 0
    assert "already been used" in (await doctor.send_command("/start", code)).text
    (used,) = await _rows(world, Invite)
    assert used.used_by == user.id
    actions = [r.action for r in await _rows(world, AuditLog, AuditLog.resource_type == "invite")]
    assert sorted(actions) == ["invite.create", "invite.use"]


async def test_expired_revoked_and_forged_links_are_each_refused_and_change_nothing(
    harness, world
) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    first = await _invite(admin, "Dr. Test 0")
    harness.clock.now = NOW + timedelta(minutes=5)
    second = await _invite(admin, "Dr. Test 1")
    listing = await admin.send_command("/invites")
    assert "Open invites" in listing.text and "Dr. Test 1" in listing.text
    assert listing.button_texts == ["✖️ Revoke 1", "✖️ Revoke 2"]
    revoked = await admin.press("✖️ Revoke 2", listing.last)
    assert "revoked" in revoked.text and "Dr. Test 1" not in revoked.text

    person = harness.sandbox.user(STRANGER_TG, "Mallory")
    assert "was revoked" in (await person.send_command("/start", second)).text
    assert "not valid" in (await person.send_command("/start", "A" * 43)).text
    assert "not valid" in (await person.send_command("/start", "bad!code")).text
    harness.clock.now = NOW + timedelta(hours=72, seconds=1)
    assert "has expired" in (await person.send_command("/start", first)).text
    assert await _count(world, User, User.telegram_user_id == STRANGER_TG) == 0
    assert await _count(world, Doctor, Doctor.user_id.is_not(None)) == 0
    assert await _count(world, Invite, Invite.used_at.is_not(None)) == 0
    # Gone from the open list once expired.
    assert "no open invites" in (await admin.send_command("/invites")).text


async def test_blocking_pauses_an_account_role_changes_are_confirmed_and_all_is_audited(
    harness, world
) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    patient = harness.sandbox.user(PATIENT_TG, "Pat")
    menu = (await patient.send_command("/menu")).last
    found = await admin.send_command("/users", "pat pat")
    assert found.button_texts == ["Pat Patient · patient · active"]
    card = await admin.press("Pat Patient · patient · active", found.last)
    assert "Role: patient · Status: active" in card.text
    blocked = await admin.press("⏸ Block", card.last)
    assert "The account is paused" in blocked.text and "▶️ Unblock" in blocked.button_texts

    before = len(patient.bot_messages)
    reply = await patient.send_command("/my")
    assert [m.text for m in reply.new_messages] == [PAUSED]
    assert (await patient.send_text("hello")).texts == [PAUSED]
    pressed = await patient.press("🗂 My appointments", menu)
    assert pressed.callback_answer.text == PAUSED and pressed.new_messages == ()
    assert len(patient.bot_messages) == before + 2
    slot = await add_slot(world, starts_at=NOW + timedelta(days=1))
    with pytest.raises(NotAllowed):
        await booking.book_slot(
            world.factory, actor=Actor.from_user(await world.user(PATIENT_TG)),
            patient_id=world.patients[PATIENT_TG], slot_id=slot, now=NOW,
        )  # fmt: skip

    harness.clock.now = NOW + timedelta(minutes=1)
    unblocked = await admin.press("▶️ Unblock", blocked.last)
    assert "active again" in unblocked.text
    assert PAUSED not in (await patient.send_command("/help")).text

    harness.clock.now = NOW + timedelta(minutes=2)
    asked = await admin.press("Make front desk", unblocked.last)
    assert "Change the role of Pat Patient from patient to front desk?" in asked.text
    assert (await world.user(PATIENT_TG)).role == "patient"  # not before Confirm
    done = await admin.press("✅ Confirm", asked.last)
    assert "The role is now front desk." in done.text
    assert (await world.user(PATIENT_TG)).role == "staff"

    page = await admin.send_command("/audit")
    text = page.text
    for action in ("user.role", "user.unblock", "user.block"):
        assert action in text
    assert "patient → staff" in text and "active: yes → no" in text
    assert text.index("user.role") < text.index("user.unblock") < text.index("user.block")
    again = await admin.send_command("/audit", "action:audit")
    assert "audit.view" in again.text and "user.role" not in again.text
    views = await _rows(world, AuditLog, AuditLog.action == "audit.view")
    assert len(views) == 2 and {v.actor_user_id for v in views} == {world.actors[ADMIN_TG].user_id}


async def test_the_audit_log_pages_by_older_with_filters_and_a_period(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    for n in range(12):  # twelve views, a minute apart, then pages of eight
        harness.clock.now = NOW + timedelta(minutes=n)
        await admin.send_command("/audit", "action:nothing.here")
    harness.clock.now = NOW + timedelta(hours=1)
    first = await admin.send_command("/audit", 'user:"Front Desk" action:audit.view today')
    assert first.text.count("audit.view") == 8 and first.button_texts == ["Older →"]
    older = await admin.press("Older →", first.last)
    assert older.last.message_id == first.last.message_id  # in place
    assert older.text.count("audit.view") == 4 and older.button_texts == []
    assert "action: nothing.here" in first.text
    assert "08:11" in first.text and "08:00" in older.text  # London time, newest first
    none = await admin.send_command("/audit", "action:audit.view last week")
    assert "Nothing in the audit log matches." in none.text
    bad = await admin.send_command("/audit", "user:Nobody")
    assert "No account matches" in bad.text


async def test_non_admins_are_refused_and_forged_presses_change_nothing(harness, world) -> None:
    patient = harness.sandbox.user(PATIENT_TG, "Pat")
    for command, args in (("/invite", "doctor"), ("/invites", None), ("/users", "Ada"),
                          ("/audit", None), ("/users", None)):  # fmt: skip
        assert NOT_ALLOWED in (await patient.send_command(command, args)).text
    admin_id = world.actors[ADMIN_TG].user_id
    shown = (await patient.send_command("/help")).last
    forged = [
        InviteRole(role="doctor"),
        InviteTarget(role="doctor", id=world.doctor_ids[0]),
        InviteRevoke(id=uuid.uuid4()),
        UserOpen(id=admin_id),
        UserRole(id=admin_id, role="patient", ok=True),
        UserRole(id=world.actors[PATIENT_TG].user_id, role="admin", ok=True),
        UserBlock(id=admin_id, block=True),
        AuditMore(after=uuid.uuid4()),
    ]
    for data in forged:
        reply = await patient.press_data(shown.message_id, data.pack())
        assert reply.callback_answer is not None and reply.callback_answer.text == EXPIRED
    assert await _count(world, Invite) == 0
    assert await _count(world, AuditLog) == 0
    assert (await world.user(ADMIN_TG)).role == "admin"
    assert (await world.user(ADMIN_TG)).is_active
    assert (await world.user(PATIENT_TG)).role == "patient"


async def test_the_last_admin_is_never_demoted_or_blocked(harness, world) -> None:
    async with unit_of_work(world.factory) as session:
        other = User(telegram_user_id=9002, chat_id=9002, full_name="Bo Admin", role="admin")
        session.add(other)
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    found = await admin.send_command("/users", "Bo Admin")
    card = await admin.press("Bo Admin · admin · active", found.last)
    asked = await admin.press("Make patient", card.last)
    done = await admin.press("✅ Confirm", asked.last)
    assert "The role is now patient." in done.text
    # Ada is now the only admin: Bo (now a patient) cannot become the means to demote her,
    # and she cannot act on herself.
    mine = world.actors[ADMIN_TG].user_id
    forged = await admin.press_data(done.last.message_id, UserBlock(id=mine, block=True).pack())
    assert forged.callback_answer.text == EXPIRED
    assert (await world.user(ADMIN_TG)).is_active


async def test_the_admin_menu_opens_users_invites_and_the_audit_log(harness, world) -> None:
    admin = harness.sandbox.user(ADMIN_TG, "Ada")
    menu = await admin.send_command("/start")
    assert {"👥 Users", "✉️ Invite", "📜 Audit log"} <= set(menu.button_texts)
    asked = await admin.press("👥 Users", menu.last)
    assert "Type the name or phone number" in asked.text
    again = await admin.send_text("x")
    assert "at least two characters" in again.text and "Type the name" in again.text
    found = await admin.send_text("+44 7911 123456")
    assert found.button_texts == ["Pat Patient · patient · active"]
    menu = await admin.send_command("/menu")
    chooser = await admin.press("✉️ Invite", menu.last)
    assert "Whom would you like to invite?" in chooser.text
    staff = await admin.press("🧑‍💼 A front-desk member", chooser.last)
    reply = await admin.press("Test Clinic", staff.last)
    code = LINK.search(reply.text).group(1)
    desk = harness.sandbox.user(STRANGER_TG, "Rita")
    opened = await desk.send_command("/start", code)
    assert "linked as front desk" in opened.text and "🏥 Clinic day" in opened.button_texts
    async with unit_of_work(world.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == STRANGER_TG))
        staff_row = await session.scalar(select(Staff).where(Staff.user_id == user.id))
    assert user.role == "staff" and staff_row.clinic_id == world.clinic_id
    menu = await admin.send_command("/menu")
    page = await admin.press("📜 Audit log", menu.last)
    assert "invite.use" in page.text and "invite.create" in page.text
    assert "role: patient → staff" in page.text
