"""The doctor's pure screens: the message a patient gets after a missed visit."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.callbacks import Menu, MenuAction
from handlers.doctor.screens import no_show_notice
from handlers.formats import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_no_show_notice_names_the_visit_and_offers_to_book_again(lang: str) -> None:
    when = datetime(2030, 3, 4, 9, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    screen = no_show_notice(lang, doctor="Dr <Lee>", clinic="North & Co", when=when,
                            now=datetime(2030, 3, 4, 12, tzinfo=UTC))  # fmt: skip
    assert "Dr &lt;Lee&gt;" in screen.text and "North &amp; Co" in screen.text
    assert "09:30" in screen.text
    [[button]] = screen.markup["inline_keyboard"]
    assert button["callback_data"] == Menu(MenuAction.BOOK).pack()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_running_late_notice_says_how_late_and_keeps_the_visit(lang: str) -> None:
    from handlers.doctor.screens import running_late_notice

    when = datetime(2030, 3, 4, 10, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    screen = running_late_notice(lang, doctor="Dr Lee", clinic="North", when=when, minutes=15)
    assert "Dr Lee" in screen.text and "15" in screen.text and "10:00" in screen.text
    [[button]] = screen.markup["inline_keyboard"]
    assert button["callback_data"] == Menu(MenuAction.MY).pack()
