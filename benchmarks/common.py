"""What every benchmark shares: its database, its engine, percentiles and its one JSON line.

A benchmark prints exactly one JSON object on stdout; progress goes to stderr.
Its database is `DATABASE_URL` when set (it is migrated and written to, so point
it at a scratch database), otherwise a fresh embedded cluster in a temporary
directory that is stopped and deleted at the end.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from db import migrate
from db.embedded import asyncpg_url, start_embedded, stop_embedded
from db.engine import make_engine


def note(message: str) -> None:
    """Progress for the person running the benchmark (stderr, so stdout stays one JSON)."""
    print(message, file=sys.stderr, flush=True)


def emit(result: dict[str, Any]) -> None:
    """The benchmark's one line of output."""
    print(json.dumps(result, sort_keys=False), flush=True)


def run_tag() -> str:
    """A short random tag, so names that must be unique do not clash with earlier runs."""
    return secrets.token_hex(3)


@contextmanager
def bench_database(*, server_settings: dict[str, str] | None = None) -> Iterator[str]:
    """A migrated database URL: `DATABASE_URL`, or an embedded cluster removed afterwards.

    `server_settings` (e.g. `{"shared_buffers": "1GB"}`) are given to the embedded cluster
    with ALTER SYSTEM and a restart; a `DATABASE_URL` server keeps its own."""
    external = os.environ.get("DATABASE_URL")
    if external:
        url = asyncpg_url(external)
        note("using DATABASE_URL")
        migrate.upgrade(url)
        yield url
        return
    # Under the system temp dir (world-traversable): as root, pgserver runs postgres as
    # another user, which must be able to reach the data directory.
    tmp = Path(tempfile.mkdtemp(prefix="careslot-bench-"))
    pgdata = tmp / "pgdata"
    note(f"starting an embedded PostgreSQL in {tmp}")
    try:
        url = start_embedded(pgdata, cleanup="stop")
        if server_settings:
            asyncio.run(_alter_system(url, server_settings))
            stop_embedded(pgdata)
            url = start_embedded(pgdata, cleanup="stop")
            note(f"restarted with {server_settings}")
        migrate.upgrade(url)
        yield url
    finally:
        try:
            stop_embedded(pgdata)
        except Exception as exc:  # cleanup must not hide the benchmark's own error
            note(f"could not stop the embedded PostgreSQL: {exc!r}")
        shutil.rmtree(tmp, ignore_errors=True)


async def _alter_system(url: str, settings: dict[str, str]) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for name, value in settings.items():
                # ALTER SYSTEM takes no parameters; the names and values are the code's own.
                await conn.execute(text(f"ALTER SYSTEM SET {name} = '{value}'"))
    finally:
        await engine.dispose()


async def server_settings(engine: AsyncEngine, names: Sequence[str]) -> dict[str, str]:
    """What the server runs with, for the benchmark's JSON."""
    async with engine.connect() as conn:
        return {name: await conn.scalar(text(f"SHOW {name}")) for name in names}


def make_bench_engine(url: str, *, pool: int) -> AsyncEngine:
    """The bot's engine (`db.engine.make_engine`) with exactly `pool` connections."""
    return make_engine(url, pool_size=pool, max_overflow=0, pool_timeout=120)


async def warm_pool(engine: AsyncEngine, connections: int) -> None:
    """Open `connections` pooled connections up front, so timings exclude connecting."""
    held = [await engine.connect() for _ in range(connections)]
    for conn in held:
        await conn.execute(text("SELECT 1"))
        await conn.close()


async def column(session: AsyncSession, sql: str, params: dict[str, Any]) -> list[Any]:
    """The first column of every row of a textual statement (e.g. `INSERT ... RETURNING id`)."""
    return list((await session.scalars(text(sql), params)).all())


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def latency_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50 / p99 / max of durations given in seconds, as milliseconds."""
    return {
        "p50": round(percentile(seconds, 50) * 1000, 3),
        "p99": round(percentile(seconds, 99) * 1000, 3),
        "max": round(max(seconds, default=0.0) * 1000, 3),
    }


def machine() -> dict[str, Any]:
    """Context for the numbers: cores, and how busy the machine was (1-minute load)."""
    return {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}


class Stopwatch:
    """`with Stopwatch() as sw: ...` then `sw.seconds`."""

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
