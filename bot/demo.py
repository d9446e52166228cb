"""`careslot demo`: the real bot, a local Bot API sandbox and a chat in the terminal.

No Telegram account and no token: an embedded PostgreSQL with the demo practice,
the sandbox standing in for Telegram, and the real Application polling it, all in
one process and one event loop. The person (or a script) types lines; each line
becomes what a Telegram user would do, and the bot's reaction is printed as text
with numbered buttons.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shutil
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli import CommandError, _migrate, _seed, print_seed_report
from bot.sandbox import (
    BotApiSandbox,
    Button,
    CallbackAnswer,
    ChatMessage,
    Reply,
    ReplyKeyboard,
    SandboxUser,
)
from bot.settings import Settings, load_settings
from db.embedded import EmbeddedDatabaseError, asyncpg_url, start_embedded, stop_embedded

DEMO_TOKEN = "100000:DEMO-SANDBOX-TOKEN"
FIRST_PATIENT = "Jamie"
REPLY_TIMEOUT = 15.0  # seconds the bot may take to react to one line
WAIT_TIMEOUT = 120.0  # seconds `/wait` waits for a message the bot sends on its own
SETTLE = 0.25  # quiet time after which a reaction counts as complete
BOT = "bot: "
INDENT = " " * len(BOT)

CONTROLS = """\
Type a message and press Enter; the bot's answers appear below it.
  N                 press button [N] of the newest message with buttons
  [TEXT]            press the button labelled TEXT there
  /contact [+44…]   share your phone number (what the 📱 button does)
  /as NAME          chat as admin, doctor, staff, or any NAME (a new patient)
  /wait [TEXT]      wait for the bot's next message of its own (one saying TEXT)
  /quit             leave (Ctrl-D works too)
A reply-keyboard button's exact text taps it; any other /command goes to the bot."""


class DemoClock:
    """The bot's clock in the demo: from `start`, `speed` times as fast as real time (60: a
    real second is a minute), so a reminder due in half an hour shows in half a minute."""

    def __init__(self, start: datetime | None = None, speed: float = 1.0) -> None:
        self.start = start or datetime.now(UTC)
        self.speed = speed
        self._t0 = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self._t0) * self.speed)


class LineFailed(Exception):
    """An input line could not be done; the message is the sentence to show."""


# -- rendering: pure functions of what the sandbox user sees ------------------------------------


def render_buttons(rows: tuple[tuple[Button, ...], ...], number_from: int | None) -> list[str]:
    """Inline buttons one row per line: `[1] Book  [2] My appointments`, or unnumbered
    `[Book]` when `number_from` is None (buttons a number would not press)."""
    lines = []
    number = number_from
    for row in rows:
        cells = []
        for button in row:
            label = button.text + (" ↗" if button.url else "")
            if number is None:
                cells.append(f"[{label}]")
            else:
                cells.append(f"[{number}] {label}")
                number += 1
        lines.append("  ".join(cells))
    return lines


# A deep link to the bot with a start parameter (Telegram allows A–Z a–z 0–9 _ -).
_START_LINK = re.compile(r"t\.me/\w+\?start=([A-Za-z0-9_-]{1,64})")


def render_message(
    msg: ChatMessage, number_from: int | None = 1, *, status: str | None = None
) -> list[str]:
    """One bot message as terminal lines: `bot: text`, attachments, then its buttons.

    `status` marks a message seen before, e.g. "edited" or "deleted".
    """
    body: list[str] = []
    if msg.document is not None:
        name = msg.document.file_name or "file"
        body.append(f"📎 {name} ({msg.document.file_size} bytes)")
    if msg.photo is not None:
        body.append(f"🖼 photo {msg.photo.width}×{msg.photo.height} ({msg.photo.file_size} bytes)")
    if msg.contact is not None:
        body.append(f"👤 contact {msg.contact.get('phone_number', '')}")
    body += msg.text.splitlines() if msg.text else []
    if not body:
        body = ["(empty message)"]
    if status == "deleted":
        return [f"bot (deleted): {body[0]}"]
    head = f"bot ({status}): " if status else BOT
    lines = [head + body[0]]
    lines += [(INDENT + line).rstrip() for line in body[1:]]
    lines += [INDENT + line for line in render_buttons(msg.buttons, number_from)]
    return lines


def render_keyboard(keyboard: ReplyKeyboard | None) -> str:
    """The reply keyboard under the input field: `keyboard: [📱 Share my phone number] [⬅️ Back]`."""
    if keyboard is None or not keyboard.texts:
        return "keyboard: (none)"
    return "keyboard: " + " ".join(f"[{text}]" for text in keyboard.texts)


