"""Telegram's "HTML style" formatting, parsed the strict way the Bot API does.

The bot formats messages with ``parse_mode=HTML``. Telegram refuses the whole message when the
markup does not parse, so a bot that forgets to escape a user's ``<`` or ``&`` only fails in
production. This parser refuses the same inputs (and words its errors like Telegram) and turns
valid markup into plain text + entities, so tests can assert on what the user really sees.

Deliberate strictness: an ``&name;`` that is not one of Telegram's four named entities is an
error here (Telegram itself may pass it through literally); a lone ``&`` stays literal.
Offsets and lengths of entities are counted in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
        "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip

_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
}

NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});")
_TAG_NAME_RE = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[^\s=>/\"']*")
_UNQUOTED_VALUE_RE = re.compile(r"[A-Za-z0-9.\-]*")


class HtmlParseError(ValueError):
    """The markup does not parse; ``str(error)`` is Telegram's reason (after "can't parse
    entities: ")."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units: the unit of entity offsets in the Bot API."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ParsedText:
    """Plain text and its entities (Bot API ``MessageEntity`` dicts)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output where the tag's content begins
    byte_offset: int
    attrs: dict[str, str]


class _Parser:
    """A single pass over the source; kept as a class so helpers share the cursor."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.out_len = 0  # UTF-16 length of the text produced so far
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.out_len += utf16_len(text)

    def decode_entity(self, index: int) -> tuple[str, int] | None:
        """Decode an ``&...;`` at ``index``; None means a lone ``&`` (kept literally)."""
        match = _ENTITY_RE.match(self.src, index)
        if match is None:
            return None
        body = match.group(1)
        if body.startswith("#"):
            code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(
                    f'Invalid numeric HTML entity "&{body};" at byte offset '
                    f"{self.byte_offset(index)}"
                )
            return chr(code), match.end()
        if body in NAMED_ENTITIES:
            return NAMED_ENTITIES[body], match.end()
        raise HtmlParseError(
            f'Unsupported HTML entity "&{body};" at byte offset {self.byte_offset(index)}'
        )

    def run(self) -> ParsedText:
        src = self.src
        while self.pos < len(src):
            char = src[self.pos]
            if char == "&":
                decoded = self.decode_entity(self.pos)
                if decoded is not None:
                    self.emit(decoded[0])
                    self.pos = decoded[1]
                    continue
                self.emit("&")
                self.pos += 1
            elif char == "<":
                if src.startswith("</", self.pos):
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                nxt = min(
                    (i for i in (src.find("<", self.pos), src.find("&", self.pos)) if i != -1),
                    default=len(src),
                )
                self.emit(src[self.pos : nxt])
                self.pos = nxt
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return ParsedText("".join(self.out), _merge_pre_code(self.entities))

    def start_tag(self) -> None:
        src, begin = self.src, self.pos
        name_match = _TAG_NAME_RE.match(src, begin + 1)
        assert name_match is not None  # the pattern accepts the empty string
        name = name_match.group(0).lower()
        if name not in ALLOWED_TAGS:
            raise HtmlParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        pos = name_match.end()
        attrs: dict[str, str] = {}
        unclosed = HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        while True:
            while pos < len(src) and src[pos].isspace():
                pos += 1
            if pos >= len(src):
                raise unclosed
            if src[pos] == ">":
                pos += 1
                break
            attr_match = _ATTR_NAME_RE.match(src, pos)
            assert attr_match is not None
            attr = attr_match.group(0).lower()
            if not attr:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            pos = attr_match.end()
            while pos < len(src) and src[pos].isspace():
                pos += 1
            if pos >= len(src):
                raise unclosed
            if src[pos] != "=":
                attrs[attr] = ""
                continue
            pos += 1
            while pos < len(src) and src[pos].isspace():
                pos += 1
            if pos >= len(src):
                raise unclosed
            value, pos = self.attr_value(pos)
            attrs[attr] = value
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise HtmlParseError("Invalid custom emoji identifier specified")
        self.stack.append(_OpenTag(name, self.out_len, self.byte_offset(begin), attrs))
        self.pos = pos

    def attr_value(self, pos: int) -> tuple[str, int]:
        src = self.src
        quote = src[pos]
        if quote not in "\"'":
            match = _UNQUOTED_VALUE_RE.match(src, pos)
            assert match is not None
            end = match.end()
            if end < len(src) and not src[end].isspace() and src[end] != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(end)}"
                )
            return match.group(0).lower(), end
        end = src.find(quote, pos + 1)
        if end == -1:
            raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(pos)}")
        raw, value, i = src[pos + 1 : end], [], 0
        while i < len(raw):
            decoded = self.decode_entity(pos + 1 + i) if raw[i] == "&" else None
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1] - pos - 1
            else:
                value.append(raw[i])
                i += 1
        return "".join(value), end + 1

    def end_tag(self) -> None:
        src, begin = self.src, self.pos
        close = src.find(">", begin)
        if close == -1:
            raise HtmlParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        name = src[begin + 2 : close].strip().lower()
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack[-1]
        if name and name != top.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        self.stack.pop()
        self.pos = close + 1
        self.close_entity(top)

    def close_entity(self, tag: _OpenTag) -> None:
        length = self.out_len - tag.start
        if length <= 0:
            return
        entity: dict[str, Any] = {"offset": tag.start, "length": length}
        if tag.name in _SIMPLE_TYPES:
            entity["type"] = _SIMPLE_TYPES[tag.name]
            language = tag.attrs.get("class", "")
            if tag.name == "code" and language.startswith("language-"):
                entity["language"] = language.removeprefix("language-")
        elif tag.name == "a":
            url = tag.attrs.get("href") or self.text_since(tag.start)
            entity["type"] = "text_link"
            entity["url"] = url
        elif tag.name == "pre":
            entity["type"] = "pre"
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
        else:  # tg-emoji
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = tag.attrs["emoji-id"]
        self.entities.append(entity)

    def text_since(self, utf16_offset: int) -> str:
        units = "".join(self.out).encode("utf-16-le")
        return units[2 * utf16_offset :].decode("utf-16-le")


