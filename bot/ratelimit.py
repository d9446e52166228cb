"""Telegram's limits, and retries when the Bot API answers 429 or fails for a moment."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter
from tenacity import (
    AsyncRetrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from bot.http import NotSent
from bot.metrics import BOT_API_CALLS, BOT_API_LIMITED

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
# A 429 names the chat it was for (its messages wait) or, without a chat, the method.
WaitKey = tuple[str, str]
_KEEP_WAITS = 10_000  # waits remembered before the expired ones are swept


# Calls whose repetition changes nothing: reads, edits to a given state, answers to a
# press, settings. A send (sendMessage, sendDocument, …) is not among them: a 5xx can come
# from a gateway after Telegram delivered the message, and a retry sends it twice.
IDEMPOTENT_PREFIXES = ("get", "edit", "answer", "set", "delete", "unpin", "pin")


def _transient(exc: BaseException, endpoint: str = "") -> bool:
    """May the failed call be made again? Only when repeating it cannot double its effect.

    BadRequest is a NetworkError subclass in PTB but final. A timeout may have been
    delivered. A 5xx or a dropped connection is retried for idempotent calls; a send is
    retried only when no connection could be made at all (`NotSent`).
    """
    if not isinstance(exc, NetworkError) or isinstance(exc, BadRequest | TimedOut):
        return False
    return isinstance(exc, NotSent) or endpoint.startswith(IDEMPOTENT_PREFIXES)


def _seconds(retry_after: int | float | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)


class RetryingRateLimiter(BaseRateLimiter[int]):
    """Telegram's overall message rate; a 429 waited out by the one chat it names; 5xx retried.

    PTB's AIORateLimiter pauses *every* request after any 429, so one busy chat's
    `retry_after=10` stalled every other chat's answer for ten seconds. Here the wait is
    remembered per chat (per method for calls without a chat), and only calls to that chat
    wait. Calls with a chat (the messages) share the overall limit, about 30 per second.
    """

    def __init__(
        self,
        *,
        overall_max_rate: float = 30,
        max_retries: int = 3,
        transient_attempts: int = 4,
        max_wait: float = 2.0,
    ) -> None:
        self._overall = AsyncLimiter(overall_max_rate, 1) if overall_max_rate > 0 else None
        self._max_retries = max_retries
        self._attempts = transient_attempts
        self._max_wait = max_wait
        self._waits: dict[WaitKey, float] = {}  # key -> monotonic time its wait ends

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        key: WaitKey = ("chat", str(chat_id)) if chat_id is not None else ("method", endpoint)
        retries = rate_limit_args or self._max_retries
        attempt = 0
        while True:
            await self._wait_for(key)
            BOT_API_CALLS.labels(method=endpoint).inc()
            try:
                return await self._send_retrying(
                    callback, args, kwargs, endpoint, limited=chat_id is not None
                )
            except RetryAfter as exc:
                BOT_API_LIMITED.labels(method=endpoint).inc()
                if attempt >= retries:
                    raise
                attempt += 1
                seconds = _seconds(exc.retry_after) + 0.1
                self._hold(key, seconds)
                log.info("Bot API %s limited for %.1f s; only that %s waits", endpoint, seconds,
                         key[0])  # fmt: skip

    def _hold(self, key: WaitKey, seconds: float) -> None:
        now = time.monotonic()
        if len(self._waits) >= _KEEP_WAITS:
            self._waits = {k: end for k, end in self._waits.items() if end > now}
        self._waits[key] = max(self._waits.get(key, 0.0), now + seconds)

    async def _wait_for(self, key: WaitKey) -> None:
        while (end := self._waits.get(key)) is not None:
            delay = end - time.monotonic()
            if delay <= 0:
                self._waits.pop(key, None)
                return
            await asyncio.sleep(delay)

    async def _send(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
        kwargs: dict[str, Any], *, limited: bool,
    ) -> Result:  # fmt: skip
        if limited and self._overall is not None:
            async with self._overall:
                return await callback(*args, **kwargs)
        return await callback(*args, **kwargs)

    async def _send_retrying(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any,
        kwargs: dict[str, Any], endpoint: str, *, limited: bool,
    ) -> Result:  # fmt: skip
        # Nearly every call succeeds at once: try it before setting up the retry machinery.
        try:
            return await self._send(callback, args, kwargs, limited=limited)
        except Exception as exc:
            if not _transient(exc, endpoint) or self._attempts < 2:
                raise
            log.warning("Bot API %s failed (%s); retrying", endpoint, type(exc).__name__)
        await asyncio.sleep(0.1)  # the first wait of the backoff below
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(lambda e: _transient(e, endpoint)),
            stop=stop_after_attempt(self._attempts - 1),
            wait=wait_exponential(multiplier=0.1, max=self._max_wait),
            before_sleep=before_sleep_log(log, logging.WARNING),
            reraise=True,
        ):
            with attempt:
                return await self._send(callback, args, kwargs, limited=limited)
        raise AssertionError("unreachable")  # AsyncRetrying either returns or re-raises
