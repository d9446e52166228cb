"""The front desk's patients: finding one by phone or by name, their card, and a new patient
typed in from a phone call or a walk-in.

Who a front desk sees. By a phone number — the whole number, which the caller gives — any
patient: that is how a desk recognises someone who booked themselves in the chat. By name
(a fuzzy search anyone could sweep the register with) only the patients linked to the
desk's clinic: a visit there, at any time, registered there by its desk, or confirmed by
its desk by the whole number and date of birth (`clinic_patient_links`, see
`link_by_birth_date`). A patient's
card (contact, the clinic's upcoming visits) opens for linked patients only. Admins see
everyone.

A name is found through `users.name_keys` (migrations 0016 and 0024: each word's first
five letters, those five with one letter left out, and its first three letters, kept by a
trigger, GIN-indexed), so one typo near the start of each word still finds it, and a desk
that types only a name's first letters finds it too. Two or three typed words are looked
for by the keys of pairs of a name's words instead (migration 0026, an index over
`careslot_pair_keys(full_name)`): two typed words are two words of the name, and a common
first name's long lists are not read. The candidates are ranked with rapidfuzz. A family
member (a dependant without an account) is found by the word keys of their own name,
through `patients.name_keys` (migration 0021, a partial GIN index over family members
only); the hit says whose family member they are and shows the holder's phone. A
member is linked to a clinic by their own visits there, or by their holder's link. A
number is normalised to E.164 and looked up in the index on `users.phone` (account holders
only).
"""

from __future__ import annotations

