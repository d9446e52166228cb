"""Booking, repeating the visit: 🔁 at the summary → how often → how many (or until a typed
date) → the occurrences, each that cannot be booked with the nearest free time or Skip →
all booked in one transaction."""

from __future__ import annotations

import contextlib
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import TelegramError

from handlers import flowstate, render, replies, series_screens
from handlers.context import CareContext
from handlers.i18n import error_text, plain, t
from handlers.patient import summary
from handlers.patient.booking_state import END, BookingState, Step, restart, step
from handlers.patient.ics import send_series_ics
from handlers.series_buttons import RepeatAction
from services import catalog, dates, series
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound


def _live(context: CareContext, state: BookingState) -> bool:
    """The press belongs to the summary on screen (its nonce), in a booking."""
    return context.press.nonce == state.nonce and state.slot is not None and state.mode == "book"


@step
async def repeat_step(update: Update, context: CareContext, state: BookingState):
    """🔁 Repeat (→ how often), Back (one step back), or Book the occurrences shown."""
    if not _live(context, state):
        return await replies.expired(update, context)
    action = context.press.action
    if action is RepeatAction.START:
        state.repeat_picks = {}
        screen = series_screens.how_often(context.lang, state.nonce)
        await render.present(update, context, state, screen.text, screen.markup)
        return Step.REPEAT_EVERY
    if action is RepeatAction.BOOK:
        return await _book(update, context, state)
    return await _back(update, context, state)


async def _back(update: Update, context: CareContext, state: BookingState):
    """Back: the plan → how many, how many → how often, how often → the summary."""
    if state.repeat_count is not None or state.repeat_until is not None:
        state.repeat_count = state.repeat_until = None
        state.repeat_picks = {}
        return await _ask_count(update, context, state)
    if state.repeat_every is not None:
        state.repeat_every = None
        screen = series_screens.how_often(context.lang, state.nonce)
        await render.present(update, context, state, screen.text, screen.markup)
        return Step.REPEAT_EVERY
    return await summary.show_summary(update, context, state)


async def _ask_count(update: Update, context: CareContext, state: BookingState, note=None):
    screen = series_screens.how_many(context.lang, state.nonce, note)
    await render.present(update, context, state, screen.text, screen.markup, new=note is not None)
    return Step.REPEAT_COUNT


@step
async def every_pressed(update: Update, context: CareContext, state: BookingState):
    """How often (→ how many)."""
    if not _live(context, state):
        return await replies.expired(update, context)
    state.repeat_every = context.press.every.value
    return await _ask_count(update, context, state)


@step
async def count_pressed(update: Update, context: CareContext, state: BookingState):
    """How many visits in all (→ the occurrences)."""
    if not _live(context, state) or state.repeat_every is None:
        return await replies.expired(update, context)
    state.repeat_count, state.repeat_until = context.press.count, None
    return await show_plan(update, context, state)


@step
async def count_typed(update: Update, context: CareContext, state: BookingState):
    """A typed number of visits, or the last date to repeat until (→ the occurrences)."""
    if state.repeat_every is None or state.doctor is None:
        return await restart(update, context)
    typed = update.message.text.strip()
    try:
        if typed.isdigit():
            state.repeat_count, state.repeat_until = int(typed), None
        else:
            async with context.read() as session:
                doctor = await catalog.get_doctor(session, doctor_id=state.doctor)
            state.repeat_until = dates.parse_day(
                typed,
                tz=ZoneInfo(doctor.timezone),
                now=context.now(),
                horizon_days=doctor.booking_horizon_days,
                language=context.lang,
            )
            state.repeat_count = None
        return await show_plan(update, context, state, new=True)
    except InvalidInput as exc:
        state.repeat_count = state.repeat_until = None
        return await _ask_count(update, context, state, note=error_text(context.lang, exc))


