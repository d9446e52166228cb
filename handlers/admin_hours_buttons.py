"""The buttons of a doctor's weekly hours opened from the admin's doctor card (/doctors):
registered with the codec when the admin package imports this module."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class DoctorHours(CallbackData):
    """A doctor's card: their week at a glance, and how to change it."""

    prefix: ClassVar[str] = "xa"
    doctor: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorOutsideVisit(CallbackData):
    """A booked visit outside the doctor's new hours, changed by the admin (or the desk):
    keep it, or cancel it and offer other times."""

    prefix: ClassVar[str] = "xb"
    doctor: uuid.UUID
    keep: bool
    id: uuid.UUID
