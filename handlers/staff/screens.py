"""The front desk's screens: found patients, a patient's card, a new patient's summary."""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import keyboards
from handlers.desk_booking_buttons import DeskBook, DeskCancel, DeskMove
from handlers.desk_buttons import DeskNew, DeskPage, DeskPatient, DeskStep
from handlers.desk_link_buttons import DeskLinkAsk
from handlers.formats import full_date
from handlers.i18n import Safe, plain, t
from handlers.keyboards import InlineKeyboardMarkup
from handlers.screens import at, zone
from services.front_desk import FoundPatients, PatientCard, PatientHit


def _e(value: str) -> str:
    return html.escape(value, quote=False)


def _when(lang: str, dt: datetime, tz: str) -> dict[str, object]:
    return {"when": at(lang, dt.astimezone(ZoneInfo(tz)), None), "tz": zone(lang, tz)}


def _born(lang: str, born: date | None) -> str:
    return full_date(born, lang) if born is not None else "—"


def patient_line(lang: str, hit: PatientHit) -> Safe:
    """Enough to tell two John Smiths apart: name, date of birth, phone, next visit."""
    parts = [f"<b>{_e(hit.full_name)}</b>"]
    if hit.linked:  # not the clinic's yet: the birth date is what the desk must be told
        parts.append("🎂 " + _born(lang, hit.date_of_birth))
    if hit.holder_name is not None:
        parts.append(t(lang, "desk-family-member", name=hit.holder_name))
    if hit.phone:
        parts.append("📱 " + hit.phone)
    if hit.next_visit is not None and hit.next_visit_tz is not None:
        parts.append(t(lang, "desk-next-visit", **_when(lang, hit.next_visit, hit.next_visit_tz)))
    else:
        parts.append(t(lang, "desk-no-next-visit"))
    if hit.unreachable:
        parts.append(t(lang, "desk-unreachable"))
    elif not hit.has_chat:
        parts.append(t(lang, "desk-no-chat"))
    if not hit.linked:
        parts.append(t(lang, "desk-not-linked"))
    return Safe(" · ".join(parts))


def found(lang: str, result: FoundPatients) -> tuple[str, InlineKeyboardMarkup]:
    new = [keyboards.button(plain(lang, "desk-new-button"), DeskNew(DeskStep.NEW))]
    if not result.hits:
        return t(lang, "desk-nothing-found"), keyboards.markup([new])
    pages = (result.total + result.per_page - 1) // result.per_page
    lines = [t(lang, "desk-found", count=result.total)]
    lines += [f"{i}. {patient_line(lang, h)}" for i, h in enumerate(result.hits, 1)]
    lines.append(t(lang, "desk-find-again"))
    opens = [
        [keyboards.button(f"{i}. {h.full_name}"[:60], DeskPatient(h.patient_id))]
        for i, h in enumerate(result.hits, 1)
        if h.linked
    ]
    if result.by_phone is not None:  # a whole number: its owner may be linked by birth date
        opens += [
            [
                keyboards.button(
                    plain(lang, "desk-link-button", name=h.full_name)[:60],
                    DeskLinkAsk(h.patient_id),
                )
            ]
            for h in result.hits
            if not h.linked and h.holder_name is None
        ]
    paging = []
    if result.page > 0:
        paging.append(keyboards.button("‹", DeskPage(result.page - 1)))
    if pages > 1:
        paging.append(keyboards.button(f"{result.page + 1}/{pages}", DeskPage(result.page)))
    if result.page + 1 < pages:
        paging.append(keyboards.button("›", DeskPage(result.page + 1)))
    return "\n".join(lines), keyboards.markup(opens, [paging] if paging else [], [new])


def card(lang: str, shown: PatientCard, page: int | None) -> tuple[str, InlineKeyboardMarkup]:
    hit = shown.hit
    lines = [t(lang, "desk-card-title"), patient_line(lang, hit)]
    if shown.email:
        lines.append("✉️ " + _e(shown.email))
    if shown.emergency_contact:
        lines.append(t(lang, "desk-emergency", emergency=shown.emergency_contact))
    lines.append("")
    if shown.visits:
        lines.append(t(lang, "desk-upcoming"))
        for visit in shown.visits:
            when = t(lang, "desk-visit-line", **_when(lang, visit.starts_at, visit.timezone),
                     doctor=visit.doctor_name)  # fmt: skip
            lines.append("• " + when)
    else:
        lines.append(t(lang, "desk-no-upcoming"))
    grid = _changes(lang, shown)
    if page is None:  # opened outside a search: nothing to go back to
        return "\n".join(lines), keyboards.markup(grid)
    back = keyboards.button(plain(lang, "back-label"), DeskPage(page))
    return "\n".join(lines), keyboards.markup(grid, [[back]])


def _changes(lang: str, shown: PatientCard) -> list[list[dict]]:
    """📅 Book a visit, and Move / Cancel for each upcoming visit (checked again on press)."""
    grid = [[keyboards.button(plain(lang, "desk-book-button"), DeskBook(shown.hit.patient_id))]]
    for visit in shown.visits:
        when = at(lang, visit.starts_at.astimezone(ZoneInfo(visit.timezone)), None)
        grid.append([
            keyboards.button(plain(lang, "desk-move-button", when=when), DeskMove(visit.id)),
            keyboards.button(plain(lang, "desk-cancel-button", when=when), DeskCancel(visit.id)),
        ])  # fmt: skip
    return grid


def new_summary(lang: str, name: str, phone: str, born: date) -> tuple[str, InlineKeyboardMarkup]:
    text = t(lang, "desk-new-summary", name=name, phone=phone, birth=full_date(born, lang))
    return text, keyboards.markup(
        [
            [
                keyboards.button(plain(lang, "desk-save"), DeskNew(DeskStep.SAVE)),
                keyboards.button(plain(lang, "desk-drop"), DeskNew(DeskStep.DROP)),
            ]
        ]
    )
