"""Screens of the waitlist (pure functions): joining it, the offer the outbox sends, the
answers to it, and its lines in /my."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.i18n import Safe, language_for, t
from handlers.keyboards import InlineKeyboardButton
from handlers.screens import Screen, at, zone
from handlers.waitlist_buttons import (
    OfferAction,
    OfferAnswer,
    PartOfDay,
    WaitJoin,
    WaitLeave,
    WaitPart,
    WaitWho,
)
from services.dispatch import Outgoing
from services.waitlist import WaitlistEntryOut


@dataclass(frozen=True)
class Person:
    """Someone the patient may wait for: themselves or a family member."""

    id: uuid.UUID
    name: str


def part_text(lang: str, part: str | None) -> Safe:
    return t(lang, f"wait-part-{part or 'any'}")


def wait_button(lang: str, data) -> list[InlineKeyboardButton]:
    """🔔 Tell me when something frees up, as a row of its own."""
    return [keyboards.button(t(lang, "wait-button"), data)]


def what(lang: str, *, doctor: str | None, specialty: str | None, clinic: str | None) -> str:
    """What an entry waits for: a doctor, or a specialty at a clinic (or any clinic)."""
    if doctor:
        return doctor
    return f"{specialty} · {clinic or t(lang, 'wait-any-clinic')}"


def draft(
    lang: str,
    *,
    target: str,
    first: date,
    last: date,
    part: str | None,
    people: Sequence[Person],
    chosen: uuid.UUID,
    note: str | None = None,
) -> Screen:
    """The entry about to be made, with the part of the day and whom it is for to choose."""
    who = next((p.name for p in people if p.id == chosen), people[0].name)
    text = t(lang, "wait-draft", what=target, first=first, last=last,
             part=part_text(lang, part), patient=who)  # fmt: skip
    if note:
        text = Safe(f"{note}\n\n{text}")
    mark = lambda on: "✓ " if on else ""  # noqa: E731
    parts = [
        keyboards.button(mark((part or "any") == p.value) + t(lang, f"wait-part-button-{p.value}"),
                         WaitPart(p))
        for p in PartOfDay
    ]  # fmt: skip
    grid = keyboards.rows(parts, per_row=2)
    if len(people) > 1:
        grid += keyboards.rows(
            [keyboards.button(mark(p.id == chosen) + p.name, WaitWho(p.id)) for p in people],
            per_row=2,
        )
    grid.append([keyboards.button(t(lang, "wait-join"), WaitJoin())])
    grid.append(keyboards.back_home(lang))
    return Screen(text, keyboards.markup(grid))


def entry_args(lang: str, entry: WaitlistEntryOut) -> dict[str, object]:
    return {
        "what": what(lang, doctor=entry.doctor_name, specialty=entry.specialty_name,
                     clinic=entry.clinic_name),
        "first": entry.earliest_date,
        "last": entry.latest_date,
        "part": part_text(lang, entry.part_of_day),
    }  # fmt: skip


def joined(lang: str, entry: WaitlistEntryOut) -> str:
    return t(lang, "wait-joined", **entry_args(lang, entry))


def offer(message: Outgoing) -> Screen:
    """A freed place held for the recipient (or their family member): Book it / No thanks."""
    lang = language_for(message.language)
    o = message.offer
    if o is None:
        raise ValueError("an offer is sent with its hold")
    local = o.starts_at.astimezone(ZoneInfo(o.timezone))
    args = {
        "doctor": o.doctor_name, "specialty": o.specialty, "when": at(lang, local, message.now),
        "tz": zone(lang, o.timezone), "clinic": o.clinic_name, "address": o.clinic_address,
        "end": o.expires_at.astimezone(ZoneInfo(o.timezone)).time().replace(microsecond=0),
        "minutes": o.hold_minutes,
    }  # fmt: skip
    if message.for_someone_else:
        text = t(lang, "notice-waitlist-offer-for", patient=o.patient_name or "", **args)
    else:
        text = t(lang, "notice-waitlist-offer", **args)
    row = [
        keyboards.button(t(lang, "offer-book"), OfferAnswer(OfferAction.BOOK, o.hold_id)),
        keyboards.button(t(lang, "offer-decline"), OfferAnswer(OfferAction.DECLINE, o.hold_id)),
    ]
    return Screen(text, keyboards.markup([row]))


def declined(lang: str, entry_id: uuid.UUID) -> Screen:
    return Screen(
        t(lang, "offer-declined"),
        keyboards.markup([[keyboards.button(t(lang, "wait-leave-button"), WaitLeave(entry_id))]]),
    )


def my_part(
    lang: str, entries: Sequence[WaitlistEntryOut]
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """The waitlist's lines and Leave buttons under /my's upcoming visits."""
    if not entries:
        return "", []
    lines = [t(lang, "my-waitlist-title")]
    grid = []
    for e in entries:
        args = entry_args(lang, e)
        if e.patient_name:
            lines.append(t(lang, "my-waitlist-line-for", patient=e.patient_name, **args))
        else:
            lines.append(t(lang, "my-waitlist-line", **args))
        grid.append([keyboards.button(t(lang, "wait-leave", what=args["what"]), WaitLeave(e.id))])
    return "\n".join(lines), grid
