"""Arguments inside Fluent messages: how CareSlot's values reach the catalogues.

Strings are escaped for HTML (unless `Safe`), numbers stay numbers (plurals), dates and
times carry their language's default text and their value for the catalogue functions.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from fluent.runtime.types import FluentDecimal, FluentFloat, FluentInt, FluentType

from handlers.formats import (
    _DAY,
    _DAY_MONTH,
    _DAY_MONTH_YEAR,
    _DAY_YEAR,
    _as_date,
    _format_day,
    _supported,
    day_label,
    duration,
    full_date,
    month_name,
    short_date,
    time_hm,
    weekday_name,
    when,
)


class Safe(str):
    """Already-rendered HTML (another message, a formatted label): `t` inserts it as is."""

    __slots__ = ()





class _Shown(FluentType):
    """A date, datetime or time argument: its default text, and the value for functions."""

    __slots__ = ("lang", "value")

    def __init__(self, value: date | time, lang: str) -> None:
        self.value = value
        self.lang = lang

    def format(self, locale: Locale) -> str:
        if isinstance(self.value, datetime):
            return when(self.value, self.lang)
        if isinstance(self.value, date):
            return day_label(self.value, self.lang)
        return time_hm(self.value)


class _Absent(FluentType):
    """A None argument: prints nothing and selects the `[none]` variant."""

    __slots__ = ()

    def format(self, locale: Locale) -> str:
        return ""

    def __eq__(self, other: object) -> bool:
        return other == "none" or isinstance(other, _Absent)

    def __hash__(self) -> int:
        return hash("none")


_ABSENT = _Absent()


@lru_cache(maxsize=2048)
def _integer_text(n: int, locale: Locale) -> str:
    return format_decimal(n, locale=locale)


class _Int(FluentInt):
    """An integer argument whose text is cached (Babel's number formatting is most of a call)."""

    def format(self, locale: Locale) -> str:
        return _integer_text(int(self), locale)


def _value(arg: Any) -> Any:
    """The Python value behind a Fluent function argument."""
    return arg.value if isinstance(arg, _Shown) else arg


def catalogue_functions(lang: str) -> dict[str, Callable[..., str]]:
    """The catalogue functions of one language (Fluent passes resolved arguments).

    Text passed where a date or time belongs (already formatted by the caller) is shown as
    it is, so a catalogue using DAY_MONTH($day) still reads when handed a string."""

    def dated(short: dict[str, str], full: dict[str, str]) -> Callable[..., str]:
        def render(d: Any, today: Any = None) -> str:
            day = _value(d)
            if isinstance(day, str):
                return day
            now = _value(today)
            pattern = full if isinstance(now, date) and now.year != day.year else short
            return _format_day(_as_date(day), pattern[_supported(lang)], lang)

        return render

    def passing_text(render: Callable[[Any], str]) -> Callable[[Any], str]:
        return lambda arg: arg if isinstance(arg, str) else render(_value(arg))

    return {
        "DAY": dated(_DAY, _DAY_YEAR),
        "DAY_MONTH": dated(_DAY_MONTH, _DAY_MONTH_YEAR),
        "WEEKDAY": passing_text(lambda d: weekday_name(d, lang)),
        "MONTH": passing_text(lambda m: month_name(m, lang)),
        "TIME": passing_text(time_hm),
        "WHEN": passing_text(lambda dt: when(dt, lang)),
        "SHORT_DATE": passing_text(lambda d: short_date(d, lang)),
        "FULL_DATE": passing_text(lambda d: full_date(d, lang)),
        "DURATION": passing_text(lambda minutes: duration(minutes, lang)),
    }


def argument(value: Any, lang: str, escape: bool) -> Any:
    if isinstance(value, Safe):
        return str.__str__(value)
    if isinstance(value, str):
        return html.escape(value, quote=False) if escape else value
    if isinstance(value, bool):  # an int to Python, but not a count
        return "yes" if value else "no"
    if isinstance(value, int):
        return _Int(value)
    if isinstance(value, float):
        return FluentFloat(value)
    if isinstance(value, Decimal):
        return FluentDecimal(value)
    if isinstance(value, date | time):
        return _Shown(value, lang)
    if isinstance(value, Enum):
        return argument(value.value, lang, escape)
    if value is None:
        return _ABSENT
    text = str(value)
    return html.escape(text, quote=False) if escape else text
