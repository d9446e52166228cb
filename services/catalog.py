"""Clinics, specialties and doctors: what patients search and admins manage."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Row, Select, bindparam, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import Clinic, Doctor, Specialty
from services import audit
from services.errors import Conflict, InvalidInput, NotFound
from services.phones import normalise_phone, region_for_zone
from services.policy import Action, Actor, require


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Berlin") from None
    return value


class ClinicCreate(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    address: str = Field(min_length=3, max_length=300)
    city: str = Field(min_length=1, max_length=100)
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    email: str | None = None
    timezone: str
    min_booking_notice_minutes: int = Field(default=60, ge=0, le=60 * 24 * 14)
    min_cancel_notice_minutes: int = Field(default=240, ge=0, le=60 * 24 * 14)
    booking_horizon_days: int = Field(default=60, ge=1, le=365)

    _tz = field_validator("timezone")(_check_timezone)


class ClinicUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=2, max_length=200)
    address: str | None = Field(default=None, min_length=3, max_length=300)
    city: str | None = Field(default=None, min_length=1, max_length=100)
    state: str | None = Field(default=None, min_length=2, max_length=100)
    zip: str | None = Field(default=None, min_length=2, max_length=20)
    phone: str | None = None
    email: str | None = Field(default=None, max_length=254)
    timezone: str | None = None
    min_booking_notice_minutes: int | None = Field(default=None, ge=0, le=60 * 24 * 14)
    min_cancel_notice_minutes: int | None = Field(default=None, ge=0, le=60 * 24 * 14)
    booking_horizon_days: int | None = Field(default=None, ge=1, le=365)
    reminder_minutes: list[int] | None = Field(default=None, max_length=4)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else _check_timezone(value)


class ClinicOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    address: str
    city: str
    phone: str | None
    timezone: str
    min_booking_notice_minutes: int
    min_cancel_notice_minutes: int
    booking_horizon_days: int
    is_active: bool


class SpecialtyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    doctor_count: int = 0


class DoctorCreate(BaseModel):
    full_name: str = Field(min_length=2, max_length=200)
    clinic_id: uuid.UUID
    specialty_id: uuid.UUID
    license_number: str = Field(min_length=2, max_length=50)
    qualifications: str | None = None
    experience_years: int = Field(default=0, ge=0, le=80)
    max_patients_per_day: int = Field(default=20, ge=1, le=200)
    visit_minutes: int = Field(default=30, ge=5, le=480)


class DoctorUpdate(BaseModel):
    full_name: str | None = Field(default=None, min_length=2, max_length=200)
    clinic_id: uuid.UUID | None = None
    specialty_id: uuid.UUID | None = None
    license_number: str | None = Field(default=None, min_length=2, max_length=50)
    qualifications: str | None = None
    experience_years: int | None = Field(default=None, ge=0, le=80)
    max_patients_per_day: int | None = Field(default=None, ge=1, le=200)
    visit_minutes: int | None = Field(default=None, ge=5, le=480)


class DoctorOut(BaseModel):
    id: uuid.UUID
    full_name: str
    license_number: str
    qualifications: str | None
    experience_years: int
    max_patients_per_day: int
    visit_minutes: int
    is_active: bool
    specialty_id: uuid.UUID
    specialty: str
    clinic_id: uuid.UUID
    clinic: str
    clinic_address: str
    clinic_phone: str | None
    timezone: str
    user_id: uuid.UUID | None
    # The clinic's booking rules, so a booking step needs no second lookup.
    clinic_active: bool
    min_booking_notice_minutes: int
    min_cancel_notice_minutes: int
    booking_horizon_days: int

    @property
    def bookable(self) -> bool:
        """Doctor and clinic both take bookings."""
        return self.is_active and self.clinic_active


# Plain columns, not ORM objects: a doctor is read on most booking steps.
_DOCTOR_COLUMNS = (
    Doctor.id,
    Doctor.full_name,
    Doctor.license_number,
    Doctor.qualifications,
    Doctor.experience_years,
    Doctor.max_patients_per_day,
    Doctor.visit_minutes,
    Doctor.is_active,
    Doctor.specialty_id,
    Specialty.name.label("specialty"),
    Doctor.clinic_id,
    Clinic.name.label("clinic"),
    Clinic.address.label("clinic_street"),
    Clinic.city.label("clinic_city"),
    Clinic.phone.label("clinic_phone"),
    Clinic.timezone,
    Doctor.user_id,
    Clinic.is_active.label("clinic_active"),
    Clinic.min_booking_notice_minutes,
    Clinic.min_cancel_notice_minutes,
    Clinic.booking_horizon_days,
)


def _doctor_out(row: Row[Any]) -> DoctorOut:
    values = row._asdict()
    values["clinic_address"] = f"{values.pop('clinic_street')}, {values.pop('clinic_city')}"
    return DoctorOut(**values)


# --- clinics -----------------------------------------------------------------------------


async def create_clinic(
    session: AsyncSession, *, actor: Actor, data: ClinicCreate, now: datetime
) -> ClinicOut:
    """Adds a clinic; names are unique."""
    require(actor, Action.manage_clinics)
    values = data.model_dump()
    check_booking_window(
        notice_minutes=data.min_booking_notice_minutes, horizon_days=data.booking_horizon_days
    )
    if values["phone"]:
        values["phone"] = normalise_phone(
            values["phone"], default_region=region_for_zone(data.timezone)
        )
    clinic = Clinic(**values)
    try:
        async with session.begin_nested():  # a savepoint: a clash leaves the caller's work intact
            session.add(clinic)
            await session.flush()
    except IntegrityError:
        raise Conflict(code="clinic-name-taken", name=data.name) from None
    await audit.record(
        session, action="clinic.create", resource_type="clinic", resource_id=clinic.id,
        actor_user_id=actor.user_id, at=now,
    )
    return ClinicOut.model_validate(clinic)


def check_booking_window(*, notice_minutes: int, horizon_days: int) -> None:
    """A minimum booking notice must leave some of the horizon to book in (InvalidInput).
    A cancellation notice longer than the booking notice is allowed: the booking summary
    warns that such a visit cannot be changed in the chat (services.booking)."""
    if not 1 <= horizon_days <= 365:
        raise InvalidInput(code="clinic-horizon-range", min=1, max=365)
    if notice_minutes >= horizon_days * 24 * 60:
        raise InvalidInput(code="clinic-notice-beyond-horizon", horizon_days=horizon_days)


def _before_after(row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """The audit details of an edit: each changed field's value before and after."""
    changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
    before = {k: _plain(getattr(row, k)) for k in changed}
    return {"before": before, "after": {k: _plain(v) for k, v in changed.items()}}


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


