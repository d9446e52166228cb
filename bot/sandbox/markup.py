"""Validation of ``reply_markup`` the way the Bot API checks it.

Keyboards are where bots most often trip Telegram's limits (callback data over 64 bytes, too many
buttons for a long list of slots), and Telegram rejects the whole message when they do. The
sandbox applies the same checks so those bugs show up in tests, and converts valid markups into
the user-facing :mod:`bot.sandbox.chat` types.
"""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.chat import Button, KeyboardButton, ReplyKeyboard
from bot.sandbox.errors import bad_request

MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64

_INLINE_ACTIONS = (
    "callback_data", "url", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "callback_game", "pay", "web_app", "copy_text",
)  # fmt: skip
_URL_SCHEMES = ("http://", "https://", "tg://")


def _rows(value: Any, field_name: str) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(f'field "{field_name}" must be an Array of Arrays')
    return value


def _check_count(rows: list[list[Any]]) -> None:
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")


def _check_inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_ACTIONS if button.get(name) is not None]
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request("can't parse inline keyboard button: more than one action specified")
    data = button.get("callback_data")
    if data is not None:
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(_URL_SCHEMES)):
        raise bad_request("BUTTON_URL_INVALID")
    return button


def _check_keyboard_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    if not button["text"].strip():
        raise bad_request("keyboard button text is empty")
    return button


def check_reply_markup(raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Return the validated markup (None when absent) or raise a 400 :class:`ApiError`.

    ``inline_only`` is for the edit methods, which accept only inline keyboards.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        rows = _rows(raw["inline_keyboard"], "inline_keyboard")
        _check_count(rows)
        return {"inline_keyboard": [[_check_inline_button(b) for b in row] for row in rows]}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in raw:
        rows = _rows(raw["keyboard"], "keyboard")
        _check_count(rows)
        return {**raw, "keyboard": [[_check_keyboard_button(b) for b in row] for row in rows]}
    if raw.get("remove_keyboard") is True or raw.get("force_reply") is True:
        return raw
    raise bad_request(
        'can\'t find field "inline_keyboard"' if raw == {} else "unsupported reply markup"
    )


def inline_buttons(markup: dict[str, Any] | None) -> tuple[tuple[Button, ...], ...]:
    """The inline keyboard of a stored markup as user-facing :class:`Button` rows."""
    if not markup or "inline_keyboard" not in markup:
        return ()
    return tuple(
        tuple(
            Button(text=b["text"], callback_data=b.get("callback_data"), url=b.get("url"), raw=b)
            for b in row
        )
        for row in markup["inline_keyboard"]
    )


def reply_keyboard(markup: dict[str, Any]) -> ReplyKeyboard:
    """A ``ReplyKeyboardMarkup`` as the user-facing :class:`ReplyKeyboard`."""
    return ReplyKeyboard(
        buttons=tuple(
            tuple(
                KeyboardButton(
                    text=b["text"],
                    request_contact=bool(b.get("request_contact")),
                    request_location=bool(b.get("request_location")),
                )
                for b in row
            )
            for row in markup["keyboard"]
        ),
        one_time=bool(markup.get("one_time_keyboard")),
        resize=bool(markup.get("resize_keyboard")),
        is_persistent=bool(markup.get("is_persistent")),
        placeholder=markup.get("input_field_placeholder"),
    )
