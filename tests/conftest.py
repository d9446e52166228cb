"""Test database: one real PostgreSQL for the session, migrated by the session.

By default an embedded pgserver cluster in a temporary directory; with
TEST_DATABASE_URL set, that server (its schema is rebuilt). Tests that use the
database get it empty: every table is truncated after each such test, because
end-to-end and race tests need real commits from several connections.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.embedded import asyncpg_url, start_embedded
from db.engine import SessionFactory, make_engine, make_session_factory
from db.models import Base


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        url = asyncpg_url(external)
        migrate.downgrade(url, "base")
    else:
        url = start_embedded(tmp_path_factory.mktemp("pg") / "data", cleanup="delete")
    migrate.upgrade(url)
    return url


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
