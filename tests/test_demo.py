"""`careslot demo`: the transcript rendering, the input lines, and whole scripted runs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.demo import (
    LineFailed,
    TerminalChat,
    patient,
    person_for,
    render_answer,
    render_buttons,
    render_keyboard,
    render_message,
    script_lines,
)
from bot.sandbox import (
    BotApiSandbox,
    Button,
    CallbackAnswer,
    ChatMessage,
    Document,
    KeyboardButton,
    ReplyKeyboard,
)
from services.demo_data import DEMO_ADMIN, DEMO_DOCTOR, DEMO_STAFF
from services.phones import normalise_phone

ROOT = Path(__file__).resolve().parent.parent


def message(text: str = "Hello", buttons=(), **fields) -> ChatMessage:
    return ChatMessage(
        message_id=1, chat_id=5, from_bot=True, text=text, date=0, buttons=buttons, **fields
    )


MENU = (
    (Button("📅 Book a visit", "m:book"), Button("🗂 My appointments", "m:my")),
    (Button("❓ Help", "m:help"),),
)


# -- rendering -----------------------------------------------------------------------------------


def test_buttons_are_numbered_row_by_row_one_row_per_line() -> None:
    assert render_buttons(MENU, 1) == [
        "[1] 📅 Book a visit  [2] 🗂 My appointments",
        "[3] ❓ Help",
    ]


def test_buttons_a_number_would_not_press_are_shown_without_numbers() -> None:
    assert render_buttons(MENU, None) == ["[📅 Book a visit]  [🗂 My appointments]", "[❓ Help]"]
    assert render_buttons(((Button("Map", url="https://x.test"),),), 1) == ["[1] Map ↗"]


def test_message_text_lines_are_indented_under_the_first() -> None:
    lines = render_message(message("Before we start\nDo you agree?", MENU[:1]), 1)
    assert lines == [
        "bot: Before we start",
        "     Do you agree?",
        "     [1] 📅 Book a visit  [2] 🗂 My appointments",
    ]


def test_edited_and_deleted_messages_are_marked() -> None:
    assert render_message(message("👤 Jamie"), status="edited") == ["bot (edited): 👤 Jamie"]
    assert render_message(message("a\nb"), status="deleted") == ["bot (deleted): a"]


def test_blank_lines_inside_a_message_have_no_trailing_spaces() -> None:
    assert render_message(message("Hello!\n\nAgree?")) == ["bot: Hello!", "", "     Agree?"]


def test_a_document_shows_its_name_and_size_then_its_caption() -> None:
    doc = Document("F1", "U1", "appointment-2025-03-12.ics", "text/calendar", 812)
    assert render_message(message("Add it to your calendar", document=doc)) == [
        "bot: 📎 appointment-2025-03-12.ics (812 bytes)",
        "     Add it to your calendar",
    ]


def test_reply_keyboard_is_one_line() -> None:
    keyboard = ReplyKeyboard(
        buttons=((KeyboardButton("📱 Share my phone number", request_contact=True),),
                 (KeyboardButton("⬅️ Back"),))
    )  # fmt: skip
    assert render_keyboard(keyboard) == "keyboard: [📱 Share my phone number] [⬅️ Back]"
    assert render_keyboard(None) == "keyboard: (none)"


def test_callback_answers() -> None:
    assert render_answer(CallbackAnswer("1", "This button has expired.", True)) == (
        "(alert) This button has expired."
    )
    assert render_answer(CallbackAnswer("1", "Saved", False)) == "(notice) Saved"
    assert render_answer(CallbackAnswer("1", None, False)) is None
    assert render_answer(None) is None


def test_script_lines_skip_blanks_and_comments() -> None:
    text = "# a comment\n/start\n\n   \n  1  \n# [1] Yes\n12.03.1985\n"
    assert script_lines(text) == ["/start", "1", "12.03.1985"]


# -- who the person chats as ---------------------------------------------------------------------


def test_as_admin_doctor_staff_are_the_seeded_people() -> None:
    for name, seeded in (("admin", DEMO_ADMIN), ("Doctor", DEMO_DOCTOR), ("STAFF", DEMO_STAFF)):
        person = person_for(name)
        assert (person.user_id, person.name, person.phone) == seeded


def test_as_the_demo_doctors_patients_by_name_reads_their_seeded_chat() -> None:
    from services.demo_day import PATIENTS

    for tg_id, name, phone, *_ in PATIENTS:
        person = person_for(name.upper())
        assert (person.user_id, person.name, person.phone, person.role) == (
            tg_id,
            name,
            phone,
            "patient",
        )


def test_other_names_are_patients_with_a_stable_id_and_a_valid_phone() -> None:
    seeded = {DEMO_ADMIN[0], DEMO_DOCTOR[0], DEMO_STAFF[0]}
    names = ["Jamie", "Ann Lee", "Zoë", "x", "Mary Ann O'Brien"]
    people = [person_for(name) for name in names]
    assert len({p.user_id for p in people}) == len(names)
    for person in people:
        assert person.role == "patient" and person.user_id not in seeded
        assert normalise_phone(person.phone) == person.phone
    assert person_for(" jamie ").user_id == patient("Jamie").user_id


# -- the chat, against a sandbox with nobody answering -------------------------------------------


@pytest.fixture
async def quiet_sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(token="100000:DEMO-TEST", settle=0.05, reply_timeout=0.3) as sb:
        yield sb


def bot_says(sandbox: BotApiSandbox, chat_id: int, text: str, markup=None) -> dict:
    """The bot's side, called straight on the emulated API (no bot is running here)."""
    params = {"chat_id": chat_id, "text": text}
    if markup is not None:
        params["reply_markup"] = markup
    return sandbox.api.send_message(params, {})


