"""/profile → Family: the family members a patient books for, and adding one.

Adding asks the name, the date of birth (an ambiguous one is asked back, as at
registration), the relation (buttons) and allergies (optional). Started from "Who is this
visit for?", the booking it came from is kept in the flow and goes on for the new member.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from telegram import Update

from handlers import family_screens, flowstate, render, replies
from handlers.callbacks import AddMember, Nav, NavAction, PickRelation
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.patient import birth
from handlers.patient.booking_state import BookingState
from services import family
from services.errors import AmbiguousDate, InvalidInput, NotAllowed, NotFound

END = -1


class Step(StrEnum):
    NAME = "family.name"
    BIRTH = "family.birth"
    RELATION = "family.relation"
    ALLERGIES = "family.allergies"


class Adding(flowstate.FlowState):
    name: ClassVar[str] = "family.add"
    version: ClassVar[int] = 1

    full_name: str | None = None
    born: date | None = None
    relation: str | None = None
    birth_readings: tuple[date, ...] = ()
    resume: dict[str, Any] | None = None  # the booking to go on with, as BookingState JSON


def _today(context: CareContext) -> date:
    return context.now().astimezone(context.tz).date()


async def show_members(
    update: Update, context: CareContext, *, note: str | None = None, new: bool = False
) -> int:
    """The family list (ends any open flow)."""
    flowstate.clear(context)
    user = context.current_user
    if user is None or user.patient_id is None:
        await replies.require_patient(update, context)
        return END
    async with context.read() as session:
        found = await family.list_members(session, actor=context.actor, holder_id=user.patient_id)
    screen = family_screens.members(context.lang, found, note)
    await (render.send if new else render.show)(update, screen.text, screen.markup)
    return END


async def family_pressed(update: Update, context: CareContext) -> int | None:
    """/profile → 👨‍👩‍👧 Family: the presser's own family only."""
    user = context.current_user
    if user is None or user.patient_id is None or context.press.holder != user.patient_id:
        return await replies.expired(update, context)
    return await show_members(update, context)


async def add_pressed(update: Update, context: CareContext) -> int | str | None:
    """➕ Add a family member from the list (→ NAME). The booking's own button is live only
    while "Who is this visit for?" is shown (`add_from_booking`)."""
    press: AddMember = context.press
    if press.for_booking or not await replies.require_patient(update, context):
        return await replies.expired(update, context) if press.for_booking else END
    return await _ask_name(update, context, Adding())


async def add_from_booking(update: Update, context: CareContext) -> int | str | None:
    """➕ Add (a child) at "Who is this visit for?": the booking waits in the flow (→ NAME)."""
    booking = flowstate.load(context, BookingState)
    if booking is None:
        return await replies.expired(update, context)
    resume = booking.model_dump(mode="json")
    return await _ask_name(update, context, Adding(resume=resume))


async def _ask_name(update: Update, context: CareContext, state: Adding) -> str:
    screen = family_screens.ask(context.lang, "family-ask-name")
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.NAME


async def _ask_birth(update: Update, context: CareContext, state: Adding, *, new: bool) -> str:
    screen = family_screens.ask(context.lang, "family-ask-birth", name=state.full_name)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.BIRTH


async def _ask_relation(update: Update, context: CareContext, state: Adding, *, new: bool) -> str:
    screen = family_screens.relations(context.lang, state.full_name or "")
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.RELATION


async def name_typed(update: Update, context: CareContext) -> int | str | None:
    """The member's name (→ BIRTH, or re-ask)."""
    state = flowstate.load(context, Adding)
    if state is None:
        return await show_members(update, context, new=True)
    try:
        state.full_name = family.check_name(update.message.text)
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.NAME
    return await _ask_birth(update, context, state, new=True)


