"""Free-text days, doctor search with typos, booking sentences and the .ics attachment.

Days are read against a fixed clock: Wednesday 11 March 2026, 10:00 in Berlin.
Search runs on the real PostgreSQL with a small practice built through the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from db.engine import SessionFactory, unit_of_work
from db.models import Clinic, Doctor, Specialty
from handlers.i18n import plain
from services import dates
from services.calendar import appointment_ics, ics_filename
from services.dates import find_day, parse_day, part_of_day
from services.errors import InvalidInput
from services.search import match_specialty, parse_booking_request, search_doctors

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Berlin
WED = date(2026, 3, 11)


def day(text: str, *, now: datetime = NOW, horizon_days: int = 365) -> date:
    return parse_day(text, tz=BERLIN, now=now, horizon_days=horizon_days)


# --- parse_day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WED),
        ("Tomorrow", date(2026, 3, 12)),
        ("day after tomorrow", date(2026, 3, 13)),
        ("the day after tomorrow", date(2026, 3, 13)),
        ("in 3 days", date(2026, 3, 14)),
        ("in 2 weeks", date(2026, 3, 25)),
        ("in two weeks", date(2026, 3, 25)),
        ("in a week", date(2026, 3, 18)),
        ("12/05", date(2026, 5, 12)),
        ("12.05", date(2026, 5, 12)),
        ("12.05.", date(2026, 5, 12)),
        ("2026-12-05", date(2026, 12, 5)),
        ("5 December", date(2026, 12, 5)),
        ("Dec 5", date(2026, 12, 5)),
        ("December 5th", date(2026, 12, 5)),
        ("the 5th of December", date(2026, 12, 5)),
        ("on the 15th", date(2026, 3, 15)),
        ("10th", date(2026, 4, 10)),  # the 10th of this month has passed
        ("Fri 13.03", date(2026, 3, 13)),
        ("in 1 month", date(2026, 4, 11)),  # left to dateparser
    ],
)
def test_parse_day_understands_common_phrases(text: str, expected: date) -> None:
    assert day(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Bare weekday and "this": the coming one, today included.
        ("friday", date(2026, 3, 13)),
        ("this Friday", date(2026, 3, 13)),
        ("on friday", date(2026, 3, 13)),
        ("wednesday", WED),
        ("fri", date(2026, 3, 13)),
        # "next": the first one after today.
        ("next Friday", date(2026, 3, 13)),
        ("next Monday", date(2026, 3, 16)),
        ("next wednesday", date(2026, 3, 18)),
        # "... next week": that weekday in next calendar week.
        ("friday next week", date(2026, 3, 20)),
        ("next week Monday", date(2026, 3, 16)),
    ],
)
def test_weekday_rule(text: str, expected: date) -> None:
    assert day(text) == expected


def test_next_weekday_on_that_very_day_is_a_week_later() -> None:
    friday_morning = datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
    assert day("friday", now=friday_morning) == date(2026, 3, 13)
    assert day("next friday", now=friday_morning) == date(2026, 3, 20)


def test_today_is_the_clinics_today_not_utcs() -> None:
    late = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)  # 00:30 on the 12th in Berlin
    assert day("today", now=late) == date(2026, 3, 12)
    assert day("tomorrow", now=late) == date(2026, 3, 13)
    london = parse_day("today", tz=ZoneInfo("Europe/London"), now=late, horizon_days=30)
    assert london == date(2026, 3, 11)


def test_day_month_rolls_to_next_year_when_past() -> None:
    june = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert day("12/05", now=june) == date(2027, 5, 12)
    assert day("12.05", now=june) == date(2027, 5, 12)
    assert day("5 May", now=june) == date(2027, 5, 5)
    assert day("01/06", now=june) == date(2026, 6, 1)  # today is not past


@pytest.mark.parametrize("text", ["yesterday", "2026-03-01", "last friday", "1.3.2026"])
def test_past_day_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        day(text)
    assert caught.value.code == "date-passed"
    assert caught.value.params["today"] == date(2026, 3, 11)
    assert caught.value.params["day"] < date(2026, 3, 11)
    assert set(caught.value.params) == {"day", "today"}


def test_beyond_horizon_is_refused_with_the_limit() -> None:
    limit = {"horizon_days": 30, "last": date(2026, 4, 10), "today": date(2026, 3, 11)}
    for text in ("5 December", "in 31 days", "in 999999999 weeks"):
        with pytest.raises(InvalidInput) as caught:
            day(text, horizon_days=30)
        assert (caught.value.code, caught.value.params) == ("date-beyond-horizon", limit), text
    assert day("in 30 days", horizon_days=30) == date(2026, 4, 10)


@pytest.mark.parametrize("text", ["xqzv", "", "   ", "1", "a", "december", "12:30", "soon"])
def test_unclear_text_asks_for_a_valid_form(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        day(text)
    # Its sentence shows the forms that work (tests/test_i18n.py checks every language).
    assert (caught.value.code, caught.value.params) == ("date-unclear", {})


def test_impossible_or_contradictory_dates_say_why() -> None:
    with pytest.raises(InvalidInput) as caught:
        day("31.04")
    assert (caught.value.code, caught.value.params) == (
        "no-such-day", {"day_of_month": 31, "month": 4}
    )
    with pytest.raises(InvalidInput) as caught:
        day("12.13")
    assert (caught.value.code, caught.value.params) == ("no-such-month", {})
    with pytest.raises(InvalidInput) as caught:
        day("fri 14.03")  # a Saturday
    assert (caught.value.code, caught.value.params) == (
        "weekday-mismatch", {"day": date(2026, 3, 14), "weekday": 4, "today": date(2026, 3, 11)}
    )


def test_overlong_text_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        day("tomorrow " * 10)
    assert caught.value.code == "date-too-long"


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_day("today", tz=BERLIN, now=datetime(2026, 3, 11, 9), horizon_days=30)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=70))
def test_parse_day_only_ever_raises_invalid_input(text: str) -> None:
    try:
        result = day(text, horizon_days=60)
    except InvalidInput:
        return
    assert WED <= result <= WED + timedelta(days=60)


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["next", "in", "on", "the", "friday", "3", "weeks", "days", "12.05", "of",
             "may", "5th", "tomorrow", "day", "after", "dec", "2026", "-", "/"]
        ),
        max_size=6,
    )
)
def test_parse_day_on_date_like_word_salad(words: list[str]) -> None:
    try:
        result = day(" ".join(words), horizon_days=60)
    except InvalidInput:
        return
    assert WED <= result <= WED + timedelta(days=60)


def test_part_of_day() -> None:
    assert part_of_day("Tomorrow MORNING please") == (time(6), time(12))
    assert part_of_day("friday afternoon") == (time(12), time(17))
    assert part_of_day("in the evening") == (time(17), time(22))
    assert part_of_day("friday") is None
    assert part_of_day("mornings") is None


def test_find_day_in_sentences() -> None:
    def found(text: str, horizon_days: int = 60) -> date | None:
        return find_day(text, tz=BERLIN, now=NOW, horizon_days=horizon_days)

    assert found("I need a dermatologist next Monday morning") == date(2026, 3, 16)
    assert found("the day after tomorrow please") == date(2026, 3, 13)
    assert found("cardiologist on 12.05", horizon_days=90) == date(2026, 5, 12)
    assert found("may I book a gp") is None  # a modal verb, not the month
    assert found("gp at 10.05") is None  # a time, not 10 May
    assert found("sun allergy, skin doctor") is None
    assert found("cardiologist yesterday") is None  # past: ignored, not raised
    assert found("cardiologist on 5 December") is None  # beyond the horizon: ignored


# --- search ----------------------------------------------------------------------------


@dataclass
class Practice:
    doctors: dict[str, Doctor]
    specialties: dict[str, Specialty]


async def build_practice(factory: SessionFactory) -> Practice:
    """Two clinics, seven specialties, a handful of doctors (one inactive)."""
    async with unit_of_work(factory) as session:
        mitte = Clinic(name="Mitte Clinic", address="Hauptstr. 1", city="Berlin",
                       timezone="Europe/Berlin")
        river = Clinic(name="Riverside Health", address="1 High St", city="London",
                       timezone="Europe/London")
        names = ["Cardiology", "Dermatology", "Pediatrics", "Orthopedics", "Neurology",
                 "General Practice", "Radiology"]
        specialties = {n: Specialty(name=n) for n in names}
        session.add_all([mitte, river, *specialties.values()])
        await session.flush()
        rows = [
            ("Dr. Emma Smith", "Dermatology", mitte, True),
            ("Dr. Lukas Weber", "Dermatology", river, True),
            ("Dr. John Carter", "Cardiology", mitte, True),
            ("Dr. Olivia Brown", "Cardiology", river, True),
            ("Dr. Paul Gone", "Cardiology", river, False),
            ("Dr. Sofia Rossi", "Pediatrics", mitte, True),
            ("Dr. Mia Fischer", "Orthopedics", river, True),
            ("Dr. Liam Novak", "Neurology", mitte, True),
            ("Dr. Noah Müller", "General Practice", river, True),
            ("Dr. Peter Kowalski", "Radiology", mitte, True),
        ]
        doctors = {}
        for i, (name, specialty, clinic, active) in enumerate(rows):
            doctors[name] = Doctor(
                full_name=name, specialty_id=specialties[specialty].id, clinic_id=clinic.id,
                license_number=f"LIC-{i}", is_active=active,
            )
        session.add_all(doctors.values())
        await session.flush()
    return Practice(doctors=doctors, specialties=specialties)


async def search(factory: SessionFactory, query: str) -> list[tuple[str, str]]:
    async with unit_of_work(factory) as session:
        found = await search_doctors(session, query=query)
    return [(m.doctor.full_name, m.matched) for m in found]


async def test_search_by_specialty_with_typos_and_patient_words(
    session_factory: SessionFactory,
) -> None:
    await build_practice(session_factory)
    cardiologists = {"Dr. John Carter", "Dr. Olivia Brown"}
    for query in ("cardiolgy", "Cardiology", "cardiologist", "heart", "heart doctor"):
        found = await search(session_factory, query)
        assert {name for name, _ in found} == cardiologists, query
        assert {matched for _, matched in found} == {"specialty"}
    dermatologists = {"Dr. Emma Smith", "Dr. Lukas Weber"}
    for query in ("dermatolgist", "skin"):
        assert {name for name, _ in await search(session_factory, query)} == dermatologists
    for query in ("paediatrician", "kids", "child"):
        assert await search(session_factory, query) == [("Dr. Sofia Rossi", "specialty")]
    assert await search(session_factory, "bones") == [("Dr. Mia Fischer", "specialty")]
    assert await search(session_factory, "neurologist") == [("Dr. Liam Novak", "specialty")]
    for query in ("GP", "family doctor", "general practitioner"):
        assert await search(session_factory, query) == [("Dr. Noah Müller", "specialty")]


async def test_search_by_name_ignores_titles_case_and_accents(
    session_factory: SessionFactory,
) -> None:
    await build_practice(session_factory)
    for query in ("dr smit", "Dr. Smith", "doctor emma smith", "SMITH", "smiht"):
        found = await search(session_factory, query)
        assert found[0] == ("Dr. Emma Smith", "name"), query
        assert len(found) == 1, query
    assert await search(session_factory, "muller") == [("Dr. Noah Müller", "name")]
    async with unit_of_work(session_factory) as session:
        [match] = await search_doctors(session, query="dr smith")
    assert match.score == 100.0
    assert match.doctor.specialty == "Dermatology"


async def test_search_by_clinic_and_city(session_factory: SessionFactory) -> None:
    await build_practice(session_factory)
    found = await search(session_factory, "riverside")
    assert {n for n, _ in found} == {
        "Dr. Lukas Weber", "Dr. Olivia Brown", "Dr. Mia Fischer", "Dr. Noah Müller",
    }
    assert {m for _, m in found} == {"clinic"}
    berlin = await search(session_factory, "berlin")
    assert "Dr. Emma Smith" in {n for n, _ in berlin}
    assert "Dr. Lukas Weber" not in {n for n, _ in berlin}


async def test_search_returns_nothing_for_nonsense_and_skips_inactive(
    session_factory: SessionFactory,
) -> None:
    await build_practice(session_factory)
    for query in ("xqzv", "a", "", "  ", "dr", "!!"):
        assert await search(session_factory, query) == [], query
    assert await search(session_factory, "gone") == []  # inactive doctor
    found = await search(session_factory, "cardiology")
    assert "Dr. Peter Kowalski" not in {n for n, _ in found}  # Radiology is not close enough


async def test_search_limit_and_overlong_query(session_factory: SessionFactory) -> None:
    await build_practice(session_factory)
    async with unit_of_work(session_factory) as session:
        assert len(await search_doctors(session, query="riverside", limit=2)) == 2
        with pytest.raises(InvalidInput) as caught:
            await search_doctors(session, query="x" * 101)
        assert (caught.value.code, caught.value.params) == ("search-too-long", {"limit": 100})


async def test_match_specialty(session_factory: SessionFactory) -> None:
    await build_practice(session_factory)
    async with unit_of_work(session_factory) as session:
        found = {
            text: await match_specialty(session, text=text)
            for text in ("skin rash", "cardiolgy", "my kids", "xqzv", "I can't hear well")
        }
    assert found["skin rash"] is not None and found["skin rash"].name == "Dermatology"
    assert found["cardiolgy"] is not None and found["cardiolgy"].name == "Cardiology"
    assert found["my kids"] is not None and found["my kids"].name == "Pediatrics"
    assert found["xqzv"] is None
    assert found["I can't hear well"] is None  # "hear" is not "heart"


async def test_parse_booking_request(session_factory: SessionFactory) -> None:
    await build_practice(session_factory)

    async def intent(text: str):
        async with unit_of_work(session_factory) as session:
            return await parse_booking_request(
                session, text=text, tz=BERLIN, now=NOW, horizon_days=60
            )

    derm = await intent("I need a dermatologist next Monday morning")
    assert derm is not None
    assert derm.specialty is not None and derm.specialty.name == "Dermatology"
    assert derm.doctor is None
    assert derm.day == date(2026, 3, 16)
    assert derm.window == (time(6), time(12))

    cardio = await intent("cardiologist tomorrow")
    assert cardio is not None and cardio.specialty is not None
    assert cardio.specialty.name == "Cardiology"
    assert (cardio.day, cardio.window) == (date(2026, 3, 12), None)

    smith = await intent("can I see dr smith on friday afternoon")
    assert smith is not None and smith.doctor is not None
    assert smith.doctor.full_name == "Dr. Emma Smith"
    assert smith.specialty is None
    assert smith.day == date(2026, 3, 13)
    assert smith.window == (time(12), time(17))

    bare = await intent("Emma Smith the day after tomorrow")
    assert bare is not None and bare.doctor is not None
    assert bare.doctor.full_name == "Dr. Emma Smith"
    assert bare.day == date(2026, 3, 13)

    gp = await intent("family doctor in 3 days, in the evening")
    assert gp is not None and gp.specialty is not None
    assert gp.specialty.name == "General Practice"
    assert gp.doctor is None and gp.day == date(2026, 3, 14)
    assert gp.window == (time(17), time(22))

    # A date part that cannot be booked is left out, not refused.
    past = await intent("cardiologist yesterday")
    assert past is not None and past.day is None
    far = await intent("cardiologist on 5 December")
    assert far is not None and far.day is None

    assert await intent("what are your opening hours tomorrow?") is None
    assert await intent("xqzv") is None
    assert await intent("skin " * 60) is None  # too long to be a request


async def test_parse_booking_request_with_two_doctors_of_one_name(
    session_factory: SessionFactory,
) -> None:
    practice = await build_practice(session_factory)
    async with unit_of_work(session_factory) as session:
        session.add(Doctor(
            full_name="Dr. Anna Smith",
            specialty_id=practice.specialties["Cardiology"].id,
            clinic_id=practice.doctors["Dr. John Carter"].clinic_id,
            license_number="LIC-SMITH-2",
        ))
    async with unit_of_work(session_factory) as session:
        unclear = await parse_booking_request(
            session, text="dr smith tomorrow", tz=BERLIN, now=NOW, horizon_days=60
        )
        decided = await parse_booking_request(
            session, text="cardiologist dr smith", tz=BERLIN, now=NOW, horizon_days=60
        )
    assert unclear is not None
    assert unclear.doctor is None and unclear.doctor_name == "smith"
    assert decided is not None and decided.doctor is not None
    assert decided.doctor.full_name == "Dr. Anna Smith"


# --- calendar --------------------------------------------------------------------------


def _ics(starts_at: datetime, *, tzid: str = "Europe/Berlin") -> bytes:
    return appointment_ics(
        uid="6f1c2b",
        summary="Dermatology — Dr. Emma Smith",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        location="Mitte Clinic, Hauptstr. 1, Berlin",
        description="Reason: rash\nPlease bring your insurance card.",
        tzid=tzid,
        now=datetime(2026, 6, 1, 14, 0, tzinfo=BERLIN),
    )


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime(2026, 12, 5, 8, 30, tzinfo=UTC),  # winter: CET, UTC+1
        datetime(2026, 7, 1, 7, 30, tzinfo=UTC),  # summer: CEST, UTC+2
    ],
)
def test_ics_parses_back_in_clinic_time(starts_at: datetime) -> None:
    calendar = Calendar.from_ical(_ics(starts_at))
    assert str(calendar["PRODID"]) == "-//CareSlot//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    [event] = calendar.events
    assert str(event["UID"]) == "6f1c2b@careslot"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Dermatology — Dr. Emma Smith"
    assert str(event["LOCATION"]) == "Mitte Clinic, Hauptstr. 1, Berlin"
    assert "insurance card" in str(event["DESCRIPTION"])
    assert event["DTSTAMP"].dt == datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == starts_at and event.end == starts_at + timedelta(minutes=30)
    # The wall clock the patient sees is the clinic's 09:30 in summer and winter alike.
    assert (event.start.hour, event.start.minute) == (9, 30)
    assert event.start.utcoffset() == starts_at.astimezone(BERLIN).utcoffset()
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=-1)


def test_ics_is_deterministic_and_uses_crlf() -> None:
    starts_at = datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    first = _ics(starts_at)
    assert first == _ics(starts_at)
    assert b"\r\n" in first and b"DTSTART;TZID=Europe/Berlin:20261205T093000" in first


def test_ics_in_utc_needs_no_vtimezone() -> None:
    calendar = Calendar.from_ical(_ics(datetime(2026, 12, 5, 8, 30, tzinfo=UTC), tzid="UTC"))
    assert calendar.timezones == []
    assert calendar.events[0].start == datetime(2026, 12, 5, 8, 30, tzinfo=UTC)


def test_ics_refuses_naive_or_reversed_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _ics(datetime(2026, 12, 5, 8, 30))
    with pytest.raises(ValueError, match="after"):
        appointment_ics(
            uid="x", summary="s", starts_at=datetime(2026, 12, 5, 9, tzinfo=UTC),
            ends_at=datetime(2026, 12, 5, 9, tzinfo=UTC), location="l", description="d",
            tzid="Europe/Berlin", now=NOW,
        )


def test_ics_filename_uses_clinic_local_time() -> None:
    starts_at = datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    assert ics_filename(starts_at, BERLIN) == "appointment-2026-12-05-0930.ics"
    assert ics_filename(starts_at, ZoneInfo("Europe/London")) == "appointment-2026-12-05-0830.ics"


# --- days typed in Spanish and Ukrainian -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "mañana", date(2030, 3, 5)),
        ("es", "el viernes", date(2030, 3, 8)),
        ("es", "Miércoles", date(2030, 3, 6)),
        ("es", "12 de mayo", date(2030, 5, 12)),
        ("es", "en 2 semanas", date(2030, 3, 18)),
        ("uk", "завтра", date(2030, 3, 5)),
        ("uk", "у пʼятницю", date(2030, 3, 8)),
        ("uk", "в середу", date(2030, 3, 6)),
        ("uk", "12 травня", date(2030, 5, 12)),
        ("uk", "через 2 тижні", date(2030, 3, 18)),
        ("es", "12.05", date(2030, 5, 12)),  # numeric dates and English words read everywhere
        ("uk", "tomorrow", date(2030, 3, 5)),
    ],
)
def test_days_in_the_patients_language(language: str, text: str, expected: date) -> None:
    now = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # a Monday
    tz = ZoneInfo("Europe/Madrid")
    assert dates.parse_day(text, tz=tz, now=now, horizon_days=90, language=language) == expected


@pytest.mark.parametrize("language", ["es", "uk"])
@pytest.mark.parametrize("text", ["1", "42", "blah", "el", "у"])
def test_words_that_name_no_day_stay_unclear(language: str, text: str) -> None:
    now = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as caught:
        dates.parse_day(text, tz=ZoneInfo("UTC"), now=now, horizon_days=90, language=language)
    assert caught.value.code == "date-unclear"


def test_the_hints_of_every_language_parse() -> None:
    """The examples the calendar and the error offer are days the parser reads."""
    hints = {"es": ["mañana", "el viernes", "12.05"], "uk": ["завтра", "у пʼятницю", "12.05"]}
    now = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
    for language, examples in hints.items():
        hint = plain(language, "pick-day", name="x")
        for example in examples:
            assert example in hint
            day = dates.parse_day(
                example, tz=ZoneInfo("UTC"), now=now, horizon_days=90, language=language
            )
            assert day >= now.date()
