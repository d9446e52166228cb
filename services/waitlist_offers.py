"""Answers to the waitlist's offers: Book it (through the ordinary booking rules), No thanks,
and offers nobody answered in time — each passing the place on to the next patient.

The hold itself is PostgreSQL's (migration 0014); here only its life: accepted (the booking
trigger marks it so), declined or expired, with an audit row each.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select, update

from db.engine import SessionFactory
from db.models import AppointmentSlot, Clinic, Doctor, Patient, SlotHold, Specialty, WaitlistEntry
from services import audit, booking, waitlist
from services.booking import AppointmentOut
from services.errors import DomainError, NotFound, SlotTaken
from services.policy import Action, Actor, require


class OfferEnded(DomainError):
    """The offer's hold is over (answered, expired, or the entry left)."""

    code = "waitlist-offer-ended"


class OfferOut(BaseModel):
    hold_id: uuid.UUID
    entry_id: uuid.UUID
    slot_id: uuid.UUID
    patient_id: uuid.UUID
    holder_id: uuid.UUID | None
    patient_name: str | None  # a family member's
    doctor_name: str
    specialty: str
    clinic_name: str
    clinic_address: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    expires_at: datetime
    hold_minutes: int
    status: str
    entry_status: str
    slot_free: bool  # the slot is open and has a place (the held one)

    def live(self, now: datetime) -> bool:
        """Still held for its patient: not answered, not expired, its entry still waiting."""
        return self.status == "active" and self.entry_status == "offered" and now < self.expires_at


_OFFER = (
    select(SlotHold, WaitlistEntry.status, AppointmentSlot, Doctor, Specialty, Clinic, Patient)
    .join(WaitlistEntry, WaitlistEntry.id == SlotHold.entry_id)
    .join(AppointmentSlot, AppointmentSlot.id == SlotHold.slot_id)
    .join(Doctor, Doctor.id == AppointmentSlot.doctor_id)
    .join(Specialty, Specialty.id == Doctor.specialty_id)
    .join(Clinic, Clinic.id == AppointmentSlot.clinic_id)
    .join(Patient, Patient.id == SlotHold.patient_id)
)


async def get_offer(session, *, hold_id: uuid.UUID) -> OfferOut | None:
    """The offer as it stands now (the dispatcher renders it; whom it goes to was decided
    when it was written)."""
    row = (await session.execute(_OFFER.where(SlotHold.id == hold_id))).first()
    if row is None:
        return None
    hold, entry_status, slot, doctor, specialty, clinic, patient = row
    return OfferOut(
        hold_id=hold.id,
        entry_id=hold.entry_id,
        slot_id=slot.id,
        patient_id=patient.id,
        holder_id=patient.holder_id,
        patient_name=patient.full_name if patient.holder_id else None,
        doctor_name=doctor.full_name,
        specialty=specialty.name,
        clinic_name=clinic.name,
        clinic_address=f"{clinic.address}, {clinic.city}",
        timezone=clinic.timezone,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        expires_at=hold.expires_at,
        hold_minutes=clinic.waitlist_hold_minutes,
        status=hold.status,
        entry_status=entry_status,
        slot_free=slot.is_active and slot.booked_count < slot.capacity,
    )


async def _mine(session, actor: Actor, hold_id: uuid.UUID, *, lock: bool) -> SlotHold:
    """The hold, if the actor answers for its patient (else NotFound / NotAllowed)."""
    query = select(SlotHold).where(SlotHold.id == hold_id)
    hold = (await session.scalars(query.with_for_update() if lock else query)).first()
    if hold is None:
        raise NotFound(code="waitlist-offer-not-found")
    holder = await session.scalar(select(Patient.holder_id).where(Patient.id == hold.patient_id))
    require(actor, Action.use_waitlist, patient_id=hold.patient_id, holder_id=holder)
    return hold


async def _end(session, hold: SlotHold, *, status: str, actor_user_id, now: datetime) -> None:
    """The hold ends (declined or expired): its entry waits again, the place goes on."""
    hold.status, hold.ended_at = status, now
    await session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.id == hold.entry_id, WaitlistEntry.status == "offered")
        .values(status="waiting")
    )
    await session.flush()
    await audit.record(
        session,
        action=f"waitlist.{'decline' if status == 'declined' else 'offer_expired'}",
        resource_type="slot_hold",
        resource_id=hold.id,
        actor_user_id=actor_user_id,
        at=now,
    )
    await waitlist.places_freed(session, slot_ids=[hold.slot_id], now=now)
    # Waiting again: a place freed meanwhile (while this entry held its offer) may fit it.
    await waitlist.entries_waiting(session, entry_ids=[hold.entry_id], now=now)