async def show_plan(
    update: Update, context: CareContext, state: BookingState, *, new=False, note=None
):
    """The occurrences as they stand now (nothing is written)."""
    user = context.current_user
    if user is None or user.patient_id is None or state.slot is None or state.doctor is None:
        return await restart(update, context)
    try:
        # The plan reads ORM rows (slots, the doctor's day), which need a session.
        async with context.write() as session:
            doctor = await catalog.get_doctor(session, doctor_id=state.doctor)
            plan = await series.plan_series(
                session,
                actor=context.actor,
                patient_id=state.patient or user.patient_id,
                first_slot_id=state.slot,
                every=series.Every(state.repeat_every),
                now=context.now(),
                count=state.repeat_count,
                until=state.repeat_until,
            )
    except InvalidInput as exc:
        state.repeat_count = state.repeat_until = None
        return await _ask_count(update, context, state, note=error_text(context.lang, exc))
    except (NotFound, NotAllowed):
        return await restart(update, context)
    except DomainError as exc:  # the first time itself is gone
        await render.alert(update, error_text(context.lang, exc))
        return await summary.offer_alternatives(update, context, state, None)
    state.repeat_picks = {i: s for i, s in state.repeat_picks.items() if _still_offered(plan, i, s)}
    screen = series_screens.plan(
        context.lang,
        plan,
        state.repeat_picks,
        doctor=doctor.full_name,
        nonce=state.nonce,
        now=context.now(),
        note=note,
    )
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return Step.REPEAT_PLAN


def _still_offered(plan: series.SeriesPlan, index: int, slot) -> bool:
    """A choice made earlier still fits the plan as it is now (else it is asked again)."""
    found = next((o for o in plan.occurrences if o.index == index), None)
    if found is None or found.slot_id is not None:
        return False
    return slot is None or (found.alternative is not None and found.alternative.id == slot)


@step
async def pick_pressed(update: Update, context: CareContext, state: BookingState):
    """An occurrence's alternative taken, or the occurrence skipped (→ the occurrences)."""
    if not _live(context, state):
        return await replies.expired(update, context)
    press = context.press
    state.repeat_picks = {**state.repeat_picks, press.index: getattr(press, "slot", None)}
    return await show_plan(update, context, state)


async def _book(update: Update, context: CareContext, state: BookingState):
    """Books every chosen occurrence at once; if any was taken meanwhile, nothing is booked
    and the occurrences are shown again as they are now."""
    user = context.current_user
    if user is None or user.patient_id is None or state.repeat_every is None:
        return await restart(update, context)
    async with context.write() as session:
        plan = await series.plan_series(
            session,
            actor=context.actor,
            patient_id=state.patient or user.patient_id,
            first_slot_id=state.slot,
            every=series.Every(state.repeat_every),
            now=context.now(),
            count=state.repeat_count,
            until=state.repeat_until,
        )
    slots, waiting = series_screens.chosen_slots(plan, state.repeat_picks)
    if waiting or len(slots) < series.MIN_OCCURRENCES:
        return await show_plan(update, context, state, note=t(context.lang, "repeat-changed"))
    try:
        visits = await series.book_series(
            context.db,
            actor=context.actor,
            patient_id=state.patient or user.patient_id,
            slot_ids=slots,
            now=context.now(),
            reason=state.reason,
            idempotency_key=f"tg:{update.effective_user.id}:{state.nonce}",
        )
    except series.SeriesChanged:
        return await show_plan(update, context, state, note=t(context.lang, "repeat-changed"))
    context.user_data["last_booking"] = {"nonce": state.nonce, "appointment": str(visits[0].id)}
    flowstate.clear(context)
    screen = series_screens.booked(context.lang, visits, context.now())
    await render.show_surely(update, screen.text, screen.markup)
    with contextlib.suppress(TelegramError):
        await send_series_ics(update, context, visits)
    return END


async def already_done(update: Update, context: CareContext) -> None:
    """A repeat press after the series was booked (double tap): nothing new."""
    last = context.user_data.get("last_booking") or {}
    if getattr(context.press, "nonce", None) == last.get("nonce"):
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer(plain(context.lang, "already-booked"))
        return
    await replies.expired(update, context)