async def _get_clinic_row(session: AsyncSession, clinic_id: uuid.UUID) -> Clinic:
    clinic = await session.get(Clinic, clinic_id)
    if clinic is None:
        raise NotFound(code="clinic-not-found")
    return clinic


async def get_clinic(session: AsyncSession, *, clinic_id: uuid.UUID) -> ClinicOut:
    """One clinic."""
    return ClinicOut.model_validate(await _get_clinic_row(session, clinic_id))


async def update_clinic(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    data: ClinicUpdate,
    now: datetime,
) -> ClinicOut:
    """Changes the given fields of a clinic (the booking window checked as a whole),
    audited with each field's value before and after."""
    require(actor, Action.manage_clinics, clinic_id=clinic_id)
    clinic = await _get_clinic_row(session, clinic_id)
    changes = data.model_dump(exclude_none=True)
    if "phone" in changes:
        zone = changes.get("timezone", clinic.timezone)
        changes["phone"] = normalise_phone(changes["phone"], default_region=region_for_zone(zone))
    if "reminder_minutes" in changes:
        changes["reminder_minutes"] = sorted(set(changes["reminder_minutes"]), reverse=True)
    check_booking_window(
        notice_minutes=changes.get("min_booking_notice_minutes", clinic.min_booking_notice_minutes),
        horizon_days=changes.get("booking_horizon_days", clinic.booking_horizon_days),
    )
    details = _before_after(clinic, changes)
    for field, value in changes.items():
        setattr(clinic, field, value)
    try:
        async with session.begin_nested():  # a savepoint: a name clash leaves the rest intact
            await session.flush()
    except IntegrityError:
        raise Conflict(code="clinic-name-taken", name=changes.get("name", clinic.name)) from None
    await audit.record(
        session, action="clinic.update", resource_type="clinic", resource_id=clinic.id,
        actor_user_id=actor.user_id, at=now, details=details,
    )
    return ClinicOut.model_validate(clinic)


