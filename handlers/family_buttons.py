"""The buttons of family members and of whom a visit is for (re-exported by
`handlers.callbacks`, where every button of the bot is found)."""

from __future__ import annotations

import dataclasses
import uuid
from enum import StrEnum
from typing import ClassVar

from handlers.codec import CallbackData


class Relation(StrEnum):
    """Who a family member is to the holder (the values `db.models.RELATIONS` stores)."""

    CHILD = "child"
    PARENT = "parent"
    SPOUSE = "spouse"
    SIBLING = "sibling"
    OTHER = "other"


class MemberAction(StrEnum):
    OPEN = "open"
    NAME = "name"
    BIRTH = "birth"
    RELATION = "rel"
    ALLERGIES = "allerg"
    REMOVE = "rm"
    REMOVE_YES = "rmyes"


@dataclasses.dataclass(frozen=True)
class Family(CallbackData):
    """The family members the patient named holds (from /profile; the presser's own only)."""

    prefix: ClassVar[str] = "fa"
    holder: uuid.UUID


@dataclasses.dataclass(frozen=True)
class AddMember(CallbackData):
    """Add a family member; `for_booking` from "Who is this visit for?" (back there after)."""

    prefix: ClassVar[str] = "fn"
    for_booking: bool


@dataclasses.dataclass(frozen=True)
class Member(CallbackData):
    """An action on one family member (the service checks they are the presser's)."""

    prefix: ClassVar[str] = "fm"
    action: MemberAction
    id: uuid.UUID


@dataclasses.dataclass(frozen=True)
class PickRelation(CallbackData):
    """The relation of the family member being added."""

    prefix: ClassVar[str] = "fr"
    relation: Relation


@dataclasses.dataclass(frozen=True)
class MemberRelation(CallbackData):
    """A new relation for a family member already added."""

    prefix: ClassVar[str] = "fx"
    id: uuid.UUID
    relation: Relation


@dataclasses.dataclass(frozen=True)
class ForWhom(CallbackData):
    """Whom the visit being booked is for: the patient's own record or a family member's."""

    prefix: ClassVar[str] = "fw"
    id: uuid.UUID
