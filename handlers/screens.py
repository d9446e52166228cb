"""Screens as data: pure functions from what a service returned to (text, keyboard).

The booking flow, the appointment list and — later — reminders and other roles' views
all render through these, so one visit looks the same wherever it is shown. They take
the reader's language and plain values; they never touch the database or Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.callbacks import (
    Appt,
    ApptAction,
    CancelWhy,
    Confirm,
    FindBy,
    FindKind,
    Menu,
    MenuAction,
    MyList,
    NavAction,
    PickDay,
    PickSlot,
)
from handlers.i18n import day_label, t, time_hm, when
from handlers.keyboards import InlineKeyboardMarkup
from services.booking import AppointmentAction, AppointmentOut
from services.catalog import DoctorOut
from services.slots import SlotOut

CANCEL_REASONS = 4  # cancel-reason-0 … cancel-reason-3; the last is "no reason given"


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


def find_how(lang: str) -> Screen:
    return Screen(
        t(lang, "find-how"),
        keyboards.markup(
            [
                [keyboards.button(t(lang, "by-specialty"), FindBy(FindKind.SPECIALTY))],
                [keyboards.button(t(lang, "by-clinic"), FindBy(FindKind.CLINIC))],
                [keyboards.button(t(lang, "by-name"), FindBy(FindKind.NAME))],
                [keyboards.nav(lang, "home", NavAction.HOME)],
            ]
        ),
    )


def type_search(lang: str) -> Screen:
    return Screen(
        t(lang, "type-search"),
        keyboards.markup([[keyboards.nav(lang, "back", NavAction.BACK)]]),
    )


def doctor_card(lang: str, doctor: DoctorOut, next_free: datetime | None) -> Screen:
    tz = ZoneInfo(doctor.timezone)
    text = t(
        lang,
        "doctor-card",
        name=doctor.full_name,
        specialty=doctor.specialty,
        years=doctor.experience_years,
        clinic=doctor.clinic,
        address=doctor.clinic_address,
        next_free=next_free.astimezone(tz) if next_free else t(lang, "no-free-time"),
    )
    return Screen(
        text,
        keyboards.markup(
            [
                [keyboards.nav(lang, "pick-day-button", NavAction.DAYS)],
                keyboards.back_home(lang),
            ]
        ),
    )


def calendar(
    lang: str,
    doctor: DoctorOut,
    month: date,
    free: set[date],
    first: date,
    last: date,
    note: str | None = None,
) -> Screen:
    grid = keyboards.calendar(month, free, first, last, lang)
    grid.append(keyboards.back_home(lang))
    text = t(lang, "pick-day", name=doctor.full_name)
    if note:
        text = f"{note}\n\n{text}"
    return Screen(text, keyboards.markup(grid))


def times(
    lang: str, doctor: DoctorOut, day: date, free: Sequence[SlotOut], nearby: Sequence[date]
) -> Screen:
    """A day's free times, or the nearest days that have some."""
    tz = ZoneInfo(doctor.timezone)
    if free:
        buttons = [
            keyboards.button(time_hm(s.starts_at.astimezone(tz)), PickSlot(s.id)) for s in free
        ]
        text = t(lang, "pick-time", name=doctor.full_name, day=day, tz=doctor.timezone)
        grid = keyboards.rows(buttons, per_row=4)
    elif nearby:
        text = t(lang, "none-that-day", name=doctor.full_name, day=day)
        grid = keyboards.rows(
            [keyboards.button(day_label(d, lang), PickDay(d)) for d in sorted(nearby)],
            per_row=1,
        )
    else:
        text = t(lang, "none-at-all", name=doctor.full_name)
        grid = []
    grid.append(keyboards.back_home(lang))
    return Screen(text, keyboards.markup(grid))


def slot_choices(
    lang: str, text: str, slots: Sequence[SlotOut], doctors: dict, *, with_back: bool = True
) -> Screen:
    """Free times across doctors (alternatives after a lost race, the free-text shortcut)."""
    many = len({s.doctor_id for s in slots}) > 1
    buttons = []
    for s in slots:
        doctor = doctors[s.doctor_id]
        label = when(s.starts_at.astimezone(ZoneInfo(doctor.timezone)), lang)
        if many:
            label += f" · {doctor.full_name}"
        buttons.append(keyboards.button(label, PickSlot(s.id)))
    grid = keyboards.rows(buttons, per_row=1)
    grid.append(
        keyboards.back_home(lang) if with_back else [keyboards.nav(lang, "home", NavAction.HOME)]
    )
    return Screen(text, keyboards.markup(grid))