async def set_clinic_active(
    session: AsyncSession,
    *,
    actor: Actor,
    clinic_id: uuid.UUID,
    active: bool,
    now: datetime,
) -> ClinicOut:
    """Deactivates (or reactivates) a clinic; its records are kept."""
    require(actor, Action.manage_clinics, clinic_id=clinic_id)
    clinic = await _get_clinic_row(session, clinic_id)
    details = _before_after(clinic, {"is_active": active})
    clinic.is_active = active
    await session.flush()
    await audit.record(
        session, action="clinic.activate" if active else "clinic.deactivate",
        resource_type="clinic", resource_id=clinic.id, actor_user_id=actor.user_id, at=now,
        details=details,
    )
    return ClinicOut.model_validate(clinic)


async def list_clinics(session: Reader, *, active_only: bool = True) -> list[ClinicOut]:
    """Clinics by name."""
    query = _clinics_template(active_only)
    return [ClinicOut.model_validate(row) for row in (await session.execute(query)).all()]


@functools.cache
def _clinics_template(active_only: bool) -> Select[Any]:
    """list_clinics' statement (built on first use: it runs on every free-text request)."""
    columns = [getattr(Clinic, name) for name in ClinicOut.model_fields]
    query = select(*columns).order_by(Clinic.name)
    return query.where(Clinic.is_active) if active_only else query


# --- specialties -------------------------------------------------------------------------


async def create_specialty(
    session: AsyncSession,
    *,
    actor: Actor,
    name: str,
    description: str | None = None,
    now: datetime,
) -> SpecialtyOut:
    """Adds a specialty; names are unique regardless of case."""
    require(actor, Action.manage_specialties)
    clean = " ".join(name.split())
    if not 2 <= len(clean) <= 100:
        raise InvalidInput(code="specialty-name-length", min=2, max=100)
    existing = await session.scalar(
        select(Specialty).where(func.lower(Specialty.name) == clean.lower())
    )
    if existing is not None:
        raise Conflict(code="specialty-exists", name=existing.name)
    specialty = Specialty(name=clean, description=description)
    session.add(specialty)
    await session.flush()
    await audit.record(
        session, action="specialty.create", resource_type="specialty",
        resource_id=specialty.id, actor_user_id=actor.user_id, at=now,
    )
    return SpecialtyOut(id=specialty.id, name=specialty.name)


_BOOKABLE_SPECIALTIES = (
    select(Specialty.id, Specialty.name, func.count(Doctor.id))
    .join(Doctor, Doctor.specialty_id == Specialty.id)
    .join(Clinic, Clinic.id == Doctor.clinic_id)
    .where(Specialty.is_active, Doctor.is_active, Clinic.is_active)
    .group_by(Specialty.id, Specialty.name)
    .order_by(Specialty.name)
)


async def list_specialties(session: Reader) -> list[SpecialtyOut]:
    """Active specialties with how many active doctors practise each (only those with any)."""
    rows = await session.execute(_BOOKABLE_SPECIALTIES)
    return [SpecialtyOut(id=i, name=n, doctor_count=c) for i, n, c in rows.all()]


# --- doctors -----------------------------------------------------------------------------


def _doctor_query():
    return (
        select(*_DOCTOR_COLUMNS)
        .join(Specialty, Specialty.id == Doctor.specialty_id)
        .join(Clinic, Clinic.id == Doctor.clinic_id)
    )


_DOCTOR_BY_ID = _doctor_query().where(Doctor.id == bindparam("doctor_id"))


async def get_doctor(session: Reader, *, doctor_id: uuid.UUID) -> DoctorOut:
    """One doctor with their specialty and clinic."""
    row = (await session.execute(_DOCTOR_BY_ID, {"doctor_id": doctor_id})).first()
    if row is None:
        raise NotFound(code="doctor-not-found")
    return _doctor_out(row)


_DOCTORS_BY_IDS = _doctor_query().where(Doctor.id.in_(bindparam("doctor_ids", expanding=True)))


async def get_doctors(
    session: Reader, *, doctor_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, DoctorOut]:
    """Several doctors by id in one round trip (those that exist)."""
    ids = list(dict.fromkeys(doctor_ids))
    if not ids:
        return {}
    rows = await session.execute(_DOCTORS_BY_IDS, {"doctor_ids": ids})
    return {d.id: d for d in map(_doctor_out, rows)}


