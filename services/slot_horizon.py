"""Keeping every doctor's slots out to their clinic's booking horizon (a daily job).

`extend_to_horizon` generates, for each active doctor of an active clinic, the slots of
their weekly hours from the clinic-local today to today + the clinic's
`booking_horizon_days`, with the ordinary generation (`slots.generate_slots_unchecked`),
which skips what exists, time off, breaks and times a DST change removes. It is idempotent,
so a repeated run creates nothing, and any number of bot processes may call it: one run at a
time holds a session-level advisory lock on a fixed key for the whole run, and a runner that
cannot get it returns at once saying so. The slots themselves are written in short
transactions of a few doctors each: the generation holds its per-doctor locks until commit,
so other writes to those doctors' slots (closing one, time off) wait at most for one batch.
Bookings take none of those locks.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Row, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import SessionFactory
from db.models import Clinic, Doctor
from services import slots
from services.errors import DomainError
from services.policy import Action, Actor, require

log = logging.getLogger("careslot.slot_horizon")

# The one key every runner competes for (64 bits of a fixed name, in the same namespace as
# the per-doctor keys of services.slots, so they cannot collide by accident).
LOCK_NAME = "careslot.slot-horizon"
TRY_LOCK = text("SELECT pg_try_advisory_lock(hashtextextended(:name, 0))").bindparams(
    name=LOCK_NAME
)
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended(:name, 0))").bindparams(name=LOCK_NAME)

# Doctors per transaction: a first run writes a thousand rows or more per doctor, and the
# per-doctor locks are held (other writers of those doctors' slots wait) until it commits.
DOCTORS_PER_TRANSACTION = 20

_ACTIVE_DOCTORS = (
    select(Doctor.id, Doctor.clinic_id, Clinic.timezone, Clinic.booking_horizon_days)
    .join(Clinic, Clinic.id == Doctor.clinic_id)
    .where(Doctor.is_active, Clinic.is_active)
    .order_by(Doctor.clinic_id, Doctor.id)
)


class ExtendReport(BaseModel):
    """What one run did: counts only (it is logged).

    `skipped_locked` — another runner held the lock, so this one did nothing. `failed_clinics`
    — clinics left out because the generation refused them (an unknown time zone, say); the
    others were extended.
    """

    model_config = ConfigDict(frozen=True)

    skipped_locked: bool = False
    clinics: int = 0
    doctors: int = 0
    created: int = 0
    failed_clinics: int = 0


def _engine_of(factory: SessionFactory) -> AsyncEngine:
    bind = factory.kw.get("bind")
    if not isinstance(bind, AsyncEngine):
        raise TypeError("extend_to_horizon needs a session factory bound to an engine")
    return bind


def _by_clinic(rows: Sequence[Row[Any]]) -> dict[uuid.UUID, list[Row[Any]]]:
    clinics: dict[uuid.UUID, list[Row[Any]]] = {}
    for row in rows:
        clinics.setdefault(row.clinic_id, []).append(row)
    return clinics


async def extend_to_horizon(
    factory: SessionFactory,
    *,
    now: datetime,
    doctors_per_transaction: int = DOCTORS_PER_TRANSACTION,
) -> ExtendReport:
    """Generate every active doctor's slots up to their clinic's booking horizon.

    Acts as the system (`Actor.system()`); each transaction writes the generation's own
    audit row. Returns at once with `skipped_locked` when another run holds the lock.
    """
    slots.require_aware(now, "now")
    actor = Actor.system()
    require(actor, Action.generate_slots)
    if doctors_per_transaction < 1:
        raise ValueError("doctors_per_transaction must be at least 1")
    async with _engine_of(factory).connect() as connection:
        locked = bool(await connection.scalar(TRY_LOCK))
        await connection.commit()
        if not locked:
            return ExtendReport(skipped_locked=True)
        try:
            return await _extend(factory, connection, actor, now, doctors_per_transaction)
        finally:
            await _unlock(connection)


async def _unlock(connection: AsyncConnection) -> None:
    try:
        await connection.execute(_UNLOCK)
        await connection.commit()
    except BaseException:
        # Closing the connection ends its session, and with it the lock.
        await connection.invalidate()
        raise


async def _extend(
    factory: SessionFactory,
    connection: AsyncConnection,
    actor: Actor,
    now: datetime,
    batch: int,
) -> ExtendReport:
    rows = (await connection.execute(_ACTIVE_DOCTORS)).all()
    await connection.commit()
    clinics = doctors = created = failed = 0
    for clinic_id, clinic_doctors in _by_clinic(rows).items():
        first = clinic_doctors[0]
        try:
            today = now.astimezone(slots.zone_of(first.timezone)).date()
            end = today + timedelta(days=first.booking_horizon_days)
            for i in range(0, len(clinic_doctors), batch):
                ids = [d.id for d in clinic_doctors[i : i + batch]]
                # The sessions share the locked connection, each in its own transaction.
                async with factory(bind=connection) as session, session.begin():
                    result = await slots.generate_slots_unchecked(
                        session,
                        start=today,
                        end=end,
                        now=now,
                        doctor_ids=ids,
                        actor_user_id=actor.user_id,
                    )
                doctors += result.doctors
                created += result.created
        except DomainError as exc:
            failed += 1
            log.warning("slot horizon: clinic %s left out (%s)", clinic_id, exc.code)
            continue
        clinics += 1
    return ExtendReport(clinics=clinics, doctors=doctors, created=created, failed_clinics=failed)
