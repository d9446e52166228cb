"""Phone numbers: parsed and normalised to E.164 with Google's libphonenumber port.

A number typed without its country code ("07911 123456", "(617) 555-0100") is read as a
number of a default region. A patient has no clinic when they register, so the handlers
take the region from the default time zone (`CARESLOT_TIMEZONE`) with `region_for_zone`.
"""

from __future__ import annotations

from datetime import tzinfo

import phonenumbers
from babel.core import get_global

from services.errors import InvalidInput


def region_for_zone(zone: tzinfo | str | None) -> str | None:
    """The country of an IANA time zone as a phone region: "Europe/London" → "GB",
    "America/New_York" → "US"; None for a zone of no country (UTC, Etc/GMT+3) or one
    nobody knows.

    The mapping is CLDR's zone → territory table as Babel ships it (`zone_territories`,
    with `zone_aliases` for old names and links such as "Europe/Kiev" or "US/Eastern"), so
    no table of our own has to follow the tz database. The other direction offered by
    `phonenumbers.timezone` (number → zones) cannot tell +1 Toronto from +1 New York."""
    key = zone if isinstance(zone, str) else getattr(zone, "key", None)  # ZoneInfo.key
    if not key:
        return None
    key = get_global("zone_aliases").get(key, key)
    region = get_global("zone_territories").get(key)
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def normalise_phone(raw: str, *, default_region: str | None = None) -> str:
    """The number in E.164 (`+447911123456`), or InvalidInput.

    Without a leading "+" or "00" the number is read in `default_region` (a national
    format); when that gives no valid number, or there is no region, as an international
    number without its plus (Telegram shares contacts that way). A number with an extension
    ("… ext. 12", "… x12") is refused (`phone-extension`): the extension would be lost in
    E.164, and a clinic calling back needs a number that rings the patient. Anything else
    that is not a valid number is `bad-phone`."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise InvalidInput(code="bad-phone")
    if text.startswith("00"):
        text = "+" + text[2:]
    readings: list[tuple[str, str | None]] = []
    if text.startswith("+") or default_region is not None:
        readings.append((text, default_region))
    if not text.startswith("+"):
        readings.append(("+" + text, None))
    number = None
    for candidate, region in readings:
        try:
            parsed = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if parsed.extension:
            raise InvalidInput(code="phone-extension")
        if phonenumbers.is_valid_number(parsed):
            number = parsed
            break
    if number is None:
        raise InvalidInput(code="bad-phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
