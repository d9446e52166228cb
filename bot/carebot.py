"""The bot object: PTB's ExtBot, plus Bot API calls whose answer nothing reads."""

from __future__ import annotations

from typing import Any

from telegram.ext import ExtBot


class CareBot(ExtBot[Any]):
    """ExtBot (defaults, rate limiter, retries) with `call_quietly`."""

    async def call_quietly(self, method: str, *, rate_limit_args: Any = None, **params: Any) -> Any:
        """Make a Bot API call and return its answer as plain JSON.

        PTB's typed methods turn the returned message into objects, its whole keyboard
        included (a month calendar is over 40 buttons): a large share of a booking step's
        CPU, for a result no handler reads. The call still gets the defaults, the rate
        limiter and the retries, and errors are raised as from the typed methods.
        `do_api_request` would do the same but warns for methods PTB knows.
        """
        return await self._post(
            method, params, api_kwargs=self._merge_api_rl_kwargs(None, rate_limit_args)
        )
