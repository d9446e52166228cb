"""A visit's record, from its card: diagnosis, prescription, notes, one question each.

Writing and editing (while the author may) fill the record; after its edit window a
correction is added instead. The typed text is only ever shown back to the doctor; it
never goes into logs or errors (a too-long answer is told its length only).
"""

from __future__ import annotations

import uuid

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import NavAction
from handlers.context import CareContext
from handlers.doctor import card
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.visit_callbacks import DoctorVisit, VisitAction
from services import visit_records
from services.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound
from services.visit_records import RecordField, RecordText

END = -1
STEP = "doctor.record"
FIELDS = list(RecordField)


class RecordFlow(FlowState):
    """Only what the doctor typed in this flow (None: keep what the record says), so the
    bot's stored state holds no more record text than the open question needs."""

    name = "doctor.record"
    version = 2
    appointment_id: uuid.UUID
    correct: bool = False
    agenda: bool = False
    field: int = 0  # index into FIELDS: the question shown
    diagnosis: str | None = None
    prescription: str | None = None
    notes: str | None = None


async def _question(context: CareContext, state: RecordFlow) -> tuple[str, dict]:
    """The question of the field shown, with what the record says now (read afresh)."""
    lang, field = context.lang, FIELDS[state.field]
    async with context.write() as session:
        record = await visit_records.visit_record(
            session, actor=context.actor, appointment_id=state.appointment_id
        )
    current = getattr(record.current, field.value) if record is not None else None
    text = t(lang, f"doctor-record-ask-{field.value}", limit=visit_records.LIMITS[field])
    if current:
        text += "\n\n" + t(lang, "doctor-record-now", text=current)
    markup = keyboards.markup(
        [
            [keyboards.nav(lang, "doctor-record-keep" if current else "skip", NavAction.SKIP)],
            [keyboards.nav(lang, "doctor-record-cancel", NavAction.CLOSE)],
        ]
    )
    return text, markup


async def start(update: Update, context: CareContext) -> int | str | None:
    """📝 Write / ✏️ Edit / ➕ Correction on a card: the first question (→ STEP)."""
    press: DoctorVisit = context.press
    state = RecordFlow(
        appointment_id=press.id, correct=press.action is VisitAction.CORRECT, agenda=press.agenda
    )
    try:
        text, markup = await _question(context, state)
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    await render.present(update, context, state, text, markup)
    return STEP


async def typed(update: Update, context: CareContext) -> int | str | None:
    """An answer to the question shown; too long is said and asked again."""
    state = flowstate.load(context, RecordFlow)
    message = update.effective_message
    if state is None or message is None:
        return END
    field = FIELDS[state.field]
    try:
        value = visit_records.clean_field(field, message.text)
    except InvalidInput as exc:
        text, markup = await _question(context, state)
        await render.present(
            update, context, state, f"{error_text(context.lang, exc)}\n\n{text}", markup, new=True
        )
        return STEP
    setattr(state, field.value, value)
    return await _next(update, context, state, new=True)


async def skipped(update: Update, context: CareContext) -> int | str | None:
    """Skip (or Keep): the field stays as it is."""
    state = flowstate.load(context, RecordFlow)
    if state is None:
        return await replies.expired(update, context)
    return await _next(update, context, state, new=False)


async def cancelled(update: Update, context: CareContext) -> int | str | None:
    """Cancel: nothing is saved; back to the card."""
    state = flowstate.load(context, RecordFlow)
    flowstate.clear(context)
    if state is None:
        return await replies.expired(update, context)
    return await _card(update, context, state)


async def _next(
    update: Update, context: CareContext, state: RecordFlow, *, new: bool
) -> int | str | None:
    if state.field < len(FIELDS) - 1:
        state.field += 1
        text, markup = await _question(context, state)
        await render.present(update, context, state, text, markup, new=new)
        return STEP
    save = visit_records.correct_record if state.correct else visit_records.save_record
    text = RecordText(diagnosis=state.diagnosis, prescription=state.prescription, notes=state.notes)
    try:
        await save(
            context.db,
            actor=context.actor,
            appointment_id=state.appointment_id,
            text=text,
            now=context.now(),
        )
    except (NotAllowed, NotFound):
        flowstate.clear(context)
        return await replies.expired(update, context)
    except InvalidInput as exc:  # nothing was written: start the questions again
        state.field = 0
        question, markup = await _question(context, state)
        await render.present(
            update, context, state, f"{error_text(context.lang, exc)}\n\n{question}", markup,
            new=True,
        )
        return STEP
    except Conflict as exc:
        flowstate.clear(context)
        await render.send(update, error_text(context.lang, exc))
        return await _card(update, context, state)
    flowstate.clear(context)
    await render.send(update, t(context.lang, "doctor-record-saved"))
    return await _card(update, context, state)


async def _card(update: Update, context: CareContext, state: RecordFlow) -> int:
    try:
        await card.show_card(update, context, state.appointment_id, agenda=state.agenda)
    except DomainError:
        await replies.expired(update, context)
    return END
