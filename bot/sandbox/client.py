"""Acting as Telegram users: send texts, commands, contacts, press buttons, read the chat.

Each action builds the Update a real Telegram client would cause and queues it for the bot.
With ``wait=True`` (the default) the action then waits for the bot's visible reaction in the
chat it happened in: at least one operation after the action, then quiet for ``settle`` seconds,
so a test reads the whole answer (e.g. an answered callback followed by an edit) as one
:class:`Reply`. A user acts in the private chat, or with ``chat=`` in a group or supergroup
(:class:`SandboxGroup`); a channel publishes its own posts.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from bot.sandbox.chat import (
    CallbackAnswer,
    ChatMessage,
    Reply,
    ReplyKeyboard,
)
from bot.sandbox.html_check import utf16_len
from bot.sandbox.markup import inline_buttons
from bot.sandbox.state import (
    CallbackRecord,
    ChatRecord,
    GroupRecord,
    GroupType,
    JsonDict,
    StoredMessage,
    UserRecord,
)

if TYPE_CHECKING:
    from bot.sandbox.sandbox import BotApiSandbox

_COMMAND_RE = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s])")


def command_entities(text: str) -> list[JsonDict]:
    """``bot_command`` entities for every ``/command`` (or ``/command@bot``) standing alone as a
    word, as Telegram's servers add them to what users type."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group(0)),
        }
        for match in _COMMAND_RE.finditer(text)
    ]


def _text_fields(text: str) -> JsonDict:
    """A typed text message: like Telegram, ``/commands`` in it get ``bot_command`` entities."""
    if not text.strip():
        raise ValueError("Telegram clients do not send empty messages")
    fields: JsonDict = {"text": text}
    entities = command_entities(text)
    if entities:
        fields["entities"] = entities
    return fields


def _command_fields(command: str, args: str | None) -> JsonDict:
    """``/command [args]`` with the ``bot_command`` entity Telegram adds."""
    command = command if command.startswith("/") else f"/{command}"
    text = f"{command} {args}" if args else command
    entities = command_entities(text)
    if not entities or entities[0] != {
        "type": "bot_command",
        "offset": 0,
        "length": utf16_len(command),
    }:
        raise ValueError(f"{command!r} is not a valid bot command")
    return {"text": text, "entities": entities}


