"""The buttons of the doctor's workspace and of the patient's visit records (beside
handlers.callbacks, which holds the rest; the codec registers both by prefix)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class VisitAction(StrEnum):
    OPEN = "open"
    ARRIVED = "arr"
    DONE = "done"
    NO_SHOW = "nos"
    UNDO = "undo"
    RECORD = "rec"
    CORRECT = "fix"
    BACK = "back"


@dataclasses.dataclass(frozen=True)
class DoctorVisit(CallbackData):
    """A doctor's action on one visit; `card`: pressed on its card (else on a list),
    `agenda`: the list it came from is the agenda (else today's)."""

    prefix: ClassVar[str] = "dv"
    action: VisitAction
    id: uuid.UUID
    card: bool
    agenda: bool


@dataclasses.dataclass(frozen=True)
class Today(CallbackData):
    """The doctor's list of today, shown again (refreshed)."""

    prefix: ClassVar[str] = "td"
    refresh: bool


@dataclasses.dataclass(frozen=True)
class AgendaDay(CallbackData):
    """One day of an agenda `first`..`last`."""

    prefix: ClassVar[str] = "ad"
    first: date
    last: date
    day: date


@dataclasses.dataclass(frozen=True)
class RecordsPage(CallbackData):
    """The patient's visit records, one visit a page."""

    prefix: ClassVar[str] = "rp"
    page: int


@dataclasses.dataclass(frozen=True)
class RunningLate(CallbackData):
    """From today's list: tell the patients still to come that the doctor runs late."""

    prefix: ClassVar[str] = "rl"
    minutes: int
