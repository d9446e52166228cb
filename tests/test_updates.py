"""Each update_id is processed once: the gatekeeper's one statement, on a real PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import SessionFactory, autocommit_engine, reading, unit_of_work
from db.models import Patient, ProcessedUpdate, User
from services import updates, users
from tests.world import NOW

TG = 5001


@pytest.fixture
def reader(engine: AsyncEngine, session_factory: SessionFactory) -> AsyncEngine:
    """The gatekeeper's engine (autocommit connections), on a database emptied afterwards."""
    return autocommit_engine(engine)


async def _add_user(factory: SessionFactory, *, seen=NOW, patient: bool = True) -> User:
    async with unit_of_work(factory) as session:
        user = User(telegram_user_id=TG, chat_id=TG, full_name="Ann Lee", last_seen_at=seen)
        session.add(user)
        await session.flush()
        if patient:
            session.add(Patient(user_id=user.id))
        return user


async def _gate(reader: AsyncEngine, update_id: int | None, tg: int | None = TG, *, now=NOW):
    async with reading(reader) as connection:
        return await users.gate(connection, update_id=update_id, telegram_user_id=tg, now=now)


async def _stored(engine: AsyncEngine) -> dict[int, object]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(ProcessedUpdate.update_id, ProcessedUpdate.received_at))
        return {r.update_id: r.received_at for r in rows}


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements sent to the server while inside the block."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


# --- claiming ---------------------------------------------------------------------------------


async def test_first_claim_is_fresh_the_second_is_not(reader, engine, session_factory) -> None:
    user = await _add_user(session_factory)
    first = await _gate(reader, 101)
    assert first.fresh and first.user is not None and first.user.id == user.id
    again = await _gate(reader, 101)
    assert not again.fresh and again.user is None
    assert (await _gate(reader, 102)).fresh  # the next update is new
    assert await _stored(engine) == {101: NOW, 102: NOW}  # received_at: the caller's clock


async def test_update_without_a_user_is_only_claimed(reader, engine) -> None:
    first = await _gate(reader, 201, tg=None)
    assert first.fresh and first.user is None
    assert not (await _gate(reader, 201, tg=None)).fresh
    assert not (await _gate(reader, 201)).fresh  # one table of ids, whichever path claimed it
    assert list(await _stored(engine)) == [201]


async def test_without_an_update_id_only_the_user_is_looked_up(
    reader, engine, session_factory
) -> None:
    user = await _add_user(session_factory)
    for _ in range(2):
        found = await _gate(reader, None)
        assert found.fresh and found.user is not None and found.user.id == user.id
    assert await _gate(reader, None, tg=None) == users.Gate(fresh=True, user=None)
    assert await _stored(engine) == {}


async def test_unknown_user_with_an_update_id_is_fresh_and_nobody(reader) -> None:
    gate = await _gate(reader, 301, tg=999)
    assert gate == users.Gate(fresh=True, user=None)
    assert not (await _gate(reader, 301, tg=999)).fresh


async def test_known_user_comes_with_their_records(reader, session_factory) -> None:
    user = await _add_user(session_factory)
    gate = await _gate(reader, 401)
    assert gate.fresh and gate.user is not None
    async with unit_of_work(session_factory) as session:
        assert gate.user == await users.find_by_telegram(session, telegram_user_id=TG)
    assert gate.user.id == user.id and gate.user.patient_id is not None
    assert gate.user.full_name == "Ann Lee" and gate.user.is_active


async def test_a_session_can_gate_too(session_factory) -> None:
    async with unit_of_work(session_factory) as session:
        assert (await users.gate(session, update_id=501, telegram_user_id=TG, now=NOW)).fresh
        assert not (await users.gate(session, update_id=501, telegram_user_id=TG, now=NOW)).fresh


# --- concurrency ------------------------------------------------------------------------------


async def test_concurrent_claims_of_one_id_exactly_one_is_fresh(
    reader, engine, session_factory
) -> None:
    await _add_user(session_factory)
    gates = await asyncio.gather(*(_gate(reader, 601) for _ in range(6)))
    assert sum(g.fresh for g in gates) == 1
    assert [g.user for g in gates if not g.fresh] == [None] * 5
    assert list(await _stored(engine)) == [601]


async def test_a_claim_waits_for_the_other_connection_and_then_loses(
    reader, engine, session_factory
) -> None:
    await _add_user(session_factory)
    async with engine.connect() as first:  # a transaction still open on one connection
        assert (await users.gate(first, update_id=701, telegram_user_id=TG, now=NOW)).fresh
        second = asyncio.create_task(_gate(reader, 701))
        await asyncio.sleep(0.3)
        assert not second.done()  # the other connection's claim is not committed yet
        await first.commit()
        assert not (await second).fresh
    # And when the first one rolls back instead, the waiting one gets the update.
    async with engine.connect() as first:
        assert (await users.gate(first, update_id=702, telegram_user_id=TG, now=NOW)).fresh
        second = asyncio.create_task(_gate(reader, 702))
        await asyncio.sleep(0.3)
        assert not second.done()
        await first.rollback()
        assert (await second).fresh


