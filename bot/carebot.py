"""The bot object: PTB's ExtBot, plus Bot API calls whose answer nothing reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

Journal = Callable[[Sequence[Update]], Awaitable[None]]


class CareBot(ExtBot[Any]):
    """ExtBot (defaults, rate limiter, retries) with `call_quietly`, and a journal that
    writes fetched updates down before the next getUpdates confirms them to Telegram."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Before PTB freezes the object: a box build_application fills once the
        # Application (which the journal writes through) exists.
        self._journal: list[Journal] = []
        super().__init__(*args, **kwargs)

    def set_journal(self, journal: Journal) -> None:
        self._journal[:] = [journal]

    @property
    def journal(self) -> Journal | None:
        return self._journal[0] if self._journal else None

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """getUpdates, then the batch written down (`services.updates.journal`) before the
        updater can ask again — which would confirm it. A write that fails raises, so the
        updater asks again for the same, unconfirmed batch."""
        fetched = await super().get_updates(*args, **kwargs)
        if fetched and self.journal is not None:
            await self.journal(fetched)
        return fetched

    async def call_quietly(self, method: str, **params: Any) -> Any:
        """Make a Bot API call and return its answer as plain JSON.

        PTB's typed methods turn the returned message into objects, its whole keyboard
        included (a month calendar is over 40 buttons): a large share of a booking step's
        CPU, for a result no handler reads. The call still gets the defaults, the rate
        limiter and the retries, and errors are raised as from the typed methods.
        `do_api_request` would do the same but warns for methods PTB knows.
        """
        return await self._post(method, params)
