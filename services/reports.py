"""/report: a clinic's figures over a period, computed by PostgreSQL (aggregates over the
clinic's appointments and slots, never a Python loop over their rows).

Who: `Action.view_reports` — an admin for any clinic, the front desk for its own clinic.
What, over the appointments that *start* in the period (the clinic's local days):
bookings (every appointment, whatever became of it; a move counts as a cancellation of the
old visit, reason `rescheduled`, and a booking of the new one), cancellations by reason
code and by who cancelled (the canceller's role; `system` for the bot's own jobs), no-shows
and their rate (of the visits not cancelled) per doctor, utilisation (booked minutes of the
visits not cancelled against the minutes the active slots offered, times their capacity)
per doctor and for the clinic, lead time (median and 90th percentile of days from booking
to visit) and the visits per local hour of the day and per day. Viewing is audited.
The CSV of the same appointments is services/report_export.py.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import Clinic
from services import audit, desk_booking, rebooking
from services.errors import InvalidInput, NotFound
from services.policy import Action, Actor, Role, allowed, require
from services.report_periods import PeriodKind, named_period, parse_period

# What the bot stores as a cancellation's reason (appointments.cancellation_reason), as the
# codes a report and its CSV show: the patient's choice of reason is stored in English
# (handlers/patient/appointments.py, catalogue keys cancel-reason-0…2 and
# series-cancel-reason), the rest by the services. Anything else is `other`: free text is
# never shown, since a patient may have written something personal in it.
REASON_CODES: dict[str, str] = {
    "Feeling better": "feeling_better",
    "Can't make it": "cant_make_it",
    "Booked another time": "booked_another_time",
    "Series cancelled from this visit on": "series_cancelled",
    "rescheduled": "rescheduled",
    rebooking.TIME_OFF: "time_off",
    rebooking.HOURS_CHANGED: "hours_changed",
    rebooking.SLOT_CLOSED: "slot_closed",
    rebooking.DOCTOR_INACTIVE: "doctor_inactive",
    desk_booking.CANCEL_REASON: "front_desk",
    "account deleted": "account_deleted",
    "family member removed": "family_member_removed",
}
CANCELLERS = ("patient", "doctor", "staff", "admin", "system")


def _sql_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# SQL expressions over `a` (appointments) and `u` (the canceller's account, left-joined).
REASON_SQL = (
    "CASE WHEN a.status <> 'cancelled' THEN NULL"
    " WHEN a.cancellation_reason IS NULL THEN 'none' "
    + " ".join(f"WHEN a.cancellation_reason = {_sql_quote(k)} THEN '{v}'"
               for k, v in REASON_CODES.items())
    + " ELSE 'other' END"
)  # fmt: skip
CANCELLER_SQL = (
    "CASE WHEN a.status <> 'cancelled' THEN NULL"
    " WHEN a.cancelled_by IS NULL THEN 'system' ELSE u.role END"
)
IN_PERIOD = "a.clinic_id = :clinic AND a.starts_at >= :since AND a.starts_at < :until"


class ClinicChoice(BaseModel):
    id: uuid.UUID
    name: str
    timezone: str


class DoctorFigures(BaseModel):
    doctor_id: uuid.UUID
    name: str
    bookings: int
    cancellations: int
    no_shows: int
    no_show_rate: float | None  # of the visits not cancelled; None without any
    booked_minutes: int
    offered_minutes: int
    utilisation: float | None  # None when no slot was offered


class Report(BaseModel):
    clinic: ClinicChoice
    first: date
    last: date  # inclusive
    bookings: int
    cancellations: int
    no_shows: int
    no_show_rate: float | None
    cancel_reasons: dict[str, int]  # reason code → count, most first
    cancelled_by: dict[str, int]  # role (or system) → count, most first
    booked_minutes: int
    offered_minutes: int
    utilisation: float | None
    lead_days_median: float | None
    lead_days_p90: float | None
    hours: dict[int, int]  # local hour of day → visits not cancelled
    per_day: dict[date, int]  # local day → bookings
    doctors: list[DoctorFigures]


class ReportRequest(BaseModel):
    """What `/report …` asked for: the clinic, and the period as typed ("" for none)."""

    clinic: ClinicChoice
    period: str


def bounds(clinic: ClinicChoice, first: date, last: date) -> tuple[datetime, datetime]:
    """The period's start and end (exclusive) as instants, on the clinic's clock."""
    tz = ZoneInfo(clinic.timezone)
    return datetime.combine(first, time(), tz), datetime.combine(last + timedelta(1), time(), tz)


async def clinics_for(session: Reader, *, actor: Actor) -> list[ClinicChoice]:
    """The clinics whose reports the actor may read: every active one for an admin, the
    front desk's own (NotAllowed for anyone else)."""
    require(actor, Action.view_reports, clinic_id=actor.staff_clinic_id)
    query = select(Clinic.id, Clinic.name, Clinic.timezone).where(Clinic.is_active)
    if actor.role is not Role.admin:
        query = query.where(Clinic.id == actor.staff_clinic_id)
    rows = (await session.execute(query.order_by(Clinic.name))).all()
    out = [ClinicChoice(id=r.id, name=r.name, timezone=r.timezone) for r in rows]
    return [c for c in out if allowed(actor, Action.view_reports, clinic_id=c.id)]


