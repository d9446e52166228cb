"""The buttons of a doctor's working hours (/hours) and time off (/off), and of the patient's
offer of other times after the doctor cancelled a visit (re-exported by handlers.callbacks)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class HoursFrom(CallbackData):
    """/hours: the new hours apply from this date (the offered "tomorrow")."""

    prefix: ClassVar[str] = "hf"
    day: date


@dataclasses.dataclass(frozen=True)
class HoursSave(CallbackData):
    """/hours: save the change shown (or, `ok` false, keep the old hours)."""

    prefix: ClassVar[str] = "hs"
    ok: bool


@dataclasses.dataclass(frozen=True)
class OutsideVisit(CallbackData):
    """A booked visit outside the new hours: keep it, or cancel it and offer other times."""

    prefix: ClassVar[str] = "ov"
    keep: bool
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class OffSave(CallbackData):
    """/off: take the time off shown (or, `ok` false, change nothing)."""

    prefix: ClassVar[str] = "os"
    ok: bool


@dataclasses.dataclass(frozen=True)
class OffRemove(CallbackData):
    """/off: remove that time off of the presser's (its slots open again)."""

    prefix: ClassVar[str] = "ox"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class Rebook(CallbackData):
    """A patient's one tap on a time offered instead of a visit the doctor cancelled."""

    prefix: ClassVar[str] = "rb"
    appointment: uuid.UUID
    slot: uuid.UUID
