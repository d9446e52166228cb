"""``BotApiSandbox``: a local Telegram Bot API for driving the real bot in tests and demos.

It ties the pieces together: the HTTP server (:mod:`.server`), the Bot API methods
(:mod:`.methods`) over the chat model (:mod:`.state`), injected faults (:mod:`.faults`), a log of
every call the bot made, and the users, groups and channels a test acts as (:mod:`.client`).
Point PTB at it with
``ApplicationBuilder().base_url(sandbox.base_url).base_file_url(sandbox.base_file_url)``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from bot.sandbox.chat import CallError
from bot.sandbox.client import SandboxGroup, SandboxUser
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Fault, FaultKind, FaultList
from bot.sandbox.methods import BotApi, Upload
from bot.sandbox.server import SandboxHttpServer
from bot.sandbox.state import (
    GROUP_TYPES,
    GroupRecord,
    GroupType,
    JsonDict,
    SandboxState,
    UserRecord,
)
from bot.sandbox.webhook import WebhookPump

logger = logging.getLogger(__name__)


class BotApiSandbox:
    """A Telegram Bot API emulator for one bot, serving on 127.0.0.1 (ephemeral port).

    ``settle`` and ``reply_timeout`` are the defaults of :class:`SandboxUser`'s reply waiting;
    ``callback_query_ttl`` is how long a button press can still be answered; ``clock`` gives the
    dates put on messages (seconds since the epoch); update ids count up from
    ``first_update_id`` (default: a random one, as Telegram's after a quiet spell).
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "careslot_bot",
        *,
        bot_name: str = "CareSlot",
        settle: float = 0.15,
        reply_timeout: float = 10.0,
        callback_query_ttl: float = 15.0,
        clock: Callable[[], float] = time.time,
        first_update_id: int | None = None,
    ) -> None:
        bot_id_text = token.split(":", 1)[0]
        bot_user = {
            "id": int(bot_id_text) if bot_id_text.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.token = token
        self.settle = settle
        self.reply_timeout = reply_timeout
        self.state = SandboxState(bot_user, clock, first_update_id=first_update_id)
        self.api = BotApi(self.state, callback_query_ttl=callback_query_ttl)
        self.faults = FaultList()
        self.calls: list[tuple[str, JsonDict]] = []
        self.errors: list[CallError] = []
        self._users: dict[int, SandboxUser] = {}
        self._groups: dict[int, SandboxGroup] = {}
        self._server: SandboxHttpServer | None = None
        self._webhook: WebhookPump | None = None
        self._port: int | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving in the running event loop."""
        if self._server is not None:
            raise RuntimeError("the sandbox is already running")
        self.state.closed = False
        self._server = SandboxHttpServer(self._dispatch, self._file_lookup)
        self._port = await self._server.start()
        self._webhook = WebhookPump(self.state)
        self._webhook.start()
        logger.info("Bot API sandbox listening on %s", self.url)

    async def stop(self) -> None:
        """Answer pending long polls, close all connections and stop listening."""
        if self._server is None:
            return
        self.state.closed = True
        self.state.updates_changed.notify()
        if self._webhook is not None:
            await self._webhook.stop()
            self._webhook = None
        await self._server.stop()
        self._server = None
        self._port = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def reset(self) -> None:
        """Start over with an empty world while the server keeps running: forget users, groups,
        chats, pending updates, files, commands, the webhook, faults and the call log. Update ids
        keep increasing, so a bot application that keeps polling across resets keeps working."""
        self.state.reset()
        self._users.clear()
        self._groups.clear()
        self.faults.clear()
        self.calls.clear()
        self.errors.clear()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not running (start() it first)")
        return self._port

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url`` (PTB appends the token and ``/method``)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For PTB's ``base_file_url``."""
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> JsonDict:
        """The bot's ``User`` object (what getMe returns, minus the capability flags)."""
        return dict(self.state.bot_user)

    # -- users -------------------------------------------------------------------------------

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Ann",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SandboxUser:
        """The user with this id (created on first call; later calls return the same user)."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        if user_id <= 0:
            raise ValueError("user ids are positive")
        record = UserRecord(user_id, first_name, last_name, username, language_code)
        self.state.users[user_id] = record
        self._users[user_id] = SandboxUser(self, record)
        return self._users[user_id]

    @property
    def users(self) -> list[SandboxUser]:
        return list(self._users.values())

    def group(
        self,
        chat_id: int,
        title: str = "CareSlot group",
        type: GroupType = "group",
        username: str | None = None,
    ) -> SandboxGroup:
        """The group, supergroup or channel with this (negative) id, the bot being a member
        (created on first call; later calls return the same chat). Users act in it with
        ``chat=``; a channel posts with ``post()``."""
        existing = self._groups.get(chat_id)
        if existing is not None:
            return existing
        if chat_id >= 0:
            raise ValueError("group, supergroup and channel ids are negative")
        if type not in GROUP_TYPES:
            raise ValueError(f"type must be one of {GROUP_TYPES}, not {type!r}")
        record = GroupRecord(chat_id, title, type, username)
        self.state.groups[chat_id] = record
        self._groups[chat_id] = SandboxGroup(self, record)
        return self._groups[chat_id]

    @property
    def groups(self) -> list[SandboxGroup]:
        """The groups, supergroups and channels created with :meth:`group`."""
        return list(self._groups.values())

    def redeliver(self, update_id: int) -> None:
        """Queue an already delivered update again, unchanged (no waiting; see the user's)."""
        self.state.redeliver(update_id)

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        return len(self.state.pending)

    # -- faults and the call log -------------------------------------------------------------

    def inject_fault(
        self,
        method: str | None = None,
        kind: FaultKind = "429",
        *,
        retry_after: int = 1,
        status: int = 500,
        delay: float = 1.0,
        times: int | None = 1,
        description: str | None = None,
        after: bool = False,
        chat_id: int | None = None,
    ) -> Fault:
        """Make the next ``times`` calls of ``method`` (None: any method) fail or be slow; see
        :class:`Fault`."""
        return self.faults.add(
            Fault(kind=kind, method=method, times=times, retry_after=retry_after, status=status,
                  delay=delay, description=description, after=after, chat_id=chat_id)
        )  # fmt: skip

    def clear_faults(self) -> None:
        self.faults.clear()

    def count_calls(self, method: str | None = None) -> int:
        """How many calls of ``method`` (any, when None) the bot made, failed ones included."""
        if method is None:
            return len(self.calls)
        return sum(1 for name, _ in self.calls if name.lower() == method.lower())

    def calls_to(self, method: str) -> list[JsonDict]:
        """The parameters of every call of ``method``, oldest first."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def clear_calls(self) -> None:
        """Forget the call and error logs (e.g. between phases of a benchmark)."""
        self.calls.clear()
        self.errors.clear()

    # -- published state ---------------------------------------------------------------------

    def commands(
        self, scope: str | int | JsonDict | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """Commands published for exactly this scope: None/"default", "all_private_chats", a
        chat id, or a BotCommandScope dict. See ``SandboxUser.commands`` for the resolved menu.
        """
        if scope is None:
            key = "default"
        elif isinstance(scope, int):
            key = f"chat:{scope}"
        elif isinstance(scope, str):
            key = scope
        else:
            key = scope["type"]
            if "chat_id" in scope:
                key += f":{scope['chat_id']}"
            if "user_id" in scope:
                key += f":{scope['user_id']}"
        found = self.state.commands.get((key, language_code), [])
        return [(c["command"], c["description"]) for c in found]

    def file_bytes(self, file_id: str) -> bytes:
        """Content of an uploaded file."""
        return self.state.files[file_id].data

    @property
    def webhook_url(self) -> str:
        return str(self.state.webhook["url"])

    # -- HTTP glue ---------------------------------------------------------------------------

    def _file_lookup(self, token: str, path: str) -> bytes | None:
        stored = self.state.files_by_path.get(path) if token == self.token else None
        return stored.data if stored is not None else None

    async def _dispatch(
        self, token: str, method: str, params: JsonDict, uploads: dict[str, Upload]
    ) -> tuple[int, JsonDict]:
        """Answer one request: token, method lookup, faults, the method, the call log."""
        if token != self.token:
            return 401, ApiError(401, "Unauthorized").payload()
        logged = dict(params)
        for name, upload in uploads.items():
            logged[name] = {"upload": upload.filename, "size": len(upload.body)}
        found = self.api.lookup(method)
        if found is None:
            self.calls.append((method, logged))
            self.errors.append(CallError(method, logged, 404, "Not Found"))
            return 404, ApiError(404, "Not Found").payload()
        name, handler = found
        self.calls.append((name, logged))
        fault = self.faults.take(name, params.get("chat_id"))
        try:
            if fault is not None and fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            elif fault is not None and not fault.after:
                raise ApiError(*fault.error())
            result: Any = handler(params, uploads)
            if inspect.isawaitable(result):
                result = await result
            if fault is not None and fault.kind != "slow":
                raise ApiError(*fault.error())
        except ApiError as exc:
            injected = fault is not None and fault.kind != "slow"
            self.errors.append(
                CallError(name, logged, exc.error_code, exc.description, injected=injected)
            )
            return exc.error_code, exc.payload()
        except Exception as exc:  # a sandbox bug: answer 500 and keep the evidence
            logger.exception("sandbox failed to serve %s", name)
            description = f"Internal Server Error: sandbox bug: {exc!r}"
            self.errors.append(CallError(name, logged, 500, description))
            return 500, ApiError(500, description).payload()
        return 200, {"ok": True, "result": result}
