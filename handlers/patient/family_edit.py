"""/profile → Family → one member: their card, editing a field, removing them.

Every press names the member by id; the service checks again that they are the presser's
(a forged or stale press has expired and changes nothing). Removing one with upcoming
visits says first that those visits will be cancelled.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import ClassVar

from telegram import Update

from handlers import family_screens, flowstate, render, replies
from handlers.callbacks import Member, MemberAction, MemberRelation
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.patient import birth
from handlers.patient.family import show_members
from services import family
from services.errors import AmbiguousDate, InvalidInput, NotAllowed, NotFound

END = -1


class Step(StrEnum):
    VALUE = "family.edit"


class Editing(flowstate.FlowState):
    name: ClassVar[str] = "family.edit"
    version: ClassVar[int] = 1

    member: uuid.UUID
    field: str  # one of services.family.MEMBER_FIELDS
    birth_readings: tuple[date, ...] = ()


_FIELDS = {
    MemberAction.NAME: ("full_name", "family-ask-new-name"),
    MemberAction.BIRTH: ("date_of_birth", "family-ask-new-birth"),
    MemberAction.ALLERGIES: ("allergies", "family-ask-new-allergies"),
}


def _today(context: CareContext) -> date:
    return context.now().astimezone(context.tz).date()


async def member_pressed(update: Update, context: CareContext) -> int | str | None:
    """Open, edit or remove one member (re-checked on the server)."""
    press: Member = context.press
    try:
        async with context.write() as session:
            member = await family.get_member(session, actor=context.actor, member_id=press.id)
            upcoming = (
                await family.upcoming_count(
                    session, actor=context.actor, member_id=member.id, now=context.now()
                )
                if press.action is MemberAction.REMOVE
                else 0
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    lang = context.lang
    if press.action is MemberAction.REMOVE_YES:
        return await _remove(update, context, member.id, member.full_name)
    flowstate.clear(context)
    if press.action in _FIELDS:
        field, key = _FIELDS[press.action]
        screen = family_screens.ask_edit(lang, key, member)
        state = Editing(member=member.id, field=field)
        await render.present(update, context, state, screen.text, screen.markup)
        return Step.VALUE
    if press.action is MemberAction.RELATION:
        screen = family_screens.relations(lang, member.full_name, member.id)
    elif press.action is MemberAction.REMOVE:
        screen = family_screens.remove_question(lang, member, upcoming)
    else:
        screen = family_screens.member_card(lang, member)
    await render.show(update, screen.text, screen.markup)
    return END


async def _remove(update: Update, context: CareContext, member_id: uuid.UUID, name: str) -> int:
    try:
        cancelled = await family.remove_member(
            context.db, actor=context.actor, member_id=member_id, now=context.now()
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    note = t(context.lang, "family-removed", name=name, count=cancelled)
    return await show_members(update, context, note=note)


async def relation_pressed(update: Update, context: CareContext) -> int | None:
    """A new relation for a member (→ their card)."""
    press: MemberRelation = context.press
    try:
        async with context.write() as session:
            member = await family.set_relation(
                session,
                actor=context.actor,
                member_id=press.id,
                relation=press.relation.value,
                now=context.now(),
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = family_screens.member_card(context.lang, member)
    await render.show(update, f"{t(context.lang, 'profile-saved')}\n\n{screen.text}", screen.markup)
    return END


async def value_typed(update: Update, context: CareContext) -> int | str | None:
    """The new value of the field asked (→ the member's card, or re-ask)."""
    state = flowstate.load(context, Editing)
    if state is None:
        return await show_members(update, context, new=True)
    try:
        async with context.write() as session:
            member = await family.update_member(
                session,
                actor=context.actor,
                member_id=state.member,
                field=state.field,
                raw=update.message.text,
                today=_today(context),
                now=context.now(),
            )
    except AmbiguousDate as exc:
        state.birth_readings = exc.readings
        back = Member(MemberAction.OPEN, state.member)
        text, markup = birth.question(context.lang, state.birth_readings, back, "back")
        await render.present(update, context, state, text, markup, new=True)
        return Step.VALUE
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.VALUE
    except (NotAllowed, NotFound):
        return await show_members(update, context, new=True)
    return await _saved(update, context, member, new=True)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings of a member's date of birth (→ their card)."""
    state = flowstate.load(context, Editing)
    born = birth.chosen(context.press, state.birth_readings) if state else None
    if state is None or born is None:
        return await replies.expired(update, context)
    try:
        async with context.write() as session:
            member = await family.set_member_birth(
                session,
                actor=context.actor,
                member_id=state.member,
                born=born,
                today=_today(context),
                now=context.now(),
            )
    except (NotAllowed, NotFound, InvalidInput):
        return await replies.expired(update, context)
    return await _saved(update, context, member, new=False)


async def _saved(update: Update, context: CareContext, member, *, new: bool) -> int:
    flowstate.clear(context)
    screen = family_screens.member_card(context.lang, member)
    text = f"{t(context.lang, 'profile-saved')}\n\n{screen.text}"
    await (render.send if new else render.show)(update, text, screen.markup)
    return END

