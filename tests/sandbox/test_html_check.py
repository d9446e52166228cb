"""The HTML parser: what Telegram accepts, what it refuses, and the entities it produces."""

from __future__ import annotations

import pytest

from bot.sandbox.html_check import HtmlParseError, parse_html, strip_text


def test_plain_text_passes_through() -> None:
    parsed = parse_html("Just text, 1 > 0 & more")
    assert parsed.text == "Just text, 1 > 0 & more"
    assert parsed.entities == []


def test_simple_tags_become_entities() -> None:
    parsed = parse_html("<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>x=1</code>")
    assert parsed.text == "bold it u s x=1"
    assert [(e["type"], e["offset"], e["length"]) for e in parsed.entities] == [
        ("bold", 0, 4),
        ("italic", 5, 2),
        ("underline", 8, 1),
        ("strikethrough", 10, 1),
        ("code", 12, 3),
    ]


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("strong", "bold"),
        ("em", "italic"),
        ("ins", "underline"),
        ("strike", "strikethrough"),
        ("del", "strikethrough"),
        ("tg-spoiler", "spoiler"),
        ("blockquote", "blockquote"),
    ],
)
def test_tag_aliases(tag: str, kind: str) -> None:
    parsed = parse_html(f"<{tag}>x</{tag}>")
    assert parsed.entities == [{"type": kind, "offset": 0, "length": 1}]


def test_attributes() -> None:
    parsed = parse_html(
        '<a href="https://example.org/?a=1&amp;b=2">link</a> '
        '<span class="tg-spoiler">hidden</span> '
        "<blockquote expandable>quote</blockquote> "
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert parsed.text == "link hidden quote 👍"
    assert parsed.entities[0] == {
        "type": "text_link",
        "offset": 0,
        "length": 4,
        "url": "https://example.org/?a=1&b=2",
    }
    assert parsed.entities[1]["type"] == "spoiler"
    assert parsed.entities[2]["type"] == "expandable_blockquote"
    assert parsed.entities[3]["custom_emoji_id"] == "5368324170671202286"


def test_pre_with_code_language_is_one_entity() -> None:
    parsed = parse_html('<pre><code class="language-python">print(1)</code></pre>')
    assert parsed.text == "print(1)"
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 8, "language": "python"}]


def test_nested_entities_are_sorted_outer_first() -> None:
    parsed = parse_html("<b>a <i>b</i></b>")
    assert parsed.text == "a b"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic"]
    assert parsed.entities[1] == {"type": "italic", "offset": 2, "length": 1}


def test_entities_decode() -> None:
    parsed = parse_html("&lt;b&gt; &amp; &quot;q&quot; &#65;&#x42;")
    assert parsed.text == '<b> & "q" AB'
    assert parsed.entities == []


def test_offsets_are_utf16() -> None:
    parsed = parse_html("😀 <b>x</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 1}]


def test_tags_are_case_insensitive() -> None:
    assert parse_html("<B>x</B>").entities == [{"type": "bold", "offset": 0, "length": 1}]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<x>y</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("a <br> b", 'Unsupported start tag "br" at byte offset 2'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("Tom &nbsp; Jerry", 'Unsupported HTML entity "&nbsp;" at byte offset 4'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("é<x>", 'Unsupported start tag "x" at byte offset 2'),
    ],
)
def test_refused_markup(source: str, reason: str) -> None:
    with pytest.raises(HtmlParseError) as error:
        parse_html(source)
    assert str(error.value) == reason


def test_lone_ampersand_is_literal() -> None:
    assert parse_html("R&D team").text == "R&D team"


def test_strip_keeps_entities_aligned() -> None:
    parsed = parse_html("  <b> hi </b>  ")
    stripped = strip_text(parsed.text, parsed.entities)
    assert stripped.text == "hi"
    assert stripped.entities == [{"type": "bold", "offset": 0, "length": 2}]
