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
