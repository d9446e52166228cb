"""Updates of one chat in order, different chats at the same time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.logs import UPDATE_CONTEXT
from bot.metrics import UPDATE_SECONDS, UPDATES, update_kind

log = logging.getLogger("careslot.updates")


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


async def _timed(update: object, kind: str, coroutine: Awaitable[Any]) -> None:
    """Runs one update with its ids in the log context; its duration to the histogram."""
    token = UPDATE_CONTEXT.set(_ids(update, kind))
    started = time.perf_counter()
    try:
        await coroutine
    finally:
        seconds = time.perf_counter() - started
        UPDATE_SECONDS.observe(seconds)
        log.debug("update handled", extra={"duration_ms": round(seconds * 1000, 2)})
        UPDATE_CONTEXT.reset(token)


def _ids(update: object, kind: str) -> dict[str, Any]:
    ids: dict[str, Any] = {"kind": kind}
    if isinstance(update, Update):
        ids["update_id"] = update.update_id
        if update.effective_user is not None:
            ids["user_id"] = update.effective_user.id
        if update.effective_chat is not None:
            ids["chat_id"] = update.effective_chat.id
    return ids


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently, but never two of the same chat at once.

    PTB starts one task per update in the order the updates arrived; each task
    takes its chat's lock before running, and asyncio locks wake waiters first in,
    first out, so a chat sees its updates in order while other chats go on.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        # Set by build_application: after each update its chat's state is written before
        # the chat's next update is taken (see `_persist`).
        self.application: Any = None
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        kind = update_kind(update)
        UPDATES.labels(kind=kind).inc()
        key = _chat_key(update)
        if key is None:
            await _timed(update, kind, coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await _timed(update, kind, coroutine)
                await self._persist()
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # forget idle chats so the map stays small
                del self._users[key]
                del self._locks[key]

    async def _persist(self) -> None:
        """The update's conversation state and data, written now instead of at the next
        interval: a process killed right after answering (SIGKILL, a crash) no longer
        loses the step the user has just seen. Concurrent chats share one write."""
        app = self.application
        if app is None or app.persistence is None:
            return
        await app.update_persistence()
        settle = getattr(app.persistence, "settle", None)
        if settle is not None:
            await settle()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
