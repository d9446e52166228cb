"""An .ics file for a booked appointment, so patients can add it to their own calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

PRODID = "-//CareSlot//EN"
REMINDER_BEFORE = timedelta(hours=1)
# The VTIMEZONE covers a year either side, so a client that moves the event a
# little still finds the right offsets, while the file stays small.
_TIMEZONE_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class CalendarVisit:
    """One visit's event: `uid` stays the same across moves and `sequence` counts them."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    tzid: str
    sequence: int = 0


def appointment_ics(
    *,
    uid: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    description: str,
    tzid: str,
    now: datetime,
    sequence: int = 0,
    cancelled: bool = False,
) -> bytes:
    """A VCALENDAR with one VEVENT in the clinic's time zone: confirmed with a reminder, or
    (`cancelled`) a METHOD:CANCEL of that event.

    `uid` stays the same across moves and `sequence` counts them, so a calendar app that
    imports the file replaces its copy of the event instead of adding a second one; a
    cancellation carries the sequence after the last one sent (the caller adds one)."""
    visit = CalendarVisit(uid, summary, starts_at, ends_at, location, description, tzid, sequence)
    return visits_ics([visit], now=now, cancelled=cancelled)


def visits_ics(
    visits: list[CalendarVisit], *, now: datetime, cancelled: bool = False, request: bool = False
) -> bytes:
    """A VCALENDAR with one VEVENT per visit (a series in one file), all in the clinic's
    time zone; `cancelled`: a METHOD:CANCEL of them; `request`: METHOD:REQUEST, for a visit
    someone else booked or moved for the patient (the client offers to add or update it)."""
    if not visits:
        raise ValueError("a calendar file has at least one visit")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    # Built property by property rather than with Calendar.new(), which adds a
    # random UID: the same appointment then always yields the same bytes.
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST" if request else "PUBLISH")
    for visit in visits:
        calendar.add_component(_event(visit, now, cancelled))
    zone = ZoneInfo(visits[0].tzid)
    # Clients that do not know the IANA name (or know it differently) read the
    # offsets from the VTIMEZONE, which icalendar builds from zoneinfo.
    calendar.add_missing_timezones(
        first_date=(min(v.starts_at for v in visits).astimezone(zone) - _TIMEZONE_MARGIN).date(),
        last_date=(max(v.ends_at for v in visits).astimezone(zone) + _TIMEZONE_MARGIN).date(),
    )
    return calendar.to_ical()


def _event(visit: CalendarVisit, now: datetime, cancelled: bool) -> Event:
    if visit.starts_at.tzinfo is None or visit.ends_at.tzinfo is None:
        raise ValueError("starts_at, ends_at and now must be timezone-aware")
    if visit.ends_at <= visit.starts_at:
        raise ValueError("ends_at must be after starts_at")
    zone = ZoneInfo(visit.tzid)
    event = Event()
    event.add("uid", event_uid(visit.uid))
    event.add("sequence", visit.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", visit.starts_at.astimezone(zone))
    event.add("dtend", visit.ends_at.astimezone(zone))
    event.add("summary", visit.summary)
    event.add("location", visit.location)
    event.add("description", visit.description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        event.add_component(Alarm.new_display(visit.summary, -REMINDER_BEFORE))
    return event


def event_uid(uid: str) -> str:
    """The UID of a visit's event, the same in the chat's files and in calendar feeds."""
    return f"{uid}@careslot"


def ics_filename(starts_at: datetime, tz: tzinfo) -> str:
    """The attachment's name from the clinic-local start: "appointment-2026-12-05-0930.ics"."""
    return f"appointment-{starts_at.astimezone(tz):%Y-%m-%d-%H%M}.ics"
