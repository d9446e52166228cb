"""The free-text shortcut: "a pediatrician in Boston on Friday morning" → free times.

One call reads the sentence and finds the offers, so the chat and the benchmark run the
same code. A day is read on each clinic's own clock ("tomorrow" at 03:00 London time is
Wednesday in London and Tuesday in Boston), and checked against that clinic's horizon.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from db.engine import Reader
from services import availability, catalog, dates, search
from services.catalog import ClinicOut, DoctorOut
from services.errors import InvalidInput
from services.search import BookingIntent
from services.slots import SlotOut

# How far ahead the reader's-zone reading of the day (BookingIntent.day) may lie; each
# clinic's own horizon decides what is searched.
_READING_HORIZON_DAYS = 366


@dataclass(frozen=True)
class Offers:
    """What a sentence asked for and the free times that answer it.

    `days` are the clinic-local dates searched (empty: any day); `refused` says why the
    day asked for was not searched in any clinic (past, or beyond every horizon), and the
    offers are then the earliest ones on any day.
    """

    intent: BookingIntent | None
    slots: list[SlotOut] = field(default_factory=list)
    doctors: dict[uuid.UUID, DoctorOut] = field(default_factory=dict)
    days: list[date] = field(default_factory=list)
    refused: InvalidInput | None = None
    # A name that fits several doctors equally ("dr smith") and nothing else decides: the
    # caller offers those doctors (search_doctors(query=...)) instead of any doctor's times.
    pick_by_name: str | None = None


async def find_offers(
    session: Reader, *, text: str, now: datetime, tz: ZoneInfo, limit: int = 8
) -> Offers:
    """The free times a sentence asks for; `tz` is the reader's zone, for a name-only
    reading of the day (each clinic's own is used to search). No intent: not a request."""
    clinics = await catalog.list_clinics(session)
    intent = await search.parse_booking_request(
        session, text=text, tz=tz, now=now, horizon_days=_READING_HORIZON_DAYS, clinics=clinics
    )
    if intent is None:
        return Offers(intent=None)
    if intent.doctor is None and intent.specialty is None and intent.doctor_name:
        return Offers(intent=intent, pick_by_name=intent.doctor_name)
    clinic_days: dict[uuid.UUID, date] | None = None
    refused: InvalidInput | None = None
    if intent.doctor is not None:
        clinics = [c for c in clinics if c.id == intent.doctor.clinic_id]
    elif intent.clinics:
        clinics = list(intent.clinics)
    if intent.local_days:
        clinic_days, refused = _bookable_days(intent, clinics, now)
        if not clinic_days:
            clinic_days = None  # no clinic can take that day: the earliest times instead
        else:
            refused = None
    slots = await availability.find_bookable(
        session,
        now=now,
        specialty_id=intent.specialty.id if intent.specialty and not intent.doctor else None,
        doctor_id=intent.doctor.id if intent.doctor else None,
        window=intent.window,
        clinic_ids=[c.id for c in intent.clinics],
        clinic_days=clinic_days,
        clinics=clinics,
        limit=limit,
    )
    doctors = await catalog.get_doctors(session, doctor_ids=(s.doctor_id for s in slots))
    searched = sorted(set(clinic_days.values())) if clinic_days else []
    return Offers(intent=intent, slots=slots, doctors=doctors, days=searched, refused=refused)


def _bookable_days(
    intent: BookingIntent, clinics: list[ClinicOut], now: datetime
) -> tuple[dict[uuid.UUID, date], InvalidInput | None]:
    """Each clinic's local reading of the day, if that clinic can book it; and why not,
    for the first clinic that cannot."""
    days: dict[uuid.UUID, date] = {}
    refused: InvalidInput | None = None
    for clinic in clinics:
        asked = intent.local_days.get(clinic.timezone)
        if asked is None:
            continue
        today = dates.local_today(now, ZoneInfo(clinic.timezone))
        try:
            days[clinic.id] = dates.check_bookable_day(
                asked, today=today, horizon_days=clinic.booking_horizon_days
            )
        except InvalidInput as exc:
            refused = refused or exc
    return days, refused
