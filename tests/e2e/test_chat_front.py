"""The chat front as a new user and an attacker find it (issue: one flow at a time, typed
buttons, private chats only, never silent). Each test reproduces a finding."""

from __future__ import annotations

import dataclasses
import logging
import typing
import uuid
from datetime import UTC, date, datetime, timedelta
from enum import Enum

import pytest
from sqlalchemy import func, select

from db.engine import unit_of_work
from db.models import Appointment, AuditLog, Patient, User
from handlers.callbacks import registered
from tests.world import add_patient, add_slot, add_staff, build_world

WED = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)  # Wednesday 09:00 London (NOW is Monday 08:00)
EXPIRED = "This button has expired."


@pytest.fixture
async def world(harness):
    w = await build_world(harness.factory, doctors=2)
    for minutes in (0, 30, 60):
        await add_slot(w, doctor=0, starts_at=WED + timedelta(minutes=minutes))
    return w


async def _patient_row(factory, telegram_id: int) -> tuple[User, Patient]:
    async with unit_of_work(factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == telegram_id))
        patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
    return user, patient


async def _counts(factory) -> tuple[int, int, int]:
    """Appointments, patients and audit rows: what a press must not change."""
    async with unit_of_work(factory) as session:
        return (
            await session.scalar(select(func.count()).select_from(Appointment)),
            await session.scalar(select(func.count()).select_from(Patient)),
            await session.scalar(select(func.count()).select_from(AuditLog)),
        )


# --- 1. typed text goes only to the step that asked for it ---------------------------------


