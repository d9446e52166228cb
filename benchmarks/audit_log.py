"""The audit log's pages at scale, through the real service (`services.audit_log.page`).

Loads `--rows` audit rows (10 million by default) in SQL with generate_series: actors drawn
from `--users` accounts, twenty actions over eight resource types, spread over a year
before "now". Then, on a warm pool, it times `--queries` pages of each kind — the newest
page, a deep page (after a cursor in the middle of the year), and pages filtered by actor,
by action, by resource, by a week's period, and by actor and period together. Each page is
one transaction that also writes its own `audit.view` row, as in the bot; the time is taken
before the commit, and with it apart (`with_commit_p99_ms`).

    .venv/bin/python -m benchmarks.audit_log [--rows 10000000] [--users 1000] [--queries 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import (
    Stopwatch,
    bench_database,
    column,
    emit,
    latency_ms,
    machine,
    make_bench_engine,
    note,
    run_tag,
    warm_pool,
)
from db.engine import make_session_factory
from services.audit_log import AuditFilters, page
from services.policy import Actor, Role

TARGET_P99_MS = 10.0
NOW = datetime(2030, 3, 6, 11, 0, tzinfo=UTC)
ACTIONS = [f"{kind}.{verb}" for kind in ("appointment", "user", "invite", "slot", "profile")
           for verb in ("create", "update", "cancel", "view")]  # fmt: skip
TYPES = ("appointment", "user", "invite", "slot", "patient", "doctor", "clinic", "time_off")


async def load(engine: AsyncEngine, *, rows: int, users: int) -> dict[str, Any]:
    """The accounts and the audit rows; returns the ids the queries draw from."""
    tag = run_tag()
    factory = make_session_factory(engine)
    async with factory() as session, session.begin():
        ids = await column(
            session,
            "INSERT INTO users (full_name, role) SELECT 'Bench ' || :tag || ' ' || i, 'staff'"
            " FROM generate_series(1, :n) i RETURNING id",
            {"tag": tag, "n": users},
        )
        admin = await session.scalar(
            text("INSERT INTO users (full_name, role) VALUES (:n, 'admin') RETURNING id"),
            {"n": f"Bench admin {tag}"},
        )
    actions = "ARRAY[" + ", ".join(f"'{a}'" for a in ACTIONS) + "]"
    types = "ARRAY[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    batch = 1_000_000
    with Stopwatch() as sw:
        for start in range(0, rows, batch):
            size = min(batch, rows - start)
            async with factory() as session, session.begin():
                await session.execute(
                    text(
                        "INSERT INTO audit_logs (actor_user_id, action, resource_type,"
                        " resource_id, details, at)"
                        " SELECT u.a[1 + (i * 7919) % cardinality(u.a)],"
                        f" ({actions})[1 + (i * 31) % {len(ACTIONS)}],"
                        f" ({types})[1 + (i * 17) % {len(TYPES)}],"
                        " md5(i::text)::uuid::text,"
                        " jsonb_build_object('from', 'scheduled', 'to', 'cancelled'),"
                        " CAST(:now AS timestamptz) - make_interval(secs =>"
                        " (i::float8 / CAST(:rows AS float8)) * 365 * 86400)"
                        " FROM (SELECT array_agg(id ORDER BY id) a FROM users"
                        " WHERE full_name LIKE :pattern) u,"
                        " generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) i"
                    ),
                    {"pattern": f"Bench {tag} %", "now": NOW, "rows": float(rows),
                     "first": start + 1, "last": start + size},
                )  # fmt: skip
            note(f"audit rows: {start + size:,} of {rows:,}")
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE audit_logs"))
        middle = await conn.scalar(
            text("SELECT id FROM audit_logs WHERE at < :at ORDER BY at DESC, id DESC LIMIT 1"),
            {"at": NOW - timedelta(days=182)},
        )
    return {"users": ids, "admin": admin, "middle": middle, "load_seconds": sw.seconds}


def _kinds(world: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Each kind of page: a function giving its (filters, after) for one query."""

    def week() -> tuple[datetime, datetime]:
        end = NOW - timedelta(days=rng.randrange(0, 358))
        return end - timedelta(days=7), end

    def by_period() -> tuple[AuditFilters, uuid.UUID | None]:
        since, until = week()
        return AuditFilters(since=since, until=until), None

    def by_actor_and_period() -> tuple[AuditFilters, uuid.UUID | None]:
        since, until = week()
        return AuditFilters(actor_id=rng.choice(world["users"]), since=since, until=until), None

    return {
        "newest": lambda: (AuditFilters(), None),
        "deep": lambda: (AuditFilters(), world["middle"]),
        "actor": lambda: (AuditFilters(actor_id=rng.choice(world["users"])), None),
        "action": lambda: (AuditFilters(action=rng.choice(ACTIONS)), None),
        "resource": lambda: (AuditFilters(resource_type=rng.choice(TYPES)), None),
        "period": by_period,
        "actor_and_period": by_actor_and_period,
    }


async def run_audit(
    engine: AsyncEngine, *, rows: int, users: int, queries: int, seed: int = 7
) -> dict[str, Any]:
    world = await load(engine, rows=rows, users=users)
    await warm_pool(engine, 2)
    factory = make_session_factory(engine)
    admin = Actor(user_id=world["admin"], role=Role.admin)
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    every: list[float] = []
    every_committed: list[float] = []
    shown = 0
    for name, draw in _kinds(world, rng).items():
        took: list[float] = []
        committed: list[float] = []
        for _ in range(queries):
            filters, after = draw()
            started = perf_counter()
            async with factory() as session, session.begin():
                _, out = await page(session, actor=admin, filters=filters, after=after, now=NOW)
                took.append(perf_counter() - started)
            committed.append(perf_counter() - started)
            shown += len(out.rows)
        ms, with_commit = latency_ms(took), latency_ms(committed)
        results[name] = {"p50_ms": ms["p50"], "p99_ms": ms["p99"],
                         "with_commit_p99_ms": with_commit["p99"]}  # fmt: skip
        every += took
        every_committed += committed
    overall, overall_committed = latency_ms(every), latency_ms(every_committed)
    return {
        "benchmark": "audit_log",
        "rows": rows,
        "users": users,
        "queries_per_kind": queries,
        "load_seconds": round(world["load_seconds"], 1),
        "rows_shown": shown,
        # The page: its query and its own audit.view row, in the transaction; the commit
        # (a WAL flush) comes on top, shown apart.
        "audit_page": {
            "p50_ms": overall["p50"],
            "p99_ms": overall["p99"],
            "with_commit_p99_ms": overall_committed["p99"],
        },
        "pages": results,
        "target_p99_ms": TARGET_P99_MS,
        "target_met": overall["p99"] <= TARGET_P99_MS,
        "machine": machine(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    return parser.parse_args(argv)


async def _main(url: str, args: argparse.Namespace) -> dict[str, Any]:
    engine = make_bench_engine(url, pool=2)
    try:
        return await run_audit(engine, rows=args.rows, users=args.users, queries=args.queries)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database() as url:
        emit(asyncio.run(_main(url, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
