"""Screens of recurring visits (pure functions): how often, how many, the occurrences
before anything is booked, the booked series, and "this and all following" of a series."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.callbacks import Appt, ApptAction, Menu, MenuAction, MyList
from handlers.i18n import t
from handlers.screens import Screen, at, zone
from handlers.series_buttons import (
    RepeatAction,
    RepeatCount,
    RepeatEvery,
    RepeatPick,
    RepeatSkip,
    RepeatStep,
    SeriesAction,
    SeriesChange,
)
from services.booking import AppointmentAction, AppointmentOut
from services.series import MAX_OCCURRENCES, MIN_OCCURRENCES, Every, SeriesPlan


def _back(lang: str, nonce: str) -> list:
    return [keyboards.button(t(lang, "back"), RepeatStep(nonce, RepeatAction.BACK))]


def with_repeat(lang: str, screen: Screen, nonce: str) -> Screen:
    """The booking summary with 🔁 Repeat under Confirm."""
    rows = [list(row) for row in screen.markup["inline_keyboard"]] if screen.markup else []
    repeat = [keyboards.button(t(lang, "repeat-button"), RepeatStep(nonce, RepeatAction.START))]
    return Screen(screen.text, keyboards.markup([*rows[:1], repeat, *rows[1:]]))


def how_often(lang: str, nonce: str) -> Screen:
    grid = [
        [keyboards.button(t(lang, f"repeat-every-{e.value}"), RepeatEvery(nonce, e))] for e in Every
    ]
    grid.append(_back(lang, nonce))
    return Screen(t(lang, "repeat-how-often"), keyboards.markup(grid))


def how_many(lang: str, nonce: str, note: str | None = None) -> Screen:
    counts = list(range(MIN_OCCURRENCES, MAX_OCCURRENCES + 1))
    grid = [
        [keyboards.button(str(n), RepeatCount(nonce, n)) for n in counts[i : i + 6]]
        for i in range(0, len(counts), 6)
    ]
    grid.append(_back(lang, nonce))
    text = t(lang, "repeat-how-many")
    return Screen(f"{note}\n\n{text}" if note else text, keyboards.markup(grid))


def chosen_slots(plan: SeriesPlan, picks: dict[int, object]) -> tuple[list, int]:
    """The slots to book (in order) and how many occurrences still wait for a choice."""
    slots, open_ = [], 0
    for o in plan.occurrences:
        if o.slot_id is not None:
            slots.append(o.slot_id)
        elif o.index in picks:
            if picks[o.index] is not None:
                slots.append(picks[o.index])
        else:
            open_ += 1
    return slots, open_


def plan(
    lang: str,
    series: SeriesPlan,
    picks: dict[int, object],
    *,
    doctor: str,
    nonce: str,
    now: datetime,
    note: str | None = None,
) -> Screen:
    """Every occurrence before anything is booked; each that cannot be booked with the
    nearest free time of the doctor and Skip."""
    tz = ZoneInfo(series.timezone)
    lines = [t(lang, "repeat-plan-title", doctor=doctor, tz=zone(lang, series.timezone))]
    grid = []
    for o in series.occurrences:
        old = at(lang, o.wanted.astimezone(tz), now)
        if o.slot_id is not None:
            lines.append(t(lang, "repeat-line-ok", when=old))
        elif o.index in picks and picks[o.index] is None:
            lines.append(t(lang, "repeat-line-skipped", old=old))
        elif o.index in picks and o.alternative is not None:
            when = at(lang, o.alternative.starts_at.astimezone(tz), now)
            lines.append(t(lang, "repeat-line-instead", when=when, old=old))
        else:
            why = t(lang, f"repeat-why-{o.problem.value if o.problem else 'taken'}")
            lines.append(t(lang, "repeat-line-problem", old=old, what=why))
            row = []
            if o.alternative is not None:
                when = at(lang, o.alternative.starts_at.astimezone(tz), now)
                row.append(
                    keyboards.button(
                        t(lang, "repeat-take", when=when),
                        RepeatPick(nonce, o.index, o.alternative.id),
                    )
                )
            row.append(
                keyboards.button(t(lang, "repeat-skip", old=old), RepeatSkip(nonce, o.index))
            )
            grid.append(row)
    slots, waiting = chosen_slots(series, picks)
    if waiting:
        lines.append("\n" + t(lang, "repeat-choose"))
    elif len(slots) < MIN_OCCURRENCES:
        lines.append("\n" + t(lang, "repeat-too-few"))
    else:
        grid.append(
            [
                keyboards.button(
                    t(lang, "repeat-book", count=len(slots)), RepeatStep(nonce, RepeatAction.BOOK)
                )
            ]
        )
    grid.append(_back(lang, nonce))
    text = "\n".join(lines)
    return Screen(f"{note}\n\n{text}" if note else text, keyboards.markup(grid))


def booked(lang: str, visits: list[AppointmentOut], now: datetime) -> Screen:
    """The booked series, a message that stays in the chat."""
    first = visits[0]
    lines = [
        t(
            lang,
            "series-booked",
            count=len(visits),
            doctor=first.doctor_name,
            clinic=first.clinic_name,
            tz=zone(lang, first.timezone),
        )
    ]
    lines += [f"• {at(lang, v.local_start, now)}" for v in visits]
    if first.patient_name:
        lines.append(t(lang, "visit-for", name=first.patient_name))
    grid = [
        [
            keyboards.button(t(lang, "my-appointments"), Menu(MenuAction.MY)),
            keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
        ]
    ]
    return Screen("\n".join(lines), keyboards.markup(grid))


def following_buttons(lang: str, appt: AppointmentOut) -> list[list]:
    """On a series' visit card: cancel or move this and all the following ones."""
    if appt.series_id is None:
        return []
    rows = []
    if AppointmentAction.cancel in appt.actions:
        rows.append(
            [
                keyboards.button(
                    t(lang, "series-cancel-following"), SeriesChange(SeriesAction.CANCEL, appt.id)
                )
            ]
        )
    if AppointmentAction.reschedule in appt.actions:
        rows.append(
            [
                keyboards.button(
                    t(lang, "series-move-following"), SeriesChange(SeriesAction.MOVE, appt.id)
                )
            ]
        )
    return rows


def cancel_following_question(lang: str, appt: AppointmentOut, count: int, now) -> Screen:
    grid = [
        [
            keyboards.button(
                t(lang, "series-cancel-yes", count=count),
                SeriesChange(SeriesAction.CANCEL_YES, appt.id),
            )
        ],
        [keyboards.button(t(lang, "keep-it"), Appt(ApptAction.OPEN, appt.id))],
    ]
    text = t(lang, "series-cancel-ask", count=count, when=at(lang, appt.local_start, now))
    return Screen(text, keyboards.markup(grid))


def cancelled_following(lang: str, visits: list[AppointmentOut], now) -> Screen:
    text = t(lang, "series-cancelled", count=len(visits), when=at(lang, visits[0].local_start, now))
    grid = [
        [
            keyboards.button(t(lang, "my-appointments"), MyList(True, 0)),
            keyboards.button(t(lang, "book-another"), Menu(MenuAction.BOOK)),
        ]
    ]
    return Screen(text, keyboards.markup(grid))


def moved_following(lang: str, visits: list[AppointmentOut], now) -> Screen:
    lines = [t(lang, "series-moved", count=len(visits))]
    lines += [f"• {at(lang, v.local_start, now)}" for v in visits]
    grid = [[keyboards.button(t(lang, "my-appointments"), MyList(True, 0))]]
    return Screen("\n".join(lines), keyboards.markup(grid))
