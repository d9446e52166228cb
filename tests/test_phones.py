"""Phone numbers: national formats in the default region, extensions refused, E.164 kept."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from handlers.i18n import LANGUAGES, t
from services.errors import InvalidInput
from services.phones import normalise_phone, region_for_zone


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("Europe/London", "GB"),
        ("America/New_York", "US"),
        ("America/Toronto", "CA"),
        ("Europe/Madrid", "ES"),
        ("Europe/Kyiv", "UA"),
        ("Europe/Kiev", "UA"),  # an old name (a link in the tz database)
        ("US/Eastern", "US"),
        (ZoneInfo("Europe/London"), "GB"),
        (ZoneInfo("America/New_York"), "US"),
        ("UTC", None),  # no country
        ("Etc/GMT+3", None),
        (UTC, None),
        ("Nowhere/Atlantis", None),
        (None, None),
    ],
)
def test_region_of_a_time_zone(zone, region) -> None:
    assert region_for_zone(zone) == region


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("07911 123456", "GB", "+447911123456"),
        ("07911123456", "GB", "+447911123456"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("(617) 555-0100", "US", "+16175550100"),
        ("617-555-0100", "US", "+16175550100"),
        # With the country code the region does not matter.
        ("+44 7911 123456", "US", "+447911123456"),
        ("0044 7911 123456", "US", "+447911123456"),
        ("+1 617 555 0100", "GB", "+16175550100"),
        # Without the plus, but not a number of the region: read as international.
        ("447911123456", "US", "+447911123456"),
        ("16175550100", "GB", "+16175550100"),
        # No region (a shared contact: Telegram sends it without the plus).
        ("447911123456", None, "+447911123456"),
    ],
)
def test_national_and_international_formats(typed, region, e164) -> None:
    assert normalise_phone(typed, default_region=region) == e164


@pytest.mark.parametrize(
    "typed", ["07911 123456", "(617) 555-0100", "12345", "", "   ", "not a number", "+" * 40]
)
def test_what_cannot_be_placed_is_a_bad_phone(typed) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_phone(typed)
    assert refused.value.code == "bad-phone"


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("+44 20 7946 0958 ext. 12", None),
        ("+44 20 7946 0958 x12", None),
        ("020 7946 0958 x12", "GB"),
        ("020 7946 0958 ext 12", "GB"),
        ("(617) 555-0100 x12", "US"),
        ("617-555-0100 extension 4", "US"),
        ("+1 617 555 0100;ext=12", None),
    ],
)
def test_an_extension_is_refused_with_its_own_sentence(typed, region) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalise_phone(typed, default_region=region)
    assert refused.value.code == "phone-extension"
    for lang in LANGUAGES:
        assert t(lang, "error-phone-extension") != t(lang, "error-bad-phone")


def test_the_example_numbers_are_fictional() -> None:
    # Ofcom keeps 07700 900000–900999 for drama; the old example was a clinic's number.
    for lang in LANGUAGES:
        for key in ("ask-phone", "error-bad-phone", "error-phone-extension"):
            text = t(lang, key)
            assert "+44 7700 900123" in text and "7946" not in text, (lang, key)
