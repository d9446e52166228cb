"""The buttons of the waitlist: joining it when no time fits, the offer's Book it / No
thanks, and leaving it from /my (registered with the others by `handlers.callbacks`)."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class PartOfDay(StrEnum):
    """A part of the day to wait for (db.models.PARTS_OF_DAY), or any time."""

    ANY = "any"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class OfferAction(StrEnum):
    BOOK = "book"
    DECLINE = "no"


@dataclasses.dataclass(frozen=True)
class WaitDoctor(CallbackData):
    """🔔 Tell me when something frees up: with this doctor."""

    prefix: ClassVar[str] = "wd"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class WaitSpecialty(CallbackData):
    """🔔 Tell me when something frees up: this specialty at this clinic."""

    prefix: ClassVar[str] = "ws"
    id: uuid.UUID
    clinic: uuid.UUID


@dataclasses.dataclass(frozen=True)
class WaitAnywhere(CallbackData):
    """🔔 Tell me when something frees up: this specialty at any clinic."""

    prefix: ClassVar[str] = "wa"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class WaitPart(CallbackData):
    """Joining: the part of the day to wait for."""

    prefix: ClassVar[str] = "wp"
    part: PartOfDay


@dataclasses.dataclass(frozen=True)
class WaitWho(CallbackData):
    """Joining: for whom (the patient's own record or a family member's)."""

    prefix: ClassVar[str] = "ww"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class WaitJoin(CallbackData):
    """Joining: put me on the waitlist as shown."""

    prefix: ClassVar[str] = "wj"


@dataclasses.dataclass(frozen=True)
class OfferAnswer(CallbackData):
    """An offer's Book it / No thanks, naming its hold."""

    prefix: ClassVar[str] = "wo"
    action: OfferAction
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class WaitLeave(CallbackData):
    """/my: leave this waitlist entry."""

    prefix: ClassVar[str] = "wl"
    id: uuid.UUID
