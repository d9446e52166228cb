"""/off: the doctor's time off. The upcoming ones with Remove, and a new one typed in free
text ("tomorrow", "24.12–02.01", "Friday afternoon", "Friday 14-18"): the visits it would
cancel are shown before Confirm; Confirm takes it in one transaction (services.time_off).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.doctor import schedule_screens as screens
from handlers.doctor.card import refuse
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.schedule_buttons import OffRemove, OffSave
from services import doctor_day, time_off
from services.errors import DomainError, InvalidInput, NotAllowed, NotFound

END = -1
ASK = "doctor.off"
SAVE = "doctor.off.save"


class OffFlow(FlowState):
    """The time off read from what was typed, until Confirm."""

    name = "doctor.off"
    version = 1
    starts_at: datetime | None = None
    ends_at: datetime | None = None


async def _list(update: Update, context: CareContext, *, new: bool, note: str = "") -> str:
    async with context.read() as reader:
        items = await time_off.upcoming(reader, actor=context.actor, now=context.now())
    screen = screens.off_list(context.lang, items, context.now())
    text = f"{note}\n\n{screen.text}" if note else screen.text
    await render.present(update, context, OffFlow(), text, screen.markup, new=new)
    return ASK


async def off_command(update: Update, context: CareContext) -> int | str:
    """/off: the time off ahead, each with Remove, and what to type for a new one (→ ASK)."""
    flowstate.clear(context)
    try:
        return await _list(update, context, new=False)
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)


async def range_typed(update: Update, context: CareContext) -> int | str:
    """The time off typed: the visits it would cancel and Confirm (→ SAVE), or asked again."""
    message = update.effective_message
    now = context.now()
    try:
        async with context.read() as reader:
            tz = ZoneInfo(await doctor_day.home_timezone(reader, actor=context.actor))
            start, end = time_off.parse_time_off(
                message.text if message else "", tz=tz, now=now, language=context.lang
            )
            plan = await time_off.plan(
                reader, actor=context.actor, starts_at=start, ends_at=end, now=now
            )
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    except InvalidInput as exc:
        text = f"{error_text(context.lang, exc)}\n\n{t(context.lang, 'off-ask')}"
        await render.present(update, context, OffFlow(), text, new=True)
        return ASK
    screen = screens.off_plan(context.lang, plan, now)
    state = OffFlow(starts_at=plan.starts_at, ends_at=plan.ends_at)
    await render.present(update, context, state, screen.text, screen.markup, new=True)
    return SAVE


async def save_pressed(update: Update, context: CareContext) -> int | None:
    """Confirm: the time off, its slots closed, its visits cancelled and each patient told —
    one transaction. Cancel: nothing changes."""
    state = flowstate.load(context, OffFlow)
    press: OffSave = context.press
    if state is None or state.starts_at is None or state.ends_at is None:
        return await replies.expired(update, context)
    flowstate.clear(context)
    lang, now = context.lang, context.now()
    if not press.ok:
        await render.show(update, t(lang, "off-cancelled"))
        return END
    try:
        out = await time_off.take(
            context.db, actor=context.actor, starts_at=state.starts_at, ends_at=state.ends_at,
            now=now,
        )  # fmt: skip
        async with context.read() as reader:
            tz = await doctor_day.home_timezone(reader, actor=context.actor)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.show(update, error_text(lang, exc))
        return END
    text = screens.off_taken(lang, out.starts_at, out.ends_at, tz,
                             len(out.cancelled_appointment_ids), now)  # fmt: skip
    await render.show(update, text)
    return END


async def remove_pressed(update: Update, context: CareContext) -> int | str | None:
    """Remove on one of the presser's time off: its closed slots open again (→ ASK with the
    list shown again); anyone else's has expired."""
    press: OffRemove = context.press
    try:
        async with context.write() as session:
            out = await time_off.remove(
                session, actor=context.actor, time_off_id=press.id, now=context.now()
            )
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    note = t(context.lang, "off-removed", count=out.reopened_slots)
    return await _list(update, context, new=False, note=note)
