"""The sandbox's world: users, their private chats, groups and channels, the update queue,
files and commands.

Everything here is plain synchronous Python mutated from one asyncio loop, so each Bot API call
and each user action is atomic. Waiting (long polling, "wait for the bot's reply") is built on
:class:`Signal`, which wakes every waiter whenever something changed; waiters re-check their own
condition, which keeps the bookkeeping trivial and race-free.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.sandbox.chat import CallbackAnswer, ChatMessage, Document, Photo, ReplyKeyboard
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.markup import inline_buttons

JsonDict = dict[str, Any]
GroupType = Literal["group", "supergroup", "channel"]
GROUP_TYPES: tuple[GroupType, ...] = ("group", "supergroup", "channel")


class Signal:
    """A broadcast "something changed" notification for any number of waiters."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake everybody currently waiting."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Return after the next :meth:`notify` or after ``seconds``, whichever comes first."""
        event = self._event
        if seconds <= 0:
            return
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            pass


@dataclass
class UserRecord:
    """A Telegram user; the private chat with the bot has the user's id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked_bot: bool = False
    reply_keyboard: ReplyKeyboard | None = None
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    chat_actions: list[str] = field(default_factory=list)

    def as_user(self) -> JsonDict:
        """The Bot API ``User`` object."""
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def as_chat(self) -> JsonDict:
        """The Bot API ``Chat`` object of the private chat with this user."""
        data: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass
class GroupRecord:
    """A group, supergroup or channel the bot is a member of (negative id).

    Like a private chat it has the reply keyboard the bot shows there and the chat actions the
    bot sent; button presses are answered to the pressing user (see ``UserRecord``).
    """

    id: int
    title: str
    type: GroupType
    username: str | None = None
    reply_keyboard: ReplyKeyboard | None = None
    chat_actions: list[str] = field(default_factory=list)

    @property
    def is_channel(self) -> bool:
        return self.type == "channel"

    def as_chat(self) -> JsonDict:
        """The Bot API ``Chat`` object of this group or channel."""
        data: JsonDict = {"id": self.id, "type": self.type, "title": self.title}
        if self.username is not None:
            data["username"] = self.username
        return data


ChatRecord = UserRecord | GroupRecord


@dataclass
class StoredFile:
    """An uploaded file, downloadable under ``base_file_url``."""

    file_id: str
    file_unique_id: str
    kind: str  # "document" | "photo"
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def as_document(self) -> JsonDict:
        data: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data

    def as_photo(self) -> list[JsonDict]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": len(self.data),
            }
        ]


@dataclass
class StoredMessage:
    """The sandbox's mutable record of one message; tests see :class:`ChatMessage` snapshots."""

    message_id: int
    chat: JsonDict
    sender: JsonDict  # a User (the bot or a user), or the channel's Chat for channel posts
    date: int
    text: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JsonDict] = field(default_factory=list)
    source: str | None = None  # text/caption as sent, when a parse_mode was used
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    edit_date: int | None = None
    deleted: bool = False
    file: StoredFile | None = None
    contact: JsonDict | None = None
    reply_to: JsonDict | None = None  # API form of the replied-to message, frozen at send time
    sender_chat: JsonDict | None = None  # channels: posted on behalf of the channel, no "from"

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))

    def to_api(self, *, with_reply: bool = True) -> JsonDict:
        """The Bot API ``Message`` object."""
        data: JsonDict = {"message_id": self.message_id}
        if self.sender_chat is None:
            data["from"] = self.sender
        else:
            data["sender_chat"] = self.sender_chat
        data["chat"] = self.chat
        data["date"] = self.date
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        if self.caption is not None:
            data["caption"] = self.caption
            if self.caption_entities:
                data["caption_entities"] = self.caption_entities
        if self.file is not None:
            if self.file.kind == "photo":
                data["photo"] = self.file.as_photo()
            else:
                data["document"] = self.file.as_document()
        if self.contact is not None:
            data["contact"] = self.contact
        if self.reply_to is not None and with_reply:
            data["reply_to_message"] = self.reply_to
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup  # Telegram echoes inline keyboards only
        return data

    def snapshot(self) -> ChatMessage:
        """An immutable view for tests."""
        file = self.file
        return ChatMessage(
            message_id=self.message_id,
            chat_id=self.chat["id"],
            from_bot=self.from_bot,
            text=self.text if self.text is not None else (self.caption or ""),
            date=self.date,
            html=self.source if self.parse_mode == "HTML" else None,
            parse_mode=self.parse_mode,
            entities=tuple(self.entities if self.text is not None else self.caption_entities),
            edited=self.edit_date is not None,
            edit_date=self.edit_date,
            deleted=self.deleted,
            buttons=inline_buttons(self.reply_markup),
            reply_markup=self.reply_markup,
            document=(
                Document(file.file_id, file.file_unique_id, file.file_name, file.mime_type,
                         len(file.data))
                if file is not None and file.kind == "document" else None
            ),
            photo=(
                Photo(file.file_id, file.file_unique_id, file.width, file.height, len(file.data))
                if file is not None and file.kind == "photo" else None
            ),
            contact=self.contact,
            reply_to_message_id=self.reply_to["message_id"] if self.reply_to else None,
            sender_id=self.sender["id"],
        )  # fmt: skip