async def test_text_after_leaving_a_profile_edit_does_not_overwrite_allergies(
    harness, world
) -> None:
    await add_patient(world, 2001)
    pat = harness.sandbox.user(2001, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Allergies")
    await pat.send_text("Penicillin")
    await pat.press("✏️ Allergies")
    await pat.send_command("/start")  # leaves the edit
    reply = await pat.send_text("I need a dermatologist on Wednesday morning")
    assert "Saved" not in reply.text
    assert "Free times for Dermatology" in reply.text  # the shortcut took it
    _, patient = await _patient_row(harness.factory, 2001)
    assert patient.allergies == "Penicillin"


async def test_name_edit_left_for_booking_search_renames_nobody(harness, world) -> None:
    await add_patient(world, 2002, name="Pat Patient")
    pat = harness.sandbox.user(2002, "Pat")
    await pat.send_command("/profile")
    await pat.press("✏️ Name")
    await pat.send_command("/book")
    await pat.press("🔎 Type a name or specialty")
    reply = await pat.send_text("dr test")
    assert "Dr. Test 0 · Dermatology · Test Clinic" in reply.last.button_texts  # searched
    user, _ = await _patient_row(harness.factory, 2002)
    assert user.full_name == "Pat Patient"
    reply = await pat.send_command("/stop")
    assert "Stopped" in reply.text


async def test_start_ends_a_half_done_booking(harness, world) -> None:
    await add_patient(world, 2003)
    pat = harness.sandbox.user(2003, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (2)")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    calendar = (await pat.press("📅 Choose a day")).last
    await pat.send_command("/start")
    reply = await pat.send_text("blah blah")
    assert "could not understand that date" not in reply.text
    assert "choose a day" not in reply.text
    reply = await pat.press("6●", calendar)  # the old booking's buttons have expired
    assert reply.callback_answer.text == EXPIRED


async def test_text_where_a_button_is_expected_gets_a_short_answer_and_keeps_the_step(
    harness, world
) -> None:
    await add_patient(world, 2004)
    pat = harness.sandbox.user(2004, "Pat")
    await pat.send_command("/book")
    reply = await pat.send_text("hello?")
    assert "use the buttons" in reply.text
    reply = await pat.press("🩺 By specialty")  # the step is still open
    assert "Choose a specialty" in reply.text


async def test_older_screen_of_the_open_flow_has_expired(harness, world) -> None:
    await add_patient(world, 2005)
    pat = harness.sandbox.user(2005, "Pat")
    first = (await pat.send_command("/book")).last
    await pat.send_command("/book")  # a second booking screen: the first one is stale
    reply = await pat.press("🩺 By specialty", first)
    assert reply.callback_answer.text == EXPIRED


# --- 6. never silent -----------------------------------------------------------------------


async def test_commands_with_nothing_open_all_answer(harness, world) -> None:
    await add_patient(world, 2010)
    pat = harness.sandbox.user(2010, "Pat")
    reply = await pat.send_command("/stop")
    assert "nothing to stop" in reply.text
    reply = await pat.send_command("/cancel")
    assert "nothing to stop" in reply.text
    reply = await pat.send_command("/menu")
    assert "📅 Book a visit" in reply.last.button_texts
    reply = await pat.send_command("/frobnicate")
    assert "don't know that command" in reply.text
    assert "📅 Book a visit" in reply.last.button_texts
    for command in ("/today", "/agenda", "/hours", "/off", "/day", "/find", "/clinics", "/doctors",
                    "/invite", "/invites", "/users", "/report", "/audit"):  # fmt: skip
        reply = await pat.send_command(command)
        assert "not allowed" in reply.text, command


@pytest.mark.parametrize(
    ("role", "commands", "buttons", "answer"),
    [
        # A doctor's account not linked to a doctor's profile yet is told so.
        ("doctor", ["/hours", "/off"], ["⏰ Working hours"], "not linked to a doctor's profile"),
        # The clinic's day board; /find and 🔎 Find patient: tests/e2e/test_front_desk.py.
        ("staff", ["/day", "/board"], ["🏥 Clinic day"], "Test Clinic —"),
        # /clinics and /doctors: tests/e2e/test_admin_catalog.py; /report: test_reports.py.
        ("admin", ["/clinics"], ["🏥 Clinics"], "inactive clinic"),
        ("admin", ["/doctors"], ["👩‍⚕️ Doctors"], "inactive clinic"),
        ("admin", ["/report"], ["📊 Reports"], "📊"),
    ],
)
async def test_each_role_gets_an_answer_to_its_commands_and_menu(
    harness, world, role, commands, buttons, answer
) -> None:
    answer = answer or "coming in the next version"
    await add_staff(world, 2011, role=role)
    user = harness.sandbox.user(2011, "Sam")
    reply = await user.send_command("/start")
    assert "Welcome back" in reply.text and "/start to register" not in reply.text
    for command in commands:
        reply = await user.send_command(command)
        assert answer in reply.text, command
    await user.send_command("/start")
    for label in buttons:
        reply = await user.press(label, user.last_bot_message)
        assert answer in reply.text, label
    await user.send_command("/start")  # the board takes the menu's place
    reply = await user.press("❓ Help", user.last_bot_message)
    assert "/stop" in reply.text


async def test_staff_without_patient_details_is_offered_to_add_them_to_book(
    harness, world
) -> None:
    await add_staff(world, 2012, role="staff")
    sam = harness.sandbox.user(2012, "Sam", "Staff")
    reply = await sam.send_command("/book")
    assert "patient details" in reply.text
    await sam.press("➕ Add my details")
    await sam.press("✅ I agree")
    await sam.share_contact("447911123499")
    await sam.press("✅ Yes, that's me")
    reply = await sam.send_text("02.02.1980")
    assert "You're all set" in reply.messages[0].text
    user, patient = await _patient_row(harness.factory, 2012)
    assert user.role == "staff" and patient.date_of_birth == date(1980, 2, 2)
    reply = await sam.send_command("/book")
    assert "How would you like to find a doctor?" in reply.text


# --- 3. malformed, forged and stale presses ------------------------------------------------

FORGED = [
    "f", "f:a:b", "ps:!!!", "pd:@@", "pg:spec:abc", "cd:00010101", "cd:20261301", "cm:zz",
    "sl:##", "ok:a:b", "my:x:y", "my:1:99999999999999999999", "m:nope", "n:back:0",
    "ap:open:short", "cx:AAAAAAAAAAAAAAAAAAAAAA:99999999", "pe:password", "lg:fr",
    "cd:20991231", "zz:1", "", "x" * 64,
]  # fmt: skip


def _variants() -> list[str]:
    """Malformed data for every registered prefix, and well-formed data naming things that
    do not exist or lie outside what was offered (random ids, a day far away)."""
    far = {date: date(2199, 12, 1), int: 0, bool: True, str: "zzzzzz"}
    out: list[str] = []
    for prefix, cls in sorted(registered().items()):
        hints = typing.get_type_hints(cls)
        kinds = [hints[f.name] for f in dataclasses.fields(cls)]
        n = len(kinds)
        out += [prefix, f"{prefix}:", f"{prefix}:!", ":".join([prefix, *["@"] * n]),
                ":".join([prefix, *["0"] * (n + 1)])]  # fmt: skip
        if uuid.UUID in kinds or date in kinds:  # also both (a doctor and a day)
            values = {}
            for f, kind in zip(dataclasses.fields(cls), kinds, strict=True):
                if kind is uuid.UUID:
                    values[f.name] = uuid.uuid4()
                elif isinstance(kind, type) and issubclass(kind, Enum):
                    values[f.name] = next(iter(kind))
                else:
                    values[f.name] = far[kind]
            out.append(cls(**values).pack())
    return out


VARIANTS = FORGED + _variants()


async def _press_all_forged(user, message_id: int, *, every: bool = True) -> None:
    for data in VARIANTS if every else FORGED:
        if not data:
            continue  # Telegram never sends empty data
        reply = await user.press_data(message_id, data, settle=0.01)
        assert reply.callback_answer is not None, data
        assert reply.callback_answer.text == EXPIRED, data


async def test_forged_presses_at_every_step_expire_and_change_nothing(
    harness, world, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    await add_patient(world, 2020)
    pat = harness.sandbox.user(2020, "Pat")
    steps = [
        lambda: pat.send_command("/book"),
        lambda: pat.press("🩺 By specialty"),
        lambda: pat.press("Dermatology (2)"),
        lambda: pat.press("Dr. Test 0 · Dermatology · Test Clinic"),
        lambda: pat.press("📅 Choose a day"),
        lambda: pat.press("6●"),
        lambda: pat.press("09:00"),
        lambda: pat.press("Skip"),
    ]
    before = await _counts(harness.factory)
    for step in steps:
        reply = await step()
        screen = reply.last
        await _press_all_forged(pat, screen.message_id)
        await _press_all_forged(pat, 999_999, every=False)  # a message that does not exist
        assert pat.last_bot_message.message_id == screen.message_id  # nothing new was shown
    reply = await pat.press("✅ Confirm")  # the flow survived every forged press
    assert any("Booked!" in m.text for m in reply.edited)
    appointments, patients, _audit = await _counts(harness.factory)
    assert (appointments, patients) == (before[0] + 1, before[1])
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


async def test_forged_presses_in_registration_and_profile_expire(harness, world, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    ann = harness.sandbox.user(2021, "Ann", "Lee")
    reply = await ann.send_command("/start")
    await _press_all_forged(ann, reply.last.message_id)
    await ann.press("✅ I agree")
    await ann.share_contact("447911123456")
    await _press_all_forged(ann, ann.last_bot_message.message_id)
    await ann.press("✅ Yes, that's me")
    await _press_all_forged(ann, ann.last_bot_message.message_id)
    reply = await ann.send_text("1/2/1990")  # asked which reading was meant
    await _press_all_forged(ann, reply.last.message_id)
    reply = await ann.press("2 January 1990")
    assert "You're all set" in reply.texts[0]
    reply = await ann.send_command("/profile")
    await _press_all_forged(ann, reply.last.message_id)
    await ann.press("✏️ Allergies")
    await _press_all_forged(ann, ann.last_bot_message.message_id)
    reply = await ann.send_text("Pollen")
    assert "Allergies: Pollen" in reply.text
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_stale_reschedule_press_leaves_the_open_booking_alone(harness, world) -> None:
    await add_patient(world, 2022)
    pat = harness.sandbox.user(2022, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (2)")
    reply = await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    # A reschedule press for an appointment that does not exist (or is someone else's).
    forged = "ap:resched:AAAAAAAAAAAAAAAAAAAAAA"
    answer = await pat.press_data(reply.last.message_id, forged)
    assert answer.callback_answer.text == EXPIRED
    reply = await pat.press("📅 Choose a day")  # the booking goes on
    assert "choose a day" in reply.text


# --- 5. private chats only -----------------------------------------------------------------


async def test_profile_in_a_group_shows_nothing_personal(harness, world) -> None:
    await add_patient(world, 2030, name="Pat Private")
    async with unit_of_work(harness.factory) as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == 2030))
        patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
        patient.allergies = "Peanuts"
        patient.date_of_birth = date(1970, 1, 2)
    pat = harness.sandbox.user(2030, "Pat")
    team = harness.sandbox.group(-100_2030, "Family")
    for command in ("/profile", "/my", "/start", "/book", "/help"):
        reply = await pat.send_command(command, chat=team)
        assert "private chat" in reply.text, command
    said = "\n".join(m.text for m in team.bot_messages)
    for secret in ("Peanuts", "+447911123456", "1970", "Pat Private"):
        assert secret not in said
    assert pat.messages == []  # nothing was sent to the private chat either


async def test_registering_from_a_group_stores_nothing(harness, world) -> None:
    ann = harness.sandbox.user(2031, "Ann")
    team = harness.sandbox.group(-100_2031, "Team", type="supergroup")
    reply = await ann.send_command("/start", chat=team)
    assert "private chat" in reply.text
    await ann.share_contact("447911123456", chat=team)
    reply = await ann.press_data(reply.last.message_id, "rg:agree", chat=team)
    assert "private chat" in reply.callback_answer.text
    async with unit_of_work(harness.factory) as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


# --- the flow state's version ----------------------------------------------------------------


async def test_a_flow_state_of_an_unknown_version_restarts_cleanly(harness, world) -> None:
    await add_patient(world, 2040)
    pat = harness.sandbox.user(2040, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    assert harness.app is not None
    stored = harness.app.user_data[2040]["flow"]
    stored["v"] = 999  # written by a future (or past) version of CareSlot
    reply = await pat.press("Dermatology (2)")
    assert "older version" in reply.text
    assert "📅 Book a visit" in reply.last.button_texts
    assert await _counts(harness.factory) == (0, 1, 0)


async def test_a_channel_post_command_gets_the_sentence_and_nothing_else(harness) -> None:
    news = harness.sandbox.group(-100_2032, "News", type="channel")
    reply = await news.post_command("/start")
    assert "private chat" in reply.text
    async with unit_of_work(harness.factory) as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_forged_presses_in_the_appointments_and_the_reschedule_flow(
    harness, world, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    await add_patient(world, 2023)
    pat = harness.sandbox.user(2023, "Pat")
    await pat.send_command("/book")
    await pat.press("🩺 By specialty")
    await pat.press("Dermatology (2)")
    await pat.press("Dr. Test 0 · Dermatology · Test Clinic")
    await pat.press("📅 Choose a day")
    await pat.press("6●")
    await pat.press("09:00")
    await pat.press("Skip")
    await pat.press("✅ Confirm")
    steps = [
        lambda: pat.send_command("/my"),
        lambda: pat.press("Wed 6 Mar, 09:00 · Dr. Test 0"),
        lambda: pat.press("🔁 Reschedule"),
        lambda: pat.press("6●"),
        lambda: pat.press("10:00"),
    ]
    for step in steps:
        screen = (await step()).last
        await _press_all_forged(pat, screen.message_id)
        assert pat.last_bot_message.message_id == screen.message_id
    reply = await pat.press("✅ Confirm")
    assert any("Moved!" in m.text for m in reply.edited)
    async with unit_of_work(harness.factory) as session:
        statuses = sorted((await session.scalars(select(Appointment.status))).all())
    assert statuses == ["cancelled", "scheduled"]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