async def slot_closed(session, *, slot_id: uuid.UUID, now: datetime) -> int:
    """In the caller's transaction, after the slot was made inactive (/slots): its live
    offers end as expired and each entry waits again — for other places, since a closed slot
    is offered to nobody. Returns the holds ended."""
    holds = (
        await session.scalars(
            select(SlotHold)
            .where(SlotHold.slot_id == slot_id, SlotHold.status == "active")
            .order_by(SlotHold.created_at, SlotHold.id)
            .with_for_update()
        )
    ).all()
    for hold in holds:
        await _end(session, hold, status="expired", actor_user_id=None, now=now)
    return len(holds)


async def accept(
    factory: SessionFactory, *, actor: Actor, hold_id: uuid.UUID, now: datetime
) -> AppointmentOut:
    """Book it: the held place is booked for the entry's patient by the ordinary rules
    (notice, daily limit, overlap); the booking trigger ends the hold and the entry. A
    press after the hold ended: OfferEnded. A booking the rules refuse lets the place go
    to the next patient, and the refusal is raised."""
    async with factory() as session, session.begin():
        hold = await _mine(session, actor, hold_id, lock=True)
        if hold.status == "active" and hold.expires_at <= now:
            await _end(session, hold, status="expired", actor_user_id=None, now=now)
            ended = True
        else:
            ended = hold.status not in ("active", "accepted")
        patient_id, slot_id = hold.patient_id, hold.slot_id
    if ended:
        raise OfferEnded()
    try:
        return await booking.book_slot(
            factory,
            actor=actor,
            patient_id=patient_id,
            slot_id=slot_id,
            now=now,
            idempotency_key=f"waitlist:{hold_id}",
            hold_id=hold_id,
        )
    except SlotTaken:
        raise OfferEnded() from None
    except DomainError:
        async with factory() as session, session.begin():
            hold = await _mine(session, actor, hold_id, lock=True)
            if hold.status == "active":
                await _end(session, hold, status="declined", actor_user_id=actor.user_id, now=now)
        raise


async def decline(
    factory: SessionFactory, *, actor: Actor, hold_id: uuid.UUID, now: datetime
) -> OfferOut:
    """No thanks: the place goes to the next patient; the entry keeps waiting for others.
    Pressed again, nothing more happens; pressed after the hold ended: OfferEnded."""
    async with factory() as session, session.begin():
        hold = await _mine(session, actor, hold_id, lock=True)
        if hold.status == "active":
            await _end(session, hold, status="declined", actor_user_id=actor.user_id, now=now)
        elif hold.status != "declined":
            raise OfferEnded()
        offer = await get_offer(session, hold_id=hold_id)
    if offer is None:
        raise NotFound(code="waitlist-offer-not-found")
    return offer


async def expire_offers(factory: SessionFactory, *, now: datetime, limit: int = 50) -> int:
    """Offers nobody answered before their hold ended: each place goes to the next patient
    (run by the outbox dispatcher between its passes). Entries whose last day has passed
    are closed. Returns the holds ended."""
    async with factory() as session, session.begin():
        holds = (
            await session.scalars(
                select(SlotHold)
                .where(SlotHold.status == "active", SlotHold.expires_at <= now)
                .order_by(SlotHold.expires_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for hold in holds:
            await _end(session, hold, status="expired", actor_user_id=None, now=now)
        ended = await session.scalars(
            update(WaitlistEntry)
            # a day's margin: the entry's dates are clinic-local, `now` is UTC
            .where(
                WaitlistEntry.status == "waiting",
                WaitlistEntry.latest_date < now.date() - timedelta(days=1),
            )
            .values(status="expired", ended_at=now)
            .returning(WaitlistEntry.id)
        )
        for entry_id in ended.all():
            await audit.record(
                session,
                action="waitlist.entry_expired",
                resource_type="waitlist_entry",
                resource_id=entry_id,
                at=now,
            )
    return len(holds)
