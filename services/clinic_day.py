"""The clinic's day board for its front desk: every doctor's visits of the clinic's local
day in one list, grouped by doctor. Marking a visit arrived or no-show goes through
`services.doctor_day.mark_visit`, which the permission table lets a clinic's staff do for
that clinic's visits (and PostgreSQL's trigger of 0008 again: an active staff record of
the visit's clinic)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select

from db.engine import Reader
from db.models import Appointment, Clinic, Doctor
from services.dates import local_today
from services.doctor_day import VisitLine, line_from, visits_select
from services.errors import NotFound
from services.policy import Action, Actor, Role, require
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


def board_clinic(actor: Actor) -> uuid.UUID:
    """The clinic whose board the actor sees: a desk's own (an admin has no board yet)."""
    require(actor, Action.view_clinic_day, clinic_id=actor.staff_clinic_id)
    if actor.role is Role.admin or actor.staff_clinic_id is None:
        raise NotFound(code="board-no-clinic")
    return actor.staff_clinic_id


async def clinic_board(session: Reader, *, actor: Actor, now: datetime) -> ClinicBoard:
    """Today's visits (not cancelled) at the actor's clinic, per doctor, in its time zone."""
    clinic_id = board_clinic(actor)
    clinic = (
        await session.execute(
            select(Clinic.id, Clinic.name, Clinic.timezone).where(Clinic.id == clinic_id)
        )
    ).one()
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
