"""Recurring visits: a series of the same doctor at the same clinic-local time, every week,
two weeks or month, N times or until a date.

`plan_series` says, before anything is written, which occurrences can be booked and, for
each that cannot (taken, a day without that time, the doctor's full day, beyond the
horizon, inside the notice, the patient busy then), the nearest free time of the same
doctor. `book_series` then books the chosen times in ONE transaction: every occurrence or
none (a place taken meanwhile → `SeriesChanged`, nothing written), sharing a series id,
each with its own reminders, doctor notice and audit row, exactly as `book_slot` writes
one. The same idempotency key books once (a double tap returns the first series).

A series' occurrences are changed one at a time through `services.booking`, or "this and
all following" here: `cancel_following`, `move_following` (each shifted by the same step).
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader, SessionFactory
from db.models import ACTIVE_STATUSES, Appointment, AppointmentSlot, Clinic, Doctor
from services import audit, waitlist
from services.booking import (  # the booking transaction's own steps, shared
    _LOCK_DOCTOR_DAYS,
    _PATIENT_WHO,
    AppointmentOut,
    _by_key,
    _cancel,
    _check_change_notice,
    _check_daily_limit,
    _check_patient_free,
    _constraint,
    _for,
    _insert_appointment,
    _load,
    _lock_appointment,
    _lock_slot,
    _map_integrity,
    _require_on,
    appointments_by_id,
    check_booking_window,
    clean_reason,
)
from services.errors import (
    BookingWindowClosed,
    Conflict,
    DailyLimitReached,
    DomainError,
    InvalidInput,
    NotAllowed,
    NotFound,
    PatientBusy,
    SlotTaken,
)
from services.policy import Action, Actor, allowed, require
from services.slots import SlotOut, next_free_slots

MIN_OCCURRENCES = 2
MAX_OCCURRENCES = 12
# Where the nearest alternative of an occurrence is looked for: a few days either side.
ALTERNATIVE_BEFORE = timedelta(days=3)
ALTERNATIVE_AFTER = timedelta(days=7)


class Every(StrEnum):
    week = "1w"
    two_weeks = "2w"
    month = "1m"


class Problem(StrEnum):
    """Why an occurrence cannot be booked as it is."""

    taken = "taken"
    not_offered = "not-offered"  # no such time that day: a day off, other hours, time off
    full_day = "full-day"
    horizon = "horizon"
    notice = "notice"
    busy = "busy"  # the patient has another visit then


class SeriesChanged(Conflict):
    """A place of the series was taken (or a rule changed) since it was shown."""

    code = "series-changed"


class Occurrence(BaseModel):
    index: int
    wanted: datetime  # the time the rhythm gives
    slot_id: uuid.UUID | None = None  # bookable as it is
    problem: Problem | None = None
    alternative: SlotOut | None = None  # the nearest free time of the same doctor


class SeriesPlan(BaseModel):
    doctor_id: uuid.UUID
    timezone: str
    occurrences: list[Occurrence]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrence_starts(
    first: datetime,
    tz: ZoneInfo,
    every: Every,
    *,
    count: int | None = None,
    until: date | None = None,
) -> list[datetime]:
    """The series' times, the first included, at the first one's clinic-local wall-clock
    time (kept across DST changes); a month later is the same day of the month (or the
    month's last day)."""
    if (count is None) == (until is None):
        raise InvalidInput(code="series-count-or-until")
    if count is not None and not MIN_OCCURRENCES <= count <= MAX_OCCURRENCES:
        raise InvalidInput(code="series-count", min=MIN_OCCURRENCES, max=MAX_OCCURRENCES)
    local = first.astimezone(tz)
    starts = []
    for i in range(count or MAX_OCCURRENCES):
        if every is Every.month:
            day = _add_months(local.date(), i)
        else:
            day = local.date() + timedelta(weeks=i * (2 if every is Every.two_weeks else 1))
        if until is not None and day > until:
            break
        starts.append(datetime.combine(day, local.time(), tzinfo=tz).astimezone(first.tzinfo))
    if len(starts) < MIN_OCCURRENCES:
        raise InvalidInput(code="series-until-too-soon", min=MIN_OCCURRENCES)
    return starts


async def _slot_at(session: Reader, doctor_id: uuid.UUID, starts_at: datetime):
    return await session.scalar(
        select(AppointmentSlot).where(
            AppointmentSlot.doctor_id == doctor_id,
            AppointmentSlot.starts_at == starts_at,
            AppointmentSlot.is_active,
        )
    )


async def _patient_visits(session: Reader, patient_id: uuid.UUID, lo: datetime, hi: datetime):
    rows = await session.execute(
        select(Appointment.starts_at, Appointment.ends_at).where(
            Appointment.patient_id == patient_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at < hi,
            Appointment.ends_at > lo,
        )
    )
    return [(r.starts_at, r.ends_at) for r in rows]


def _overlaps(start: datetime, end: datetime, spans) -> bool:
    return any(s < end and e > start for s, e in spans)


async def _problem(session, *, slot, doctor, clinic, wanted, now, busy, walk_in) -> Problem | None:
    try:
        check_booking_window(wanted, clinic, now, inside_notice=walk_in)
    except BookingWindowClosed as exc:
        return Problem.horizon if exc.code == "beyond-booking-horizon" else Problem.notice
    if slot is None:
        return Problem.not_offered
    if slot.booked_count >= slot.capacity:
        return Problem.taken
    try:
        await _check_daily_limit(session, doctor, clinic, slot.starts_at)
    except DailyLimitReached:
        return Problem.full_day
    if _overlaps(slot.starts_at, slot.ends_at, busy):
        return Problem.busy
    return None


async def plan_series(
    session: AsyncSession,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    first_slot_id: uuid.UUID,
    every: Every,
    now: datetime,
    count: int | None = None,
    until: date | None = None,
) -> SeriesPlan:
    """Each occurrence as it stands now, with the nearest alternative for those that
    cannot be booked (nothing is written)."""
    first = await session.get(AppointmentSlot, first_slot_id)
    if first is None or not first.is_active:
        raise SlotTaken(code="slot-not-offered")
    doctor = await session.get(Doctor, first.doctor_id)
    clinic = await session.get(Clinic, first.clinic_id)
    who = (await session.execute(_PATIENT_WHO, {"patient_id": patient_id})).first()
    if who is None or who.removed_at is not None or doctor is None or clinic is None:
        raise NotFound(code="patient-not-found")
    require(actor, Action.book, patient_id=patient_id, holder_id=who.holder_id, clinic_id=clinic.id)
    walk_in = allowed(actor, Action.book_inside_notice, clinic_id=clinic.id)
    tz = ZoneInfo(clinic.timezone)
    starts = occurrence_starts(first.starts_at, tz, every, count=count, until=until)
    busy = await _patient_visits(
        session, patient_id, starts[0] - ALTERNATIVE_BEFORE, starts[-1] + ALTERNATIVE_AFTER
    )
    occurrences = []
    for index, wanted in enumerate(starts):
        slot = first if index == 0 else await _slot_at(session, doctor.id, wanted)
        problem = await _problem(
            session,
            slot=slot,
            doctor=doctor,
            clinic=clinic,
            wanted=wanted,
            now=now,
            busy=busy,
            walk_in=walk_in,
        )
        occurrences.append(
            Occurrence(
                index=index,
                wanted=wanted,
                slot_id=slot.id if problem is None else None,
                problem=problem,
            )
        )
    taken = [
        (s.starts_at, s.ends_at)
        for s in (await _slots(session, [o.slot_id for o in occurrences if o.slot_id])).values()
    ]
    earliest = now + timedelta(minutes=0 if walk_in else clinic.min_booking_notice_minutes)
    latest = now + timedelta(days=clinic.booking_horizon_days)
    for occurrence in occurrences:
        if occurrence.problem is None:
            continue
        alternative = await _nearest(
            session, doctor.id, occurrence.wanted, busy + taken, earliest=earliest, latest=latest
        )
        if alternative is not None:
            occurrence.alternative = alternative
            taken.append((alternative.starts_at, alternative.ends_at))
    return SeriesPlan(doctor_id=doctor.id, timezone=clinic.timezone, occurrences=occurrences)


async def _nearest(
    session: Reader, doctor_id, wanted: datetime, spans, *, earliest, latest
) -> SlotOut | None:
    """The doctor's free time closest to `wanted` that the patient can take."""
    after = max(earliest, wanted - ALTERNATIVE_BEFORE)
    before = min(latest, wanted + ALTERNATIVE_AFTER)
    if before <= after:
        return None
    found = await next_free_slots(
        session, doctor_id=doctor_id, after=after, before=before, limit=50
    )
    fitting = [s for s in found if not _overlaps(s.starts_at, s.ends_at, spans)]
    return min(fitting, key=lambda s: abs(s.starts_at - wanted), default=None)


async def _slots(session: Reader, ids) -> dict[uuid.UUID, AppointmentSlot]:
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    rows = await session.scalars(select(AppointmentSlot).where(AppointmentSlot.id.in_(ids)))
    return {s.id: s for s in rows}


async def book_series(
    factory: SessionFactory,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    slot_ids: list[uuid.UUID],
    now: datetime,
    reason: str | None = None,
    idempotency_key: str | None = None,
) -> list[AppointmentOut]:
    """Books every slot for the patient in one transaction, one series; any occurrence that
    cannot be booked now refuses them all (`SeriesChanged`)."""
    reason = clean_reason(reason)
    if len(set(slot_ids)) != len(slot_ids) or not 2 <= len(slot_ids) <= MAX_OCCURRENCES:
        raise InvalidInput(code="series-count", min=MIN_OCCURRENCES, max=MAX_OCCURRENCES)
    keys = [f"{idempotency_key}:{i}" if idempotency_key else None for i in range(len(slot_ids))]
    try:
        async with factory() as session, session.begin():
            who = (await session.execute(_PATIENT_WHO, {"patient_id": patient_id})).first()
            if who is None or who.removed_at is not None:
                raise NotFound(code="patient-not-found")
            # Slots locked in one order, so two series over the same slots queue.
            locked = {}
            for slot_id in sorted(slot_ids):
                locked[slot_id] = await _lock_slot(session, slot_id)
            doctors = {doctor.id for _slot, doctor, _clinic in locked.values()}
            if len(doctors) != 1:
                raise InvalidInput(code="series-one-doctor")
            _slot, doctor, clinic = next(iter(locked.values()))
            require(
                actor,
                Action.book,
                patient_id=patient_id,
                holder_id=who.holder_id,
                clinic_id=clinic.id,
            )
            if keys[0] is not None:
                earlier = await _by_key(session, keys[0])
                if earlier is not None:
                    return await _series_of(session, actor, earlier, now)
            walk_in = allowed(actor, Action.book_inside_notice, clinic_id=clinic.id)
            slots = sorted((locked[i][0] for i in slot_ids), key=lambda s: s.starts_at)
            await session.execute(
                _LOCK_DOCTOR_DAYS,
                {
                    "doctor_ids": [s.doctor_id for s in slots],
                    "clinic_ids": [s.clinic_id for s in slots],
                    "starts": [s.starts_at for s in slots],
                },
            )
            series_id = uuid.uuid4()
            booked = []
            for slot, key in zip(slots, keys, strict=True):
                check_booking_window(slot.starts_at, clinic, now, inside_notice=walk_in)
                if slot.booked_count >= slot.capacity:
                    raise SlotTaken()
                await _check_patient_free(
                    session, patient_id, slot, member=who.holder_id is not None
                )
                await _check_daily_limit(session, doctor, clinic, slot.starts_at)
                appt = await _insert_appointment(
                    session,
                    slot=slot,
                    doctor=doctor,
                    clinic=clinic,
                    patient_id=patient_id,
                    reason=reason,
                    idempotency_key=key,
                    actor=actor,
                    now=now,
                    who=who,
                    series_id=series_id,
                )
                booked.append(appt.id)
            await audit.record(
                session,
                action="appointment.series_book",
                resource_type="series",
                resource_id=series_id,
                actor_user_id=actor.user_id,
                at=now,
                details={"appointments": [str(i) for i in booked], "doctor_id": str(doctor.id)},
            )
            result = [await _load(session, i) for i in booked]
    except IntegrityError as exc:
        if keys[0] is not None and _constraint(exc) == "uq_appointments_idempotency_key":
            async with factory() as session:
                earlier = await _by_key(session, keys[0])
                if earlier is not None:
                    return await _series_of(session, actor, earlier, now)
        raise SeriesChanged() from _map_integrity(exc)
    except (SlotTaken, PatientBusy, DailyLimitReached, BookingWindowClosed) as exc:
        raise SeriesChanged() from exc
    return [_for(actor, a, now) for a in result if a is not None]


async def _series_of(
    session: AsyncSession, actor: Actor, first: AppointmentOut, now: datetime
) -> list[AppointmentOut]:
    """The series an earlier press booked (a double tap), marked as replayed."""
    ids = (
        await session.scalars(
            select(Appointment.id)
            .where(Appointment.series_id == first.series_id)
            .order_by(Appointment.starts_at)
        )
    ).all()
    found = await appointments_by_id(session, appointment_ids=list(ids))
    return [
        _for(actor, found[i], now).model_copy(update={"replayed": True}) for i in ids if i in found
    ]


async def _following(session: AsyncSession, appt: Appointment) -> list[Appointment]:
    """The active visits of the series from `appt` on (itself first), locked."""
    if appt.series_id is None:
        return [appt]
    rows = await session.scalars(
        select(Appointment)
        .where(
            Appointment.series_id == appt.series_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at >= appt.starts_at,
        )
        .order_by(Appointment.starts_at)
        .with_for_update()
    )
    return list(rows)


async def count_following(
    session: AsyncSession, *, appointment_id: uuid.UUID, actor: Actor, now: datetime
) -> int:
    """How many visits "this and all following" would change (0: not part of a series)."""
    appt = await session.get(Appointment, appointment_id)
    if appt is None:
        raise NotFound(code="appointment-not-found")
    out = await _load(session, appointment_id)
    assert out is not None
    _require_on(actor, Action.view_appointment, out)
    if appt.series_id is None:
        return 0
    found = await session.scalar(
        select(func.count())
        .select_from(Appointment)
        .where(
            Appointment.series_id == appt.series_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at >= appt.starts_at,
        )
    )
    return found or 0


async def cancel_following(
    factory: SessionFactory,
    *,
    appointment_id: uuid.UUID,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> list[AppointmentOut]:
    """Cancels a series' visit and every later one, in one transaction (each the way a
    single cancellation is: the place freed, reminders dropped, the doctor told, audited)."""
    reason = clean_reason(reason)
    async with factory() as session, session.begin():
        appt, doctor, _specialty, clinic, holder = await _lock_appointment(session, appointment_id)
        _require_on(actor, Action.cancel, appt, holder)
        if appt.status not in ACTIVE_STATUSES or appt.series_id is None:
            raise NotAllowed(code="appointment-not-active")
        _check_change_notice(actor, appt, clinic, now, "cancel")
        following = await _following(session, appt)
        for visit in following:
            await _cancel(
                session, visit, doctor, actor_user_id=actor.user_id, reason=reason, now=now
            )
        await waitlist.places_freed(session, slot_ids=[v.slot_id for v in following], now=now)
        found = await appointments_by_id(session, appointment_ids=[v.id for v in following])
    return [_for(actor, found[v.id], now) for v in following]


class SeriesMoveBlocked(Conflict):
    """A later occurrence has no free time at the shifted moment (its `when`)."""

    code = "series-move-blocked"


async def move_following(
    factory: SessionFactory,
    *,
    appointment_id: uuid.UUID,
    new_slot_id: uuid.UUID,
    actor: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> list[AppointmentOut]:
    """Moves a series' visit to the new slot and every later one by the same step (the
    same number of days, the new clinic-local time), all or none."""
    keys_of = (lambda i: f"{idempotency_key}:{i}") if idempotency_key else (lambda i: None)
    try:
        async with factory() as session, session.begin():
            appt, doctor, _specialty, clinic, holder = await _lock_appointment(
                session, appointment_id
            )
            _require_on(actor, Action.reschedule, appt, holder)
            if idempotency_key is not None:
                earlier = await _by_key(session, keys_of(0))
                if earlier is not None:
                    return await _series_of(session, actor, earlier, now)
            if appt.status not in ACTIVE_STATUSES or appt.series_id is None:
                raise NotAllowed(code="appointment-not-active")
            _check_change_notice(actor, appt, clinic, now, "move")
            first, new_doctor, _clinic = await _lock_slot(session, new_slot_id)
            if new_doctor.id != doctor.id:
                raise InvalidInput(code="series-one-doctor")
            tz = ZoneInfo(clinic.timezone)
            old_local, new_local = appt.starts_at.astimezone(tz), first.starts_at.astimezone(tz)
            days = (new_local.date() - old_local.date()).days
            following = await _following(session, appt)
            targets = [first]
            for visit in following[1:]:
                day = visit.starts_at.astimezone(tz).date() + timedelta(days=days)
                wanted = datetime.combine(day, new_local.time(), tzinfo=tz).astimezone(
                    first.starts_at.tzinfo
                )
                slot = await _slot_at(session, doctor.id, wanted)
                if slot is None:
                    raise SeriesMoveBlocked(
                        code="series-move-day-blocked", day=wanted.astimezone(tz).date()
                    )
                targets.append((await _lock_slot(session, slot.id))[0])
            walk_in = allowed(actor, Action.book_inside_notice, clinic_id=clinic.id)
            ignore = {v.id for v in following}
            await session.execute(
                _LOCK_DOCTOR_DAYS,
                {
                    "doctor_ids": [doctor.id] * (2 * len(targets)),
                    "clinic_ids": [clinic.id] * (2 * len(targets)),
                    "starts": [v.starts_at for v in following] + [s.starts_at for s in targets],
                },
            )
            for slot in targets:
                try:
                    check_booking_window(slot.starts_at, clinic, now, inside_notice=walk_in)
                    if slot.booked_count >= slot.capacity:
                        raise SlotTaken()
                    await _check_free_of_others(
                        session, appt.patient_id, slot, ignore, member=holder is not None
                    )
                except DomainError as exc:
                    raise SeriesMoveBlocked(
                        code="series-move-day-blocked", day=slot.starts_at.astimezone(tz).date()
                    ) from exc
            moved = []
            for i, (visit, slot) in enumerate(zip(following, targets, strict=True)):
                await _cancel(
                    session,
                    visit,
                    doctor,
                    actor_user_id=actor.user_id,
                    reason="rescheduled",
                    now=now,
                    action="appointment.moved_away",
                    told_of_move=True,
                )
                await _check_daily_limit(session, doctor, clinic, slot.starts_at)
                new = await _insert_appointment(
                    session,
                    slot=slot,
                    doctor=doctor,
                    clinic=clinic,
                    patient_id=visit.patient_id,
                    reason=visit.reason,
                    idempotency_key=keys_of(i),
                    actor=actor,
                    now=now,
                    rescheduled_from=visit.id,
                    moved_from=visit.starts_at,
                    series_id=visit.series_id,
                )
                moved.append(new.id)
            freed = [v.slot_id for v in following]
            await waitlist.places_freed(session, slot_ids=freed, now=now)
            found = await appointments_by_id(session, appointment_ids=moved)
    except IntegrityError as exc:
        raise _map_integrity(exc) from None
    return [_for(actor, found[i], now) for i in moved]


async def _check_free_of_others(session, patient_id, slot, ignore: set, *, member: bool) -> None:
    """PatientBusy if a visit other than those being moved overlaps the slot."""
    spans = await session.execute(
        select(Appointment.id).where(
            Appointment.patient_id == patient_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.starts_at < slot.ends_at,
            Appointment.ends_at > slot.starts_at,
            Appointment.id.not_in(ignore),
        )
    )
    if spans.first() is not None:
        raise PatientBusy(code="member-busy" if member else "patient-busy")
