"""Free-text days ("tomorrow", "next Friday", 12.05) read in the clinic's time zone.

A few clear rules of our own come first, because they must behave the same way
every time and dateparser gets some of them wrong ("12.05" is a time to it, a
bare "1" or "a" is a date). dateparser only reads what the rules do not cover.

Weekday rule, used everywhere in CareSlot:
- "friday", "this friday", "on friday": the coming Friday, today included;
- "next friday": the first Friday after today (today is never "next");
- "friday next week" / "next week friday": the Friday of next calendar week
  (Monday to Sunday), for patients who mean the other reading of "next Friday".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser
from dateparser.search import search_dates

from services.errors import InvalidInput

MAX_DATE_TEXT = 60
# "In 10000 weeks" must end as "beyond the horizon", not as an overflow.
_MAX_OFFSET_DAYS = 100_000

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
# Abbreviations are words of their own too ("sun", "sat", "wed"), so they are only
# read when the whole message is the date, never inside a sentence.
_WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
    "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_RELATIVE_WORDS = frozenset(
    {"today", "tonight", "tomorrow", "yesterday", "day", "days", "week", "weeks",
     "fortnight", "month", "months", "weekend", "next", "last", "ago", "tmrw"}
)
# Words that belong to date phrases; other modules skip them when looking for names.
DATE_WORDS: frozenset[str] = frozenset(
    set(WEEKDAYS) | set(MONTHS) | _RELATIVE_WORDS
    | {"this", "coming", "after", "from", "now", "of", "the", "on", "in",
       "morning", "afternoon", "evening"}
)

PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "morning": (time(6), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(22)),
    "tonight": (time(17), time(22)),
}

_WEEKDAY_NAMES = "|".join(WEEKDAYS)
_ALL_WEEKDAY_NAMES = "|".join([*WEEKDAYS, *_WEEKDAY_ABBREVIATIONS])
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNT = r"\d{1,9}|" + "|".join(_NUMBER_WORDS)
_ORDINAL = r"(?:st|nd|rd|th)?"

_IN_COUNT = re.compile(
    rf"in\s+({_COUNT})\s+(days?|weeks?)|({_COUNT})\s+(days?|weeks?)\s+from\s+(?:now|today)"
)
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(
    rf"(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH_NAMES})\.?,?(?:\s+(\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"({_MONTH_NAMES})\.?\s+(?:the\s+)?(\d{{1,2}}){_ORDINAL},?(?:\s+(\d{{4}}))?"
)
_DAY_OF_MONTH = re.compile(r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)")
_FILLER = re.compile(r"^(?:(?:on|for|the)\s+)+|\s+please$")


def local_today(now: datetime, tz: ZoneInfo) -> date:
    """Today's date in the clinic (at 23:30 UTC it is already tomorrow in Berlin)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(tz).date()


def parse_day(
    text: str, *, tz: ZoneInfo, now: datetime, horizon_days: int, language: str = "en"
) -> date:
    """The day a patient typed, checked to lie between today and the booking horizon.

    English words and numeric dates always; in Spanish or Ukrainian (`language`) also that
    language's words ("mañana", "viernes", "12 de mayo", "завтра", "у пʼятницю")."""
    if len(text) > MAX_DATE_TEXT:
        raise InvalidInput(code="date-too-long")
    today = local_today(now, tz)
    phrase = _normalise(text)
    day = _read_by_rules(phrase, today, whole_message=True)
    if day is None:
        day = _read_with_dateparser(phrase, tz=tz, now=now)
    if day is None and language in _OTHER_LANGUAGES:
        day = _read_in_language(phrase, language, tz=tz, now=now)
    if day is None:
        raise InvalidInput(code="date-unclear")
    return check_bookable_day(day, today=today, horizon_days=horizon_days)


def find_day(text: str, *, tz: ZoneInfo, now: datetime, horizon_days: int) -> date | None:
    """The bookable day a sentence mentions; None if it names none or one that cannot be booked."""
    day = mentioned_day(text, tz=tz, now=now)
    if day is None:
        return None
    return _bookable_or_none(day, today=local_today(now, tz), horizon_days=horizon_days)


