"""The typed codec for callback_data: small frozen dataclasses with a prefix.

A button's class says what its fields are; their types come from the type hints and are
checked when the class is defined (a field of an unsupported type is refused at import).
`pack()` gives at most 64 bytes (Telegram's limit), UUIDs as 22 base64url characters.
`parse()` returns None for anything that is not exactly one of ours — unknown prefix,
wrong number of fields, a value of the wrong shape or out of range — so a forged, stale or
truncated button can only ever become "this button has expired", never an exception.

Handlers are routed by the class (`pattern=Cls.matches`, see `handlers.routing`) and
receive the decoded value. Data identifies things only: whether the presser may act on
them is checked again by the services on every press.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import inspect
import re
import typing
import uuid
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any, ClassVar, Self

MAX_BYTES = 64
# Plain integers in buttons are page numbers and list indexes: small and non-negative.
INT_MAX = 99_999
# Dates in buttons are calendar days of a booking window, or dates of birth (at most 120
# years back).
FIRST_YEAR, LAST_YEAR = 1900, 2199
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,24}")
_INT = re.compile(r"\d{1,5}")
_DATE = re.compile(r"\d{8}")
_UUID = re.compile(r"[A-Za-z0-9_-]{22}")

_REGISTRY: dict[str, type[CallbackData]] = {}


class _Codec(typing.NamedTuple):
    encode: Callable[[Any], str]
    decode: Callable[[str], Any]


def _enc_uuid(value: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(value.bytes).decode().rstrip("=")


def _dec_uuid(text: str) -> uuid.UUID:
    if not _UUID.fullmatch(text):
        raise ValueError("not a packed uuid")
    try:
        return uuid.UUID(bytes=base64.urlsafe_b64decode(text + "=="))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not a packed uuid") from exc


def _dec_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError("not a packed date")
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError("date out of range")
    return date(year, month, day)  # ValueError for 20261301 and the like


def _enc_int(value: int) -> str:
    if not 0 <= value <= INT_MAX:
        raise ValueError(f"callback integers are 0..{INT_MAX}")
    return str(value)


def _dec_int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise ValueError("not a small integer")
    return int(text)


def _enc_token(value: str) -> str:
    if not _TOKEN.fullmatch(value):
        raise ValueError("callback strings are short url-safe tokens")
    return value


def _dec_token(text: str) -> str:
    if not _TOKEN.fullmatch(text):
        raise ValueError("not a token")
    return text


def _dec_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError("not a flag")
    return text == "1"


def _enum_codec(kind: type[Enum]) -> _Codec:
    values = {str(member.value): member for member in kind}
    for text in values:
        _enc_token(text)  # refused at import if an enum value cannot travel in a button

    def decode(text: str) -> Enum:
        try:
            return values[text]
        except KeyError:
            raise ValueError("unknown action") from None

    return _Codec(lambda member: str(kind(member).value), decode)


_CODECS: dict[type, _Codec] = {
    uuid.UUID: _Codec(_enc_uuid, _dec_uuid),
    date: _Codec(lambda d: d.strftime("%Y%m%d"), _dec_date),
    bool: _Codec(lambda b: "1" if b else "0", _dec_bool),
    int: _Codec(_enc_int, _dec_int),
    str: _Codec(_enc_token, _dec_token),
}


def _codec_for(kind: object) -> _Codec:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _enum_codec(kind)
    if isinstance(kind, type) and kind in _CODECS:
        return _CODECS[kind]
    raise TypeError(f"callback data cannot carry a field of type {kind!r}")


@dataclasses.dataclass(frozen=True)
class CallbackData:
    """Base of every button; subclasses set `prefix` and declare typed fields."""

    prefix: ClassVar[str] = ""
    _codecs: ClassVar[tuple[tuple[str, _Codec], ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.prefix:
            return
        if not re.fullmatch(r"[a-z]{1,3}", cls.prefix):
            raise TypeError(f"callback prefix {cls.prefix!r} must be 1-3 lowercase letters")
        if cls.prefix in _REGISTRY:
            raise TypeError(f"callback prefix {cls.prefix!r} is used twice")
        hints = typing.get_type_hints(cls)
        own = [
            name
            for name in inspect.get_annotations(cls)
            if typing.get_origin(hints[name]) is not ClassVar
        ]
        cls._codecs = tuple((name, _codec_for(hints[name])) for name in own)
        _REGISTRY[cls.prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix, *(c.encode(getattr(self, n)) for n, c in self._codecs)]
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: object) -> Self | None:
        """This class's value from a button's data, or None if it is not exactly that."""
        parsed = parse(data)
        return parsed if type(parsed) is cls else None

    @classmethod
    def matches(cls, data: object) -> bool:
        """For `CallbackQueryHandler(pattern=Cls.matches)`: routes well-formed data only."""
        return cls.unpack(data) is not None


def parse(data: object) -> CallbackData | None:
    """The button's value, or None if it is not one of ours (forged, stale or damaged)."""
    if not isinstance(data, str) or not data or len(data.encode()) > MAX_BYTES:
        return None
    prefix, *values = data.split(":")
    cls = _REGISTRY.get(prefix)
    if cls is None or len(values) != len(cls._codecs):
        return None
    try:
        kwargs = {
            name: codec.decode(value)
            for (name, codec), value in zip(cls._codecs, values, strict=True)
        }
    except ValueError:
        return None
    return cls(**kwargs)


def registered() -> dict[str, type[CallbackData]]:
    """Every button class by prefix (for tests and the central expired-button answer)."""
    return dict(_REGISTRY)
