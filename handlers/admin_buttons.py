"""The buttons of the admin's /invite, /invites, /users and /audit (re-exported by
handlers.callbacks). They name records only: every press is checked again by the services."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class InviteRole(CallbackData):
    """/invite: whom to invite (doctor or staff); the records to choose from follow."""

    prefix: ClassVar[str] = "ir"
    role: str


@dataclasses.dataclass(frozen=True)
class InviteTarget(CallbackData):
    """/invite: the doctor record (role doctor) or the clinic (role staff) of the invite."""

    prefix: ClassVar[str] = "it"
    role: str
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class InviteRevoke(CallbackData):
    """/invites: revoke that open invite."""

    prefix: ClassVar[str] = "iv"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class UserOpen(CallbackData):
    """/users: open that account's card."""

    prefix: ClassVar[str] = "uo"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class UserRole(CallbackData):
    """An account's card: give it that role — `ok` false asks to confirm, true does it."""

    prefix: ClassVar[str] = "ur"
    id: uuid.UUID
    role: str
    ok: bool


@dataclasses.dataclass(frozen=True)
class UserBlock(CallbackData):
    """An account's card: block (pause) it, or unblock it."""

    prefix: ClassVar[str] = "ub"
    id: uuid.UUID
    block: bool


@dataclasses.dataclass(frozen=True)
class AuditMore(CallbackData):
    """/audit: the next (older) page, after that row, with the filters of the open flow."""

    prefix: ClassVar[str] = "am"
    after: uuid.UUID
