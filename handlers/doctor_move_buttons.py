"""The buttons of moving a doctor to another clinic from the admin's doctor card (/doctors):
registered with the codec when the admin package imports this module. They name records
only: every press is checked again by services.doctor_move."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class DoctorMoveClinics(CallbackData):
    """A doctor's card: 🏥 Clinic — the other active clinics to move them to."""

    prefix: ClassVar[str] = "hm"
    doctor: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorMoveTo(CallbackData):
    """That clinic: what the move does, shown before confirming."""

    prefix: ClassVar[str] = "hn"
    doctor: uuid.UUID
    clinic: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorMoveConfirm(CallbackData):
    """✅ Yes, move: the move itself (checked again on the server)."""

    prefix: ClassVar[str] = "ho"
    doctor: uuid.UUID
    clinic: uuid.UUID