async def clinic_choice(session: Reader, *, actor: Actor, clinic_id: uuid.UUID) -> ClinicChoice:
    """One clinic the actor may read the reports of (NotAllowed / NotFound otherwise)."""
    require(actor, Action.view_reports, clinic_id=clinic_id)
    row = (
        await session.execute(
            select(Clinic.id, Clinic.name, Clinic.timezone).where(Clinic.id == clinic_id)
        )
    ).first()
    if row is None:
        raise NotFound(code="report-clinic-unknown")
    return ClinicChoice(id=row.id, name=row.name, timezone=row.timezone)


async def read_request(
    session: Reader, *, actor: Actor, typed: str, now: datetime
) -> ReportRequest:
    """`[clinic] [period]` as typed: the clinic's name (or its first words) comes first; the
    front desk may leave it out (its own clinic), and so may an admin of a single clinic.
    Naming a clinic the actor may not read raises NotAllowed; no clinic named where one is
    needed, InvalidInput. What follows the name is the period, as typed (see `report_for`)."""
    require(actor, Action.view_reports, clinic_id=actor.staff_clinic_id)  # the role at all
    words = (typed or "").replace("“", " ").replace("”", " ").replace('"', " ").split()
    rows = (await session.execute(select(Clinic.id, Clinic.name, Clinic.timezone))).all()
    clinic, rest = None, words
    for size in range(len(words), 0, -1):
        said = [w.casefold() for w in words[:size]]
        found = [r for r in rows if [w.casefold() for w in r.name.split()][:size] == said]
        if len(found) == 1:
            clinic, rest = found[0], words[size:]
            break
    if clinic is None:
        mine = await clinics_for(session, actor=actor)
        if len(mine) != 1:
            raise InvalidInput(code="report-clinic-unclear")
        return ReportRequest(clinic=mine[0], period=" ".join(rest))
    require(actor, Action.view_reports, clinic_id=clinic.id)
    choice = ClinicChoice(id=clinic.id, name=clinic.name, timezone=clinic.timezone)
    return ReportRequest(clinic=choice, period=" ".join(rest))


async def report_for(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    period: str | PeriodKind,
    now: datetime,
) -> Report:
    """The clinic's report over a period typed (read on its calendar; InvalidInput when it
    cannot be) or picked; audited (`report.view`)."""
    clinic = await clinic_choice(session, actor=actor, clinic_id=clinic_id)
    tz = ZoneInfo(clinic.timezone)
    if isinstance(period, PeriodKind):
        first, last = named_period(period, tz=tz, now=now)
    else:
        first, last = parse_period(period, tz=tz, now=now)
    return await _figures(session, actor=actor, clinic=clinic, first=first, last=last, now=now)


async def clinic_report(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    first: date,
    last: date,
    now: datetime,
) -> Report:
    """The clinic's figures from `first` to `last` (its local days, inclusive); writes the
    `report.view` audit row in the caller's transaction."""
    clinic = await clinic_choice(session, actor=actor, clinic_id=clinic_id)
    return await _figures(session, actor=actor, clinic=clinic, first=first, last=last, now=now)


