"""The front desk's buttons: a page of found patients, a patient's card, a new patient."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class DeskStep(StrEnum):
    NEW = "n"  # type a new patient in (from "nothing found")
    SAVE = "s"  # save the new patient shown
    DROP = "d"  # leave without saving


@dataclasses.dataclass(frozen=True)
class DeskPage(CallbackData):
    """/find: that page of the patients found (also Back from a card)."""

    prefix: ClassVar[str] = "dp"
    page: int


@dataclasses.dataclass(frozen=True)
class DeskPatient(CallbackData):
    """/find: that patient's card (checked again: the asker's clinic must know them)."""

    prefix: ClassVar[str] = "dc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskNew(CallbackData):
    """The new-patient flow's steps."""

    prefix: ClassVar[str] = "dn"
    step: DeskStep


class BoardChange(StrEnum):
    ARRIVED = "a"
    NO_SHOW = "x"


@dataclasses.dataclass(frozen=True)
class BoardMark(CallbackData):
    """The clinic's day: mark that visit arrived or no-show (checked again: the presser's
    clinic must be the visit's)."""

    prefix: ClassVar[str] = "bm"
    change: BoardChange
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class BoardRefresh(CallbackData):
    """The clinic's day, read again."""

    prefix: ClassVar[str] = "br"
    page: int = 0


@dataclasses.dataclass(frozen=True)
class BoardOf(CallbackData):
    """An admin's /day: that clinic's board (the picker's buttons and the board's 🔄 Refresh;
    checked again: the presser must see that clinic's day)."""

    prefix: ClassVar[str] = "ga"
    clinic: uuid.UUID


@dataclasses.dataclass(frozen=True)
class BoardOfMark(CallbackData):
    """A picked clinic's board: mark that visit arrived or no-show (checked again: the
    presser must see that clinic's day, and the visit must be that clinic's)."""

    prefix: ClassVar[str] = "gb"
    change: BoardChange
    id: uuid.UUID
    clinic: uuid.UUID
