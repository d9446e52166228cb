"""The outbox dispatcher: sends the notifications whose time has come, exactly once where
that can be known, at Telegram's pace, from any number of processes side by side.

One pass:

1. **Claim** (one short transaction): pending rows with `not_before <= now` are locked
   `FOR UPDATE SKIP LOCKED` (another dispatcher's rows are skipped, never waited for), one
   message per chat; a doctor's due notices become one message (the digest). The chat's
   pace (`users.outbox_next_at`, one message a second) and the overall pace of all the
   dispatchers (`outbox_pace`, `rate` messages a second) are reserved in the same
   transaction, so each claimed message gets its moment. The claim is a lease:
   `claimed_by`, `claimed_until`, and `not_before = claimed_until`, so a row whose
   dispatcher died is claimed again, by anyone, once the lease is over.
2. **Send** (no transaction open): at its moment, the message is rendered from the current
   state of what it is about (a reminder of a visit cancelled or moved since is skipped, one
   whose visit has begun is dropped) and handed to the `Sender`, which the bot implements.
3. **Finish**: the outcome is written, only if the row is still this dispatcher's claim.

Outcomes: sent; 429 → that row (and its chat) waits `retry_after`, nobody else does;
5xx / network errors → retried with exponential backoff, at most `max_attempts` times, then
failed; 403 (the user blocked the bot) → the user is marked unreachable, this row failed,
their other rows skipped; a timeout after the request went out → `unknown`, never repeated
(Telegram may have shown it: a second reminder would be a duplicate, a missed one is not
worse than what a lost answer already risks); any other refusal → failed.

Times: `now` is the injected business clock (due times, leases, retries); the pace is kept in
the database's own clock (`clock_timestamp()`), which every dispatcher shares.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.types import DateTime

from db.engine import SessionFactory
from db.models import ACTIVE_STATUSES
from services import booking, digest, doctor_day, live_today, rebooking, waitlist_offers
from services.booking import AppointmentOut
from services.doctor_day import DoctorDay
from services.errors import NotFound
from services.notifications import (
    DESK_KINDS,
    DIGEST_WINDOW,
    DOCTOR_KINDS,
    VISIT_NOTICE_KINDS,
    Kind,
    in_quiet_hours,
)

log = logging.getLogger("careslot.dispatch")

# Messages to a doctor rendered from their day as it is when sent.
DAY_KINDS = frozenset({Kind.morning_digest, Kind.today_refresh})

Clock = Callable[[], datetime]
_UUIDS = ARRAY(UUID(as_uuid=True))
# A message that would go later than half a moment after its moment (at least 10 ms, at most
# LATE) takes a new one (see DispatchConfig.late_after and Dispatcher._on_time).
LATE = 0.1
# A message is rendered this long before its moment, so that its database reads do not
# make it late.
PREPARE_AHEAD = 0.15
# How far apart two dispatchers' readings of the database's moments on their own clocks may
# be (the time a reservation's answer takes to arrive).
CLOCK_MARGIN = 0.01
# An idle pace's next moment is this far ahead, so that committing, waking and rendering
# do not already make it late.
LEAD = timedelta(seconds=0.1)
# How long before a batch's last moment the next batch is claimed.
LOOKAHEAD = 0.5


@dataclass(frozen=True)
class DispatchConfig:
    """How the dispatcher paces and retries (bot.settings maps the environment onto it)."""

    rate: float = 30.0  # messages a second, all dispatchers together
    chat_gap: float = 1.0  # seconds between two messages to one chat
    batch: int = 20  # messages claimed at once
    lease: timedelta = timedelta(seconds=60)  # a claim is taken over after this
    max_attempts: int = 5  # sends of one row that failed for a moment, then `failed`
    backoff: timedelta = timedelta(seconds=10)  # first wait after such a failure, doubling
    max_backoff: timedelta = timedelta(minutes=15)
    idle: float = 1.0  # seconds between looks when nothing is due
    # how often (seconds) waitlist offers nobody answered in time are passed on
    offers_every: float = 1.0

    @property
    def late_after(self) -> float:
        """How late after its moment a message may still go (else it takes a new one)."""
        return min(LATE, max(0.5 / self.rate, 0.01))

    @property
    def step(self) -> float:
        """Seconds between two moments of the overall pace. A message goes between its
        moment and `late_after` later, and each process reads the database's moments on its
        own clock (within CLOCK_MARGIN of the others), so one second of sends holds those of
        1 + late_after + CLOCK_MARGIN seconds of moments: spaced so, never more than `rate`."""
        return (1.0 + self.late_after + CLOCK_MARGIN) / self.rate


class Outcome(StrEnum):
    sent = "sent"
    retry_after = "retry_after"  # 429: wait `retry_after` seconds
    transient = "transient"  # 5xx, connection failed: the request did not take effect
    blocked = "blocked"  # 403: the user blocked the bot
    unknown = "unknown"  # timed out after the request went out: it may have been shown
    dropped = "dropped"  # an edit Telegram refused (the message deleted, too old): let go
    rejected = "rejected"  # any other refusal: sending again would be refused again


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    retry_after: float = 0.0
    error: str = ""  # a short code for `last_error` (never the text or the user's data)


@dataclass(frozen=True)
class NoticeItem:
    """One booking or cancellation in a doctor's message."""

    kind: Kind
    appointment: AppointmentOut
    patient_name: str
    moved_from: datetime | None = None  # a move in the doctor's list: where it was


