"""The buttons of /slots (generate, close one) and of a staff record's edit on /users
(re-exported by handlers.callbacks). They name records only: every press is checked again by
the services (services.slot_admin, services.accounts)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class StaffField(StrEnum):
    DEPARTMENT = "department"
    POSITION = "position"


class StaffStatus(StrEnum):
    """The values of db.models.STAFF_STATUSES."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    ON_LEAVE = "on_leave"


@dataclasses.dataclass(frozen=True)
class SlotsClinic(CallbackData):
    """/slots: that clinic's doctors, to generate or close slots for."""

    prefix: ClassVar[str] = "za"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class SlotsGenerate(CallbackData):
    """/slots: generate for that clinic (`clinic` true) or doctor; the dates are asked next."""

    prefix: ClassVar[str] = "zb"
    clinic: bool
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class SlotsDoctor(CallbackData):
    """/slots: close one of that doctor's slots — first their days with slots."""

    prefix: ClassVar[str] = "zc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class SlotsDay(CallbackData):
    """/slots: that doctor's slots on that clinic-local day."""

    prefix: ClassVar[str] = "zd"
    doctor: uuid.UUID
    day: date


@dataclasses.dataclass(frozen=True)
class SlotsPick(CallbackData):
    """/slots: that slot — the question whether to close it."""

    prefix: ClassVar[str] = "ze"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class SlotsClose(CallbackData):
    """/slots: close that slot (`ok`), or leave it open."""

    prefix: ClassVar[str] = "zf"
    id: uuid.UUID
    ok: bool


@dataclasses.dataclass(frozen=True)
class StaffEdit(CallbackData):
    """/users, a staff member's card: type a new department or position."""

    prefix: ClassVar[str] = "zg"
    user: uuid.UUID
    field: StaffField


@dataclasses.dataclass(frozen=True)
class StaffSetStatus(CallbackData):
    """/users, a staff member's card: give the staff record that status."""

    prefix: ClassVar[str] = "zh"
    user: uuid.UUID
    status: StaffStatus
