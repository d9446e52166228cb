"""Telegram's limits, and retries when the Bot API answers 429 or fails for a moment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from tenacity import (
    AsyncRetrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

log = logging.getLogger(__name__)

# `rate_limit_args` of the outbox's messages (bot.outbox): the dispatcher paces them and
# handles their failures itself, row by row.
OUTBOX = "outbox"


def _transient(exc: BaseException) -> bool:
    # A 5xx or a dropped connection: the request did not go through, so sending again
    # is safe. BadRequest is a NetworkError subclass in PTB but final; a timeout may
    # have been delivered, so it is not repeated (no double messages).
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest | TimedOut)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (flood limits, waits out 429 retry_after) plus retries of 5xx answers."""

    def __init__(
        self,
        *,
        overall_max_rate: float = 30,
        max_retries: int = 3,
        transient_attempts: int = 4,
        max_wait: float = 2.0,
    ) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        self._attempts = transient_attempts
        self._max_wait = max_wait

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if rate_limit_args == OUTBOX:
            # In the same overall limiter as the replies (AIORateLimiter's own, when it has
            # one), but a 429, 5xx or timeout goes back to the dispatcher, which makes that
            # one row wait — instead of AIORateLimiter pausing every chat and retrying.
            limiter = getattr(self, "_base_limiter", None) or contextlib.nullcontext()
            async with limiter:
                return await callback(*args, **kwargs)

        async def send() -> bool | dict[str, Any] | list[dict[str, Any]]:
            return await super(RetryingRateLimiter, self).process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        # Nearly every call succeeds at once: try it before setting up the retry machinery.
        try:
            return await send()
        except Exception as exc:
            if not _transient(exc) or self._attempts < 2:
                raise
            log.warning("Bot API %s failed (%s); retrying", endpoint, type(exc).__name__)
        await asyncio.sleep(0.1)  # the first wait of the backoff below
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self._attempts - 1),
            wait=wait_exponential(multiplier=0.1, max=self._max_wait),
            before_sleep=before_sleep_log(log, logging.WARNING),
            reraise=True,
        ):
            with attempt:
                return await send()
        raise AssertionError("unreachable")  # AsyncRetrying either returns or re-raises
