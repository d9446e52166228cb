"""The user-facing client: actions, reply waiting and reading the chat, against a real PTB app."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, KeyboardButton, ReplyKeyboardMarkup
from telegram.ext import Application

from bot.sandbox import BotApiSandbox
from bot.sandbox.client import command_entities

App = Application  # type: ignore[type-arg]


async def test_send_text_waits_for_the_echo(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001, "Ann")
    reply = await ann.send_text("hi there")
    assert reply is not None
    assert reply.text == "echo: hi there"
    assert reply.button_texts == ["Like", "Other", "Docs"]
    assert len(reply.messages) == 1 and reply.messages[0].from_bot
    assert reply.callback_answer is None and reply.edited == () and reply.deleted == ()
    assert [(m.from_bot, m.text) for m in ann.messages] == [
        (False, "hi there"),
        (True, "echo: hi there"),
    ]
    assert [m.message_id for m in ann.messages] == [1, 2]
    assert reply.buttons[1][1].url == "https://example.org/docs"
    assert sandbox.errors == []


async def test_settle_collects_several_messages(sandbox: BotApiSandbox, app: App) -> None:
    reply = await sandbox.user(1001).send_text("twice")
    assert reply is not None and reply.texts == ["first", "second"] and reply.text == "second"


async def test_press_by_text_sees_answer_and_edit(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    await ann.send_text("menu")
    reply = await ann.press("Like")
    assert reply is not None
    assert reply.callback_answer is not None and reply.callback_answer.text == "got like"
    assert not reply.callback_answer.show_alert
    assert [m.text for m in reply.edited] == ["pressed like"] and reply.text == "pressed like"
    assert reply.messages == ()
    assert ann.last_bot_message is not None and ann.last_bot_message.buttons == ()
    query = app.bot_data["queries"][0]
    assert query.message.message_id == 2 and query.chat_instance and query.data == "like"
    assert query.from_user.id == ann.id


async def test_press_by_index_and_explicit_message(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    first = await ann.send_text("one")
    await ann.send_text("two")
    assert first is not None and first.last is not None
    reply = await ann.press(1, message=first.last)  # "Other" on the older message
    assert reply is not None and reply.callback_answer is not None
    assert reply.callback_answer.show_alert and reply.edited[0].message_id == first.last.message_id
    older = ann.message(first.last.message_id)
    assert older is not None and older.text == "pressed other"


async def test_press_errors(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    with pytest.raises(LookupError, match="no bot message with an inline keyboard"):
        await ann.press("Like")
    await ann.send_text("menu")
    with pytest.raises(LookupError, match="buttons: \\['Like', 'Other', 'Docs'\\]"):
        await ann.press("Dislike")
    with pytest.raises(IndexError):
        await ann.press(3)
    with pytest.raises(ValueError, match="no callback_data"):
        await ann.press("Docs")


async def test_commands_and_html_replies(sandbox: BotApiSandbox, app: App) -> None:
    reply = await sandbox.user(1001).send_command("/start", args="ref42")
    assert reply is not None and reply.text == "Welcome, payload ref42"
    assert reply.last is not None and reply.last.entities_of("bold") == ["Welcome"]
    assert reply.last.html == "<b>Welcome</b>, payload ref42"


async def test_share_contact_shape(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001, "Ann", last_name="Lee")
    reply = await ann.share_contact("+15551234567")
    assert reply is not None and reply.text == "phone +15551234567"
    contact = app.bot_data["contact"]
    assert (contact.phone_number, contact.first_name, contact.last_name, contact.user_id) == (
        "+15551234567",
        "Ann",
        "Lee",
        ann.id,
    )
    await ann.share_contact("15550000000", own=False, first_name="Mum")
    contact = app.bot_data["contact"]
    assert contact.user_id is None and contact.first_name == "Mum"
    assert ann.messages[0].contact == {
        "phone_number": "+15551234567",
        "first_name": "Ann",
        "last_name": "Lee",
        "user_id": ann.id,
    }


async def test_reply_keyboard_tap(sandbox: BotApiSandbox, bot: Bot, app: App) -> None:
    ann = sandbox.user(1001)
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share phone", request_contact=True), "Later"]], one_time_keyboard=True
    )
    await bot.send_message(ann.id, "Your phone?", reply_markup=markup)
    with pytest.raises(LookupError, match="Share phone"):
        await ann.tap_keyboard("Sure")
    reply = await ann.tap_keyboard("Share phone")
    assert reply is not None and reply.text == "phone +15551234567"
    assert ann.current_reply_keyboard is None  # one-time keyboards hide after use


async def test_forged_data_and_inaccessible_messages(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    await ann.send_text("menu")
    reply = await ann.press_data(2, "cancel:999")
    assert reply is not None and reply.callback_answer is not None
    assert reply.callback_answer.text == "got cancel:999"
    reply = await ann.press_data(77, "old")  # no such message: Telegram's inaccessible message
    assert reply is not None and reply.callback_answer is not None and reply.edited == ()
    query = app.bot_data["queries"][-1]
    assert not query.message.is_accessible and query.message.message_id == 77


async def test_redeliver_sends_the_same_update(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    reply = await ann.send_text("once")
    assert reply is not None and reply.update_id is not None
    again = await ann.redeliver(reply.update_id)
    assert again is not None and again.text == "echo: once"
    assert app.bot_data["seen"] == [reply.update_id, reply.update_id]
    follow_up = await ann.send_text("after")  # the redelivery did not disturb the offset
    assert follow_up is not None and app.bot_data["seen"][-1] == follow_up.update_id


async def test_concurrent_users(sandbox: BotApiSandbox, app: App) -> None:
    users = [sandbox.user(2000 + i, f"U{i}") for i in range(8)]
    replies = await asyncio.gather(*(u.send_text(f"from {u.first_name}") for u in users))
    assert [r.text if r else None for r in replies] == [f"echo: from U{i}" for i in range(8)]
    assert all(u.messages[-1].message_id == 2 for u in users)


async def test_no_wait_then_wait_reply(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    assert await ann.send_text("first", wait=False) is None
    assert await ann.send_text("second", wait=False) is None
    reply = await ann.wait_reply()
    assert reply.texts[0] == "echo: first" and "echo: second" in reply.texts


async def test_wait_reply_for_spontaneous_messages(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)

    async def reminder() -> None:
        await asyncio.sleep(0.1)
        sent = await bot.send_message(ann.id, "Reminder: visit tomorrow")
        await bot.delete_message(ann.id, sent.message_id)

    task = asyncio.create_task(reminder())
    reply = await ann.wait_reply(settle=0.1)
    await task
    assert reply.messages[0].text == "Reminder: visit tomorrow" and reply.messages[0].deleted
    assert reply.deleted == (reply.messages[0].message_id,)


async def test_timeout_explains_what_happened(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001)
    await ann.send_text("hello")
    with pytest.raises(TimeoutError) as error:
        await ann.send_text("silence", timeout=0.3)
    text = str(error.value)
    assert "no reply from the bot within 0.3s after sending 'silence'" in text
    assert "[bot #2] echo: hello" in text and "buttons: Like / Other | Docs" in text


async def test_timeout_without_a_polling_bot(sandbox: BotApiSandbox) -> None:
    with pytest.raises(TimeoutError, match="still waiting for getUpdates"):
        await sandbox.user(1001).send_text("anyone?", timeout=0.2)


async def test_same_user_object(sandbox: BotApiSandbox) -> None:
    assert sandbox.user(5) is sandbox.user(5, "Other name")
    assert sandbox.user(5).first_name == "Ann"


async def test_typed_commands_get_entities(sandbox: BotApiSandbox, app: App) -> None:
    reply = await sandbox.user(1001).send_text("/start from-text")
    assert reply is not None and reply.text == "Welcome, payload from-text"
    with pytest.raises(ValueError, match="not a valid bot command"):
        await sandbox.user(1001).send_command("/no spaces allowed here?", wait=False)


def test_command_entities() -> None:
    assert command_entities("/book@careslot_bot now") == [
        {"type": "bot_command", "offset": 0, "length": 18}
    ]
    assert command_entities("see /help") == [{"type": "bot_command", "offset": 4, "length": 5}]
    assert command_entities("a/b and /x/y") == []