def render_answer(answer: CallbackAnswer | None) -> str | None:
    """A button press's answer: an alert box or a short notice (None when silent)."""
    if answer is None or not answer.text:
        return None
    return f"({'alert' if answer.show_alert else 'notice'}) {answer.text}"


def script_lines(text: str) -> list[str]:
    """The input lines of a script: stripped, without blank lines and `#` comments."""
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


# -- who the person chats as ---------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A demo identity: a Telegram user id, a name, and the phone /contact shares."""

    user_id: int
    name: str
    phone: str
    role: str = "patient"


def demo_people() -> dict[str, Person]:
    """The seeded people by what `/as` takes: `admin`, `doctor`, `staff`, and the demo
    doctor's patients of the day by name (`/as Leo Martin` reads the messages sent to him)."""
    from services.demo_data import DEMO_ADMIN, DEMO_DOCTOR, DEMO_STAFF
    from services.demo_day import PATIENTS

    people = {
        role: Person(tg_id, name, phone, role)
        for role, (tg_id, name, phone) in (
            ("admin", DEMO_ADMIN),
            ("doctor", DEMO_DOCTOR),
            ("staff", DEMO_STAFF),
        )
    }
    for tg_id, name, phone, *_ in PATIENTS:
        people[name.casefold()] = Person(tg_id, name, phone)
    return people


def patient(name: str) -> Person:
    """A new patient; the same name always gets the same Telegram id (and phone), so a kept
    demo database recognises them next time."""
    name = " ".join(name.split())
    user_id = 100_000 + zlib.crc32(name.casefold().encode()) % 800_000  # below the seeded 900001+
    return Person(user_id, name, f"+447400{user_id % 1_000_000:06d}")


def person_for(name: str) -> Person:
    """`admin`, `doctor`, `staff` → the seeded people; anything else → a patient of that name."""
    return demo_people().get(name.strip().casefold()) or patient(name)


# -- the chat ------------------------------------------------------------------------------------


