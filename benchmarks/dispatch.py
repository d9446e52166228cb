"""Dispatch benchmark: due notifications through the sandbox with 1, 2 and 4 dispatcher
processes, and again with one of two dispatchers killed (SIGKILL) mid-batch.

Each run starts from the same outbox — `--rows` reminders (default 10,000), due now, for
`--chats` patients (several reminders per chat, so the one-message-a-second rule per chat is
exercised) — and ends when every row is sent. What the sandbox received is compared with
the rows: duplicates (a reminder shown twice), lost (never shown), the overall rate against
`--rate` (the busiest one-second window and the mean), and the smallest gap between two
messages to one chat. Dispatchers are separate processes (`--worker`), as `careslot
dispatch` would be, each with its own bot and engine.

    python -m benchmarks.dispatch [--rows 10000] [--chats 2500] [--rate 30]

At Telegram's 30 messages a second the four runs take about 23 minutes; a higher `--rate`
or fewer `--rows` make it shorter.
Prints `{"runs": [...], "rate_fraction": ..., "duplicates": ..., "lost": ...,
"resent_after_kill": ...}` and more.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from benchmarks.common import bench_database, emit, machine, make_bench_engine, note
from bot.sandbox import BotApiSandbox

TOKEN = "123456:DISPATCH-BENCH-TOKEN"
CHAT_BASE = 30_000_000
DOCTORS = 100


# --- the outbox -------------------------------------------------------------------------------


async def load_outbox(engine, *, rows: int, chats: int) -> None:
    """A clinic that never has quiet hours, `chats` patients, `rows` future visits and one
    due reminder each (the reminders of a patient are for visits at different times)."""
    base = datetime.now(UTC) + timedelta(days=2)
    doctors = min(DOCTORS, chats, rows)  # chats >= doctors: a patient's visits never overlap
    async with engine.begin() as conn:
        await conn.execute(text("SET LOCAL synchronous_commit = off"))
        clinic = (
            await conn.execute(
                text(
                    "INSERT INTO clinics (name, address, city, timezone, quiet_from, quiet_until)"
                    " VALUES ('Bench Clinic', '1 Main St', 'Springfield', 'UTC', '00:00',"
                    " '00:00') RETURNING id"
                )
            )
        ).scalar_one()
        spec = (
            await conn.execute(text("INSERT INTO specialties (name) VALUES ('GP') RETURNING id"))
        ).scalar_one()
        await conn.execute(
            text(
                "INSERT INTO doctors (clinic_id, specialty_id, full_name, license_number,"
                " max_patients_per_day)"
                " SELECT :c, :s, 'Dr. Bench ' || i, 'B-' || i, 200"
                " FROM generate_series(0, :n - 1) i"
            ),
            {"c": clinic, "s": spec, "n": doctors},
        )
        await conn.execute(
            text(
                "INSERT INTO users (telegram_user_id, chat_id, full_name, language)"
                " SELECT :base + i, :base + i, 'Patient ' || i, 'en'"
                " FROM generate_series(0, :n - 1) i"
            ),
            {"base": CHAT_BASE, "n": chats},
        )
        await conn.execute(
            text(
                "INSERT INTO patients (user_id) SELECT id FROM users"
                " WHERE telegram_user_id >= :base"
            ),
            {"base": CHAT_BASE},
        )
        # Visit i: doctor i % D at base + (i / D) * 30 min (a doctor's slots never overlap),
        # for patient i % chats (a patient's visits are days or hours apart).
        await conn.execute(
            text(
                """
                WITH d AS (SELECT id, row_number() OVER (ORDER BY license_number) - 1 AS k
                           FROM doctors WHERE clinic_id = :c)
                INSERT INTO appointment_slots (doctor_id, clinic_id, starts_at, ends_at)
                SELECT d.id, :c, CAST(:base AS timestamptz) + (i / :nd) * interval '30 minutes',
                       CAST(:base AS timestamptz) + (i / :nd + 1) * interval '30 minutes'
                FROM generate_series(0, CAST(:rows AS integer) - 1) i
                JOIN d ON d.k = i % CAST(:nd AS integer)
                """
            ),
            {"c": clinic, "base": base, "nd": doctors, "rows": rows},
        )
        await conn.execute(
            text(
                """
                WITH p AS (SELECT pa.id, row_number() OVER (ORDER BY u.telegram_user_id) - 1 AS k
                           FROM patients pa JOIN users u ON u.id = pa.user_id
                           WHERE u.telegram_user_id >= :chat_base),
                     s AS (SELECT id, doctor_id, starts_at, ends_at,
                                  row_number() OVER (ORDER BY starts_at, doctor_id) - 1 AS i
                           FROM appointment_slots WHERE clinic_id = :c)
                INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at,
                                          ends_at)
                SELECT p.id, s.doctor_id, :c, s.id, s.starts_at, s.ends_at
                FROM s JOIN p ON p.k = s.i % :chats
                """
            ),
            {"c": clinic, "chat_base": CHAT_BASE, "chats": chats},
        )
        await conn.execute(
            text(
                """
                INSERT INTO notifications (user_id, kind, appointment_id, payload, due_at,
                                           not_before, dedupe_key)
                SELECT p.user_id, 'appointment.reminder', a.id,
                       jsonb_build_object('appointment_id', a.id, 'before_minutes', 1440),
                       now(), now(), 'bench:' || a.id
                FROM appointments a JOIN patients p ON p.id = a.patient_id
                WHERE a.clinic_id = :c
                """
            ),
            {"c": clinic},
        )


async def reset_outbox(engine) -> None:
    """Every row pending and due again; no chat or overall pace left from a run before."""
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE notifications SET status = 'pending', sent_at = NULL, attempts = 0,"
                " claimed_by = NULL, claimed_until = NULL, last_error = NULL,"
                " not_before = now() - interval '1 minute'"
            )
        )
        await conn.execute(text("UPDATE users SET outbox_next_at = NULL"))
        await conn.execute(text("DELETE FROM outbox_pace"))


async def _count(engine, sql: str) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar_one()


# --- one run ----------------------------------------------------------------------------------


def _spawn(args: argparse.Namespace, url: str, api: str, lease: float) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "benchmarks.dispatch", "--worker", "--db", url, "--api", api,
        "--rate", str(args.rate), "--lease", str(lease), "--batch", str(args.batch),
    ]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _busiest_second(times: list[float], window: float = 1.0) -> float:
    """The most messages in any window [t, t + window), per second."""
    best = 0
    for i, t in enumerate(times):
        best = max(best, bisect.bisect_left(times, t + window) - i)
    return best if window == 1.0 else round(best / window, 2)


def measure(sandbox: BotApiSandbox, *, rows: int, expected: dict[int, int]) -> dict[str, Any]:
    """What the sandbox shows: per chat the reminders received, their times."""
    state = sandbox.state
    times: list[float] = []
    shown: Counter[tuple[int, str]] = Counter()
    min_gap = None
    for chat_id in expected:
        entries = [a for a in state.activity.get(chat_id, []) if a.kind == "new"]
        stamps = [a.at for a in entries]
        times.extend(stamps)
        for a, b in itertools.pairwise(stamps):
            min_gap = b - a if min_gap is None else min(min_gap, b - a)
        for message in state.chat_messages(chat_id):
            shown[(chat_id, message.text)] += 1
    times.sort()
    duplicates = sum(n - 1 for n in shown.values() if n > 1)
    distinct = len(shown)
    elapsed = times[-1] - times[0] if len(times) > 1 else 0.0
    return {
        "messages": len(times),
        "distinct": distinct,
        "duplicates": duplicates,
        "lost": rows - distinct,
        "seconds": round(elapsed, 2),
        "mean_rate": round((len(times) - 1) / elapsed, 2) if elapsed else 0.0,
        "busiest_second": _busiest_second(times),
        "busiest_5s_per_second": _busiest_second(times, 5.0),
        "min_chat_gap_seconds": round(min_gap, 3) if min_gap is not None else None,
    }


async def one_run(
    engine, sandbox: BotApiSandbox, args: argparse.Namespace, url: str, *,
    dispatchers: int, kill: bool, expected: dict[int, int],
) -> dict[str, Any]:  # fmt: skip
    await reset_outbox(engine)
    sandbox.reset()
    for chat_id in expected:
        sandbox.user(chat_id, f"P{chat_id}")
    lease = args.kill_lease if kill else 60.0
    procs = [_spawn(args, url, sandbox.base_url, lease) for _ in range(dispatchers)]
    started = time.monotonic()
    limit = args.rows / args.rate * 3 + 60
    killed = False
    try:
        while time.monotonic() - started < limit:
            await asyncio.sleep(0.25)
            sent = await _count(
                engine, "SELECT count(*) FROM notifications WHERE status <> 'pending'"
            )
            if kill and not killed and sent >= args.rows // 3:
                procs[0].send_signal(signal.SIGKILL)  # mid-batch: it holds claims in flight
                killed = True
                note(f"  killed dispatcher pid {procs[0].pid} after {sent} rows")
            if sent >= args.rows:
                break
    finally:
        outcomes = []
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            out, _ = p.communicate(timeout=60)
            if out.strip():
                outcomes.append(json.loads(out.decode().splitlines()[-1]))
    await asyncio.sleep(0.5)  # the last answers reach the sandbox's records
    result = measure(sandbox, rows=args.rows, expected=expected)
    result["dispatchers"] = dispatchers
    result["killed"] = kill
    result["rate_limit"] = args.rate
    result["rate_fraction"] = round(result["mean_rate"] / args.rate, 3)
    result["db_not_sent"] = await _count(
        engine, "SELECT count(*) FROM notifications WHERE status <> 'sent'"
    )
    result["per_dispatcher_sent"] = [o.get("sent", 0) for o in outcomes]
    # Messages whose sender woke too late for their moment and took a new one.
    result["late_moments"] = sum(o.get("late", 0) for o in outcomes)
    # The same, on the sending side: when the dispatchers handed messages to the Bot API
    # (the sandbox's own times also carry its queueing in this busy process).
    sends = sorted(t for o in outcomes for t in o.get("send_times", []))
    result["busiest_second_sending"] = _busiest_second(sends)
    return result


async def run_dispatch(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=4)
    try:
        note(f"loading {args.rows} reminders for {args.chats} chats")
        await load_outbox(engine, rows=args.rows, chats=args.chats)
        per_chat = Counter()
        async with engine.connect() as conn:
            for chat_id, n in await conn.execute(
                text(
                    "SELECT u.chat_id, count(*) FROM notifications n JOIN users u"
                    " ON u.id = n.user_id GROUP BY u.chat_id"
                )
            ):
                per_chat[chat_id] = n
        runs = []
        async with BotApiSandbox(token=TOKEN) as sandbox:
            plan = [(n, False) for n in args.dispatchers] + [(2, True)]
            for dispatchers, kill in plan:
                note(f"run: {dispatchers} dispatcher(s){' with one killed' if kill else ''}")
                run = await one_run(
                    engine, sandbox, args, url,
                    dispatchers=dispatchers, kill=kill, expected=dict(per_chat),
                )  # fmt: skip
                note(f"  {json.dumps(run)}")
                runs.append(run)
    finally:
        await engine.dispose()
    normal = [r for r in runs if not r["killed"]]
    killed = [r for r in runs if r["killed"]]
    return {
        "benchmark": "dispatch",
        "rows": args.rows,
        "chats": args.chats,
        "rate_limit": args.rate,
        "runs": runs,
        "rate_fraction": min(r["rate_fraction"] for r in runs),
        "never_above_limit": all(r["busiest_second"] <= args.rate + 1 for r in runs),
        # Handed to the Bot API: never more than the limit in any one second.
        "never_above_limit_sending": all(r["busiest_second_sending"] <= args.rate for r in runs),
        "duplicates": sum(r["duplicates"] for r in normal),
        "lost": sum(r["lost"] for r in runs),
        "resent_after_kill": sum(r["duplicates"] for r in killed),
        "min_chat_gap_seconds": min(
            (r["min_chat_gap_seconds"] for r in runs if r["min_chat_gap_seconds"] is not None),
            default=None,
        ),
        "machine": machine(),
    }


# --- a dispatcher process ---------------------------------------------------------------------


async def _worker(args: argparse.Namespace) -> dict[str, Any]:
    from bot.carebot import CareBot
    from bot.http import AiohttpRequest
    from bot.outbox import TelegramSender
    from bot.ratelimit import RetryingRateLimiter
    from bot.runtime import utc_now
    from db.engine import make_engine, make_session_factory
    from services.dispatch import DispatchConfig, Dispatcher

    started: list[float] = []

    class TimedSender(TelegramSender):
        """Notes when each message is handed to the Bot API (the sending side's times)."""

        async def send(self, message):  # type: ignore[no-untyped-def]
            started.append(time.time())
            return await super().send(message)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    engine = make_engine(args.db, pool_size=8)
    bot = CareBot(
        TOKEN,
        base_url=args.api,
        request=AiohttpRequest(connection_pool_size=32),
        rate_limiter=RetryingRateLimiter(overall_max_rate=0),
    )
    config = DispatchConfig(
        rate=args.rate, batch=args.batch, lease=timedelta(seconds=args.lease), idle=0.1
    )
    try:
        async with bot:
            dispatcher = Dispatcher(
                make_session_factory(engine), TimedSender(bot), clock=utc_now, config=config
            )
            await dispatcher.run(lambda: not stop.is_set())
    finally:
        await engine.dispose()
    return {**dispatcher.outcomes, "send_times": started}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=2_500)
    parser.add_argument("--rate", type=float, default=30.0, help="messages a second overall")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--dispatchers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--kill-lease", type=float, default=5.0, help="lease in the kill run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--lease", type=float, default=60.0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(asyncio.run(_worker(args))), flush=True)
        return 0
    with bench_database() as url:
        emit(asyncio.run(run_dispatch(url, args)))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