def ask_reason(lang: str, limit: int) -> Screen:
    return Screen(
        t(lang, "ask-reason", limit=limit),
        keyboards.markup(
            [[keyboards.nav(lang, "skip", NavAction.SKIP)], keyboards.back_home(lang)]
        ),
    )


def summary(
    lang: str,
    doctor: DoctorOut,
    starts_at: datetime,
    nonce: str,
    *,
    reason: str | None = None,
    instead_of: datetime | None = None,
) -> Screen:
    tz = ZoneInfo(doctor.timezone)
    text = t(
        lang,
        "summary",
        doctor=doctor.full_name,
        specialty=doctor.specialty,
        clinic=doctor.clinic,
        address=doctor.clinic_address,
        when=starts_at.astimezone(tz),
        tz=doctor.timezone,
    )
    if reason:
        text += "\n" + t(lang, "summary-reason", reason=reason)
    if instead_of is not None:
        text += "\n" + t(lang, "summary-move", old=instead_of.astimezone(tz))
    return Screen(
        text,
        keyboards.markup(
            [
                [keyboards.button(t(lang, "confirm"), Confirm(nonce))],
                [
                    keyboards.nav(lang, "back", NavAction.BACK),
                    keyboards.nav(lang, "cancel-flow", NavAction.CLOSE),
                ],
            ]
        ),
    )


def booked(lang: str, appt: AppointmentOut, *, moved: bool) -> Screen:
    text = t(
        lang,
        "moved" if moved else "booked",
        doctor=appt.doctor_name,
        specialty=appt.specialty,
        clinic=appt.clinic_name,
        address=appt.clinic_address,
        when=appt.local_start,
        tz=appt.timezone,
    )
    return Screen(
        text,
        keyboards.markup(
            [
                [
                    keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY)),
                    keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
                ]
            ]
        ),
    )


def appointment_label(lang: str, appt: AppointmentOut) -> str:
    mark = "" if appt.is_active else f" ({t(lang, 'status-' + appt.status)})"
    return f"{when(appt.local_start, lang)} · {appt.doctor_name}{mark}"


# What the service offers on an appointment → the button that does it.
_OFFERED = (
    (AppointmentAction.cancel, ApptAction.CANCEL, "appt-cancel"),
    (AppointmentAction.reschedule, ApptAction.RESCHEDULE, "appt-move"),
)


def appointment_card(lang: str, appt: AppointmentOut) -> Screen:
    """One appointment with the actions the service says the reader may take."""
    text = t(
        lang,
        "appt-card",
        when=appt.local_start,
        tz=appt.timezone,
        doctor=appt.doctor_name,
        specialty=appt.specialty,
        clinic=appt.clinic_name,
        address=appt.clinic_address,
        status=t(lang, "status-" + appt.status),
    )
    if appt.locked_by_notice:
        text += "\n\n" + t(lang, "appt-locked", phone=appt.clinic_phone or t(lang, "not-set"))
    grid = []
    changes = [
        keyboards.button(t(lang, key), Appt(press, appt.id))
        for offered, press, key in _OFFERED
        if offered in appt.actions
    ]
    if changes:
        grid.append(changes)
    upcoming = AppointmentAction.calendar in appt.actions
    if upcoming:
        grid.append([keyboards.button(t(lang, "appt-ics"), Appt(ApptAction.CALENDAR, appt.id))])
    grid.append([keyboards.button(t(lang, "back-to-list"), MyList(upcoming, 0))])
    return Screen(text, keyboards.markup(grid))


def cancel_question(lang: str, appt: AppointmentOut) -> Screen:
    grid = [
        [keyboards.button(t(lang, f"cancel-reason-{i}"), CancelWhy(appt.id, i))]
        for i in range(CANCEL_REASONS)
    ]
    grid.append([keyboards.button(t(lang, "keep-it"), Appt(ApptAction.OPEN, appt.id))])
    return Screen(
        t(lang, "cancel-ask", when=appt.local_start, doctor=appt.doctor_name),
        keyboards.markup(grid),
    )


def cancelled(lang: str, appt: AppointmentOut) -> Screen:
    return Screen(
        t(lang, "cancelled", when=appt.local_start, doctor=appt.doctor_name),
        keyboards.markup(
            [
                [
                    keyboards.button(t(lang, "my-appointments"), MyList(True, 0)),
                    keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
                ]
            ]
        ),
    )
