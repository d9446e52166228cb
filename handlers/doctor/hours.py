"""/hours: the doctor's week at a glance; a change typed in free text, from a date on.

Steps: the week and how to change it (ASK) → the change read back and "from which date?"
(FROM, tomorrow offered as a button) → Save / Keep the old hours (SAVE). Unclear text is
said and asked again in the same step; nothing changes before Save. After saving, the
booked visits outside the new hours come as one message: Keep, or Cancel and offer.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import flowstate, render, replies
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
    """What the doctor typed (read again at each step) and the date chosen."""

    name = "doctor.hours"
    version = 1
    typed: str | None = None
    first: str | None = None  # ISO date


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


async def _tz(context: CareContext) -> ZoneInfo:
    async with context.read() as reader:
        return ZoneInfo(await doctor_day.home_timezone(reader, actor=context.actor))


async def change_typed(update: Update, context: CareContext) -> int | str:
    """The change typed: read back with "from which date?" (→ FROM), or asked again."""
    message = update.effective_message
    typed = message.text if message else ""
    try:
        changes = hours.parse_hours(typed)
        tz = await _tz(context)
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    except InvalidInput as exc:
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'hours-ask')}"
        await render.present(update, context, HoursFlow(), text, new=True)
        return ASK
    tomorrow = local_today(context.now(), tz) + timedelta(days=1)
    screen = screens.ask_from(context.lang, changes, tomorrow)
    await render.present(update, context, HoursFlow(typed=typed), screen.text, screen.markup,
                         new=True)  # fmt: skip
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
        tz = await _tz(context)
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
    if not press.ok:
        await render.show(update, t(lang, "hours-kept"))
        return END
    try:
        async with context.write() as session:
            out = await hours.change_hours(
                session, actor=context.actor, changes=hours.parse_hours(state.typed),
                effective_from=date.fromisoformat(state.first), now=now,
            )  # fmt: skip
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.show(update, error_text(lang, exc))
        return END
    await render.show(update, screens.saved(lang, out.effective_from, out.closed_slots,
                                            out.new_slots))  # fmt: skip
    if out.outside:
        screen = screens.outside(lang, out.outside, now)
        await render.send(update, screen.text, screen.markup)
    return END


async def outside_pressed(update: Update, context: CareContext) -> int | None:
    """Keep / Cancel and offer on a visit outside the new hours (re-checked: the presser's
    own, still booked, not begun); its row leaves the message."""
    press: OutsideVisit = context.press
    change = hours.keep_visit if press.keep else hours.cancel_visit
    try:
        async with context.write() as session:
            await change(session, actor=context.actor, appointment_id=press.id, now=context.now())
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    await render.alert(update, t(context.lang, "hours-visit-kept" if press.keep
                                 else "hours-visit-cancelled"))  # fmt: skip
    await render.without_buttons_of(update, lambda data: _of_visit(data, press))
    return None


def _of_visit(data: object, press: OutsideVisit) -> bool:
    pressed = OutsideVisit.unpack(data)
    return pressed is not None and pressed.id == press.id
