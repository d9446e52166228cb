"""Telegram's limits and formatting checks, as the bot meets them through PTB."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity
from telegram.error import BadRequest

from bot.sandbox import BotApiSandbox


@pytest.fixture
def chat_id(sandbox: BotApiSandbox) -> int:
    return sandbox.user(1001).id


def grid(count: int, data: str = "x") -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(str(i), callback_data=f"{data}{i}") for i in range(count)]
    return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, count, 5)])


async def test_text_length_limit(bot: Bot, chat_id: int) -> None:
    assert len((await bot.send_message(chat_id, "a" * 4096)).text or "") == 4096
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(chat_id, "a" * 4097)


async def test_length_counts_after_entity_parsing(bot: Bot, chat_id: int) -> None:
    sent = await bot.send_message(chat_id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert sent.entities[0].length == 4096
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(chat_id, "&lt;" * 4097, parse_mode="HTML")


@pytest.mark.parametrize("text", ["", "   \n "])
async def test_empty_text(bot: Bot, chat_id: int, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(chat_id, text)


async def test_empty_after_html(bot: Bot, chat_id: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(chat_id, "<b> </b>", parse_mode="HTML")


async def test_text_is_trimmed(bot: Bot, chat_id: int) -> None:
    assert (await bot.send_message(chat_id, "  hi \n")).text == "hi"


@pytest.mark.parametrize("data", ["x" * 64, "é" * 32, "1"])
async def test_callback_data_within_64_bytes(bot: Bot, chat_id: int, data: str) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data=data)]])
    await bot.send_message(chat_id, "fine", reply_markup=markup)


@pytest.mark.parametrize("data", ["x" * 65, "é" * 33, ""])
async def test_callback_data_over_64_bytes(bot: Bot, chat_id: int, data: str) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data=data)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(chat_id, "too long", reply_markup=markup)


async def test_button_count(bot: Bot, chat_id: int) -> None:
    await bot.send_message(chat_id, "100", reply_markup=grid(100))
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(chat_id, "101", reply_markup=grid(101))
    sent = await bot.send_message(chat_id, "ok", reply_markup=grid(1))
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.edit_message_reply_markup(chat_id, sent.message_id, reply_markup=grid(101))


async def test_button_url_and_text_only(bot: Bot, chat_id: int) -> None:
    url_button = InlineKeyboardMarkup([[InlineKeyboardButton("site", url="https://example.org")]])
    await bot.send_message(chat_id, "link", reply_markup=url_button)
    with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
        bad = InlineKeyboardMarkup([[InlineKeyboardButton("site", url="example.org")]])
        await bot.send_message(chat_id, "link", reply_markup=bad)
    with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
        plain = InlineKeyboardMarkup([[InlineKeyboardButton("just text")]])
        await bot.send_message(chat_id, "plain", reply_markup=plain)


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("<b>unclosed", "can't find end tag"),
        ("<blink>hi</blink>", 'unsupported start tag "blink"'),
        ("<b><i>x</b></i>", "unmatched end tag"),
        ("Slots < 5", 'unsupported start tag ""'),
        ("Dr. Smith &co; clinic", "unsupported html entity"),
    ],
)
async def test_bad_html_refused(bot: Bot, chat_id: int, source: str, detail: str) -> None:
    with pytest.raises(BadRequest) as error:
        await bot.send_message(chat_id, source, parse_mode="HTML")
    message = str(error.value).lower()
    assert message.startswith("can't parse entities: ") and detail in message


async def test_valid_html_parsed(sandbox: BotApiSandbox, bot: Bot, chat_id: int) -> None:
    source = (
        "<b>Dr. Lee</b>, <i>Tue 10:00</i>\n<code>REF-1</code> "
        '<a href="https://example.org/c?id=1&amp;x=2">map</a>\n'
        '<pre><code class="language-text">line</code></pre>'
    )
    sent = await bot.send_message(chat_id, source, parse_mode="HTML")
    assert sent.text == "Dr. Lee, Tue 10:00\nREF-1 map\nline"
    kinds = [(e.type, sent.parse_entity(e)) for e in sent.entities]
    assert kinds == [
        (MessageEntity.BOLD, "Dr. Lee"),
        (MessageEntity.ITALIC, "Tue 10:00"),
        (MessageEntity.CODE, "REF-1"),
        (MessageEntity.TEXT_LINK, "map"),
        (MessageEntity.PRE, "line"),
    ]
    assert sent.entities[3].url == "https://example.org/c?id=1&x=2"
    assert sent.entities[4].language == "text"
    shown = sandbox.user(chat_id).last_bot_message
    assert shown is not None and shown.html == source and shown.parse_mode == "HTML"
    assert shown.entities_of("bold") == ["Dr. Lee"]


async def test_escaped_markup_stays_literal(bot: Bot, chat_id: int) -> None:
    sent = await bot.send_message(chat_id, "&lt;b&gt;not bold&lt;/b&gt;", parse_mode="HTML")
    assert sent.text == "<b>not bold</b>" and sent.entities == ()
    plain = await bot.send_message(chat_id, "<b>not parsed</b>")
    assert plain.text == "<b>not parsed</b>" and plain.entities == ()


async def test_explicit_entities(bot: Bot, chat_id: int) -> None:
    sent = await bot.send_message(
        chat_id, "bold move", entities=[MessageEntity(MessageEntity.BOLD, 0, 4)]
    )
    assert sent.entities == (MessageEntity(MessageEntity.BOLD, 0, 4),)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(chat_id, "x", entities=[MessageEntity(MessageEntity.BOLD, 0, 5)])


async def test_caption_limit(bot: Bot, chat_id: int) -> None:
    await bot.send_document(chat_id, b"x", filename="a.txt", caption="c" * 1024)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(chat_id, b"x", filename="a.txt", caption="c" * 1025)
