"""The clinic's day board for its front desk (and for an admin, of a clinic they pick):
every doctor's visits of the clinic's local day in one list, grouped by doctor. Marking a
visit arrived or no-show goes through `services.doctor_day.mark_visit`, which the
permission table lets a clinic's staff do for that clinic's visits and an admin for any
(and PostgreSQL's trigger of 0008 again: an active staff record of the visit's clinic, or
an admin)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select

from db.engine import Reader, SessionFactory
from db.models import Appointment, Clinic, Doctor
from services import catalog, search
from services.dates import local_today
from services.doctor_day import VisitChange, VisitLine, line_from, mark_visit, visits_select
from services.errors import InvalidInput, NotFound
from services.policy import Action, Actor, require
from services.slots import local_day_bounds


class DoctorVisits(BaseModel):
    doctor_id: uuid.UUID
    doctor_name: str
    visits: list[VisitLine]


class ClinicBoard(BaseModel):
    clinic_id: uuid.UUID
    clinic_name: str
    timezone: str
    day: date
    doctors: list[DoctorVisits]  # by name; only doctors with visits that day

    @property
    def still_to_see(self) -> int:
        return sum(v.is_active for d in self.doctors for v in d.visits)


class BoardClinics(BaseModel):
    """An admin's /day without a clinic (or with a name that is no one clinic's): the
    active clinics to pick from, by name; `asked` is the name typed, `several` whether it
    fits more than one clinic (else none)."""

    clinics: list[catalog.ClinicOut]
    asked: str | None = None
    several: bool = False


def board_clinic(actor: Actor, clinic_id: uuid.UUID | None = None) -> uuid.UUID:
    """The clinic whose board the actor sees: the one asked for if they may see it, else
    a desk's own (an admin must name one)."""
    clinic_id = clinic_id or actor.staff_clinic_id
    require(actor, Action.view_clinic_day, clinic_id=clinic_id)
    if clinic_id is None:
        raise NotFound(code="board-no-clinic")
    return clinic_id


async def board_or_clinics(
    session: Reader,
    *,
    actor: Actor,
    now: datetime,
    clinic_id: uuid.UUID | None = None,
    clinic_name: str | None = None,
) -> ClinicBoard | BoardClinics:
    """The board of the clinic asked for (or the desk's own); without one, an admin gets
    the active clinics to pick from — or, naming one (fuzzy: "central"), that clinic's
    board. A desk's /day is always its own clinic's: a name typed after it is not read."""
    if clinic_id is None and actor.staff_clinic_id is None:
        require(actor, Action.view_clinic_day)  # an admin's scope is any clinic
        clinics = await catalog.list_clinics(session)
        name = " ".join((clinic_name or "").split())
        if not name:
            return BoardClinics(clinics=clinics)
        try:
            found = search.clinics_named(name, clinics)
        except InvalidInput:
            found = []
        if len(found) != 1:
            return BoardClinics(clinics=clinics, asked=name[:60], several=len(found) > 1)
        clinic_id = found[0].id
    return await clinic_board(session, actor=actor, now=now, clinic_id=clinic_id)


async def clinic_board(
    session: Reader, *, actor: Actor, now: datetime, clinic_id: uuid.UUID | None = None
) -> ClinicBoard:
    """Today's visits (not cancelled) at the clinic, per doctor, in its time zone."""
    clinic_id = board_clinic(actor, clinic_id)
    clinic = (
        await session.execute(
            select(Clinic.id, Clinic.name, Clinic.timezone).where(Clinic.id == clinic_id)
        )
    ).one_or_none()
    if clinic is None:
        raise NotFound(code="clinic-not-found")
    tz = ZoneInfo(clinic.timezone)
    today = local_today(now, tz)
    lo, hi = local_day_bounds(today, tz)
    stmt = (
        visits_select()
        .add_columns(Doctor.full_name.label("doctor_name"))
        .join(Doctor, Doctor.id == Appointment.doctor_id)
        .where(
            Appointment.clinic_id == clinic_id,
            Appointment.starts_at >= lo,
            Appointment.starts_at < hi,
            Appointment.status != "cancelled",
        )
        .order_by(Doctor.full_name, Doctor.id, Appointment.starts_at)
    )
    doctors: dict[uuid.UUID, DoctorVisits] = {}
    for row in (await session.execute(stmt)).all():
        part = doctors.get(row.doctor_id)
        if part is None:
            part = doctors[row.doctor_id] = DoctorVisits(
                doctor_id=row.doctor_id, doctor_name=row.doctor_name, visits=[]
            )
        part.visits.append(line_from(row, now))
    return ClinicBoard(
        clinic_id=clinic.id,
        clinic_name=clinic.name,
        timezone=clinic.timezone,
        day=today,
        doctors=list(doctors.values()),
    )


async def mark_on_board(
    factory: SessionFactory,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    appointment_id: uuid.UUID,
    change: VisitChange,
    now: datetime,
) -> VisitLine:
    """A mark pressed on a picked clinic's board: the actor must see that board, and the
    visit must be on it (then `doctor_day.mark_visit` checks the mark itself)."""
    board_clinic(actor, clinic_id)
    return await mark_visit(
        factory,
        actor=actor,
        appointment_id=appointment_id,
        change=change,
        now=now,
        clinic_id=clinic_id,
    )
