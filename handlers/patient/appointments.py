"""/my: upcoming and past appointments, each with the actions the service allows.

Every press names an appointment by id; the service checks again that the presser
may act on it and that its state allows the action, so a forged or stale button
gets "this button has expired" and changes nothing.
"""

from __future__ import annotations

import contextlib
import uuid

from telegram import Update
from telegram.error import TelegramError

from handlers import flowstate, keyboards, render, replies, visit_screens, waitlist_screens
from handlers.callbacks import Appt, ApptAction, CancelWhy, Menu, MenuAction, MyList
from handlers.context import CareContext
from handlers.i18n import DEFAULT_LANGUAGE, error_text, plain, t
from handlers.patient.ics import send_ics
from services import booking, waitlist
from services.errors import DomainError, NotAllowed, NotFound

PAGE = 5
END = -1


async def my_command(update: Update, context: CareContext) -> int:
    """/my or the menu: the first page of upcoming appointments (ends any open flow)."""
    flowstate.clear(context)
    await show_list(update, context, upcoming=True, page=0)
    return END


async def list_pressed(update: Update, context: CareContext) -> int:
    """Upcoming/past switch and paging."""
    flowstate.clear(context)
    press: MyList = context.press
    await show_list(update, context, upcoming=press.upcoming, page=press.page)
    return END


async def show_list(update: Update, context: CareContext, *, upcoming: bool, page: int) -> None:
    user, lang = context.current_user, context.lang
    if user is None or user.patient_id is None:
        await replies.require_patient(update, context)
        return
    now = context.now()
    async with context.write() as session:
        result = await booking.list_patient_appointments(
            session,
            actor=context.actor,
            patient_id=user.patient_id,
            now=now,
            upcoming=upcoming,
            offset=page * PAGE,
            limit=PAGE,
            family=True,
        )
        waiting = []
        if upcoming and page == 0:
            waiting = await waitlist.list_entries(
                session, actor=context.actor, patient_id=user.patient_id
            )
    if result.items:
        title = t(lang, "my-upcoming" if upcoming else "my-past", total=result.total)
    else:
        title = t(lang, "my-none-upcoming" if upcoming else "my-none-past")
    label = visit_screens.appointment_label
    grid = [
        [keyboards.button(label(lang, a, now, family=result.family), Appt(ApptAction.OPEN, a.id))]
        for a in result.items
    ]
    moves = []
    if page > 0:
        moves.append(keyboards.button(t(lang, "prev"), MyList(upcoming, page - 1)))
    if (page + 1) * PAGE < result.total:
        moves.append(keyboards.button(t(lang, "next"), MyList(upcoming, page + 1)))
    if moves:
        grid.append(moves)
    lines, leave = waitlist_screens.my_part(lang, waiting)
    if lines:
        title = f"{title}\n\n{lines}"
        grid += leave
    grid.append(
        [
            keyboards.button(
                t(lang, "show-past" if upcoming else "show-upcoming"), MyList(not upcoming, 0)
            ),
            keyboards.button(t(lang, "home"), Menu(MenuAction.HOME)),
        ]
    )
    await render.show(update, title, keyboards.markup(grid))


async def appointment_pressed(update: Update, context: CareContext) -> int | None:
    """Open, cancel or download one appointment — re-checked on the server."""
    press: Appt = context.press
    try:
        if press.action is ApptAction.OPEN:
            await show_card(update, context, press.id)
        elif press.action is ApptAction.CANCEL:
            await ask_cancel(update, context, press.id)
        else:
            async with context.write() as session:
                appt = await booking.get_appointment(
                    session, appointment_id=press.id, actor=context.actor, now=context.now()
                )
            await render.answer(update)
            try:
                await send_ics(update, context, appt)
            except TelegramError:
                await render.send(update, t(context.lang, "ics-failed"))
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        return None
    flowstate.clear(context)
    return END


async def show_card(update: Update, context: CareContext, appointment_id: uuid.UUID) -> None:
    """One appointment with what may be done to it."""
    async with context.write() as session:
        appt = await booking.get_appointment(
            session, appointment_id=appointment_id, actor=context.actor, now=context.now()
        )
    screen = visit_screens.appointment_card(context.lang, appt, context.now())
    await render.show(update, screen.text, screen.markup)


async def ask_cancel(update: Update, context: CareContext, appointment_id: uuid.UUID) -> None:
    """Checks the notice first, then offers reasons to confirm with."""
    async with context.write() as session:
        appt = await booking.ensure_cancellable(
            session, appointment_id=appointment_id, actor=context.actor, now=context.now()
        )
    screen = visit_screens.cancel_question(context.lang, appt)
    await render.show(update, screen.text, screen.markup)


async def cancel_confirmed(update: Update, context: CareContext) -> int | None:
    """Cancels with the chosen reason; the slot is free for others at once."""
    press: CancelWhy = context.press
    user, lang = context.current_user, context.lang
    if user is None or not 0 <= press.reason < visit_screens.CANCEL_REASONS:
        return await replies.expired(update, context)
    last = press.reason == visit_screens.CANCEL_REASONS - 1  # "no reason given"
    # Stored in one language, so that staff and reports read the same words.
    reason = None if last else plain(DEFAULT_LANGUAGE, f"cancel-reason-{press.reason}")
    try:
        appt = await booking.cancel_appointment(
            context.db,
            appointment_id=press.id,
            actor=context.actor,
            now=context.now(),
            reason=reason,
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(lang, exc))
        return None
    flowstate.clear(context)
    screen = visit_screens.cancelled(lang, appt)
    await render.show(update, screen.text, screen.markup)
    # The calendar app drops its copy of the event; the visit is cancelled either way.
    with contextlib.suppress(TelegramError):
        await send_ics(update, context, appt, cancelled=True)
    return END
