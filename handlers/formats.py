"""Dates, times and durations for the reader's language (Babel, CLDR data).

Used by the catalogues (`handlers.i18n`) and by keyboards and screens directly.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache, lru_cache

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    get_day_names,
    get_month_names,
    get_timezone_location,
)
from babel.units import format_unit

LANGUAGES = ("en", "es", "uk")
DEFAULT_LANGUAGE = "en"


_WHEN = {"en": "EEE d MMM, HH:mm", "es": "EEE d MMM, HH:mm", "uk": "EEE, d MMMM, HH:mm"}
_WHEN_YEAR = {
    "en": "EEE d MMM y, HH:mm",
    "es": "EEE d MMM y, HH:mm",
    "uk": "EEE, d MMMM y, HH:mm",
}
_DAY = {"en": "EEEE d MMMM", "es": "EEEE d 'de' MMMM", "uk": "EEEE, d MMMM"}
_DAY_YEAR = {"en": "EEEE d MMMM y", "es": "EEEE d 'de' MMMM 'de' y", "uk": "EEEE, d MMMM y"}
_DAY_MONTH = {"en": "d MMMM", "es": "d 'de' MMMM", "uk": "d MMMM"}
_DAY_MONTH_YEAR = {"en": "d MMMM y", "es": "d 'de' MMMM 'de' y", "uk": "d MMMM y"}
# Stand-alone month (LLLL): Ukrainian titles say "грудень 2026", not the genitive "грудня".
_MONTH_TITLE = {"en": "LLLL y", "es": "LLLL 'de' y", "uk": "LLLL y"}
_SHORT_DATE = {"en": "dd.MM.y", "es": "dd/MM/y", "uk": "dd.MM.y"}


def _supported(lang: str) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_supported(lang))


@lru_cache(maxsize=4096)
def _format_day(d: date, pattern: str, lang: str) -> str:
    return format_date(d, pattern, locale=_locale(lang))


@lru_cache(maxsize=4096)
def _format_wall_clock(wall: datetime, lang: str, with_year: bool = False) -> str:
    # Naive wall-clock time as the key: aware datetimes compare (and hash) by instant, so
    # 09:30 Berlin and 08:30 UTC would share a cache entry.
    patterns = _WHEN_YEAR if with_year else _WHEN
    return format_datetime(wall, patterns[_supported(lang)], locale=_locale(lang))


def when(dt: datetime, lang: str, *, this_year: int | None = None) -> str:
    """A local (aware) datetime as people read it: "Tue 5 Dec, 09:30", 24-hour time; with
    the year when it is not `this_year` (the reader's current year)."""
    with_year = this_year is not None and dt.year != this_year
    return _format_wall_clock(dt.replace(tzinfo=None), lang, with_year)


@lru_cache(maxsize=256)
def zone_city(zone: str, lang: str) -> str:
    """A time zone as people name it: "London", "Nueva York", "Київ" (not an IANA id)."""
    return get_timezone_location(zone, locale=_locale(lang), return_city=True)


def day_label(d: date, lang: str, *, this_year: int | None = None) -> str:
    """"Tuesday 5 December" / "martes 5 de diciembre" / "вівторок, 5 грудня" (with the year
    when it is not `this_year`)."""
    d = _as_date(d)
    patterns = _DAY_YEAR if this_year is not None and d.year != this_year else _DAY
    return _format_day(d, patterns[_supported(lang)], lang)


def day_month(d: date, lang: str) -> str:
    """"5 December" / "5 de diciembre" / "5 грудня"."""
    return _format_day(_as_date(d), _DAY_MONTH[_supported(lang)], lang)


def month_title(d: date, lang: str) -> str:
    """The calendar's title: "December 2026" / "diciembre de 2026" / "грудень 2026"."""
    return _format_day(_as_date(d), _MONTH_TITLE[_supported(lang)], lang)


def full_date(d: date, lang: str) -> str:
    """A day with its year, as a date of birth is read back: "1 February 1990" /
    "1 de febrero de 1990" / "1 лютого 1990"."""
    return _format_day(_as_date(d), _DAY_MONTH_YEAR[_supported(lang)], lang)


def short_date(d: date, lang: str) -> str:
    """A date of birth and the like: 12.03.1985 (12/03/1985 in Spanish)."""
    return _format_day(_as_date(d), _SHORT_DATE[_supported(lang)], lang)


def time_hm(dt: datetime | time) -> str:
    """09:30 — the same in every language CareSlot speaks."""
    return f"{dt.hour:02d}:{dt.minute:02d}"


@cache
def weekday_initials(lang: str) -> tuple[str, ...]:
    """The calendar header, Monday first: Mo Tu We… / Lu Ma Mi… / Пн Вт Ср…."""
    names = get_day_names("short", locale=_locale(lang))
    return tuple(names[i][:1].upper() + names[i][1:].lower() for i in range(7))


def weekday_name(day: date | int, lang: str) -> str:
    """The weekday of a date, or of 0 (Monday) … 6 (Sunday)."""
    index = day.weekday() if isinstance(day, date) else int(day)
    return get_day_names("wide", locale=_locale(lang))[index]


def month_name(month: int, lang: str) -> str:
    """The month 1–12 as it stands in a date ("April", "abril", "квітня")."""
    return get_month_names("wide", "format", locale=_locale(lang))[int(month)]


@lru_cache(maxsize=256)
def duration(minutes: int, lang: str) -> str:
    """"4 hours", "1 day", "90 minutes": the largest unit that says it exactly."""
    minutes = int(minutes)
    if minutes and minutes % 1440 == 0:
        amount, unit = minutes // 1440, "duration-day"
    elif minutes and minutes % 60 == 0:
        amount, unit = minutes // 60, "duration-hour"
    else:
        amount, unit = minutes, "duration-minute"
    return format_unit(amount, unit, length="long", locale=_locale(lang))


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def sentence_start(text: str) -> str:
    """`text` with its first letter capitalised, for a button or title it begins: Spanish and
    Ukrainian write weekdays and months in lower case ("mié 6 mar", "березень 2030"), but
    a label or title starts with a capital, as every English one does."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text
