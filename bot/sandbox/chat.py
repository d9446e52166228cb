"""Public, immutable views of what a sandbox user sees in a chat.

The sandbox keeps its own mutable records (see :mod:`bot.sandbox.state`); tests only ever get
the frozen snapshots defined here, so a value a test holds never changes behind its back when
the bot later edits or deletes the message. To see the newest state, read it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    raw: JsonDict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class KeyboardButton:
    """One button of a reply keyboard (the custom keyboard below the input field)."""

    text: str
    request_contact: bool = False
    request_location: bool = False


@dataclass(frozen=True)
class ReplyKeyboard:
    """The reply keyboard currently shown to a user (``ReplyKeyboardMarkup``)."""

    buttons: tuple[tuple[KeyboardButton, ...], ...]
    one_time: bool = False
    resize: bool = False
    is_persistent: bool = False
    placeholder: str | None = None

    @property
    def texts(self) -> list[str]:
        """All button texts, row by row: handy for assertions."""
        return [button.text for row in self.buttons for button in row]

    def find(self, text: str) -> KeyboardButton | None:
        """The button whose text is exactly ``text``, if shown."""
        for row in self.buttons:
            for button in row:
                if button.text == text:
                    return button
        return None


@dataclass(frozen=True)
class Document:
    """A document attached to a message; the bytes come from ``sandbox.file_bytes(file_id)``."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int


@dataclass(frozen=True)
class Photo:
    """A photo attached to a message (the sandbox keeps a single size)."""

    file_id: str
    file_unique_id: str
    width: int
    height: int
    file_size: int


@dataclass(frozen=True)
class ChatMessage:
    """A message of a chat (private, group or channel) as seen at the moment it was read.

    ``text`` is what is visible: the message text, or the caption of a document/photo, or ""
    (contacts, captionless media). ``html`` is the source the bot sent with ``parse_mode=HTML``
    (None for other parse modes or for user messages). ``sender_id`` is the author's id: the
    bot's, a user's, or for a channel post the channel's.
    """

    message_id: int
    chat_id: int
    from_bot: bool
    text: str
    date: int
    html: str | None = None
    parse_mode: str | None = None
    entities: tuple[JsonDict, ...] = ()
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False
    buttons: tuple[tuple[Button, ...], ...] = ()
    reply_markup: JsonDict | None = None
    document: Document | None = None
    photo: Photo | None = None
    contact: JsonDict | None = None
    reply_to_message_id: int | None = None
    sender_id: int | None = None

    @property
    def flat_buttons(self) -> list[Button]:
        """Inline buttons flattened row by row (the order ``press(index)`` uses)."""
        return [button for row in self.buttons for button in row]

    @property
    def button_texts(self) -> list[str]:
        """Texts of the inline buttons, flattened row by row."""
        return [button.text for button in self.flat_buttons]

    def entities_of(self, kind: str) -> list[str]:
        """The text covered by each entity of type ``kind`` (e.g. "bold"), in order."""
        units = self.text.encode("utf-16-le")
        return [
            units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in self.entities
            if e.get("type") == kind
        ]


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to one button press (``answerCallbackQuery``)."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None


@dataclass(frozen=True)
class CallError:
    """A Bot API call that got an error answer; kept so tests can assert the bot made none."""

    method: str
    params: JsonDict
    error_code: int
    description: str
    injected: bool = False


@dataclass(frozen=True)
class Reply:
    """Everything the bot visibly did in one chat in reaction to an action in that chat."""

    new_messages: tuple[ChatMessage, ...] = ()
    edited: tuple[ChatMessage, ...] = ()
    deleted: tuple[int, ...] = ()
    callback_answer: CallbackAnswer | None = None
    last: ChatMessage | None = None
    update_id: int | None = None  # the update the user's action created (see redeliver())

    @property
    def messages(self) -> tuple[ChatMessage, ...]:
        """The messages the bot sent (alias of ``new_messages``)."""
        return self.new_messages

    @property
    def text(self) -> str:
        """Text of the last message sent or edited ("" when the bot only answered/deleted)."""
        return self.last.text if self.last is not None else ""

    @property
    def texts(self) -> list[str]:
        """Texts of the new messages, in order."""
        return [message.text for message in self.new_messages]

    @property
    def buttons(self) -> tuple[tuple[Button, ...], ...]:
        """Inline buttons of the last message sent or edited."""
        return self.last.buttons if self.last is not None else ()

    @property
    def button_texts(self) -> list[str]:
        """Inline button texts of the last message sent or edited, flattened."""
        return self.last.button_texts if self.last is not None else []
