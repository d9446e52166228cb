"""Test database: one real PostgreSQL for the session, migrated by the session.

By default an embedded pgserver cluster in a temporary directory; with
TEST_DATABASE_URL set, that server (its schema is rebuilt). Tests that use the
database get it empty: every table is truncated after each such test, because
end-to-end and race tests need real commits from several connections.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.embedded import asyncpg_url, start_embedded, stop_embedded
from db.engine import SessionFactory, make_engine, make_session_factory
from db.models import Base


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        url = asyncpg_url(external)
        migrate.downgrade(url, "base")
        migrate.upgrade(url)
        yield url
        return
    # Not pytest's tmp_path: pytest resets its own folder to mode 0700 whenever a
    # session starts, and the embedded server runs as another user when we are root.
    with tempfile.TemporaryDirectory(prefix="careslot-test-") as tmp:
        url = start_embedded(Path(tmp) / "data", cleanup="stop")
        migrate.upgrade(url)
        yield url
        stop_embedded(Path(tmp) / "data")


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_url, pool_size=20)
    yield eng
    await eng.dispose()


_TABLES = ", ".join(t.name for t in Base.metadata.sorted_tables)


@pytest.fixture
async def session_factory(engine: AsyncEngine) -> AsyncIterator[SessionFactory]:
    """A session factory on an empty database; emptied again afterwards."""
    yield make_session_factory(engine)
    async with engine.begin() as conn:
        # audit_logs refuses DELETE but TRUNCATE is the test harness's right.
        await conn.execute(text(f"TRUNCATE {_TABLES} CASCADE"))
