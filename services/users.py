"""Users, roles and patient profiles."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import dateparser
from pydantic import BaseModel
from sqlalchemy import Row, Select, bindparam, literal_column, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Reader
from db.models import ROLES, Doctor, Patient, Staff, User
from services import audit, updates
from services.errors import AmbiguousDate, InvalidInput, NotFound
from services.phones import normalise_phone
from services.policy import Action, Actor, require

NAME_MAX = 100


class UserOut(BaseModel):
    id: uuid.UUID
    telegram_user_id: int | None
    role: str
    full_name: str
    phone: str | None
    is_active: bool
    language: str | None = None
    patient_id: uuid.UUID | None = None
    doctor_id: uuid.UUID | None = None
    doctor_clinic_id: uuid.UUID | None = None
    staff_clinic_id: uuid.UUID | None = None


class ProfileOut(BaseModel):
    full_name: str
    phone: str | None
    date_of_birth: date | None
    allergies: str | None
    emergency_contact: str | None


def _user_query():
    """The user with the ids of their patient, doctor and staff records, in one round trip
    (plain columns: it runs before every update)."""
    return (
        select(
            User.id,
            User.telegram_user_id,
            User.role,
            User.full_name,
            User.phone,
            User.is_active,
            User.language,
            User.last_seen_at,
            Patient.id.label("patient_id"),
            Doctor.id.label("doctor_id"),
            Doctor.clinic_id.label("doctor_clinic_id"),
            Staff.clinic_id.label("staff_clinic_id"),
        )
        .outerjoin(Patient, Patient.user_id == User.id)
        .outerjoin(Doctor, Doctor.user_id == User.id)
        .outerjoin(Staff, Staff.user_id == User.id)
    )


def _out(row: Row[Any]) -> UserOut:
    return UserOut(
        id=row.id,
        telegram_user_id=row.telegram_user_id,
        role=row.role,
        full_name=row.full_name,
        phone=row.phone,
        is_active=row.is_active,
        language=row.language,
        patient_id=row.patient_id,
        doctor_id=row.doctor_id,
        doctor_clinic_id=row.doctor_clinic_id,
        staff_clinic_id=row.staff_clinic_id,
    )


async def _user_out(session: AsyncSession, user: User) -> UserOut:
    await session.flush()
    row = (await session.execute(_user_query().where(User.id == user.id))).one()
    return _out(row)


user_out = _user_out  # for the other services that change an account


SEEN_RESOLUTION = timedelta(minutes=5)


# Runs before every update: built once.
_BY_TELEGRAM = _user_query().where(User.telegram_user_id == bindparam("telegram_user_id"))


async def _note_seen(session: Reader, row: Row[Any], now: datetime | None) -> None:
    # Noted at most every few minutes: a write on every update would cost a transaction.
    if now is not None and (row.last_seen_at is None or now - row.last_seen_at > SEEN_RESOLUTION):
        # Someone who writes to the bot can be reached again (the outbox skipped them after
        # Telegram's 403 "bot was blocked").
        await session.execute(
            update(User).where(User.id == row.id).values(last_seen_at=now, unreachable_at=None)
        )


async def find_by_telegram(
    session: Reader, *, telegram_user_id: int, now: datetime | None = None
) -> UserOut | None:
    """The user behind a Telegram account (and notes when they were last seen).

    Writes only when `last_seen_at` is older than SEEN_RESOLUTION (one statement, so a
    connection from `db.engine.reading` will do).
    """
    row = (
        await session.execute(_BY_TELEGRAM, {"telegram_user_id": telegram_user_id})
    ).first()
    if row is None:
        return None
    await _note_seen(session, row, now)
    return _out(row)


@dataclass(frozen=True, slots=True)
class Gate:
    """What the gatekeeper learns before an update: is it new, and whose is it."""

    fresh: bool  # False: this update_id was handled already (a redelivery)
    user: UserOut | None


def _build_gate() -> Select[Any]:
    """Claims the update id and loads the user in one statement: the claim (a data-modifying
    CTE, `services.updates.claim_cte`) and the user lookup are both left-joined to a one-row
    select, so the one row comes back with `fresh` whether or not the user is known."""
    claimed = updates.claim_cte()
    user = _BY_TELEGRAM.subquery("u")
    one = select(literal_column("1").label("one")).subquery("one")
    return select(claimed.c.update_id.is_not(None).label("fresh"), *user.c).select_from(
        one.outerjoin(claimed, true()).outerjoin(user, true())
    )


_GATE = _build_gate()


async def gate(
    reader: Reader, *, update_id: int | None, telegram_user_id: int | None, now: datetime
) -> Gate:
    """Claims `update_id` (unless None) and loads the user behind `telegram_user_id` (unless
    None), in one statement; notes when the user was last seen as `find_by_telegram` does (a
    second statement, only when `last_seen_at` is older than SEEN_RESOLUTION).

    A redelivered update (its id already claimed) comes back `fresh=False` and costs nothing
    more. The claim is committed at once on a connection from `db.engine.reading`; inside a
    unit of work it holds the id until that transaction ends.
    """
    if update_id is None:
        if telegram_user_id is None:
            return Gate(fresh=True, user=None)
        found = await find_by_telegram(reader, telegram_user_id=telegram_user_id, now=now)
        return Gate(fresh=True, user=found)
    if telegram_user_id is None:
        return Gate(fresh=await updates.claim(reader, update_id=update_id, now=now), user=None)
    row = (
        await reader.execute(
            _GATE, {"update_id": update_id, "now": now, "telegram_user_id": telegram_user_id}
        )
    ).first()
    assert row is not None  # the one-row select
    if not row.fresh:
        return Gate(fresh=False, user=None)
    if row.id is None:
        return Gate(fresh=True, user=None)
    await _note_seen(reader, row, now)
    return Gate(fresh=True, user=_out(row))


NAME_MIN_LETTERS = 2


def clean_name(raw: str) -> str:
    """A person's name: invisible characters taken out, single-spaced, with at least
    NAME_MIN_LETTERS letters and at most NAME_MAX characters.

    Format characters (Unicode category Cf: zero-width spaces and joiners, the byte order
    mark, direction marks, embeddings, overrides and isolates) are removed — a name made of
    them alone looks empty, and an override would flip the text around it wherever the name
    is shown. Control characters (Cc: tabs, line breaks, NUL…) become spaces."""
    kept = []
    for char in raw or "":
        kind = unicodedata.category(char)
        if kind == "Cf":
            continue
        kept.append(" " if kind == "Cc" else char)
    name = " ".join("".join(kept).split())
    if sum(unicodedata.category(c).startswith("L") for c in name) < NAME_MIN_LETTERS:
        raise InvalidInput(code="name-too-short", min=NAME_MIN_LETTERS)
    if len(name) > NAME_MAX:
        raise InvalidInput(code="name-too-long", limit=NAME_MAX)
    return name


# Day and month as numbers, split by "/" or "-", the year last: "1/2/1990", "01-02-1990".
# Those are the separators that people of month-first countries (the US) write too; dots
# ("12.03.1985") and spaces are day-first in every country the clinics are in.
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/-])\s*(\d{1,2})\s*\2\s*(\d{4})")
BIRTH_MAX_YEARS = 120


def parse_birth_date(raw: str, *, today: date) -> date:
    """A plausible date of birth from free text ("12.03.1985", "March 12 1985").

    A numeric date split by "/" or "-" whose first two numbers are both 12 or less and
    differ ("1/2/1990") is not guessed: if both readings are plausible dates of birth,
    AmbiguousDate carries them (`day_first` 1 February, `month_first` 2 January) for the
    user to choose; if only one is (the other lies in the future), that one is taken."""
    text = (raw or "").strip()
    if not text or len(text) > 40:
        raise InvalidInput(code="birth-date-missing")
    if not re.search(r"\d{4}", text):
        raise InvalidInput(code="birth-date-no-year")
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
        if first <= 12 and second <= 12 and first != second:
            return _one_reading(year, first, second, today=today)
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": True,
        },
    )
    if parsed is None:
        raise InvalidInput(code="birth-date-unreadable")
    return check_birth_date(parsed.date(), today=today)


def _one_reading(year: int, first: int, second: int, *, today: date) -> date:
    """The plausible readings of first/second/year (day first, then month first)."""
    readings: list[date] = []
    refused: InvalidInput | None = None
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(check_birth_date(date(year, month, day), today=today))
        except ValueError:  # year 0
            refused = refused or InvalidInput(code="birth-date-unreadable")
        except InvalidInput as exc:
            refused = refused or exc
    if len(readings) == 2:
        raise AmbiguousDate(
            code="birth-date-ambiguous", day_first=readings[0], month_first=readings[1]
        )
    if readings:
        return readings[0]
    assert refused is not None
    raise refused


def check_birth_date(born: date, *, today: date) -> date:
    """`born` if it can be a living patient's date of birth (not ahead of `today`, at most
    BIRTH_MAX_YEARS back), else InvalidInput."""
    if born > today:
        raise InvalidInput(code="birth-date-in-future")
    if born.year < today.year - BIRTH_MAX_YEARS:
        raise InvalidInput(code="birth-date-too-old", years=BIRTH_MAX_YEARS)
    return born


async def register_patient(
    session: AsyncSession,
    *,
    telegram_user_id: int,
    chat_id: int,
    full_name: str,
    phone: str,
    date_of_birth: date,
    language: str = "en",
    now: datetime,
) -> UserOut:
    """Creates the user and patient profile (or completes an existing user's profile)."""
    name = clean_name(full_name)
    e164 = normalise_phone(phone)
    user = await session.scalar(select(User).where(User.telegram_user_id == telegram_user_id))
    if user is None:
        user = User(telegram_user_id=telegram_user_id, role="patient")
        session.add(user)
    user.chat_id = chat_id
    user.full_name = name
    user.phone = e164
    user.language = (language or "en")[:8]
    user.privacy_accepted_at = now
    user.last_seen_at = now
    # One chat's updates run one at a time, so the same account cannot register twice
    # at once; the unique telegram_user_id would refuse it anyway.
    await session.flush()
    patient = await session.scalar(select(Patient).where(Patient.user_id == user.id))
    if patient is None:
        patient = Patient(user_id=user.id)
        session.add(patient)
    patient.date_of_birth = date_of_birth
    await session.flush()
    await audit.record(
        session,
        action="patient.register",
        resource_type="patient",
        resource_id=patient.id,
        actor_user_id=user.id,
        at=now,
    )
    return await _user_out(session, user)


async def link_contact(
    session: AsyncSession,
    *,
    telegram_user_id: int,
    chat_id: int,
    phone: str,
    language: str,
    now: datetime,
) -> UserOut | None:
    """The chat of someone whose own contact carries the number of a patient the front desk
    registered (no chat yet): the chat joins that record, and no second patient is made.
    None when there is no such record, or this Telegram account already has one."""
    try:
        e164 = normalise_phone(phone)
    except InvalidInput:
        return None
    if await session.scalar(select(User.id).where(User.telegram_user_id == telegram_user_id)):
        return None
    user = await session.scalar(
        select(User)
        .where(User.phone == e164, User.telegram_user_id.is_(None), User.deleted_at.is_(None))
        .with_for_update()
    )
    if user is None:
        return None
    user.telegram_user_id, user.chat_id = telegram_user_id, chat_id
    user.language = (language or "en")[:8]
    user.privacy_accepted_at = user.last_seen_at = now
    await session.flush()
    await audit.record(
        session,
        action="patient.link_chat",
        resource_type="user",
        resource_id=user.id,
        actor_user_id=user.id,
        at=now,
    )
    return await _user_out(session, user)


async def waits_for_contact(session: Reader, *, phone: str) -> bool:
    """Whether a typed number is one the front desk registered: only its contact links it
    (Telegram vouches for a shared contact; anyone can type a number)."""
    found = await session.scalar(
        select(User.id).where(
            User.phone == phone, User.telegram_user_id.is_(None), User.deleted_at.is_(None)
        )
    )
    return found is not None


async def ensure_patient(session: AsyncSession, *, user_id: uuid.UUID) -> uuid.UUID:
    """A patient profile for a staff member or doctor who books for themselves."""
    patient_id = await session.scalar(select(Patient.id).where(Patient.user_id == user_id))
    if patient_id is None:
        patient = Patient(user_id=user_id)
        session.add(patient)
        await session.flush()
        patient_id = patient.id
    return patient_id


async def get_profile(session: AsyncSession, *, actor: Actor, user_id: uuid.UUID) -> ProfileOut:
    """The profile a patient sees under /profile (their own; an admin sees anyone's)."""
    require(actor, Action.view_profile, user_id=user_id)
    return await _profile(session, user_id)


async def _profile(session: AsyncSession, user_id: uuid.UUID) -> ProfileOut:
    row = (
        await session.execute(
            select(User, Patient)
            .outerjoin(Patient, Patient.user_id == User.id)
            .where(User.id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound(code="profile-not-found")
    user, patient = row
    return ProfileOut(
        full_name=user.full_name,
        phone=user.phone,
        date_of_birth=patient.date_of_birth if patient else None,
        allergies=patient.allergies if patient else None,
        emergency_contact=patient.emergency_contact if patient else None,
    )


PROFILE_FIELDS = ("full_name", "phone", "date_of_birth", "allergies", "emergency_contact")
FREE_TEXT_MAX = 500


async def update_profile_field(
    session: AsyncSession,
    *,
    actor: Actor,
    user_id: uuid.UUID,
    field: str,
    raw: str,
    today: date,
    now: datetime,
    default_region: str | None = None,
) -> ProfileOut:
    """Validates and stores one profile field from what the user typed (a phone without its
    country code is read in `default_region`)."""
    require(actor, Action.edit_profile, user_id=user_id)
    if field not in PROFILE_FIELDS:
        raise InvalidInput(code="profile-field-not-editable")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(code="profile-not-found")
    if field == "full_name":
        user.full_name = clean_name(raw)
    elif field == "phone":
        user.phone = normalise_phone(raw, default_region=default_region)
    else:
        patient_id = await ensure_patient(session, user_id=user_id)
        patient = await session.get(Patient, patient_id)
        assert patient is not None
        if field == "date_of_birth":
            patient.date_of_birth = parse_birth_date(raw, today=today)
        else:
            value = " ".join((raw or "").split())
            if len(value) > FREE_TEXT_MAX:
                raise InvalidInput(code="profile-text-too-long", limit=FREE_TEXT_MAX)
            if field == "emergency_contact" and len(value) > 200:
                raise InvalidInput(code="emergency-contact-too-long", limit=200)
            setattr(patient, field, value or None)
    return await _profile_changed(session, actor=actor, user_id=user_id, field=field, now=now)


async def set_birth_date(
    session: AsyncSession,
    *,
    actor: Actor,
    user_id: uuid.UUID,
    born: date,
    today: date,
    now: datetime,
) -> ProfileOut:
    """Stores a date of birth the user chose as a date (one of the readings of an
    AmbiguousDate), checked again as a typed one would be."""
    require(actor, Action.edit_profile, user_id=user_id)
    check_birth_date(born, today=today)
    if await session.get(User, user_id) is None:
        raise NotFound(code="profile-not-found")
    patient = await session.get(Patient, await ensure_patient(session, user_id=user_id))
    assert patient is not None
    patient.date_of_birth = born
    return await _profile_changed(
        session, actor=actor, user_id=user_id, field="date_of_birth", now=now
    )


async def _profile_changed(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, field: str, now: datetime
) -> ProfileOut:
    """The audit row of a profile change (which field, never its value) and the profile."""
    await session.flush()
    await audit.record(
        session,
        action="profile.update",
        resource_type="user",
        resource_id=user_id,
        actor_user_id=actor.user_id,
        at=now,
        details={"field": field},
    )
    return await _profile(session, user_id)


async def set_role(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, role: str, now: datetime
) -> UserOut:
    """Gives a user another role (admins only; nobody changes their own)."""
    require(actor, Action.set_role, user_id=user_id)
    if role not in ROLES:
        raise InvalidInput(code="unknown-role", roles=", ".join(ROLES))
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(code="user-not-found")
    old = user.role
    user.role = role
    await session.flush()
    await audit.record(
        session,
        action="user.role",
        resource_type="user",
        resource_id=user.id,
        actor_user_id=actor.user_id,
        at=now,
        details={"from": old, "to": role},
    )
    return await _user_out(session, user)


LANGUAGES = ("en", "es", "uk")


async def set_language(
    session: AsyncSession, *, user_id: uuid.UUID, language: str, now: datetime
) -> UserOut:
    """The language the user reads CareSlot in (one of LANGUAGES)."""
    if language not in LANGUAGES:
        raise InvalidInput(code="unknown-language")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(code="profile-not-found")
    user.language = language
    await session.flush()
    await audit.record(
        session,
        action="profile.update",
        resource_type="user",
        resource_id=user_id,
        actor_user_id=user_id,
        at=now,
        details={"field": "language"},
    )
    return await _user_out(session, user)