@dataclass(frozen=True)
class Outgoing:
    """A message to send, with what its renderer needs; `ids` are its outbox rows."""

    ids: tuple[uuid.UUID, ...]
    kind: Kind
    chat_id: int
    language: str
    now: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    appointment: AppointmentOut | None = None
    patient_name: str | None = None
    for_someone_else: bool = False  # the visit is of a patient the recipient books for
    can_change: bool = False  # outside the clinic's cancellation notice: Reschedule/Cancel
    items: tuple[NoticeItem, ...] = ()
    # A visit the doctor cancelled: the nearest free times as they stand when it is sent.
    offers: tuple[rebooking.OfferOut, ...] = ()
    offer: waitlist_offers.OfferOut | None = None  # a waitlist offer, as it stands now
    day: DoctorDay | None = None  # the doctor's today (the morning digest, the live /today)
    edit_message_id: int | None = None  # edit this message of the chat instead of sending


class Sender(Protocol):
    """Renders and sends one message (the bot layer implements it)."""

    async def send(self, message: Outgoing) -> SendResult: ...


@dataclass
class Claim:
    """A message claimed by this dispatcher, with its turn in the pace."""

    ids: list[uuid.UUID]
    kind: Kind
    user_id: uuid.UUID
    chat_id: int
    language: str
    payload: dict[str, Any]
    appointment_ids: list[uuid.UUID]
    delay: float  # seconds from the claim until its moment
    at: float = 0.0  # its moment, in the event loop's clock


@dataclass
class PassReport:
    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (several per process in tests)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# --- claiming ---------------------------------------------------------------------------------

