"""The buttons of recurring visits: repeating a booking at its summary, choosing the
occurrences, and changing "this and all following" of a series (the codec registers them
with the rest through handlers.callbacks)."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData
from services.series import Every


class RepeatAction(StrEnum):
    START = "go"  # 🔁 Repeat on the summary
    BOOK = "ok"  # book the occurrences shown
    BACK = "bk"


@dataclasses.dataclass(frozen=True)
class RepeatStep(CallbackData):
    """A step of repeating the booking of the summary `nonce` names."""

    prefix: ClassVar[str] = "rs"
    nonce: str
    action: RepeatAction


@dataclasses.dataclass(frozen=True)
class RepeatEvery(CallbackData):
    prefix: ClassVar[str] = "re"
    nonce: str
    every: Every


@dataclasses.dataclass(frozen=True)
class RepeatCount(CallbackData):
    prefix: ClassVar[str] = "rn"
    nonce: str
    count: int


@dataclasses.dataclass(frozen=True)
class RepeatPick(CallbackData):
    """For occurrence `index`: take the alternative `slot` shown."""

    prefix: ClassVar[str] = "ra"
    nonce: str
    index: int
    slot: uuid.UUID


@dataclasses.dataclass(frozen=True)
class RepeatSkip(CallbackData):
    """Occurrence `index` is left out of the series."""

    prefix: ClassVar[str] = "rk"
    nonce: str
    index: int


class SeriesAction(StrEnum):
    CANCEL = "c"  # asks first
    CANCEL_YES = "y"
    MOVE = "m"


@dataclasses.dataclass(frozen=True)
class SeriesChange(CallbackData):
    """Cancel or move a series' visit `id` and all the following ones."""

    prefix: ClassVar[str] = "sf"
    action: SeriesAction
    id: uuid.UUID
