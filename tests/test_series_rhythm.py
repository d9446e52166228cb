"""The times of a series: the first one's clinic-local wall-clock time every week, two weeks
or month, N times or until a day; across a DST change and at a month's end."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.errors import InvalidInput
from services.series import Every, occurrence_starts

LONDON = ZoneInfo("Europe/London")


def _local(starts) -> list[str]:
    return [s.astimezone(LONDON).strftime("%a %d %b %H:%M") for s in starts]


def test_weekly_keeps_the_wall_clock_time_across_the_clocks_going_forward() -> None:
    first = datetime(2030, 3, 20, 9, 0, tzinfo=UTC)  # 09:00 GMT; BST from 31 March
    starts = occurrence_starts(first, LONDON, Every.week, count=3)
    assert _local(starts) == ["Wed 20 Mar 09:00", "Wed 27 Mar 09:00", "Wed 03 Apr 09:00"]
    assert starts[2] == datetime(2030, 4, 3, 8, 0, tzinfo=UTC)


def test_every_two_weeks_until_a_day_includes_that_day() -> None:
    first = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
    starts = occurrence_starts(first, LONDON, Every.two_weeks, until=date(2030, 4, 1))
    assert _local(starts) == ["Mon 04 Mar 10:00", "Mon 18 Mar 10:00", "Mon 01 Apr 10:00"]


def test_monthly_on_the_31st_falls_on_the_months_last_day() -> None:
    first = datetime(2030, 1, 31, 9, 0, tzinfo=UTC)
    starts = occurrence_starts(first, LONDON, Every.month, count=3)
    assert _local(starts) == ["Thu 31 Jan 09:00", "Thu 28 Feb 09:00", "Sun 31 Mar 09:00"]


def test_until_far_ahead_stops_at_twelve() -> None:
    first = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
    assert len(occurrence_starts(first, LONDON, Every.week, until=date(2031, 1, 1))) == 12


@pytest.mark.parametrize(
    ("count", "until", "code"),
    [
        (1, None, "series-count"),
        (13, None, "series-count"),
        (None, date(2030, 1, 8), "series-until-too-soon"),
        (None, None, "series-count-or-until"),
    ],
)
def test_out_of_range_is_refused_with_a_code(count, until, code) -> None:
    first = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as err:
        occurrence_starts(first, LONDON, Every.week, count=count, until=until)
    assert err.value.code == code
