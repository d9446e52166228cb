"""The waitlist: patients waiting for a place with a doctor or a specialty, and the offers
made to them when a place frees up.

`places_freed(session, slot_ids=…, now=…)` is the one entry point of every change that may
free a place (a cancellation, a move away, new slots, a slot reopened): in the caller's
transaction it offers each free, bookable place to the first waiting patient whose entry
fits (by joining order), holding it for them for the clinic's `waitlist_hold_minutes`. The
hold is PostgreSQL's to keep (migration 0014: a trigger refuses anyone else's booking of a
held place); the offer goes through the outbox. Answering the offer is
`services.waitlist_offers`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import bindparam, exists, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import DateTime

from db.engine import Reader, SessionFactory
from db.models import (
    OPEN_WAITLIST_STATUSES,
    PARTS_OF_DAY,
    Clinic,
    Doctor,
    Patient,
    SlotHold,
    Specialty,
    WaitlistEntry,
)
from services import audit, dates, notifications
from services.errors import Conflict, InvalidInput, NotFound
from services.policy import Action, Actor, require

# The clinic-local hours of each part of the day (as services.dates reads them in text).
PART_HOURS: dict[str, tuple[time, time]] = {
    "morning": (time(6), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(22)),
}


def part_of(moment: time) -> str | None:
    """The part of the day (one of db.models.PARTS_OF_DAY) a clinic-local time falls in
    (None at night)."""
    for name, (lo, hi) in PART_HOURS.items():
        if lo <= moment < hi:
            return name
    return None


class WaitlistEntryOut(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    holder_id: uuid.UUID | None = None  # a family member's holder
    patient_name: str | None = None  # a family member's name
    doctor_id: uuid.UUID | None
    doctor_name: str | None
    specialty_id: uuid.UUID | None
    specialty_name: str | None
    clinic_id: uuid.UUID | None
    clinic_name: str | None
    earliest_date: date
    latest_date: date
    part_of_day: str | None
    status: str


class AlreadyWaiting(Conflict):
    """The person already waits for that doctor or specialty; carries the entry's dates."""

    code = "waitlist-already"


_UUIDS = ARRAY(UUID(as_uuid=True))
_STAMP = text("SELECT set_config('careslot.clock', :now, true)")


async def stamp_clock(session: AsyncSession, now: datetime) -> None:
    """Tells the hold trigger the business clock of this transaction (migration 0014)."""
    await session.execute(_STAMP, {"now": now.isoformat()})


_HOLDER = aliased(Patient)
_WHO = (
    select(Patient.id, Patient.holder_id, Patient.removed_at, Patient.full_name)
    .where(Patient.id == bindparam("patient_id"))
)  # fmt: skip


async def _who(session: AsyncSession, patient_id: uuid.UUID):
    row = (await session.execute(_WHO, {"patient_id": patient_id})).first()
    if row is None or row.removed_at is not None:
        raise NotFound(code="patient-not-found")
    return row


def _check_dates(earliest: date, latest: date, *, today: date, horizon_days: int) -> None:
    last = today + timedelta(days=horizon_days)
    if earliest < today or latest > last or latest < earliest:
        raise InvalidInput(code="waitlist-dates", today=today, last=last)


async def _zone_and_horizon(
    session: AsyncSession, doctor_id: uuid.UUID | None, clinic_id: uuid.UUID | None
) -> tuple[str, int]:
    """The time zone and booking horizon the entry's dates are read in (any clinic: the
    longest horizon, in UTC)."""
    if doctor_id is not None:
        row = (
            await session.execute(
                select(Clinic.timezone, Clinic.booking_horizon_days)
                .join(Doctor, Doctor.clinic_id == Clinic.id)
                .where(Doctor.id == doctor_id, Doctor.is_active, Clinic.is_active)
            )
        ).first()
    elif clinic_id is not None:
        row = (
            await session.execute(
                select(Clinic.timezone, Clinic.booking_horizon_days).where(
                    Clinic.id == clinic_id, Clinic.is_active
                )
            )
        ).first()
    else:
        horizon = await session.scalar(
            select(Clinic.booking_horizon_days)
            .where(Clinic.is_active)
            .order_by(Clinic.booking_horizon_days.desc())
            .limit(1)
        )
        row = ("UTC", horizon) if horizon else None
    if row is None:
        raise NotFound(code="waitlist-target-gone")
    return row[0], row[1]


