"""/my: upcoming and past appointments, each with Cancel, Reschedule and Add to calendar.

Every press names an appointment by id; the service checks again that the presser
may act on it and that its state allows the action, so a forged or stale button
gets "this button has expired" and changes nothing.
"""

from __future__ import annotations

import uuid

from telegram import Update

from db.engine import unit_of_work
from handlers import booking as booking_flow
from handlers import common, keyboards, render, texts
from handlers.callbacks import Appt, CancelWhy, Menu, MyList, parse
from handlers.context import CareContext
from services import booking
from services.errors import NotAllowed, NotFound

PAGE = 5


async def my_command(update: Update, context: CareContext) -> None:
    """/my or the menu: the first page of upcoming appointments."""
    await show_list(update, context, upcoming=True, page=0)


async def list_pressed(update: Update, context: CareContext) -> None:
    """Upcoming/past switch and paging."""
    data = parse(update.callback_query.data)
    assert isinstance(data, MyList)
    await show_list(update, context, upcoming=data.upcoming, page=data.page)


async def show_list(update: Update, context: CareContext, *, upcoming: bool, page: int) -> None:
    user = context.current_user
    if user is None or user.patient_id is None:
        await render.alert(update, texts.NOT_REGISTERED)
        return
    async with unit_of_work(context.db) as session:
        result = await booking.list_patient_appointments(
            session,
            actor=context.actor,
            patient_id=user.patient_id,
            now=context.now(),
            upcoming=upcoming,
            offset=max(page, 0) * PAGE,
            limit=PAGE,
        )
    title = (texts.MY_UPCOMING if upcoming else texts.MY_PAST).format(total=result.total)
    if not result.items:
        title = texts.MY_NONE_UPCOMING if upcoming else texts.MY_NONE_PAST
    rows = [[keyboards.button(_label(a), Appt("open", a.id))] for a in result.items]
    moves = []
    if page > 0:
        moves.append(keyboards.button(texts.PREV, MyList(upcoming, page - 1)))
    if (page + 1) * PAGE < result.total:
        moves.append(keyboards.button(texts.NEXT, MyList(upcoming, page + 1)))
    if moves:
        rows.append(moves)
    switch = texts.SHOW_PAST if upcoming else texts.SHOW_UPCOMING
    rows.append(
        [
            keyboards.button(switch, MyList(not upcoming, 0)),
            keyboards.button(texts.HOME, Menu("home")),
        ]
    )
    await render.show(update, title, keyboards.markup(rows))


def _label(appt: booking.AppointmentOut) -> str:
    mark = "" if appt.is_active else f" ({texts.STATUS[appt.status]})"
    return f"{texts.when(appt.local_start)} · {appt.doctor_name}{mark}"


async def appointment_pressed(update: Update, context: CareContext) -> None:
    """open | cancel | ics on one appointment, re-checked on the server."""
    data = parse(update.callback_query.data)
    if not isinstance(data, Appt) or context.current_user is None:
        await common.expired_button(update, context)
        return
    try:
        if data.action == "open":
            await show_card(update, context, data.id)
        elif data.action == "cancel":
            await ask_cancel(update, context, data.id)
        elif data.action == "ics":
            async with unit_of_work(context.db) as session:
                appt = await booking.get_appointment(
                    session, appointment_id=data.id, actor=context.actor, now=context.now()
                )
            await update.callback_query.answer()
            await booking_flow.send_ics(update, context, appt)
        else:
            await common.expired_button(update, context)
    except (NotAllowed, NotFound):
        await common.expired_button(update, context)


async def show_card(update: Update, context: CareContext, appointment_id: uuid.UUID) -> None:
    """One appointment with what may be done to it."""
    async with unit_of_work(context.db) as session:
        appt = await booking.get_appointment(
            session, appointment_id=appointment_id, actor=context.actor, now=context.now()
        )
    text = texts.APPT_CARD.format(
        when=texts.when(appt.local_start),
        tz=appt.timezone,
        doctor=texts.esc(appt.doctor_name),
        specialty=texts.esc(appt.specialty),
        clinic=texts.esc(appt.clinic_name),
        address=texts.esc(appt.clinic_address),
        status=texts.STATUS[appt.status],
    )
    if appt.locked_by_notice:
        text += texts.APPT_LOCKED.format(phone=texts.esc(appt.clinic_phone or texts.NOT_SET))
    # What the service says this user may do to it; a visit still to come offers the calendar.
    offered = appt.actions
    upcoming = booking.AppointmentAction.calendar in offered
    rows = []
    changes = [
        keyboards.button(label, Appt(code, appt.id))
        for action, label, code in (
            (booking.AppointmentAction.cancel, texts.APPT_CANCEL, "cancel"),
            (booking.AppointmentAction.reschedule, texts.APPT_MOVE, "resched"),
        )
        if action in offered
    ]
    if changes:
        rows.append(changes)
    if upcoming:
        rows.append([keyboards.button(texts.APPT_ICS, Appt("ics", appt.id))])
    rows.append([keyboards.button(texts.BACK_TO_LIST, MyList(upcoming, 0))])
    await render.show(update, text, keyboards.markup(rows))


async def ask_cancel(update: Update, context: CareContext, appointment_id: uuid.UUID) -> None:
    """Checks the notice first, then offers reasons to confirm with."""
    async with unit_of_work(context.db) as session:
        appt = await booking.ensure_cancellable(
            session, appointment_id=appointment_id, actor=context.actor, now=context.now()
        )
    rows = [
        [keyboards.button(reason, CancelWhy(appt.id, i))]
        for i, reason in enumerate(texts.CANCEL_REASONS)
    ]
    rows.append([keyboards.button(texts.KEEP_IT, Appt("open", appt.id))])
    await render.show(
        update,
        texts.CANCEL_ASK.format(
            when=texts.when(appt.local_start), doctor=texts.esc(appt.doctor_name)
        ),
        keyboards.markup(rows),
    )


async def cancel_confirmed(update: Update, context: CareContext) -> None:
    """Cancels with the chosen reason; the slot is free for others at once."""
    data = parse(update.callback_query.data)
    user = context.current_user
    if (
        not isinstance(data, CancelWhy)
        or user is None
        or not 0 <= data.reason < len(texts.CANCEL_REASONS)
    ):
        await common.expired_button(update, context)
        return
    reason = (
        None if data.reason == len(texts.CANCEL_REASONS) - 1 else texts.CANCEL_REASONS[data.reason]
    )
    try:
        appt = await booking.cancel_appointment(
            context.db,
            appointment_id=data.id,
            actor=context.actor,
            now=context.now(),
            reason=reason,
        )
    except (NotAllowed, NotFound):
        await common.expired_button(update, context)
        return
    await render.show(
        update,
        texts.CANCELLED.format(
            when=texts.when(appt.local_start), doctor=texts.esc(appt.doctor_name)
        ),
        keyboards.markup(
            [
                [
                    keyboards.button(texts.MY_APPOINTMENTS, MyList(True, 0)),
                    keyboards.button(texts.BOOK_ANOTHER, Menu("book")),
                ]
            ]
        ),
    )