async def create_doctor(
    session: AsyncSession, *, actor: Actor, data: DoctorCreate, now: datetime
) -> DoctorOut:
    """Adds a doctor to a clinic; license numbers are unique."""
    require(actor, Action.manage_doctors, clinic_id=data.clinic_id)
    await _get_clinic_row(session, data.clinic_id)
    if await session.get(Specialty, data.specialty_id) is None:
        raise NotFound(code="specialty-not-found")
    doctor = Doctor(**data.model_dump())
    try:
        async with session.begin_nested():  # a savepoint: a clash leaves the caller's work intact
            session.add(doctor)
            await session.flush()
    except IntegrityError:
        raise Conflict(code="license-number-taken", license_number=data.license_number) from None
    await audit.record(
        session, action="doctor.create", resource_type="doctor", resource_id=doctor.id,
        actor_user_id=actor.user_id, at=now,
    )
    return await get_doctor(session, doctor_id=doctor.id)


async def _get_doctor_row(session: AsyncSession, doctor_id: uuid.UUID) -> Doctor:
    doctor = await session.get(Doctor, doctor_id)
    if doctor is None:
        raise NotFound(code="doctor-not-found")
    return doctor


async def update_doctor(
    session: AsyncSession,
    *,
    actor: Actor,
    doctor_id: uuid.UUID,
    data: DoctorUpdate,
    now: datetime,
) -> DoctorOut:
    """Changes the given fields of a doctor."""
    doctor = await _get_doctor_row(session, doctor_id)
    require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    changes = data.model_dump(exclude_none=True)
    if "clinic_id" in changes:  # moving a doctor needs a say over both clinics
        require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=changes["clinic_id"])
    if "clinic_id" in changes:
        await _get_clinic_row(session, changes["clinic_id"])
    if "specialty_id" in changes and await session.get(Specialty, changes["specialty_id"]) is None:
        raise NotFound(code="specialty-not-found")
    details = _before_after(doctor, changes)
    for field, value in changes.items():
        setattr(doctor, field, value)
    try:
        async with session.begin_nested():  # a savepoint: a licence clash leaves the rest
            await session.flush()
    except IntegrityError:
        number = changes.get("license_number", doctor.license_number)
        raise Conflict(code="license-number-in-use", license_number=number) from None
    await audit.record(
        session, action="doctor.update", resource_type="doctor", resource_id=doctor.id,
        actor_user_id=actor.user_id, at=now, details=details,
    )
    return await get_doctor(session, doctor_id=doctor.id)


async def set_doctor_active(
    session: AsyncSession,
    *,
    actor: Actor,
    doctor_id: uuid.UUID,
    active: bool,
    now: datetime,
) -> DoctorOut:
    """Deactivates (or reactivates) a doctor: they disappear from search, records stay."""
    doctor = await _get_doctor_row(session, doctor_id)
    require(actor, Action.manage_doctors, doctor_id=doctor.id, clinic_id=doctor.clinic_id)
    details = _before_after(doctor, {"is_active": active})
    doctor.is_active = active
    await session.flush()
    await audit.record(
        session, action="doctor.activate" if active else "doctor.deactivate",
        resource_type="doctor", resource_id=doctor.id, actor_user_id=actor.user_id, at=now,
        details=details,
    )
    return await get_doctor(session, doctor_id=doctor.id)


async def list_doctors(
    session: Reader,
    *,
    specialty_id: uuid.UUID | None = None,
    clinic_id: uuid.UUID | None = None,
    active_only: bool = True,
) -> list[DoctorOut]:
    """Doctors by name, optionally of one specialty and/or clinic."""
    query = _doctors_template(specialty_id is not None, clinic_id is not None, active_only)
    params = {"specialty_id": specialty_id, "clinic_id": clinic_id}
    return [_doctor_out(row) for row in (await session.execute(query, params)).all()]


class DoctorName(NamedTuple):
    """What matching a typed name needs of a doctor: read for every doctor of the practice
    on each free-text request, so a plain tuple rather than a whole DoctorOut."""

    id: uuid.UUID
    full_name: str
    specialty_id: uuid.UUID
    specialty: str
    specialty_active: bool


