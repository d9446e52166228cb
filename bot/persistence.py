"""python-telegram-bot persistence in PostgreSQL, through the async engine.

Each piece of state is its own row (one per user, chat and conversation key),
so a write touches only what changed; a snapshot of the last written JSON
skips writes of data that did not change, and the changes PTB hands over in one
interval are written together in one transaction. Handlers keep only JSON values
(str, int, float, bool, None, lists and dicts of them) in user/chat data.
"""

from __future__ import annotations

import asyncio
import json
import logging
from copy import deepcopy
from typing import Any

from sqlalchemy import Table, delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import Insert, insert
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.runtime import Database
from db.engine import unit_of_work
from db.models import BotChatData, BotConversation, BotKeyValue, BotUserData

Data = dict[str, Any]
log = logging.getLogger(__name__)

FLUSH_TIMEOUT = 10.0  # seconds a shutdown waits for a writer that keeps failing
SETTLE_TIMEOUT = 5.0  # seconds an update waits for its state to be written


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
        self._pending = _Pending()
        self._writer: asyncio.Task[None] | None = None
        self.retry_delay = 1.0

    def _changed(self, kind: str, key: object, value: object) -> bool:
        snapshot = _canonical(value)
        if self._written.get((kind, key)) == snapshot:
            return False
        self._written[(kind, key)] = snapshot
        return True

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

    # --- storing: buffered, then written in one transaction -----------------------------
    #
    # PTB hands over every changed user, chat and conversation one call at a time each
    # interval. Writing each in its own transaction cost a round trip set per row; here
    # the calls only fill a buffer, and one task writes the whole round together.

    def _schedule(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_soon())

    async def _write_soon(self) -> None:
        """Writes rounds until nothing is pending; a failed round is retried, not dropped.

        The loop lives inside the writer task: a task cannot reschedule itself through
        `_schedule`, which sees it still running. Changes handed over while a round was
        being written are picked up by the next turn of the loop.
        """
        await asyncio.sleep(0)  # let PTB hand over the rest of this round first
        while True:
            if not await self._write_pending():
                await asyncio.sleep(self.retry_delay)
            elif self._pending.empty():
                return

    async def _write_pending(self) -> bool:
        """Writes the buffered round; False (and the round kept) when the write failed."""
        pending, self._pending = self._pending, _Pending()
        if pending.empty():
            return True
        try:
            async with unit_of_work(await self._db.open()) as session:
                await pending.write(session)
        except asyncio.CancelledError:  # a shutdown gave up waiting: keep the round
            self._pending = pending.merged_with(self._pending)
            raise
        except Exception:
            log.exception("could not store bot state; retrying in %.1f s", self.retry_delay)
            self._pending = pending.merged_with(self._pending)
            return False
        return True

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        text_key = _key_text(key)
        if self._changed("conv:" + name, text_key, new_state):
            self._pending.conversation(name, text_key, new_state)
            self._schedule()

    async def update_user_data(self, user_id: int, data: Data) -> None:
        if self._changed("user", user_id, data):
            self._pending.users[user_id] = deepcopy(data)
            self._schedule()

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        if self._changed("chat", chat_id, data):
            self._pending.chats[chat_id] = deepcopy(data)
            self._schedule()

    async def update_bot_data(self, data: Data) -> None:  # bot_data holds the runtime
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        known, mapping = data
        value = [[[k, t, d] for k, t, d in known], mapping]
        if self._changed("kv", "callback_data", value):
            self._pending.kv["callback_data"] = value
            self._schedule()

    async def drop_user_data(self, user_id: int) -> None:
        self._written.pop(("user", user_id), None)
        self._pending.users.pop(user_id, None)
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(delete(BotUserData).where(BotUserData.user_id == user_id))

    async def drop_chat_data(self, chat_id: int) -> None:
        self._written.pop(("chat", chat_id), None)
        self._pending.chats.pop(chat_id, None)
        async with unit_of_work(await self._db.open()) as session:
            await session.execute(delete(BotChatData).where(BotChatData.chat_id == chat_id))

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Data) -> None:
        return None

    async def settle(self) -> None:
        """Waits (at most SETTLE_TIMEOUT) until what was handed over so far is written."""
        writer = self._writer
        if writer is not None and not writer.done():
            await asyncio.wait({writer}, timeout=SETTLE_TIMEOUT)

    async def flush(self) -> None:
        """Writes what is still buffered (PTB calls this at shutdown).

        A writer still retrying against an unreachable database is given a bounded wait,
        so that a shutdown does not hang; what it could not write is logged as lost.
        """
        if self._writer is not None and not self._writer.done():
            done, _ = await asyncio.wait({self._writer}, timeout=FLUSH_TIMEOUT)
            if not done:
                self._writer.cancel()
        if not await self._write_pending():
            log.error("bot state could not be stored before shutdown")


class _Pending:
    """One round of state changes, written together."""

    def __init__(self) -> None:
        self.conversations: dict[tuple[str, str], object] = {}
        self.ended: set[tuple[str, str]] = set()
        self.users: dict[int, Data] = {}
        self.chats: dict[int, Data] = {}
        self.kv: dict[str, object] = {}

    def empty(self) -> bool:
        return not (self.conversations or self.ended or self.users or self.chats or self.kv)

    def conversation(self, name: str, key: str, state: object | None) -> None:
        if state is None:
            self.conversations.pop((name, key), None)
            self.ended.add((name, key))
        else:
            self.ended.discard((name, key))
            self.conversations[(name, key)] = state

    def merged_with(self, newer: _Pending) -> _Pending:
        """This (failed) round with the newer changes laid over it."""
        for (name, key), state in newer.conversations.items():
            self.conversation(name, key, state)
        for name, key in newer.ended:
            self.conversation(name, key, None)
        self.users.update(newer.users)
        self.chats.update(newer.chats)
        self.kv.update(newer.kv)
        return self

    async def write(self, session) -> None:
        if self.conversations:
            await session.execute(
                _UPSERT_CONVERSATION,
                [{"name": n, "key": k, "state": s} for (n, k), s in self.conversations.items()],
            )
        if self.ended:
            await session.execute(
                delete(BotConversation).where(
                    tuple_(BotConversation.name, BotConversation.key).in_(list(self.ended))
                )
            )
        for stmt, column, key_column, rows in (
            (_UPSERT_USER_DATA, "data", "user_id", self.users),
            (_UPSERT_CHAT_DATA, "data", "chat_id", self.chats),
            (_UPSERT_KV, "value", "key", self.kv),
        ):
            if rows:
                await session.execute(stmt, [{key_column: k, column: v} for k, v in rows.items()])


def _upsert(table: Table, keys: list[str], value: str) -> Insert:
    """INSERT ... ON CONFLICT DO UPDATE of one table, built once; run with a list of rows
    (Core statements on the tables: the ORM's bulk path costs more per row)."""
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=keys, set_={value: stmt.excluded[value], "updated_at": func.now()}
    )


_UPSERT_CONVERSATION = _upsert(BotConversation.__table__, ["name", "key"], "state")
_UPSERT_USER_DATA = _upsert(BotUserData.__table__, ["user_id"], "data")
_UPSERT_CHAT_DATA = _upsert(BotChatData.__table__, ["chat_id"], "data")
_UPSERT_KV = _upsert(BotKeyValue.__table__, ["key"], "value")