async def window(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    now: datetime,
) -> tuple[date, date, str]:
    """The default dates of an entry: from today to the clinic's horizon, and its zone."""
    zone, horizon = await _zone_and_horizon(session, doctor_id, clinic_id)
    today = now.astimezone(ZoneInfo(zone)).date()
    return today, today + timedelta(days=horizon), zone


async def join(
    factory: SessionFactory,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    now: datetime,
    earliest: date,
    latest: date,
    doctor_id: uuid.UUID | None = None,
    specialty_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    part_of_day: str | None = None,
) -> WaitlistEntryOut:
    """Puts the person (the actor or a family member they hold) on the waitlist; a second
    open entry for the same doctor or specialty is refused (AlreadyWaiting)."""
    if (doctor_id is None) == (specialty_id is None) or (doctor_id and clinic_id):
        raise InvalidInput(code="waitlist-target")
    if part_of_day is not None and part_of_day not in PARTS_OF_DAY:
        raise InvalidInput(code="waitlist-target")
    try:
        async with factory() as session, session.begin():
            who = await _who(session, patient_id)
            require(actor, Action.use_waitlist, patient_id=patient_id, holder_id=who.holder_id)
            zone, horizon = await _zone_and_horizon(session, doctor_id, clinic_id)
            if specialty_id is not None and not await session.scalar(
                select(exists().where(Specialty.id == specialty_id, Specialty.is_active))
            ):
                raise NotFound(code="waitlist-target-gone")
            today = now.astimezone(ZoneInfo(zone)).date()
            _check_dates(earliest, latest, today=today, horizon_days=horizon)
            earlier = await _open_entry(session, patient_id, doctor_id, specialty_id, clinic_id)
            if earlier is not None:
                raise AlreadyWaiting("waitlist-duplicate", last=earlier.latest_date)
            entry = WaitlistEntry(
                patient_id=patient_id,
                doctor_id=doctor_id,
                specialty_id=specialty_id,
                clinic_id=clinic_id,
                earliest_date=earliest,
                latest_date=latest,
                part_of_day=part_of_day,
                created_by=actor.user_id,
            )
            session.add(entry)
            await session.flush()
            await audit.record(
                session,
                action="waitlist.join",
                resource_type="waitlist_entry",
                resource_id=entry.id,
                actor_user_id=actor.user_id,
                at=now,
                details={"doctor_id": _s(doctor_id), "specialty_id": _s(specialty_id),
                         "clinic_id": _s(clinic_id)},
            )  # fmt: skip
            # A place may already be free for it (held for others, or in its part of day).
            await entries_waiting(session, entry_ids=[entry.id], now=now)
            out = await _entries(session, [WaitlistEntry.id == entry.id])
    except IntegrityError as exc:  # the same press twice at once: the index refuses one
        if "uq_waitlist_entries_open" in str(exc.orig):
            raise AlreadyWaiting("waitlist-duplicate", last=latest) from None
        raise
    return out[0]


