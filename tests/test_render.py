"""Pop-ups show plain text: the HTML of a sentence is taken apart, never shown as markup."""

from __future__ import annotations

from handlers.i18n import error_text
from handlers.render import as_plain
from services.errors import TooLateToCancel


def test_a_popup_gets_the_sentence_without_tags_or_entities() -> None:
    error = TooLateToCancel(
        code="too-late-to-cancel", clinic="Smith & Sons <Clinic>", notice_minutes=240, phone=None
    )
    html = error_text("en", error)
    assert "&amp;" in html and "&lt;Clinic&gt;" in html
    shown = as_plain(html)
    assert "Smith & Sons <Clinic>" in shown and "&amp;" not in shown
    assert as_plain("<b>Booked</b> &lt;3") == "Booked <3"
