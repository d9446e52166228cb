"""Updates per second and update→reply latency through the Bot API sandbox.

Three measurements in one run, all over HTTP against the same sandbox implementation.
As in production, each bot under test runs in a process of its own (this module with
``--serve careslot|echo``) and talks HTTP to the Bot API; the sandbox and the simulated
users stay in the benchmark's process, so the CPU each side spends is reported apart:

1. **echo** — a bare python-telegram-bot Application (``concurrent_updates(True)``, one
   MessageHandler answering with ``reply_text``): the framework's own ceiling here.
   ``--users`` users send messages back to back for ``--echo-seconds``.
2. **careslot** — ``--users`` pre-registered patients (made in SQL, not through the bot)
   each drive a whole booking at once against the real bot (``running_bot``, flood limits
   off): /book → By specialty → specialty → doctor → Choose a day → day → time → Skip →
   Confirm. Every command and button press counts as one update.
3. **careslot_at_50_per_s** — the same conversations, offered at ``--rate`` updates/s for
   ``--duration`` seconds: a pacer grants one send every 1/rate s to a ready simulated user
   (up to ``--sessions`` in flight, default 2 s worth of sends, so the load stays open-loop
   unless replies take longer), the one furthest into its booking first. Bookings still
   going at the end are abandoned, not counted as errors.

Latency is from queueing the update to the first thing the bot visibly did in that chat
(a new or edited message, or the answer to a button press), read from the sandbox's
activity timestamps; ``complete_ms`` is to the last change of the reply (the keyboard the
next step needs, or the .ics file after Confirm). The sandbox's own "settle" wait is not
used for timing.

CPU per update, for each phase: ``bot_process_cpu_ms_per_update`` is the bot's process
(utime + stime from /proc, all its threads), ``driver_process_cpu_ms_per_update`` this
process (sandbox and simulated users), ``cpu_ms_per_update`` the two together, and
``machine_busy_cores`` how many of the machine's cores were busy on average (PostgreSQL
and anything else running included).

    .venv/bin/python -m benchmarks.throughput [--users 100] [--duration 15] [--rate 50]

Prints one JSON object; exits 1 when a booking failed, fewer appointments than
conversations were created, or a bot process did not shut down cleanly (exit 0).

The bot process (started by the benchmark, not by hand):

    python -m benchmarks.throughput --serve careslot|echo --bot-api-url URL \
        --bot-api-file-url URL [--now ISO-INSTANT] [--parent-pid PID]

reads TELEGRAM_BOT_TOKEN (and DATABASE_URL for careslot) from the environment, polls until
SIGTERM or SIGINT (or until the parent process is gone), shuts down cleanly and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import heapq
import itertools
import math
import os
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.common import (
    bench_database,
    emit,
    latency_ms,
    make_bench_engine,
    note,
    run_tag,
)
from bot.inprocess import running_bot, start_bot, stop_bot
from bot.logs import configure_logging
from bot.sandbox import BotApiSandbox, ChatMessage, SandboxUser
from bot.sandbox.state import Activity
from bot.settings import load_settings
from db.engine import SessionFactory, make_session_factory
from db.models import ACTIVE_APPOINTMENT_SQL
from handlers.i18n import plain

TOKEN = "123456:BENCH-THROUGHPUT-TOKEN"
# The bot's clock stands still on a Monday morning; every visit is that Wednesday.
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
VISIT_DAY = date(2030, 3, 6)
CLINIC_TZ = "Europe/London"
FIRST_VISIT_HOUR = 9
VISIT = timedelta(minutes=30)
SLOTS_PER_DOCTOR = 8  # two rows of four time buttons; under max_patients_per_day
DOCTORS_PER_SPECIALTY = 8  # one page of the doctor list
SETTLE = 0.01  # the sandbox's default reply wait (unused for timing; kept small anyway)
REPLY_TIMEOUT = 120.0  # one action's reply, however loaded the machine
STALL = 30.0  # the bot did something, then nothing this long without the expected reply
MAX_PAGES = 20
ACTIONS_PER_BOOKING = 9
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
# The chat front's budget: a booking update costs the bot at most twice the CPU of an echo
# update, and its p99 at the paced rate stays under 50 ms.
TARGET_CPU_RATIO = 2.0
TARGET_P99_STRICT_MS = 50.0
BOT_KINDS = ("careslot", "careslot-webhook", "echo")
TARGET_RSS_MB = 150.0
TARGET_FAILOVER_S = 10.0
BOT_START_TIMEOUT = 60.0  # process start to its first getUpdates (imports, DB, getMe)
BOT_STOP_TIMEOUT = 20.0  # SIGTERM to exit, then it is killed
REPO_ROOT = Path(__file__).resolve().parents[1]  # where `-m benchmarks.throughput` resolves



def _label(key: str) -> str:
    """A button's label as the simulated (English-speaking) patients see it."""
    return plain("en", key)

class FixedClock:
    """The bot's clock (the booking window, the calendar and "today" depend on it)."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# --- the practice ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One patient's booking: who, and which buttons lead to their own free slot."""

    telegram_id: int
    patient_id: uuid.UUID
    specialty: str
    doctor: str
    day: date
    time_label: str


@dataclass
class Cohort:
    plans: list[Plan]

    @property
    def patient_ids(self) -> list[uuid.UUID]:
        return [p.patient_id for p in self.plans]


