"""The doctor's screens as pure functions: a day's list, the agenda, a visit's card."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.callbacks import Menu, MenuAction
from handlers.doctor_buttons import AssignVisit, DigestOpen, PatientOpen
from handlers.formats import time_hm
from handlers.i18n import plain, short_date, t
from handlers.keyboards import InlineKeyboardButton
from handlers.screens import Screen, at, zone
from handlers.visit_callbacks import AgendaDay, DoctorVisit, RunningLate, Today, VisitAction
from services.doctor_day import (
    LATE_MINUTES,
    AgendaOut,
    DayState,
    DoctorDay,
    VisitChange,
    VisitLine,
)
from services.my_patients import PatientCard
from services.visit_records import EarlierVisit, RecordOut, RecordText, VisitCard

STATUS_ICON = {
    "scheduled": "⚪",
    "confirmed": "🔵",
    "arrived": "🟡",
    "completed": "✅",
    "no_show": "❌",
    "cancelled": "➖",
}
# What a list offers first on a visit, in this order (the card offers all).
_CHANGES = (
    (VisitChange.arrived, VisitAction.ARRIVED, "doctor-mark-arrived"),
    (VisitChange.completed, VisitAction.DONE, "doctor-mark-done"),
    (VisitChange.no_show, VisitAction.NO_SHOW, "doctor-mark-no-show"),
)
BY_ACTION = {press: change for change, press, _key in _CHANGES}


def visit_line(lang: str, visit: VisitLine) -> str:
    """ "09:00 · Ann Lee, 45 years · rash · first visit · ⚠️ allergies — ⚪ booked"."""
    parts = [f"{time_hm(visit.local_start)} · <b>{_esc(visit.patient_name)}</b>"]
    if visit.age is not None:
        parts[0] += ", " + t(lang, "doctor-age", age=visit.age)
    if visit.reason:
        parts.append(_esc(visit.reason))
    parts.append(t(lang, "doctor-returning" if visit.returning else "doctor-first-visit"))
    if visit.allergies:
        parts.append(t(lang, "doctor-allergies-flag"))
    status = f"{STATUS_ICON.get(visit.status, '')} {t(lang, 'status-' + visit.status)}"
    return " · ".join(parts) + " — " + status


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _day_text(lang: str, day: DoctorDay, now: datetime, title_key: str) -> str:
    title = t(lang, title_key, day=day.day)
    if day.state is DayState.off:
        return f"{title}\n\n{t(lang, 'doctor-day-off')}"
    if day.state is DayState.empty:
        return f"{title}\n\n{t(lang, 'doctor-day-empty')}"
    blocks = [title]
    for part in day.parts:
        head = t(lang, "doctor-day-clinic", clinic=part.clinic_name, tz=zone(lang, part.timezone))
        blocks.append("\n".join([head, *(visit_line(lang, v) for v in part.visits)]))
    if day.state is DayState.done:
        blocks.append(t(lang, "doctor-day-all-done"))
    else:
        left = sum(v.is_active for p in day.parts for v in p.visits)
        blocks.append(t(lang, "doctor-day-left", count=left))
    return "\n\n".join(blocks)


def _visit_buttons(
    lang: str, visit: VisitLine, *, agenda: bool, actions: bool
) -> list[InlineKeyboardButton]:
    label = f"{time_hm(visit.local_start)} {visit.patient_name}"
    row = [keyboards.button(label, DoctorVisit(VisitAction.OPEN, visit.id, False, agenda))]
    if not actions:
        return row
    if visit.undo_until is not None:
        row.append(keyboards.button(t(lang, "doctor-undo"), _press(VisitAction.UNDO, visit)))
        return row
    offered = [(press, key) for change, press, key in _CHANGES if change in visit.changes]
    if visit.status == "arrived":
        offered = [o for o in offered if o[0] is VisitAction.DONE]
    else:  # Arrived and No-show on the list; Done on the card
        offered = [o for o in offered if o[0] is not VisitAction.DONE]
    row += [keyboards.button(t(lang, key), _press(press, visit)) for press, key in offered]
    return row


def _press(action: VisitAction, visit: VisitLine, *, card: bool = False) -> DoctorVisit:
    return DoctorVisit(action, visit.id, card, False)


def today(lang: str, day: DoctorDay, now: datetime) -> Screen:
    """Today's list: each visit a button to its card, with what may be marked now (the
    text in time order; the buttons of visits to act on first)."""
    text = _day_text(lang, day, now, "doctor-today-title")
    visits = [v for p in day.parts for v in p.visits]
    # The visits still to act on (or to undo) come first, then the closed ones' cards.
    visits.sort(key=lambda v: not (v.is_active or v.undo_until is not None))
    grid = [_visit_buttons(lang, v, agenda=False, actions=True) for v in visits]
    if any(v.status in ("scheduled", "confirmed") and v.starts_at > now for v in visits):
        grid.append([keyboards.button(t(lang, "doctor-late-button", minutes=m), RunningLate(m))
                     for m in LATE_MINUTES])  # fmt: skip
    grid.append(
        [
            keyboards.button(t(lang, "doctor-refresh"), Today(True)),
            keyboards.button(t(lang, "doctor-digest-button"), DigestOpen(True)),
            keyboards.button(t(lang, "home"), Menu(MenuAction.HOME)),
        ]
    )
    return Screen(text, keyboards.markup(grid))


def digest(lang: str, day: DoctorDay, now: datetime) -> Screen:
    """The morning digest (kind `doctor.morning_digest`): today's lines as /today shows
    them, and a button to the list itself."""
    text = t(lang, "doctor-digest-intro") + "\n\n" + _day_text(lang, day, now, "doctor-today-title")
    open_today = keyboards.button(t(lang, "doctor-digest-open"), Today(False))
    return Screen(text, keyboards.markup([[open_today]]))


def agenda(lang: str, out: AgendaOut, page: int, now: datetime) -> Screen:
    """One day of the agenda, with ‹ › to the others of the range."""
    day = out.days[page]
    text = _day_text(lang, day, now, "doctor-agenda-title")
    if len(out.days) > 1:
        text += "\n\n" + t(lang, "doctor-agenda-page", page=page + 1, count=len(out.days),
                           first=out.first, last=out.last)  # fmt: skip
    grid = [
        _visit_buttons(lang, v, agenda=True, actions=False) for p in day.parts for v in p.visits
    ]
    moves = []
    if page > 0:
        moves.append(keyboards.button(t(lang, "prev"), AgendaDay(out.first, out.last,
                                                                 out.days[page - 1].day)))
    if page < len(out.days) - 1:
        moves.append(keyboards.button(t(lang, "next"), AgendaDay(out.first, out.last,
                                                                 out.days[page + 1].day)))
    if moves:
        grid.append(moves)
    grid.append([keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))])
    return Screen(text, keyboards.markup(grid))


def agenda_ask(lang: str) -> Screen:
    return Screen(
        t(lang, "doctor-agenda-ask"),
        keyboards.markup([[keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))]]),
    )


def record_text(lang: str, text: RecordText) -> list[str]:
    lines = []
    for field in ("diagnosis", "prescription", "notes"):
        value = getattr(text, field)
        if value:
            lines.append(t(lang, f"doctor-record-{field}", text=value))
    return lines


def record_block(lang: str, record: RecordOut) -> str:
    """The record as it reads now; a corrected one says when it was corrected."""
    lines = record_text(lang, record.current)
    if record.corrections:
        when = record.corrections[-1][0].astimezone(ZoneInfo(record.timezone))
        lines.append(t(lang, "doctor-record-corrected", when=when, count=len(record.corrections)))
    return "\n".join(lines)


def card(lang: str, info: VisitCard, now: datetime, *, agenda: bool) -> Screen:
    """A visit's card: the patient's details, the visit, its record and earlier visits."""
    visit = info.visit
    lines = [
        t(lang, "doctor-card-title", when=at(lang, visit.local_start, now)),
        visit_line(lang, visit),
        "",
        patient_block(lang, info),
    ]
    if info.record is not None:
        lines += ["", t(lang, "doctor-card-record"), record_block(lang, info.record)]
    lines += earlier_lines(lang, info.earlier)
    grid = _card_buttons(lang, info, agenda=agenda)
    return Screen("\n".join(str(x) for x in lines), keyboards.markup(grid))


def patient_block(lang: str, info: VisitCard | PatientCard) -> str:
    """The patient's contact, date of birth, allergies and emergency contact."""
    not_set = plain(lang, "not-set")
    return t(
        lang,
        "doctor-card-patient",
        phone=info.phone or not_set,
        birth=short_date(info.date_of_birth, lang) if info.date_of_birth else not_set,
        allergies=info.allergies or not_set,
        emergency=info.emergency_contact or not_set,
    )


