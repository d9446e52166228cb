"""The PostgreSQL persistence: stored state comes back in a new process; ended flows go."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.persistence import PostgresPersistence
from bot.runtime import Database
from bot.settings import load_settings
from db.engine import unit_of_work
from db.models import BotConversation, BotUserData


async def test_state_round_trips_and_ended_conversations_are_removed(
    database_url, session_factory
) -> None:
    settings = load_settings()
    first_db, second_db = (Database(database_url, settings=settings) for _ in range(2))
    first = PostgresPersistence(first_db)
    await first.update_conversation("booking", (10, 10), 14)
    await first.update_conversation("booking", (11, 11), 12)
    await first.update_user_data(10, {"flow": {"mode": "book", "day": "2030-03-06"}})
    await first.flush()

    second = PostgresPersistence(second_db)
    assert await second.get_conversations("booking") == {(10, 10): 14, (11, 11): 12}
    assert await second.get_user_data() == {10: {"flow": {"mode": "book", "day": "2030-03-06"}}}

    await second.update_conversation("booking", (11, 11), None)  # the flow ended
    await second.update_user_data(10, {"flow": {"mode": "book", "day": "2030-03-06"}})  # same
    await second.flush()
    async with unit_of_work(session_factory) as session:
        keys = (await session.scalars(select(BotConversation.key))).all()
        users = await session.scalar(select(func.count()).select_from(BotUserData))
    assert keys == ["[10,10]"] and users == 1
    await first_db.close()
    await second_db.close()


async def test_a_failed_state_write_is_retried_until_it_lands_and_logs_no_data(
    database_url, session_factory, caplog
) -> None:
    """The writer used to say "retrying in a second" and never retry."""
    import asyncio
    import io
    import logging

    from sqlalchemy import text

    from bot.logs import PrivateFormatter

    async with unit_of_work(session_factory) as session:  # the database refuses the write
        await session.execute(text(
            "ALTER TABLE bot_user_data ADD CONSTRAINT test_refuse CHECK (user_id < 0)"
        ))  # fmt: skip
    database = Database(database_url, settings=load_settings())
    persistence = PostgresPersistence(database)
    persistence.retry_delay = 0.05
    caplog.set_level(logging.ERROR, logger="bot.persistence")
    try:
        await persistence.update_user_data(20, {"flow": {"name": "Zelda Quixote"}})
        for _ in range(100):
            if caplog.records:
                break
            await asyncio.sleep(0.02)
        assert caplog.records, "the failed write was not reported"
    finally:
        async with unit_of_work(session_factory) as session:
            await session.execute(text("ALTER TABLE bot_user_data DROP CONSTRAINT test_refuse"))
    for _ in range(100):  # no further change is handed over: the writer retries by itself
        async with unit_of_work(session_factory) as session:
            stored = await session.scalar(select(BotUserData.data).where(BotUserData.user_id == 20))
        if stored is not None:
            break
        await asyncio.sleep(0.05)
    assert stored == {"flow": {"name": "Zelda Quixote"}}
    formatter = PrivateFormatter("%(message)s")
    logged = io.StringIO()
    for record in caplog.records:
        logged.write(formatter.format(record))
    assert "CheckViolation" in logged.getvalue() and "test_refuse" in logged.getvalue()
    assert "Zelda" not in logged.getvalue()
    await persistence.flush()
    await database.close()
