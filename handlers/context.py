"""The typed context every handler receives (PTB's contexttypesbot pattern)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.runtime import Runtime
from db.engine import SessionFactory, reading
from services.policy import Actor
from services.users import UserOut


class CareContext(CallbackContext[ExtBot, dict[str, Any], dict[str, Any], Runtime]):
    """Gives handlers the session factory, the settings and the clock, not module globals."""

    def __init__(
        self,
        application: Application,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        # Filled by the gatekeeper for this update (the context lives for one update).
        self.current_user: UserOut | None = None
        self._telegram_user_id = user_id
        self._actor: tuple[UserOut | None, Actor] | None = None

    @property
    def runtime(self) -> Runtime:
        return self.bot_data

    @property
    def actor(self) -> Actor:
        """Who is asking, for the services: built from `current_user`, no database trip."""
        # Rebuilt only when the user changes within the update (registration sets a new one).
        if self._actor is None or self._actor[0] is not self.current_user:
            actor = Actor.from_user(self.current_user, telegram_user_id=self._telegram_user_id)
            self._actor = (self.current_user, actor)
        return self._actor[1]

    @property
    def db(self) -> SessionFactory:
        assert self.bot_data.database is not None
        return self.bot_data.database.factory

    def read(self):
        """A connection for a step that only reads (`db.engine.reading`); writes go through
        `unit_of_work(context.db)`."""
        assert self.bot_data.database is not None
        return reading(self.bot_data.database.reader)

    def now(self) -> datetime:
        return self.bot_data.clock()
