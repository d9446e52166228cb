"""Phone numbers: parsed and normalised to E.164 with Google's libphonenumber port."""

from __future__ import annotations

import phonenumbers

from services.errors import InvalidInput

BAD_PHONE = (
    "That does not look like a phone number. Please send it with the country code, "
    "for example +44 20 7946 0958."
)


def normalise_phone(raw: str, *, default_region: str | None = None) -> str:
    """The number in E.164 (`+442079460958`), or InvalidInput with a sentence."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise InvalidInput(BAD_PHONE)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith("+") and default_region is None:
        # Telegram shares contacts without the plus sign.
        text = "+" + text
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(BAD_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(BAD_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
