"""/slots for the front desk and admins: generate a doctor's or a clinic's slots for typed
dates, or close one slot (its patients told and offered other times) — services.slot_admin.
"""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, render, replies
from handlers.admin import slot_screens as screens
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_plain, error_text, t
from handlers.slot_buttons import (
    SlotsClinic,
    SlotsClose,
    SlotsDay,
    SlotsDoctor,
    SlotsGenerate,
    SlotsPick,
)
from services import slot_admin
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.policy import Role

END = -1
RANGE = "admin.slots.range"


class SlotsRangeFlow(FlowState):
    """Waiting for the dates to generate the slots of that clinic or doctor for."""

    name = "admin.slots.range"
    version = 1
    clinic: bool = False
    target_id: str = ""
    target_name: str = ""  # for asking again
    horizon_days: int = 0


async def slots_command(update: Update, context: CareContext) -> int:
    """/slots: the clinics to manage (a front desk goes straight to its own)."""
    flowstate.clear(context)
    try:
        async with context.read() as reader:
            found = await slot_admin.clinics(reader, actor=context.actor)
            if len(found) == 1 and context.actor.role is not Role.admin:
                shown = await slot_admin.clinic_slots(
                    reader, actor=context.actor, clinic_id=found[0].id
                )
                screen = screens.clinic(context.lang, shown)
            else:
                screen = screens.clinics(context.lang, found)
    except (NotAllowed, NotFound):
        await replies.send_with_menu(update, context, t(context.lang, "not-allowed"))
        return END
    await render.send(update, screen.text, screen.markup)
    return END


async def clinic_pressed(update: Update, context: CareContext) -> None:
    """A clinic: generate for it or one of its doctors, or close a doctor's slot."""
    press: SlotsClinic = context.press
    try:
        async with context.read() as reader:
            shown = await slot_admin.clinic_slots(reader, actor=context.actor, clinic_id=press.id)
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    screen = screens.clinic(context.lang, shown)
    await render.show(update, screen.text, screen.markup)


async def generate_pressed(update: Update, context: CareContext) -> int | str | None:
    """Generate for a clinic or doctor: asks for the dates (→ RANGE)."""
    press: SlotsGenerate = context.press
    try:
        async with context.read() as reader:
            found = await slot_admin.target(
                reader, actor=context.actor, clinic=press.clinic, target_id=press.id
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    state = SlotsRangeFlow(
        clinic=press.clinic, target_id=str(press.id), target_name=found.name,
        horizon_days=found.horizon_days,
    )  # fmt: skip
    text = screens.ask_range(context.lang, found.name, found.horizon_days)
    await render.present(update, context, state, text, new=True)
    return RANGE


async def range_typed(update: Update, context: CareContext) -> int | str:
    """The dates typed: the slots generated and how many were new, or asked again."""
    state = flowstate.load(context, SlotsRangeFlow)
    message = update.effective_message
    if state is None:
        await replies.not_expected(update, context)
        return END
    lang = context.lang
    try:
        out = await slot_admin.generate(
            context.db, actor=context.actor, clinic=state.clinic,
            target_id=uuid.UUID(state.target_id), typed=message.text if message else "",
            now=context.now(),
        )  # fmt: skip
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        note = str(error_text(lang, exc))
        text = screens.ask_range(lang, state.target_name, state.horizon_days, note)
        await render.present(update, context, state, text, new=True)
        return RANGE
    flowstate.clear(context)
    await render.send(update, screens.generated(lang, out))
    return END


async def doctor_pressed(update: Update, context: CareContext) -> None:
    """Close a slot of that doctor: their next days with open slots."""
    press: SlotsDoctor = context.press
    try:
        async with context.read() as reader:
            shown = await slot_admin.doctor_days(
                reader, actor=context.actor, doctor_id=press.id, now=context.now()
            )
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    screen = screens.days(context.lang, shown, context.now())
    await render.show(update, screen.text, screen.markup)


async def day_pressed(update: Update, context: CareContext) -> None:
    """A day: the doctor's open slots on it, each saying whether it is booked."""
    press: SlotsDay = context.press
    try:
        async with context.read() as reader:
            shown = await slot_admin.doctor_days(
                reader, actor=context.actor, doctor_id=press.doctor, now=context.now()
            )
            lines = await slot_admin.day_slots(
                reader, actor=context.actor, doctor_id=press.doctor, day=press.day,
                now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    screen = screens.day(context.lang, lines, press.doctor, shown.doctor.name)
    await render.show(update, screen.text, screen.markup)


async def pick_pressed(update: Update, context: CareContext) -> None:
    """A slot: the question whether to close it (its patients will be told)."""
    press: SlotsPick = context.press
    try:
        async with context.read() as reader:
            line = await slot_admin.open_slot(
                reader, actor=context.actor, slot_id=press.id, now=context.now()
            )
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    screen = screens.confirm_close(context.lang, line)
    await render.show(update, screen.text, screen.markup)


async def close_pressed(update: Update, context: CareContext) -> None:
    """Close: the slot closed and its visits cancelled in one transaction; or left open."""
    press: SlotsClose = context.press
    lang, now = context.lang, context.now()
    try:
        if not press.ok:
            async with context.read() as reader:
                line = await slot_admin.open_slot(
                    reader, actor=context.actor, slot_id=press.id, now=now
                )
            await render.show(update, screens.left_open(lang, line))
            return
        out = await slot_admin.close(context.db, actor=context.actor, slot_id=press.id, now=now)
    except (NotAllowed, NotFound):
        await replies.expired(update, context)
        return
    except Conflict as exc:
        await render.alert(update, error_plain(lang, exc))
        return
    await render.show(update, screens.closed(lang, out))
