"""/board and /day (and 🏥 Clinic day): the clinic's day in one message, every doctor's
visits grouped by doctor, edited in place by 🟡 Arrived, ❌ No-show and 🔄 Refresh. An
admin first picks a clinic; that board's buttons carry the clinic. Every press is checked
again by services.clinic_day / doctor_day.mark_visit against the presser's clinic."""

from __future__ import annotations

import html

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.context import CareContext
from handlers.desk_buttons import BoardChange, BoardMark, BoardOf, BoardOfMark, BoardRefresh
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


def clinics_screen(lang: str, found: clinic_day.BoardClinics) -> tuple[str, InlineKeyboardMarkup]:
    """An admin's /day: which clinic's day (one button each)."""
    if not found.clinics:
        return t(lang, "board-no-clinics"), keyboards.markup([])
    rows = [[keyboards.button(c.name, BoardOf(c.id))] for c in found.clinics]
    text = t(lang, "board-pick-clinic")
    if found.asked is not None:
        key = "board-clinic-several" if found.several else "board-clinic-unknown"
        text = f"{t(lang, key, query=found.asked)}\n\n{text}"
    return text, keyboards.markup(rows)


def board_screen(
    lang: str, board: clinic_day.ClinicBoard, *, picked: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """The day's text per doctor, and a row of marks for each visit that may take one now
    (on a picked clinic's board the buttons name the clinic)."""
    clinic = board.clinic_id
    mark = (lambda c, v: BoardOfMark(c, v, clinic)) if picked else BoardMark
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
                    [keyboards.button(f"{plain(lang, k)} · {name}", mark(c, visit.id))
                     for c, k in offered]
                )  # fmt: skip
    if not board.doctors:
        blocks.append(t(lang, "board-empty"))
    else:
        blocks.append(t(lang, "board-left", count=board.still_to_see))
    again = BoardOf(board.clinic_id) if picked else BoardRefresh()
    refresh = keyboards.button(plain(lang, "doctor-refresh"), again)
    return "\n\n".join(blocks), keyboards.markup(rows, [[refresh]])


async def board_command(update: Update, context: CareContext) -> int:
    """/board, /day [clinic name], 🏥 Clinic day, a picked clinic and 🔄 Refresh: the day
    (an admin's clinics to pick from first, unless the name typed is one clinic's), edited
    in place on a press. The open flow ends only once the board is allowed (a forged press
    leaves it where it was)."""
    press = context.press if update.callback_query is not None else None
    clinic = press.clinic if isinstance(press, BoardOf | BoardOfMark) else None
    typed = " ".join(context.args or []) if update.callback_query is None else ""
    try:
        async with context.read() as reader:
            view = await clinic_day.board_or_clinics(
                reader, actor=context.actor, now=context.now(), clinic_id=clinic,
                clinic_name=typed,
            )  # fmt: skip
    except (NotAllowed, NotFound) as exc:
        if update.callback_query is not None:
            return await replies.expired(update, context)
        await replies.send_with_menu(update, context, error_text(context.lang, exc))
        return END
    flowstate.clear(context)
    if isinstance(view, clinic_day.BoardClinics):
        text, markup = clinics_screen(context.lang, view)
    else:
        text, markup = board_screen(context.lang, view, picked=clinic is not None)
    await render.show(update, text, markup)
    return END


async def mark_pressed(update: Update, context: CareContext) -> int | None:
    """🟡 Arrived / ❌ No-show on a line: marked (re-checked), the board redrawn."""
    press: BoardMark | BoardOfMark = context.press
    try:
        if isinstance(press, BoardOfMark):
            await clinic_day.mark_on_board(
                context.db,
                actor=context.actor,
                clinic_id=press.clinic,
                appointment_id=press.id,
                change=CHANGE[press.change],
                now=context.now(),
            )
        else:
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
