"""The front desk's buttons for booking, moving and cancelling on a patient's behalf.

Each names a patient, a doctor or a visit only: whether the presser's clinic may act on it
is checked again by the services on every press.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class DeskBook(CallbackData):
    """📅 Book a visit, on a patient's card."""

    prefix: ClassVar[str] = "ka"
    patient: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskDoctor(CallbackData):
    """The doctor of the desk's clinic to book the patient with."""

    prefix: ClassVar[str] = "kb"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskMove(CallbackData):
    """🔁 Move that visit (a patient's card): another time of the same doctor."""

    prefix: ClassVar[str] = "kc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskCancel(CallbackData):
    """✖️ Cancel that visit (a patient's card): first the question."""

    prefix: ClassVar[str] = "kd"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskCancelYes(CallbackData):
    """Yes, cancel it (only on the question the open flow shows, for that visit)."""

    prefix: ClassVar[str] = "ke"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskSpecialty(CallbackData):
    """A specialty of the desk's clinic (more doctors than one list holds): its doctors.
    Checked again: a bookable doctor of the presser's clinic must practise it."""

    prefix: ClassVar[str] = "hp"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskDoctorChoice(CallbackData):
    """⬅️ Back from a specialty's doctors (or from doctors found by name): the clinic's
    specialties again (or its doctors, where they fit one list)."""

    prefix: ClassVar[str] = "hq"
