"""python-telegram-bot persistence in PostgreSQL, through the async engine.

Each piece of state is its own row (one per user, chat and conversation key),
so a write touches only what changed; a snapshot of the last written JSON
skips writes of data that did not change. Handlers keep only JSON values
(str, int, float, bool, None, lists and dicts of them) in user/chat data.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.runtime import Database
from db.engine import unit_of_work
from db.models import BotChatData, BotConversation, BotKeyValue, BotUserData

Data = dict[str, Any]


def _key_text(key: ConversationKey) -> str:
    return json.dumps(list(key), separators=(",", ":"))


def _key_tuple(text: str) -> ConversationKey:
    return tuple(json.loads(text))


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


class PostgresPersistence(BasePersistence[Data, Data, Data]):
    """Conversations, user data and chat data kept in PostgreSQL."""

    def __init__(self, database: Database, *, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self._db = database
        self._written: dict[tuple[str, object], str] = {}

    def _changed(self, kind: str, key: object, value: object) -> bool:
        snapshot = _canonical(value)
        if self._written.get((kind, key)) == snapshot:
            return False
        self._written[(kind, key)] = snapshot
        return True

    async def _upsert(self, model, key_column: str, key: object, column: str, value) -> None:
        stmt = insert(model).values({key_column: key, column: value})
        stmt = stmt.on_conflict_do_update(
            index_elements=[key_column], set_={column: value, "updated_at": func.now()}
        )
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(stmt)

    # --- loading -------------------------------------------------------------------------

    async def get_user_data(self) -> dict[int, Data]:
        async with unit_of_work(await self._db.open()) as session:
            rows = (await session.execute(select(BotUserData.user_id, BotUserData.data))).all()
        for user_id, data in rows:
            self._written[("user", user_id)] = _canonical(data)
        return {user_id: deepcopy(data) for user_id, data in rows}

    async def get_chat_data(self) -> dict[int, Data]:
        async with unit_of_work(await self._db.open()) as session:
            rows = (await session.execute(select(BotChatData.chat_id, BotChatData.data))).all()
        for chat_id, data in rows:
            self._written[("chat", chat_id)] = _canonical(data)
        return {chat_id: deepcopy(data) for chat_id, data in rows}

    async def get_bot_data(self) -> Data:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        async with unit_of_work(await self._db.open()) as session:
            row = await session.get(BotKeyValue, "callback_data")
        if row is None:
            return None
        known, mapping = row.value
        return [(k, t, d) for k, t, d in known], mapping

    async def get_conversations(self, name: str) -> ConversationDict:
        async with unit_of_work(await self._db.open()) as session:
            rows = (
                await session.execute(
                    select(BotConversation.key, BotConversation.state).where(
                        BotConversation.name == name
                    )
                )
            ).all()
        for key, state in rows:
            self._written[("conv:" + name, key)] = _canonical(state)
        return {_key_tuple(key): state for key, state in rows}

    # --- storing -------------------------------------------------------------------------

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        text_key = _key_text(key)
        if not self._changed("conv:" + name, text_key, new_state):
            return
        if new_state is None:
            async with unit_of_work(await self._db.open()) as session:
                await session.execute(
                    delete(BotConversation).where(
                        BotConversation.name == name, BotConversation.key == text_key
                    )
                )
            return
        stmt = insert(BotConversation).values(name=name, key=text_key, state=new_state)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name", "key"],
            set_={"state": new_state, "updated_at": func.now()},
        )
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(stmt)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        if self._changed("user", user_id, data):
            await self._upsert(BotUserData, "user_id", user_id, "data", data)

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        if self._changed("chat", chat_id, data):
            await self._upsert(BotChatData, "chat_id", chat_id, "data", data)

    async def update_bot_data(self, data: Data) -> None:  # bot_data holds the runtime
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        known, mapping = data
        value = [[[k, t, d] for k, t, d in known], mapping]
        if self._changed("kv", "callback_data", value):
            await self._upsert(BotKeyValue, "key", "callback_data", "value", value)

    async def drop_user_data(self, user_id: int) -> None:
        self._written.pop(("user", user_id), None)
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(delete(BotUserData).where(BotUserData.user_id == user_id))

    async def drop_chat_data(self, chat_id: int) -> None:
        self._written.pop(("chat", chat_id), None)
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(delete(BotChatData).where(BotChatData.chat_id == chat_id))

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Data) -> None:
        return None

    async def flush(self) -> None:
        """Every update is written when PTB hands it over; nothing is buffered here."""
        return None
