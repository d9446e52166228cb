"""One engine and one session factory, whichever PostgreSQL is used."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.embedded import asyncpg_url, start_embedded

SessionFactory = async_sessionmaker[AsyncSession]


def resolve_database_url(database_url: str | None, data_dir) -> str:
    """DATABASE_URL when given, otherwise the embedded cluster under `data_dir/pgdata`."""
    if database_url:
        return asyncpg_url(database_url)
    return start_embedded(data_dir / "pgdata")


def make_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """The async engine; connections the server has closed are replaced on checkout, so a
    restarted server does not break the bot."""
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        echo=echo,
    )
    event.listen(engine.sync_engine.pool, "checkout", _replace_closed_connection)
    return engine


def _replace_closed_connection(dbapi_connection, _record, _proxy) -> None:
    """The liveness check on checkout, without a round trip.

    SQLAlchemy's `pool_pre_ping` sends a query on every checkout, a third of the cost of a
    short read here. asyncpg notices a connection the server closed (restart, terminated
    backend, idle timeout) as soon as the event loop reads the end of the stream, so asking
    it is enough; DisconnectionError makes the pool discard the connection and open another.
    """
    if dbapi_connection.driver_connection.is_closed():
        raise exc.DisconnectionError("the database server closed this connection")


def make_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def unit_of_work(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session inside one transaction: committed on success, rolled back on error."""
    async with factory() as session, session.begin():
        yield session
