"""Phone numbers: parsed and normalised to E.164 with Google's libphonenumber port."""

from __future__ import annotations

import phonenumbers

from services.errors import InvalidInput


def normalise_phone(raw: str, *, default_region: str | None = None) -> str:
    """The number in E.164 (`+442079460958`), or InvalidInput (`bad-phone`)."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise InvalidInput(code="bad-phone")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith("+") and default_region is None:
        # Telegram shares contacts without the plus sign.
        text = "+" + text
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(code="bad-phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(code="bad-phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
