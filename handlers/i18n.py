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
`FULL_DATE($d)` ("1 February 1990"),
`DURATION($minutes)` ("4 hours", "1 day", "30 minutes"), besides Fluent's NUMBER.

Catalogues are parsed once per process, on first use or by `load_catalogues()` at start-up;
a key missing in es/uk falls back to English (tests/test_i18n.py keeps them complete).
Importing this module also makes `DomainError.message` the English rendering.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.errors import FluentFormatError
from fluent.runtime.resolver import CurrentEnvironment, ResolverEnvironment
from fluent.syntax import ast as fluent_ast

from handlers.fluent_values import Safe as Safe
from handlers.fluent_values import argument, catalogue_functions
from handlers.formats import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    _supported,
)
from handlers.formats import (  # re-exported: the catalogue's formatting, one import away
    day_label as day_label,
)
from handlers.formats import (
    day_month as day_month,
)
from handlers.formats import (
    duration as duration,
)
from handlers.formats import (
    full_date as full_date,
)
from handlers.formats import (
    month_name as month_name,
)
from handlers.formats import (
    month_title as month_title,
)
from handlers.formats import (
    short_date as short_date,
)
from handlers.formats import (
    time_hm as time_hm,
)
from handlers.formats import (
    weekday_initials as weekday_initials,
)
from handlers.formats import (
    weekday_name as weekday_name,
)
from handlers.formats import (
    when as when,
)
from services import errors as domain_errors
from services.errors import DomainError

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "es": "Español", "uk": "Українська"}
LOCALES_DIR = Path(__file__).with_name("locales")


def language_for(code: str | None) -> str:
    """Telegram's `language_code` ("es-419", "en-GB", "ru", None) → a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    primary = code.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


# --- catalogues --------------------------------------------------------------------------------


def catalogue_files(lang: str) -> list[Path]:
    """The .ftl files of one language, in a stable order."""
    return sorted((LOCALES_DIR / lang).glob("*.ftl"))


class _Bundle(FluentBundle):
    """A FluentBundle with less work per message: plural categories are cached, and arguments
    arrive converted by `_argument` (FluentBundle.format_pattern would convert them again,
    turning cached integers back into plain ones). fluent.runtime is pinned to 0.4 for this."""

    def __init__(self, lang: str) -> None:
        super().__init__([lang], functions=catalogue_functions(lang), use_isolating=False)
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


def has_in(lang: str, key: str) -> bool:
    """Whether the catalogue of `lang` itself (no fallback) has `key`."""
    return _bundle(_supported(lang)).has_message(key)


def _render(lang: str, key: str, args: Mapping[str, Any], escape: bool) -> tuple[str, bool]:
    """The text and whether it formatted cleanly; never raises for catalogue problems."""
    found = _entry(lang, key)
    if found is None:
        return key, False
    bundle, pattern = found
    values = {name: argument(v, lang, escape) for name, v in args.items()} if args else None
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
