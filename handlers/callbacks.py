"""The bot's buttons: every callback_data class and the enums of their actions.

The codec (`handlers.codec`) packs and parses them; handlers are routed by class.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData, parse, registered
from handlers.family_buttons import (
    AddMember,
    Family,
    ForWhom,
    Member,
    MemberAction,
    MemberRelation,
    PickRelation,
    Relation,
)
from handlers.notice_buttons import (
    ConfirmVisit,
    FeedKind,
    InboxOpen,
    InboxPage,
    InboxReadAll,
    ResetFeed,
)

__all__ = [
    "AddMember",
    "CallbackData",
    "ConfirmVisit",
    "Family",
    "FeedKind",
    "ForWhom",
    "InboxOpen",
    "InboxPage",
    "InboxReadAll",
    "Member",
    "MemberAction",
    "MemberRelation",
    "PickRelation",
    "Relation",
    "ResetFeed",
    "parse",
    "registered",
]  # fmt: skip


# --- actions ----------------------------------------------------------------------------------


class MenuAction(StrEnum):
    HOME = "home"
    HELP = "help"
    BOOK = "book"
    MY = "my"
    PROFILE = "profile"
    TODAY = "today"
    AGENDA = "agenda"
    PATIENTS = "patients"
    DIGEST = "digest"
    HOURS = "hours"
    DAY = "day"
    FIND = "find"
    CLINICS = "clinics"
    DOCTORS = "doctors"
    REPORT = "report"
    INVITE = "invite"
    AUDIT = "audit"
    USERS = "users"
    ADD_DETAILS = "details"
    PRIVACY = "privacy"


class NavAction(StrEnum):
    BACK = "back"
    HOME = "home"
    CLOSE = "close"
    SKIP = "skip"
    DAYS = "days"
    NOOP = "noop"


class ConsentAction(StrEnum):
    AGREE = "agree"
    DECLINE = "decline"
    KEEP_NAME = "keepname"
    BACK = "back"


class FindKind(StrEnum):
    SPECIALTY = "spec"
    CLINIC = "clinic"
    NAME = "name"


class ListKind(StrEnum):
    SPECIALTIES = "spec"
    CLINICS = "clinic"
    SEARCH = "search"
    DOCTORS = "doctors"


class ApptAction(StrEnum):
    OPEN = "open"
    CANCEL = "cancel"
    RESCHEDULE = "resched"
    CALENDAR = "ics"


class ProfileField(StrEnum):
    FULL_NAME = "full_name"
    PHONE = "phone"
    DATE_OF_BIRTH = "date_of_birth"
    ALLERGIES = "allergies"
    EMERGENCY_CONTACT = "emergency_contact"
    LANGUAGE = "language"


class Language(StrEnum):
    EN = "en"
    ES = "es"
    UK = "uk"


# --- the buttons of the bot -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Menu(CallbackData):
    """A main-menu entry."""

    prefix: ClassVar[str] = "m"
    action: MenuAction


@dataclasses.dataclass(frozen=True)
class Nav(CallbackData):
    """Back / home / close / skip inside a flow."""

    prefix: ClassVar[str] = "n"
    action: NavAction


@dataclasses.dataclass(frozen=True)
class Consent(CallbackData):
    """Registration: accept or decline the privacy note, keep the Telegram name, go back."""

    prefix: ClassVar[str] = "rg"
    action: ConsentAction


@dataclasses.dataclass(frozen=True)
class FindBy(CallbackData):
    """How to look for a doctor."""

    prefix: ClassVar[str] = "f"
    kind: FindKind


@dataclasses.dataclass(frozen=True)
class Page(CallbackData):
    """Another page of a list of the booking flow."""

    prefix: ClassVar[str] = "pg"
    kind: ListKind
    page: int


@dataclasses.dataclass(frozen=True)
class PickSpecialty(CallbackData):
    prefix: ClassVar[str] = "ps"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class PickClinic(CallbackData):
    prefix: ClassVar[str] = "pc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class PickDoctor(CallbackData):
    prefix: ClassVar[str] = "pd"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class Month(CallbackData):
    """Calendar navigation to the month of `day`."""

    prefix: ClassVar[str] = "cm"
    day: date


@dataclasses.dataclass(frozen=True)
class PickDay(CallbackData):
    prefix: ClassVar[str] = "cd"
    day: date


@dataclasses.dataclass(frozen=True)
class BirthDay(CallbackData):
    """One reading of a date of birth typed so that it reads two ways ("1/2/1990")."""

    prefix: ClassVar[str] = "bd"
    day: date


@dataclasses.dataclass(frozen=True)
class PickSlot(CallbackData):
    prefix: ClassVar[str] = "sl"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class Confirm(CallbackData):
    """Confirm the booking shown; `nonce` ties the press to that summary (idempotency)."""

    prefix: ClassVar[str] = "ok"
    nonce: str


@dataclasses.dataclass(frozen=True)
class Appt(CallbackData):
    """An action on one appointment."""

    prefix: ClassVar[str] = "ap"
    action: ApptAction
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class CancelWhy(CallbackData):
    """Confirm a cancellation with one of the offered reasons (an index into them)."""

    prefix: ClassVar[str] = "cx"
    id: uuid.UUID
    reason: int


@dataclasses.dataclass(frozen=True)
class MyList(CallbackData):
    """The appointments list: upcoming or past, page."""

    prefix: ClassVar[str] = "my"
    upcoming: bool
    page: int


@dataclasses.dataclass(frozen=True)
class EditProfile(CallbackData):
    prefix: ClassVar[str] = "pe"
    field: ProfileField


@dataclasses.dataclass(frozen=True)
class SetLanguage(CallbackData):
    prefix: ClassVar[str] = "lg"
    language: Language


@dataclasses.dataclass(frozen=True)
class ExportData(CallbackData):
    """Download what CareSlot stores about the patient named."""

    prefix: ClassVar[str] = "ex"
    patient: uuid.UUID


@dataclasses.dataclass(frozen=True)
class AskDelete(CallbackData):
    """Delete the account named: first the question of what that does."""

    prefix: ClassVar[str] = "dl"
    user: uuid.UUID


@dataclasses.dataclass(frozen=True)
class ConfirmDelete(CallbackData):
    """Yes, delete the account named (only on the question the open flow shows)."""

    prefix: ClassVar[str] = "dk"
    user: uuid.UUID


from handlers import catalog_buttons as _catalog_buttons  # noqa: E402, F401  (all buttons known)
from handlers import desk_booking_buttons as _desk_booking_buttons  # noqa: E402, F401
from handlers import doctor_buttons as _doctor_buttons  # noqa: E402, F401
from handlers import report_buttons as _report_buttons  # noqa: E402, F401
from handlers import series_buttons as _series_buttons  # noqa: E402, F401
from handlers import slot_buttons as _slot_buttons  # noqa: E402, F401
from handlers import visit_callbacks as _visit_callbacks  # noqa: E402, F401
from handlers import waitlist_buttons as _waitlist_buttons  # noqa: E402, F401
