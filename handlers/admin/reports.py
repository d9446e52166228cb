"""/report [clinic] [period] (and 📊 Reports): a clinic's figures as a short summary, a
chart of bookings per day and a CSV of the period's appointments.

Without a clinic an admin picks one (a front-desk member, or the admin of a single clinic,
goes straight on); without a period the picker offers this week, last month and this
quarter, and a period may be typed at it. An unreadable period gets a sentence and the
same question again, and nothing is sent.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid

from telegram import InputFile, Update
from telegram.error import TelegramError

from handlers import flowstate, render, replies
from handlers.admin import report_chart, report_screens
from handlers.context import CareContext
from handlers.flowstate import FlowState
from handlers.i18n import error_text, t
from handlers.report_buttons import ReportClinic, ReportPeriod
from services import report_export, reports
from services.errors import InvalidInput, NotAllowed, NotFound
from services.report_periods import PeriodKind
from services.reports import ClinicChoice

END = -1
PICK = "admin.report.pick"
PERIOD = "admin.report.period"
SPOOL_BYTES = 1 << 20  # a CSV larger than this goes to a temporary file on disk


class ReportFlow(FlowState):
    """The clinic picked (None while the clinic is still to be chosen)."""

    name = "admin.report"
    version = 1
    clinic_id: uuid.UUID | None = None


async def report_command(update: Update, context: CareContext) -> int | str:
    """/report [clinic] [period]: the report, or the question of what is missing
    (→ PICK or PERIOD)."""
    flowstate.clear(context)
    lang = context.lang
    typed = " ".join(context.args or []) if update.callback_query is None else ""
    try:
        async with context.read() as reader:
            if not typed:
                clinics = await reports.clinics_for(reader, actor=context.actor)
                if len(clinics) != 1:
                    return await _ask_clinic(update, context, clinics)
                return await _ask_period(update, context, clinics[0])
            request = await reports.read_request(
                reader, actor=context.actor, typed=typed, now=context.now()
            )
    except NotAllowed:
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        async with context.read() as reader:
            clinics = await reports.clinics_for(reader, actor=context.actor)
        return await _ask_clinic(update, context, clinics, str(error_text(lang, exc)))
    if not request.period:
        return await _ask_period(update, context, request.clinic)
    return await _run(update, context, request.clinic.id, request.period)


async def clinic_pressed(update: Update, context: CareContext) -> int | str | None:
    """A clinic of the admin's picker: its periods (→ PERIOD)."""
    press: ReportClinic = context.press
    try:
        async with context.read() as reader:
            clinic = await reports.clinic_choice(
                reader, actor=context.actor, clinic_id=press.clinic
            )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    return await _ask_period(update, context, clinic)


async def period_pressed(update: Update, context: CareContext) -> int | str | None:
    """A period of the picker: the report of the clinic it shows (checked again)."""
    press: ReportPeriod = context.press
    state = flowstate.load(context, ReportFlow)
    if state is None or state.clinic_id != press.clinic:
        return await replies.expired(update, context)
    try:
        kind = PeriodKind(press.period)
    except ValueError:
        return await replies.expired(update, context)
    return await _run(update, context, press.clinic, kind)


async def period_typed(update: Update, context: CareContext) -> int | str | None:
    """A period typed at the picker's question: the report, or the question again."""
    state = flowstate.load(context, ReportFlow)
    if state is None or state.clinic_id is None:
        return await replies.not_expected(update, context)
    return await _run(update, context, state.clinic_id, update.effective_message.text or "")


async def _ask_clinic(
    update: Update, context: CareContext, clinics: list[ClinicChoice], note: str = ""
) -> int | str:
    screen = report_screens.clinic_picker(context.lang, clinics, note)
    if not clinics:
        await render.send(update, screen.text)
        return END
    await render.present(update, context, ReportFlow(), screen.text, screen.markup)
    return PICK


async def _ask_period(
    update: Update, context: CareContext, clinic: ClinicChoice, note: str = ""
) -> int | str:
    screen = report_screens.period_picker(context.lang, clinic, note)
    state = ReportFlow(clinic_id=clinic.id)
    new = update.callback_query is None
    await render.present(update, context, state, screen.text, screen.markup, new=new)
    return PERIOD


async def _run(
    update: Update, context: CareContext, clinic_id: uuid.UUID, period: str | PeriodKind
) -> int | str | None:
    """The report: its summary (in place of a picker that was pressed), chart and CSV."""
    lang = context.lang
    try:
        async with context.write() as session:
            report = await reports.report_for(
                session, actor=context.actor, clinic_id=clinic_id, period=period,
                now=context.now(),
            )  # fmt: skip
    except (NotAllowed, NotFound):
        if update.callback_query is not None:
            return await replies.expired(update, context)
        await replies.send_with_menu(update, context, t(lang, "not-allowed"))
        return END
    except InvalidInput as exc:
        async with context.read() as reader:
            clinic = await reports.clinic_choice(reader, actor=context.actor, clinic_id=clinic_id)
        return await _ask_period(update, context, clinic, str(error_text(lang, exc)))
    flowstate.clear(context)
    text = report_screens.summary(lang, report)
    if update.callback_query is not None:
        await render.show(update, text)
    else:
        await render.send(update, text)
    await _send_files(update, context, report)
    return END


async def _send_files(update: Update, context: CareContext, report: reports.Report) -> None:
    """The chart (drawn in a worker thread) and the CSV (streamed into a spooled file)."""
    lang, chat = context.lang, update.effective_chat
    try:
        png = await asyncio.to_thread(report_chart.bookings_per_day, lang, report)
        await chat.send_photo(InputFile(png, filename="report.png"))
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as out:
            await report_export.export_csv(
                context.db, actor=context.actor, clinic_id=report.clinic.id,
                first=report.first, last=report.last, out=out, now=context.now(),
            )  # fmt: skip
            out.seek(0)
            name = report_screens.csv_filename(report)
            caption = report_screens.csv_caption(lang, report)
            # The upload holds the file in memory once (PTB reads it whole to send it).
            data = out.read()
        await chat.send_document(InputFile(data, filename=name), caption=caption)
    except TelegramError:
        await render.send(update, t(lang, "report-files-failed"))
