"""A person's name and date of birth as typed: invisible characters, letters, dates that
read two ways."""

from __future__ import annotations

from datetime import date

import pytest

from services.errors import AmbiguousDate, InvalidInput
from services.users import NAME_MAX, clean_name, parse_birth_date

TODAY = date(2030, 3, 4)

INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
]  # fmt: skip


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_a_name_of_only_invisible_characters_is_refused(char: str) -> None:
    for typed in (char, char * 5, f"{char} {char}", f"\u202e{char}\u2066"):
        with pytest.raises(InvalidInput) as refused:
            clean_name(typed)
        assert refused.value.code == "name-too-short"


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_taken_out_of_names(char: str) -> None:
    assert clean_name(f"{char}Ann{char} Le{char}e{char}") == "Ann Lee"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Ann   Lee ", "Ann Lee"),
        ("Ann\tLee\n", "Ann Lee"),
        ("Ann\x00\x07 Lee", "Ann Lee"),  # other control characters go too
        ("\u202eeeL nnA\u202c", "eeL nnA"),  # no override left to flip the text
        ("Jo", "Jo"),
        ("O'Neil-Smith", "O'Neil-Smith"),
        ("Олена Коваль", "Олена Коваль"),
        ("José Núñez", "José Núñez"),
        ("王伟", "王伟"),
    ],
)
def test_names_kept(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept


@pytest.mark.parametrize("typed", ["A", "A.", "1", "12 34", "--", "🙂🙂", "J \u200b", ". ."])
def test_a_name_needs_two_letters(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_name(typed)
    assert refused.value.code == "name-too-short" and refused.value.params == {"min": 2}


def test_the_length_limit_counts_what_is_kept() -> None:
    assert clean_name("A" * NAME_MAX + "\u200b" * 50) == "A" * NAME_MAX
    with pytest.raises(InvalidInput) as refused:
        clean_name("A" * (NAME_MAX + 1))
    assert refused.value.code == "name-too-long"


# --- dates of birth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day_first", "month_first"),
    [
        ("1/2/1990", date(1990, 2, 1), date(1990, 1, 2)),
        ("01/02/1990", date(1990, 2, 1), date(1990, 1, 2)),
        (" 3 / 4 / 1980 ", date(1980, 4, 3), date(1980, 3, 4)),
        ("12/11/2001", date(2001, 11, 12), date(2001, 12, 11)),
        ("1-2-1990", date(1990, 2, 1), date(1990, 1, 2)),  # US writes dashes month first too
    ],
)
def test_a_date_that_reads_both_ways_is_not_guessed(typed, day_first, month_first) -> None:
    with pytest.raises(AmbiguousDate) as asked:
        parse_birth_date(typed, today=TODAY)
    assert asked.value.code == "birth-date-ambiguous"
    assert asked.value.readings == (day_first, month_first)
    assert asked.value.params == {"day_first": day_first, "month_first": month_first}


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("13/02/1990", date(1990, 2, 13)),  # 13 is no month
        ("2/13/1990", date(1990, 2, 13)),
        ("5/5/1990", date(1990, 5, 5)),  # one day either way
        ("12.03.1985", date(1985, 3, 12)),  # dots: day first, as in the clinics' countries
        ("1.2.1990", date(1990, 2, 1)),
        ("12 03 1985", date(1985, 3, 12)),
        ("March 12 1985", date(1985, 3, 12)),
        ("1 February 1990", date(1990, 2, 1)),
        ("1990-02-01", date(1990, 2, 1)),  # ISO: year first, then month
        # One reading is in the future (TODAY is 4 March 2030): the other is the date.
        ("3/4/2030", date(2030, 3, 4)),
        ("1/4/2030", date(2030, 1, 4)),
    ],
)
def test_dates_that_read_one_way_are_taken(typed, born) -> None:
    assert parse_birth_date(typed, today=TODAY) == born


@pytest.mark.parametrize(
    ("typed", "code"),
    [("5/6/2030", "birth-date-in-future"), ("1/2/1800", "birth-date-too-old"),
     ("1/2/0000", "birth-date-unreadable")],
)  # fmt: skip
def test_when_neither_reading_can_be_a_birth_date(typed, code) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_birth_date(typed, today=TODAY)
    assert refused.value.code == code and not isinstance(refused.value, AmbiguousDate)
