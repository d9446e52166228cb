"""One engine and one session factory, whichever PostgreSQL is used."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.embedded import asyncpg_url, start_embedded

SessionFactory = async_sessionmaker[AsyncSession]
# What the read-only service functions accept: a session inside a unit of work, or a
# connection from `reading()`. They execute Core statements only, which both run alike.
Reader = AsyncSession | AsyncConnection


def resolve_database_url(database_url: str | None, data_dir) -> str:
    """DATABASE_URL when given, otherwise the embedded cluster under `data_dir/pgdata`."""
    if database_url:
        return asyncpg_url(database_url)
    return start_embedded(data_dir / "pgdata")


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int | None = None,
    pool_timeout: float = 30.0,
    echo: bool = False,
) -> AsyncEngine:
    """The async engine; connections the server has closed are replaced on checkout, so a
    restarted server does not break the bot. `max_overflow` defaults to `pool_size`."""
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_timeout=pool_timeout,
        echo=echo,
        # Statement parameters hold names, phones, allergies: never in an error's text.
        hide_parameters=True,
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


def autocommit_engine(engine: AsyncEngine) -> AsyncEngine:
    """The same pool, its connections in autocommit mode while checked out (for `reading`)."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


@asynccontextmanager
async def reading(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A pooled connection for a step that only reads, from `autocommit_engine(...)`.

    Each statement sees what was committed when it started, exactly as inside a READ
    COMMITTED transaction, but without the BEGIN/COMMIT round trips or a Session's
    bookkeeping: about half the CPU of a unit of work for the bot's frequent lookups.
    """
    async with engine.connect() as connection:
        yield connection


@asynccontextmanager
async def unit_of_work(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session inside one transaction: committed on success, rolled back on error."""
    async with factory() as session, session.begin():
        yield session


# PostgreSQL's "the connection went away" answers: class 08 (connection exception), and
# the administrator / crash shutdowns and "cannot connect now" of a restarting server.
_GONE_STATES = frozenset({"57P01", "57P02", "57P03"})


def is_disconnect(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is a database connection that broke or could not
    be made — the failure worth one more try on a fresh connection."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, exc.DBAPIError) and current.connection_invalidated:
            return True
        state = getattr(current, "sqlstate", None)
        if isinstance(state, str) and (state.startswith("08") or state in _GONE_STATES):
            return True
        if type(current).__module__.startswith("asyncpg") and type(current).__name__ in (
            "ConnectionDoesNotExistError", "InterfaceError"
        ):  # fmt: skip
            return True
        if isinstance(current, ConnectionError):  # refused, reset: the server is away
            return True
        current = current.__cause__ or current.__context__
    return False