def _merge_pre_code(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``<pre><code class="language-x">`` is one ``pre`` entity with a language, as in Telegram."""
    result: list[dict[str, Any]] = []
    for entity in entities:
        same_span = [
            other
            for other in result
            if other["offset"] == entity["offset"] and other["length"] == entity["length"]
        ]
        if entity["type"] == "pre":
            inner = next((o for o in same_span if o["type"] == "code"), None)
            if inner is not None:
                result.remove(inner)
                if "language" in inner:
                    entity = {**entity, "language": inner["language"]}
        result.append(entity)
    return sort_entities(result)


def sort_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order entities by offset, outer (longer) first, as Telegram returns them."""
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML into plain text + entities, or raise :class:`HtmlParseError`."""
    return _Parser(source).run()


def strip_text(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trim surrounding whitespace like Telegram does, keeping entities aligned and non-empty."""
    stripped = text.strip()
    if stripped == text:
        return ParsedText(text, entities)
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, kept)


def check_entities(text: str, entities: Any) -> list[dict[str, Any]]:
    """Validate explicit ``entities`` sent with a message (no parse_mode); raise on nonsense."""
    if entities is None:
        return []
    if not isinstance(entities, list):
        raise HtmlParseError('Field "entities" must be an Array')
    total = utf16_len(text)
    checked: list[dict[str, Any]] = []
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise HtmlParseError('Field "type" must be of type String')
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise HtmlParseError('Field "offset" and "length" must be non-negative Integers')
        if offset + length > total:
            raise HtmlParseError(f"Entity beginning at UTF-16 offset {offset} ends after the text")
        if length:
            checked.append(dict(entity))
    return sort_entities(checked)
