"""The bot's words in English, Spanish and Ukrainian: Fluent catalogues, Babel formatting.

`t(lang, key, **args)` renders a message of `handlers/locales/<lang>/*.ftl` as HTML (the bot
sends with parse_mode HTML); `plain(...)` is the same without escaping, for button labels,
callback alerts, command descriptions and files. Arguments:

- `str`: user-supplied, HTML-escaped (by `t`); `Safe`: already-rendered HTML, inserted as is
  (`t` returns `Safe`, so one message can be put inside another);
- `int` / `float` / `Decimal`: numbers, so plural selectors work (`{ $n -> [one] … *[other] … }`);
- `date`: a day label ("Tuesday 5 December"), `datetime`: when ("Tue 5 Dec, 09:30"),
  `time`: "09:30" — all in the message's language; `Enum`: its `.value`;
- `None`: absent — prints nothing and selects a `[none]` variant.

Catalogue functions, for the forms a message needs beyond those defaults: `DAY($d)` and
`DAY_MONTH($d)` (each with an optional `$today`: the year is added when it differs),
`WEEKDAY($d or 0–6)`, `MONTH(1–12)`, `TIME($t)`, `WHEN($dt)`, `SHORT_DATE($d)`,
`DURATION($minutes)` ("4 hours", "1 day", "30 minutes"), besides Fluent's NUMBER.

Catalogues are parsed once per process, on first use or by `load_catalogues()` at start-up;
a key missing in es/uk falls back to English (tests/test_i18n.py keeps them complete).
Importing this module also makes `DomainError.message` the English rendering.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, get_day_names, get_month_names
from babel.numbers import format_decimal
from babel.units import format_unit
from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.errors import FluentFormatError
from fluent.runtime.resolver import CurrentEnvironment, ResolverEnvironment
from fluent.runtime.types import FluentDecimal, FluentFloat, FluentInt, FluentType
from fluent.syntax import ast as fluent_ast

from services import errors as domain_errors
from services.errors import DomainError

log = logging.getLogger(__name__)

LANGUAGES = ("en", "es", "uk")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español", "uk": "Українська"}
LOCALES_DIR = Path(__file__).with_name("locales")


class Safe(str):
    """Already-rendered HTML (another message, a formatted label): `t` inserts it as is."""

    __slots__ = ()


def language_for(code: str | None) -> str:
    """Telegram's `language_code` ("es-419", "en-GB", "ru", None) → a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    primary = code.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


# --- dates and times (Babel, CLDR data) -----------------------------------------------------

_WHEN = {"en": "EEE d MMM, HH:mm", "es": "EEE d MMM, HH:mm", "uk": "EEE, d MMMM, HH:mm"}
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
def _format_wall_clock(wall: datetime, lang: str) -> str:
    # Naive wall-clock time as the key: aware datetimes compare (and hash) by instant, so
    # 09:30 Berlin and 08:30 UTC would share a cache entry.
    return format_datetime(wall, _WHEN[_supported(lang)], locale=_locale(lang))


def when(dt: datetime, lang: str) -> str:
    """A local (aware) datetime as people read it: "Tue 5 Dec, 09:30", 24-hour time."""
    return _format_wall_clock(dt.replace(tzinfo=None), lang)


def day_label(d: date, lang: str) -> str:
    """"Tuesday 5 December" / "martes 5 de diciembre" / "вівторок, 5 грудня"."""
    return _format_day(_as_date(d), _DAY[_supported(lang)], lang)


def day_month(d: date, lang: str) -> str:
    """"5 December" / "5 de diciembre" / "5 грудня"."""
    return _format_day(_as_date(d), _DAY_MONTH[_supported(lang)], lang)


def month_title(d: date, lang: str) -> str:
    """The calendar's title: "December 2026" / "diciembre de 2026" / "грудень 2026"."""
    return _format_day(_as_date(d), _MONTH_TITLE[_supported(lang)], lang)


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


# --- values inside Fluent ----------------------------------------------------------------------


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


def _functions(lang: str) -> dict[str, Callable[..., str]]:
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
        "DURATION": passing_text(lambda minutes: duration(minutes, lang)),
    }


def _argument(value: Any, lang: str, escape: bool) -> Any:
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
        return _argument(value.value, lang, escape)
    if value is None:
        return _ABSENT
    text = str(value)
    return html.escape(text, quote=False) if escape else text


# --- catalogues --------------------------------------------------------------------------------


def catalogue_files(lang: str) -> list[Path]:
    """The .ftl files of one language, in a stable order."""
    return sorted((LOCALES_DIR / lang).glob("*.ftl"))