def earlier_lines(lang: str, earlier: list[EarlierVisit]) -> list[str]:
    """The earlier visits with this doctor, newest first, each with its diagnosis."""
    if not earlier:
        return []
    lines = ["", t(lang, "doctor-card-earlier", count=len(earlier))]
    for past in earlier:
        when = past.starts_at.astimezone(ZoneInfo(past.timezone))
        head = f"• {short_date(when.date(), lang)} — {t(lang, 'status-' + past.status)}"
        diagnosis = past.record.current.diagnosis if past.record else None
        lines.append(head + (f": {_esc(_short(diagnosis))}" if diagnosis else ""))
    return lines


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _card_buttons(lang: str, info: VisitCard, *, agenda: bool) -> list[list[InlineKeyboardButton]]:
    visit = info.visit
    grid: list[list[InlineKeyboardButton]] = []

    def press(action: VisitAction) -> DoctorVisit:
        return DoctorVisit(action, visit.id, True, agenda)

    if visit.undo_until is not None:
        grid.append([keyboards.button(t(lang, "doctor-undo"), press(VisitAction.UNDO))])
    else:
        marks = [keyboards.button(t(lang, key), press(p)) for c, p, key in _CHANGES
                 if c in visit.changes]  # fmt: skip
        if marks:
            grid.append(marks)
    if info.may_write:
        grid.append([keyboards.button(t(lang, "doctor-record-write"), press(VisitAction.RECORD))])
    elif info.may_edit:
        grid.append([keyboards.button(t(lang, "doctor-record-edit"), press(VisitAction.RECORD))])
    elif info.may_correct:
        grid.append([keyboards.button(t(lang, "doctor-record-fix"), press(VisitAction.CORRECT))])
    if info.assigned:
        mine = PatientOpen(visit.patient_id, 0)
        grid.append([keyboards.button(t(lang, "patients-in-mine"), mine)])
    else:
        add = AssignVisit(visit.id, agenda)
        grid.append([keyboards.button(t(lang, "patients-add"), add)])
    back = t(lang, "doctor-back-agenda" if agenda else "doctor-back-today")
    grid.append([keyboards.button(back, press(VisitAction.BACK))])
    return grid


def no_show_notice(
    lang: str, *, doctor: str, clinic: str, when: datetime, now: datetime | None = None
) -> Screen:
    """What the patient reads after a missed visit (kind `appointment.no_show`; the outbox
    row holds the appointment id only): a short word and a button to book again."""
    text = t(lang, "doctor-no-show-notice", doctor=doctor, clinic=clinic, when=at(lang, when, now))
    book = keyboards.button(t(lang, "doctor-no-show-rebook"), Menu(MenuAction.BOOK))
    return Screen(text, keyboards.markup([[book]]))


def running_late_notice(
    lang: str, *, doctor: str, clinic: str, when: datetime, minutes: int,
    now: datetime | None = None,
) -> Screen:  # fmt: skip
    """What a patient still to come reads when their doctor runs late (kind
    `appointment.running_late`; the outbox row holds the appointment id and the minutes)."""
    text = t(lang, "doctor-late-notice", doctor=doctor, clinic=clinic, when=at(lang, when, now),
             minutes=minutes)  # fmt: skip
    mine = keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY))
    return Screen(text, keyboards.markup([[mine]]))

