"""The front desk cancels a patient's visit from their card: a question first, then the
visit is cancelled with the desk member as the actor (the patient is told by the outbox,
if they have a chat). Every press is checked again in services.booking."""

from __future__ import annotations

import uuid
from typing import ClassVar

from telegram import Update

from handlers import flowstate, render, replies
from handlers.context import CareContext
from handlers.i18n import error_text
from handlers.staff import desk_screens
from services import booking, desk_booking, front_desk
from services.errors import DomainError, NotAllowed, NotFound

END = -1
ASK = "desk.cancel.ask"


class DeskCancelling(flowstate.FlowState):
    name: ClassVar[str] = "desk-cancel"
    version: ClassVar[int] = 1

    appointment: uuid.UUID
    patient_name: str


async def cancel_pressed(update: Update, context: CareContext) -> int | str | None:
    """✖️ Cancel on a card: is it to be cancelled? (→ ASK); a visit the desk may not change
    (another clinic's, gone) has expired and changes nothing."""
    try:
        async with context.write() as session:
            appt = await booking.ensure_cancellable(
                session, appointment_id=context.press.id, actor=context.actor, now=context.now()
            )
            hit = await front_desk.linked_patient(
                session, actor=context.actor, patient_id=appt.patient_id
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except DomainError as exc:
        await render.alert(update, error_text(context.lang, exc))
        return None
    state = DeskCancelling(appointment=appt.id, patient_name=hit.full_name)
    screen = desk_screens.cancel_question(context.lang, appt, hit.full_name)
    await render.present(update, context, state, screen.text, screen.markup)
    return ASK


async def cancel_confirmed(update: Update, context: CareContext) -> int | str | None:
    """✅ Yes, cancel it — only for the visit the question is about (→ END)."""
    state = flowstate.load(context, DeskCancelling)
    if state is None or state.appointment != context.press.id:
        return await replies.expired(update, context)
    try:
        appt = await booking.cancel_appointment(
            context.db, appointment_id=state.appointment, actor=context.actor,
            now=context.now(), reason=desk_booking.CANCEL_REASON,
        )  # fmt: skip
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        return await replies.expired(update, context)
    except DomainError as exc:
        flowstate.clear(context)
        await render.alert(update, error_text(context.lang, exc))
        return END
    flowstate.clear(context)
    screen = desk_screens.cancelled(context.lang, appt, state.patient_name)
    await render.show_surely(update, screen.text, screen.markup)
    return END
