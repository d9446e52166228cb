"""The outbox: notifications written in the transaction of the change that causes them.

Rows are sent later by the dispatcher (services.dispatch). What a row may say is decided
when it is sent, from the current state of what it is about; here only who gets what and
when. The payload holds identifiers and times only, never the visit reason or records.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Notification


class Kind(StrEnum):
    """What a notification is (checked by the database: db.models.NOTIFICATION_KINDS)."""

    reminder = "appointment.reminder"
    doctor_booked = "doctor.appointment_booked"
    doctor_cancelled = "doctor.appointment_cancelled"
    no_show = "appointment.no_show"  # to the patient: a missed visit, with "book again"
    running_late = "appointment.running_late"  # to the patient: the doctor runs late
    # to the patient (or their holder): the doctor cancelled the visit (time off, new hours),
    # with the nearest free times as buttons
    cancelled_by_doctor = "appointment.cancelled_by_doctor"
    # to the patient (or the holder of a family member) a place freed up and held for them
    # (services.waitlist), with Book it / No thanks; not sent once the hold has ended
    waitlist_offer = "waitlist.offer"
    morning_digest = "doctor.morning_digest"  # to the doctor: today's list, at their time
    today_refresh = "doctor.today_refresh"  # the doctor's last /today, edited in place
    # to the patient (or a family member's holder) with a chat: the front desk booked, moved
    # or cancelled their visit (services.desk_booking), with the calendar file
    desk_booked = "appointment.desk_booked"
    desk_moved = "appointment.desk_moved"
    desk_cancelled = "appointment.desk_cancelled"


# Doctor notices wait this long, so that the bookings and cancellations of one minute reach
# the doctor as one message (the dispatcher sends a doctor's due notices together).
DIGEST_WINDOW = timedelta(minutes=1)
DOCTOR_KINDS = frozenset({Kind.doctor_booked, Kind.doctor_cancelled})
# Messages to a patient about one visit, rendered from it when sent.
DESK_KINDS = frozenset({Kind.desk_booked, Kind.desk_moved, Kind.desk_cancelled})
VISIT_NOTICE_KINDS = frozenset({Kind.no_show, Kind.running_late}) | DESK_KINDS
# A reminder that would fall in the quiet hours goes this long before they begin, if it is
# at least LONG_REMINDER before the visit; a shorter one is not sent at all.
QUIET_MARGIN = timedelta(minutes=30)
LONG_REMINDER = timedelta(hours=12)

# Written with every booking: built once, values bound at execution.
_ENQUEUE = (
    insert(Notification)
    .values(
        user_id=bindparam("user_id"),
        kind=bindparam("kind"),
        appointment_id=bindparam("appointment_id"),
        payload=bindparam("payload"),
        due_at=bindparam("due_at"),
        not_before=bindparam("due_at"),
        dedupe_key=bindparam("dedupe_key"),
    )
    .on_conflict_do_nothing(index_elements=["dedupe_key"])
)


async def enqueue(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: Kind | str,
    payload: dict[str, Any],
    due_at: datetime,
    dedupe_key: str | None = None,
    appointment_id: uuid.UUID | None = None,
) -> None:
    """Adds a notification (the caller's transaction); a repeated dedupe key is ignored
    (the first one stands). `appointment_id`: the visit it is about, if any — a reminder of
    a visit that is cancelled or moved by then is not sent."""
    await session.execute(
        _ENQUEUE,
        {
            "user_id": user_id,
            "kind": Kind(kind).value,
            "appointment_id": appointment_id,
            "payload": payload,
            "due_at": due_at,
            "dedupe_key": dedupe_key,
        },
    )


def in_quiet_hours(moment: time, quiet_from: time, quiet_until: time) -> bool:
    """Whether a clinic-local time of day lies in the quiet hours (which may span midnight)."""
    if quiet_from > quiet_until:
        return moment >= quiet_from or moment < quiet_until
    return quiet_from <= moment < quiet_until


def reminder_due(
    starts_at: datetime,
    minutes: int,
    *,
    timezone: str,
    quiet_from: time,
    quiet_until: time,
) -> datetime | None:
    """When the reminder `minutes` before a visit goes: outside the quiet hours of the
    clinic's time zone — a long one earlier, in the evening before them; a short one not at
    all (None)."""
    due = starts_at - timedelta(minutes=minutes)
    tz = ZoneInfo(timezone)
    local = due.astimezone(tz)
    if not in_quiet_hours(local.time(), quiet_from, quiet_until):
        return due
    if timedelta(minutes=minutes) < LONG_REMINDER:
        return None
    evening: date = local.date()
    if quiet_from > quiet_until and local.time() < quiet_until:
        evening -= timedelta(days=1)  # after midnight: the quiet hours began the day before
    return datetime.combine(evening, quiet_from, tzinfo=tz) - QUIET_MARGIN


async def schedule_reminders(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    appointment_id: uuid.UUID,
    starts_at: datetime,
    now: datetime,
    minutes: list[int] | tuple[int, ...] = (1440, 120),
    timezone: str = "UTC",
    quiet_from: time = time(21, 0),
    quiet_until: time = time(8, 0),
    patient_id: uuid.UUID | None = None,
) -> int:
    """The clinic's reminders of a visit (default 24 h and 2 h before) that are still ahead:
    none for a visit booked inside a reminder's window, none in the quiet hours."""
    count = 0
    for before in sorted(set(minutes), reverse=True):
        due = reminder_due(
            starts_at, before, timezone=timezone, quiet_from=quiet_from, quiet_until=quiet_until
        )
        if due is None or due <= now:
            continue
        payload: dict[str, Any] = {
            "appointment_id": str(appointment_id),
            "before_minutes": before,
            "starts_at": starts_at.isoformat(),
        }
        if patient_id is not None:
            payload["patient_id"] = str(patient_id)
        await enqueue(
            session,
            user_id=user_id,
            kind=Kind.reminder,
            appointment_id=appointment_id,
            payload=payload,
            due_at=due,
            dedupe_key=f"reminder:{appointment_id}:{before}",
        )
        count += 1
    return count


def is_soon(starts_at: datetime, *, timezone: str, now: datetime) -> bool:
    """Whether a visit is today or tomorrow in the clinic's time zone."""
    tz = ZoneInfo(timezone)
    days = (starts_at.astimezone(tz).date() - now.astimezone(tz).date()).days
    return 0 <= days <= 1


async def notify_doctor(
    session: AsyncSession,
    *,
    doctor_user_id: uuid.UUID | None,
    kind: Kind,
    appointment_id: uuid.UUID,
    starts_at: datetime,
    timezone: str,
    now: datetime,
    moved_from: datetime | None = None,
) -> bool:
    """Tells a doctor with an account about a booking or cancellation of today or tomorrow
    (later ones are in their agenda); sent a minute later with the others of that minute.

    A move within the doctor's list is one booking that says where it was (`moved_from`),
    told when either of its times is today or tomorrow."""
    soon = is_soon(starts_at, timezone=timezone, now=now) or (
        moved_from is not None and is_soon(moved_from, timezone=timezone, now=now)
    )
    if doctor_user_id is None or not soon:
        return False
    tag = "booked" if kind is Kind.doctor_booked else "cancelled"
    payload = {"appointment_id": str(appointment_id)}
    if moved_from is not None:
        payload["moved_from"] = moved_from.isoformat()
    await enqueue(
        session,
        user_id=doctor_user_id,
        kind=kind,
        appointment_id=appointment_id,
        payload=payload,
        due_at=now + DIGEST_WINDOW,
        dedupe_key=f"doctor-{tag}:{appointment_id}",
    )
    return True


async def cancel_reminders(session: AsyncSession, *, appointment_id: uuid.UUID) -> None:
    """The visit will not happen: its reminders not yet sent are skipped (kept, marked)."""
    await session.execute(
        update(Notification)
        .where(
            Notification.appointment_id == appointment_id,
            Notification.kind == Kind.reminder.value,
            Notification.status == "pending",
        )
        .values(status="skipped", last_error="visit-not-on")
    )


async def drop_unsent(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    """Drops every notification not yet sent to a user who can no longer be reached."""
    result = await session.execute(
        delete(Notification).where(Notification.user_id == user_id, Notification.sent_at.is_(None))
    )
    return result.rowcount or 0
