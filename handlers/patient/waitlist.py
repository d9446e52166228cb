"""🔔 The waitlist in the chat: joining when no time fits (→ WAIT), the offer's Book it /
No thanks, and Leave from /my. Every press is checked again by services.waitlist."""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, keyboards, render, replies, waitlist_screens
from handlers.context import CareContext
from handlers.i18n import error_text, t
from handlers.patient import appointments, confirm, find, pick
from handlers.patient.booking_state import END, BookingState, Step, WaitDraft, load, step
from handlers.waitlist_buttons import OfferAction, OfferAnswer, WaitDoctor, WaitLeave, WaitSpecialty
from handlers.waitlist_screens import Person
from services import family, waitlist, waitlist_offers
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound
from services.waitlist_offers import OfferEnded


async def start(update: Update, context: CareContext) -> int | str | None:
    """🔔 pressed where no time fits: the entry to make, from today to the horizon (→ WAIT)."""
    press = context.press
    old = load(context)
    state = BookingState()
    if old is not None:  # Back returns to the times or the card it came from
        state = BookingState(doctor=old.doctor, day=old.day, request=old.request)
    doctor = press.id if isinstance(press, WaitDoctor) else None
    specialty = None if doctor else press.id
    clinic = press.clinic if isinstance(press, WaitSpecialty) else None
    try:
        async with context.read() as session:
            first, last, zone = await waitlist.window(
                session, doctor_id=doctor, clinic_id=clinic, now=context.now()
            )
            names = await waitlist.describe(
                session, doctor_id=doctor, specialty_id=specialty, clinic_id=clinic
            )
    except NotFound:
        return await replies.expired(update, context)
    if not (names[0] if doctor else names[1] and (clinic is None or names[2])):
        return await replies.expired(update, context)  # forged, or gone meanwhile
    if not await replies.require_patient(update, context):
        return END
    state.wait = WaitDraft(doctor=doctor, specialty=specialty, clinic=clinic, earliest=first,
                           latest=last, first=first, last=last, zone=zone)  # fmt: skip
    return await show(update, context, state)


async def show(
    update: Update, context: CareContext, state: BookingState, *, new: bool = False,
    note: str | None = None,
) -> str | None:  # fmt: skip
    """The entry about to be made, with its choices (→ WAIT)."""
    draft, user = state.wait, context.current_user
    if draft is None or user is None or user.patient_id is None:
        return await replies.expired(update, context)
    async with context.read() as session:
        names = await waitlist.describe(
            session, doctor_id=draft.doctor, specialty_id=draft.specialty, clinic_id=draft.clinic
        )
        members = await family.list_members(session, actor=context.actor, holder_id=user.patient_id)
    people = [Person(user.patient_id, user.full_name)]
    people += [Person(m.id, m.full_name) for m in members]
    target = waitlist_screens.what(
        context.lang, doctor=names[0], specialty=names[1], clinic=names[2]
    )
    screen = waitlist_screens.draft(
        context.lang, target=target, first=draft.earliest, last=draft.latest, part=draft.part,
        people=people, chosen=draft.patient or user.patient_id, note=note,
    )  # fmt: skip
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.WAIT


@step
async def part_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Morning, afternoon, evening or any time (→ WAIT)."""
    if state.wait is None:
        return await replies.expired(update, context)
    part = context.press.part.value
    state.wait.part = None if part == "any" else part
    return await show(update, context, state)


@step
async def who_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """For the patient or one of their family members (→ WAIT); anyone else's expired."""
    user = context.current_user
    if state.wait is None or user is None:
        return await replies.expired(update, context)
    if context.press.id == user.patient_id:
        state.wait.patient = None
    else:
        try:
            async with context.read() as session:
                await family.get_member(session, actor=context.actor, member_id=context.press.id)
        except (NotAllowed, NotFound):
            return await replies.expired(update, context)
        state.wait.patient = context.press.id
    return await show(update, context, state)


@step
async def dates_typed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Dates typed to narrow the entry (→ WAIT, with a note when they cannot be read)."""
    draft = state.wait
    if draft is None:
        return await replies.not_expected(update, context)
    try:
        draft.earliest, draft.latest = waitlist.read_dates(
            update.message.text, first=draft.first, last=draft.last, zone=draft.zone,
            now=context.now(), language=context.lang,
        )  # fmt: skip
    except InvalidInput as exc:
        unclear = exc.code == "date-unclear"
        note = t(context.lang, "wait-dates-unclear") if unclear else error_text(context.lang, exc)
        return await show(update, context, state, new=True, note=note)
    return await show(update, context, state, new=True)


@step
async def join_pressed(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """✅ Join: the entry is made (a duplicate is refused kindly); the flow ends."""
    draft, user = state.wait, context.current_user
    if draft is None or user is None or user.patient_id is None:
        return await replies.expired(update, context)
    try:
        entry = await waitlist.join(
            context.db, actor=context.actor, patient_id=draft.patient or user.patient_id,
            now=context.now(), earliest=draft.earliest, latest=draft.latest,
            doctor_id=draft.doctor, specialty_id=draft.specialty, clinic_id=draft.clinic,
            part_of_day=draft.part,
        )  # fmt: skip
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        flowstate.clear(context)
        await render.show(update, error_text(context.lang, exc))
        return END
    flowstate.clear(context)
    menu = keyboards.main_menu(replies.role_of(context), context.lang)
    await render.show(update, waitlist_screens.joined(context.lang, entry), menu)
    return END


@step
async def back_from_wait(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Back: the times or the doctor card it came from, or how to find a doctor."""
    state.wait = None
    if state.doctor is not None and state.day is not None:
        return await pick.show_times(update, context, state, state.day)
    if state.doctor is not None:
        return await find.show_card(update, context, state, state.doctor)
    return await find.show_find(update, context, state)


async def offer_pressed(update: Update, context: CareContext) -> int | None:
    """Book it / No thanks on an offer; a forged or foreign one has expired."""
    press: OfferAnswer = context.press
    lang, now = context.lang, context.now()
    try:
        if press.action is OfferAction.BOOK:
            appt = await waitlist_offers.accept(
                context.db, actor=context.actor, hold_id=press.id, now=now
            )
            flowstate.clear(context)
            await confirm.send_booked(update, context, appt, moved=False)
            return END
        offer = await waitlist_offers.decline(
            context.db, actor=context.actor, hold_id=press.id, now=now
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except OfferEnded as exc:
        await render.show(update, error_text(lang, exc))
        return None
    except DomainError as exc:  # the booking rules refused: the place went on
        await render.show(update, error_text(lang, exc))
        return None
    screen = waitlist_screens.declined(lang, offer.entry_id)
    await render.show(update, screen.text, screen.markup)
    return None


async def leave_pressed(update: Update, context: CareContext) -> int | None:
    """✖️ Leave: off the waitlist (a held place goes on), then /my again."""
    press: WaitLeave = context.press
    try:
        entry = await waitlist.leave(
            context.db, actor=context.actor, entry_id=press.id, now=context.now()
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    args = waitlist_screens.entry_args(context.lang, entry)
    await render.send(update, t(context.lang, "wait-left", what=args["what"]))
    flowstate.clear(context)
    await appointments.show_list(update, context, upcoming=True, page=0)
    return END