import functools
import itertools
import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from pydantic import BaseModel
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import (
    CompoundSelect,
    DateTime,
    Select,
    String,
    Text,
    Uuid,
    bindparam,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.engine import Reader
from db.models import (
    ACTIVE_STATUSES,
    Appointment,
    AuditLog,
    Clinic,
    ClinicPatientLink,
    Doctor,
    Patient,
    User,
)
from services import audit
from services.errors import Conflict, InvalidInput, NotAllowed, NotFound
from services.phones import normalise_phone, region_for_zone
from services.policy import Action, Actor, Role, require
from services.users import check_birth_date, clean_name

PER_PAGE = 5
MAX_CANDIDATES = 200  # name candidates ranked in Python, at most
KEY_LETTERS = 5  # the letters of a word its name keys are made of (migration 0024)
MIN_SCORE = 70  # rapidfuzz's 0–100: below this a name is not what was typed
MAX_QUERY = 100
_WORD = re.compile(r"[^\W\d_]+")
_PHONE_LIKE = re.compile(r"^[\d\s()+./-]+$")


class PhoneTaken(Conflict):
    """The number is already a patient's: `patient_id` names them (shown, not duplicated)."""

    code = "phone-registered"


class PatientHit(BaseModel):
    patient_id: uuid.UUID
    full_name: str
    date_of_birth: date | None
    phone: str | None
    next_visit: datetime | None = None
    next_visit_tz: str | None = None
    unreachable: bool  # the dispatcher could not reach their chat (they blocked the bot)
    has_chat: bool
    linked: bool  # linked to the asker's clinic: the card opens
    holder_name: str | None = None  # a family member's account holder (the phone is theirs)


class FoundPatients(BaseModel):
    by_phone: str | None  # the number searched, in E.164; None for a name
    hits: list[PatientHit]  # this page
    total: int
    page: int
    per_page: int = PER_PAGE


class CardVisit(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    timezone: str
    doctor_name: str
    status: str


class PatientCard(BaseModel):
    hit: PatientHit
    email: str | None
    emergency_contact: str | None
    visits: list[CardVisit]  # upcoming, at the asker's clinic (every clinic for an admin)


def _clinic_of(actor: Actor) -> uuid.UUID | None:
    """The clinic the desk works for; None for an admin (everywhere)."""
    require(actor, Action.find_patient, clinic_id=actor.staff_clinic_id)
    return None if actor.role is Role.admin else actor.staff_clinic_id


# A family member's holder and the holder's account (phone, chat, name).
_HOLDER = aliased(Patient, name="holder")
_HOLDER_USER = aliased(User, name="holder_user")


def _linked(clinic_id: uuid.UUID | None, patient: Any = Patient):
    if clinic_id is None:
        return literal(True)
    visited = exists().where(
        Appointment.patient_id == patient.id, Appointment.clinic_id == clinic_id
    )
    # Confirmed by the desk (phone + birth date): one probe of the unique (clinic, patient).
    confirmed = exists().where(
        ClinicPatientLink.clinic_id == clinic_id, ClinicPatientLink.patient_id == patient.id
    )
    return or_(patient.registered_clinic_id == clinic_id, visited, confirmed)


def _member_linked(clinic_id: uuid.UUID | None):
    if clinic_id is None:
        return literal(True)
    return or_(_linked(clinic_id), _linked(clinic_id, _HOLDER))


def _hits_select(clinic_id: Any, *, filtered: bool = False, users: Any = None):
    """Account holders as hits; `filtered`: the caller keeps the linked ones only; `users`:
    the accounts to take them from (a CTE of candidates with the table's columns)."""
    linked = true() if filtered or clinic_id is None else _linked(clinic_id)
    accounts = User.__table__ if users is None else users
    account = accounts.c
    return (
        select(
            Patient.id,
            account.full_name,
            Patient.date_of_birth,
            account.phone,
            account.unreachable_at,
            account.chat_id,
            linked.label("linked"),
            literal(None, String).label("holder_name"),
        )
        .select_from(Patient)
        .join(accounts, account.id == Patient.user_id)
        .where(account.deleted_at.is_(None), Patient.holder_id.is_(None))
    )


def _members_select(clinic_id: Any, *, filtered: bool = False):
    """Family members still in a family, as hits: their own name and birth date, their
    holder's phone and chat."""
    linked = true() if filtered or clinic_id is None else _member_linked(clinic_id)
    return (
        select(
            Patient.id,
            Patient.full_name,
            Patient.date_of_birth,
            _HOLDER_USER.phone,
            _HOLDER_USER.unreachable_at,
            _HOLDER_USER.chat_id,
            linked.label("linked"),
            _HOLDER_USER.full_name.label("holder_name"),
        )
        .join(_HOLDER, _HOLDER.id == Patient.holder_id)
        .join(_HOLDER_USER, _HOLDER_USER.id == _HOLDER.user_id)
        .where(
            Patient.holder_id.is_not(None),
            Patient.removed_at.is_(None),
            _HOLDER_USER.deleted_at.is_(None),
        )
    )


def _hit(row) -> PatientHit:
    # Not the clinic's: the birth date stays unsaid, it is what proves who is calling.
    return PatientHit(
        patient_id=row.id,
        full_name=row.full_name,
        date_of_birth=row.date_of_birth if row.linked else None,
        phone=row.phone,
        unreachable=row.unreachable_at is not None,
        has_chat=row.chat_id is not None,
        linked=bool(row.linked),
        holder_name=row.holder_name,
    )


async def region_of(session: Reader, *, actor: Actor, fallback: str | None) -> str | None:
    """The phone region numbers are read in: the desk's clinic's country, else `fallback`."""
    clinic_id = _clinic_of(actor)
    if clinic_id is None:
        return fallback
    zone = await session.scalar(select(Clinic.timezone).where(Clinic.id == clinic_id))
    return region_for_zone(zone) or fallback


def query_words(query: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(query)]


async def find_patients(
    session: Reader,
    *,
    actor: Actor,
    query: str,
    region: str | None,
    now: datetime,
    page: int = 0,
) -> FoundPatients:
    """Patients by phone (any format) or by name (typos welcome), a page of them."""
    clinic_id = _clinic_of(actor)
    query = " ".join((query or "").split())
    if not query or len(query) > MAX_QUERY:
        raise InvalidInput(code="find-query-unclear")
    if _PHONE_LIKE.match(query) and sum(c.isdigit() for c in query) >= 6:
        phone = normalise_phone(query, default_region=region)
        rows = (await session.execute(_hits_select(clinic_id).where(User.phone == phone))).all()
        rows.sort(key=lambda r: r.full_name)
    else:
        phone = None
        rows = await _by_name(session, clinic_id, query_words(query))
    first = max(0, min(page, (len(rows) - 1) // PER_PAGE)) if rows else 0
    shown = [_hit(r) for r in rows[first * PER_PAGE : (first + 1) * PER_PAGE]]
    await _next_visits(session, shown, clinic_id, now)
    return FoundPatients(by_phone=phone, hits=shown, total=len(rows), page=first)


async def _by_name(session: Reader, clinic_id: uuid.UUID | None, words: list[str]) -> list[Any]:
    """The rows of the patients whose names fit the words, best first.

    Spelt right in each word's first five letters: those prefixes, all of them (the most
    selective keys). Only when that finds nobody, the spellings one edit away there. Both
    passes are one statement (the near one runs only when the exact one found no row); the
    near pass is asked for again only if exact rows came but none fits well enough."""
    words = sorted(set(words), key=len, reverse=True)[:3]
    if not words or sum(map(len, words)) < 2:
        raise InvalidInput(code="find-query-unclear")
    params = _search_keys(words)
    if clinic_id is not None:
        params["clinic"] = clinic_id
    desk = clinic_id is not None
    rows = (await session.execute(_name_search(desk, len(words)), params)).all()
    exact = [r for r in rows if r.exact]
    scored = _scored(words, exact)
    if not scored:
        near = [r for r in rows if not r.exact]
        if exact:
            near = (await session.execute(_name_search(desk, len(words), near=True), params)).all()
        scored = _scored(words, near)
    scored.sort(key=lambda s: s[:3])
    return [row for *_key, row in scored]


def _search_keys(words: list[str]) -> dict[str, Any]:
    """The keys `_name_search`'s statement for these words is bound to: each word's exact
    key and typo keys (e0, t0, …), and for every two words the pair keys (migration 0026) of
    their exact keys, all in one array (ep), and of their typo keys (p0, p1, …)."""
    params: dict[str, Any] = {f"e{i}": [exact_key(w)] for i, w in enumerate(words)}
    params |= {f"t{i}": typo_keys(w) for i, w in enumerate(words)}
    two = list(itertools.combinations(words, 2))
    if two:
        params["ep"] = sorted({pair_key(exact_key(a), exact_key(b)) for a, b in two})
        for i, (a, b) in enumerate(two):
            params[f"p{i}"] = sorted({pair_key(x, y) for x in typo_keys(a) for y in typo_keys(b)})
    return params


def _scored(words: list[str], rows: list[Any]) -> list[tuple[float, float, str, Any]]:
    """The rows whose names fit the words well enough, with their sort keys: how well each
    word typed fits one of the name's words (rapidfuzz's ratio, their mean, 0–100), then,
    among equal fits, the one with fewer edits when two neighbours swapped count as one
    ("aslwinby" is Salwinby before Galwinby), then the name.

    The candidates share most of their words, so each distinct word is scored once against
    the typed ones (rapidfuzz's `cdist`), and each name's best fits are read off those
    tables with numpy: a name's words are a row of a grid of column numbers, padded with a
    column that fits nothing."""
    if not rows:
        return []
    columns: dict[str, int] = {}  # a name's word: its column in the tables
    names = [[columns.setdefault(w, len(columns)) for w in query_words(r.full_name)] for r in rows]
    width = max(map(len, names))
    if width == 0:
        return []
    none = len(columns)
    grid = np.array([name + [none] * (width - len(name)) for name in names])
    distinct = list(columns)
    ratio = np.full((len(words), none + 1), -1.0)
    swaps = np.zeros((len(words), none + 1))
    ratio[:, :none] = process.cdist(words, distinct, scorer=fuzz.ratio, dtype=np.float64)
    swaps[:, :none] = process.cdist(
        words, distinct, scorer=OSA.normalized_similarity, dtype=np.float64
    )
    ratios, edits = ratio[:, grid], swaps[:, grid]  # typed word × name × name's word
    # The best fit first by ratio, then by OSA (0–1): two ratios differ by more than 0.01.
    best = (ratios * 1000 + edits).argmax(axis=2)[..., None]
    score = np.take_along_axis(ratios, best, axis=2).mean(axis=(0, 2))
    swapped = np.take_along_axis(edits, best, axis=2).sum(axis=(0, 2))
    return [
        (-float(score[i]), -float(swapped[i]), rows[i].full_name.casefold(), rows[i])
        for i in np.flatnonzero(score >= MIN_SCORE)
    ]


def _letters(word: str) -> str:
    """What the database's keys read of a word: lower case, letters only (0016's
    `regexp_replace(lower(word), '[^[:alpha:]]+', '', 'g')`)."""
    return "".join(c for c in word.lower() if c.isalpha())


def exact_key(word: str) -> str:
    """The key a name has when it starts as `word` does (0024's `careslot_exact_key`)."""
    return _letters(word)[:KEY_LETTERS]


def typo_keys(word: str) -> list[str]:
    """The keys one edit in `word`'s first five letters keeps (0024's `careslot_typo_keys`):
    those letters, and those letters with one left out. Not the stored three-letter key:
    "bar" alone would bring every Barford to a search for "Barbenton"."""
    head = exact_key(word)
    if len(head) <= 2:
        return [head] if head else []
    return sorted({head} | {head[:i] + head[i + 1 :] for i in range(len(head))})


def pair_key(a: str, b: str) -> str:
    """The key of two words' keys in one name (0026's `careslot_pair_keys`): in code point
    order (the database's "C" collation), joined by a space."""
    return f"{a} {b}" if a <= b else f"{b} {a}"


@functools.cache
def _name_search(desk: bool, count: int, *, near: bool = False) -> CompoundSelect:
    """_by_name's statement for `count` words (bound as `_search_keys` makes them; a desk's
    clinic as `clinic`), built once: account holders and family members, MAX_CANDIDATES of
    each per pass. Without `near`: the exact pass, and the near pass only if the exact one
    is empty (a column `exact` tells them apart); with it: the near pass alone.

    Account holders are found for one word by its word keys, for two or three by the pair
    keys of every two (the index of 0026: two typed words are two words of the name, and a
    common first name's long lists are not read). Those candidates are a MATERIALIZED CTE,
    planned as if read whole: asked under a LIMIT, the planner would reckon the first rows of
    a sequential scan cheaper than the index. Family members (few, their own partial index)
    are found by word keys. The keys come computed, not as calls of the database's
    functions: those would be run while planning and again on every row rechecked."""
    clinic = bindparam("clinic", type_=Uuid) if desk else None
    exact = [bindparam(f"e{i}", type_=ARRAY(Text)) for i in range(count)]
    typos = [bindparam(f"t{i}", type_=ARRAY(Text)) for i in range(count)]
    pairs = func.careslot_pair_keys(User.full_name, type_=ARRAY(Text))
    exact_pairs = [pairs.contains(bindparam("ep", type_=ARRAY(Text)))]
    near_pairs = [
        pairs.overlap(bindparam(f"p{i}", type_=ARRAY(Text)))
        for i in range(count * (count - 1) // 2)
    ]

    def holders(keys: Any, pair_keys: list[Any], name: str) -> Select:
        if count == 1:
            return _hits_select(clinic, filtered=True).where(*keys(User.name_keys))
        columns = (User.id, User.full_name, User.phone, User.unreachable_at, User.chat_id)
        found = (
            select(*columns, User.deleted_at)
            .where(User.deleted_at.is_(None), *pair_keys)
            .cte(name)
            .prefix_with("MATERIALIZED")
        )
        return _hits_select(clinic, filtered=True, users=found)

    def exact_keys(keys: Any) -> list[Any]:
        return [keys.contains(key) for key in exact]

    def near_keys(keys: Any) -> list[Any]:
        return [keys.overlap(key) for key in typos]

    def one_pass(keys: Any, pair_keys: list[Any], name: str, *only: Any) -> CompoundSelect:
        accounts = holders(keys, pair_keys, f"{name}_accounts").where(*only)
        members = _members_select(clinic, filtered=True).where(*keys(Patient.name_keys), *only)
        if clinic is not None:
            accounts = accounts.where(_linked(clinic))
            members = members.where(_member_linked(clinic))
        return union_all(accounts.limit(MAX_CANDIDATES), members.limit(MAX_CANDIDATES))

    if near:
        return one_pass(near_keys, near_pairs, "near")
    found = one_pass(exact_keys, exact_pairs, "exact").cte("exact_pass")
    nobody = ~exists(select(true()).select_from(found))
    others = one_pass(near_keys, near_pairs, "near", nobody).subquery("near_pass")
    return union_all(select(found, true().label("exact")), select(others, false().label("exact")))


@functools.cache
def _next_visits_select(desk: bool) -> Select:
    """The upcoming visits of the patients `ids` from `now` (at the desk's `clinic` only),
    built once."""
    stmt = (
        select(Appointment.patient_id, Appointment.starts_at, Clinic.timezone)
        .join(Clinic, Clinic.id == Appointment.clinic_id)
        .where(
            Appointment.patient_id.in_(bindparam("ids", expanding=True, type_=Uuid)),
            Appointment.starts_at >= bindparam("now", type_=DateTime(timezone=True)),
            Appointment.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Appointment.starts_at.desc())
    )
    if desk:
        stmt = stmt.where(Appointment.clinic_id == bindparam("clinic", type_=Uuid))
    return stmt


async def _next_visits(
    session: Reader, hits: list[PatientHit], clinic_id: uuid.UUID | None, now: datetime
) -> None:
    if not hits:
        return
    params: dict[str, Any] = {"ids": [h.patient_id for h in hits], "now": now}
    if clinic_id is not None:
        params["clinic"] = clinic_id
    stmt = _next_visits_select(clinic_id is not None)
    # Latest first, so each patient's earliest upcoming visit is the one that stays.
    found = {r.patient_id: r for r in (await session.execute(stmt, params)).all()}
    for hit in hits:
        row = found.get(hit.patient_id)
        if row is not None:
            hit.next_visit, hit.next_visit_tz = row.starts_at, row.timezone


async def patient_card(
    session: AsyncSession, *, actor: Actor, patient_id: uuid.UUID, now: datetime
) -> PatientCard:
    """A linked patient's contact and the clinic's upcoming visits; the opening is audited."""
    clinic_id = _clinic_of(actor)
    row = (
        await session.execute(
            _hits_select(clinic_id)
            .add_columns(User.email, Patient.emergency_contact)
            .where(Patient.id == patient_id)
        )
    ).first() or (
        await session.execute(
            _members_select(clinic_id)
            .add_columns(_HOLDER_USER.email, Patient.emergency_contact)
            .where(Patient.id == patient_id)
        )
    ).first()
    if row is None:
        raise NotFound(code="patient-not-found")
    if not row.linked:
        raise NotAllowed()
    hit = _hit(row)
    stmt = (
        select(
            Appointment.id,
            Appointment.starts_at,
            Appointment.status,
            Clinic.timezone,
            Doctor.full_name.label("doctor_name"),
        )
        .join(Clinic, Clinic.id == Appointment.clinic_id)
        .join(Doctor, Doctor.id == Appointment.doctor_id)
        .where(
            Appointment.patient_id == patient_id,
            Appointment.ends_at > now,
            Appointment.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Appointment.starts_at)
        .limit(10)
    )
    if clinic_id is not None:
        stmt = stmt.where(Appointment.clinic_id == clinic_id)
    visits = [
        CardVisit.model_validate(r, from_attributes=True) for r in await session.execute(stmt)
    ]
    if visits:
        hit.next_visit, hit.next_visit_tz = visits[0].starts_at, visits[0].timezone
    await audit.record(
        session,
        action="patient.card_opened",
        resource_type="patient",
        resource_id=patient_id,
        actor_user_id=actor.user_id,
        details={"clinic_id": str(clinic_id) if clinic_id else None},
        at=now,
    )
    return PatientCard(
        hit=hit, email=row.email, emergency_contact=row.emergency_contact, visits=visits
    )


async def linked_patient(session: Reader, *, actor: Actor, patient_id: uuid.UUID) -> PatientHit:
    """A patient the asker's clinic knows (whom its desk may book for), else NotFound /
    NotAllowed, as for their card."""
    clinic_id = _clinic_of(actor)
    row = (await session.execute(_hits_select(clinic_id).where(Patient.id == patient_id))).first()
    if row is None:
        raise NotFound(code="patient-not-found")
    if not row.linked:
        raise NotAllowed()
    return _hit(row)


async def phone_owner(
    session: Reader, *, actor: Actor, phone: str, region: str | None
) -> tuple[str, PatientHit | None]:
    """The number in E.164 and the patient who already has it, if any."""
    clinic_id = _clinic_of(actor)
    e164 = normalise_phone(phone, default_region=region)
    row = (await session.execute(_hits_select(clinic_id).where(User.phone == e164))).first()
    return e164, (_hit(row) if row is not None else None)


async def register_by_phone(
    session: AsyncSession,
    *,
    actor: Actor,
    full_name: str,
    phone: str,
    date_of_birth: date,
    today: date,
    now: datetime,
) -> PatientHit:
    """A patient without a chat, typed in by the desk: an account without Telegram (linked
    when that person shares this number's contact at /start) and its patient record."""
    clinic_id = _clinic_of(actor)
    name = clean_name(full_name)
    region = await region_of(session, actor=actor, fallback=None)
    e164 = normalise_phone(phone, default_region=region)
    born = check_birth_date(date_of_birth, today=today)
    # Two desks typing in the same number at once: one waits for the other here.
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("phone:" + e164))))
    _e164, owner = await phone_owner(session, actor=actor, phone=e164, region=None)
    if owner is not None:
        raise PhoneTaken(patient_id=str(owner.patient_id))
    user = User(full_name=name, phone=e164, role="patient", registered_by=actor.user_id)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:  # uq_users_phone_without_chat: raced past the lock
        raise PhoneTaken() from exc
    patient = Patient(user_id=user.id, date_of_birth=born, registered_clinic_id=clinic_id)
    session.add(patient)
    await session.flush()
    await audit.record(
        session,
        action="patient.register_by_staff",
        resource_type="patient",
        resource_id=patient.id,
        actor_user_id=actor.user_id,
        details={"clinic_id": str(clinic_id) if clinic_id else None},
        at=now,
    )
    return PatientHit(
        patient_id=patient.id, full_name=name, date_of_birth=born, phone=e164,
        unreachable=False, has_chat=False, linked=True,
    )  # fmt: skip


# Linking by birth date. A patient who registered in the chat themselves (or visited another
# clinic) is not this clinic's; the desk shows it is talking to that person by the whole
# number (which finds them) and the date of birth they give, which the desk never saw. Wrong
# dates are counted per clinic and patient over a day, so a desk cannot walk the calendar
# by starting the flow again; the typed date is never logged nor written anywhere.
MAX_BIRTH_TRIES = 3
BIRTH_TRIES_WINDOW = timedelta(hours=24)


class LinkCheck(BaseModel):
    linked: bool  # the patient is the clinic's now (or was already)
    patient: PatientHit  # as the phone lookup shows them; with the birth date once linked
    tries_left: int  # wrong dates still allowed; 0: no more checks for now


async def _number_owner(
    session: Reader, clinic_id: uuid.UUID | None, patient_id: uuid.UUID, e164: str
) -> Any:
    row = (await session.execute(_hits_select(clinic_id).where(User.phone == e164))).first()
    if row is None or row.id != patient_id:  # a stale or forged press
        raise NotFound(code="patient-not-found")
    return row


async def _refused(session: Reader, clinic_id: uuid.UUID, patient_id: uuid.UUID, now: datetime):
    return await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.resource_type == "patient",
            AuditLog.resource_id == str(patient_id),
            AuditLog.action == "patient.link_refused",
            AuditLog.at > now - BIRTH_TRIES_WINDOW,
            AuditLog.details["clinic_id"].astext == str(clinic_id),
        )
    )