class TerminalChat:
    """Turns input lines into sandbox user actions and prints what changed in the chat."""

    def __init__(self, sandbox: BotApiSandbox, out: Callable[[str], None]) -> None:
        self._sandbox = sandbox
        self._out = out
        self._seen: dict[int, dict[int, tuple]] = {}  # user id → message id → how it looked
        self._keyboards: dict[int, ReplyKeyboard | None] = {}
        # user id → the bot's messages that arrived while another person was chatting
        # (shown on `/as`), not yet taken by a `/wait`
        self._unwaited: dict[int, list[int]] = {}
        self._start_code: str | None = None  # the newest t.me/…?start= link shown (`/open`)
        self.person = patient(FIRST_PATIENT)
        self.user = self._user(self.person)

    def _user(self, person: Person) -> SandboxUser:
        first, _, last = person.name.rpartition(" ")
        first, last = (first, last) if first else (last, None)
        return self._sandbox.user(person.user_id, first, last or None)

    def open_chats(self, people: Iterable[Person]) -> None:
        """The seeded people's chats exist from the start, as they would on Telegram for
        people who once talked to the bot (a notice to them must find its chat)."""
        for person in people:
            self._user(person)

    def switch(self, name: str) -> None:
        """`/as NAME`: continue as another person (their chat keeps its history)."""
        if not name.strip():
            raise LineFailed("Say who to chat as: /as admin, /as doctor, /as staff or /as NAME.")
        self.person = person_for(name)
        self.user = self._user(self.person)
        role = "" if self.person.role == "patient" else f" ({self.person.role})"
        self._out(f"— now chatting as {self.person.name}{role} —")
        seen = self._seen.get(self.user.id, {})
        # What arrived meanwhile came on its own: a `/wait` next is answered by it.
        self._unwaited[self.user.id] = [
            m.message_id for m in self.user.bot_messages if m.message_id not in seen
        ]
        self.show_changes()  # what arrived in their chat meanwhile

    async def handle(self, line: str) -> bool:
        """Does one input line; False when the person wants to leave."""
        word, _, rest = line.partition(" ")
        command = word.casefold()
        if command in ("/quit", "/exit"):
            return False
        if command == "/as":
            self.switch(rest)
            return True
        if command == "/contact":
            await self._share_contact(rest.strip() or self.person.phone)
            return True
        if command == "/wait":
            await self.wait_for(rest.strip())
            return True
        if command == "/open":
            await self._open_link()
            return True
        keyboard = self.user.current_reply_keyboard
        tapped = keyboard.find(line) if keyboard is not None else None
        if tapped is not None and tapped.request_contact:
            await self._share_contact(self.person.phone)  # the sandbox's own default is not ours
            return True
        if tapped is not None:
            await self._act(self.user.tap_keyboard(line), f"tapping {line!r}")
            return True
        if line.isdigit() and await self._press(int(line)):
            return True
        if line.startswith("[") and line.endswith("]") and len(line) > 2:
            await self._press_labelled(line[1:-1])
            return True
        await self._act(self.user.send_text(line), f"sending {line!r}")
        return True

    async def wait_for(self, text: str, timeout: float = WAIT_TIMEOUT) -> None:  # noqa: ASYNC109
        """`/wait [TEXT]`: until a message the bot sends on its own (a reminder, an offer)
        arrives in this chat — one whose text has TEXT, when given — then shows it."""
        arrived = self._unwaited.get(self.user.id, [])
        for message in self.user.bot_messages:
            if message.message_id in arrived and text.casefold() in message.text.casefold():
                arrived.remove(message.message_id)
                return  # it came while someone else was chatting, and `/as` showed it
        seen = self._seen.setdefault(self.user.id, {})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.user.bot_messages:
                if message.message_id not in seen and text.casefold() in message.text.casefold():
                    self.show_changes()
                    return
            await asyncio.sleep(0.1)
        what = f"saying {text!r} " if text else ""
        raise LineFailed(f"No message {what}arrived within {timeout:g} s.")

    async def _open_link(self) -> None:
        """`/open`: the person now chatting opens the newest start link shown in the demo (an
        invite handed over), as tapping it in Telegram sends `/start CODE`."""
        if self._start_code is None:
            raise LineFailed("No start link (t.me/…?start=…) has been shown yet.")
        await self._act(self.user.send_command("/start", self._start_code), "opening the link")

    async def _share_contact(self, phone: str) -> None:
        await self._act(self.user.share_contact(phone, own=True), f"sharing {phone}")

    async def _press(self, number: int) -> bool:
        """Presses button `number` of the newest message with buttons; False when out of
        range (the number is then sent as text)."""
        target = self._keyboard_message()
        if target is None:
            raise LineFailed(
                f"There is no button {number} to press: no message in this chat has buttons."
            )
        buttons = target.flat_buttons
        if not 1 <= number <= len(buttons):
            return False
        button = buttons[number - 1]
        if button.callback_data is None:
            self._out(f"(button {number} opens {button.url or 'something outside the chat'})")
            return True
        await self._act(self.user.press(number - 1, target.message_id), f"pressing {button.text!r}")
        return True

    async def _press_labelled(self, label: str) -> None:
        """`[LABEL]`: presses the button with that text in the newest message with buttons
        (a script stays right when the buttons before it change, e.g. times of a day)."""
        target = self._keyboard_message()
        buttons = target.flat_buttons if target is not None else []
        for index, button in enumerate(buttons):
            if button.text == label and button.callback_data is not None:
                await self._act(self.user.press(index, target.message_id), f"pressing {label!r}")
                return
        raise LineFailed(f"There is no button [{label}] to press in the newest message.")

    def _keyboard_message(self) -> ChatMessage | None:
        for message in reversed(self.user.bot_messages):
            if message.buttons:
                return message
        return None

    async def _act(self, action: Awaitable[Reply | None], what: str) -> None:
        """Awaits one user action and prints the bot's reaction."""
        try:
            reply = await action
        except TimeoutError:
            raise LineFailed(
                f"The bot did not answer within {self._sandbox.reply_timeout:g} s after "
                f"{what}{self._refusal()}."
            ) from None
        except (LookupError, ValueError) as exc:
            raise LineFailed(f"Could not do that: {exc}.") from None
        if not self.show_changes(reply.callback_answer if reply else None):
            self._out("(nothing visible changed)")

    def _refusal(self) -> str:
        """Why the bot may have gone quiet: the last Bot API error in this chat, if any."""
        refused = [e for e in self._sandbox.errors if e.params.get("chat_id") == self.user.id]
        if not refused:
            return ""
        return f" (Telegram refused its {refused[-1].method}: {refused[-1].description})"

    def show_changes(self, answer: CallbackAnswer | None = None) -> bool:
        """Prints what changed in the current chat since last shown; True if anything did."""
        lines = []
        notice = render_answer(answer)
        if notice:
            lines.append(notice)
        seen = self._seen.setdefault(self.user.id, {})
        target = self._keyboard_message()
        for msg in self.user.history:
            if not msg.from_bot:
                continue
            look = _look(msg)
            before = seen.get(msg.message_id)
            seen[msg.message_id] = look
            if before == look or (before is None and msg.deleted):
                continue
            numbered = 1 if target is not None and msg.message_id == target.message_id else None
            status = None if before is None else "deleted" if msg.deleted else "edited"
            lines += render_message(msg, numbered, status=status)
            links = _START_LINK.findall(msg.text or "")
            if links:
                self._start_code = links[-1]
        keyboard = self.user.current_reply_keyboard
        if keyboard != self._keyboards.get(self.user.id):
            self._keyboards[self.user.id] = keyboard
            lines.append(render_keyboard(keyboard))
        for line in lines:
            self._out(line)
        return bool(lines)