async def test_chat_prints_new_then_edited_messages_once(quiet_sandbox: BotApiSandbox) -> None:
    out: list[str] = []
    chat = TerminalChat(quiet_sandbox, out.append)
    uid = chat.user.id
    first = bot_says(quiet_sandbox, uid, "Pick one", {"inline_keyboard": [[
        {"text": "A", "callback_data": "a"}, {"text": "B", "callback_data": "b"}]]})  # fmt: skip
    chat.show_changes()
    assert out == ["bot: Pick one", "     [1] A  [2] B"]
    out.clear()
    quiet_sandbox.api.edit_message_text(
        {"chat_id": uid, "message_id": first["message_id"], "text": "Picked A"}, {}
    )
    bot_says(quiet_sandbox, uid, "Share your phone",
             {"keyboard": [[{"text": "📱 Share", "request_contact": True}]]})  # fmt: skip
    chat.show_changes()
    assert out == [
        "bot (edited): Picked A",
        "bot: Share your phone",
        "keyboard: [📱 Share]",
    ]
    out.clear()
    assert chat.show_changes() is False and out == []


async def test_a_number_presses_the_newest_keyboard_message(quiet_sandbox: BotApiSandbox) -> None:
    chat = TerminalChat(quiet_sandbox, [].append)
    bot_says(quiet_sandbox, chat.user.id, "Old", {"inline_keyboard": [[
        {"text": "Old", "callback_data": "old"}]]})  # fmt: skip
    bot_says(quiet_sandbox, chat.user.id, "New", {"inline_keyboard": [[
        {"text": "X", "callback_data": "x"}, {"text": "Y", "callback_data": "y"}]]})  # fmt: skip
    with pytest.raises(LineFailed, match=r"did not answer within 0\.3 s after pressing 'Y'\.$"):
        await chat.handle("2")
    pressed = quiet_sandbox.state.pending[-1].payload["callback_query"]
    assert pressed["data"] == "y"


async def test_a_number_out_of_range_is_sent_as_text(quiet_sandbox: BotApiSandbox) -> None:
    chat = TerminalChat(quiet_sandbox, [].append)
    bot_says(quiet_sandbox, chat.user.id, "Menu", {"inline_keyboard": [[
        {"text": "A", "callback_data": "a"}]]})  # fmt: skip
    with pytest.raises(LineFailed, match="after sending '1985'"):
        await chat.handle("1985")
    assert quiet_sandbox.state.pending[-1].payload["message"]["text"] == "1985"


async def test_a_number_with_no_buttons_in_the_chat_fails(quiet_sandbox: BotApiSandbox) -> None:
    chat = TerminalChat(quiet_sandbox, [].append)
    with pytest.raises(LineFailed, match="There is no button 7 to press"):
        await chat.handle("7")
    assert quiet_sandbox.pending_updates == 0


async def next_update(sandbox: BotApiSandbox, kind: str) -> dict:
    """The body of the newest pending update of `kind`, once the chat has sent it."""
    for _ in range(200):
        for queued in reversed(sandbox.state.pending):
            if kind in queued.payload:
                return queued.payload[kind]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no {kind} update was sent")