async def link_candidate(
    session: Reader,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    phone: str,
    region: str | None,
    now: datetime,
) -> LinkCheck:
    """The owner of the whole number `phone`, whose date of birth the desk may now ask for
    (NotFound if `patient_id` is not them); `linked` if the clinic knows them already."""
    clinic_id = _clinic_of(actor)
    require(actor, Action.link_patient, clinic_id=actor.staff_clinic_id)
    e164 = normalise_phone(phone, default_region=region)
    row = await _number_owner(session, clinic_id, patient_id, e164)
    left = MAX_BIRTH_TRIES
    if clinic_id is not None and not row.linked:
        left = max(0, MAX_BIRTH_TRIES - await _refused(session, clinic_id, patient_id, now))
    return LinkCheck(linked=bool(row.linked), patient=_hit(row), tries_left=left)


async def link_by_birth_date(
    session: AsyncSession,
    *,
    actor: Actor,
    patient_id: uuid.UUID,
    phone: str,
    date_of_birth: date,
    now: datetime,
) -> LinkCheck:
    """The date of birth the caller gave for the number's owner: equal to theirs → the
    patient is linked to the desk's clinic (`clinic_patient_links`, audited
    `patient.link_clinic`); else refused (audited `patient.link_refused`, nothing linked).
    After MAX_BIRTH_TRIES wrong dates in a day no date is compared at all."""
    clinic_id = _clinic_of(actor)
    require(actor, Action.link_patient, clinic_id=actor.staff_clinic_id)
    e164 = normalise_phone(phone, default_region=None)
    if clinic_id is not None:  # two desk members of one clinic trying at once: one by one
        key = f"link:{clinic_id}:{patient_id}"
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    row = await _number_owner(session, clinic_id, patient_id, e164)
    if row.linked:  # already the clinic's (or an admin, who sees everyone)
        return LinkCheck(linked=True, patient=_hit(row), tries_left=MAX_BIRTH_TRIES)
    refused = await _refused(session, clinic_id, patient_id, now)
    if refused >= MAX_BIRTH_TRIES:
        return LinkCheck(linked=False, patient=_hit(row), tries_left=0)
    details = {"clinic_id": str(clinic_id)}
    if row.date_of_birth is None or row.date_of_birth != date_of_birth:
        await audit.record(
            session, action="patient.link_refused", resource_type="patient",
            resource_id=patient_id, actor_user_id=actor.user_id, details=details, at=now,
        )  # fmt: skip
        left = MAX_BIRTH_TRIES - refused - 1
        return LinkCheck(linked=False, patient=_hit(row), tries_left=left)
    await session.execute(
        insert(ClinicPatientLink)
        .values(clinic_id=clinic_id, patient_id=patient_id, linked_by=actor.user_id, linked_at=now)
        .on_conflict_do_nothing(index_elements=["clinic_id", "patient_id"])
    )
    await audit.record(
        session, action="patient.link_clinic", resource_type="patient", resource_id=patient_id,
        actor_user_id=actor.user_id, details=details, at=now,
    )  # fmt: skip
    hit = _hit(row).model_copy(update={"linked": True, "date_of_birth": row.date_of_birth})
    return LinkCheck(linked=True, patient=hit, tries_left=MAX_BIRTH_TRIES)