class _ChatView:
    """What users and groups share: reading one chat (``record``'s), and the reply waiting of
    actions, which watches the chat the action happened in."""

    record: ChatRecord

    def __init__(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox
        self._state = sandbox.state
        self.last_update_id: int | None = None
        self._pending: dict[int, tuple[int, str]] = {}  # chat id: (marker, what) of wait=False

    @property
    def chat_id(self) -> int:
        return self.record.id

    # -- reading the chat --------------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """The chat as shown now: all sides, oldest first, deleted messages left out."""
        return [m.snapshot() for m in self._state.chat_messages(self.chat_id)]

    @property
    def history(self) -> list[ChatMessage]:
        """Like :attr:`messages` but keeping deleted messages (with ``deleted=True``)."""
        return [m.snapshot() for m in self._state.chat_messages(self.chat_id, include_deleted=True)]

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.from_bot]

    @property
    def last_message(self) -> ChatMessage | None:
        messages = self._state.chat_messages(self.chat_id)
        return messages[-1].snapshot() if messages else None

    @property
    def last_bot_message(self) -> ChatMessage | None:
        for message in reversed(self._state.chat_messages(self.chat_id)):
            if message.from_bot:
                return message.snapshot()
        return None

    def message(self, message_id: int) -> ChatMessage | None:
        """The current state of one message (None when unknown or deleted)."""
        stored = self._state.message(self.chat_id, message_id)
        return stored.snapshot() if stored else None

    @property
    def current_reply_keyboard(self) -> ReplyKeyboard | None:
        """The reply keyboard the bot shows (None before any or after ReplyKeyboardRemove)."""
        return self.record.reply_keyboard

    @property
    def chat_actions(self) -> list[str]:
        """``sendChatAction`` actions the bot sent here ("typing", ...), oldest first."""
        return list(self.record.chat_actions)

    def transcript(self, last: int = 20) -> str:
        """The last messages as readable lines (used in timeout errors; handy when debugging)."""
        lines = []
        for message in self.history[-last:]:
            flags = "".join(
                f" ({flag})"
                for flag, on in (("edited", message.edited), ("deleted", message.deleted))
                if on
            )
            text = (
                message.text
                or ("<document>" if message.document else "")
                or ("<photo>" if message.photo else "<contact>" if message.contact else "")
            )
            lines.append(f"  [{self._author(message)} #{message.message_id}{flags}] {text}")
            if message.buttons:
                rows = " / ".join(" | ".join(b.text for b in row) for row in message.buttons)
                lines.append(f"      buttons: {rows}")
        return "\n".join(lines) if lines else "  (empty)"

    def _author(self, message: ChatMessage) -> str:
        """Who wrote ``message``, as :meth:`transcript` shows it."""
        return "bot" if message.from_bot else "user"

    # -- waiting -----------------------------------------------------------------------------

    async def _after_action(
        self,
        chat: _ChatView,
        marker: int,
        what: str,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        if not wait:
            self._pending.setdefault(chat.chat_id, (marker, what))
            return None
        self._pending.pop(chat.chat_id, None)
        return await self._wait(chat, marker, what, within, settle)

    async def _wait_reply(
        self, chat: _ChatView, within: float | None, settle: float | None
    ) -> Reply:
        """The reaction to the earliest ``wait=False`` action in ``chat`` since the last wait
        there, or with none pending, the bot's next activity in ``chat``."""
        pending = self._pending.pop(chat.chat_id, None)
        marker, what = pending or (self._state.seq, "waiting for the bot")
        return await self._wait(chat, marker, what, within, settle)

    async def _wait(
        self,
        chat: _ChatView,
        marker: int,
        what: str,
        within: float | None,
        settle: float | None,
    ) -> Reply:
        state = self._state
        chat_id = chat.chat_id
        timeout = self._sandbox.reply_timeout if within is None else within
        settle = self._sandbox.settle if settle is None else settle
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not state.activity_since(chat_id, marker):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message(chat, what, timeout))
            await state.chat_signal(chat_id).wait(remaining)
        while True:
            quiet = loop.time() - state.activity_since(chat_id, marker)[-1].at
            if quiet >= settle:
                break
            if loop.time() >= deadline:
                raise TimeoutError(
                    f"{self._actor(chat)}: the bot kept changing the chat for {timeout:.1f}s "
                    f"after {what}.\nChat so far:\n{chat.transcript()}"
                )
            await asyncio.sleep(min(settle - quiet, max(deadline - loop.time(), 0.001)))
        return self._reply(chat, marker)

    def _reply(self, chat: _ChatView, marker: int) -> Reply:
        messages = self._state.chats.get(chat.chat_id, {})
        new: list[int] = []
        edited: list[int] = []
        deleted: list[int] = []
        answer: CallbackAnswer | None = None
        last: int | None = None
        for act in self._state.activity_since(chat.chat_id, marker):
            if act.kind == "new" and act.message_id is not None:
                new.append(act.message_id)
                last = act.message_id
            elif act.kind == "edit" and act.message_id is not None:
                if act.message_id not in new and act.message_id not in edited:
                    edited.append(act.message_id)
                last = act.message_id
            elif act.kind == "delete" and act.message_id is not None:
                deleted.append(act.message_id)
            elif act.kind == "answer":
                answer = act.answer
        return Reply(
            new_messages=tuple(messages[i].snapshot() for i in new),
            edited=tuple(messages[i].snapshot() for i in edited),
            deleted=tuple(deleted),
            callback_answer=answer,
            last=messages[last].snapshot() if last is not None else None,
            update_id=self.last_update_id,
        )

    def _actor(self, chat: _ChatView) -> str:
        """Who acted where, for error messages."""
        return f"{self!r}" if chat is self else f"{self!r} in {chat!r}"

    def _timeout_message(self, chat: _ChatView, what: str, timeout: float) -> str:
        lines = [f"{self._actor(chat)}: no reply from the bot within {timeout:.1f}s after {what}."]
        pending = len(self._state.pending)
        if pending:
            polls = self._sandbox.count_calls("getUpdates")
            lines.append(
                f"{pending} update(s) are still waiting for getUpdates (called {polls} times so "
                "far): is the bot running and polling this sandbox?"
            )
        errors = [e for e in self._sandbox.errors if e.params.get("chat_id") == chat.chat_id][-5:]
        if errors:
            lines.append("Bot API errors for this chat:")
            lines += [f"  {e.method}: {e.error_code} {e.description}" for e in errors]
        lines.append(f"Chat so far:\n{chat.transcript()}")
        return "\n".join(lines)


