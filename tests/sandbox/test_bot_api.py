"""The Bot API surface, driven by a real PTB ``Bot`` and by raw HTTP (httpx)."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken

from bot.sandbox import BotApiSandbox

from .conftest import TOKEN, png_bytes


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d)] for d in data])


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456 and me.is_bot and me.username == "careslot_bot"
    assert me.first_name == "CareSlot"


async def test_urls_and_wrong_token(sandbox: BotApiSandbox) -> None:
    assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}/bot"
    assert sandbox.base_file_url == f"http://127.0.0.1:{sandbox.port}/file/bot"
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{sandbox.base_url}999:WRONG/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=sandbox.base_url):
            pass


async def test_unknown_method_and_path(sandbox: BotApiSandbox) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{sandbox.base_url}{TOKEN}/sendTelepathy")
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        assert (await client.get(f"{sandbox.url}/nowhere")).status_code == 404
        # method names are case-insensitive, as in the Bot API
        assert (await client.get(f"{sandbox.base_url}{TOKEN}/GETME")).json()["ok"] is True
    assert sandbox.errors[0].error_code == 404


async def test_parameter_encodings(sandbox: BotApiSandbox) -> None:
    sandbox.user(1001)
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    url = f"{sandbox.base_url}{TOKEN}/sendMessage"
    async with httpx.AsyncClient() as client:
        answers = [
            await client.get(url, params={"chat_id": "1001", "text": "query"}),
            await client.post(
                url, data={"chat_id": "1001", "text": "form", "reply_markup": json.dumps(markup)}
            ),
            await client.post(url, json={"chat_id": 1001, "text": "json", "reply_markup": markup}),
            await client.post(  # PTB-style JSON with string-encoded values
                url, json={"chat_id": "1001", "text": "json2", "reply_markup": json.dumps(markup)}
            ),
            await client.post(
                url,
                data={"chat_id": "1001", "text": "multipart"},
                files={"unused": ("x.bin", b"x")},
            ),
        ]
    results = [answer.json() for answer in answers]
    assert all(result["ok"] for result in results), results
    assert [r["result"]["text"] for r in results] == ["query", "form", "json", "json2", "multipart"]
    assert results[1]["result"]["reply_markup"] == markup
    assert results[3]["result"]["reply_markup"] == markup


async def test_send_message_shape_and_per_chat_ids(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann, bob = sandbox.user(1001, "Ann"), sandbox.user(2002, "Bob", username="bob")
    before = int(time.time())
    first = await bot.send_message(ann.id, "one")
    second = await bot.send_message(ann.id, "two")
    other = await bot.send_message(bob.id, "hi Bob")
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.chat.id == ann.id and first.chat.type == "private"
    assert first.chat.first_name == "Ann"
    assert other.chat.username == "bob"
    assert first.from_user is not None and first.from_user.username == "careslot_bot"
    assert before <= first.date.timestamp() <= time.time() + 1
    assert [m.text for m in ann.messages] == ["one", "two"]
    assert ann.last_bot_message is not None and ann.last_bot_message.text == "two"
    assert sandbox.count_calls("sendMessage") == 3


async def test_unknown_and_blocked_chats(sandbox: BotApiSandbox, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(4242, "hello?")
    ann = sandbox.user(1001)
    ann.block_bot()
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(ann.id, "hello?")
    ann.unblock_bot()
    assert (await bot.send_message(ann.id, "hello!")).message_id == 1


async def test_get_updates_offset_and_order(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001, "Ann")
    await ann.send_text("first", wait=False)
    await ann.send_command("/start", args="ref42", wait=False)
    updates = await bot.get_updates(timeout=1)
    first_id = updates[0].update_id
    assert [u.update_id - first_id for u in updates] == [0, 1]
    assert updates[0].message is not None and updates[0].message.text == "first"
    assert updates[0].message.from_user is not None
    assert updates[0].message.from_user.first_name == "Ann"
    start = updates[1].message
    assert start is not None and start.text == "/start ref42"
    assert start.entities[0].type == "bot_command" and start.entities[0].length == 6
    # not confirmed yet: delivered again; the limit applies
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [first_id]
    assert [u.update_id for u in await bot.get_updates()] == [first_id, first_id + 1]
    assert [u.update_id for u in await bot.get_updates(offset=first_id + 1)] == [first_id + 1]
    await ann.send_text("third", wait=False)
    assert [u.update_id for u in await bot.get_updates(offset=first_id + 2)] == [first_id + 2]
    assert await bot.get_updates(offset=first_id + 3) == ()
    assert sandbox.pending_updates == 0


async def test_get_updates_timeout_and_wakeup(sandbox: BotApiSandbox, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= loop.time() - started < 2.0

    ann = sandbox.user(1001)
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    started = loop.time()
    await ann.send_text("wake up", wait=False)
    updates = await poll
    assert len(updates) == 1 and loop.time() - started < 1.0


async def test_get_updates_conflict_and_webhook(sandbox: BotApiSandbox, bot: Bot) -> None:
    url = f"{sandbox.base_url}{TOKEN}/getUpdates"
    async with httpx.AsyncClient() as client:
        older = asyncio.create_task(client.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.2)
        newer = await client.post(url, data={"timeout": "0"})
        assert newer.json() == {"ok": True, "result": []}
        answer = (await older).json()
    assert answer["error_code"] == 409 and "terminated by other getUpdates" in answer["description"]

    ann = sandbox.user(1001)
    await ann.send_text("queued", wait=False)
    assert await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.org/hook" and info.pending_update_count == 1
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0
    assert await bot.get_updates() == ()


async def test_allowed_updates_filter(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    message = await bot.send_message(ann.id, "pick", reply_markup=keyboard("a"))
    await bot.get_updates(allowed_updates=["message"])
    await ann.press("a", message=message.message_id, wait=False)
    await ann.send_text("text", wait=False)
    updates = await bot.get_updates(allowed_updates=["message", "callback_query"])
    assert [u.message.text for u in updates if u.message] == ["text"]
    assert all(u.callback_query is None for u in updates)


async def test_edit_message_text(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sent = await bot.send_message(ann.id, "Pick a slot", reply_markup=keyboard("a", "b"))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Pick a slot", ann.id, sent.message_id,
                                    reply_markup=keyboard("a", "b"))  # fmt: skip
    edited = await bot.edit_message_text(
        "<b>Booked</b>", ann.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard("undo")
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Booked" and edited.edit_date is not None
    shown = ann.message(sent.message_id)
    assert shown is not None and shown.edited and shown.html == "<b>Booked</b>"
    assert shown.button_texts == ["undo"] and shown.entities_of("bold") == ["Booked"]
    # same text, markup omitted: Telegram removes the keyboard, so this is a change
    await bot.edit_message_text("Booked", ann.id, sent.message_id, entities=edited.entities)
    shown = ann.message(sent.message_id)
    assert shown is not None and shown.buttons == ()
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", ann.id, 999)
    user_message_id = 2
    await ann.send_text("mine", wait=False)
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", ann.id, user_message_id)


async def test_edit_message_reply_markup(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sent = await bot.send_message(ann.id, "Pick", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(ann.id, sent.message_id, reply_markup=keyboard("a"))
    await bot.edit_message_reply_markup(ann.id, sent.message_id, reply_markup=keyboard("b"))
    assert ann.messages[0].button_texts == ["b"]
    await bot.edit_message_reply_markup(ann.id, sent.message_id)
    assert ann.messages[0].buttons == ()
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(ann.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)inline keyboard expected"):
        await bot.edit_message_reply_markup(
            ann.id,
            sent.message_id,
            reply_markup=ReplyKeyboardMarkup([["x"]]),  # type: ignore[arg-type]
        )


async def test_delete_message(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sent = await bot.send_message(ann.id, "temporary")
    assert await bot.delete_message(ann.id, sent.message_id)
    assert ann.messages == []
    assert ann.history[0].deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ann.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("back?", ann.id, sent.message_id)


async def test_answer_callback_query() -> None:
    async with (
        BotApiSandbox(token=TOKEN, callback_query_ttl=0.3) as sandbox,
        Bot(TOKEN, base_url=sandbox.base_url) as other_bot,
    ):
        ann = sandbox.user(1001)
        sent = await other_bot.send_message(ann.id, "Pick", reply_markup=keyboard("a"))
        await ann.press("a", wait=False)
        await ann.press(0, message=sent.message_id, wait=False)
        first, second = await other_bot.get_updates()
        assert first.callback_query is not None and second.callback_query is not None
        query = first.callback_query
        assert query.data == "a" and query.chat_instance
        assert query.message is not None and query.message.message_id == sent.message_id
        assert await other_bot.answer_callback_query(query.id, "Done", show_alert=True)
        assert ann.callback_answers[0].text == "Done" and ann.callback_answers[0].show_alert
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await other_bot.answer_callback_query(query.id)  # answered already
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await other_bot.answer_callback_query("12345")
        await asyncio.sleep(0.4)
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await other_bot.answer_callback_query(second.callback_query.id)


async def test_document_upload_and_download(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    payload = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    sent = await bot.send_document(
        ann.id, payload, filename="visit.ics", caption="<i>Your visit</i>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "visit.ics"
    assert sent.document.file_size == len(payload) and sent.caption == "Your visit"
    shown = ann.last_bot_message
    assert shown is not None and shown.document is not None and shown.text == "Your visit"
    assert shown.document.mime_type == "text/calendar"
    assert sandbox.file_bytes(shown.document.file_id) == payload
    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None and file.file_path.startswith(sandbox.base_file_url)
    assert bytes(await file.download_as_bytearray()) == payload
    again = await bot.send_document(ann.id, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(ann.id, "nope")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    async with httpx.AsyncClient() as client:
        missing = await client.get(f"{sandbox.base_file_url}{TOKEN}/documents/none.txt")
    assert missing.status_code == 404
    assert sandbox.calls_to("sendDocument")[0]["document"] == {"upload": "visit.ics", "size": 32}


async def test_photo_upload(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    sent = await bot.send_photo(ann.id, png_bytes(3, 2), caption="map")
    assert sent.photo and (sent.photo[-1].width, sent.photo[-1].height) == (3, 2)
    shown = ann.last_bot_message
    assert shown is not None and shown.photo is not None and shown.text == "map"
    resent = await bot.send_photo(ann.id, sent.photo[-1].file_id)
    assert resent.photo[-1].file_id == sent.photo[-1].file_id
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(ann.id, b"not an image")


async def test_reply_keyboards(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share phone", request_contact=True)], ["Cancel"]],
        one_time_keyboard=True,
        resize_keyboard=True,
        input_field_placeholder="Your phone",
    )
    sent = await bot.send_message(ann.id, "Phone?", reply_markup=markup)
    assert sent.reply_markup is None  # Telegram echoes inline keyboards only
    shown = ann.current_reply_keyboard
    assert shown is not None and shown.texts == ["Share phone", "Cancel"]
    assert shown.buttons[0][0].request_contact and shown.one_time
    assert shown.placeholder == "Your phone"
    await bot.send_message(ann.id, "Reply please", reply_markup=ForceReply())
    assert ann.current_reply_keyboard is not None
    await bot.send_message(ann.id, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert ann.current_reply_keyboard is None


async def test_reply_parameters(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    first = await bot.send_message(ann.id, "first")
    reply = await bot.send_message(
        ann.id, "answer", reply_parameters=ReplyParameters(first.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == first.message_id
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(ann.id, "answer", reply_parameters=ReplyParameters(77))
    ok = await bot.send_message(
        ann.id, "answer", reply_parameters=ReplyParameters(77, allow_sending_without_reply=True)
    )
    assert ok.reply_to_message is None


async def test_commands_per_scope(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001, language_code="de")
    bob = sandbox.user(2002, language_code="en")
    assert await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    assert await bot.set_my_commands(
        [BotCommand("book", "Termin buchen")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="de",
    )
    assert await bot.set_my_commands(
        [BotCommand("admin", "Admin")], scope=BotCommandScopeChat(bob.id)
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    scoped = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="de")
    assert [c.command for c in scoped] == ["book"]
    assert sandbox.commands() == [("start", "Start"), ("help", "Help")]
    assert sandbox.commands("all_private_chats", "de") == [("book", "Termin buchen")]
    assert sandbox.commands(bob.id) == [("admin", "Admin")]
    assert ann.commands == [("book", "Termin buchen")]
    assert bob.commands == [("admin", "Admin")]
    assert await bot.delete_my_commands(scope=BotCommandScopeChat(bob.id))
    assert bob.commands == [("start", "Start"), ("help", "Help")]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_chat_action_close_logout(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001)
    assert await bot.send_chat_action(ann.id, "typing")
    assert ann.chat_actions == ["typing"]
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(ann.id, "dancing")
    assert await bot.close()
    assert await bot.log_out()
