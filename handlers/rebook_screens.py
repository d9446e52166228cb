"""The patient's message after the doctor cancelled a visit (time off, new working hours):
which visit, and the nearest free times as buttons — one tap books (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.callbacks import Menu, MenuAction
from handlers.i18n import language_for, t
from handlers.schedule_buttons import Rebook
from handlers.screens import Screen, at, zone
from services.booking import AppointmentOut
from services.rebooking import OfferOut


def offer_buttons(
    lang: str, appointment_id, offers: Sequence[OfferOut], now: datetime | None
) -> list[list[dict]]:
    grid = []
    for o in offers:
        when = at(lang, o.starts_at.astimezone(ZoneInfo(o.timezone)), now)
        key = "rebook-same-doctor" if o.same_doctor else "rebook-other-doctor"
        label = t(lang, key, when=when, doctor=o.doctor_name)
        grid.append([keyboards.button(label, Rebook(appointment_id, o.slot_id))])
    grid.append([keyboards.button(t(lang, "rebook-book"), Menu(MenuAction.BOOK))])
    return grid


def cancelled_notice(
    lang: str,
    appt: AppointmentOut,
    offers: Sequence[OfferOut],
    *,
    now: datetime | None,
    patient_name: str | None = None,
) -> Screen:
    """Which visit the doctor cancelled (naming the family member it was for), and the
    nearest free times of that doctor, then of the specialty at that clinic."""
    lang = language_for(lang)
    args = {
        "doctor": appt.doctor_name,
        "clinic": appt.clinic_name,
        "when": at(lang, appt.local_start, now),
        "tz": zone(lang, appt.timezone),
    }
    if patient_name:
        text = t(lang, "rebook-notice-for", patient=patient_name, **args)
    else:
        text = t(lang, "rebook-notice", **args)
    if not offers:
        text += "\n\n" + t(lang, "rebook-none")
    return Screen(text, keyboards.markup(offer_buttons(lang, appt.id, offers, now)))


def taken(lang: str, appt: AppointmentOut, offers: Sequence[OfferOut], now: datetime) -> Screen:
    """That time was just taken: the nearest free ones as they stand now."""
    key = "slot-taken-alternatives" if offers else "slot-taken-none"
    return Screen(t(lang, key), keyboards.markup(offer_buttons(lang, appt.id, offers, now)))


def booked(lang: str, appt: AppointmentOut, now: datetime, *, already: bool) -> Screen:
    args = {
        "when": at(lang, appt.local_start, now),
        "doctor": appt.doctor_name,
        "clinic": appt.clinic_name,
        "tz": zone(lang, appt.timezone),
    }
    text = t(lang, "rebook-already" if already else "rebook-booked", **args)
    mine = keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY))
    return Screen(text, keyboards.markup([[mine]]))
