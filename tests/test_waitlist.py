"""The waitlist on a real PostgreSQL: joining, offers made in the freeing transaction,
the hold PostgreSQL enforces (raw SQL), decline / expiry passing the place on, accepting
through the booking rules, leaving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from db.engine import unit_of_work
from db.models import AuditLog, Notification, SlotHold, WaitlistEntry
from services import booking, slots, waitlist, waitlist_offers
from services.dispatch import DispatchConfig, Dispatcher, Outcome, SendResult
from services.errors import InvalidInput, NotAllowed, SlotTaken
from services.notifications import Kind
from services.policy import Actor
from services.waitlist_offers import OfferEnded
from tests.world import NOW, add_patient, add_slot, build_world

T = NOW + timedelta(days=2)  # Wednesday 08:00 London: a morning slot
TODAY = NOW.date()


@pytest.fixture
async def world(session_factory):
    w = await build_world(session_factory)
    for tg in (1001, 1002, 1003, 1004):
        await add_patient(w, tg)
    return w


async def _join(world, tg: int, *, doctor: int = 0, part: str | None = None, now=NOW):
    return await waitlist.join(
        world.factory,
        actor=world.actors[tg],
        patient_id=world.patients[tg],
        doctor_id=world.doctor_ids[doctor],
        earliest=TODAY,
        latest=TODAY + timedelta(days=30),
        part_of_day=part,
        now=now,
    )


async def _book(world, tg: int, slot, now=NOW):
    return await booking.book_slot(
        world.factory, actor=world.actors[tg], patient_id=world.patients[tg], slot_id=slot, now=now
    )


async def _holds(world) -> list:
    async with unit_of_work(world.factory) as session:
        rows = await session.execute(
            select(SlotHold.id, SlotHold.patient_id, SlotHold.status).order_by(SlotHold.created_at)
        )
        return rows.all()


async def _offers(world) -> list:
    async with unit_of_work(world.factory) as session:
        rows = await session.execute(
            select(Notification.user_id, Notification.payload).where(
                Notification.kind == "waitlist.offer"
            )
        )
        return rows.all()


async def _full_slot_with_waiters(world, *waiters: int):
    """A slot booked by 1001, with the others waiting in the order given."""
    slot = await add_slot(world, starts_at=T)
    appt = await _book(world, 1001, slot)
    for tg in waiters:
        await _join(world, tg)
    return slot, appt


async def test_join_refuses_a_duplicate_kindly_and_checks_the_dates(world) -> None:
    await _join(world, 1002)
    with pytest.raises(waitlist.AlreadyWaiting) as refused:
        await _join(world, 1002)
    assert refused.value.params["last"] == TODAY + timedelta(days=30)
    with pytest.raises(InvalidInput):
        await waitlist.join(
            world.factory, actor=world.actors[1002], patient_id=world.patients[1002],
            doctor_id=world.doctor_ids[1], earliest=TODAY - timedelta(days=1), latest=TODAY,
            now=NOW,
        )  # fmt: skip
    with pytest.raises(NotAllowed):  # someone else's patient record
        await waitlist.join(
            world.factory, actor=world.actors[1003], patient_id=world.patients[1002],
            doctor_id=world.doctor_ids[1], earliest=TODAY, latest=TODAY, now=NOW,
        )  # fmt: skip


async def test_a_cancellation_offers_the_place_to_the_first_waiting_patient(world) -> None:
    slot, appt = await _full_slot_with_waiters(world, 1002, 1003)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    (hold,) = await _holds(world)
    assert hold.patient_id == world.patients[1002] and hold.status == "active"
    (offer,) = await _offers(world)
    assert offer.payload["hold_id"] == str(hold.id)
    # The third patient cannot book the held place (the database refuses: "just taken").
    with pytest.raises(SlotTaken):
        await _book(world, 1004, slot)
    # No thanks → the next waiting patient gets it.
    await waitlist_offers.decline(world.factory, actor=world.actors[1002], hold_id=hold.id, now=NOW)
    first, second = await _holds(world)
    assert first.status == "declined"
    assert second.patient_id == world.patients[1003] and second.status == "active"
    # Book it → booked through the ordinary rules; the hold and the entry are done.
    appt = await waitlist_offers.accept(
        world.factory, actor=world.actors[1003], hold_id=second.id, now=NOW
    )
    assert appt.patient_id == world.patients[1003] and appt.slot_id == slot
    assert [h.status for h in await _holds(world)] == ["declined", "accepted"]
    async with unit_of_work(world.factory) as session:
        statuses = dict(
            (await session.execute(select(WaitlistEntry.patient_id, WaitlistEntry.status))).all()
        )
        actions = set(
            (await session.scalars(select(AuditLog.action).where(
                AuditLog.action.like("waitlist.%")))).all()
        )  # fmt: skip
    assert statuses == {world.patients[1002]: "waiting", world.patients[1003]: "booked"}
    assert {"waitlist.join", "waitlist.offer", "waitlist.decline", "waitlist.accept"} <= actions


async def test_expiry_passes_the_place_on_and_a_late_press_is_refused(world) -> None:
    _slot, appt = await _full_slot_with_waiters(world, 1002, 1003)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    (hold,) = await _holds(world)
    later = NOW + timedelta(minutes=15)
    assert await waitlist_offers.expire_offers(world.factory, now=later - timedelta(seconds=1)) == 0
    assert await waitlist_offers.expire_offers(world.factory, now=later) == 1
    first, second = await _holds(world)
    assert first.status == "expired" and second.patient_id == world.patients[1003]
    with pytest.raises(OfferEnded):
        await waitlist_offers.accept(world.factory, actor=world.actors[1002], hold_id=hold.id,
                                     now=later)  # fmt: skip
    with pytest.raises(NotAllowed):  # another patient's offer
        await waitlist_offers.accept(world.factory, actor=world.actors[1004], hold_id=second.id,
                                     now=later)  # fmt: skip
    assert (await _holds(world))[1].status == "active"


async def test_a_move_away_and_new_slots_free_places_too(world) -> None:
    _slot, appt = await _full_slot_with_waiters(world, 1002)
    other = await add_slot(world, starts_at=T + timedelta(hours=2))
    await booking.reschedule_appointment(
        world.factory, appointment_id=appt.id, new_slot_id=other, actor=world.actors[1001], now=NOW
    )
    ((_, patient, status),) = await _holds(world)
    assert patient == world.patients[1002] and status == "active"
    # Doctor 1 has no slots; new ones generated for a waiting patient's dates are offered.
    await _join(world, 1003, doctor=1, part="afternoon")
    async with unit_of_work(world.factory) as session:
        await session.execute(
            text(
                "INSERT INTO doctor_schedules (doctor_id, weekday, start_time, end_time)"
                " VALUES (:d, 2, '09:00', '15:00')"
            ),
            {"d": world.doctor_ids[1]},
        )
        await slots.generate_slots(
            session, actor=Actor.system(), start=TODAY, end=TODAY + timedelta(days=3), now=NOW,
            doctor_ids=[world.doctor_ids[1]],
        )  # fmt: skip
    holds = await _holds(world)
    assert len(holds) == 2 and holds[1].patient_id == world.patients[1003]
    async with unit_of_work(world.factory) as session:
        starts = await session.scalar(
            text("SELECT s.starts_at FROM slot_holds h JOIN appointment_slots s ON s.id = h.slot_id"
                 " WHERE h.id = :h"), {"h": holds[1].id},
        )  # fmt: skip
    assert starts.hour == 12  # the first afternoon slot (London is on UTC in March)


async def test_leaving_passes_a_held_place_on(world) -> None:
    _slot, appt = await _full_slot_with_waiters(world, 1002, 1003)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    entries = await _entries_of(world, 1002)
    await waitlist.leave(world.factory, actor=world.actors[1002], entry_id=entries[0].id, now=NOW)
    assert await _entries_of(world, 1002) == []
    assert [h.status for h in await _holds(world)] == ["declined", "active"]


async def _entries_of(world, tg: int):
    async with unit_of_work(world.factory) as session:
        return await waitlist.list_entries(
            session, actor=world.actors[tg], patient_id=world.patients[tg]
        )


# --- the hold in raw SQL: PostgreSQL itself refuses ---------------------------------------------


async def test_the_database_refuses_a_held_place_to_anyone_but_the_holder(world) -> None:
    slot, appt = await _full_slot_with_waiters(world, 1002)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    insert = (
        "INSERT INTO appointments (patient_id, doctor_id, clinic_id, slot_id, starts_at, ends_at)"
        " SELECT :p, doctor_id, clinic_id, id, starts_at, ends_at FROM appointment_slots"
        " WHERE id = :s"
    )
    stamp = "SELECT set_config('careslot.clock', :now, true)"
    # A third patient, at the business time the hold was made: refused.
    with pytest.raises(IntegrityError, match="held for a patient of the waitlist"):
        async with unit_of_work(world.factory) as session:
            await session.execute(text(stamp), {"now": NOW.isoformat()})
            await session.execute(text(insert), {"p": world.patients[1003], "s": slot})
    # Stamping nothing, the database's own clock judges; the test world stands in 2030, so
    # the hold (until 2030) lasts: refused as well.
    with pytest.raises(IntegrityError, match="held for a patient of the waitlist"):
        async with unit_of_work(world.factory) as session:
            await session.execute(text(insert), {"p": world.patients[1003], "s": slot})
    # Once the hold is over on the writer's clock, the place is anybody's.
    async with unit_of_work(world.factory) as session:
        later = (NOW + timedelta(minutes=16)).isoformat()
        await session.execute(text(stamp), {"now": later})
        await session.execute(text(insert), {"p": world.patients[1003], "s": slot})
        await session.rollback()
    # The holder may book it while it lasts, and the hold and the entry become used.
    async with unit_of_work(world.factory) as session:
        await session.execute(text(stamp), {"now": NOW.isoformat()})
        await session.execute(text(insert), {"p": world.patients[1002], "s": slot})
    async with unit_of_work(world.factory) as session:
        status = await session.scalar(text("SELECT status FROM slot_holds"))
        entry = await session.scalar(text("SELECT status FROM waitlist_entries"))
    assert (status, entry) == ("accepted", "booked")


async def test_a_hold_needs_a_free_place(world) -> None:
    slot, _appt = await _full_slot_with_waiters(world, 1002)
    async with unit_of_work(world.factory) as session:
        entry = await session.scalar(select(WaitlistEntry.id))
    with pytest.raises(IntegrityError, match="a hold needs a free place"):
        async with unit_of_work(world.factory) as session:
            await session.execute(
                text("INSERT INTO slot_holds (slot_id, entry_id, patient_id, expires_at)"
                     " VALUES (:s, :e, :p, now() + interval '15 minutes')"),
                {"s": slot, "e": entry, "p": world.patients[1002]},
            )  # fmt: skip
    async with unit_of_work(world.factory) as session:
        assert await session.scalar(select(func.count()).select_from(SlotHold)) == 0


# --- the outbox: an offer is rendered when sent, only while its place is held ------------------


class _Recorder:
    def __init__(self) -> None:
        self.sent: list = []

    async def send(self, message):
        self.sent.append(message)
        return SendResult(Outcome.sent)


async def test_the_dispatcher_sends_only_offers_still_held(world) -> None:
    _slot, appt = await _full_slot_with_waiters(world, 1002, 1003)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    (first,) = await _holds(world)
    # Declined before the dispatcher came by: that offer is never sent, the next one is.
    await waitlist_offers.decline(world.factory, actor=world.actors[1002], hold_id=first.id,
                                  now=NOW)  # fmt: skip
    sender = _Recorder()
    d = Dispatcher(world.factory, sender, clock=lambda: NOW,
                   config=DispatchConfig(rate=200, chat_gap=0.0, idle=0.05))  # fmt: skip
    await d.run_once()
    (sent,) = sender.sent
    assert sent.kind is Kind.waitlist_offer and sent.offer.patient_id == world.patients[1003]
    assert sent.offer.hold_minutes == 15 and sent.offer.live(NOW)
    async with unit_of_work(world.factory) as session:
        rows = dict(
            (await session.execute(text(
                "SELECT payload->>'hold_id', status || ':' || coalesce(last_error, '')"
                " FROM notifications WHERE kind = 'waitlist.offer'"))).all()
        )  # fmt: skip
    assert rows[str(first.id)] == "skipped:offer-ended"
    assert list(rows.values()).count("sent:") == 1
    # The dispatcher passes on the offers nobody answered in time.
    later = NOW + timedelta(minutes=15)
    d.clock = lambda: later
    await d.run_once()
    assert [h.status for h in await _holds(world)] == ["declined", "expired"]


async def test_removing_a_family_member_ends_their_entry_and_passes_their_offer_on(world) -> None:
    from db.models import Patient
    from services import family

    async with unit_of_work(world.factory) as session:
        mia = Patient(holder_id=world.patients[1002], relation="child", full_name="Mia Lee")
        session.add(mia)
        await session.flush()
        mia_id = mia.id
    _slot, appt = await _full_slot_with_waiters(world)
    await waitlist.join(
        world.factory, actor=world.actors[1002], patient_id=mia_id,
        doctor_id=world.doctor_ids[0], earliest=TODAY, latest=TODAY + timedelta(days=30), now=NOW,
    )  # fmt: skip
    await _join(world, 1003)
    await booking.cancel_appointment(
        world.factory, appointment_id=appt.id, actor=world.actors[1001], now=NOW
    )
    assert (await _holds(world))[0].patient_id == mia_id
    await family.remove_member(world.factory, actor=world.actors[1002], member_id=mia_id, now=NOW)
    first, second = await _holds(world)
    assert first.status == "expired"
    assert second.patient_id == world.patients[1003] and second.status == "active"


async def test_an_entry_whose_dates_have_passed_is_closed_with_its_audit_row(world) -> None:
    await _join(world, 1002)
    after = NOW + timedelta(days=32)
    await waitlist_offers.expire_offers(world.factory, now=after)
    async with unit_of_work(world.factory) as session:
        status = await session.scalar(select(WaitlistEntry.status))
        audited = await session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "waitlist.entry_expired")
        )
    assert (status, audited) == ("expired", 1)
