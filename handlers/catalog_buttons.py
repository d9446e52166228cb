"""The buttons of the admin's /clinics and /doctors (registered through handlers.callbacks).
They name records only: every press is checked again by the services."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class ClinicField(StrEnum):
    """A clinic's setting an admin edits (the value names services.clinic_admin's field)."""

    PICK = "pick"  # the fields to pick from
    NAME = "name"
    ADDRESS = "address"
    CITY = "city"
    STATE = "state"
    ZIP = "zip"
    PHONE = "phone"
    EMAIL = "email"
    TIMEZONE = "timezone"
    NOTICE = "notice"
    HORIZON = "horizon"
    CANCEL = "cancel"
    REMINDERS = "reminders"


class DoctorField(StrEnum):
    PICK = "pick"
    NAME = "name"
    LICENSE = "license"
    SPECIALTY = "spec"  # picked from the list, not typed
    QUALIFICATIONS = "quals"
    EXPERIENCE = "years"
    VISIT = "visit"
    MAX_PER_DAY = "max"


class Draft(StrEnum):
    SAVE = "s"
    DROP = "d"
    SKIP = "k"  # leave an optional value empty


@dataclasses.dataclass(frozen=True)
class ClinicList(CallbackData):
    """/clinics: the list again."""

    prefix: ClassVar[str] = "ql"


@dataclasses.dataclass(frozen=True)
class ClinicOpen(CallbackData):
    """/clinics: that clinic's card."""

    prefix: ClassVar[str] = "qo"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class ClinicNew(CallbackData):
    """/clinics: add a clinic (the step-by-step flow)."""

    prefix: ClassVar[str] = "qn"


@dataclasses.dataclass(frozen=True)
class ClinicDraftStep(CallbackData):
    """The new-clinic flow: Save, Drop, or Skip an optional value."""

    prefix: ClassVar[str] = "qs"
    step: Draft


@dataclasses.dataclass(frozen=True)
class ClinicEdit(CallbackData):
    """A clinic's card: edit — PICK lists the fields, a field asks for its new value."""

    prefix: ClassVar[str] = "qe"
    id: uuid.UUID
    field: ClinicField = ClinicField.PICK


@dataclasses.dataclass(frozen=True)
class ClinicActive(CallbackData):
    """A clinic's card: deactivate or reactivate — `ok` false shows the effect, true does it."""

    prefix: ClassVar[str] = "qa"
    id: uuid.UUID
    active: bool
    ok: bool


@dataclasses.dataclass(frozen=True)
class DoctorsOf(CallbackData):
    """/doctors: the doctors of that clinic."""

    prefix: ClassVar[str] = "jl"
    clinic: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorOpen(CallbackData):
    """A doctor's card."""

    prefix: ClassVar[str] = "jo"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorNew(CallbackData):
    """Add a doctor (the step-by-step flow)."""

    prefix: ClassVar[str] = "jn"


@dataclasses.dataclass(frozen=True)
class DoctorClinicPick(CallbackData):
    """The new-doctor flow: their clinic."""

    prefix: ClassVar[str] = "jc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorSpecialtyPick(CallbackData):
    """The new-doctor flow: their specialty."""

    prefix: ClassVar[str] = "jp"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorSpecialtyNew(CallbackData):
    """The new-doctor flow: a new specialty, its name typed next."""

    prefix: ClassVar[str] = "js"


@dataclasses.dataclass(frozen=True)
class DoctorDraftStep(CallbackData):
    """The new-doctor flow: Save or Drop."""

    prefix: ClassVar[str] = "jd"
    step: Draft


@dataclasses.dataclass(frozen=True)
class DoctorEdit(CallbackData):
    """A doctor's card: edit — PICK lists the fields, a field asks for its new value."""

    prefix: ClassVar[str] = "je"
    id: uuid.UUID
    field: DoctorField = DoctorField.PICK


@dataclasses.dataclass(frozen=True)
class DoctorSetSpecialty(CallbackData):
    """A doctor's card, editing the specialty: that one."""

    prefix: ClassVar[str] = "jt"
    id: uuid.UUID
    specialty: uuid.UUID


@dataclasses.dataclass(frozen=True)
class DoctorActive(CallbackData):
    """A doctor's card: deactivate (the visits it cancels shown first) or reactivate."""

    prefix: ClassVar[str] = "ja"
    id: uuid.UUID
    active: bool
    ok: bool
