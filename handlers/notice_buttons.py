"""The buttons of notifications (a reminder's Confirm, /notifications) and of calendar
feeds (re-exported by `handlers.callbacks`, where every button of the bot is found)."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class FeedKind(StrEnum):
    """Which calendar feed: the visits of one's patient record, or one's doctor agenda."""

    PATIENT = "patient"
    DOCTOR = "doctor"


@dataclasses.dataclass(frozen=True)
class ResetFeed(CallbackData):
    """Revoke the presser's own calendar link of that kind and show a new one."""

    prefix: ClassVar[str] = "cf"
    kind: FeedKind
# --- notifications ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ConfirmVisit(CallbackData):
    """A reminder's Confirm: the patient will come to the visit named."""

    prefix: ClassVar[str] = "vc"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class InboxPage(CallbackData):
    """/notifications: a page of the list."""

    prefix: ClassVar[str] = "nl"
    page: int


@dataclasses.dataclass(frozen=True)
class InboxOpen(CallbackData):
    """/notifications: open one (it is marked read)."""

    prefix: ClassVar[str] = "no"
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class InboxReadAll(CallbackData):
    """/notifications: mark all read, then show the page again."""

    prefix: ClassVar[str] = "nr"
    page: int
