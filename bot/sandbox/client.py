"""Acting as Telegram users: send texts, commands, contacts, press buttons, read the chat.

Each action builds the Update a real Telegram client would cause and queues it for the bot.
With ``wait=True`` (the default) the action then waits for the bot's visible reaction in that
user's chat: at least one operation after the action, then quiet for ``settle`` seconds, so a
test reads the whole answer (e.g. an answered callback followed by an edit) as one :class:`Reply`.
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
from bot.sandbox.state import CallbackRecord, JsonDict, StoredMessage, UserRecord

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


class SandboxUser:
    """One Telegram user talking to the bot in a private chat (chat id == user id)."""

    def __init__(self, sandbox: BotApiSandbox, record: UserRecord) -> None:
        self._sandbox = sandbox
        self._state = sandbox.state
        self.record = record
        self.last_update_id: int | None = None
        self._pending: tuple[int, str] | None = None  # (activity marker, what) of wait=False

    def __repr__(self) -> str:
        return f"SandboxUser(id={self.id}, first_name={self.first_name!r})"

    # -- identity ----------------------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def chat_id(self) -> int:
        return self.record.id

    @property
    def first_name(self) -> str:
        return self.record.first_name

    @property
    def username(self) -> str | None:
        return self.record.username

    # -- reading the chat --------------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """The chat as shown now: both sides, oldest first, deleted messages left out."""
        return [m.snapshot() for m in self._state.chat_messages(self.id)]

    @property
    def history(self) -> list[ChatMessage]:
        """Like :attr:`messages` but keeping deleted messages (with ``deleted=True``)."""
        return [m.snapshot() for m in self._state.chat_messages(self.id, include_deleted=True)]

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.from_bot]

    @property
    def last_message(self) -> ChatMessage | None:
        messages = self._state.chat_messages(self.id)
        return messages[-1].snapshot() if messages else None

    @property
    def last_bot_message(self) -> ChatMessage | None:
        for message in reversed(self._state.chat_messages(self.id)):
            if message.from_bot:
                return message.snapshot()
        return None

    def message(self, message_id: int) -> ChatMessage | None:
        """The current state of one message (None when unknown or deleted)."""
        stored = self._state.message(self.id, message_id)
        return stored.snapshot() if stored else None

    @property
    def current_reply_keyboard(self) -> ReplyKeyboard | None:
        """The reply keyboard the bot shows (None before any or after ReplyKeyboardRemove)."""
        return self.record.reply_keyboard

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return list(self.record.callback_answers)

    @property
    def chat_actions(self) -> list[str]:
        """``sendChatAction`` actions the bot sent here ("typing", ...), oldest first."""
        return list(self.record.chat_actions)

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

    def transcript(self, last: int = 20) -> str:
        """The last messages as readable lines (used in timeout errors; handy when debugging)."""
        lines = []
        for message in self.history[-last:]:
            who = "bot" if message.from_bot else "user"
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
            lines.append(f"  [{who} #{message.message_id}{flags}] {text}")
            if message.buttons:
                rows = " / ".join(" | ".join(b.text for b in row) for row in message.buttons)
                lines.append(f"      buttons: {rows}")
        return "\n".join(lines) if lines else "  (empty)"

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
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Type and send a text message (optionally as a reply to a message). Like Telegram,
        ``/commands`` in the text get ``bot_command`` entities (PTB's CommandHandler needs them).
        """
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        fields: JsonDict = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return await self._send_message(
            fields, reply_to, f"sending {text!r}", wait, timeout, settle
        )

    async def send_command(
        self,
        command: str,
        args: str | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Send ``/command [args]`` with the ``bot_command`` entity Telegram adds."""
        command = command if command.startswith("/") else f"/{command}"
        text = f"{command} {args}" if args else command
        entities = command_entities(text)
        if not entities or entities[0] != {
            "type": "bot_command",
            "offset": 0,
            "length": utf16_len(command),
        }:
            raise ValueError(f"{command!r} is not a valid bot command")
        return await self._send_message(
            {"text": text, "entities": entities}, None, f"sending {text!r}", wait, timeout, settle
        )

    async def share_contact(
        self,
        phone_number: str = "+15551234567",
        own: bool = True,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Share a contact. ``own=True`` is what the "share my phone" (request_contact) button
        sends: the user's names and ``user_id``. Telegram passes the number as the client
        formats it, sometimes without "+": pass such a number to test that case."""
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
            {"contact": contact}, None, f"sharing contact {phone_number}", wait, timeout, settle
        )

    async def tap_keyboard(
        self,
        text: str,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Tap a button of the shown reply keyboard: sends its text, or the user's own contact
        for a ``request_contact`` button. Raises LookupError when no such button is shown."""
        keyboard = self.record.reply_keyboard
        button = keyboard.find(text) if keyboard else None
        if keyboard is None or button is None:
            shown = keyboard.texts if keyboard else "no reply keyboard"
            raise LookupError(f"no reply keyboard button {text!r} is shown ({shown})")
        if keyboard.one_time:
            self.record.reply_keyboard = None
        if button.request_contact:
            return await self.share_contact(wait=wait, timeout=timeout, settle=settle)
        return await self.send_text(text, wait=wait, timeout=timeout, settle=settle)

    async def press(
        self,
        button: str | int,
        message: ChatMessage | int | None = None,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Press an inline button by its exact text or by its 0-based index over all buttons
        (row by row) of ``message`` (default: the newest bot message with an inline keyboard).
        """
        stored = self._keyboard_message(message)
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
            stored.message_id, chosen.callback_data, f"pressing {chosen.text!r}",
            wait, timeout, settle,
        )  # fmt: skip

    async def press_data(
        self,
        message_id: int,
        data: str,
        *,
        wait: bool = True,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply | None:
        """Send a callback query with arbitrary (forged or stale) ``data`` for a message.

        For a message that does not exist (any more), Telegram's "inaccessible message"
        (``date`` 0) is sent, as for very old messages."""
        return await self._callback(
            message_id, data, f"pressing forged data {data!r}", wait, timeout, settle
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
        Telegram does when it did not see the bot confirm it."""
        target = update_id if update_id is not None else self.last_update_id
        if target is None:
            raise ValueError(f"{self!r} has sent no update yet")
        marker = self._state.seq
        self._state.redeliver(target)
        return await self._after_action(marker, f"redelivering update {target}", wait,
                                        timeout, settle)  # fmt: skip

    async def wait_reply(
        self,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - the reply wait's limit
        settle: float | None = None,
    ) -> Reply:
        """Wait for the reaction to the earliest action sent with ``wait=False`` since the last
        wait, or, with none pending, for the bot's next visible activity in this chat (e.g. a
        scheduled reminder)."""
        marker, what = self._pending or (self._state.seq, "waiting for the bot")
        self._pending = None
        return await self._wait(marker, what, timeout, settle)

    # -- internals ---------------------------------------------------------------------------

    async def _send_message(
        self,
        fields: JsonDict,
        reply_to: ChatMessage | int | None,
        what: str,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        marker = self._state.seq
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
            target = self._state.message(self.id, target_id)
            if target is None:
                raise LookupError(f"no message #{target_id} to reply to")
            fields["reply_to"] = target.to_api(with_reply=False)
        stored = self._state.add_message(self.record, from_bot=False, **fields)
        self.last_update_id = self._state.push_update("message", stored.to_api())
        return await self._after_action(marker, what, wait, within, settle)

    async def _callback(
        self,
        message_id: int,
        data: str,
        what: str,
        wait: bool,
        within: float | None,
        settle: float | None,
    ) -> Reply | None:
        marker = self._state.seq
        stored = self._state.message(self.id, message_id)
        message = (
            stored.to_api()
            if stored is not None
            else {"chat": self.record.as_chat(), "message_id": message_id, "date": 0}
        )
        query_id = self._state.new_query_id()
        created = asyncio.get_running_loop().time()
        self._state.callbacks[query_id] = CallbackRecord(query_id, self.id, created)
        body = {
            "id": query_id,
            "from": self.record.as_user(),
            "message": message,
            "chat_instance": str(4_000_000_000 + self.id),
            "data": data,
        }
        self.last_update_id = self._state.push_update("callback_query", body)
        return await self._after_action(marker, what, wait, within, settle)

    def _keyboard_message(self, message: ChatMessage | int | None) -> StoredMessage:
        if message is None:
            for stored in reversed(self._state.chat_messages(self.id)):
                if stored.from_bot and inline_buttons(stored.reply_markup):
                    return stored
            raise LookupError(f"no bot message with an inline keyboard in the chat of {self!r}")
        message_id = message if isinstance(message, int) else message.message_id
        found = self._state.message(self.id, message_id)
        if found is None:
            raise LookupError(f"message #{message_id} is not in the chat (deleted?)")
        return found

    async def _after_action(
        self, marker: int, what: str, wait: bool, within: float | None, settle: float | None
    ) -> Reply | None:
        if not wait:
            if self._pending is None:
                self._pending = (marker, what)
            return None
        self._pending = None
        return await self._wait(marker, what, within, settle)

    async def _wait(
        self, marker: int, what: str, within: float | None, settle: float | None
    ) -> Reply:
        state = self._state
        timeout = self._sandbox.reply_timeout if within is None else within
        settle = self._sandbox.settle if settle is None else settle
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not state.activity_since(self.id, marker):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message(what, timeout))
            await state.chat_signal(self.id).wait(remaining)
        while True:
            quiet = loop.time() - state.activity_since(self.id, marker)[-1].at
            if quiet >= settle:
                break
            if loop.time() >= deadline:
                raise TimeoutError(
                    f"{self!r}: the bot kept changing the chat for {timeout:.1f}s after {what}.\n"
                    f"Chat so far:\n{self.transcript()}"
                )
            await asyncio.sleep(min(settle - quiet, max(deadline - loop.time(), 0.001)))
        return self._reply(marker)

    def _reply(self, marker: int) -> Reply:
        chat = self._state.chats.get(self.id, {})
        new: list[int] = []
        edited: list[int] = []
        deleted: list[int] = []
        answer: CallbackAnswer | None = None
        last: int | None = None
        for act in self._state.activity_since(self.id, marker):
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
            new_messages=tuple(chat[i].snapshot() for i in new),
            edited=tuple(chat[i].snapshot() for i in edited),
            deleted=tuple(deleted),
            callback_answer=answer,
            last=chat[last].snapshot() if last is not None else None,
            update_id=self.last_update_id,
        )

    def _timeout_message(self, what: str, timeout: float) -> str:
        lines = [f"{self!r}: no reply from the bot within {timeout:.1f}s after {what}."]
        pending = len(self._state.pending)
        if pending:
            polls = self._sandbox.count_calls("getUpdates")
            lines.append(
                f"{pending} update(s) are still waiting for getUpdates (called {polls} times so "
                "far): is the bot running and polling this sandbox?"
            )
        errors = [e for e in self._sandbox.errors if e.params.get("chat_id") == self.id][-5:]
        if errors:
            lines.append("Bot API errors for this chat:")
            lines += [f"  {e.method}: {e.error_code} {e.description}" for e in errors]
        lines.append(f"Chat so far:\n{self.transcript()}")
        return "\n".join(lines)
