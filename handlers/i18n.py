"""TEMPORARY English-only stand-in for the Fluent catalogues (replaced by the i18n branch)."""

from __future__ import annotations

import html
from datetime import date, datetime
from enum import Enum

from handlers import texts

LANGUAGES = ("en", "es", "uk")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español", "uk": "Українська"}


class Safe(str):
    """Already-rendered HTML: inserted as is."""


def language_for(code: str | None) -> str:
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def _catalogue() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in dir(texts):
        value = getattr(texts, name)
        if not name.isupper():
            continue
        key = name.lower().replace("_", "-")
        if isinstance(value, str):
            out[key] = value
        elif name == "HELP":
            out.update({f"help-{r}": v for r, v in value.items()})
        elif name == "MENU_BUTTONS":
            for role, entries in value.items():
                out.update({f"menu-{role}-{a}": label for label, a in entries})
        elif name == "COMMANDS":
            for role, entries in value.items():
                out.update({f"command-{role}-{c}": d for c, d in entries})
        elif name == "STATUS":
            out.update({f"status-{s}": v for s, v in value.items()})
        elif name == "PROFILE_FIELDS":
            out.update({f"profile-field-{f}": v for f, v in value.items()})
        elif name == "CANCEL_REASONS":
            out.update({f"cancel-reason-{i}": v for i, v in enumerate(value)})
    return out


_EN = _catalogue()


def _arg(value: object) -> object:
    if isinstance(value, Safe):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return when(value, "en")
    if isinstance(value, date):
        return day_label(value, "en")
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


def t(lang: str, key: str, **args: object) -> str:
    template = _EN[key]
    return template.format(**{k: _arg(v) for k, v in args.items()}) if args else template


def plain(lang: str, key: str, **args: object) -> str:
    """A text for outside Telegram's HTML (an .ics file): nothing escaped."""
    template = _EN[key]
    return template.format(**{k: v if isinstance(v, str) else _arg(v) for k, v in args.items()})


def has(key: str) -> bool:
    return key in _EN


def error_text(lang: str, error) -> str:
    return html.escape(error.message, quote=False)


def when(dt: datetime, lang: str) -> str:
    return f"{dt:%a} {dt.day} {dt:%b}, {dt:%H:%M}"


def day_label(d: date, lang: str) -> str:
    return f"{d:%A} {d.day} {d:%B}"


def month_title(d: date, lang: str) -> str:
    return f"{d:%B %Y}"


def weekday_initials(lang: str) -> list[str]:
    return ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def short_date(d: date, lang: str) -> str:
    return d.strftime("%d.%m.%Y")


def time_hm(dt: datetime) -> str:
    return f"{dt:%H:%M}"
