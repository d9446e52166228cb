"""A person's name and date of birth as typed: invisible characters, letters, dates that
read two ways."""

from __future__ import annotations

import pytest

from services.errors import InvalidInput
from services.users import NAME_MAX, clean_name

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
