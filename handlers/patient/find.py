"""Booking, first steps: how to find a doctor, the lists, the search, the doctor card."""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import keyboards, render, replies, screens
from handlers.callbacks import (
    FindBy,
    FindKind,
    ListKind,
    Page,
    PickClinic,
    PickDoctor,
    PickSpecialty,
)
from handlers.context import CareContext
from handlers.i18n import t
from handlers.patient.booking_state import END, BookingState, Listing, Step, step
from services import availability, catalog, search
from services.catalog import DoctorOut
from services.errors import NotFound


async def start_booking(update: Update, context: CareContext) -> int | str:
    """/book or the menu: asks how to find a doctor (→ FIND)."""
    if not await replies.require_patient(update, context):
        return END
    state = BookingState()
    screen = screens.find_how(context.lang)
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.FIND


@step
async def find_by(
    update: Update, context: CareContext, state: BookingState
) -> int | str:
    """Lists specialties or clinics (→ LIST), or asks for a name (→ SEARCH)."""
    press: FindBy = context.press
    if press.kind is FindKind.NAME:
        screen = screens.type_search(context.lang)
        await render.present(update, context, state, screen.text, screen.markup)
        return Step.SEARCH
    kind = ListKind.SPECIALTIES if press.kind is FindKind.SPECIALTY else ListKind.CLINICS
    state.listing = Listing(kind=kind)
    return await show_list(update, context, state, page=0)


async def show_list(
    update: Update, context: CareContext, state: BookingState, *, page: int, new: bool = False
) -> str | None:
    """The current list, one page of it (→ LIST); a group that does not exist has expired.
    A page of doctors says each one's next free time."""
    lang, listing = context.lang, state.listing
    doctors: list[DoctorOut] | None = None
    async with context.read() as session:
        if listing.kind is ListKind.SPECIALTIES:
            title = t(lang, "pick-specialty")
            items = [
                keyboards.button(f"{s.name} ({s.doctor_count})", PickSpecialty(s.id))
                for s in await catalog.list_specialties(session)
            ]
        elif listing.kind is ListKind.CLINICS:
            title = t(lang, "pick-clinic")
            items = [
                keyboards.button(f"{c.name} · {c.city}", PickClinic(c.id))
                for c in await catalog.list_clinics(session)
            ]
        elif listing.kind is ListKind.SEARCH:
            query = listing.query or ""
            doctors = [m.doctor for m in await search.search_doctors(session, query=query)]
            title = t(lang, "search-results" if doctors else "nothing-found", query=query)
        else:
            doctors = await catalog.list_doctors(
                session, specialty_id=listing.specialty, clinic_id=listing.clinic
            )
            if not doctors and not await _group_exists(session, listing):
                return await replies.expired(update, context)
            title = t(lang, "pick-doctor" if doctors else "no-doctors")
        if doctors is not None:
            items = [doctor_button(d) for d in doctors]
            shown = keyboards.page_items(doctors, page)
            free = await availability.next_free_times(session, doctors=shown, now=context.now())
            title = screens.doctor_list(lang, title, shown, free, context.now())
    grid, _shown = keyboards.paged(items, page, listing.kind, lang)
    grid.append(keyboards.back_home(lang))
    await render.present(update, context, state, title, keyboards.markup(grid), new=new)
    return Step.LIST


async def _group_exists(session, listing: Listing) -> bool:
    """Is the specialty or clinic of a doctors list one the lists offer?"""
    if listing.specialty is not None:
        return listing.specialty in {s.id for s in await catalog.list_specialties(session)}
    return listing.clinic in {c.id for c in await catalog.list_clinics(session)}


def doctor_button(doctor: DoctorOut) -> keyboards.InlineKeyboardButton:
    return keyboards.button(
        f"{doctor.full_name} · {doctor.specialty} · {doctor.clinic}", PickDoctor(doctor.id)
    )