def mentioned_day(text: str, *, tz: ZoneInfo, now: datetime) -> date | None:
    """The day a sentence mentions, bookable or not ("last Monday", "in 200 days")."""
    today = local_today(now, tz)
    words = [w.strip(",;:!?.") for w in text.casefold().split()]
    words = [w for w in words if w]
    # Longest windows first, so "day after tomorrow" wins over "tomorrow" and
    # "next monday" over "monday".
    for size in range(min(5, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            # "at 10.05" is a time of day, not the 10th of May.
            if start > 0 and words[start - 1] == "at" and window[0][:1].isdigit():
                continue
            try:
                day = _read_by_rules(_normalise(" ".join(window)), today, whole_message=False)
            except InvalidInput:
                continue
            if day is not None:
                return day
    return _search_with_dateparser(text, tz=tz, now=now)


def check_bookable_day(day: date, *, today: date, horizon_days: int) -> date:
    """`day` itself, or InvalidInput when it is past or beyond the booking horizon."""
    if day < today:
        raise InvalidInput(code="date-passed", day=day, today=today)
    last = today + timedelta(days=horizon_days)
    if day > last:
        raise InvalidInput(
            code="date-beyond-horizon", horizon_days=horizon_days, last=last, today=today
        )
    return day


def part_of_day(text: str) -> tuple[time, time] | None:
    """The time window a phrase asks for ("morning", "afternoon", "evening"), if any."""
    found = re.search(r"\b(" + "|".join(PARTS_OF_DAY) + r")\b", text.casefold())
    return PARTS_OF_DAY[found.group(1)] if found else None


def _normalise(text: str) -> str:
    phrase = " ".join(text.casefold().split()).strip(",;:!?. ")
    return _FILLER.sub("", phrase).strip()


def _read_by_rules(phrase: str, today: date, *, whole_message: bool) -> date | None:
    """Our own readings: relative words, weekdays, numeric and month-name dates."""
    if phrase in ("today", "tonight"):
        return today
    if phrase in ("tomorrow", "tmrw"):
        return today + timedelta(days=1)
    if phrase == "day after tomorrow":
        return today + timedelta(days=2)
    if match := _IN_COUNT.fullmatch(phrase):
        count_word = match.group(1) or match.group(3)
        unit = match.group(2) or match.group(4)
        count = _NUMBER_WORDS.get(count_word) or int(count_word)
        days = count * (7 if unit.startswith("week") else 1)
        return today + timedelta(days=min(days, _MAX_OFFSET_DAYS))
    day = _read_weekday(phrase, today, whole_message=whole_message)
    if day is not None:
        return day
    return _read_calendar_date(phrase, today)


def _read_weekday(phrase: str, today: date, *, whole_message: bool) -> date | None:
    names = _ALL_WEEKDAY_NAMES if whole_message else _WEEKDAY_NAMES
    if match := re.fullmatch(rf"(?:(this|coming|this coming|next)\s+)?({names})", phrase):
        weekday = _weekday_number(match.group(2))
        ahead = (weekday - today.weekday()) % 7
        if match.group(1) == "next" and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    if match := re.fullmatch(
        rf"({names})\s+(?:of\s+)?next\s+week|next\s+week\s+(?:on\s+)?({names})", phrase
    ):
        weekday = _weekday_number(match.group(1) or match.group(2))
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=weekday)
    return None


def _weekday_number(name: str) -> int:
    return WEEKDAYS.get(name, _WEEKDAY_ABBREVIATIONS.get(name, 0))


def _read_calendar_date(phrase: str, today: date) -> date | None:
    # "Friday 12.05" / "fri, 5 dec": the weekday must agree with the date.
    weekday = None
    if match := re.fullmatch(rf"({_ALL_WEEKDAY_NAMES}),?\s+(.+)", phrase):
        weekday, phrase = _weekday_number(match.group(1)), match.group(2)
    day = _read_day_month_year(phrase, today)
    if day is not None and weekday is not None and day.weekday() != weekday:
        raise InvalidInput(code="weekday-mismatch", day=day, weekday=weekday, today=today)
    return day


def _read_day_month_year(phrase: str, today: date) -> date | None:
    if match := _ISO.fullmatch(phrase):
        year, month, day = (int(g) for g in match.groups())
        return _exact_date(year, month, day)
    if match := _NUMERIC.fullmatch(phrase):
        day, month = int(match.group(1)), int(match.group(2))
        return _dated(day, month, match.group(3), today)
    if match := _DAY_MONTH.fullmatch(phrase):
        return _dated(int(match.group(1)), MONTHS[match.group(2)], match.group(3), today)
    if match := _MONTH_DAY.fullmatch(phrase):
        return _dated(int(match.group(2)), MONTHS[match.group(1)], match.group(3), today)
    if match := _DAY_OF_MONTH.fullmatch(phrase):
        return _next_day_of_month(int(match.group(1)), today)
    return None


def _dated(day: int, month: int, year: str | None, today: date) -> date:
    """A day and month with an optional year; without one, its next occurrence."""
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _exact_date(full_year, month, day)
    _exact_date(2024, month, day)  # a leap year: rejects 31.04 but lets 29.02 through
    # The next occurrence from today on; 29 February may be up to four years away.
    for year_ahead in range(today.year, today.year + 5):
        try:
            candidate = date(year_ahead, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise InvalidInput(code="date-unclear")  # unreachable for a real day and month


def _exact_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise InvalidInput(code="no-such-day", day_of_month=day, month=month) from None
        raise InvalidInput(code="no-such-month") from None


def _next_day_of_month(day: int, today: date) -> date:
    if not 1 <= day <= 31:
        raise InvalidInput(code="date-unclear")
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None  # e.g. the 31st of a 30-day month: try the next month
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise InvalidInput(code="date-unclear")  # unreachable: every day 1–31 occurs within a year


def _dateparser_settings(tz: ZoneInfo, now: datetime) -> dict[str, object]:
    return {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


# Words around a day that dateparser does not expect ("el viernes", "у пʼятницю"), and the
# Ukrainian accusative of weekdays ("у середу") that it only knows in the nominative.
_OTHER_LANGUAGES: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "es": (frozenset({"el", "la", "este", "esta", "para", "próximo", "proximo", "próxima",
                      "proxima", "que", "viene", "de", "del"}), {}),
    "uk": (frozenset({"у", "в", "на", "цей", "цю", "це", "наступний", "наступну",
                      "наступного", "наступної"}),
           {"середу": "середа", "пʼятницю": "пʼятниця", "п'ятницю": "пʼятниця",
            "суботу": "субота", "неділю": "неділя"}),
}  # fmt: skip


def _read_in_language(phrase: str, language: str, *, tz: ZoneInfo, now: datetime) -> date | None:
    """dateparser in the patient's own language, for what the English rules did not read."""
    fillers, forms = _OTHER_LANGUAGES[language]
    words = phrase.split()
    # Articles and "next"/"this" go only before a word: "12 de mayo" keeps its "de".
    while len(words) > 1 and words[0] in fillers and not words[1][:1].isdigit():
        words = words[1:]
    cleaned = " ".join(forms.get(w, w) for w in words)
    if not cleaned or re.fullmatch(r"[\d\s+-]+", cleaned):
        return None  # a bare number names no day
    try:
        parsed = dateparser.parse(
            cleaned, languages=[language], settings=_dateparser_settings(tz, now)
        )
    except Exception:  # as in _read_with_dateparser: not understood
        return None
    return _as_local_date(parsed, tz) if parsed is not None else None


def _looks_like_a_date(phrase: str) -> bool:
    """Whether dateparser may be asked: it reads a bare "1" or "a" as a date otherwise."""
    words = set(re.findall(r"[a-z]+", phrase))
    if words & (_RELATIVE_WORDS | set(WEEKDAYS)):
        return True
    # Digits alone ("1") or a time of day ("12:30", "9am") name no day either.
    time_of_day = r"\d{1,2}(?::\d{2})?\s*(?:am|pm|h)?"
    has_digit = any(ch.isdigit() for ch in phrase)
    return has_digit and not re.fullmatch(rf"[\d\s+-]+|{time_of_day}", phrase)


def _as_local_date(value: datetime, tz: ZoneInfo) -> date:
    # "tomorrow 10am UTC" comes back aware; the clinic's calendar decides the day.
    return value.astimezone(tz).date() if value.tzinfo is not None else value.date()


def _read_with_dateparser(phrase: str, *, tz: ZoneInfo, now: datetime) -> date | None:
    if not _looks_like_a_date(phrase):
        return None
    try:
        parsed = dateparser.parse(
            phrase, languages=["en"], settings=_dateparser_settings(tz, now)
        )
    # dateparser is a heuristic over arbitrary text and raises assorted errors on
    # odd input (overflows, bad values); any of them means "not understood".
    except Exception:
        return None
    return None if parsed is None else _as_local_date(parsed, tz)


def _search_with_dateparser(text: str, *, tz: ZoneInfo, now: datetime) -> date | None:
    # What dateparser finds is only kept when it looks like a date (below), and then the
    # whole sentence does too: without a digit, weekday or relative word, do not ask it
    # (its search costs tens of milliseconds).
    if not _looks_like_a_date(text.casefold()):
        return None
    try:
        found = search_dates(text, languages=["en"], settings=_dateparser_settings(tz, now))
    except Exception:  # as in _read_with_dateparser: not understood
        return None
    for phrase, value in found or ():
        # A lone month name ("may I book…") or a number is not a day.
        if _looks_like_a_date(phrase.casefold()):
            return _as_local_date(value, tz)
    return None


def _bookable_or_none(day: date, *, today: date, horizon_days: int) -> date | None:
    try:
        return check_bookable_day(day, today=today, horizon_days=horizon_days)
    except InvalidInput:
        return None
