"""The booking flow's state (one typed, versioned object) and its steps."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import BaseModel, Field
from telegram import Update

from handlers import flowstate, replies
from handlers.callbacks import ListKind
from handlers.context import CareContext
from handlers.i18n import t

END = -1  # ConversationHandler.END


class Step(StrEnum):
    FIND = "book.find"
    LIST = "book.list"
    SEARCH = "book.search"
    CARD = "book.card"
    DAY = "book.day"
    TIME = "book.time"
    WHOM = "book.whom"
    REASON = "book.reason"
    CONFIRM = "book.confirm"
    REPEAT_EVERY = "book.repeat_every"
    REPEAT_COUNT = "book.repeat_count"
    REPEAT_PLAN = "book.repeat_plan"
    WAIT = "book.wait"  # 🔔 joining the waitlist (handlers.patient.waitlist)


class Listing(BaseModel):
    """What the list step shows: specialties, clinics, a search, or the doctors of a group."""

    kind: ListKind = ListKind.SPECIALTIES
    specialty: uuid.UUID | None = None
    clinic: uuid.UUID | None = None
    query: str | None = None
    came_from: ListKind | None = None  # the list a doctors list was opened from


class WaitDraft(BaseModel):
    """The waitlist entry about to be made: what for, dates, part of the day, for whom."""

    doctor: uuid.UUID | None = None
    specialty: uuid.UUID | None = None
    clinic: uuid.UUID | None = None
    earliest: date
    latest: date
    first: date  # the window the dates may be narrowed within
    last: date
    zone: str = "UTC"
    part: str | None = None
    patient: uuid.UUID | None = None  # a family member (None: the patient themselves)


class BookingState(flowstate.FlowState):
    name: ClassVar[str] = "booking"
    version: ClassVar[int] = 1

    mode: Literal["book", "move"] = "book"
    appointment: uuid.UUID | None = None  # the visit being moved
    listing: Listing = Listing()
    doctor: uuid.UUID | None = None
    day: date | None = None
    slot: uuid.UUID | None = None
    reason: str | None = None
    nonce: str | None = None
    request: str | None = None  # the sentence of the free-text shortcut, when it began there
    patient: uuid.UUID | None = None  # whom the visit is for (None: the patient themselves)
    asked_whom: bool = False  # "Who is this visit for?" was asked (Back from the reason)
    # Repeating the visit (🔁 at the summary): how often, how many or until when, and what
    # the patient chose for each occurrence that cannot be booked (index → slot; None: left out).
    repeat_every: str | None = None
    repeat_count: int | None = None
    repeat_until: date | None = None
    repeat_picks: dict[int, uuid.UUID | None] = Field(default_factory=dict)
    following: bool = False  # moving: this visit and all the following ones of its series
    wait: WaitDraft | None = None  # joining the waitlist from here


def load(context: CareContext) -> BookingState | None:
    return flowstate.load(context, BookingState)


StepHandler = Callable[[Update, CareContext, BookingState], Awaitable[int | str | None]]


def step(handler: StepHandler) -> Callable[[Update, CareContext], Awaitable[int | str | None]]:
    """A step handler of the booking flow, given the flow's state (restarts without one)."""

    @functools.wraps(handler)
    async def with_state(update: Update, context: CareContext) -> int | str | None:
        state = load(context)
        if state is None:
            return await restart(update, context)
        return await handler(update, context, state)

    return with_state


async def restart(update: Update, context: CareContext) -> int:
    """The stored state is missing or from another version: start again, cleanly."""
    flowstate.clear(context)
    await replies.send_with_menu(update, context, t(context.lang, "flow-restarted"))
    return END
