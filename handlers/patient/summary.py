"""Booking: the summary before Confirm, and the nearest free times after a lost race."""

from __future__ import annotations

import secrets

from telegram import Update

from handlers import render, replies, screens, series_screens
from handlers.context import CareContext
from handlers.i18n import t
from handlers.patient.booking_state import BookingState, Step, restart
from handlers.screens import Screen
from services import availability, booking, catalog, family
from services.errors import NotAllowed, NotFound
from services.slots import SlotOut


async def show_summary(
    update: Update, context: CareContext, state: BookingState, *, new: bool = False
) -> int | str | None:
    """What will be booked, with Confirm (→ CONFIRM); a new nonce ties Confirm to it."""
    if state.slot is None or state.doctor is None:
        return await restart(update, context)
    instead_of = None
    whose: str | None = None  # the family member's name, when the visit is for one
    try:
        # The appointment being moved is read as ORM rows, which need a session.
        async with context.write() if state.mode == "move" else context.read() as session:
            doctor = await catalog.get_doctor(session, doctor_id=state.doctor)
            slot = await availability.get_slot(session, slot_id=state.slot)
            if state.mode == "move" and state.appointment is not None:
                old = await booking.get_appointment(
                    session,
                    appointment_id=state.appointment,
                    actor=context.actor,
                    now=context.now(),
                )
                instead_of = old.starts_at
                whose = old.patient_name
            elif state.patient is not None:
                member = await family.get_member(
                    session, actor=context.actor, member_id=state.patient
                )
                whose = member.full_name
    except (NotFound, NotAllowed):
        return await restart(update, context)
    if slot is None:
        return await replies.expired(update, context)
    state.nonce = secrets.token_urlsafe(6)
    screen = screens.summary(
        context.lang,
        doctor,
        slot.starts_at,
        state.nonce,
        reason=state.reason,
        instead_of=instead_of,
        minutes=int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        locked=booking.locked_once_booked(
            context.actor,
            clinic_id=doctor.clinic_id,
            starts_at=slot.starts_at,
            now=context.now(),
            cancel_notice_minutes=doctor.min_cancel_notice_minutes,
        ),
        now=context.now(),
    )
    if whose is not None:
        screen = Screen(f"{screen.text}\n{t(context.lang, 'visit-for', name=whose)}", screen.markup)
    if state.mode == "book":
        screen = series_screens.with_repeat(context.lang, screen, state.nonce)
    elif state.following:
        screen = Screen(f"{screen.text}\n\n{t(context.lang, 'series-move-note')}", screen.markup)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.CONFIRM


async def offer_alternatives(
    update: Update, context: CareContext, state: BookingState, slot: SlotOut | None
) -> str:
    """The time is gone: the nearest free ones of the same doctor (→ TIME)."""
    async with context.read() as session:
        doctor_id = slot.doctor_id if slot else state.doctor
        found: list[SlotOut] = []
        doctors = {}
        if doctor_id is not None:
            doctor = await catalog.get_doctor(session, doctor_id=doctor_id)
            doctors[doctor.id] = doctor
            found = await availability.nearest_bookable(
                session,
                now=context.now(),
                doctor=doctor,
                around=slot.starts_at if slot else None,
            )
    key = "slot-taken-alternatives" if found else "slot-taken-none"
    screen = screens.slot_choices(
        context.lang, t(context.lang, key), found, doctors, now=context.now()
    )
    await render.present(update, context, state, screen.text, screen.markup)
    return Step.TIME
