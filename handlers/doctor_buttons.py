"""The buttons of a doctor's own patients and of the morning digest's settings (beside
handlers.visit_callbacks; the codec registers them by prefix)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class PatientsPage(CallbackData):
    """A page of the doctor's patients (the whole list, by name)."""

    prefix: ClassVar[str] = "pl"
    page: int


@dataclasses.dataclass(frozen=True)
class PatientsSearch(CallbackData):
    """🔎 Search the doctor's patients by name (the name is typed next)."""

    prefix: ClassVar[str] = "pq"
    page: int  # the page of the list it was pressed on (Back returns there)


@dataclasses.dataclass(frozen=True)
class PatientOpen(CallbackData):
    """One of the doctor's patients: their card; `page`: the list page to go back to."""

    prefix: ClassVar[str] = "po"
    id: uuid.UUID
    page: int


@dataclasses.dataclass(frozen=True)
class AssignVisit(CallbackData):
    """➕ Add to my patients, on a visit's card (the visit's patient, its doctor)."""

    prefix: ClassVar[str] = "av"
    id: uuid.UUID  # the visit
    agenda: bool  # the card was opened from the agenda (else from today's list)


@dataclasses.dataclass(frozen=True)
class AssignEnd(CallbackData):
    """End assignment on a patient's card: the question first, then `confirmed`."""

    prefix: ClassVar[str] = "ae"
    id: uuid.UUID  # the patient
    confirmed: bool
    page: int


@dataclasses.dataclass(frozen=True)
class DigestOpen(CallbackData):
    """The morning digest's settings; `today`: opened from /today (Back returns there)."""

    prefix: ClassVar[str] = "dz"
    today: bool


@dataclasses.dataclass(frozen=True)
class DigestPick(CallbackData):
    """A digest time chosen (minutes after midnight, clinic time), or off."""

    prefix: ClassVar[str] = "dg"
    off: bool
    minutes: int
    today: bool