class _Bundle(FluentBundle):
    """A FluentBundle with less work per message: plural categories are cached, and arguments
    arrive converted by `_argument` (FluentBundle.format_pattern would convert them again,
    turning cached integers back into plain ones). fluent.runtime is pinned to 0.4 for this."""

    def __init__(self, lang: str) -> None:
        super().__init__([lang], functions=_functions(lang), use_isolating=False)
        self._plural_form = lru_cache(maxsize=1024)(self._plural_form)

    def format_pattern(
        self, pattern: Any, args: Mapping[str, Any] | None = None
    ) -> tuple[Any, list[Exception]]:
        problems: list[Exception] = []
        env = ResolverEnvironment(
            context=self, current=CurrentEnvironment(args=dict(args or {})), errors=problems
        )
        try:
            return pattern(env), problems
        except ValueError as exc:  # too many parts or characters (fluent.runtime's own limits)
            problems.append(exc)
            return "{???}", problems


@cache
def _bundle(lang: str) -> _Bundle:
    bundle = _Bundle(lang)
    for path in catalogue_files(lang):
        resource = FluentResource(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Junk):
                log.warning("catalogue %s/%s has a syntax error near: %.60r",
                            lang, path.name, entry.content)
        bundle.add_resource(resource)
    return bundle


def load_catalogues() -> None:
    """Parses every language now (at start-up) rather than on the first message."""
    for lang in LANGUAGES:
        _bundle(lang)


_Entry = tuple[_Bundle, Any] | None
_entries: dict[tuple[str, str], _Entry] = {}


def _entry(lang: str, key: str) -> _Entry:
    """The bundle and compiled pattern of `key` in `lang`, else English, else None."""
    lang = _supported(lang)
    try:
        return _entries[lang, key]
    except KeyError:
        pass
    found: _Entry = None
    for candidate in dict.fromkeys((lang, DEFAULT_LANGUAGE)):
        bundle = _bundle(candidate)
        if bundle.has_message(key):
            pattern = bundle.get_message(key).value
            if pattern is not None:
                found = (bundle, pattern)
                if candidate != lang:
                    log.warning("catalogue %s has no %s; using %s", lang, key, candidate)
                break
    if found is None:
        log.warning("no catalogue has the message %s", key)
    _entries[lang, key] = found
    return found


def has(key: str) -> bool:
    """Whether the English catalogue (the reference) has `key`."""
    return _entry(DEFAULT_LANGUAGE, key) is not None


def _render(lang: str, key: str, args: Mapping[str, Any], escape: bool) -> tuple[str, bool]:
    """The text and whether it formatted cleanly; never raises for catalogue problems."""
    found = _entry(lang, key)
    if found is None:
        return key, False
    bundle, pattern = found
    values = {name: _argument(v, lang, escape) for name, v in args.items()} if args else None
    try:
        text, problems = bundle.format_pattern(pattern, values)
    except Exception as exc:  # a value whose formatting fails: say so, never break the reply
        log.warning("catalogue %s/%s: %s", lang, key, type(exc).__name__)
        return key, False
    if problems:
        # Names and types only: the values may be personal data.
        log.warning(
            "catalogue %s/%s: %s",
            lang,
            key,
            "; ".join(str(p) if isinstance(p, FluentFormatError) else type(p).__name__
                      for p in problems),
        )
    if not isinstance(text, str):  # a cyclic reference leaves no text at all
        return key, False
    return text, not problems


def t(lang: str, key: str, /, **args: Any) -> Safe:
    """The message `key` in `lang` as HTML; str arguments are escaped, Safe ones are not."""
    return Safe(_render(lang, key, args, True)[0])


def plain(lang: str, key: str, /, **args: Any) -> str:
    """The message as plain text (buttons, callback alerts, command descriptions, files)."""
    return _render(lang, key, args, False)[0]


# --- domain errors -----------------------------------------------------------------------------


def _error(lang: str, error: DomainError, escape: bool) -> str:
    key = f"error-{error.code}"
    if has(key):
        text, clean = _render(lang, key, error.params, escape)
        if clean:
            return text
    # An unknown code, or parameters that do not fit: the generic sentence of the class.
    for cls in type(error).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code != error.code and has(f"error-{code}"):
            return _render(lang, f"error-{code}", {}, escape)[0]
    return _render(lang, f"error-{DomainError.code}", {}, escape)[0]


def error_text(lang: str, error: DomainError) -> Safe:
    """What a domain error tells the user, as HTML."""
    return Safe(_error(lang, error, True))


def error_plain(lang: str, error: DomainError) -> str:
    """The same as plain text, for a callback alert."""
    return _error(lang, error, False)


def _english(error: DomainError) -> str:
    return _error(DEFAULT_LANGUAGE, error, False)


domain_errors.renderer = _english
