"""/hours: the doctor's week at a glance; a change typed in free text, from a date on.

Steps: the week and how to change it (ASK) → the change read back and "from which date?"
(FROM, tomorrow offered as a button) → Save / Keep the old hours (SAVE). Unclear text is
said and asked again in the same step; nothing changes before Save. After saving, the
booked visits outside the new hours come as one message: Keep, or Cancel and offer.

The same steps serve an admin (or the clinic's front desk) who opened a doctor's hours from
the doctor's card (handlers.admin.doctor_hours): the flow then carries that doctor's id,
which the services check again at every step.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin_hours_buttons import DoctorOutsideVisit
from handlers.context import CareContext
from handlers.doctor import schedule_screens as screens
from handlers.doctor.card import refuse
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.schedule_buttons import HoursFrom, HoursSave, OutsideVisit
from services import doctor_day, hours
from services.dates import local_today
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound

END = -1
ASK = "doctor.hours"
FROM = "doctor.hours.from"
SAVE = "doctor.hours.save"


class HoursFlow(FlowState):
    """What the doctor typed (read again at each step) and the date chosen; whose hours
    (None: the presser's own)."""

    name = "doctor.hours"
    version = 1
    typed: str | None = None
    first: str | None = None  # ISO date
    doctor_id: uuid.UUID | None = None


async def hours_command(update: Update, context: CareContext) -> int | str:
    """/hours and the menu's Working hours: the week, and how to change it (→ ASK)."""
    flowstate.clear(context)
    try:
        async with context.write() as session:
            out = await hours.week(session, actor=context.actor, now=context.now())
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    screen = screens.week(context.lang, out)
    await render.present(update, context, HoursFlow(), screen.text, screen.markup)
    return ASK


async def show_week(update: Update, context: CareContext, doctor_id: uuid.UUID) -> int | str:
    """A doctor's week opened from their card (the service checks who may), and how to
    change it (→ ASK); refused: the press has expired."""
    try:
        async with context.write() as session:
            out = await hours.week(
                session, actor=context.actor, now=context.now(), doctor_id=doctor_id
            )
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    flowstate.clear(context)
    screen = screens.week(context.lang, out, managed=True)
    await render.present(update, context, HoursFlow(doctor_id=out.doctor_id), screen.text,
                         screen.markup)  # fmt: skip
    return ASK


async def _tz(context: CareContext, doctor_id: uuid.UUID | None) -> ZoneInfo:
    async with context.read() as reader:
        if doctor_id is None:
            return ZoneInfo(await doctor_day.home_timezone(reader, actor=context.actor))
        return ZoneInfo(await hours.timezone_of(reader, actor=context.actor, doctor_id=doctor_id))


async def change_typed(update: Update, context: CareContext) -> int | str:
    """The change typed: read back with "from which date?" (→ FROM), or asked again."""
    message = update.effective_message
    typed = message.text if message else ""
    opened = flowstate.load(context, HoursFlow)
    doctor_id = opened.doctor_id if opened is not None else None
    try:
        changes = hours.parse_hours(typed)
        tz = await _tz(context, doctor_id)
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    except InvalidInput as exc:
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'hours-ask')}"
        await render.present(update, context, HoursFlow(doctor_id=doctor_id), text, new=True)
        return ASK
    tomorrow = local_today(context.now(), tz) + timedelta(days=1)
    screen = screens.ask_from(context.lang, changes, tomorrow)
    state = HoursFlow(typed=typed, doctor_id=doctor_id)
    await render.present(update, context, state, screen.text, screen.markup, new=True)
    return FROM


async def _confirm(update: Update, context: CareContext, state: HoursFlow, day, *, new: bool):
    state.first = day.isoformat()
    screen = screens.confirm(context.lang, hours.parse_hours(state.typed or ""), day)
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return SAVE


async def date_typed(update: Update, context: CareContext) -> int | str:
    """The date typed for the new hours: Save or not (→ SAVE), or asked again."""
    state = flowstate.load(context, HoursFlow)
    message = update.effective_message
    if state is None or state.typed is None or message is None:
        return END
    try:
        tz = await _tz(context, state.doctor_id)
        day = hours.parse_from_date(
            message.text or "", tz=tz, now=context.now(), language=context.lang
        )
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    except InvalidInput as exc:
        changes = hours.parse_hours(state.typed)
        tomorrow = local_today(context.now(), tz) + timedelta(days=1)
        screen = screens.ask_from(context.lang, changes, tomorrow)
        text = f"{error_text(context.lang, exc)}\n\n{screen.text}"
        await render.present(update, context, state, text, screen.markup, new=True)
        return FROM
    return await _confirm(update, context, state, day, new=True)


async def tomorrow_pressed(update: Update, context: CareContext) -> int | str | None:
    """The offered date (tomorrow) for the new hours (→ SAVE)."""
    state = flowstate.load(context, HoursFlow)
    if state is None or state.typed is None:
        return await replies.expired(update, context)
    press: HoursFrom = context.press
    return await _confirm(update, context, state, press.day, new=False)


async def save_pressed(update: Update, context: CareContext) -> int | None:
    """Save: the new hours apply from the date, in one transaction; then the booked visits
    outside them, each to keep or cancel. Keep the old hours: nothing changes."""
    state = flowstate.load(context, HoursFlow)
    press: HoursSave = context.press
    if state is None or state.typed is None or state.first is None:
        return await replies.expired(update, context)
    flowstate.clear(context)
    lang, now = context.lang, context.now()
    managed = state.doctor_id is not None
    if not press.ok:
        await render.show(update, screens.kept(lang, managed=managed))
        return END
    try:
        async with context.write() as session:
            out = await hours.change_hours(
                session, actor=context.actor, changes=hours.parse_hours(state.typed),
                effective_from=date.fromisoformat(state.first), now=now,
                doctor_id=state.doctor_id,
            )  # fmt: skip
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.show(update, error_text(lang, exc))
        return END
    await render.show(update, screens.saved(lang, out.effective_from, out.closed_slots,
                                            out.new_slots, managed=managed))  # fmt: skip
    if out.outside:
        screen = screens.outside(lang, out.outside, now, state.doctor_id)
        await render.send(update, screen.text, screen.markup)
    return END


async def outside_pressed(update: Update, context: CareContext) -> int | None:
    """Keep / Cancel and offer on a visit outside the new hours (re-checked: the presser's
    own, still booked, not begun); its row leaves the message."""
    press: OutsideVisit = context.press
    return await change_visit(update, context, press.keep, press.id, None)


async def change_visit(
    update: Update,
    context: CareContext,
    keep: bool,
    appointment_id: uuid.UUID,
    doctor_id: uuid.UUID | None,
) -> int | None:
    """Keeps or cancels (offering other times) a visit outside the new hours, re-checked by
    the service (with `doctor_id`: only a visit of that doctor); its row leaves the message."""
    change = hours.keep_visit if keep else hours.cancel_visit
    try:
        async with context.write() as session:
            await change(session, actor=context.actor, appointment_id=appointment_id,
                         now=context.now(), doctor_id=doctor_id)  # fmt: skip
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    await render.alert(update, t(context.lang, "hours-visit-kept" if keep
                                 else "hours-visit-cancelled"))  # fmt: skip
    await render.without_buttons_of(update, lambda data: _of_visit(data, appointment_id))
    return None


def _of_visit(data: object, appointment_id: uuid.UUID) -> bool:
    pressed = OutsideVisit.unpack(data) or DoctorOutsideVisit.unpack(data)
    return pressed is not None and pressed.id == appointment_id
