"""The front desk's buttons for linking a patient to its clinic by phone and date of birth.

Each is checked again by the services on every press: the patient must own the number the
desk searched for, and the desk must still have tries left."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class DeskLinkAsk(CallbackData):
    """/find by a whole number: 🎂 Confirm date of birth of that patient (not the clinic's)."""

    prefix: ClassVar[str] = "hk"
    patient: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DeskLinkBack(CallbackData):
    """Back from the date-of-birth question: to the results, or to the number."""

    prefix: ClassVar[str] = "hl"
