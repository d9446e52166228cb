"""The screens of a doctor's working hours (/hours) and time off (/off), as pure functions."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.admin_hours_buttons import DoctorOutsideVisit
from handlers.catalog_buttons import DoctorOpen
from handlers.formats import time_hm
from handlers.i18n import plain, t
from handlers.schedule_buttons import HoursFrom, HoursSave, OffRemove, OffSave, OutsideVisit
from handlers.screens import Screen, at, zone
from services.hours import BlockOut, DayOut, Ranges, VisitLine, WeekOut
from services.time_off import TimeOffLine, TimeOffPlan


def _span(start: time, end: time) -> str:
    return f"{time_hm(start)}–{time_hm(end)}"


def _block(lang: str, block: BlockOut) -> str:
    text = _span(block.start, block.end)
    for start, end in block.breaks:
        text += " (" + t(lang, "hours-break", start=start, end=end) + ")"
    return text


def _day(lang: str, day: DayOut) -> str:
    text = ", ".join(_block(lang, b) for b in day.blocks) or t(lang, "hours-day-off")
    return t(lang, "hours-day", weekday=day.weekday, text=text)


def week(lang: str, out: WeekOut, *, managed: bool = False) -> Screen:
    """The week at a glance, what is decided ahead, and how to change it: the doctor's own,
    or (`managed`) a doctor's opened from their card, with Back to it."""
    tz = zone(lang, out.timezone)
    if managed:
        title = t(lang, "admin-hours-title", name=out.doctor_name, clinic=out.clinic_name, tz=tz)
    else:
        title = t(lang, "hours-title", clinic=out.clinic_name, tz=tz)
    lines = [title]
    lines += [_day(lang, d) for d in out.days]
    for change in out.upcoming:
        lines += ["", t(lang, "hours-upcoming", day=change.effective_from)]
        lines += [_day(lang, d) for d in change.days]
    lines += ["", t(lang, "hours-ask")]
    if not managed:
        return Screen("\n".join(lines))
    back = keyboards.button(plain(lang, "back-label"), DoctorOpen(out.doctor_id))
    return Screen("\n".join(lines), keyboards.markup([[back]]))


def _ranges(lang: str, ranges: Ranges) -> str:
    return ", ".join(_span(s, e) for s, e in ranges) or t(lang, "hours-day-off")


def change_lines(lang: str, changes: dict[int, Ranges]) -> list[str]:
    return [
        t(lang, "hours-day", weekday=w, text=_ranges(lang, r)) for w, r in sorted(changes.items())
    ]


def ask_from(lang: str, changes: dict[int, Ranges], tomorrow: date) -> Screen:
    text = "\n".join([*change_lines(lang, changes), "", t(lang, "hours-from-ask")])
    button = keyboards.button(t(lang, "hours-from-tomorrow", day=tomorrow), HoursFrom(tomorrow))
    return Screen(text, keyboards.markup([[button]]))


def confirm(lang: str, changes: dict[int, Ranges], first: date) -> Screen:
    text = "\n".join([t(lang, "hours-confirm", day=first), *change_lines(lang, changes)])
    grid = [
        [keyboards.button(t(lang, "hours-save"), HoursSave(True))],
        [keyboards.button(t(lang, "hours-dont-save"), HoursSave(False))],
    ]
    return Screen(text, keyboards.markup(grid))


def saved(lang: str, first: date, closed: int, created: int, *, managed: bool = False) -> str:
    key = "admin-hours-saved" if managed else "hours-saved"
    return t(lang, key, day=first, closed=closed, created=created)


def kept(lang: str, *, managed: bool = False) -> str:
    return t(lang, "admin-hours-kept" if managed else "hours-kept")


def _visit_button(doctor_id: uuid.UUID | None, keep: bool, visit: uuid.UUID):
    if doctor_id is None:
        return OutsideVisit(keep, visit)
    return DoctorOutsideVisit(doctor_id, keep, visit)


def outside(
    lang: str, visits: list[VisitLine], now: datetime, doctor_id: uuid.UUID | None = None
) -> Screen:
    """The booked visits outside the new hours, each with Keep and Cancel-and-offer: the
    doctor's own, or (`doctor_id`) those of a doctor whose hours someone else changed."""
    lines = [t(lang, "hours-outside" if doctor_id is None else "admin-hours-outside")]
    grid = []
    for v in visits:
        when = at(lang, v.local_start, now)
        lines.append(t(lang, "hours-outside-line", when=when, patient=v.patient_name))
        keep, cancel = (_visit_button(doctor_id, k, v.id) for k in (True, False))
        grid.append(
            [
                keyboards.button(t(lang, "hours-keep", when=when), keep),
                keyboards.button(t(lang, "hours-cancel-offer"), cancel),
            ]
        )
    return Screen("\n".join(lines), keyboards.markup(grid))


# --- time off --------------------------------------------------------------------------------


def _until(lang: str, start: datetime, end: datetime, now: datetime) -> tuple[str, str]:
    """The range's ends as read: an end at midnight is the day before's end."""
    shown_end = end
    if end.time() == time(0) and end - start >= timedelta(hours=1):
        shown_end = end - timedelta(minutes=1)
    return at(lang, start, now), at(lang, shown_end, now)


def off_list(lang: str, items: list[TimeOffLine], now: datetime) -> Screen:
    """Upcoming time off, each with Remove, and how to add one."""
    lines = [t(lang, "off-title")]
    grid = []
    for item in items:
        start, end = _until(lang, *_local(item.starts_at, item.ends_at, item.timezone), now)
        lines.append(t(lang, "off-line", when=start, until=end, count=item.closed_slots))
        grid.append([keyboards.button(t(lang, "off-remove", when=start), OffRemove(item.id))])
    if not items:
        lines.append(t(lang, "off-none"))
    lines += ["", t(lang, "off-ask")]
    return Screen("\n".join(lines), keyboards.markup(grid) if grid else None)


def _local(start: datetime, end: datetime, timezone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(timezone)
    return start.astimezone(tz), end.astimezone(tz)


def off_plan(lang: str, plan: TimeOffPlan, now: datetime) -> Screen:
    """What the time off would do, before Confirm."""
    start, end = _until(lang, *_local(plan.starts_at, plan.ends_at, plan.timezone), now)
    lines = [t(lang, "off-plan", when=start, until=end, tz=zone(lang, plan.timezone))]
    if plan.visits:
        lines.append(t(lang, "off-plan-visits", count=len(plan.visits)))
        for v in plan.visits:
            when = at(lang, v.local_start, now)
            lines.append(t(lang, "hours-outside-line", when=when, patient=v.patient_name))
    else:
        lines.append(t(lang, "off-plan-none"))
    grid = [
        [keyboards.button(t(lang, "off-save"), OffSave(True))],
        [keyboards.button(t(lang, "off-dont-save"), OffSave(False))],
    ]
    return Screen("\n".join(lines), keyboards.markup(grid))


def off_taken(lang: str, starts_at: datetime, ends_at: datetime, timezone: str, count: int,
              now: datetime) -> str:  # fmt: skip
    start, end = _until(lang, *_local(starts_at, ends_at, timezone), now)
    return t(lang, "off-taken", when=start, until=end, count=count)