async def test_a_press_answered_with_an_alert_prints_it(quiet_sandbox: BotApiSandbox) -> None:
    out: list[str] = []
    chat = TerminalChat(quiet_sandbox, out.append)
    bot_says(quiet_sandbox, chat.user.id, "Menu", {"inline_keyboard": [[
        {"text": "A", "callback_data": "a"}]]})  # fmt: skip
    chat.show_changes()
    out.clear()
    pressing = asyncio.create_task(chat.handle("1"))
    query = await next_update(quiet_sandbox, "callback_query")
    quiet_sandbox.api.answer_callback_query(
        {"callback_query_id": query["id"], "text": "This button has expired.", "show_alert": True},
        {},
    )
    assert await pressing is True
    assert out == ["(alert) This button has expired."]


async def test_a_silent_answer_says_nothing_changed(quiet_sandbox: BotApiSandbox) -> None:
    out: list[str] = []
    chat = TerminalChat(quiet_sandbox, out.append)
    bot_says(quiet_sandbox, chat.user.id, "Menu", {"inline_keyboard": [[
        {"text": "A", "callback_data": "a"}]]})  # fmt: skip
    chat.show_changes()
    out.clear()
    pressing = asyncio.create_task(chat.handle("1"))
    query = await next_update(quiet_sandbox, "callback_query")
    quiet_sandbox.api.answer_callback_query({"callback_query_id": query["id"]}, {})
    await pressing
    assert out == ["(nothing visible changed)"]


async def test_keyboard_texts_tap_and_the_phone_button_shares_our_number(
    quiet_sandbox: BotApiSandbox,
) -> None:
    chat = TerminalChat(quiet_sandbox, [].append)
    keyboard = {"keyboard": [[{"text": "📱 Share", "request_contact": True}], [{"text": "Back"}]]}
    bot_says(quiet_sandbox, chat.user.id, "Your phone?", keyboard)
    with pytest.raises(LineFailed):  # nobody answers here
        await chat.handle("📱 Share")
    contact = quiet_sandbox.state.pending[-1].payload["message"]["contact"]
    assert contact == {
        "phone_number": chat.person.phone,
        "first_name": "Jamie",
        "user_id": chat.user.id,
    }
    with pytest.raises(LineFailed):
        await chat.handle("Back")
    assert quiet_sandbox.state.pending[-1].payload["message"]["text"] == "Back"


async def test_as_switches_person_and_contact_shares_their_phone(
    quiet_sandbox: BotApiSandbox,
) -> None:
    out: list[str] = []
    chat = TerminalChat(quiet_sandbox, out.append)
    assert chat.person.name == "Jamie"
    chat.switch("admin")
    assert out == ["— now chatting as Alex Admin (admin) —"]
    assert chat.user.id == DEMO_ADMIN[0]
    with pytest.raises(LineFailed):
        await chat.handle("/contact")
    contact = quiet_sandbox.state.pending[-1].payload["message"]["contact"]
    assert contact["phone_number"] == DEMO_ADMIN[2] and contact["user_id"] == DEMO_ADMIN[0]
    with pytest.raises(LineFailed, match="Say who"):
        await chat.handle("/as")
    assert await chat.handle("/quit") is False


async def test_a_message_that_came_while_chatting_as_someone_else_answers_the_next_wait(
    quiet_sandbox: BotApiSandbox,
) -> None:
    """A notice sent to Leo while the script chats as the doctor is shown on `/as Leo`; the
    `/wait` after it is answered by it at once, once (not by waiting for another one)."""
    out: list[str] = []
    chat = TerminalChat(quiet_sandbox, out.append)
    leo = person_for("Leo Martin")
    chat.open_chats([leo])
    bot_says(quiet_sandbox, leo.user_id, "Sorry — the doctor cannot see you")
    chat.switch("Leo Martin")
    assert out[-1] == "bot: Sorry — the doctor cannot see you"
    await chat.wait_for("cannot see you", timeout=0.2)
    with pytest.raises(LineFailed, match="No message saying 'cannot see you'"):
        await chat.wait_for("cannot see you", timeout=0.2)


# -- whole runs: `careslot demo --script` as a subprocess ----------------------------------------


