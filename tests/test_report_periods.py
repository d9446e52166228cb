"""/report's periods in free text, read on the clinic's calendar (services/report_periods.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.errors import InvalidInput
from services.report_periods import MAX_DAYS, PeriodKind, named_period, parse_period

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
# Tuesday 1 December 2026, mid-morning in London.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _read(text: str, *, tz: ZoneInfo = LONDON, now: datetime = NOW):
    return parse_period(text, tz=tz, now=now)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("Q4", date(2026, 10, 1), date(2026, 12, 31)),  # the quarter under way
        ("Q2 2025", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025 q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("this quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("last quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("last month", date(2026, 11, 1), date(2026, 11, 30)),
        ("this month", date(2026, 12, 1), date(2026, 12, 31)),
        ("this week", date(2026, 11, 30), date(2026, 12, 6)),
        ("last week", date(2026, 11, 23), date(2026, 11, 29)),
        ("this year", date(2026, 1, 1), date(2026, 12, 31)),
        ("last year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),  # a leap year's 366 days fit
        ("March", date(2026, 3, 1), date(2026, 3, 31)),
        ("march 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("yesterday", date(2026, 11, 30), date(2026, 11, 30)),
        ("today", date(2026, 12, 1), date(2026, 12, 1)),
        # A day without a year is its latest occurrence up to today: reports look back.
        ("12.05–16.05", date(2026, 5, 12), date(2026, 5, 16)),
        ("12.05-16.05", date(2026, 5, 12), date(2026, 5, 16)),
        ("12.05 - 16.05", date(2026, 5, 12), date(2026, 5, 16)),
        ("12.05", date(2026, 5, 12), date(2026, 5, 12)),
        ("1.11.2026 – 30.11.2026", date(2026, 11, 1), date(2026, 11, 30)),
        ("1 March to 15 March", date(2026, 3, 1), date(2026, 3, 15)),
        # The end of a range is the first such day on or after its start.
        ("20.12–10.01", date(2025, 12, 20), date(2026, 1, 10)),
        ("2026-01-01 – 2026-12-31", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_periods_in_english(text: str, first: date, last: date) -> None:
    assert _read(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "language", "first", "last"),
    [
        ("el mes pasado", "es", date(2026, 11, 1), date(2026, 11, 30)),
        ("este trimestre", "es", date(2026, 10, 1), date(2026, 12, 31)),
        ("T3", "es", date(2026, 7, 1), date(2026, 9, 30)),
        ("este año", "es", date(2026, 1, 1), date(2026, 12, 31)),
        ("минулий місяць", "uk", date(2026, 11, 1), date(2026, 11, 30)),
        ("цей тиждень", "uk", date(2026, 11, 30), date(2026, 12, 6)),
        ("К3", "uk", date(2026, 7, 1), date(2026, 9, 30)),
        ("цього року", "uk", date(2026, 1, 1), date(2026, 12, 31)),
        # English words work in every language.
        ("last month", "uk", date(2026, 11, 1), date(2026, 11, 30)),
    ],
)
def test_periods_in_other_languages(text: str, language: str, first: date, last: date) -> None:
    assert _read(text) == (first, last)


def test_the_clinics_calendar_decides_what_today_is() -> None:
    # 23:30 UTC on 31 December is already 1 January in Tokyo: "last month" is December there.
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert _read("last month", now=late) == (date(2026, 11, 1), date(2026, 11, 30))
    assert _read("last month", now=late, tz=TOKYO) == (date(2026, 12, 1), date(2026, 12, 31))
    assert _read("this year", now=late, tz=TOKYO) == (date(2027, 1, 1), date(2027, 12, 31))


def test_named_periods_of_the_picker() -> None:
    assert named_period(PeriodKind.this_week, tz=LONDON, now=NOW) == (
        date(2026, 11, 30), date(2026, 12, 6),
    )  # fmt: skip
    assert named_period(PeriodKind.last_month, tz=LONDON, now=NOW) == (
        date(2026, 11, 1), date(2026, 11, 30),
    )  # fmt: skip
    assert named_period(PeriodKind.this_quarter, tz=LONDON, now=NOW) == (
        date(2026, 10, 1), date(2026, 12, 31),
    )  # fmt: skip
    # January's "last month" is the December before.
    january = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    assert named_period(PeriodKind.last_month, tz=LONDON, now=january) == (
        date(2026, 12, 1), date(2026, 12, 31),
    )  # fmt: skip


@pytest.mark.parametrize(
    "text", ["", "whenever", "Q5", "Q0", "the moon", "31.02", "12.05–blah", "x" * 200, "99999"]
)
def test_unreadable_periods_are_refused_with_a_code(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _read(text)
    assert raised.value.code in ("report-period-unclear", "no-such-day")


@pytest.mark.parametrize("text", ["1.1.2024 – 2.1.2025", "2025-01-01 – 2026-06-30"])
def test_ranges_longer_than_a_year_and_a_day_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        _read(text)
    assert raised.value.code == "report-period-too-long"
    assert raised.value.params == {"max_days": MAX_DAYS}


def test_a_year_and_a_day_is_the_longest() -> None:
    assert MAX_DAYS == 367
    assert _read("1.1.2025 – 2.1.2026") == (date(2025, 1, 1), date(2026, 1, 2))


def test_the_reasons_the_bot_stores_have_their_codes() -> None:
    """The patient's reasons are stored as the English catalogue's sentences: each has a code
    (a sentence changed there without a code here would count as `other`)."""
    from handlers.i18n import plain
    from handlers.visit_screens import CANCEL_REASONS
    from services.reports import REASON_CODES

    stored = [plain("en", f"cancel-reason-{i}") for i in range(CANCEL_REASONS - 1)]
    stored.append(plain("en", "series-cancel-reason"))
    # … and what the services store: the doctor's reasons and the front desk's.
    from services import desk_booking, rebooking

    stored += [*rebooking.REASONS, desk_booking.CANCEL_REASON]
    assert all(s in REASON_CODES for s in stored), stored
    for lang in ("en", "es", "uk"):
        for code in (*REASON_CODES.values(), "none", "other"):
            assert plain(lang, f"report-reason-{code}")


def test_a_period_runs_from_the_clinics_midnight_to_its_midnight() -> None:
    import uuid

    from services.reports import ClinicChoice, bounds

    tokyo = ClinicChoice(id=uuid.uuid4(), name="T", timezone="Asia/Tokyo")
    since, until = bounds(tokyo, date(2026, 7, 1), date(2026, 9, 30))
    assert since == datetime(2026, 6, 30, 15, 0, tzinfo=UTC)
    assert until == datetime(2026, 9, 30, 15, 0, tzinfo=UTC)
    # Across the clocks' change in London: October's last day ends at 00:00 GMT.
    london = ClinicChoice(id=uuid.uuid4(), name="L", timezone="Europe/London")
    since, until = bounds(london, date(2026, 10, 1), date(2026, 10, 31))
    assert since == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    assert until == datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