def _look(msg: ChatMessage) -> tuple:
    """What a person sees of a message (edits that change nothing visible are not shown)."""
    return (msg.text, msg.buttons, msg.document, msg.photo, msg.deleted)


# -- running it ----------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(text, flush=True)


async def _read_line(prompt: str) -> str | None:
    """One line from the terminal, None at end of input.

    A daemon thread rather than asyncio.to_thread: on Ctrl-C, asyncio.run waits for its
    executor's threads, and one blocked in input() would hang the exit until Enter.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str | None] = loop.create_future()

    def deliver(value: str | None) -> None:
        if not future.done():
            future.set_result(value)

    def read() -> None:
        try:
            value: str | None = input(prompt)
        except (EOFError, KeyboardInterrupt, OSError):
            value = None
        with contextlib.suppress(RuntimeError):  # the loop is closed: the demo is over
            loop.call_soon_threadsafe(deliver, value)

    threading.Thread(target=read, name="demo-input", daemon=True).start()
    return await future


async def _interactive(chat: TerminalChat) -> int:
    while True:
        chat.show_changes()  # anything the bot sent on its own (reminders, late answers)
        line = await _read_line("> ")
        if line is None:
            _say("")
            return 0
        line = line.strip()
        if not line:
            continue
        try:
            if not await chat.handle(line):
                return 0
        except LineFailed as exc:
            _say(f"(!) {exc}")


async def _scripted(chat: TerminalChat, lines: list[str]) -> int:
    for number, line in enumerate(lines, start=1):
        chat.show_changes()  # late answers belong before the next line
        _say(f"> {line}")
        try:
            if not await chat.handle(line):
                return 0
        except LineFailed as exc:
            print(f"careslot demo: script line {number} ({line!r}): {exc}", file=sys.stderr)
            return 1
    chat.show_changes()
    return 0


def _bot_settings(settings: Settings, *, sandbox: BotApiSandbox, url: str, home: Path) -> Settings:
    """The user's settings (time zone, log level, secrets…) pointed at the sandbox."""
    return load_settings(
        TELEGRAM_BOT_TOKEN=sandbox.token,
        CARESLOT_BOT_API_URL=sandbox.base_url,
        CARESLOT_BOT_API_FILE_URL=sandbox.base_file_url,
        DATABASE_URL=url,
        CARESLOT_DATA_DIR=str(home),
        CARESLOT_TIMEZONE=settings.default_timezone,
        CARESLOT_LOG_LEVEL=settings.log_level,
        CARESLOT_JWT_SECRET=settings.jwt_secret.get_secret_value(),
    )


class DemoDatabase:
    """The demo's PostgreSQL: the server in DATABASE_URL, or an embedded one in `pgdata`."""

    def __init__(self, settings: Settings, pgdata: Path) -> None:
        self.external_url = settings.database_url
        self.pgdata = pgdata
        self.embedded = False  # an embedded server was started and must be stopped

    def open(self) -> str:
        """Blocking (initdb and start take a second or two): the asyncpg URL to use."""
        if self.external_url:
            _say("Using the PostgreSQL server in DATABASE_URL (the demo data is added to it).")
            return asyncpg_url(self.external_url)
        try:
            url = start_embedded(self.pgdata, cleanup="stop")
        except EmbeddedDatabaseError as exc:
            raise CommandError(str(exc)) from None
        self.embedded = True
        return url

    def close(self) -> None:
        if self.embedded:
            stop_embedded(self.pgdata)
            self.embedded = False


