"""The day or range a doctor types for /agenda, read in their clinic's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.doctor_day import MAX_RANGE_DAYS, parse_agenda_range
from services.errors import InvalidInput

NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # Monday
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("today", date(2030, 3, 4), date(2030, 3, 4)),
        ("Tomorrow", date(2030, 3, 5), date(2030, 3, 5)),
        ("friday", date(2030, 3, 8), date(2030, 3, 8)),
        ("this week", date(2030, 3, 4), date(2030, 3, 10)),
        ("next week", date(2030, 3, 11), date(2030, 3, 17)),
        ("last week", date(2030, 2, 25), date(2030, 3, 3)),
        ("12.05–16.05", date(2030, 5, 12), date(2030, 5, 16)),
        ("12.05-16.05", date(2030, 5, 12), date(2030, 5, 16)),
        ("5.03 to 8.03", date(2030, 3, 5), date(2030, 3, 8)),
        ("monday - friday", date(2030, 3, 4), date(2030, 3, 8)),
        ("28.12-03.01", date(2030, 12, 28), date(2031, 1, 3)),  # into the next year
        ("8.03 – 5.03", date(2030, 3, 5), date(2030, 3, 8)),  # either order
    ],
)
def test_days_and_ranges(typed: str, first: date, last: date) -> None:
    assert parse_agenda_range(typed, tz=LONDON, now=NOW) == (first, last)


def test_the_day_is_the_clinics_not_utcs() -> None:
    late = datetime(2030, 3, 4, 23, 30, tzinfo=UTC)  # already Tuesday in Tokyo
    assert parse_agenda_range("today", tz=ZoneInfo("Asia/Tokyo"), now=late) == (
        date(2030, 3, 5), date(2030, 3, 5)
    )


@pytest.mark.parametrize("typed", ["", "someday", "x" * 80, "blue - green"])
def test_unclear_text_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_agenda_range(typed, tz=LONDON, now=NOW)
    assert caught.value.code == "agenda-unclear"


def test_a_range_over_the_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_agenda_range("1.03-30.04", tz=LONDON, now=NOW)
    assert caught.value.code == "agenda-range-too-long"
    assert caught.value.params == {"max_days": MAX_RANGE_DAYS}