async def birth_typed(update: Update, context: CareContext) -> int | str | None:
    """The member's date of birth; one that reads two ways is asked back (→ RELATION)."""
    state = flowstate.load(context, Adding)
    if state is None:
        return await show_members(update, context, new=True)
    try:
        state.born = family.check_birth(update.message.text, today=_today(context))
    except AmbiguousDate as exc:
        state.birth_readings = exc.readings
        text, markup = birth.question(context.lang, state.birth_readings, _BACK, "back")
        await render.present(update, context, state, text, markup, new=True)
        return Step.BIRTH
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.BIRTH
    return await _ask_relation(update, context, state, new=True)


async def birth_chosen(update: Update, context: CareContext) -> int | str | None:
    """One of the two readings offered (→ RELATION)."""
    state = flowstate.load(context, Adding)
    born = birth.chosen(context.press, state.birth_readings) if state else None
    if state is None or born is None:
        return await replies.expired(update, context)
    state.born, state.birth_readings = born, ()
    await render.show(update, birth.echo(context.lang, born))
    return await _ask_relation(update, context, state, new=True)


async def relation_pressed(update: Update, context: CareContext) -> int | str | None:
    """The relation (→ ALLERGIES)."""
    state = flowstate.load(context, Adding)
    if state is None:
        return await replies.expired(update, context)
    press: PickRelation = context.press
    state.relation = press.relation.value
    screen = family_screens.ask(
        context.lang, "family-ask-allergies", name=state.full_name, skip=True
    )
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.ALLERGIES


async def allergies_typed(update: Update, context: CareContext) -> int | str | None:
    """Allergies typed: the member is saved."""
    return await _save(update, context, update.message.text)


async def allergies_skipped(update: Update, context: CareContext) -> int | str | None:
    """No allergies: the member is saved."""
    return await _save(update, context, None)


async def _save(update: Update, context: CareContext, allergies: str | None) -> int | str | None:
    state = flowstate.load(context, Adding)
    user = context.current_user
    if state is None or user is None or user.patient_id is None:
        return await show_members(update, context, new=True)
    if state.full_name is None or state.born is None or state.relation is None:
        return await show_members(update, context, new=True)
    try:
        async with context.write() as session:
            member = await family.add_member(
                session,
                actor=context.actor,
                holder_id=user.patient_id,
                full_name=state.full_name,
                date_of_birth=state.born,
                relation=state.relation,
                allergies=allergies,
                today=_today(context),
                now=context.now(),
            )
    except InvalidInput as exc:
        await render.send(update, error_text(context.lang, exc))
        return Step.ALLERGIES
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    added = t(context.lang, "family-added", name=member.full_name)
    if state.resume is not None:
        return await _resume(update, context, state, member.id, added)
    return await show_members(update, context, note=added, new=update.callback_query is None)


async def _resume(update, context, state: Adding, member_id, added: str) -> int | str | None:
    """Back to the booking it was started from, now for the new member (→ REASON)."""
    from handlers.patient import pick

    booking = BookingState.model_validate(state.resume)
    booking.patient, booking.asked_whom = member_id, True
    await render.send(update, added)
    flowstate.save(context, booking)
    return await pick.ask_reason(update, context, booking, new=True)


_BACK_STEPS = {Step.BIRTH: Step.NAME, Step.RELATION: Step.BIRTH, Step.ALLERGIES: Step.RELATION}
_BACK = Nav(NavAction.BACK)


def back(step: Step):
    """⬅️ Back at a step of adding: the step before, or where adding began."""

    async def went_back(update: Update, context: CareContext) -> int | str | None:
        state = flowstate.load(context, Adding)
        if state is None:
            return await replies.expired(update, context)
        before = _BACK_STEPS.get(step)
        if before is Step.NAME:
            return await _ask_name(update, context, state)
        if before is Step.BIRTH:
            return await _ask_birth(update, context, state, new=False)
        if before is Step.RELATION:
            return await _ask_relation(update, context, state, new=False)
        if state.resume is not None:  # back to "Who is this visit for?"
            from handlers.patient import whom

            booking = BookingState.model_validate(state.resume)
            flowstate.save(context, booking)
            return await whom.show(update, context, booking)
        return await show_members(update, context)

    went_back.__doc__ = f"Back from {step.value}."
    return went_back
