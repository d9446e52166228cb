"""Keyboards are pure functions of what they show.

Inline keyboards are built as the Bot API's own JSON (an ``InlineKeyboardMarkup`` object
is ``{"inline_keyboard": [[{"text": ..., "callback_data": ...}, ...], ...]}``) rather than
as PTB objects: the bot only ever sends them, and making and serialising PTB objects cost
more than the rest of a step's rendering (a month calendar is over 40 buttons).
`render.show` and `render.send` pass them to the Bot API as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from handlers.callbacks import (
    CallbackData,
    ListKind,
    Menu,
    MenuAction,
    Month,
    Nav,
    NavAction,
    Page,
    PickDay,
)
from handlers.formats import sentence_start
from handlers.i18n import month_title, t, weekday_initials

InlineKeyboardButton = dict[str, str]
InlineKeyboardMarkup = dict[str, list[list[InlineKeyboardButton]]]

# Each role's main menu, in order.
MENUS: dict[str, tuple[MenuAction, ...]] = {
    "patient": (MenuAction.BOOK, MenuAction.MY, MenuAction.PROFILE, MenuAction.HELP),
    "doctor": (
        MenuAction.TODAY, MenuAction.AGENDA, MenuAction.PATIENTS, MenuAction.HOURS,
        MenuAction.DIGEST, MenuAction.HELP,
    ),
    "staff": (MenuAction.DAY, MenuAction.FIND, MenuAction.REPORT, MenuAction.HELP),
    "admin": (
        MenuAction.USERS, MenuAction.INVITE, MenuAction.AUDIT, MenuAction.CLINICS,
        MenuAction.DOCTORS, MenuAction.REPORT, MenuAction.HELP,
    ),
}


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """A button; its label in sentence case ("Mié 6 mar, 09:00", not "mié 6 mar, 09:00")."""
    return {"text": sentence_start(text), "callback_data": data.pack()}


def rows(
    buttons: Iterable[InlineKeyboardButton], per_row: int = 2
) -> list[list[InlineKeyboardButton]]:
    out: list[list[InlineKeyboardButton]] = []
    for b in buttons:
        if not out or len(out[-1]) >= per_row:
            out.append([])
        out[-1].append(b)
    return out


def markup(*groups: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return {"inline_keyboard": [list(row) for group in groups for row in group]}


def main_menu(role: str, lang: str) -> InlineKeyboardMarkup:
    role = role if role in MENUS else "patient"
    return markup(
        rows(button(t(lang, f"menu-{role}-{a.value}"), Menu(a)) for a in MENUS[role])
    )


def nav(lang: str, label_key: str, action: NavAction) -> InlineKeyboardButton:
    return button(t(lang, label_key), Nav(action))


def back_home(lang: str) -> list[InlineKeyboardButton]:
    return [nav(lang, "back", NavAction.BACK), nav(lang, "home", NavAction.HOME)]


PER_PAGE = 8
T = TypeVar("T")


def _page(count: int, page: int, per_page: int) -> tuple[int, int]:
    """The page that exists nearest to `page`, and how many pages there are."""
    pages = max(1, -(-count // per_page))
    return min(max(page, 0), pages - 1), pages


def page_items(items: Sequence[T], page: int, per_page: int = PER_PAGE) -> list[T]:
    """The items `paged` shows on that page (so a screen can describe exactly those)."""
    page, _pages = _page(len(items), page, per_page)
    return list(items[page * per_page : (page + 1) * per_page])


def paged(
    items: Sequence[InlineKeyboardButton],
    page: int,
    kind: ListKind,
    lang: str,
    per_page: int = PER_PAGE,
) -> tuple[list[list[InlineKeyboardButton]], int]:
    """One page of a list (one button per row) plus ‹ › buttons; returns the page shown."""
    page, pages = _page(len(items), page, per_page)
    shown = [[b] for b in items[page * per_page : (page + 1) * per_page]]
    moves = []
    if page > 0:
        moves.append(button(t(lang, "prev"), Page(kind, page - 1)))
    if page < pages - 1:
        moves.append(button(t(lang, "next"), Page(kind, page + 1)))
    if moves:
        shown.append(moves)
    return shown, page


def calendar(
    month: date, free_days: set[date], first: date, last: date, lang: str
) -> list[list[InlineKeyboardButton]]:
    """A month grid: days with free times are buttons marked ●, the rest inert."""
    start = month.replace(day=1)
    prev_month = (start - timedelta(days=1)).replace(day=1)
    next_month = (start + timedelta(days=32)).replace(day=1)
    noop = Nav(NavAction.NOOP)
    header = [
        button("‹", Month(prev_month)) if prev_month >= first.replace(day=1) else button("·", noop),
        button(month_title(start, lang), noop),
        button("›", Month(next_month)) if next_month <= last else button("·", noop),
    ]
    grid = [header, [button(d, noop) for d in weekday_initials(lang)]]
    week: list[InlineKeyboardButton] = [button("·", noop)] * start.weekday()
    day = start
    while day.month == start.month:
        if day in free_days and first <= day <= last:
            week.append(button(f"{day.day}●", PickDay(day)))
        else:
            week.append(button(str(day.day), noop))
        if len(week) == 7:
            grid.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        grid.append(week + [button("·", noop)] * (7 - len(week)))
    return grid