@step
async def list_page(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Another page of the list shown (→ LIST)."""
    press: Page = context.press
    if press.kind is not state.listing.kind:
        return await replies.expired(update, context)
    return await show_list(update, context, state, page=press.page)


@step
async def search_typed(
    update: Update, context: CareContext, state: BookingState
) -> int | str:
    """Fuzzy search by name or specialty (→ LIST, or re-ask)."""
    return await _search(update, context, state)


async def _search(update: Update, context: CareContext, state: BookingState) -> str | None:
    query = " ".join(update.message.text.split())
    if not query or len(query) > search.MAX_QUERY_LENGTH:
        limit = search.MAX_QUERY_LENGTH
        await render.send(update, t(context.lang, "search-too-long", limit=limit))
        return None  # the same step asks again
    state.listing = Listing(kind=ListKind.SEARCH, query=query)
    return await show_list(update, context, state, page=0, new=True)


@step
async def list_text(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """Text at a list: after a search (found or not), another spelling searches again."""
    if state.listing.kind is ListKind.SEARCH:
        return await _search(update, context, state)
    return await replies.not_expected(update, context)


@step
async def pick_group(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """A specialty or clinic was chosen: its doctors (→ LIST)."""
    press: PickSpecialty | PickClinic = context.press
    came_from = state.listing.kind
    if isinstance(press, PickSpecialty):
        state.listing = Listing(kind=ListKind.DOCTORS, specialty=press.id, came_from=came_from)
    else:
        state.listing = Listing(kind=ListKind.DOCTORS, clinic=press.id, came_from=came_from)
    return await show_list(update, context, state, page=0)


@step
async def pick_doctor(
    update: Update, context: CareContext, state: BookingState
) -> int | str | None:
    """A doctor from a list (→ CARD)."""
    return await show_card(update, context, state, context.press.id)


async def show_card(
    update: Update, context: CareContext, state: BookingState, doctor_id: uuid.UUID
) -> str | None:
    """The doctor card with the next free time (→ CARD)."""
    async with context.read() as session:
        doctor = await _bookable_doctor(session, doctor_id)
        if doctor is None:
            return await replies.expired(update, context)
        nearest = await availability.nearest_bookable(
            session, now=context.now(), doctor=doctor, limit=1
        )
    state.doctor = doctor.id
    next_free = nearest[0].starts_at if nearest else None
    screen = screens.doctor_card(context.lang, doctor, next_free, context.now())
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.CARD


async def _bookable_doctor(session, doctor_id: uuid.UUID) -> DoctorOut | None:
    try:
        doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
    except NotFound:
        return None
    return doctor if doctor.bookable else None


@step
async def back_to_find(
    update: Update, context: CareContext, state: BookingState
) -> int | str:
    """Back to how to find a doctor (→ FIND)."""
    return await show_find(update, context, state)


async def show_find(update: Update, context: CareContext, state: BookingState) -> str:
    """How to find a doctor (→ FIND)."""
    screen = screens.find_how(context.lang)
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.FIND


@step
async def back_from_list(
    update: Update, context: CareContext, state: BookingState
) -> int | str:
    """Back from a list or the card: the list it came from (→ LIST / SEARCH / FIND)."""
    listing = state.listing
    if listing.kind is ListKind.DOCTORS and listing.came_from is not None:
        state.listing = Listing(kind=listing.came_from, query=listing.query)
        return await show_list(update, context, state, page=0)
    if listing.kind is ListKind.SEARCH:
        screen = screens.type_search(context.lang)
        await render.present(update, context, state, screen.text, screen.markup)
        return Step.SEARCH
    return await show_find(update, context, state)


@step
async def back_from_card(
    update: Update, context: CareContext, state: BookingState
) -> int | str:
    """Back from the doctor card to the list it was chosen from."""
    if state.listing.kind in (ListKind.DOCTORS, ListKind.SEARCH):
        return await show_list(update, context, state, page=0)
    return await show_find(update, context, state)