# --- last seen --------------------------------------------------------------------------------


async def _last_seen(engine: AsyncEngine):
    async with engine.connect() as conn:
        return await conn.scalar(select(User.last_seen_at).where(User.telegram_user_id == TG))


async def test_last_seen_is_refreshed_only_when_stale(reader, engine, session_factory) -> None:
    await _add_user(session_factory, seen=NOW - timedelta(hours=1))
    later = NOW + timedelta(minutes=1)
    await _gate(reader, 801, now=NOW)
    assert await _last_seen(engine) == NOW  # stale: noted
    await _gate(reader, 802, now=later)
    assert await _last_seen(engine) == NOW  # seen a minute ago: not written again
    much_later = NOW + users.SEEN_RESOLUTION + timedelta(seconds=1)
    await _gate(reader, 802, now=much_later)  # a redelivery does nothing at all
    assert await _last_seen(engine) == NOW
    await _gate(reader, 803, now=much_later)
    assert await _last_seen(engine) == much_later


async def test_one_statement_per_update(reader, engine, session_factory) -> None:
    await _add_user(session_factory, seen=NOW)
    await _gate(reader, 900)  # the engine has connected and prepared before counting
    with _statements(engine) as sent:
        assert (await _gate(reader, 901)).user is not None  # fresh, known, seen recently
    assert len(sent) == 1 and "processed_updates" in sent[0] and "users" in sent[0]
    with _statements(engine) as sent:
        assert not (await _gate(reader, 901)).fresh  # a redelivery
    assert len(sent) == 1
    with _statements(engine) as sent:
        assert (await _gate(reader, 902, tg=999)).fresh  # somebody new
    assert len(sent) == 1
    with _statements(engine) as sent:  # stale: the last_seen_at UPDATE, as find_by_telegram
        await _gate(reader, 903, now=NOW + timedelta(hours=1))
    assert len(sent) == 2 and sent[1].startswith("UPDATE users")


# --- pruning ----------------------------------------------------------------------------------


async def test_prune_forgets_only_the_old_ids(reader, engine) -> None:
    for update_id, age in ((1, timedelta(hours=30)), (2, timedelta(hours=24, seconds=1)),
                           (3, timedelta(hours=23)), (4, timedelta(0))):  # fmt: skip
        await _gate(reader, update_id, tg=None, now=NOW - age)
    window_start = NOW - timedelta(hours=24)
    async with reading(reader) as connection:
        pruned = await updates.prune_processed_updates(connection, older_than=window_start)
    assert pruned == 2
    assert sorted(await _stored(engine)) == [3, 4]
    async with reading(reader) as connection:
        again = await updates.prune_processed_updates(connection, older_than=window_start)
    assert again == 0
    assert (await _gate(reader, 1, tg=None)).fresh  # forgotten: it would be handled again


async def test_prune_uses_the_received_at_index(engine) -> None:
    async with engine.connect() as conn:
        indexes = await conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE tablename = 'processed_updates'")
        )
        assert any("(received_at)" in row[0] for row in indexes)


# --- the journal: written down on arrival, claimed when handled -------------------------


async def test_a_journaled_update_is_fresh_once_and_its_payload_goes_with_the_claim(
    reader, session_factory
) -> None:
    await _add_user(session_factory)
    async with reading(reader) as connection:
        await updates.journal(connection, updates=[(901, {"update_id": 901, "x": "Quince"})],
                              now=NOW)  # fmt: skip
        assert await updates.unclaimed(connection) == [{"update_id": 901, "x": "Quince"}]
    assert (await _gate(reader, 901)).fresh  # journaled, not yet handled: fresh
    assert not (await _gate(reader, 901)).fresh  # and only once
    async with reading(reader) as connection:
        assert await updates.unclaimed(connection) == []
        row = (await connection.execute(select(ProcessedUpdate))).one()
    assert row.claimed and row.payload is None  # the text is not kept once handled


async def test_journaling_a_handled_or_journaled_update_again_changes_nothing(
    reader, session_factory
) -> None:
    await _add_user(session_factory)
    assert (await _gate(reader, 902)).fresh  # handled without a journal (an older process)
    async with reading(reader) as connection:
        await updates.journal(connection, updates=[(902, {"update_id": 902})], now=NOW)
        await updates.journal(connection, updates=[(903, {"update_id": 903, "n": 1})], now=NOW)
        await updates.journal(connection, updates=[(903, {"update_id": 903, "n": 2})], now=NOW)
        assert await updates.unclaimed(connection) == [{"update_id": 903, "n": 1}]
    assert not (await _gate(reader, 902)).fresh