def _demo(script: Path, *options: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL="")  # the embedded database, even if .env names another
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "demo", *options, "--script", str(script)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """The smoke script and a failing one, run side by side (each starts its own database)."""
    bad = tmp_path_factory.mktemp("demo") / "bad.txt"
    bad.write_text("# pressing a button before the bot has shown any\n7\n/start\n")
    procs = {
        "smoke": _demo(ROOT / "demo" / "smoke.txt"),
        "journey": _demo(ROOT / "demo" / "journey.txt"),
        # A fixed morning, so that the rest of the day still holds Leo's and Grace's visits
        # (late in the evening the day's later visits fall after midnight).
        "doctor": _demo(ROOT / "demo" / "doctor.txt", "--start", "2030-03-04T09:15"),
        # The bot's clock a minute a second from a fixed morning, so the reminder is due
        # 45 s into the run whatever the time of day the suite runs at.
        "reminders": _demo(
            ROOT / "demo" / "reminders.txt", "--speed", "60", "--start", "2030-03-04T09:15"
        ),
        # A fixed morning, so that the visit cancelled is a day ahead (the cancel notice).
        "waitlist": _demo(ROOT / "demo" / "waitlist.txt", "--start", "2030-03-04T09:15"),
        # A fixed morning, so that "tomorrow" at 10:00 is a working day's free time.
        "admin": _demo(ROOT / "demo" / "admin.txt", "--start", "2030-03-04T09:15"),
        "bad": _demo(bad),
    }
    results = {}
    for name, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            pytest.fail(f"the {name} demo did not finish within 120 s:\n{stdout}\n{stderr}")
        results[name] = (proc.returncode, stdout, stderr)
    return results