async def prepare_cohort(factory: SessionFactory, *, patients: int, label: str) -> Cohort:
    """A clinic with enough doctors (8 capacity-1 slots each, on VISIT_DAY) for `patients`
    registered patients, each assigned a distinct slot; all made in SQL."""
    if patients < 1:
        raise ValueError("a cohort needs at least one patient")
    tag = run_tag()
    doctors = -(-patients // SLOTS_PER_DOCTOR)
    specialties = -(-doctors // DOCTORS_PER_SPECIALTY)
    tz = ZoneInfo(CLINIC_TZ)
    first = datetime.combine(VISIT_DAY, datetime.min.time(), tzinfo=tz) + timedelta(
        hours=FIRST_VISIT_HOUR
    )
    async with factory() as session, session.begin():
        highest = await session.scalar(text("SELECT max(telegram_user_id) FROM users"))
        base_id = max(int(highest or 0), 10**9) + 1000
        clinic_id = await session.scalar(
            text(
                "INSERT INTO clinics (name, address, city, timezone) "
                "VALUES (:name, '1 Bench St', 'London', :tz) RETURNING id"
            ),
            {"name": f"Throughput {label} {tag}", "tz": CLINIC_TZ},
        )
        spec_names = [f"Bench {label} {tag} {k + 1}" for k in range(specialties)]
        spec_ids = [
            await session.scalar(
                text("INSERT INTO specialties (name) VALUES (:name) RETURNING id"), {"name": name}
            )
            for name in spec_names
        ]
        doctor_rows: list[tuple[uuid.UUID, str, str]] = []
        for d in range(doctors):
            spec = d // DOCTORS_PER_SPECIALTY
            name = f"Dr. {label.title()} {tag} {d + 1:03d}"
            doctor_id = await session.scalar(
                text(
                    "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number) "
                    "VALUES (:clinic, :spec, :name, :license) RETURNING id"
                ),
                {
                    "clinic": clinic_id,
                    "spec": spec_ids[spec],
                    "name": name,
                    "license": f"TP-{tag}-{label}-{d + 1}",
                },
            )
            doctor_rows.append((doctor_id, name, spec_names[spec]))
        await session.execute(
            text(
                "INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at) "
                "SELECT d, :clinic, CAST(:first AS timestamptz) + j * CAST(:visit AS interval), "
                "       CAST(:first AS timestamptz) + (j + 1) * CAST(:visit AS interval) "
                "FROM unnest(CAST(:doctors AS uuid[])) AS d, "
                "     generate_series(0, :per_doctor - 1) AS j"
            ),
            {
                "clinic": clinic_id,
                "first": first,
                "visit": VISIT,
                "doctors": [row[0] for row in doctor_rows],
                "per_doctor": SLOTS_PER_DOCTOR,
            },
        )
        patient_rows = (
            await session.execute(
                text(
                    "WITH u AS ("
                    "  INSERT INTO users (telegram_user_id, chat_id, full_name, phone, "
                    "                     privacy_accepted_at) "
                    "  SELECT :base + i, :base + i, 'Bench Patient ' || i, "
                    "         '+4479' || lpad(i::text, 8, '0'), :now "
                    "  FROM generate_series(1, :n) AS i RETURNING id, telegram_user_id) "
                    "INSERT INTO patients (user_id) SELECT id FROM u "
                    "RETURNING id, (SELECT telegram_user_id FROM u WHERE u.id = user_id)"
                ),
                {"base": base_id, "n": patients, "now": NOW},
            )
        ).all()
    patient_rows = sorted(patient_rows, key=lambda row: row[1])
    plans = []
    for i, (patient_id, telegram_id) in enumerate(patient_rows):
        _doctor_id, doctor_name, spec_name = doctor_rows[i // SLOTS_PER_DOCTOR]
        starts = first + (i % SLOTS_PER_DOCTOR) * VISIT
        plans.append(
            Plan(
                telegram_id=int(telegram_id),
                patient_id=patient_id,
                specialty=spec_name,
                doctor=doctor_name,
                day=VISIT_DAY,
                time_label=f"{starts.astimezone(tz):%H:%M}",
            )
        )
    return Cohort(plans)


async def count_appointments(factory: SessionFactory, patient_ids: Sequence[uuid.UUID]) -> int:
    async with factory() as session:
        found = await session.scalar(
            text(
                "SELECT count(*) FROM appointments "
                f"WHERE patient_id = ANY(:ids) AND {ACTIVE_APPOINTMENT_SQL}"
            ),
            {"ids": list(patient_ids)},
        )
    return int(found or 0)


# --- acting and timing ---------------------------------------------------------------------------


class StepFailed(Exception):
    """The bot did not answer an action the way the booking flow expects."""


@dataclass
class Recorder:
    """Per-action samples (seconds) and errors of one phase."""

    first: list[float] = field(default_factory=list)
    complete: list[float] = field(default_factory=list)
    by_step: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    sent_at: list[float] = field(default_factory=list)
    done_at: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 5:
            self.error_examples.append(detail[:600])

    @property
    def actions(self) -> int:
        return len(self.first)

    def span(self) -> float:
        """From the first update sent to the last reply completed."""
        if not self.sent_at:
            return 0.0
        return max(self.done_at) - min(self.sent_at)

    def summary(self) -> dict[str, Any]:
        span = self.span()
        return {
            "updates": self.actions,
            "seconds": round(span, 3),
            "updates_per_second": round(self.actions / span, 1) if span else 0.0,
            "latency_ms": latency_ms(self.first),
            "complete_ms": latency_ms(self.complete),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "error_examples": self.error_examples,
        }


class TimeUp(Exception):
    """The paced test is over: conversations still going are abandoned, not failed."""


class Pacer:
    """The clock of the paced test: one send every 1/rate seconds for `duration` seconds.

    Simulated users that are ready to act wait in `turn()`; each tick lets one go, the one
    furthest into its conversation first (so conversations finish rather than all advancing
    in lockstep), new conversations when nobody further along is ready. When the loop runs
    late (it is shared with the sandbox), overdue ticks are granted at once, so a busy bot does
    not lower its own offered load (`lag` records how late); a tick passes unused only when
    every simulated user is still waiting for the bot (counted in `slips`). Once the time is
    up, every waiting or later turn raises TimeUp."""

    def __init__(self, rate: float, duration: float) -> None:
        if rate <= 0 or duration <= 0:
            raise ValueError("rate and duration must be positive")
        self.interval = 1.0 / rate
        self.duration = duration
        self.slips = 0
        self.granted = 0
        self.lag: list[float] = []  # how late each granted send was, in seconds
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._arrived = asyncio.Event()
        self._closed = False

    async def turn(self, progress: int = 0) -> None:
        """Wait for this user's next send time (`progress`: actions already done in its
        conversation)."""
        if self._closed:
            raise TimeUp
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (-progress, next(self._order), future))
        self._arrived.set()
        await future

    async def run(self) -> None:
        """Tick until the duration is over, then release every waiter with TimeUp."""
        loop = asyncio.get_running_loop()
        stop_at = loop.time() + self.duration
        tick = loop.time()
        try:
            while (now := loop.time()) < stop_at:
                if tick > now:
                    await asyncio.sleep(min(tick, stop_at) - now)
                    continue
                if not self._waiting:
                    self._arrived.clear()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(stop_at - now):
                            await self._arrived.wait()
                    arrived = loop.time()
                    if arrived - tick > self.interval:  # nobody was ready: ticks went unused
                        self.slips += 1
                        tick = arrived
                    continue
                _, _, future = heapq.heappop(self._waiting)
                if not future.done():
                    future.set_result(None)
                    self.granted += 1
                    self.lag.append(now - tick)
                tick += self.interval
        finally:
            self._closed = True
            while self._waiting:
                _, _, future = heapq.heappop(self._waiting)
                if not future.done():
                    future.set_exception(TimeUp())


Ready = Callable[[SandboxUser, list[Activity]], bool]


def _touched(user: SandboxUser, acts: list[Activity], kinds: tuple[str, ...]) -> list[ChatMessage]:
    seen: dict[int, ChatMessage] = {}
    for act in acts:
        if act.kind in kinds and act.message_id is not None and act.message_id not in seen:
            message = user.message(act.message_id)
            if message is not None:
                seen[act.message_id] = message
    return list(seen.values())


def keyboard_shown(user: SandboxUser, acts: list[Activity]) -> bool:
    """A message sent or edited after the action carries inline buttons."""
    return any(m.buttons for m in _touched(user, acts, ("new", "edit")))


def any_message(user: SandboxUser, acts: list[Activity]) -> bool:
    return any(act.kind == "new" for act in acts)


def ics_sent(user: SandboxUser, acts: list[Activity]) -> bool:
    """The booking's last visible step: the .ics document."""
    return any(m.document is not None for m in _touched(user, acts, ("new",)))


def _describe(user: SandboxUser, acts: list[Activity]) -> str:
    answers = [a.answer.text for a in acts if a.kind == "answer" and a.answer is not None]
    shown = [m.text[:80] for m in _touched(user, acts, ("new", "edit"))]
    return f"answers={answers} messages={shown}"


@dataclass
class Driver:
    """Acts as sandbox users and times the bot's reactions into one Recorder."""

    sandbox: BotApiSandbox
    rec: Recorder
    pacer: Pacer | None = None
    progress: dict[int, int] = field(default_factory=dict)  # user -> actions this booking

    async def act(
        self,
        user: SandboxUser,
        step: str,
        send: Callable[[], Awaitable[object]],
        ready: Ready = keyboard_shown,
    ) -> None:
        """One user action: queue the update, wait until `ready`, record both latencies.

        The times are the sandbox's activity timestamps, taken as the bot's calls arrive,
        so how late this coroutine itself wakes up does not count."""
        if self.pacer is not None:
            await self.pacer.turn(self.progress.get(user.id, 0))
        self.progress[user.id] = self.progress.get(user.id, 0) + 1
        state = self.sandbox.state
        loop = asyncio.get_running_loop()
        marker = state.seq
        sent = loop.time()
        await send()  # wait=False: returns once the update is queued
        deadline = sent + REPLY_TIMEOUT
        while True:
            acts = state.activity_since(user.id, marker)
            if acts and ready(user, acts):
                break
            now = loop.time()
            if acts and now - acts[-1].at > STALL:
                raise StepFailed(f"{step}: unexpected reply ({_describe(user, acts)})")
            if now >= deadline:
                raise StepFailed(f"{step}: no reply within {REPLY_TIMEOUT:.0f}s")
            await state.chat_signal(user.id).wait(min(deadline - now, STALL))
        rec = self.rec
        rec.first.append(acts[0].at - sent)
        rec.complete.append(acts[-1].at - sent)
        rec.by_step[step].append(acts[0].at - sent)
        rec.sent_at.append(sent)
        rec.done_at.append(acts[-1].at)

    async def press_matching(
        self,
        user: SandboxUser,
        step: str,
        match: Callable[[str], bool],
        ready: Ready = keyboard_shown,
    ) -> None:
        """Press the first button of the newest keyboard whose text matches, paging forward
        ("Next ›", itself one update) while it is not on the page shown."""
        labels: list[str] = []
        for _ in range(MAX_PAGES):
            message = _keyboard_message(user)
            labels = message.button_texts
            found = next((label for label in labels if match(label)), None)
            if found is not None:
                await self.act(user, step, _pressing(user, found, message), ready)
                return
            if _label("next") not in labels:
                break
            await self.act(user, "page", _pressing(user, _label("next"), message))
        raise StepFailed(f"{step}: no matching button; shown: {labels}")

    async def book(self, plan: Plan) -> None:
        """The whole booking conversation of one patient (9 updates when nothing pages)."""
        user = self.sandbox.user(plan.telegram_id, "Bench")
        self.progress[user.id] = 0
        press = self.press_matching
        await self.act(user, "book", lambda: user.send_command("/book", wait=False))
        await press(user, "find_by", lambda t: t == _label("by-specialty"))
        await press(user, "specialty", lambda t: t.startswith(f"{plan.specialty} ("))
        await press(user, "doctor", lambda t: t.startswith(f"{plan.doctor} · "))
        await press(user, "choose_day", lambda t: t == _label("pick-day-button"))
        await press(user, "day", lambda t: t == f"{plan.day.day}●")
        await press(user, "time", lambda t: t == plan.time_label)
        await press(user, "skip", lambda t: t == _label("skip"))
        await press(user, "confirm", lambda t: t == _label("confirm"), ics_sent)

    async def book_or_error(self, plan: Plan) -> str:
        """Returns "booked", "abandoned" (the paced test ended first) or "failed" (recorded)."""
        try:
            await self.book(plan)
        except TimeUp:
            return "abandoned"
        except Exception as exc:  # counted and reported, never hidden
            self.rec.error(type(exc).__name__, f"patient {plan.telegram_id}: {exc}")
            return "failed"
        return "booked"


def _keyboard_message(user: SandboxUser) -> ChatMessage:
    for message in reversed(user.messages):
        if message.from_bot and message.buttons:
            return message
    raise StepFailed("no bot message with buttons in the chat")


def _pressing(
    user: SandboxUser, label: str, message: ChatMessage
) -> Callable[[], Awaitable[object]]:
    return lambda: user.press(label, message.message_id, wait=False)


def _api_errors(sandbox: BotApiSandbox) -> dict[str, int]:
    found: Counter[str] = Counter(
        f"{e.method} {e.error_code} {e.description[:60]}" for e in sandbox.errors
    )
    return dict(found)


# --- CPU accounting --------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float | None:
    """utime + stime of process `pid` (all its threads) from /proc; None where unreadable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after "(comm)", which may itself hold spaces: state is field 3, utime 14, stime 15.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all cores together since boot, from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal (guest time is inside user already)
    ticks = [int(v) for v in first[1:9]]
    total = sum(ticks)
    return total - ticks[3] - ticks[4], total


@dataclass(frozen=True)
class CpuSample:
    driver: float  # this process: the sandbox and the simulated users
    bot: float | None  # the bot's process
    machine: tuple[int, int] | None

    @classmethod
    def take(cls, bot_pid: int) -> CpuSample:
        return cls(time.process_time(), process_cpu_seconds(bot_pid), machine_cpu_ticks())


def cpu_fields(before: CpuSample, after: CpuSample, rec: Recorder) -> dict[str, Any]:
    """CPU per update of each process between two samples, and the machine's busy cores."""
    n = rec.actions

    def per_update(seconds: float | None) -> float | None:
        if seconds is None:
            return None
        return round(seconds / n * 1000, 2) if n else 0.0

    driver = after.driver - before.driver
    bot = after.bot - before.bot if after.bot is not None and before.bot is not None else None
    busy = None
    if before.machine is not None and after.machine is not None:
        ticks = after.machine[1] - before.machine[1]
        if ticks > 0:
            share = (after.machine[0] - before.machine[0]) / ticks
            busy = round(share * (os.cpu_count() or 1), 2)
    return {
        "cpu_ms_per_update": per_update(driver + bot if bot is not None else None),
        "bot_process_cpu_ms_per_update": per_update(bot),
        "driver_process_cpu_ms_per_update": per_update(driver),
        "machine_busy_cores": busy,
    }


# --- the bot's own process -----------------------------------------------------------------------


def echo_application(token: str, base_url: str, base_file_url: str) -> Application:
    """A bare PTB Application answering every text with itself: the framework's ceiling."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(update.message.text or "?")


async def _watch_parent(parent_pid: int, stop: asyncio.Event) -> None:
    """Stop when the benchmark that started this process is gone (never poll forever)."""
    while not stop.is_set():
        if os.getppid() != parent_pid:
            stop.set()
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await stop.wait()


async def serve(
    kind: str,
    *,
    bot_api_url: str,
    bot_api_file_url: str,
    now: datetime = NOW,
    parent_pid: int | None = None,
) -> None:
    """The bot process: poll the Bot API at `bot_api_url` until SIGTERM/SIGINT, then shut
    down in order (for CareSlot: persistence flushed, engine disposed)."""
    if kind not in BOT_KINDS:
        raise ValueError(f"unknown bot {kind!r}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    watchdog = None
    if parent_pid is not None:
        watchdog = asyncio.create_task(_watch_parent(parent_pid, stop))
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    try:
        if kind == "echo":
            app = echo_application(token, bot_api_url, bot_api_file_url)
            await start_bot(app)
            try:
                await stop.wait()
            finally:
                await stop_bot(app)
        else:
            mode = "webhook" if kind == "careslot-webhook" else "polling"
            settings = load_settings(
                TELEGRAM_BOT_TOKEN=token,
                CARESLOT_BOT_API_URL=bot_api_url,
                CARESLOT_BOT_API_FILE_URL=bot_api_file_url,
                CARESLOT_TIMEZONE=CLINIC_TZ,
            )
            async with running_bot(
                settings,
                database_url=os.environ["DATABASE_URL"],
                clock=FixedClock(now),
                overall_max_rate=0,
                freeze_heap=True,  # as `careslot run`
                # The daily slot extension stays out of the measured minutes.
                slot_horizon_first=None,
                mode=mode,  # webhook: its own HTTP server, the sandbox posts to it
            ):
                await stop.wait()
    finally:
        if watchdog is not None:
            watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def serve_main(args: argparse.Namespace) -> int:
    if not (args.bot_api_url and args.bot_api_file_url):
        raise SystemExit("--serve needs --bot-api-url and --bot-api-file-url")
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "")
    configure_logging("WARNING", secrets=[token])
    now = datetime.fromisoformat(args.now)
    if now.tzinfo is None:
        raise SystemExit("--now needs a time zone (e.g. 2030-03-04T08:00:00+00:00)")
    asyncio.run(
        serve(
            args.serve,
            bot_api_url=args.bot_api_url,
            bot_api_file_url=args.bot_api_file_url,
            now=now,
            parent_pid=args.parent_pid,
        )
    )
    return 0


@dataclass
class BotProcess:
    """A bot under test running in its own process (see `bot_process`)."""

    kind: str
    proc: asyncio.subprocess.Process
    startup_seconds: float = 0.0
    exit_code: int | None = None
    cpu_seconds: float | None = None  # over the process's whole life, read just before SIGTERM
    peak_rss_mb: float | None = None  # VmHWM, read just before SIGTERM

    @property
    def pid(self) -> int:
        return self.proc.pid

    def report(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "startup_s": round(self.startup_seconds, 2),
            "cpu_seconds_total": (
                round(self.cpu_seconds, 2) if self.cpu_seconds is not None else None
            ),
            "exit_code": self.exit_code,
            "peak_rss_mb": self.peak_rss_mb,
        }


@asynccontextmanager
async def bot_process(
    kind: str,
    sandbox: BotApiSandbox,
    *,
    database_url: str | None = None,
    now: datetime = NOW,
) -> AsyncIterator[BotProcess]:
    """Start `python -m benchmarks.throughput --serve KIND` against `sandbox`, yield once it
    polls (the sandbox saw its first getUpdates), then SIGTERM it and wait for it to exit
    (killed after BOT_STOP_TIMEOUT). The exit code is in the yielded object afterwards."""
    if kind not in BOT_KINDS:
        raise ValueError(f"unknown bot {kind!r}")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    elif kind == "careslot":
        raise ValueError("the careslot bot needs a database_url")
    loop = asyncio.get_running_loop()
    started = loop.time()
    seen_polls = sandbox.count_calls("getUpdates")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.throughput",
        "--serve",
        kind,
        "--bot-api-url",
        sandbox.base_url,
        "--bot-api-file-url",
        sandbox.base_file_url,
        "--now",
        now.isoformat(),
        "--parent-pid",
        str(os.getpid()),
        cwd=REPO_ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=2,  # onto stderr: stdout stays the benchmark's one JSON line
    )
    bot = BotProcess(kind, proc)
    webhook = kind == "careslot-webhook"
    try:
        while not _taking_updates(sandbox, seen_polls, webhook=webhook):
            if proc.returncode is not None:
                raise RuntimeError(f"the {kind} bot process exited ({proc.returncode}) at start")
            if loop.time() - started > BOT_START_TIMEOUT:
                raise RuntimeError(f"the {kind} bot process did not poll within "
                                   f"{BOT_START_TIMEOUT:.0f}s")  # fmt: skip
            await asyncio.sleep(0.02)
        bot.startup_seconds = loop.time() - started
        note(f"{kind}: bot process {proc.pid} polling after {bot.startup_seconds:.1f}s")
        yield bot
    finally:
        bot.cpu_seconds = process_cpu_seconds(proc.pid)
        bot.peak_rss_mb = peak_rss_mb(proc.pid)
        bot.exit_code = await _stop_process(proc)
        if bot.exit_code != 0:
            note(f"{kind}: bot process {proc.pid} exited with {bot.exit_code}")


def _taking_updates(sandbox: BotApiSandbox, seen_polls: int, *, webhook: bool) -> bool:
    """Polling: the sandbox saw a new getUpdates; webhook: the bot set its webhook."""
    if webhook:
        return bool(sandbox.state.webhook.get("url"))
    return sandbox.count_calls("getUpdates") > seen_polls


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), in MB; None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


async def _stop_process(proc: asyncio.subprocess.Process) -> int:
    """SIGTERM, wait up to BOT_STOP_TIMEOUT, then SIGKILL; the exit code (negative: signal)."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(BOT_STOP_TIMEOUT):
                await proc.wait()
        except TimeoutError:
            note(f"bot process {proc.pid} ignored SIGTERM for {BOT_STOP_TIMEOUT:.0f}s: killing it")
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
    return await proc.wait()


# --- 1. the echo baseline -------------------------------------------------------------------------


async def run_echo(*, users: int = 100, seconds: float = 5.0, warmup: float = 1.0) -> dict:
    """A bare PTB Application echoing texts in its own process; `users` users send back to
    back. The result's "bot_process" describes that process."""
    if users < 1 or seconds <= 0:
        raise ValueError("users and seconds must be positive")
    async with (
        BotApiSandbox(token=TOKEN, settle=SETTLE, reply_timeout=REPLY_TIMEOUT) as sandbox,
        bot_process("echo", sandbox) as bot,
    ):
        people = [sandbox.user(500_000 + i, f"Echo {i}") for i in range(users)]
        loop = asyncio.get_running_loop()

        async def chatter(user: SandboxUser, rec: Recorder, until: float) -> None:
            driver = Driver(sandbox, rec)
            k = 0
            while loop.time() < until:
                k += 1
                message = f"ping {k}"
                try:
                    await driver.act(
                        user, "echo", lambda m=message: user.send_text(m, wait=False),
                        any_message,
                    )  # fmt: skip
                except Exception as exc:  # counted and reported, never hidden
                    rec.error(type(exc).__name__, f"echo user {user.id}: {exc}")
                    return

        if warmup > 0:
            await asyncio.gather(*(chatter(u, Recorder(), loop.time() + warmup) for u in people))
        sandbox.clear_calls()
        rec = Recorder()
        note(f"echo: {users} users for {seconds:g}s")
        until = loop.time() + seconds
        before = CpuSample.take(bot.pid)
        await asyncio.gather(*(chatter(u, rec, until) for u in people))
        cpu = cpu_fields(before, CpuSample.take(bot.pid), rec)
        api_errors = _api_errors(sandbox)
    result = {
        "users": users,
        **rec.summary(),
        **cpu,
        "bot_api_errors": api_errors,
        "bot_process": bot.report(),
    }
    note(
        f"echo: {result['updates_per_second']} updates/s, latency {result['latency_ms']}, "
        f"cpu ms/update bot {cpu['bot_process_cpu_ms_per_update']} "
        f"driver {cpu['driver_process_cpu_ms_per_update']}"
    )
    return result


# --- 2 and 3. CareSlot ---------------------------------------------------------------------------


def _by_step(rec: Recorder) -> dict[str, dict[str, float]]:
    return {step: latency_ms(values) for step, values in rec.by_step.items()}


async def _closed_loop(
    sandbox: BotApiSandbox, factory: SessionFactory, cohort: Cohort, bot: BotProcess
) -> dict[str, Any]:
    sandbox.clear_calls()
    rec = Recorder()
    driver = Driver(sandbox, rec)
    before = CpuSample.take(bot.pid)
    results = await asyncio.gather(*(driver.book_or_error(p) for p in cohort.plans))
    cpu = cpu_fields(before, CpuSample.take(bot.pid), rec)
    created = await count_appointments(factory, cohort.patient_ids)
    return {
        "users": len(cohort.plans),
        "conversations_completed": results.count("booked"),
        "appointments_created": created,
        "appointments_ok": created == len(cohort.plans),
        **rec.summary(),
        **cpu,
        "latency_by_step_ms": _by_step(rec),
        "bot_api_errors": _api_errors(sandbox),
    }


async def _offered(
    sandbox: BotApiSandbox,
    factory: SessionFactory,
    cohort: Cohort,
    bot: BotProcess,
    *,
    rate: float,
    duration: float,
    sessions: int,
) -> dict[str, Any]:
    sandbox.clear_calls()
    rec = Recorder()
    pacer = Pacer(rate, duration)
    driver = Driver(sandbox, rec, pacer)
    queue: asyncio.Queue[Plan] = asyncio.Queue()
    for plan in cohort.plans:
        queue.put_nowait(plan)
    started: list[Plan] = []
    outcomes: Counter[str] = Counter()

    async def session() -> None:
        while not queue.empty():
            plan = queue.get_nowait()
            started.append(plan)
            outcome = await driver.book_or_error(plan)
            if outcome == "abandoned":
                if driver.progress.get(plan.telegram_id, 0) > 0:
                    outcomes[outcome] += 1
                else:  # the time was up before its first update: never started
                    started.remove(plan)
                return
            outcomes[outcome] += 1

    before = CpuSample.take(bot.pid)
    await asyncio.gather(pacer.run(), *(session() for _ in range(sessions)))
    cpu = cpu_fields(before, CpuSample.take(bot.pid), rec)
    created = await count_appointments(factory, [p.patient_id for p in started])
    summary = rec.summary()
    p99 = summary["latency_ms"]["p99"]
    return {
        "target_rate": rate,
        # Updates sent while the test ran, over its duration (replies may finish after).
        "offered_updates_per_second": round(rec.actions / duration, 1),
        "duration_s": duration,
        "simulated_users_in_flight": sessions,
        "pacer_slips": pacer.slips,
        "send_lag_ms": latency_ms(pacer.lag),
        "conversations_started": len(started),
        "conversations_completed": outcomes["booked"],
        "conversations_abandoned_at_end": outcomes["abandoned"],
        "appointments_created": created,
        "appointments_ok": created == outcomes["booked"],
        "patients_left_unused": queue.qsize(),
        **summary,
        **cpu,
        "latency_by_step_ms": _by_step(rec),
        "p99_under_100ms": p99 < TARGET_P99_MS,
        "p99_under_50ms": p99 < TARGET_P99_STRICT_MS,
        "bot_api_errors": _api_errors(sandbox),
    }


def offered_cohort_size(rate: float, duration: float, sessions: int) -> int:
    """Patients enough for `duration` seconds at `rate` plus one in flight per session."""
    return math.ceil(rate * duration / ACTIONS_PER_BOOKING) + sessions + 5


def default_sessions(rate: float) -> int:
    """Simulated users in flight for the paced test: 2 s of sends at `rate`, so the offered
    rate holds (open loop) unless replies take longer than that."""
    return max(4, math.ceil(rate * 2))


async def run_careslot(
    factory: SessionFactory,
    database_url: str,
    *,
    users: int = 100,
    rate: float = 50.0,
    duration: float = 15.0,
    sessions: int | None = None,
    warmup_users: int = 20,
    kind: str = "careslot",
) -> dict[str, Any]:
    """The real bot on `database_url`, in its own process (`kind`: polling, or
    "careslot-webhook"): a warm-up, `users` concurrent bookings, then bookings paced at
    `rate` updates/s for `duration` seconds. Returns {"careslot", "paced", "bot_process"}."""
    if users < 1 or rate <= 0 or duration <= 0:
        raise ValueError("users, rate and duration must be positive")
    sessions = sessions or default_sessions(rate)
    note("careslot: preparing patients, doctors and slots")
    warm = None
    if warmup_users:
        warm = await prepare_cohort(factory, patients=warmup_users, label="warm")
    closed = await prepare_cohort(factory, patients=users, label="closed")
    paced = await prepare_cohort(
        factory, patients=offered_cohort_size(rate, duration, sessions), label="paced"
    )
    async with (
        BotApiSandbox(token=TOKEN, settle=SETTLE, reply_timeout=REPLY_TIMEOUT) as sandbox,
        bot_process(kind, sandbox, database_url=database_url, now=NOW) as bot,
    ):
        if warm is not None:
            note(f"careslot: warm-up, {len(warm.plans)} bookings")
            warm_rec = Recorder()
            warm_driver = Driver(sandbox, warm_rec)
            await asyncio.gather(*(warm_driver.book_or_error(p) for p in warm.plans))
            if warm_rec.errors:
                note(f"careslot: warm-up errors {warm_rec.error_examples}")
        note(f"careslot: {users} patients booking at once")
        closed_result = await _closed_loop(sandbox, factory, closed, bot)
        note(
            f"careslot: {closed_result['updates_per_second']} updates/s, "
            f"latency {closed_result['latency_ms']}, "
            f"{closed_result['appointments_created']}/{users} booked, "
            f"cpu ms/update bot {closed_result['bot_process_cpu_ms_per_update']} "
            f"driver {closed_result['driver_process_cpu_ms_per_update']}"
        )
        note(f"careslot: {rate:g} updates/s offered for {duration:g}s ({sessions} in flight)")
        paced_result = await _offered(
            sandbox, factory, paced, bot, rate=rate, duration=duration, sessions=sessions
        )
        note(
            f"careslot at {rate:g}/s: offered {paced_result['offered_updates_per_second']}/s, "
            f"latency {paced_result['latency_ms']}, send lag {paced_result['send_lag_ms']}"
        )
    return {"careslot": closed_result, "paced": paced_result, "bot_process": bot.report()}


async def run_throughput(
    factory: SessionFactory,
    database_url: str,
    *,
    users: int = 100,
    duration: float = 15.0,
    rate: float = 50.0,
    echo_seconds: float = 5.0,
    sessions: int | None = None,
    warmup_users: int = 20,
    echo_warmup: float = 1.0,
    failover_kills: int = 5,
) -> dict[str, Any]:
    """All the measurements and the verdicts, as the JSON report."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    echo = await run_echo(users=users, seconds=echo_seconds, warmup=echo_warmup)
    echo_process = echo.pop("bot_process")
    care = await run_careslot(
        factory,
        database_url,
        users=users,
        rate=rate,
        duration=duration,
        sessions=sessions,
        warmup_users=warmup_users,
    )
    hooked = await run_careslot(
        factory,
        database_url,
        users=users,
        rate=rate,
        duration=duration,
        sessions=sessions,
        warmup_users=warmup_users,
        kind="careslot-webhook",
    )
    from benchmarks.failover import measure_failover

    failover = await measure_failover(database_url, kills=failover_kills)
    careslot, paced = care["careslot"], care["paced"]
    webhook, webhook_paced = hooked["careslot"], hooked["paced"]
    rss = [p["peak_rss_mb"] for p in (care["bot_process"], hooked["bot_process"])]
    peak_rss = max((r for r in rss if r is not None), default=None)
    ratio = (
        round(careslot["updates_per_second"] / echo["updates_per_second"], 3)
        if echo["updates_per_second"]
        else 0.0
    )
    echo_cpu = echo["bot_process_cpu_ms_per_update"]
    cpu_ratio = (
        round(careslot["bot_process_cpu_ms_per_update"] / echo_cpu, 3) if echo_cpu else 0.0
    )
    return {
        "benchmark": "throughput",
        "echo": echo,
        "careslot": careslot,
        f"careslot_at_{rate:g}_per_s": paced,
        "webhook": webhook,
        f"webhook_at_{rate:g}_per_s": webhook_paced,
        "failover": failover,
        "bot_peak_rss_mb": peak_rss,
        "ratio_vs_echo": ratio,
        "bot_cpu_per_update_vs_echo": cpu_ratio,
        "targets": {
            "half_of_echo": ratio >= TARGET_RATIO,
            f"p99_under_100ms_at_{rate:g}_per_s": paced["p99_under_100ms"],
            f"p99_under_50ms_at_{rate:g}_per_s": paced["p99_under_50ms"],
            "bot_cpu_at_most_twice_echo": 0 < cpu_ratio <= TARGET_CPU_RATIO,
            f"webhook_p99_under_50ms_at_{rate:g}_per_s": webhook_paced["p99_under_50ms"],
            "failover_median_under_10s": failover["median_s"] is not None
            and failover["median_s"] <= TARGET_FAILOVER_S,
            "bot_rss_under_150mb": peak_rss is not None and peak_rss <= TARGET_RSS_MB,
        },
        "bot_processes": {
            "echo": echo_process,
            "careslot": care["bot_process"],
            "careslot-webhook": hooked["bot_process"],
        },
        "notes": (
            "Each bot runs in its own process (python -m benchmarks.throughput --serve ...), "
            "polling the sandbox over HTTP as it would the Bot API; the sandbox and the "
            "simulated users share the benchmark's process and event loop; PostgreSQL runs "
            "beside them. latency_ms: update queued -> first visible bot reaction "
            "(answerCallbackQuery, a new or edited message), timed in the sandbox; "
            "complete_ms: -> last change of that reply. bot_process_cpu_ms_per_update: the "
            "bot's process; driver_process_cpu_ms_per_update: the benchmark's (sandbox and "
            "simulated users); cpu_ms_per_update: both; machine_busy_cores: all processes."
        ),
        "machine": {
            "cpus": os.cpu_count(),
            # Other work on the machine skews every number above: compare runs with care.
            "load_average_1min_before": round(load_before[0], 2),
            "load_average_1min_after": round(os.getloadavg()[0], 2),
        },
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100, help="concurrent users / patients")
    parser.add_argument(
        "--duration", type=float, default=15.0, help="seconds of the paced (offered-load) test"
    )
    parser.add_argument("--rate", type=float, default=50.0, help="offered updates/s")
    parser.add_argument(
        "--echo-seconds", type=float, default=5.0, help="seconds of the echo baseline"
    )
    parser.add_argument(
        "--sessions", type=int, default=None, help="users in flight in the paced test"
    )
    parser.add_argument("--warmup", type=int, default=20, help="warm-up bookings (0: none)")
    serving = parser.add_argument_group(
        "bot process", "run one bot under test (the benchmark starts it with these)"
    )
    serving.add_argument("--serve", choices=BOT_KINDS, help="poll as this bot until SIGTERM")
    serving.add_argument("--bot-api-url", help="the Bot API base URL (PTB base_url)")
    serving.add_argument("--bot-api-file-url", help="the Bot API file base URL")
    serving.add_argument(
        "--now", default=NOW.isoformat(), help="the bot's fixed clock (ISO instant)"
    )
    serving.add_argument("--parent-pid", type=int, help="stop when this process is gone")
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=5)
    try:
        return await run_throughput(
            make_session_factory(engine),
            url,
            users=args.users,
            duration=args.duration,
            rate=args.rate,
            echo_seconds=args.echo_seconds,
            sessions=args.sessions,
            warmup_users=args.warmup,
        )
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve:
        return serve_main(args)
    with bench_database() as url:
        result = asyncio.run(_main(url, args))
    emit(result)
    careslot, paced = result["careslot"], result[f"careslot_at_{args.rate:g}_per_s"]
    if not (careslot["appointments_ok"] and paced["appointments_ok"]) or (
        careslot["errors"] or paced["errors"]
    ):
        note("FAILED: bookings failed or appointments missing (see the JSON)")
        return 1
    if any(p["exit_code"] != 0 for p in result["bot_processes"].values()):
        note("FAILED: a bot process did not shut down cleanly (see bot_processes)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