@dataclass
class Activity:
    """One chat-visible thing the bot did; the reply waiter reads these."""

    seq: int
    at: float  # loop.time()
    chat_id: int
    kind: str  # "new" | "edit" | "delete" | "answer"
    message_id: int | None = None
    answer: CallbackAnswer | None = None


@dataclass
class QueuedUpdate:
    """An update waiting to be confirmed by getUpdates' ``offset``."""

    update_id: int
    payload: JsonDict
    forced: bool = False  # re-queued by redeliver(): survives the offset until delivered once
    delivered: bool = False


@dataclass
class CallbackRecord:
    """A button press the bot has to answer (once, and soon enough)."""

    query_id: str
    user_id: int
    chat_id: int  # where the pressed message is: the answer counts as activity there
    created: float
    answered: bool = False


# Where a new sandbox's update ids start, unless told: at random, as Telegram picks the next
# id after a quiet week, leaving room for 2**24 updates below the 32-bit limit. Never at 1 each
# time: a bot that remembers the update ids it handled (its database outlives the sandbox, as
# in a demo with a kept data directory) would take a new sandbox's updates for old ones.
FIRST_UPDATE_IDS = (1, 2**31 - 2**24)


class SandboxState:
    """Owner of all mutable sandbox data; see the module docstring for the concurrency model."""

    def __init__(
        self,
        bot_user: JsonDict,
        clock: Callable[[], float] = time.time,
        *,
        first_update_id: int | None = None,
    ) -> None:
        self.bot_user = bot_user
        self.clock = clock
        self.users: dict[int, UserRecord] = {}
        self.groups: dict[int, GroupRecord] = {}
        self.chats: dict[int, dict[int, StoredMessage]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.pending: list[QueuedUpdate] = []
        self.history: dict[int, JsonDict] = {}
        self._update_ids = itertools.count(
            random.randrange(*FIRST_UPDATE_IDS) if first_update_id is None else first_update_id
        )
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.allowed_updates: list[str] | None = None
        self.webhook: JsonDict = {"url": ""}
        self.activity: dict[int, list[Activity]] = {}  # per chat, oldest first
        self._seq = 0
        self._chat_signals: dict[int, Signal] = {}  # activity per chat (reply waiters)
        self.updates_changed = Signal()  # new pending update, webhook change or shutdown
        self.poll_generation = 0
        self.closed = False  # set on shutdown: long polls answer at once

    def reset(self) -> None:
        """Forget the world (users, groups, chats, updates, files, commands, webhook) but keep
        every id counter running: a bot still polling with an offset must not miss new updates."""
        self.users.clear()
        self.groups.clear()
        self.chats.clear()
        self._message_ids.clear()
        self.pending.clear()
        self.history.clear()
        self.files.clear()
        self.files_by_path.clear()
        self.callbacks.clear()
        self.commands.clear()
        self.allowed_updates = None
        self.webhook = {"url": ""}
        self.activity.clear()
        self.updates_changed.notify()

    def now(self) -> int:
        """Telegram dates: integer seconds since the epoch."""
        return int(self.clock())

    # -- users and chats ---------------------------------------------------------------------

    def chat_record(self, chat_id: Any) -> ChatRecord:
        """The chat ``sendMessage`` & co. address: a user's private chat (positive id) or a
        group or channel (negative id)."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat: ChatRecord | None = None
        if isinstance(chat_id, int) and not isinstance(chat_id, bool):
            chat = self.users.get(chat_id) if chat_id > 0 else self.groups.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, chat_id: Any) -> ChatRecord:
        """Like :meth:`chat_record`, and refuse users who blocked the bot (403, as Telegram)."""
        chat = self.chat_record(chat_id)
        if isinstance(chat, UserRecord) and chat.blocked_bot:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def add_message(
        self,
        chat: ChatRecord,
        *,
        from_bot: bool,
        author: UserRecord | None = None,
        date: int | None = None,
        **fields: Any,
    ) -> StoredMessage:
        """Append a message to a chat with the next per-chat message id.

        The author is the bot (``from_bot``), else ``author``, which a group message needs and
        a private chat defaults to its user; a channel posts everything as the channel itself.
        """
        channel = chat.as_chat() if isinstance(chat, GroupRecord) and chat.is_channel else None
        counter = self._message_ids.setdefault(chat.id, itertools.count(1))
        message = StoredMessage(
            message_id=next(counter),
            chat=chat.as_chat(),
            sender=self._author(chat, from_bot, author),
            date=self.now() if date is None else date,
            sender_chat=channel,
            **fields,
        )
        self.chats.setdefault(chat.id, {})[message.message_id] = message
        return message

    def _author(self, chat: ChatRecord, from_bot: bool, author: UserRecord | None) -> JsonDict:
        """The ``sender`` of a new message (see :meth:`add_message`)."""
        if from_bot:
            return self.bot_user
        if isinstance(chat, UserRecord):
            return (author or chat).as_user()
        if chat.is_channel:
            if author is not None:
                raise ValueError("users do not write in channels: the channel posts")
            return chat.as_chat()
        if author is None:
            raise ValueError(f"a message in the {chat.type} {chat.id} needs its author")
        return author.as_user()

    def message(self, chat_id: int, message_id: Any) -> StoredMessage | None:
        """A live (not deleted) message, or None."""
        if not isinstance(message_id, int):
            return None
        message = self.chats.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    def chat_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        return [m for m in self.chats.get(chat_id, {}).values() if include_deleted or not m.deleted]

    # -- activity ----------------------------------------------------------------------------

    @property
    def seq(self) -> int:
        """Sequence number of the newest activity (a marker for "after this point")."""
        return self._seq

    def record(
        self,
        chat_id: int,
        kind: str,
        message_id: int | None = None,
        answer: CallbackAnswer | None = None,
    ) -> None:
        self._seq += 1
        at = asyncio.get_running_loop().time()
        entry = Activity(self._seq, at, chat_id, kind, message_id, answer)
        self.activity.setdefault(chat_id, []).append(entry)
        self.chat_signal(chat_id).notify()

    def chat_signal(self, chat_id: int) -> Signal:
        """Notified on every activity in one chat, so waiters of other chats sleep on."""
        signal = self._chat_signals.get(chat_id)
        if signal is None:
            signal = self._chat_signals[chat_id] = Signal()
        return signal

    def activity_since(self, chat_id: int, seq: int) -> list[Activity]:
        """Activity in one chat after marker ``seq``, oldest first (scans from the end)."""
        entries = self.activity.get(chat_id, [])
        start = len(entries)
        while start > 0 and entries[start - 1].seq > seq:
            start -= 1
        return entries[start:]

    # -- updates -----------------------------------------------------------------------------

    def push_update(self, kind: str, body: JsonDict) -> int:
        """Queue an update; returns its id. Updates the bot did not allow are dropped (still
        numbered), as Telegram drops them."""
        update_id = next(self._update_ids)
        payload = {"update_id": update_id, kind: body}
        self.history[update_id] = payload
        if self.allowed_updates is None or not self.allowed_updates or kind in self.allowed_updates:
            self.pending.append(QueuedUpdate(update_id, payload))
            self.updates_changed.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Queue an already created update again, unchanged (duplicate delivery)."""
        if update_id not in self.history:
            raise KeyError(f"no update with id {update_id} was ever created")
        self.pending.append(QueuedUpdate(update_id, self.history[update_id], forced=True))
        self.updates_changed.notify()

    def confirm(self, offset: int) -> None:
        """Apply getUpdates' ``offset``: forget confirmed updates (negative: keep the last N)."""
        if offset < 0:
            self.pending = self.pending[offset:]
            return
        self.pending = [
            u for u in self.pending if u.update_id >= offset or (u.forced and not u.delivered)
        ]

    def take_updates(self, limit: int) -> list[JsonDict]:
        """Up to ``limit`` pending updates, in update_id order (they stay until confirmed)."""
        batch = sorted(self.pending, key=lambda u: u.update_id)[:limit]
        for update in batch:
            update.delivered = True
        return [u.payload for u in batch]

    # -- files and callback queries ----------------------------------------------------------

    def store_file(self, kind: str, data: bytes, **fields: Any) -> StoredFile:
        number = next(self._file_ids)
        name = fields.get("file_name") or ""
        suffix = name[name.rfind(".") :] if "." in name else (".jpg" if kind == "photo" else "")
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=f"SBX{kind[:3].upper()}{number:06d}",
            file_unique_id=f"U{number:06d}",
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{number}{suffix}",
            **fields,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def new_query_id(self) -> str:
        return f"{next(self._query_ids) + 7_000_000_000_000}"
