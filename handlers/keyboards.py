"""Keyboards are pure functions of what they show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import texts
from handlers.callbacks import CallbackData, Menu


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data.pack())


def rows(
    buttons: Iterable[InlineKeyboardButton], per_row: int = 2
) -> list[list[InlineKeyboardButton]]:
    out: list[list[InlineKeyboardButton]] = []
    for b in buttons:
        if not out or len(out[-1]) >= per_row:
            out.append([])
        out[-1].append(b)
    return out


def markup(*groups: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(row) for group in groups for row in group])


def main_menu(role: str) -> InlineKeyboardMarkup:
    entries = texts.MENU_BUTTONS.get(role, texts.MENU_BUTTONS["patient"])
    return InlineKeyboardMarkup(rows(button(label, Menu(action)) for label, action in entries))
