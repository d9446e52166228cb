"""The engine's connection pool survives connections the server has closed."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from db.engine import make_engine, make_session_factory, unit_of_work


async def _backend_pid(factory) -> int:
    async with unit_of_work(factory) as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")))


async def test_a_terminated_connection_is_replaced_on_checkout(database_url, engine) -> None:
    bot_engine = make_engine(database_url, pool_size=1)
    factory = make_session_factory(bot_engine)
    try:
        first = await _backend_pid(factory)
        assert await _backend_pid(factory) == first  # the pool reuses its one connection

        # As a server restart or an idle timeout would: the server ends that backend while
        # the connection sits idle in the pool (and the backend is gone before we go on).
        async with engine.connect() as admin:
            ended = await admin.scalar(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": first}
            )
        assert ended is True
        await asyncio.sleep(0.05)  # the client's event loop reads the end of the stream

        # The next unit of work gets a fresh connection instead of an error.
        second = await _backend_pid(factory)
        assert second != first
    finally:
        await bot_engine.dispose()