def test_smoke_script_registers_a_patient_and_shows_the_admin_menu(runs) -> None:
    code, out, err = runs["smoke"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    assert "Demo data: 3 clinics, 12 doctors" in out
    start = out.index("> /start")
    assert "Before we start" in out and "[1] ✅ I agree  [2] No, thanks" in out
    assert "keyboard: [📱 Share my phone number] [⬅️ Back]" in out
    assert "Is Jamie your full name?" in out and "[1] ✅ Yes, that's me" in out
    assert "Please send your date of birth" in out
    registered = out.index("You're all set, Jamie!")
    helped = out.index("> /help")
    assert start < registered < helped
    assert "What I can do" in out[helped:] and "/book" in out[helped:]
    switched = out.index("— now chatting as Alex Admin (admin) —")
    assert helped < switched
    admin = out[switched:]
    assert "Welcome back, Alex Admin" in admin
    assert all(entry in admin for entry in ("Users", "✉️ Invite", "📜 Audit log", "🏥 Clinics"))


def test_a_line_that_cannot_be_done_ends_with_one_sentence_and_exit_1(runs) -> None:
    code, out, err = runs["bad"]
    assert code == 1, out + err
    assert "> 7" in out and "> /start" not in out  # stopped at the failing line
    assert "Traceback" not in out + err
    assert err.strip().splitlines() == [
        "careslot demo: script line 1 ('7'): There is no button 7 to press: "
        "no message in this chat has buttons."
    ]


def test_journey_script_books_views_reschedules_and_cancels(runs) -> None:
    code, out, err = runs["journey"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    booked = out.index("✅ Booked!")
    assert "📎 appointment-" in out[booked:]
    moved = out.index("✅ Moved! Your visit is now:")
    cancelled = out.index("The time is free for others now.")
    assert booked < moved < cancelled
    assert "You have no upcoming appointments." in out[cancelled:]
    added = out.index("✅ Mia Example has been added to your family.", cancelled)
    asked = out.index("Who is this visit for?", added)
    for_her = out.index("👤 For: Mia Example", out.index("✅ Booked!", asked))
    assert "(Pediatrics)" in out[asked:for_her]
    assert "] Mia Example: " in out[for_her:]  # /my says whose visit it is
    exported = out.index("⬇️ Download my data", for_her)
    assert "📎 careslot-" in out[exported:] or ".json" in out[exported:], out[exported:]
    assert ".csv" in out[exported:]


def test_reminders_script_gets_the_reminder_while_it_runs_and_confirms_the_visit(runs) -> None:
    code, out, err = runs["reminders"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    assert "The bot's clock runs 60× as fast as real time, from 2030-03-04 09:15" in out
    booked = out.index("✅ Booked!")
    waited = out.index("> /wait Reminder", booked)
    reminder = out.index("⏰ Reminder: your visit on Mon 4 Mar, 12:00 (London time)", waited)
    assert "[1] ✅ I will come" in out[reminder:]
    confirmed = out.index("Thank you! Your visit with", reminder)
    assert "Status: confirmed" in out[confirmed:]


def test_waitlist_script_gets_an_offer_while_it_runs_and_books_it(runs) -> None:
    code, out, err = runs["waitlist"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    booked = out.index("✅ Booked!")
    assert "🕘 Tue 5 Mar, 09:00" in out[booked:]
    nina = out.index("— now chatting as Nina Waits —", booked)
    full = out.index("• Dr. Noah Thomas — nothing free in the next 60 days", nina)
    joined = out.index("🔔 You are on the waitlist for Dr. Noah Thomas", full)
    cancelled = out.index("Cancelled: Tue 5 Mar, 09:00 with Dr. Noah Thomas", joined)
    waited = out.index("> /wait A place has freed up", cancelled)
    offer = out.index("🔔 A place has freed up with Dr. Noah Thomas", waited)
    assert "It is held for you until 09:3" in out[offer:] and "(15 min)" in out[offer:]
    assert "[1] ✅ Book it  [2] No thanks" in out[offer:]
    again = out.index("✅ Booked!", offer)
    assert "[1] Tue 5 Mar, 09:00 · Dr. Noah Thomas" in out[again:]


def test_a_demo_clock_runs_from_its_start_at_its_speed() -> None:
    from datetime import UTC, datetime, timedelta

    from bot.demo import DemoClock

    start = datetime(2030, 3, 4, 9, 15, tzinfo=UTC)
    clock = DemoClock(start, speed=60)
    first = clock()
    assert start <= first < start + timedelta(minutes=1)
    time.sleep(0.05)
    assert clock() - first >= timedelta(seconds=2.9)  # 50 ms real is 3 s on the clock


def test_doctor_script_shows_today_checks_in_writes_the_record_and_takes_time_off(runs) -> None:
    code, out, err = runs["doctor"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    listed = out.index("📋 Today,")
    assert "Olivia Clarke" in out[listed:] and "⚠️ allergies" in out[listed:]
    card = out.index("Visit on", listed)
    assert "🆘 Emergency contact: Tom Clarke" in out[card:]
    assert "Mild eczema" in out[card:]  # her earlier visit's record
    arrived = out.index("🟡 checked in", card)
    saved = out.index("The visit record is saved.", arrived)
    assert "Contact dermatitis of both hands" in out[saved:]
    assert "Avoid latex gloves" in out[saved:]
    again = out.index("📋 Today,", saved)
    assert "Olivia Clarke" in out[again:] and "🟡 checked in" in out[again:]
    # The rest of the day off: Olivia, checked in, keeps her visit; Leo and Grace are told.
    planned = out.index("will be cancelled", again)
    listed = out[planned : out.index("✅ Time off saved", planned)]
    assert "Leo Martin" in listed and "Grace Hughes" in listed and "Olivia" not in listed
    leo = out.index("— now chatting as Leo Martin —", planned)
    told = out.index("cannot see you", leo)
    rebooked = out.index("✅ Booked:", told)
    assert "Your upcoming appointments (1 visit)" in out[rebooked:]


def test_admin_script_books_for_a_phone_patient_invites_a_doctor_and_reads_the_audit(runs) -> None:
    code, out, err = runs["admin"]
    assert code == 0, out + err
    assert "Traceback" not in out + err
    booked = out.index("✅ Booked for Rosa Delgado: Tue 5 Mar, 10:00")
    # Rosa's own chat joins the record the desk typed, and shows the visit booked for her.
    rosa = out.index("— now chatting as Rosa Delgado —", booked)
    linked = out.index("your chat is now linked to your record", rosa)
    mine = out[linked : out.index("— now chatting as", linked)]
    assert "Tue 5 Mar, 10:00 · Dr. Amelia Jones" in mine
    invite = out.index("Invite ready — doctor: Dr. Oliver Brown", linked)
    opened = out.index("Your account is now linked as doctor", invite)
    assert "📋 Today" in out[opened:]
    assert "already been used" in out[opened:]
    audit = out[out.index("Audit log, newest first", opened) :]
    for action in ("invite.use", "invite.create", "patient.link_chat", "appointment.book"):
        assert action in audit, action
    assert "appointment.book · Sam Frontdesk" in audit
    # The week's report: the summary, then its chart and its CSV, shown by name and size.
    report = audit[audit.index("📊 CareSlot Central, 04.03.2030 – 10.03.2030") :]
    assert "Dr. Amelia Jones: 1 · 0 (0%)" in report  # Rosa's visit, booked at the desk
    assert "🖼 photo 800×400 (" in report
    assert "📎 careslot-report-careslot-central-2030-03-04-2030-03-10.csv (" in report
    assert "Rosa" not in report
