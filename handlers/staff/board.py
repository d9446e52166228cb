"""/board and /day (and 🏥 Clinic day): the clinic's day in one message, every doctor's
visits grouped by doctor, edited in place by 🟡 Arrived, ❌ No-show and 🔄 Refresh. Every
press is checked again by services.doctor_day.mark_visit against the presser's clinic."""

from __future__ import annotations

import html

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.context import CareContext
from handlers.desk_buttons import BoardChange, BoardMark, BoardRefresh
from handlers.doctor.screens import visit_line
from handlers.formats import time_hm
from handlers.i18n import error_text, plain, t
from handlers.keyboards import InlineKeyboardMarkup
from handlers.screens import zone
from services import clinic_day, doctor_day
from services.doctor_day import VisitChange
from services.errors import Conflict, NotAllowed, NotFound

END = -1
MAX_BUTTON_ROWS = 60  # a long day keeps its text; the buttons go to the first visits to act on
CHANGE = {BoardChange.ARRIVED: VisitChange.arrived, BoardChange.NO_SHOW: VisitChange.no_show}
_LABELS = (
    (BoardChange.ARRIVED, "doctor-mark-arrived"),
    (BoardChange.NO_SHOW, "doctor-mark-no-show"),
)


def board_screen(lang: str, board: clinic_day.ClinicBoard) -> tuple[str, InlineKeyboardMarkup]:
    """The day's text per doctor, and a row of marks for each visit that may take one now."""
    head = t(lang, "board-title", clinic=board.clinic_name, day=board.day)
    blocks = [head + " (" + zone(lang, board.timezone) + ")"]
    rows = []
    for part in board.doctors:
        lines = ["👩‍⚕️ <b>" + html.escape(part.doctor_name, quote=False) + "</b>"]
        lines += [visit_line(lang, v) for v in part.visits]
        blocks.append("\n".join(lines))
        for visit in part.visits:
            offered = [(c, k) for c, k in _LABELS if CHANGE[c] in visit.changes]
            if offered and len(rows) < MAX_BUTTON_ROWS:
                name = f"{time_hm(visit.local_start)} {visit.patient_name}"[:24]
                rows.append(
                    [keyboards.button(f"{plain(lang, k)} · {name}", BoardMark(c, visit.id))
                     for c, k in offered]
                )  # fmt: skip
    if not board.doctors:
        blocks.append(t(lang, "board-empty"))
    else:
        blocks.append(t(lang, "board-left", count=board.still_to_see))
    refresh = keyboards.button(plain(lang, "doctor-refresh"), BoardRefresh())
    return "\n\n".join(blocks), keyboards.markup(rows, [[refresh]])


async def board_command(update: Update, context: CareContext) -> int:
    """/board, /day, 🏥 Clinic day and 🔄 Refresh: the day, edited in place on a press."""
    flowstate.clear(context)
    try:
        await _show(update, context)
    except (NotAllowed, NotFound) as exc:
        if update.callback_query is not None and isinstance(exc, NotAllowed):
            return await replies.expired(update, context)
        await replies.send_with_menu(update, context, error_text(context.lang, exc))
    return END


async def _show(update: Update, context: CareContext) -> None:
    async with context.read() as reader:
        board = await clinic_day.clinic_board(reader, actor=context.actor, now=context.now())
    text, markup = board_screen(context.lang, board)
    await render.show(update, text, markup)


async def mark_pressed(update: Update, context: CareContext) -> int | None:
    """🟡 Arrived / ❌ No-show on a line: marked (re-checked), the board redrawn."""
    press: BoardMark = context.press
    try:
        await doctor_day.mark_visit(
            context.db,
            actor=context.actor,
            appointment_id=press.id,
            change=CHANGE[press.change],
            now=context.now(),
        )
    except (NotAllowed, NotFound):
        return await replies.expired(update, context)
    except Conflict as exc:
        await render.alert(update, error_text(context.lang, exc))
    return await board_command(update, context)
