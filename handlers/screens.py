"""Screens as data: pure functions from what a service returned to (text, keyboard).

The booking flow, the appointment list and — later — reminders and other roles' views
all render through these, so one visit looks the same wherever it is shown. They take
the reader's language and plain values; they never touch the database or Telegram.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.callbacks import (
    Confirm,
    FindBy,
    FindKind,
    NavAction,
    PickDay,
    PickSlot,
)
from handlers.formats import zone_city
from handlers.i18n import Safe, day_label, t, time_hm, when
from handlers.keyboards import InlineKeyboardMarkup
from handlers.waitlist_buttons import WaitDoctor
from services.catalog import DoctorOut
from services.slots import SlotOut


@dataclass(frozen=True)
class Screen:
    text: str
    markup: InlineKeyboardMarkup | None = None


def zone(lang: str, name: str) -> Safe:
    """A clinic's time zone as its readers say it: "London time", "hora de Madrid"."""
    return t(lang, "zone-time", city=zone_city(name, lang))


def at(lang: str, dt: datetime, now: datetime | None) -> Safe:
    """A local time, with the year when it is not the reader's current one."""
    this_year = now.astimezone(dt.tzinfo).year if now is not None else None
    return Safe(when(dt, lang, this_year=this_year))


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


def doctor_card(
    lang: str, doctor: DoctorOut, next_free: datetime | None, now: datetime | None = None
) -> Screen:
    text = t(
        lang,
        "doctor-card",
        name=doctor.full_name,
        specialty=doctor.specialty,
        years=doctor.experience_years,
        clinic=doctor.clinic,
        address=doctor.clinic_address,
        next_free=_next_free(lang, doctor, next_free, now, "card"),
    )
    text += "\n" + t(lang, "visit-length", minutes=doctor.visit_minutes)
    grid = [[keyboards.nav(lang, "pick-day-button", NavAction.DAYS)]]
    if next_free is None:  # fully booked up to the horizon: the waitlist
        grid.append([keyboards.button(t(lang, "wait-button"), WaitDoctor(doctor.id))])
    grid.append(keyboards.back_home(lang))
    return Screen(text, keyboards.markup(grid))


def _next_free(
    lang: str, doctor: DoctorOut, next_free: datetime | None, now: datetime | None, kind: str
) -> Safe:
    """A doctor's first bookable time on the clinic's clock with its city, or that there is
    none up to the clinic's horizon; `kind` "card" or "list" chooses the messages."""
    if next_free is None:
        return t(lang, f"{kind}-no-free", name=doctor.full_name,
                 horizon_days=doctor.booking_horizon_days)
    local = next_free.astimezone(ZoneInfo(doctor.timezone))
    return t(lang, f"{kind}-next-free", name=doctor.full_name, when=at(lang, local, now),
             tz=zone(lang, doctor.timezone))


def doctor_list(
    lang: str,
    title: str,
    doctors: Sequence[DoctorOut],
    next_free: Mapping[uuid.UUID, datetime | None],
    now: datetime | None = None,
) -> Safe:
    """A list's title with each shown doctor's next free time, one line each."""
    lines = [_next_free(lang, d, next_free.get(d.id), now, "list") for d in doctors]
    return Safe("\n".join([title, "", *lines])) if lines else Safe(title)


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
        text = t(lang, "pick-time", name=doctor.full_name, day=day, tz=zone(lang, doctor.timezone))
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
    if not free:  # no time fits that day: the waitlist
        grid.append([keyboards.button(t(lang, "wait-button"), WaitDoctor(doctor.id))])
    grid.append(keyboards.back_home(lang))
    return Screen(text, keyboards.markup(grid))


def slot_choices(
    lang: str,
    text: str,
    slots: Sequence[SlotOut],
    doctors: dict,
    *,
    with_back: bool = True,
    with_clinic: bool = False,
    now: datetime | None = None,
) -> Screen:
    """Free times across doctors (alternatives after a lost race, the free-text shortcut)."""
    many = len({s.doctor_id for s in slots}) > 1
    buttons = []
    for s in slots:
        doctor = doctors[s.doctor_id]
        label = at(lang, s.starts_at.astimezone(ZoneInfo(doctor.timezone)), now)
        if many or with_clinic:
            label += f" · {doctor.full_name}"
        if with_clinic:
            label += f" · {doctor.clinic}"
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
    minutes: int | None = None,
    locked: bool = False,
    now: datetime | None = None,
) -> Screen:
    """What will be booked; `locked` when it could not be changed in the chat afterwards."""
    tz = ZoneInfo(doctor.timezone)
    text = t(
        lang,
        "summary",
        doctor=doctor.full_name,
        specialty=doctor.specialty,
        clinic=doctor.clinic,
        address=doctor.clinic_address,
        when=at(lang, starts_at.astimezone(tz), now),
        tz=zone(lang, doctor.timezone),
    )
    if minutes:
        text += "\n" + t(lang, "visit-length", minutes=minutes)
    if reason:
        text += "\n" + t(lang, "summary-reason", reason=reason)
    if instead_of is not None:
        text += "\n" + t(lang, "summary-move", old=at(lang, instead_of.astimezone(tz), now))
    if locked:
        text += "\n\n" + t(
            lang, "summary-locked", clinic=doctor.clinic, minutes=doctor.min_cancel_notice_minutes
        )
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