async def _session(
    settings: Settings,
    database: DemoDatabase,
    *,
    home: Path,
    lines: list[str] | None,
    started: float,
    clock: DemoClock | None = None,
) -> int:
    """Database, demo data, sandbox and bot, then the chat; returns the exit code."""
    clock = clock or DemoClock()
    # PostgreSQL starts in a thread while the bot's modules are imported here.
    opening = asyncio.get_running_loop().run_in_executor(None, database.open)
    import db.migrate  # noqa: F401 - imported now, while waiting, rather than after
    from bot.application import SLOT_HORIZON_JOB, extend_slot_horizon
    from bot.inprocess import running_bot

    url = await opening
    await asyncio.to_thread(_migrate, url, external=not database.embedded)
    seeding = asyncio.ensure_future(_seed(url, clock()))  # while the sandbox and the bot start
    try:
        async with (
            BotApiSandbox(token=DEMO_TOKEN, settle=SETTLE, reply_timeout=REPLY_TIMEOUT) as sandbox,
            running_bot(
                _bot_settings(settings, sandbox=sandbox, url=url, home=home),
                database_url=url,
                clock=clock,
                slot_horizon_first=None,  # run below, once the demo data is there
            ) as app,
        ):
            print_seed_report(await seeding)
            # The seeding made a month of slots; the job takes them out to the clinics'
            # horizon in the background (then daily, as in `careslot run`).
            assert app.job_queue is not None
            app.job_queue.run_once(extend_slot_horizon, 0, name=f"{SLOT_HORIZON_JOB}-now")
            chat = TerminalChat(sandbox, _say)
            chat.open_chats(demo_people().values())  # the bot may write to them first
            ready = time.monotonic() - started
            if lines is None:
                _say(f"\nCareSlot demo — the real bot on a local Telegram stand-in "
                     f"(ready in {ready:.1f} s).\n{CONTROLS}\n")  # fmt: skip
                _say(f"— now chatting as {chat.person.name} (a new patient) —")
                _say("Send /start to begin.")
                return await _interactive(chat)
            if clock.speed != 1:
                _say(f"The bot's clock runs {clock.speed:g}× as fast as real time, "
                     f"from {clock.start:%Y-%m-%d %H:%M %Z}.")  # fmt: skip
            _say(f"Ready in {ready:.1f} s; chatting as {chat.person.name} (a new patient).")
            return await _scripted(chat, lines)
    finally:
        await _finish(seeding)


async def _finish(task: asyncio.Future) -> None:
    """Cancels a background task still running and waits for it (its error, if any, was
    raised where it was awaited, or no longer matters)."""
    if not task.done():
        task.cancel()
    await asyncio.wait([task])
    if not task.cancelled():
        task.exception()  # marks it retrieved: no "exception was never retrieved" noise


def _read_script(script: str) -> list[str]:
    try:
        text = sys.stdin.read() if script == "-" else Path(script).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise CommandError(f"Cannot read the demo script {script} ({reason}).") from None
    return script_lines(text)


def _quiet_logging(settings: Settings) -> None:
    """Only warnings and errors reach stderr, so logs do not break up the chat."""
    level = max(logging.WARNING, logging.getLevelName(settings.log_level))
    logging.getLogger().setLevel(level)


def run_demo(
    settings: Settings,
    *,
    script: str | None,
    data_dir: str | None,
    keep: bool,
    speed: float = 1.0,
    start: datetime | None = None,
) -> int:
    """`careslot demo`: returns the exit code (0 done, 1 a script line failed, 2 it could not
    start). `speed` and `start` set the bot's clock (see DemoClock); a `start` without a
    zone is read in the default time zone."""
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(settings.default_timezone))
    try:
        return _run(settings, script=script, data_dir=data_dir, keep=keep,
                    clock=DemoClock(start, speed))  # fmt: skip
    except CommandError as exc:
        # Here rather than in cli.main: under `python -m bot.cli` that module is __main__,
        # whose CommandError is another class than the one bot.cli raises.
        print(f"careslot: {exc}", file=sys.stderr)
        return 2


def _run(
    settings: Settings, *, script: str | None, data_dir: str | None, keep: bool, clock: DemoClock
) -> int:
    started = time.monotonic()
    lines = _read_script(script) if script is not None else None
    _quiet_logging(settings)
    fresh = data_dir is None
    # In the system temp dir (not, say, pytest's 0700 tmp_path): as root, pgserver runs
    # PostgreSQL as another system user, who must be able to reach the data directory.
    home = Path(tempfile.mkdtemp(prefix="careslot-demo-")) if fresh else Path(data_dir)
    database = DemoDatabase(settings, home / "pgdata")
    try:
        return asyncio.run(
            _session(settings, database, home=home, lines=lines, started=started, clock=clock)
        )
    finally:
        kept = database.embedded and fresh and keep
        database.close()
        if fresh and not keep:
            shutil.rmtree(home, ignore_errors=True)
        if kept:
            print(
                f"The demo database is kept in {home}; "
                f"`careslot demo --data-dir {home}` continues with it.",
                file=sys.stderr,
            )
