"""One codec for callback_data: small frozen dataclasses with a prefix.

`pack()` gives at most 64 bytes (Telegram's limit), UUIDs as 22 base64url
characters; `parse()` returns None for anything it does not recognise, so a
forged or stale button becomes "this button has expired", never an exception.
Data identifies things only; whether the presser may act on them is checked
again by the service on every press.
"""

from __future__ import annotations

import base64
import dataclasses
import uuid
from datetime import date
from typing import ClassVar, TypeVar

MAX_BYTES = 64
_REGISTRY: dict[str, type[CallbackData]] = {}

T = TypeVar("T", bound="CallbackData")


def _enc(value: object) -> str:
    if isinstance(value, uuid.UUID):
        return base64.urlsafe_b64encode(value.bytes).decode().rstrip("=")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    if ":" in text:
        raise ValueError("callback values cannot contain ':'")
    return text


def _dec(kind: str, text: str) -> object:
    if kind in ("uuid.UUID", "UUID"):
        raw = base64.urlsafe_b64decode(text + "==")
        return uuid.UUID(bytes=raw)
    if kind == "date":
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if kind == "int":
        return int(text)
    if kind == "bool":
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"
    return text


@dataclasses.dataclass(frozen=True)
class CallbackData:
    prefix: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.prefix:
            if cls.prefix in _REGISTRY:
                raise TypeError(f"callback prefix {cls.prefix!r} is used twice")
            _REGISTRY[cls.prefix] = cls

    def pack(self) -> str:
        parts = [self.prefix, *(_enc(getattr(self, f.name)) for f in dataclasses.fields(self))]
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data

    @classmethod
    def pattern(cls) -> str:
        """A regex for CallbackQueryHandler that matches this kind of button."""
        return rf"^{cls.prefix}(:|$)"


def parse(data: str | None) -> CallbackData | None:
    """The button's data, or None if it is not one of ours (forged or from an old version)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    prefix, *values = data.split(":")
    cls = _REGISTRY.get(prefix)
    if cls is None:
        return None
    fields = dataclasses.fields(cls)
    if len(values) != len(fields):
        return None
    try:
        kwargs = {f.name: _dec(str(f.type), v) for f, v in zip(fields, values, strict=True)}
        return cls(**kwargs)
    except (ValueError, TypeError):
        return None


def parse_as(data: str | None, cls: type[T]) -> T | None:
    """Like parse(), but only for one kind of button."""
    parsed = parse(data)
    return parsed if isinstance(parsed, cls) else None


# --- the buttons of the bot ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Menu(CallbackData):
    """A main-menu entry (book, my, profile, help, today, ...)."""

    prefix: ClassVar[str] = "m"
    action: str


@dataclasses.dataclass(frozen=True)
class Nav(CallbackData):
    """Back / cancel / page moves inside a flow."""

    prefix: ClassVar[str] = "n"
    action: str
    page: int = 0


@dataclasses.dataclass(frozen=True)
class Consent(CallbackData):
    """Registration: accept or decline the privacy note, keep the Telegram name."""

    prefix: ClassVar[str] = "rg"
    action: str  # agree | decline | keepname | back


@dataclasses.dataclass(frozen=True)
class FindBy(CallbackData):
    """How to look for a doctor: spec | clinic | name."""

    prefix: ClassVar[str] = "f"
    kind: str


@dataclasses.dataclass(frozen=True)
class Page(CallbackData):
    """Another page of a list (specialties, clinics, doctors, appointments)."""

    prefix: ClassVar[str] = "pg"
    kind: str
    page: int


@dataclasses.dataclass(frozen=True)
class PickSpecialty(CallbackData):
    prefix: ClassVar[str] = "ps"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class PickClinic(CallbackData):
    prefix: ClassVar[str] = "pc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class PickDoctor(CallbackData):
    prefix: ClassVar[str] = "pd"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class Month(CallbackData):
    """Calendar navigation to the month of `day`."""

    prefix: ClassVar[str] = "cm"
    day: date


@dataclasses.dataclass(frozen=True)
class PickDay(CallbackData):
    prefix: ClassVar[str] = "cd"
    day: date


@dataclasses.dataclass(frozen=True)
class PickSlot(CallbackData):
    prefix: ClassVar[str] = "sl"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class Confirm(CallbackData):
    """Confirm the booking shown; `nonce` ties the press to that summary (idempotency)."""

    prefix: ClassVar[str] = "ok"
    nonce: str


@dataclasses.dataclass(frozen=True)
class Appt(CallbackData):
    """An action on one appointment: open | cancel | resched | ics."""

    prefix: ClassVar[str] = "ap"
    action: str
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class CancelWhy(CallbackData):
    """Confirm a cancellation with one of the offered reasons (index into texts)."""

    prefix: ClassVar[str] = "cx"
    id: uuid.UUID
    reason: int


@dataclasses.dataclass(frozen=True)
class MyList(CallbackData):
    """The appointments list: upcoming (1) or past (0), page."""

    prefix: ClassVar[str] = "my"
    upcoming: bool
    page: int


@dataclasses.dataclass(frozen=True)
class EditProfile(CallbackData):
    prefix: ClassVar[str] = "pe"
    field: str