_CANDIDATES = text(
    """
    SELECT n.id, n.user_id, n.kind, n.appointment_id, n.payload FROM notifications n
    WHERE n.status = 'pending' AND n.not_before <= :now
      -- a chat that must wait (its last message was less than a second ago, or a 429)
      -- does not take the place of others in the batch
      AND NOT EXISTS (SELECT 1 FROM users u
                      WHERE u.id = n.user_id AND u.outbox_next_at > clock_timestamp())
    ORDER BY n.not_before
    LIMIT :limit
    FOR UPDATE OF n SKIP LOCKED
    """
)
_DIGEST_MORE = text(
    """
    SELECT id, user_id, kind, appointment_id, payload FROM notifications
    WHERE user_id = ANY(:users) AND status = 'pending' AND kind = ANY(:kinds)
      AND not_before <= :until AND NOT (id = ANY(:have))
      AND (claimed_until IS NULL OR claimed_until <= :now)
    ORDER BY not_before
    FOR UPDATE SKIP LOCKED
    """
).bindparams(bindparam("users", type_=_UUIDS), bindparam("have", type_=_UUIDS))
_RECIPIENTS = text(
    """
    SELECT id, chat_id, language, is_active, unreachable_at, deleted_at FROM users
    WHERE id = ANY(:ids)
    """
).bindparams(bindparam("ids", type_=_UUIDS))
# The chats whose pace allows a message now; a chat another dispatcher is claiming for is
# skipped (its lock), and the condition is checked again on the row as committed.
_GRANT_CHATS = text(
    """
    SELECT id FROM users
    WHERE id = ANY(:ids) AND (outbox_next_at IS NULL OR outbox_next_at <= clock_timestamp())
    ORDER BY id
    FOR NO KEY UPDATE SKIP LOCKED
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_RESERVE_PACE = text(
    """
    INSERT INTO outbox_pace AS p (id, next_at)
    VALUES (1, clock_timestamp() + CAST(:lead AS interval) + CAST(:span AS interval))
    ON CONFLICT (id) DO UPDATE
        SET next_at = greatest(p.next_at, clock_timestamp() + CAST(:lead AS interval))
                      + CAST(:span AS interval)
    RETURNING p.next_at - CAST(:span AS interval) AS start, clock_timestamp() AS db_now
    """
)
_SET_CHAT_PACE = text(
    """
    UPDATE users SET outbox_next_at = t.at
    FROM unnest(:ids, :ats) AS t(id, at) WHERE users.id = t.id
    """
).bindparams(bindparam("ids", type_=_UUIDS), bindparam("ats", type_=ARRAY(DateTime(timezone=True))))
# One moment for a message that missed its own, and its chat's pace pushed after it.
_RESERVE_MOMENT = text(
    """
    WITH pace AS (
        INSERT INTO outbox_pace AS p (id, next_at)
        VALUES (1, clock_timestamp() + CAST(:lead AS interval) + CAST(:span AS interval))
        ON CONFLICT (id) DO UPDATE
            SET next_at = greatest(p.next_at, clock_timestamp() + CAST(:lead AS interval))
                      + CAST(:span AS interval)
        RETURNING p.next_at - CAST(:span AS interval) AS start, clock_timestamp() AS db_now
    ), chat AS (
        UPDATE users u
           SET outbox_next_at = greatest(u.outbox_next_at, pace.start + CAST(:gap AS interval))
          FROM pace WHERE u.id = :id
    )
    SELECT start, db_now FROM pace
    """
)
_TAKE = text(
    """
    UPDATE notifications SET claimed_by = :worker, claimed_until = :until, not_before = :until,
        attempts = attempts + 1, updated_at = now()
    WHERE id = ANY(:ids)
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_CLOSE = text(
    """
    UPDATE notifications SET status = :status, last_error = :error, claimed_by = NULL,
        claimed_until = NULL, updated_at = now()
    WHERE id = ANY(:ids)
    """
).bindparams(bindparam("ids", type_=_UUIDS))


async def claim(
    factory: SessionFactory, *, worker: str, now: datetime, config: DispatchConfig
) -> list[Claim]:
    """Claims the next batch of due messages for `worker` (see the module's docstring)."""
    async with factory() as session, session.begin():
        rows = (await session.execute(_CANDIDATES, {"now": now, "limit": config.batch * 2})).all()
        if not rows:
            return []
        groups: dict[uuid.UUID, list[Any]] = {}
        for row in rows:
            group = groups.setdefault(row.user_id, [])
            # A chat gets one message per pass: one reminder, or all its doctor notices.
            if not group or (row.kind in DOCTOR_KINDS and group[0].kind in DOCTOR_KINDS):
                group.append(row)
        users = list(groups)[: config.batch]
        doctors = [u for u in users if groups[u][0].kind in DOCTOR_KINDS]
        if doctors:
            have = [r.id for u in doctors for r in groups[u]]
            more = await session.execute(
                _DIGEST_MORE,
                {
                    "users": doctors,
                    "kinds": sorted(DOCTOR_KINDS),
                    "until": now + DIGEST_WINDOW,
                    "have": have,
                    "now": now,
                },
            )
            for row in more:
                groups[row.user_id].append(row)
        people = {r.id: r for r in await session.execute(_RECIPIENTS, {"ids": users})}
        skipped: dict[str, list[uuid.UUID]] = {}
        reachable = []
        for user_id in users:
            person = people.get(user_id)
            why = _unreachable(person)
            if why:
                skipped.setdefault(why, []).extend(r.id for r in groups[user_id])
            else:
                reachable.append(user_id)
        for why, ids in skipped.items():
            await session.execute(_CLOSE, {"status": "skipped", "error": why, "ids": ids})
        if not reachable:
            return []
        granted = set((await session.execute(_GRANT_CHATS, {"ids": reachable})).scalars())
        chosen = [u for u in reachable if u in granted]
        if not chosen:
            return []
        step = config.step
        span = timedelta(seconds=step * len(chosen))
        start, db_now = (await session.execute(_RESERVE_PACE, {"span": span, "lead": LEAD})).one()
        # The database's moments on this process's clock, read as soon as they arrive.
        loop_now = asyncio.get_running_loop().time()
        base = (start - db_now).total_seconds()
        moments = [start + timedelta(seconds=step * i) for i in range(len(chosen))]
        gap = timedelta(seconds=config.chat_gap)
        await session.execute(_SET_CHAT_PACE, {"ids": chosen, "ats": [m + gap for m in moments]})
        until = now + config.lease + span + timedelta(seconds=max(base, 0.0))
        claims = []
        for i, user_id in enumerate(chosen):
            group = groups[user_id]
            person = people[user_id]
            claims.append(
                Claim(
                    ids=[r.id for r in group],
                    kind=Kind(group[0].kind),
                    user_id=user_id,
                    chat_id=person.chat_id,
                    language=person.language or "en",
                    payload=dict(group[0].payload or {}),
                    appointment_ids=[r.appointment_id for r in group if r.appointment_id],
                    delay=max(base + step * i, 0.0),
                    at=loop_now + max(base + step * i, 0.0),
                )
            )
        await session.execute(
            _TAKE,
            {"worker": worker, "until": until, "ids": [i for c in claims for i in c.ids]},
        )
    return claims


def _unreachable(person: Any) -> str | None:
    if person is None or person.deleted_at is not None:
        return "no-account"
    if person.chat_id is None:
        return "no-chat"
    if not person.is_active:
        return "blocked-by-clinic"
    if person.unreachable_at is not None:
        return "unreachable"
    return None


# --- finishing --------------------------------------------------------------------------------

_SENT = text(
    """
    UPDATE notifications SET status = 'sent', sent_at = :now, last_error = NULL,
        claimed_by = NULL, claimed_until = NULL, updated_at = now()
    WHERE id = ANY(:ids) AND claimed_by = :worker
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_FINAL = text(
    """
    UPDATE notifications SET status = :status, last_error = :error,
        claimed_by = NULL, claimed_until = NULL, updated_at = now()
    WHERE id = ANY(:ids) AND claimed_by = :worker
    """
).bindparams(bindparam("ids", type_=_UUIDS))
# Back to pending, to be tried at `at`; `refund` gives back the attempt (a 429 or the quiet
# hours are not the message's failure).
_LATER = text(
    """
    UPDATE notifications SET not_before = :at, last_error = :error,
        attempts = greatest(attempts - CAST(:refund AS integer), 0),
        claimed_by = NULL, claimed_until = NULL, updated_at = now()
    WHERE id = ANY(:ids) AND claimed_by = :worker
    RETURNING attempts
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_CHAT_WAITS = text(
    """
    UPDATE users SET outbox_next_at = greatest(coalesce(outbox_next_at, clock_timestamp()),
        clock_timestamp() + CAST(:wait AS interval))
    WHERE id = :user
    """
)
_MARK_UNREACHABLE = text(
    "UPDATE users SET unreachable_at = :now WHERE id = :user AND unreachable_at IS NULL"
)
_SKIP_THE_REST = text(
    """
    UPDATE notifications SET status = 'skipped', last_error = 'unreachable',
        claimed_by = NULL, claimed_until = NULL, updated_at = now()
    WHERE user_id = :user AND status = 'pending' AND NOT (id = ANY(:ids))
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_ATTEMPTS = text("SELECT max(attempts) FROM notifications WHERE id = ANY(:ids)").bindparams(
    bindparam("ids", type_=_UUIDS)
)


class Dispatcher:
    """Claims, sends and finishes outbox messages until told to stop."""

    def __init__(
        self,
        factory: SessionFactory,
        sender: Sender,
        *,
        clock: Clock,
        config: DispatchConfig | None = None,
        worker: str | None = None,
    ) -> None:
        self.factory = factory
        self.sender = sender
        self.clock = clock
        self.config = config or DispatchConfig()
        self.worker = worker or worker_name()
        self._in_flight: set[asyncio.Task[None]] = set()
        self.outcomes: dict[str, int] = {}
        self._last_sweep = float("-inf")

    async def _pass_on_expired_offers(self, *, now: bool = False) -> None:
        """Waitlist offers whose hold ran out go to the next patient (the new offers are
        outbox rows like any other, claimed next); at most every `offers_every` seconds,
        unless `now`."""
        loop_now = asyncio.get_running_loop().time()
        if not now and loop_now - self._last_sweep < self.config.offers_every:
            return
        self._last_sweep = loop_now
        try:
            await waitlist_offers.expire_offers(self.factory, now=self.clock())
        except Exception:
            log.exception("outbox: passing on expired waitlist offers failed")

    async def run_once(self) -> PassReport:
        """Claims one batch and delivers all of it (tests and the benchmark's small steps)."""
        await self._pass_on_expired_offers(now=True)
        claims = await claim(self.factory, worker=self.worker, now=self.clock(), config=self.config)
        before = dict(self.outcomes)
        await asyncio.gather(*(self._deliver(c) for c in claims))
        done = {k: v - before.get(k, 0) for k, v in self.outcomes.items() if v != before.get(k)}
        return PassReport(claimed=len(claims), outcomes=done)

    async def run(self, keep_going: Callable[[], bool]) -> None:
        """Passes until `keep_going()` is false; the next batch is claimed as the last
        message of the current one comes up, so the pace has no gaps; then waits for the
        messages in flight."""
        try:
            while keep_going():
                await self._pass_on_expired_offers()
                try:
                    claims = await claim(
                        self.factory, worker=self.worker, now=self.clock(), config=self.config
                    )
                except Exception:
                    log.exception("outbox: claiming failed")
                    claims = []
                for c in claims:
                    task = asyncio.create_task(self._deliver(c))
                    self._in_flight.add(task)
                    task.add_done_callback(self._in_flight.discard)
                if claims:
                    # The next claim is made while this batch's last messages are still
                    # ahead, so that claiming never leaves a gap in the pace.
                    ahead = max(LOOKAHEAD, len(claims) / self.config.rate / 2)
                    await asyncio.sleep(max(claims[-1].delay - ahead, 0.0))
                else:
                    await _sleep_while(keep_going, self.config.idle)
        finally:
            if self._in_flight:
                await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def _new_moment(self, c: Claim) -> float:
        """A fresh moment in the overall pace (on this process's clock), for a message that
        missed its own; its chat's next message then waits a full gap after it."""
        params = {
            "span": timedelta(seconds=self.config.step),
            "gap": timedelta(seconds=self.config.chat_gap),
            "id": c.user_id,
            "lead": LEAD,
        }
        async with self.factory() as session, session.begin():
            start, db_now = (await session.execute(_RESERVE_MOMENT, params)).one()
            at = asyncio.get_running_loop().time() + (start - db_now).total_seconds()
        self._count("late")
        return at

    def _count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    async def _on_time(self, c: Claim) -> None:
        """Waits for the claim's moment (it was rendered ahead). A sender that wakes too late
        for it (a busy machine) takes a new one rather than crowd the next moments, so one
        second never holds more than the limit; after a few tries it goes anyway."""
        loop = asyncio.get_running_loop()
        at = c.at
        for attempt in range(3):
            if at > loop.time():
                await asyncio.sleep(at - loop.time())
            if loop.time() - at <= self.config.late_after or attempt == 2:
                return
            at = await self._new_moment(c)

    async def _deliver(self, c: Claim) -> None:
        wait = c.at - PREPARE_AHEAD - asyncio.get_running_loop().time()
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            await self._deliver_now(c)
        except Exception:
            # The claim stays; its lease runs out and the row is tried again.
            log.exception("outbox: delivering notification %s failed", c.ids[0])
            self._count("error")

    async def _deliver_now(self, c: Claim) -> None:
        now = self.clock()
        message, verdict = await self._prepare(c, now)
        if verdict is not None:
            status, error, later = verdict
            if later is not None:
                await self._later(c, later, error, refund=1)
            else:
                await self._final(c, status, error)
            self._count(status if later is None else "postponed")
            return
        assert message is not None
        await self._on_time(c)
        result = await self.sender.send(message)
        await self._finish(c, result)
        self._count(result.outcome.value)

    async def _prepare(
        self, c: Claim, now: datetime
    ) -> tuple[Outgoing | None, tuple[str, str, datetime | None] | None]:
        """The message as things stand now, or why it is not sent (status, error, later)."""
        if c.kind is Kind.waitlist_offer:
            return await self._offer(c, now)
        if c.kind in DAY_KINDS:
            return await self._doctor_day(c, now)
        async with self.factory() as session:
            appts = await booking.appointments_by_id(session, appointment_ids=c.appointment_ids)
            extra = {
                r.id: r for r in await session.execute(_VISIT_EXTRA, {"ids": c.appointment_ids})
            }
            superseded = c.kind is Kind.reminder and bool(
                await session.scalar(_SUPERSEDED, {"id": c.ids[0], "now": now})
            )
        if c.kind is Kind.reminder:
            return _reminder(c, now, appts, extra, superseded=superseded)
        if c.kind in DOCTOR_KINDS:
            return await self._doctor_notice(c, now, appts, extra)
        if c.kind in VISIT_NOTICE_KINDS:
            return _visit_notice(c, now, appts, extra)
        if c.kind is Kind.cancelled_by_doctor:
            return await self._offer_notice(c, now, appts, extra)
        return None, ("failed", "unknown-kind", None)

    async def _doctor_notice(self, c, now, appts, extra):
        kinds = await self._kinds(c)
        items = []
        for (_row, appointment_id), (kind, moved_from) in kinds.items():
            appt = appts.get(appointment_id)
            if appt is None or appt.starts_at <= now:
                continue
            items.append(NoticeItem(kind, appt, extra[appt.id].name, moved_from))
        if not items:
            return None, ("dropped", "visit-begun", None)
        items.sort(key=lambda i: i.appointment.starts_at)
        message = Outgoing(
            ids=tuple(c.ids),
            kind=c.kind,
            chat_id=c.chat_id,
            language=c.language,
            now=now,
            payload=c.payload,
            items=tuple(items),
        )
        return message, None

    async def _offer_notice(self, c, now, appts, extra):
        """A visit the doctor cancelled, with the nearest free times offered instead."""
        appt = appts.get(c.appointment_ids[0]) if c.appointment_ids else None
        if appt is None or appt.status != "cancelled":
            return None, ("skipped", "visit-gone", None)
        async with self.factory() as session:
            offers = await rebooking.nearest_offers(session, appointment=appt, now=now)
        message = _about_visit(c, now, appt, extra[appt.id])
        return dataclasses.replace(message, offers=tuple(offers)), None

    async def _offer(self, c: Claim, now: datetime):
        """A waitlist offer, only while its place is still held for its patient and free."""
        try:
            hold_id = uuid.UUID(str(c.payload.get("hold_id")))
        except ValueError:
            return None, ("failed", "no-hold", None)
        async with self.factory() as session:
            offer = await waitlist_offers.get_offer(session, hold_id=hold_id)
        if offer is None or not offer.live(now):
            return None, ("skipped", "offer-ended", None)
        if not offer.slot_free:
            return None, ("skipped", "slot-taken", None)
        message = Outgoing(
            ids=tuple(c.ids),
            kind=c.kind,
            chat_id=c.chat_id,
            language=c.language,
            now=now,
            payload=c.payload,
            patient_name=offer.patient_name,
            for_someone_else=offer.holder_id is not None,
            offer=offer,
        )
        return message, None

    async def _doctor_day(self, c: Claim, now: datetime):
        """The morning digest (its day only, and only with visits) or the edit of the
        doctor's last /today (while it shows today), from the day as it is now."""
        edit = None
        async with self.factory() as session:
            if c.kind is Kind.today_refresh:
                shown = await live_today.today_message(session, user_id=c.user_id)
                if shown is None or shown.chat_id != c.chat_id or not shown.shows_today(now):
                    return None, ("dropped", "today-not-shown", None)
                doctor_id, edit = shown.doctor_id, shown.message_id
            else:
                doctor_id = uuid.UUID(str(c.payload.get("doctor_id")))
                why = await digest.still_wanted(session, doctor_id=doctor_id, payload=c.payload)
                if why is not None:
                    return None, ("skipped", why, None)
            try:
                day = await doctor_day.day_of_doctor(session, doctor_id=doctor_id, now=now)
            except NotFound:
                return None, ("skipped", "no-doctor", None)
        if c.kind is Kind.morning_digest:
            if day.day.isoformat() != c.payload.get("day"):
                return None, ("dropped", "day-over", None)
            if not any(part.visits for part in day.parts):
                return None, ("dropped", "no-visits", None)
        message = Outgoing(
            ids=tuple(c.ids), kind=c.kind, chat_id=c.chat_id, language=c.language, now=now,
            payload=c.payload, day=day, edit_message_id=edit,
        )  # fmt: skip
        return message, None

    async def _kinds(
        self, c: Claim
    ) -> dict[tuple[uuid.UUID, uuid.UUID], tuple[Kind, datetime | None]]:
        """Each row's kind and, for a move, the visit's earlier start."""
        async with self.factory() as session:
            rows = await session.execute(_ROW_KINDS, {"ids": c.ids})
            return {
                (r.id, r.appointment_id): (
                    Kind(r.kind),
                    datetime.fromisoformat(r.moved_from) if r.moved_from else None,
                )
                for r in rows
                if r.appointment_id
            }

    async def _finish(self, c: Claim, result: SendResult) -> None:
        now = self.clock()
        outcome = result.outcome
        if outcome is Outcome.sent:
            async with self.factory() as session, session.begin():
                await session.execute(_SENT, {"now": now, "ids": c.ids, "worker": self.worker})
        elif outcome is Outcome.retry_after:
            wait = max(result.retry_after, 1.0)
            await self._later(c, now + timedelta(seconds=wait), "429", refund=1, chat_wait=wait)
        elif outcome is Outcome.transient:
            async with self.factory() as session:
                attempts = (await session.scalar(_ATTEMPTS, {"ids": c.ids})) or 1
            if attempts >= self.config.max_attempts:
                await self._final(c, "failed", result.error or "transient")
            else:
                wait = min(self.config.backoff * (2 ** (attempts - 1)), self.config.max_backoff)
                await self._later(c, now + wait, result.error or "transient", refund=0)
        elif outcome is Outcome.blocked:
            async with self.factory() as session, session.begin():
                await session.execute(_MARK_UNREACHABLE, {"now": now, "user": c.user_id})
                await session.execute(
                    _FINAL,
                    {"status": "failed", "error": "403", "ids": c.ids, "worker": self.worker},
                )
                await session.execute(_SKIP_THE_REST, {"user": c.user_id, "ids": c.ids})
            log.info("outbox: user %s blocked the bot; marked unreachable", c.user_id)
        elif outcome is Outcome.unknown:
            await self._final(c, "unknown", result.error or "timeout")
        elif outcome is Outcome.dropped:
            await self._final(c, "dropped", result.error or "edit-refused")
        else:
            await self._final(c, "failed", result.error or "rejected")

    async def _final(self, c: Claim, status: str, error: str) -> None:
        async with self.factory() as session, session.begin():
            await session.execute(
                _FINAL, {"status": status, "error": error, "ids": c.ids, "worker": self.worker}
            )

    async def _later(
        self,
        c: Claim,
        at: datetime,
        error: str,
        *,
        refund: int,
        chat_wait: float | None = None,
    ) -> None:
        async with self.factory() as session, session.begin():
            await session.execute(
                _LATER,
                {"at": at, "error": error, "refund": refund, "ids": c.ids, "worker": self.worker},
            )
            if chat_wait is not None:
                await session.execute(
                    _CHAT_WAITS, {"wait": timedelta(seconds=chat_wait), "user": c.user_id}
                )


_VISIT_EXTRA = text(
    """
    SELECT a.id, c.quiet_from, c.quiet_until, p.user_id AS patient_user,
           COALESCE(p.full_name, u.full_name) AS name
    FROM appointments a
    JOIN clinics c ON c.id = a.clinic_id
    JOIN patients p ON p.id = a.patient_id
    -- a family member has no account of their own (user_id NULL) but a name of their own
    LEFT JOIN users u ON u.id = p.user_id
    WHERE a.id = ANY(:ids)
    """
).bindparams(bindparam("ids", type_=_UUIDS))
_SUPERSEDED = text(
    """
    SELECT EXISTS (
        SELECT 1 FROM notifications n JOIN notifications me ON me.id = :id
        WHERE n.appointment_id = me.appointment_id AND n.kind = me.kind AND n.id <> me.id
          AND n.status = 'pending' AND n.due_at > me.due_at AND n.due_at <= :now)
    """
)
_ROW_KINDS = text(
    # In the order they were written: a booking and its cancellation in one digest read so.
    "SELECT id, kind, appointment_id, payload->>'moved_from' AS moved_from"
    " FROM notifications WHERE id = ANY(:ids)"
    " ORDER BY created_at, id"
).bindparams(bindparam("ids", type_=_UUIDS))


def _reminder(c: Claim, now: datetime, appts: dict, extra: dict, *, superseded: bool = False):
    appt = appts.get(c.appointment_ids[0]) if c.appointment_ids else None
    if appt is None or appt.status not in ACTIVE_STATUSES:
        return None, ("skipped", "visit-not-on", None)
    planned = c.payload.get("starts_at")
    if planned and datetime.fromisoformat(planned) != appt.starts_at:
        return None, ("skipped", "visit-moved", None)
    if now >= appt.starts_at:
        return None, ("dropped", "visit-begun", None)
    if superseded:  # after downtime: the visit's next reminder is due too, and says more
        return None, ("skipped", "superseded", None)
    visit = extra[appt.id]
    tz = ZoneInfo(appt.timezone)
    local = now.astimezone(tz)
    if in_quiet_hours(local.time(), visit.quiet_from, visit.quiet_until):
        morning = _end_of_quiet(local, visit.quiet_until, tz)
        if morning >= appt.starts_at:
            return None, ("dropped", "quiet-hours", None)
        return None, ("pending", "quiet-hours", morning)
    notice = timedelta(minutes=appt.min_cancel_notice_minutes)
    return _about_visit(c, now, appt, visit, can_change=appt.starts_at - now >= notice), None


def _about_visit(c: Claim, now: datetime, appt, visit, *, can_change: bool = False) -> Outgoing:
    """The message of a claim about one visit, naming the patient when the recipient books
    for someone else."""
    return Outgoing(
        ids=tuple(c.ids),
        kind=c.kind,
        chat_id=c.chat_id,
        language=c.language,
        now=now,
        payload=c.payload,
        appointment=appt,
        patient_name=visit.name,
        for_someone_else=visit.patient_user != c.user_id,
        can_change=can_change,
    )


def _visit_notice(c: Claim, now: datetime, appts: dict, extra: dict):
    """A no-show (unless undone by now) or a running-late notice (while the visit is
    still ahead), rendered from the visit as it is now."""
    appt = appts.get(c.appointment_ids[0]) if c.appointment_ids else None
    if appt is None:
        return None, ("skipped", "visit-gone", None)
    if c.kind is Kind.no_show and appt.status != "no_show":
        return None, ("skipped", "no-show-undone", None)
    if c.kind is Kind.running_late and (
        appt.status not in ACTIVE_STATUSES or now >= appt.starts_at
    ):
        return None, ("dropped", "visit-begun", None)
    if c.kind in DESK_KINDS and (appt.status == "cancelled") != (c.kind is Kind.desk_cancelled):
        return None, ("skipped", "visit-changed", None)  # moved or cancelled again since
    return _about_visit(c, now, appt, extra[appt.id]), None


def _end_of_quiet(local: datetime, quiet_until, tz: ZoneInfo) -> datetime:
    end = datetime.combine(local.date(), quiet_until, tzinfo=tz)
    if end <= local:
        end += timedelta(days=1)
    return end


async def _sleep_while(keep_going: Callable[[], bool], seconds: float) -> None:
    """Sleeps `seconds`, waking early when told to stop."""
    step = min(seconds, 0.1)
    waited = 0.0
    while waited < seconds and keep_going():
        await asyncio.sleep(step)
        waited += step