class SandboxUser(_ChatView):
    """One Telegram user talking to the bot in a private chat (chat id == user id), and with
    ``chat=`` in groups and supergroups (see ``BotApiSandbox.group``)."""

    record: UserRecord

    def __init__(self, sandbox: BotApiSandbox, record: UserRecord) -> None:
        super().__init__(sandbox)
        self.record = record

    def __repr__(self) -> str:
        return f"SandboxUser(id={self.id}, first_name={self.first_name!r})"

    # -- identity ----------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def first_name(self) -> str:
        return self.record.first_name

    @property
    def username(self) -> str | None:
        return self.record.username

    # -- reading the private chat ------------------------------------------------------------

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """What the bot answered to this user's presses, in any chat, oldest first."""
        return list(self.record.callback_answers)

    @property
    def commands(self) -> list[tuple[str, str]]:
        """The command menu this user sees, resolved over scopes and languages as Telegram
        does for private chats."""
        language = self.record.language_code or ""
        for scope in (f"chat:{self.id}", "all_private_chats", "default"):
            for lang in dict.fromkeys((language, "")):
                found = self._state.commands.get((scope, lang))
                if found:
                    return [(c["command"], c["description"]) for c in found]
        return []

    # -- blocking ----------------------------------------------------------------------------

    def block_bot(self) -> None:
        """From now on sends to this user fail with 403 "bot was blocked by the user"."""
        self.record.blocked_bot = True

    def unblock_bot(self) -> None:
        self.record.blocked_bot = False

    # -- actions -----------------------------------------------------------------------------

    async def send_text(
        self,
        text: str,
        *,
        reply_to: ChatMessage | int | None = None,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Type and send a text message (optionally as a reply to a message) in the private
        chat or in group ``chat``. Like Telegram, ``/commands`` in the text get ``bot_command``
        entities (PTB's CommandHandler needs them).
        """
        return await self._send_message(
            _text_fields(text), reply_to, f"sending {text!r}", chat, wait, timeout, settle
        )

    async def send_command(
        self,
        command: str,
        args: str | None = None,
        *,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Send ``/command [args]`` with the ``bot_command`` entity Telegram adds, in the
        private chat or in group ``chat`` (where ``/command@bot_username`` is common)."""
        fields = _command_fields(command, args)
        return await self._send_message(
            fields, None, f"sending {fields['text']!r}", chat, wait, timeout, settle
        )

    async def share_contact(
        self,
        phone_number: str = "+15551234567",
        own: bool = True,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Share a contact (in the private chat or in group ``chat``). ``own=True`` is what the
        "share my phone" (request_contact) button sends: the user's names and ``user_id``.
        Telegram passes the number as the client formats it, sometimes without "+": pass such
        a number to test that case."""
        contact: JsonDict = {"phone_number": phone_number}
        if own:
            contact["first_name"] = first_name or self.record.first_name
            last = last_name if last_name is not None else self.record.last_name
            if last:
                contact["last_name"] = last
            contact["user_id"] = self.id
        else:
            contact["first_name"] = first_name or "Contact"
            if last_name:
                contact["last_name"] = last_name
            if user_id is not None:
                contact["user_id"] = user_id
        return await self._send_message(
            {"contact": contact}, None, f"sharing contact {phone_number}", chat, wait, timeout,
            settle,
        )  # fmt: skip

    async def tap_keyboard(
        self,
        text: str,
        *,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Tap a button of the reply keyboard shown in the private chat (or group ``chat``):
        sends its text, or the user's own contact for a ``request_contact`` button. Raises
        LookupError when no such button is shown."""
        where = self._target(chat, writing=True)
        keyboard = where.record.reply_keyboard
        button = keyboard.find(text) if keyboard else None
        if keyboard is None or button is None:
            shown = keyboard.texts if keyboard else "no reply keyboard"
            raise LookupError(f"no reply keyboard button {text!r} is shown ({shown})")
        if keyboard.one_time:
            where.record.reply_keyboard = None
        if button.request_contact:
            return await self.share_contact(chat=chat, wait=wait, timeout=timeout, settle=settle)
        return await self.send_text(text, chat=chat, wait=wait, timeout=timeout, settle=settle)

    async def press(
        self,
        button: str | int,
        message: ChatMessage | int | None = None,
        *,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Press an inline button by its exact text or by its 0-based index over all buttons
        (row by row) of ``message`` (default: the newest bot message with an inline keyboard)
        in the private chat, or in ``chat`` (a group, supergroup or channel).
        """
        where = self._target(chat, writing=False)
        stored = self._keyboard_message(message, where)
        buttons = [b for row in inline_buttons(stored.reply_markup) for b in row]
        if isinstance(button, int):
            if not 0 <= button < len(buttons):
                raise IndexError(
                    f"message #{stored.message_id} has {len(buttons)} buttons, no index {button}"
                )
            chosen = buttons[button]
        else:
            found = [b for b in buttons if b.text == button]
            if not found:
                raise LookupError(
                    f"no button {button!r} on message #{stored.message_id}; "
                    f"buttons: {[b.text for b in buttons]}"
                )
            chosen = found[0]
        if chosen.callback_data is None:
            raise ValueError(f"button {chosen.text!r} has no callback_data (url: {chosen.url})")
        return await self._callback(
            where, stored.message_id, chosen.callback_data, f"pressing {chosen.text!r}",
            wait, timeout, settle,
        )  # fmt: skip

    async def press_data(
        self,
        message_id: int,
        data: str,
        *,
        chat: SandboxGroup | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Send a callback query with arbitrary (forged or stale) ``data`` for a message of the
        private chat or of ``chat``.

        For a message that does not exist (any more), Telegram's "inaccessible message"
        (``date`` 0) is sent, as for very old messages."""
        where = self._target(chat, writing=False)
        return await self._callback(
            where, message_id, data, f"pressing forged data {data!r}", wait, timeout, settle
        )

    async def redeliver(
        self,
        update_id: int | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Deliver an update once more, unchanged (default: this user's last one), like
        Telegram does when it did not see the bot confirm it. The reply is awaited in the
        update's group, if it came from one, else in the private chat."""
        target = update_id if update_id is not None else self.last_update_id
        if target is None:
            raise ValueError(f"{self!r} has sent no update yet")
        marker = self._state.seq
        self._state.redeliver(target)
        return await self._after_action(self._update_chat(target), marker,
                                        f"redelivering update {target}", wait, timeout,
                                        settle)  # fmt: skip

    async def wait_reply(
        self,
        *,
        chat: SandboxGroup | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply:
        """Wait for the reaction to the earliest action sent with ``wait=False`` in the private
        chat (or in group ``chat``) since the last wait there, or, with none pending, for the
        bot's next visible activity in that chat (e.g. a scheduled reminder)."""
        return await self._wait_reply(self._target(chat, writing=False), timeout, settle)

    # -- internals ---------------------------------------------------------------------------

    def _target(self, chat: SandboxGroup | None, *, writing: bool) -> _ChatView:
        """Where an action happens: the private chat, or group ``chat`` of this sandbox."""
        if chat is None:
            return self
        if not isinstance(chat, SandboxGroup) or chat._sandbox is not self._sandbox:
            raise ValueError(f"{chat!r} is not a group of this sandbox (see sandbox.group())")
        if writing and chat.is_channel:
            raise ValueError(f"users do not write in {chat!r}: the channel post()s itself")
        return chat

    def _update_chat(self, update_id: int) -> _ChatView:
        """The group an update happened in, or this user's private chat."""
        for body in self._state.history[update_id].values():
            if isinstance(body, dict):
                chat = body.get("chat") or body.get("message", {}).get("chat") or {}
                for group in self._sandbox.groups:
                    if group.id == chat.get("id"):
                        return group
        return self

    def _pushed(self, where: _ChatView, update_id: int) -> None:
        """Remember the update this user's action created (in ``where`` too, for groups)."""
        self.last_update_id = where.last_update_id = update_id

    async def _send_message(
        self,
        fields: JsonDict,
        reply_to: ChatMessage | int | None,
        what: str,
        chat: SandboxGroup | None,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        where = self._target(chat, writing=True)
        marker = self._state.seq
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            target = self._state.message(where.chat_id, target_id)
            if target is None:
                raise LookupError(f"no message #{target_id} to reply to")
            fields["reply_to"] = target.to_api(with_reply=False)
        stored = self._state.add_message(where.record, from_bot=False, author=self.record, **fields)
        self._pushed(where, self._state.push_update("message", stored.to_api()))
        return await self._after_action(where, marker, what, wait, within, settle)

    async def _callback(
        self,
        where: _ChatView,
        message_id: int,
        data: str,
        what: str,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        marker = self._state.seq
        stored = self._state.message(where.chat_id, message_id)
        message = (
            stored.to_api()
            if stored is not None
            else {"chat": where.record.as_chat(), "message_id": message_id, "date": 0}
        )
        query_id = self._state.new_query_id()
        created = asyncio.get_running_loop().time()
        self._state.callbacks[query_id] = CallbackRecord(query_id, self.id, where.chat_id, created)
        body = {
            "id": query_id,
            "from": self.record.as_user(),
            "message": message,
            "chat_instance": str(4_000_000_000 + where.chat_id),
            "data": data,
        }
        self._pushed(where, self._state.push_update("callback_query", body))
        return await self._after_action(where, marker, what, wait, within, settle)

    def _keyboard_message(
        self, message: ChatMessage | int | None, where: _ChatView
    ) -> StoredMessage:
        if message is None:
            for stored in reversed(self._state.chat_messages(where.chat_id)):
                if stored.from_bot and inline_buttons(stored.reply_markup):
                    return stored
            place = f"the chat of {self!r}" if where is self else f"{where!r}"
            raise LookupError(f"no bot message with an inline keyboard in {place}")
        message_id = message if isinstance(message, int) else message.message_id
        found = self._state.message(where.chat_id, message_id)
        if found is None:
            raise LookupError(f"message #{message_id} is not in the chat (deleted?)")
        return found


class SandboxGroup(_ChatView):
    """A group, supergroup or channel with the bot in it (negative chat id).

    Users act here by passing ``chat=group`` to their actions, and the reply waiting then
    watches this chat. Nobody writes in a channel but the channel itself: :meth:`post` and
    :meth:`post_command` publish ``channel_post`` updates (``sender_chat``, no ``from``).
    """

    record: GroupRecord

    def __init__(self, sandbox: BotApiSandbox, record: GroupRecord) -> None:
        super().__init__(sandbox)
        self.record = record

    def __repr__(self) -> str:
        return f"SandboxGroup(id={self.id}, title={self.title!r}, type={self.type!r})"

    # -- identity ----------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def type(self) -> GroupType:
        return self.record.type

    @property
    def is_channel(self) -> bool:
        return self.record.is_channel

    # -- reading the chat --------------------------------------------------------------------

    @property
    def commands(self) -> list[tuple[str, str]]:
        """The command menu members see here, resolved over scopes as Telegram does for group
        chats (language-neutral lists only); channels have no command menu."""
        if self.is_channel:
            return []
        for scope in (f"chat:{self.id}", "all_group_chats", "default"):
            found = self._state.commands.get((scope, ""))
            if found:
                return [(c["command"], c["description"]) for c in found]
        return []

    def _author(self, message: ChatMessage) -> str:
        if message.from_bot:
            return "bot"
        if message.sender_id == self.id:
            return "channel"
        user = self._state.users.get(message.sender_id or 0)
        return user.first_name if user is not None else "user"

    # -- channel posts -----------------------------------------------------------------------

    async def post(
        self,
        text: str,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Publish a text post in this channel (``/commands`` in it get their entities)."""
        return await self._post(_text_fields(text), f"posting {text!r}", wait, timeout, settle)

    async def post_command(
        self,
        command: str,
        args: str | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Publish ``/command [args]`` in this channel, with the ``bot_command`` entity."""
        fields = _command_fields(command, args)
        return await self._post(fields, f"posting {fields['text']!r}", wait, timeout, settle)

    async def wait_reply(
        self,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply:
        """Wait for the reaction to the earliest post sent with ``wait=False`` since the last
        wait, or, with none pending, for the bot's next visible activity in this chat."""
        return await self._wait_reply(self, timeout, settle)

    async def _post(
        self,
        fields: JsonDict,
        what: str,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        if not self.is_channel:
            raise ValueError(f"only channels post: in {self!r} a user sends (chat=...)")
        marker = self._state.seq
        stored = self._state.add_message(self.record, from_bot=False, **fields)
        self.last_update_id = self._state.push_update("channel_post", stored.to_api())
        return await self._after_action(self, marker, what, wait, within, settle)