async def _figures(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic: ClinicChoice,
    first: date,
    last: date,
    now: datetime,
) -> Report:
    since, until = bounds(clinic, first, last)
    params = {"clinic": clinic.id, "since": since, "until": until, "tz": clinic.timezone}
    doctors = await _doctors(session, params)
    causes = (
        await session.execute(
            text(
                f"SELECT {REASON_SQL} AS reason, {CANCELLER_SQL} AS who, count(*) AS n"
                " FROM appointments a LEFT JOIN users u ON u.id = a.cancelled_by"
                f" WHERE {IN_PERIOD} AND a.status = 'cancelled' GROUP BY 1, 2"
            ),
            params,
        )
    ).all()
    lead = (
        await session.execute(
            text(
                "SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP"
                " (ORDER BY extract(epoch FROM a.starts_at - a.created_at) / 86400)"
                f" FROM appointments a WHERE {IN_PERIOD}"
            ),
            params,
        )
    ).scalar()
    by_time = (
        await session.execute(
            text(
                "SELECT (a.starts_at AT TIME ZONE :tz)::date AS day,"
                " extract(hour FROM a.starts_at AT TIME ZONE :tz)::int AS hour,"
                " count(*) AS booked, count(*) FILTER (WHERE a.status <> 'cancelled') AS kept"
                f" FROM appointments a WHERE {IN_PERIOD} GROUP BY 1, 2"
            ),
            params,
        )
    ).all()
    reasons: dict[str, int] = {}
    cancellers: dict[str, int] = {}
    for row in causes:  # one row per (reason, role): a handful
        reasons[row.reason] = reasons.get(row.reason, 0) + row.n
        cancellers[row.who] = cancellers.get(row.who, 0) + row.n
    hours: dict[int, int] = {}
    per_day: dict[date, int] = {}
    for row in by_time:  # at most days × 24 rows
        hours[row.hour] = hours.get(row.hour, 0) + row.kept
        per_day[row.day] = per_day.get(row.day, 0) + row.booked
    bookings = sum(d.bookings for d in doctors)
    cancellations = sum(d.cancellations for d in doctors)
    no_shows = sum(d.no_shows for d in doctors)
    booked = sum(d.booked_minutes for d in doctors)
    offered = sum(d.offered_minutes for d in doctors)
    report = Report(
        clinic=clinic,
        first=first,
        last=last,
        bookings=bookings,
        cancellations=cancellations,
        no_shows=no_shows,
        no_show_rate=_rate(no_shows, bookings - cancellations),
        cancel_reasons=_most_first(reasons),
        cancelled_by=_most_first(cancellers),
        booked_minutes=booked,
        offered_minutes=offered,
        utilisation=_rate(booked, offered),
        lead_days_median=round(lead[0], 1) if lead else None,
        lead_days_p90=round(lead[1], 1) if lead else None,
        hours=dict(sorted(hours.items())),
        per_day=dict(sorted(per_day.items())),
        doctors=doctors,
    )
    await audit.record(
        session,
        action="report.view",
        resource_type="clinic",
        resource_id=clinic.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"first": first.isoformat(), "last": last.isoformat()},
    )
    return report


async def _doctors(session: Reader, params: dict[str, object]) -> list[DoctorFigures]:
    """Per doctor: the appointments' counts and minutes, and the minutes their slots offered."""
    rows = (
        await session.execute(
            text(
                "WITH booked AS (SELECT a.doctor_id, count(*) AS bookings,"
                " count(*) FILTER (WHERE a.status = 'cancelled') AS cancellations,"
                " count(*) FILTER (WHERE a.status = 'no_show') AS no_shows,"
                " coalesce(sum(extract(epoch FROM a.ends_at - a.starts_at) / 60)"
                "   FILTER (WHERE a.status <> 'cancelled'), 0)::bigint AS booked_minutes"
                f" FROM appointments a WHERE {IN_PERIOD} GROUP BY a.doctor_id),"
                " offered AS (SELECT s.doctor_id, sum(extract(epoch FROM s.ends_at - s.starts_at)"
                "   / 60 * s.capacity)::bigint AS offered_minutes"
                " FROM appointment_slots s WHERE s.clinic_id = :clinic AND s.is_active"
                " AND s.starts_at >= :since AND s.starts_at < :until GROUP BY s.doctor_id)"
                " SELECT d.id, d.full_name, coalesce(b.bookings, 0) AS bookings,"
                " coalesce(b.cancellations, 0) AS cancellations,"
                " coalesce(b.no_shows, 0) AS no_shows,"
                " coalesce(b.booked_minutes, 0) AS booked_minutes,"
                " coalesce(o.offered_minutes, 0) AS offered_minutes"
                " FROM booked b FULL JOIN offered o ON o.doctor_id = b.doctor_id"
                " JOIN doctors d ON d.id = coalesce(b.doctor_id, o.doctor_id)"
                " ORDER BY d.full_name, d.id"
            ),
            params,
        )
    ).all()
    return [
        DoctorFigures(
            doctor_id=r.id,
            name=r.full_name,
            bookings=r.bookings,
            cancellations=r.cancellations,
            no_shows=r.no_shows,
            no_show_rate=_rate(r.no_shows, r.bookings - r.cancellations),
            booked_minutes=r.booked_minutes,
            offered_minutes=r.offered_minutes,
            utilisation=_rate(r.booked_minutes, r.offered_minutes),
        )
        for r in rows
    ]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
