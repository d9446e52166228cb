"""The typed context every handler receives (PTB's contexttypesbot pattern).

Handlers reach the database, the settings and the clock through it, never through module
globals or the runtime package: `bot` wires the handlers, not the other way round, so
what the runtime must provide is written here as a protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, tzinfo
from typing import Any, Protocol

from telegram.ext import Application, CallbackContext, ExtBot

from db.engine import Reader, SessionFactory, reading, unit_of_work
from handlers.i18n import language_for
from services.policy import Actor
from services.users import UserOut


class Deps(Protocol):
    """What the runtime keeps in `bot_data` for the handlers."""

    settings: Any
    database: Any
    clock: Callable[[], datetime]


class CareContext(CallbackContext[ExtBot, dict[str, Any], dict[str, Any], Any]):
    """Gives handlers the session factory, the settings, the clock and who is asking."""

    def __init__(
        self,
        application: Application,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        # Filled by the gatekeeper for this update (the context lives for one update).
        self.current_user: UserOut | None = None
        self.telegram_language: str | None = None
        # The decoded button of a press (handlers.routing.Press).
        self.press: Any = None
        # What the press did to the doctor's live /today message is taken care of: drawn
        # again, left as it was, or forgotten (handlers.doctor.card.after_press).
        self.today_settled = False
        self._telegram_user_id = user_id
        self._actor: tuple[UserOut | None, Actor] | None = None

    @property
    def deps(self) -> Deps:
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
        return self.bot_data.database.factory

    @property
    def lang(self) -> str:
        """The user's language: their stored choice, else Telegram's, else English."""
        user = self.current_user
        if user is not None and user.language:
            return language_for(user.language)
        return language_for(self.telegram_language)

    @property
    def tz(self) -> tzinfo:
        return self.bot_data.settings.tz

    def read(self) -> AbstractAsyncContextManager[Reader]:
        """A connection for a step that only reads (`db.engine.reading`)."""
        return reading(self.bot_data.database.reader)

    def write(self) -> AbstractAsyncContextManager[Any]:
        """One transaction for a step that changes something (`db.engine.unit_of_work`)."""
        return unit_of_work(self.bot_data.database.factory)

    def now(self) -> datetime:
        return self.bot_data.clock()

    @property
    def public_url(self) -> str | None:
        """Where this process's HTTP server is reached from outside (calendar links):
        the configured address, else the running server's own; None without a server."""
        configured = self.bot_data.settings.public_base_url
        if configured:
            return configured
        server = getattr(self.bot_data, "web", None)
        return server.base_url if server is not None else None

    @property
    def jwt_secret(self) -> str:
        return self.bot_data.settings.jwt_secret.get_secret_value()
