"""/report's period in free text, read on the clinic's calendar: "last month", "Q3",
"this week", "this year", "2026", "March", "12.05–16.05", "yesterday".

Reports look back, so a day typed without a year is its latest occurrence up to today
("12.05" in December is the May gone by, not the next one; the booking flow reads it the
other way, services/dates.py) and a quarter or month without a year is the latest that
has begun. The end of a range is the first such day on or after its start ("20.12–10.01"
runs into January). Single days and the sides of a range are read by services/dates.py
(its rules, then dateparser); the named periods are recognised here in English, Spanish
and Ukrainian. A period is at most `MAX_DAYS` days: a year and a day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from services.dates import MONTHS, local_today, mentioned_day
from services.errors import InvalidInput

MAX_DAYS = 367  # a year and a day: any calendar year (366 in a leap year) fits
MAX_TEXT = 60
UNCLEAR = "report-period-unclear"


class PeriodKind(StrEnum):
    """The periods the picker offers (button values)."""

    this_week = "w"
    last_month = "m"
    this_quarter = "q"


# unit, offset from the current one (0 this, -1 last, 1 next)
_NAMED: dict[str, tuple[str, int]] = {
    "this week": ("week", 0), "last week": ("week", -1), "next week": ("week", 1),
    "this month": ("month", 0), "last month": ("month", -1), "next month": ("month", 1),
    "this quarter": ("quarter", 0), "last quarter": ("quarter", -1),
    "this year": ("year", 0), "last year": ("year", -1),
    "esta semana": ("week", 0), "la semana pasada": ("week", -1), "semana pasada": ("week", -1),
    "este mes": ("month", 0), "el mes pasado": ("month", -1), "mes pasado": ("month", -1),
    "este trimestre": ("quarter", 0), "el trimestre pasado": ("quarter", -1),
    "trimestre pasado": ("quarter", -1),
    "este año": ("year", 0), "el año pasado": ("year", -1), "año pasado": ("year", -1),
    "цей тиждень": ("week", 0), "цього тижня": ("week", 0),
    "минулий тиждень": ("week", -1), "минулого тижня": ("week", -1),
    "цей місяць": ("month", 0), "цього місяця": ("month", 0),
    "минулий місяць": ("month", -1), "минулого місяця": ("month", -1),
    "цей квартал": ("quarter", 0), "цього кварталу": ("quarter", 0),
    "минулий квартал": ("quarter", -1), "минулого кварталу": ("quarter", -1),
    "цей рік": ("year", 0), "цього року": ("year", 0),
    "минулий рік": ("year", -1), "минулого року": ("year", -1),
}  # fmt: skip
_PICKED = {
    PeriodKind.this_week: ("week", 0),
    PeriodKind.last_month: ("month", -1),
    PeriodKind.this_quarter: ("quarter", 0),
}
# Q3 (English), T3 (trimestre), К3 (квартал), with an optional year on either side.
_QUARTER = re.compile(r"(?:(\d{4})\s+)?[qtк]([1-4])(?:\s+(\d{4}))?")
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(rf"({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?(?:\s+(\d{{4}}))?")
_RANGE = re.compile(r"\s*(?:–|—|\.\.|\bto\b|\buntil\b|\s-\s)\s*")
_DAY = r"(\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2})"
_DATED_RANGE = re.compile(rf"{_DAY}\s*-\s*{_DAY}")
# A calendar day typed without its year ("12.05", "12 May", "may 12th").
_NO_YEAR = re.compile(
    r"\d{1,2}[./-]\d{1,2}\.?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?"
    r"|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?"
)


def named_period(kind: PeriodKind, *, tz: ZoneInfo, now: datetime) -> tuple[date, date]:
    """The first and last day of a picker's period, on the clinic's calendar."""
    unit, offset = _PICKED[kind]
    return _unit(unit, offset, local_today(now, tz))


def parse_period(text: str, *, tz: ZoneInfo, now: datetime) -> tuple[date, date]:
    """The first and last day (inclusive) of the period typed; InvalidInput when unreadable
    (`report-period-unclear`) or longer than `MAX_DAYS` (`report-period-too-long`).
    The named periods of all three languages are read whatever the user's language."""
    phrase = " ".join((text or "").casefold().split()).strip(",;:!?. ")
    if not phrase or len(phrase) > MAX_TEXT:
        raise InvalidInput(code=UNCLEAR)
    today = local_today(now, tz)
    first, last = _read(phrase, today, tz=tz, now=now)
    if last < first:
        raise InvalidInput(code=UNCLEAR)
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(code="report-period-too-long", max_days=MAX_DAYS)
    return first, last


def _read(phrase: str, today: date, *, tz: ZoneInfo, now: datetime) -> tuple[date, date]:
    if phrase in _NAMED:
        return _unit(*_NAMED[phrase], today)
    if match := _QUARTER.fullmatch(phrase):
        year = match.group(1) or match.group(3)
        quarter = int(match.group(2))
        if year is None:
            started = date(today.year, 3 * quarter - 2, 1) <= today
            year_n = today.year if started else today.year - 1
        else:
            year_n = int(year)
        return _quarter(year_n, quarter)
    if match := _YEAR.fullmatch(phrase):
        year_n = int(match.group(1))
        if not 1900 <= year_n <= 2999:
            raise InvalidInput(code=UNCLEAR)
        return date(year_n, 1, 1), date(year_n, 12, 31)
    if match := _MONTH.fullmatch(phrase):
        month = MONTHS[match.group(1)]
        if match.group(2):
            year_n = int(match.group(2))
        else:
            year_n = today.year if date(today.year, month, 1) <= today else today.year - 1
        return _month(year_n, month)
    dated = _DATED_RANGE.fullmatch(phrase)
    sides = list(dated.groups()) if dated else _RANGE.split(phrase, maxsplit=1)
    sides = [s.strip() for s in sides]
    if not all(sides):
        raise InvalidInput(code=UNCLEAR)
    first = _day(sides[0], today, tz=tz, now=now)
    if len(sides) == 1:
        return first, first
    last = _day(sides[1], today, tz=tz, now=now)
    if last < first and _NO_YEAR.fullmatch(sides[1]):
        last = _years_later(last, first)
    return first, last


def _day(side: str, today: date, *, tz: ZoneInfo, now: datetime) -> date:
    """One side of a range, by services/dates.py; without a year, on or before today."""
    day = mentioned_day(side, tz=tz, now=now)
    if day is None:
        raise InvalidInput(code=UNCLEAR)
    if day > today and _NO_YEAR.fullmatch(side):
        for back in range(1, 5):  # 29 February may be four years back
            try:
                candidate = day.replace(year=day.year - back)
            except ValueError:
                continue
            if candidate <= today:
                return candidate
    return day


def _years_later(day: date, after: date) -> date:
    for ahead in range(1, 5):
        try:
            candidate = day.replace(year=day.year + ahead)
        except ValueError:
            continue
        if candidate >= after:
            return candidate
    return day


def _unit(unit: str, offset: int, today: date) -> tuple[date, date]:
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        index = today.year * 12 + today.month - 1 + offset
        return _month(index // 12, index % 12 + 1)
    if unit == "quarter":
        index = today.year * 4 + (today.month - 1) // 3 + offset
        return _quarter(index // 4, index % 4 + 1)
    return date(today.year + offset, 1, 1), date(today.year + offset, 12, 31)


def _month(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    return first, _month(year, 3 * quarter)[1]