def _s(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


async def _open_entry(session, patient_id, doctor_id, specialty_id, clinic_id):
    query = select(WaitlistEntry).where(
        WaitlistEntry.patient_id == patient_id,
        WaitlistEntry.status.in_(OPEN_WAITLIST_STATUSES),
    )
    if doctor_id is not None:
        query = query.where(WaitlistEntry.doctor_id == doctor_id)
    else:
        query = query.where(
            WaitlistEntry.doctor_id.is_(None),
            WaitlistEntry.specialty_id == specialty_id,
            WaitlistEntry.clinic_id.is_(None)
            if clinic_id is None
            else WaitlistEntry.clinic_id == clinic_id,
        )
    return (await session.scalars(query.limit(1))).first()


async def _entries(session: AsyncSession, where: Iterable) -> list[WaitlistEntryOut]:
    rows = await session.execute(
        select(WaitlistEntry, Doctor.full_name, Specialty.name, Clinic.name, Patient)
        .outerjoin(Doctor, Doctor.id == WaitlistEntry.doctor_id)
        .outerjoin(Specialty, Specialty.id == WaitlistEntry.specialty_id)
        .outerjoin(Clinic, Clinic.id == WaitlistEntry.clinic_id)
        .join(Patient, Patient.id == WaitlistEntry.patient_id)
        .where(*where)
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
    )
    return [
        WaitlistEntryOut(
            id=e.id,
            patient_id=e.patient_id,
            holder_id=p.holder_id,
            patient_name=p.full_name if p.holder_id else None,
            doctor_id=e.doctor_id,
            doctor_name=doctor,
            specialty_id=e.specialty_id,
            specialty_name=specialty,
            clinic_id=e.clinic_id,
            clinic_name=clinic,
            earliest_date=e.earliest_date,
            latest_date=e.latest_date,
            part_of_day=e.part_of_day,
            status=e.status,
        )
        for e, doctor, specialty, clinic, p in rows
    ]


async def list_entries(
    session: AsyncSession, *, actor: Actor, patient_id: uuid.UUID
) -> list[WaitlistEntryOut]:
    """The open entries of the patient and of the family members they hold (/my)."""
    require(actor, Action.use_waitlist, patient_id=patient_id)
    members = select(Patient.id).where(Patient.holder_id == patient_id)
    whose = or_(WaitlistEntry.patient_id == patient_id, WaitlistEntry.patient_id.in_(members))
    return await _entries(session, [whose, WaitlistEntry.status.in_(OPEN_WAITLIST_STATUSES)])


async def leave(
    factory: SessionFactory, *, actor: Actor, entry_id: uuid.UUID, now: datetime
) -> WaitlistEntryOut:
    """Takes the entry off the waitlist; a place held for it goes to the next person."""
    async with factory() as session, session.begin():
        entry = await session.get(WaitlistEntry, entry_id, with_for_update=True)
        if entry is None:
            raise NotFound(code="waitlist-entry-not-found")
        who = await _who(session, entry.patient_id)
        require(actor, Action.use_waitlist, patient_id=entry.patient_id, holder_id=who.holder_id)
        if entry.status not in OPEN_WAITLIST_STATUSES:
            raise NotFound(code="waitlist-entry-not-found")
        entry.status, entry.ended_at = "cancelled", now
        await session.flush()
        slots = await end_holds(session, entry_ids=[entry.id], status="declined", now=now)
        await audit.record(
            session,
            action="waitlist.leave",
            resource_type="waitlist_entry",
            resource_id=entry.id,
            actor_user_id=actor.user_id,
            at=now,
        )
        await places_freed(session, slot_ids=slots, now=now)
        (out,) = await _entries(session, [WaitlistEntry.id == entry.id])
    return out


async def close_entries(session: AsyncSession, *, patient_id: uuid.UUID, now: datetime) -> int:
    """In the caller's transaction: the person's open entries end (their account or their
    place in a family goes), and any place held for them goes to the next patient."""
    ids = list(
        (
            await session.scalars(
                update(WaitlistEntry)
                .where(
                    WaitlistEntry.patient_id == patient_id,
                    WaitlistEntry.status.in_(OPEN_WAITLIST_STATUSES),
                )
                .values(status="cancelled", ended_at=now)
                .returning(WaitlistEntry.id)
            )
        ).all()
    )
    if ids:
        slots = await end_holds(session, entry_ids=ids, status="expired", now=now)
        await places_freed(session, slot_ids=slots, now=now)
    return len(ids)


async def end_holds(
    session: AsyncSession, *, entry_ids: list[uuid.UUID], status: str, now: datetime
) -> list[uuid.UUID]:
    """Ends the entries' active holds (declined or expired); returns their slots."""
    result = await session.execute(
        update(SlotHold)
        .where(SlotHold.entry_id.in_(entry_ids), SlotHold.status == "active")
        .values(status=status, ended_at=now)
        .returning(SlotHold.slot_id)
    )
    return list(result.scalars())


_HELD = text(
    """
    SELECT s.id FROM appointment_slots s
    WHERE s.id = ANY(:ids)
      AND s.capacity - s.booked_count <= (
          SELECT count(*) FROM slot_holds h JOIN waitlist_entries e ON e.id = h.entry_id
          WHERE h.slot_id = s.id AND h.status = 'active' AND e.status = 'offered'
            AND h.expires_at > :now)
    """
).bindparams(bindparam("ids", type_=_UUIDS))


async def held_slot_ids(
    session: Reader, *, slot_ids: Iterable[uuid.UUID], now: datetime
) -> set[uuid.UUID]:
    """Of these slots, those whose free places are all held for the waitlist right now
    (the lists leave them out: nobody else could book them)."""
    ids = list(slot_ids)
    if not ids:
        return set()
    return set((await session.execute(_HELD, {"ids": ids, "now": now})).scalars())


# --- places freed -----------------------------------------------------------------------------

_ANY_WAITING = select(exists().where(WaitlistEntry.status == "waiting"))
_FREED = text(
    """
    SELECT s.id, s.doctor_id, s.clinic_id, s.starts_at, s.ends_at, d.specialty_id,
           c.timezone, c.waitlist_hold_minutes, c.min_booking_notice_minutes,
           c.booking_horizon_days,
           s.capacity - s.booked_count
             - (SELECT count(*) FROM slot_holds h
                WHERE h.slot_id = s.id AND h.status = 'active') AS free,
           EXISTS (SELECT 1 FROM doctor_full_days f WHERE f.doctor_id = s.doctor_id
                   AND f.day = (s.starts_at AT TIME ZONE c.timezone)::date) AS full_day
    FROM appointment_slots s
    JOIN doctors d ON d.id = s.doctor_id
    JOIN clinics c ON c.id = s.clinic_id
    WHERE s.id = ANY(:ids) AND s.is_active AND d.is_active AND c.is_active
      -- only the slots someone waits for (slot generation passes thousands)
      AND EXISTS (SELECT 1 FROM waitlist_entries e
                  WHERE e.status = 'waiting'
                    AND (e.doctor_id = s.doctor_id
                         OR (e.doctor_id IS NULL AND e.specialty_id = d.specialty_id))
                    AND (s.starts_at AT TIME ZONE c.timezone)::date
                        BETWEEN e.earliest_date AND e.latest_date)
    ORDER BY s.starts_at
    """
).bindparams(bindparam("ids", type_=_UUIDS))
# The first waiting entry (by joining order) that fits the place and was never offered it;
# a person already busy at that time, or with nobody to tell, is passed over.
_FIRST_FIT = text(
    """
    SELECT e.id, e.patient_id, coalesce(p.user_id, hp.user_id) AS user_id, p.holder_id
    FROM waitlist_entries e
    JOIN patients p ON p.id = e.patient_id
    LEFT JOIN patients hp ON hp.id = p.holder_id
    WHERE e.status = 'waiting'
      AND (e.doctor_id = :doctor
           OR (e.doctor_id IS NULL AND e.specialty_id = :specialty
               AND (e.clinic_id IS NULL OR e.clinic_id = :clinic)))
      AND e.earliest_date <= :day AND e.latest_date >= :day
      AND (e.part_of_day IS NULL OR e.part_of_day = :part)
      AND p.removed_at IS NULL
      AND coalesce(p.user_id, hp.user_id) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM slot_holds h WHERE h.slot_id = :slot AND h.entry_id = e.id)
      AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = e.patient_id
                      AND a.status IN ('scheduled', 'confirmed', 'arrived')
                      AND a.starts_at < :ends AND a.ends_at > :starts)
    ORDER BY e.created_at, e.id
    LIMIT 1
    FOR UPDATE OF e SKIP LOCKED
    """
)


async def places_freed(
    session: AsyncSession, *, slot_ids: Iterable[uuid.UUID], now: datetime
) -> int:
    """Offers the free places of these slots to the waitlist (the caller's transaction):
    each bookable one is held for the first waiting patient it fits, who is told through
    the outbox. Returns the offers made. Cheap when nobody waits."""
    ids = list(dict.fromkeys(slot_ids))
    if not ids or not await session.scalar(_ANY_WAITING):
        return 0
    await session.flush()
    await stamp_clock(session, now)
    made = 0
    for slot in (await session.execute(_FREED, {"ids": ids})).all():
        if slot.full_day or not _bookable(slot, now):
            continue
        local = slot.starts_at.astimezone(ZoneInfo(slot.timezone))
        for _ in range(max(slot.free, 0)):
            params = {
                "doctor": slot.doctor_id,
                "specialty": slot.specialty_id,
                "clinic": slot.clinic_id,
                "day": local.date(),
                "part": part_of(local.time()),
                "slot": slot.id,
                "starts": slot.starts_at,
                "ends": slot.ends_at,
            }
            entry = (await session.execute(_FIRST_FIT, params)).first()
            if entry is None:
                break
            await _offer(session, slot, entry, now)
            made += 1
    return made


# --- an entry waiting again (or new): the places already free for it -------------------------

_PARTS_SQL = ", ".join(
    f"('{name}', time '{lo.isoformat()}', time '{hi.isoformat()}')"
    for name, (lo, hi) in PART_HOURS.items()
)
# The free, bookable places an entry fits, earliest first, that it was never offered and
# that nobody holds: by the doctor's free-slot index (ix_appointment_slots_free_by_doctor)
# over the entry's dates, for its doctor or its specialty's doctors (at its clinic).
_FREE_FOR_ENTRY = text(
    f"""
    SELECT s.id
    FROM waitlist_entries e
    LEFT JOIN (VALUES {_PARTS_SQL}) AS p(name, lo, hi) ON p.name = e.part_of_day
    JOIN doctors d ON d.is_active
         AND (d.id = e.doctor_id OR (e.doctor_id IS NULL AND d.specialty_id = e.specialty_id))
    JOIN clinics c ON c.id = d.clinic_id AND c.is_active
    JOIN appointment_slots s ON s.doctor_id = d.id
         AND s.is_active AND s.booked_count < s.capacity
         AND s.starts_at >= CAST(:now AS timestamptz)
                            + c.min_booking_notice_minutes * interval '1 minute'
         AND s.starts_at <= CAST(:now AS timestamptz) + c.booking_horizon_days * interval '1 day'
         AND s.starts_at >= timezone(c.timezone, CAST(e.earliest_date AS timestamp))
         AND s.starts_at < timezone(c.timezone, CAST(e.latest_date + 1 AS timestamp))
    WHERE e.id = :entry AND e.status = 'waiting'
      AND (e.clinic_id IS NULL OR s.clinic_id = e.clinic_id)
      AND (e.part_of_day IS NULL
           OR (CAST(timezone(c.timezone, s.starts_at) AS time) >= p.lo
               AND CAST(timezone(c.timezone, s.starts_at) AS time) < p.hi))
      AND NOT EXISTS (SELECT 1 FROM slot_holds h WHERE h.slot_id = s.id AND h.entry_id = e.id)
      AND s.capacity - s.booked_count > (SELECT count(*) FROM slot_holds h
                                         WHERE h.slot_id = s.id AND h.status = 'active')
      AND NOT EXISTS (SELECT 1 FROM doctor_full_days f WHERE f.doctor_id = s.doctor_id
                      AND f.day = CAST(timezone(c.timezone, s.starts_at) AS date))
    ORDER BY s.starts_at, s.id
    LIMIT :limit
    """
).bindparams(
    bindparam("entry", type_=UUID(as_uuid=True)),
    bindparam("now", type_=DateTime(timezone=True)),
)
_ENTRY_STATUS = select(WaitlistEntry.status).where(WaitlistEntry.id == bindparam("entry"))
# Places looked at per entry: the first ones usually go to it; the rest would only be
# places that earlier entries take, or that its patient cannot take (busy then).
_RESCAN_LIMIT = 20


async def entries_waiting(
    session: AsyncSession, *, entry_ids: Iterable[uuid.UUID], now: datetime
) -> int:
    """In the caller's transaction: these entries wait (again: an offer declined or
    expired, or just joined); a place already free that fits one of them is offered by
    the rules of `places_freed` (first fitting entry by joining order, never the same
    place twice to one entry) — without this, a place freed while the entry was busy
    with another offer would never reach it. Returns the offers made."""
    made = 0
    for entry_id in dict.fromkeys(entry_ids):
        await session.flush()
        params = {"entry": entry_id, "now": now, "limit": _RESCAN_LIMIT}
        for slot_id in (await session.execute(_FREE_FOR_ENTRY, params)).scalars().all():
            made += await places_freed(session, slot_ids=[slot_id], now=now)
            if await session.scalar(_ENTRY_STATUS, {"entry": entry_id}) != "waiting":
                break
    return made


def _bookable(slot, now: datetime) -> bool:
    return slot.starts_at >= now + timedelta(
        minutes=slot.min_booking_notice_minutes
    ) and slot.starts_at <= now + timedelta(days=slot.booking_horizon_days)


async def _offer(session: AsyncSession, slot, entry, now: datetime) -> None:
    hold = SlotHold(
        slot_id=slot.id,
        entry_id=entry.id,
        patient_id=entry.patient_id,
        expires_at=now + timedelta(minutes=slot.waitlist_hold_minutes),
    )
    session.add(hold)
    await session.flush()
    await session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry.id)
        .values(status="offered", notified_at=now)
    )
    payload = {"hold_id": str(hold.id), "slot_id": str(slot.id), "entry_id": str(entry.id)}
    if entry.holder_id is not None:
        payload["patient_id"] = str(entry.patient_id)
    await notifications.enqueue(
        session,
        user_id=entry.user_id,
        kind=notifications.Kind.waitlist_offer,
        payload=payload,
        due_at=now,
        dedupe_key=f"waitlist-offer:{hold.id}",
    )
    await audit.record(
        session,
        action="waitlist.offer",
        resource_type="slot_hold",
        resource_id=hold.id,
        at=now,
        details={"slot_id": str(slot.id), "entry_id": str(entry.id)},
    )