# The bookable doctors' names, and a digest of exactly those rows (computed with them, in
# one snapshot): a caller keeps what it derives from the list under the digest, and on
# later requests asks only for the digest (_DOCTOR_NAMES_DIGEST), a few bytes instead of
# every doctor's row.
_BOOKABLE_DOCTOR_NAMES = """
    SELECT d.id, d.full_name, d.specialty_id, s.name AS specialty,
           s.is_active AS specialty_active
    FROM doctors d
    JOIN clinics c ON c.id = d.clinic_id
    JOIN specialties s ON s.id = d.specialty_id
    WHERE d.is_active AND c.is_active
"""
_DIGEST_OF_NAMES = (
    "coalesce(md5(string_agg(concat_ws(':', n.id, n.specialty_id, n.specialty_active,"
    " n.specialty, n.full_name), ',' ORDER BY n.full_name, n.id)), '')"
)
_DOCTOR_NAMES = text(
    f"""
    WITH n AS ({_BOOKABLE_DOCTOR_NAMES})
    SELECT n.*, (SELECT {_DIGEST_OF_NAMES} FROM n) AS digest
    FROM n ORDER BY n.full_name, n.id
    """
)
_DOCTOR_NAMES_DIGEST = text(f"SELECT {_DIGEST_OF_NAMES} FROM ({_BOOKABLE_DOCTOR_NAMES}) AS n")


async def list_doctor_names(session: Reader) -> tuple[str, list[DoctorName]]:
    """The bookable doctors' ids, names and specialties (with whether the specialty is
    offered), by name, with their digest (what doctor_names_digest says while they stay
    the same)."""
    rows = (await session.execute(_DOCTOR_NAMES)).all()
    digest = rows[0].digest if rows else ""
    return digest, [DoctorName(*r[:5]) for r in rows]


async def doctor_names_digest(session: Reader) -> str:
    """A digest of list_doctor_names' rows: it changes whenever any of them does."""
    return str(await session.scalar(_DOCTOR_NAMES_DIGEST))


class DoctorSearchRow(NamedTuple):
    """What search_doctors matches a query against, for every bookable doctor."""

    id: uuid.UUID
    full_name: str
    specialty: str
    clinic: str
    city: str


# The same pattern for search_doctors: the rows it scores (names, specialties, clinics and
# their cities) with a digest of exactly those rows, and the digest alone.
_DOCTOR_SEARCH_ROWS_SQL = """
    SELECT d.id, d.full_name, s.name AS specialty, c.name AS clinic,
           coalesce(c.city, '') AS city
    FROM doctors d
    JOIN clinics c ON c.id = d.clinic_id
    JOIN specialties s ON s.id = d.specialty_id
    WHERE d.is_active AND c.is_active
"""
_DIGEST_OF_SEARCH_ROWS = (
    "coalesce(md5(string_agg(concat_ws(':', n.id, n.specialty, n.clinic, n.city, n.full_name),"
    " ',' ORDER BY n.full_name, n.id)), '')"
)
_DOCTOR_SEARCH_ROWS = text(
    f"""
    WITH n AS ({_DOCTOR_SEARCH_ROWS_SQL})
    SELECT n.*, (SELECT {_DIGEST_OF_SEARCH_ROWS} FROM n) AS digest
    FROM n ORDER BY n.full_name, n.id
    """
)
_DOCTOR_SEARCH_DIGEST = text(
    f"SELECT {_DIGEST_OF_SEARCH_ROWS} FROM ({_DOCTOR_SEARCH_ROWS_SQL}) AS n"
)


async def list_doctor_search_rows(session: Reader) -> tuple[str, list[DoctorSearchRow]]:
    """The bookable doctors' names, specialties, clinics and cities, by name, with their
    digest (what doctor_search_digest says while they stay the same)."""
    rows = (await session.execute(_DOCTOR_SEARCH_ROWS)).all()
    digest = rows[0].digest if rows else ""
    return digest, [DoctorSearchRow(*r[:5]) for r in rows]


async def doctor_search_digest(session: Reader) -> str:
    """A digest of list_doctor_search_rows' rows: it changes whenever any of them does."""
    return str(await session.scalar(_DOCTOR_SEARCH_DIGEST))


@functools.cache
def _doctors_template(by_specialty: bool, by_clinic: bool, active_only: bool) -> Select[Any]:
    """list_doctors' statement for one combination of filters (built on first use)."""
    query = _doctor_query().order_by(Doctor.full_name)
    if by_specialty:
        query = query.where(Doctor.specialty_id == bindparam("specialty_id"))
    if by_clinic:
        query = query.where(Doctor.clinic_id == bindparam("clinic_id"))
    if active_only:
        query = query.where(Doctor.is_active, Clinic.is_active)
    return query
