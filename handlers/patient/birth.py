"""A date of birth typed so that it reads two ways ("1/2/1990"): both readings are offered.

Registration's birth step and the profile's date-of-birth edit ask the same question; the
flow keeps the two readings in its state, and a press counts only if its date is one of
them (`chosen`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handlers import keyboards
from handlers.callbacks import BirthDay, CallbackData
from handlers.i18n import full_date, plain, t


def question(
    lang: str, readings: Sequence[date], back: CallbackData, back_label: str
) -> tuple[str, keyboards.InlineKeyboardMarkup]:
    """Asks "Did you mean 1 February 1990?", a button for each reading and one for Back."""
    choices = [keyboards.button(full_date(day, lang), BirthDay(day)) for day in readings]
    back_button = keyboards.button(plain(lang, back_label), back)
    text = t(lang, "birth-date-confirm", day_first=readings[0])
    return text, keyboards.markup([choices], [[back_button]])


def chosen(press: object, readings: Sequence[date]) -> date | None:
    """The pressed reading, if it is one of those offered (else the press has expired)."""
    day = press.day if isinstance(press, BirthDay) else None
    return day if day is not None and day in readings else None


def echo(lang: str, day: date) -> str:
    """What the question turns into once answered (its buttons gone)."""
    return "🎂 " + full_date(day, lang)