# --- what the chat shows while joining ----------------------------------------------------

# "10.03 - 15.03", "10.03 – 15.03", "from 10 March to 15 March", "until 20 March" (and the
# same words in Spanish and Ukrainian).
_RANGE_SPLIT = re.compile(
    r"\s+-\s+|\s*[–—]\s*|\s+(?:to|till|until|hasta|al|по|до)\s+", re.IGNORECASE
)
_UNTIL = re.compile(r"^\s*(?:until|till|to|hasta(?:\s+el)?|до|по)\s+", re.IGNORECASE)
_FROM = re.compile(r"^\s*(?:from|desde(?:\s+el)?|del|з|від)\s+", re.IGNORECASE)


def read_dates(
    raw: str, *, first: date, last: date, zone: str, now: datetime, language: str = "en"
) -> tuple[date, date]:
    """The dates a patient typed to narrow an entry: one day, "until <day>", or two days;
    each read as the booking flow reads a day, inside first..last."""
    tz = ZoneInfo(zone)
    horizon = (last - now.astimezone(tz).date()).days

    def day(text_: str) -> date:
        return dates.parse_day(text_, tz=tz, now=now, horizon_days=horizon, language=language)

    text_ = " ".join(raw.split())
    if _UNTIL.match(text_):
        earliest, latest = first, day(_UNTIL.sub("", text_))
    else:
        parts = [p for p in _RANGE_SPLIT.split(_FROM.sub("", text_), maxsplit=1) if p.strip()]
        if len(parts) == 2:
            earliest, latest = day(parts[0]), day(parts[1])
        elif len(parts) == 1:
            earliest = latest = day(parts[0])
        else:
            raise InvalidInput(code="date-unclear")
    if latest < earliest:
        earliest, latest = latest, earliest
    return max(earliest, first), min(latest, last)


async def describe(
    session: AsyncSession,
    *,
    doctor_id: uuid.UUID | None,
    specialty_id: uuid.UUID | None,
    clinic_id: uuid.UUID | None,
) -> tuple[str | None, str | None, str | None]:
    """The names of what an entry waits for: doctor, specialty, clinic."""
    doctor = specialty = clinic = None
    if doctor_id is not None:
        doctor = await session.scalar(select(Doctor.full_name).where(Doctor.id == doctor_id))
    if specialty_id is not None:
        specialty = await session.scalar(select(Specialty.name).where(Specialty.id == specialty_id))
    if clinic_id is not None:
        clinic = await session.scalar(select(Clinic.name).where(Clinic.id == clinic_id))
    return doctor, specialty, clinic
